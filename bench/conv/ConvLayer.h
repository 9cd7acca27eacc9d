//===- ConvLayer.h - One benchmark layer and its reference -------*- C++ -*-===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//
//
// A quantized convolution layer as bench/conv/layers.py wrote it (the same
// numbers the quant-edge program holds), the reference convolution the
// outputs are checked against, and the count of useful MACs.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_BENCH_CONV_CONVLAYER_H
#define QEDGE_BENCH_CONV_CONVLAYER_H

#include <cstdint>
#include <string>
#include <vector>

namespace qedge_bench {

/// The requantization schemes of docs/QuantizationSpec.md, in the order
/// layers.py numbers them.
enum class Rounding { Gemmlowp = 0, Rndnu = 1, Fp32 = 2 };

const char *roundingName(Rounding rounding);

/// One NHWC convolution, batch 1, OHWI int8 weights quantized per output
/// channel (zero point 0), i32 bias at scale S_in * S_w[c], s8 output with
/// zero point 0. The input is described as u8 with zero point `inputZpU8`;
/// quant-edge's program takes it as s8 (value - 128) when `inputSigned`.
struct ConvLayer {
  std::string name;
  int64_t h = 0, w = 0, ic = 0, oc = 0, kh = 0, kw = 0;
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  int64_t groups = 1;
  int32_t inputZpU8 = 0;
  bool inputSigned = false;
  Rounding rounding = Rounding::Gemmlowp;
  double inputScale = 0, outputScale = 0;
  std::vector<double> weightScales; // [OC]
  std::vector<int32_t> bias;        // [OC]
  std::vector<int8_t> weights;      // [OC, KH, KW, IC / groups]

  int64_t oh() const { return (h + padTop + padBottom - kh) / strideH + 1; }
  int64_t ow() const { return (w + padLeft + padRight - kw) / strideW + 1; }
  int64_t icPerGroup() const { return ic / groups; }
  int64_t ocPerGroup() const { return oc / groups; }
  int64_t inputElements() const { return h * w * ic; }
  int64_t outputElements() const { return oh() * ow() * oc; }

  /// MACs that read an input element, not padding: exact.
  int64_t usefulMacs() const;
  /// Every MAC of the output, padding included: OH * OW * OC * KH * KW * ICg.
  int64_t allMacs() const { return oh() * ow() * oc * kh * kw * icPerGroup(); }
  /// "224x224x3->32 k3 s2 p1", "112x112x32 dw k3 p1".
  std::string shape() const;
};

/// Reads LAYER.params; on failure returns false and sets `error`.
bool readLayer(const std::string &path, const std::string &name,
               ConvLayer &layer, std::string &error);

/// How the reference sums the byte products of the input and the weights.
enum class PairSums {
  /// Exactly, in int64: the layer's convolution.
  exact,
  /// As AVX2 and AVX-512 without VNNI multiply u8 by s8 (`vpmaddubsw`): the
  /// raw u8 input (the zero point is subtracted afterwards, Σw per channel)
  /// times the weights, two adjacent input channels of a pixel at a time
  /// (channels 0 and 1, 2 and 3, ...), each pair's sum saturated to int16.
  /// Not a correct convolution: what a library whose kernels do that
  /// computes, so that its outputs can be told apart from a wrong result.
  saturatedU8S8,
};

/// The reference: a plain int64 loop convolution of the u8 input (padding
/// reads the zero point) plus the layer's requantization, written here from
/// docs/QuantizationSpec.md (gemmlowp's own fixedpoint.h for the gemmlowp
/// scheme), independent of quant-edge. Returns false and sets `error` when
/// an accumulator leaves int32 (the layers are chosen so that none does).
bool referenceConv(const ConvLayer &layer, const uint8_t *input,
                   int8_t *output, std::string &error,
                   PairSums pairSums = PairSums::exact);

} // namespace qedge_bench

#endif // QEDGE_BENCH_CONV_CONVLAYER_H
