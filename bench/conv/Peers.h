//===- Peers.h - The libraries quant-edge is measured against ----*- C++ -*-===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//
//
// Each peer prepares one layer once (weights reordered or packed into the
// library's layout, inputs converted to the library's signedness) outside the
// timing; `run` is then exactly one call of the library's convolution on one
// thread.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_BENCH_CONV_PEERS_H
#define QEDGE_BENCH_CONV_PEERS_H

#include "ConvLayer.h"

#include <memory>
#include <string>

namespace qedge_bench {

class Peer {
public:
  virtual ~Peer() = default;
  /// One convolution of the prepared input into `output()`.
  virtual void run() = 0;
  /// The s8 NHWC output (zero point 0) of the last `run`.
  virtual const int8_t *output() const = 0;
  /// What the library chose, e.g. oneDNN's implementation name.
  virtual std::string implementation() const = 0;
};

/// oneDNN 2.x: u8 source, s8 weights in the layout the primitive picks
/// (format_tag::any, reordered once), s32 bias, per-channel output scales,
/// s8 destination, NHWC; depthwise as groups. Null and `error` set when the
/// library rejects the layer.
std::unique_ptr<Peer> createOneDnn(const ConvLayer &layer, const uint8_t *input,
                                   std::string &error);

/// XNNPACK (2022): xnn_create_convolution2d_nhwc_qc8 (s8 activations, s8
/// per-channel weights), null thread pool.
std::unique_ptr<Peer> createXnnpack(const ConvLayer &layer,
                                    const uint8_t *input, std::string &error);

/// The version strings the libraries report.
std::string oneDnnVersion();

} // namespace qedge_bench

#endif // QEDGE_BENCH_CONV_PEERS_H
