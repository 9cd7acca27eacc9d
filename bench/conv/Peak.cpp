//===- Peak.cpp - The CPU's int8 multiply-accumulate peak -----------------===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "Peak.h"

#include <cpuid.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace qedge_bench {

//===----------------------------------------------------------------------===//
// CPU features
//===----------------------------------------------------------------------===//

CpuInfo detectCpu() {
  CpuInfo cpu;
  __builtin_cpu_init();
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  cpu.sse2 = __builtin_cpu_supports("sse2");
  cpu.ssse3 = __builtin_cpu_supports("ssse3");
  cpu.avx2 = __builtin_cpu_supports("avx2");
  cpu.fma = __builtin_cpu_supports("fma");
  cpu.bmi2 = __builtin_cpu_supports("bmi2");
  cpu.avx512f = __builtin_cpu_supports("avx512f");
  cpu.avx512bw = __builtin_cpu_supports("avx512bw");
  cpu.avx512dq = __builtin_cpu_supports("avx512dq");
  cpu.avx512vl = __builtin_cpu_supports("avx512vl");
  cpu.avx512vnni = __builtin_cpu_supports("avx512vnni");
  cpu.avxvnni = __builtin_cpu_supports("avxvnni");

  unsigned regs[12] = {};
  unsigned top = __get_cpuid_max(0x80000000, nullptr);
  if (top >= 0x80000004) {
    for (unsigned i = 0; i < 3; ++i)
      __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1],
                  &regs[4 * i + 2], &regs[4 * i + 3]);
    char brand[49] = {};
    std::memcpy(brand, regs, 48);
    cpu.brand = brand;
    cpu.brand.erase(0, cpu.brand.find_first_not_of(' '));
    cpu.brand.erase(cpu.brand.find_last_not_of(' ') + 1);
  }
  if (cpu.brand.empty())
    cpu.brand = "unknown x86-64 CPU";
  return cpu;
}

std::string CpuInfo::features() const {
  std::string s;
  auto add = [&](bool has, const char *name) {
    if (has)
      s += s.empty() ? name : std::string(" ") + name;
  };
  add(ssse3, "ssse3");
  add(avx2, "avx2");
  add(fma, "fma");
  add(bmi2, "bmi2");
  add(avx512f, "avx512f");
  add(avx512bw, "avx512bw");
  add(avx512dq, "avx512dq");
  add(avx512vl, "avx512vl");
  add(avx512vnni, "avx512vnni");
  add(avxvnni, "avxvnni");
  return s;
}

//===----------------------------------------------------------------------===//
// Kernels: one loop iteration = one instruction (or triple) per accumulator,
// all accumulators independent, operands in registers.
//===----------------------------------------------------------------------===//

namespace {
// u8 x s8 dot products into 16 zmm accumulators: 16 x 64 MACs per iteration.
#define QB_VNNI_Z(i) "vpdpbusd %%zmm31, %%zmm30, %%zmm" #i "\n\t"
__attribute__((target("avx512f,avx512bw,avx512vnni"), noinline)) void
vnniZmm(uint64_t iterations) {
  asm volatile(
      "vpternlogd $0xff, %%zmm30, %%zmm30, %%zmm30\n\t"
      "vpabsb %%zmm30, %%zmm31\n\t"
      "1:\n\t" QB_VNNI_Z(0) QB_VNNI_Z(1) QB_VNNI_Z(2) QB_VNNI_Z(3) QB_VNNI_Z(4)
          QB_VNNI_Z(5) QB_VNNI_Z(6) QB_VNNI_Z(7) QB_VNNI_Z(8) QB_VNNI_Z(9)
              QB_VNNI_Z(10) QB_VNNI_Z(11) QB_VNNI_Z(12) QB_VNNI_Z(13)
                  QB_VNNI_Z(14) QB_VNNI_Z(15) "dec %0\n\t"
                                              "jnz 1b\n\t"
      : "+r"(iterations)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
        "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm30",
        "xmm31", "cc");
}
#undef QB_VNNI_Z

// The VEX encoding on ymm (AVX-VNNI): 12 x 32 MACs per iteration.
#define QB_VNNI_Y(i) "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm" #i "\n\t"
__attribute__((target("avx2,avxvnni"), noinline)) void
avxVnniYmm(uint64_t iterations) {
  asm volatile("vpcmpeqb %%ymm14, %%ymm14, %%ymm14\n\t"
               "vpabsb %%ymm14, %%ymm15\n\t"
               "1:\n\t" QB_VNNI_Y(0) QB_VNNI_Y(1) QB_VNNI_Y(2) QB_VNNI_Y(3)
                   QB_VNNI_Y(4) QB_VNNI_Y(5) QB_VNNI_Y(6) QB_VNNI_Y(7)
                       QB_VNNI_Y(8) QB_VNNI_Y(9) QB_VNNI_Y(10) QB_VNNI_Y(11)
               "dec %0\n\t"
               "jnz 1b\n\t"
               : "+r"(iterations)
               :
               : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                 "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm14", "xmm15",
                 "cc");
}
#undef QB_VNNI_Y

// u8 x s8 pairs to s16 (vpmaddubsw), pairs of s16 to s32 (vpmaddwd by ones),
// added into the accumulator; the temporary is renamed per triple.
#define QB_MADD_Z(i)                                                           \
  "vpmaddubsw %%zmm31, %%zmm30, %%zmm16\n\t"                                   \
  "vpmaddwd %%zmm29, %%zmm16, %%zmm16\n\t"                                     \
  "vpaddd %%zmm16, %%zmm" #i ", %%zmm" #i "\n\t"
__attribute__((target("avx512f,avx512bw"), noinline)) void
avx512bwZmm(uint64_t iterations) {
  asm volatile(
      "vpternlogd $0xff, %%zmm30, %%zmm30, %%zmm30\n\t"
      "vpabsb %%zmm30, %%zmm31\n\t"
      "vpsrlw $15, %%zmm30, %%zmm29\n\t"
      "1:\n\t" QB_MADD_Z(0) QB_MADD_Z(1) QB_MADD_Z(2) QB_MADD_Z(3) QB_MADD_Z(4)
          QB_MADD_Z(5) QB_MADD_Z(6) QB_MADD_Z(7) QB_MADD_Z(8) QB_MADD_Z(9)
              QB_MADD_Z(10) QB_MADD_Z(11) QB_MADD_Z(12) QB_MADD_Z(13)
                  QB_MADD_Z(14) QB_MADD_Z(15) "dec %0\n\t"
                                              "jnz 1b\n\t"
      : "+r"(iterations)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
        "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16",
        "xmm29", "xmm30", "xmm31", "cc");
}
#undef QB_MADD_Z

// The same on ymm with the 16 AVX2 registers: 12 accumulators, one
// temporary, three constants.
#define QB_MADD_Y(i)                                                           \
  "vpmaddubsw %%ymm15, %%ymm14, %%ymm12\n\t"                                   \
  "vpmaddwd %%ymm13, %%ymm12, %%ymm12\n\t"                                     \
  "vpaddd %%ymm12, %%ymm" #i ", %%ymm" #i "\n\t"
__attribute__((target("avx2"), noinline)) void avx2Ymm(uint64_t iterations) {
  asm volatile("vpcmpeqb %%ymm14, %%ymm14, %%ymm14\n\t"
               "vpabsb %%ymm14, %%ymm15\n\t"
               "vpsrlw $15, %%ymm14, %%ymm13\n\t"
               "1:\n\t" QB_MADD_Y(0) QB_MADD_Y(1) QB_MADD_Y(2) QB_MADD_Y(3)
                   QB_MADD_Y(4) QB_MADD_Y(5) QB_MADD_Y(6) QB_MADD_Y(7)
                       QB_MADD_Y(8) QB_MADD_Y(9) QB_MADD_Y(10) QB_MADD_Y(11)
               "dec %0\n\t"
               "jnz 1b\n\t"
               : "+r"(iterations)
               :
               : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                 "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                 "xmm14", "xmm15", "cc");
}
#undef QB_MADD_Y

// The exact int16 route of AVX2 kernels that cannot prove vpmaddubsw free of
// saturation: s16 pairs to s32 (vpmaddwd), added into the accumulator. Half
// the MACs of vpmaddubsw per multiply, so it bounds what such a kernel can
// reach against the peak above.
#define QB_MADDWD_Y(i)                                                         \
  "vpmaddwd %%ymm15, %%ymm14, %%ymm12\n\t"                                     \
  "vpaddd %%ymm12, %%ymm" #i ", %%ymm" #i "\n\t"
__attribute__((target("avx2"), noinline)) void
avx2Int16Ymm(uint64_t iterations) {
  asm volatile("vpcmpeqb %%ymm14, %%ymm14, %%ymm14\n\t"
               "vpabsb %%ymm14, %%ymm15\n\t"
               "1:\n\t" QB_MADDWD_Y(0) QB_MADDWD_Y(1) QB_MADDWD_Y(2)
                   QB_MADDWD_Y(3) QB_MADDWD_Y(4) QB_MADDWD_Y(5) QB_MADDWD_Y(6)
                       QB_MADDWD_Y(7) QB_MADDWD_Y(8) QB_MADDWD_Y(9)
                           QB_MADDWD_Y(10) QB_MADDWD_Y(11)
               "dec %0\n\t"
               "jnz 1b\n\t"
               : "+r"(iterations)
               :
               : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                 "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm14",
                 "xmm15", "cc");
}
#undef QB_MADDWD_Y

// SSSE3 (legacy encoding, two-operand): 12 x 16 MACs per iteration.
#define QB_MADD_X(i)                                                           \
  "movdqa %%xmm14, %%xmm12\n\t"                                                \
  "pmaddubsw %%xmm15, %%xmm12\n\t"                                             \
  "pmaddwd %%xmm13, %%xmm12\n\t"                                               \
  "paddd %%xmm12, %%xmm" #i "\n\t"
__attribute__((target("ssse3"), noinline)) void ssse3Xmm(uint64_t iterations) {
  asm volatile("pcmpeqb %%xmm14, %%xmm14\n\t"
               "pabsb %%xmm14, %%xmm15\n\t"
               "movdqa %%xmm14, %%xmm13\n\t"
               "psrlw $15, %%xmm13\n\t"
               "1:\n\t" QB_MADD_X(0) QB_MADD_X(1) QB_MADD_X(2) QB_MADD_X(3)
                   QB_MADD_X(4) QB_MADD_X(5) QB_MADD_X(6) QB_MADD_X(7)
                       QB_MADD_X(8) QB_MADD_X(9) QB_MADD_X(10) QB_MADD_X(11)
               "dec %0\n\t"
               "jnz 1b\n\t"
               : "+r"(iterations)
               :
               : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                 "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                 "xmm14", "xmm15", "cc");
}
#undef QB_MADD_X

struct Kernel {
  const char *name;
  int accumulators;
  double macsPerIteration;
  void (*run)(uint64_t);
  bool supported;
};

double secondsOf(void (*run)(uint64_t), uint64_t iterations) {
  auto start = std::chrono::steady_clock::now();
  run(iterations);
  auto end = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(end - start).count();
}
} // namespace

std::vector<PeakResult> measurePeaks(const CpuInfo &cpu, double millis,
                                     int repeats) {
  const Kernel kernels[] = {
      {"vpdpbusd zmm (AVX512-VNNI)", 16, 16 * 64, vnniZmm,
       cpu.avx512f && cpu.avx512bw && cpu.avx512vnni},
      {"vpdpbusd ymm (AVX-VNNI)", 12, 12 * 32, avxVnniYmm,
       cpu.avx2 && cpu.avxvnni},
      {"vpmaddubsw+vpmaddwd+vpaddd zmm (AVX512BW)", 16, 16 * 64, avx512bwZmm,
       cpu.avx512f && cpu.avx512bw},
      {"vpmaddubsw+vpmaddwd+vpaddd ymm (AVX2)", 12, 12 * 32, avx2Ymm, cpu.avx2},
      {"vpmaddwd+vpaddd ymm (AVX2, exact int16)", 12, 12 * 16, avx2Int16Ymm,
       cpu.avx2},
      {"pmaddubsw+pmaddwd+paddd xmm (SSSE3)", 12, 12 * 16, ssse3Xmm,
       cpu.ssse3 && !cpu.avx2},
  };
  std::vector<PeakResult> results;
  for (const Kernel &k : kernels) {
    if (!k.supported)
      continue;
    // Calibrate the iteration count to about `millis` ms.
    uint64_t iterations = 1 << 12;
    double seconds = secondsOf(k.run, iterations);
    while (seconds < 1e-3) {
      iterations *= 4;
      seconds = secondsOf(k.run, iterations);
    }
    iterations = std::max<uint64_t>(
        1, static_cast<uint64_t>(iterations * (millis * 1e-3) / seconds));
    double best = 0;
    for (int r = 0; r < std::max(repeats, 1); ++r)
      best = std::max(best, k.macsPerIteration * iterations /
                                secondsOf(k.run, iterations));
    results.push_back({k.name, k.accumulators, best * 1e-9});
  }
  std::sort(results.begin(), results.end(),
                   [](const PeakResult &a, const PeakResult &b) {
                     return a.gmacs > b.gmacs;
                   });
  return results;
}

} // namespace qedge_bench
