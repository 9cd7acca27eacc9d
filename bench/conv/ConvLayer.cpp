//===- ConvLayer.cpp - One benchmark layer and its reference --------------===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "ConvLayer.h"

#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>

namespace qedge_bench {

const char *roundingName(Rounding rounding) {
  switch (rounding) {
  case Rounding::Gemmlowp:
    return "gemmlowp";
  case Rounding::Rndnu:
    return "rndnu";
  case Rounding::Fp32:
    return "fp32";
  }
  return "?";
}

//===----------------------------------------------------------------------===//
// Geometry
//===----------------------------------------------------------------------===//

/// The number of kernel taps along one axis that land inside the input, summed
/// over the output positions of that axis.
static int64_t validTaps(int64_t in, int64_t out, int64_t kernel,
                         int64_t stride, int64_t padBefore) {
  int64_t taps = 0;
  for (int64_t o = 0; o < out; ++o)
    for (int64_t k = 0; k < kernel; ++k) {
      int64_t i = o * stride - padBefore + k;
      taps += i >= 0 && i < in;
    }
  return taps;
}

int64_t ConvLayer::usefulMacs() const {
  // A tap is inside the input exactly when both of its coordinates are, so
  // the 2-D count is the product of the 1-D counts.
  return validTaps(h, oh(), kh, strideH, padTop) *
         validTaps(w, ow(), kw, strideW, padLeft) * oc * icPerGroup();
}

std::string ConvLayer::shape() const {
  std::string s = std::to_string(h) + "x" + std::to_string(w) + "x" +
                  std::to_string(ic);
  if (groups == ic && oc == ic && groups > 1)
    s += " dw";
  else
    s += "->" + std::to_string(oc);
  s += " k" + std::to_string(kh);
  if (strideH != 1)
    s += " s" + std::to_string(strideH);
  if (padTop)
    s += " p" + std::to_string(padTop);
  if (groups > 1 && groups != ic)
    s += " g" + std::to_string(groups);
  return s;
}

//===----------------------------------------------------------------------===//
// The parameter file (bench/conv/layers.py, params_bytes)
//===----------------------------------------------------------------------===//

static constexpr char kMagic[] = "QEBCONV1";
static constexpr int kFields = 16;

template <typename T>
static bool readArray(std::ifstream &in, std::vector<T> &values, size_t n) {
  values.resize(n);
  in.read(reinterpret_cast<char *>(values.data()),
          static_cast<std::streamsize>(n * sizeof(T)));
  return static_cast<bool>(in);
}

bool readLayer(const std::string &path, const std::string &name,
               ConvLayer &layer, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  char magic[8];
  int64_t f[kFields];
  double scales[2];
  in.read(magic, sizeof(magic));
  in.read(reinterpret_cast<char *>(f), sizeof(f));
  in.read(reinterpret_cast<char *>(scales), sizeof(scales));
  if (!in || std::memcmp(magic, kMagic, sizeof(magic)) != 0) {
    error = path + ": not a layer parameter file (bench/conv/layers.py)";
    return false;
  }
  layer.name = name;
  layer.h = f[0], layer.w = f[1], layer.ic = f[2], layer.oc = f[3];
  layer.kh = f[4], layer.kw = f[5], layer.strideH = f[6], layer.strideW = f[7];
  layer.padTop = f[8], layer.padBottom = f[9];
  layer.padLeft = f[10], layer.padRight = f[11];
  layer.groups = f[12];
  layer.inputZpU8 = static_cast<int32_t>(f[13]);
  layer.inputSigned = f[14] != 0;
  if (f[15] < 0 || f[15] > 2) {
    error = path + ": unknown rounding code " + std::to_string(f[15]);
    return false;
  }
  layer.rounding = static_cast<Rounding>(f[15]);
  layer.inputScale = scales[0];
  layer.outputScale = scales[1];
  if (layer.groups <= 0 || layer.ic % layer.groups || layer.oc % layer.groups ||
      layer.oh() <= 0 || layer.ow() <= 0) {
    error = path + ": inconsistent geometry";
    return false;
  }
  size_t oc = static_cast<size_t>(layer.oc);
  size_t nw = oc * layer.kh * layer.kw * layer.icPerGroup();
  if (!readArray(in, layer.weightScales, oc) ||
      !readArray(in, layer.bias, oc) || !readArray(in, layer.weights, nw)) {
    error = path + ": truncated";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Requantization (docs/QuantizationSpec.md, written out independently)
//===----------------------------------------------------------------------===//

namespace {
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();

/// TFLite's QuantizeMultiplier (frexp, round half away from zero,
/// renormalised at 2^31), with the spec's flush below 2^-32 and saturation
/// above 2^30.
struct Q31 {
  int32_t m0 = 0;
  int shift = 0; // positive: left shift
};

Q31 quantizeMultiplier(double m) {
  if (m == 0)
    return {};
  int e = 0;
  double q = std::frexp(m, &e);
  int64_t m0 = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  if (m0 == (1LL << 31)) {
    m0 /= 2;
    ++e;
  }
  if (e < -31)
    return {};
  if (e > 30)
    return {static_cast<int32_t>(kI32Max), 30};
  return {static_cast<int32_t>(m0), e};
}

int32_t saturate32(int64_t v) {
  return static_cast<int32_t>(std::clamp(v, kI32Min, kI32Max));
}

/// gemmlowp: RoundingDivideByPOT(SRDHM(x * 2^max(e, 0), M0), max(-e, 0)),
/// with gemmlowp's own functions; the left shift saturates.
int32_t multiplyGemmlowp(int32_t acc, Q31 q) {
  int left = std::max(q.shift, 0), right = std::max(-q.shift, 0);
  int32_t shifted = saturate32(static_cast<int64_t>(acc) * (int64_t(1) << left));
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(shifted, q.m0), right);
}

/// rndnu: (x * M0 + 2^(30 - e)) >> (31 - e) in 64 bits, saturated.
int32_t multiplyRndnu(int32_t acc, Q31 q) {
  int shift = 31 - q.shift; // [1, 62]
  int64_t product = static_cast<int64_t>(acc) * q.m0;
  return saturate32((product + (int64_t(1) << (shift - 1))) >> shift);
}
} // namespace

bool referenceConv(const ConvLayer &layer, const uint8_t *input,
                   int8_t *output, std::string &error, PairSums pairSums) {
  const int64_t oh = layer.oh(), ow = layer.ow();
  const int64_t icg = layer.icPerGroup(), ocg = layer.ocPerGroup();
  const int32_t qmin = -128, qmax = 127, zy = 0;

  // Multipliers: M = fl64(fl64(S_in * S_w[c]) / S_out) for the integer
  // schemes, fl32(fl32(fl32(S_in) * fl32(S_w[c])) / fl32(S_out)) for fp32.
  std::vector<Q31> q31(layer.oc);
  std::vector<float> mf(layer.oc);
  for (int64_t c = 0; c < layer.oc; ++c) {
    q31[c] = quantizeMultiplier(layer.inputScale * layer.weightScales[c] /
                                layer.outputScale);
    float p = static_cast<float>(layer.inputScale) *
              static_cast<float>(layer.weightScales[c]);
    mf[c] = p / static_cast<float>(layer.outputScale);
  }

  for (int64_t y = 0; y < oh; ++y)
    for (int64_t x = 0; x < ow; ++x)
      for (int64_t c = 0; c < layer.oc; ++c) {
        const int64_t g = c / ocg;
        int64_t acc = layer.bias[c];
        for (int64_t ky = 0; ky < layer.kh; ++ky) {
          const int64_t iy = y * layer.strideH - layer.padTop + ky;
          if (iy < 0 || iy >= layer.h)
            continue; // padding: (Zx - Zx) * w = 0
          for (int64_t kx = 0; kx < layer.kw; ++kx) {
            const int64_t ix = x * layer.strideW - layer.padLeft + kx;
            if (ix < 0 || ix >= layer.w)
              continue;
            const uint8_t *in = input + (iy * layer.w + ix) * layer.ic + g * icg;
            const int8_t *wt =
                layer.weights.data() + ((c * layer.kh + ky) * layer.kw + kx) * icg;
            if (pairSums == PairSums::exact) {
              for (int64_t i = 0; i < icg; ++i)
                acc += (static_cast<int64_t>(in[i]) - layer.inputZpU8) * wt[i];
              continue;
            }
            for (int64_t i = 0; i < icg; i += 2) {
              int64_t pair = int64_t(in[i]) * wt[i];
              if (i + 1 < icg)
                pair += int64_t(in[i + 1]) * wt[i + 1];
              acc += std::clamp<int64_t>(pair, INT16_MIN, INT16_MAX);
            }
            for (int64_t i = 0; i < icg; ++i)
              acc -= int64_t(layer.inputZpU8) * wt[i];
          }
        }
        if (acc < kI32Min || acc > kI32Max) {
          error = layer.name + ": accumulator leaves int32";
          return false;
        }
        int32_t result;
        switch (layer.rounding) {
        case Rounding::Gemmlowp:
          result = std::clamp<int64_t>(
              int64_t(multiplyGemmlowp(static_cast<int32_t>(acc), q31[c])) + zy,
              qmin, qmax);
          break;
        case Rounding::Rndnu:
          result = std::clamp<int64_t>(
              int64_t(multiplyRndnu(static_cast<int32_t>(acc), q31[c])) + zy,
              qmin, qmax);
          break;
        case Rounding::Fp32: {
          float f = static_cast<float>(static_cast<int32_t>(acc)) * mf[c];
          f = std::min(std::max(f, float(qmin - zy)), float(qmax - zy));
          result = static_cast<int32_t>(std::nearbyint(f)) + zy;
          break;
        }
        }
        output[(y * ow + x) * layer.oc + c] = static_cast<int8_t>(result);
      }
  return true;
}

} // namespace qedge_bench
