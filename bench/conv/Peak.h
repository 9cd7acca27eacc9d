//===- Peak.h - The CPU's int8 multiply-accumulate peak ----------*- C++ -*-===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//
//
// Loops of independent int8 dot-product instructions (no loads, at least 12
// accumulators) timed on the CPU the benchmark runs on: AVX-512 VNNI
// `vpdpbusd zmm`, AVX-VNNI `vpdpbusd ymm`, AVX-512BW and AVX2
// `vpmaddubsw` + `vpmaddwd` + `vpaddd`, and SSSE3 as the last fallback. Only
// the kernels the CPU (and the OS) supports run.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_BENCH_CONV_PEAK_H
#define QEDGE_BENCH_CONV_PEAK_H

#include <string>
#include <vector>

namespace qedge_bench {

struct CpuInfo {
  std::string brand;
  bool sse2 = false, ssse3 = false, avx2 = false, fma = false, bmi2 = false;
  bool avx512f = false, avx512bw = false, avx512dq = false, avx512vl = false;
  bool avx512vnni = false, avxvnni = false;
  /// "avx2 fma bmi2 avx512f ...": the features this file looks at.
  std::string features() const;
};

CpuInfo detectCpu();

struct PeakResult {
  std::string kernel;       // "vpdpbusd zmm (AVX512-VNNI)"
  int accumulators = 0;
  double gmacs = 0;         // best of the repeats, 10^9 MAC/s
};

/// Runs every kernel the CPU supports for about `millis` ms each (best of
/// `repeats`), fastest first.
std::vector<PeakResult> measurePeaks(const CpuInfo &cpu, double millis,
                                     int repeats);

} // namespace qedge_bench

#endif // QEDGE_BENCH_CONV_PEAK_H
