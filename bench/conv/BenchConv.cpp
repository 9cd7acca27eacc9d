//===- BenchConv.cpp - quant-edge vs oneDNN vs XNNPACK int8 convolution ---===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//
//
// The driver of bench/conv/run.sh. Links the objects qedge-compile made of
// the layers (layers.inc lists them), prepares oneDNN and XNNPACK for the same
// layers, checks every output against the reference convolution (quant-edge
// bit-exact, the peers within +-1), measures the CPU's int8 peak, then times
// the three libraries in interleaved rounds on one thread and prints the
// median per layer; writes results.csv and samples.csv.
//
//===----------------------------------------------------------------------===//

#include "ConvLayer.h"
#include "Peak.h"
#include "Peers.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace qedge_bench;

//===----------------------------------------------------------------------===//
// The compiled layers
//===----------------------------------------------------------------------===//

namespace {
using QEdgeFn = void (*)(const int8_t *, int8_t *);

struct CompiledLayer {
  const char *name;
  QEdgeFn fn;
  long inputElements, outputElements;
};

std::vector<CompiledLayer> &compiledLayers() {
  static std::vector<CompiledLayer> layers;
  return layers;
}

struct Register {
  Register(const char *name, QEdgeFn fn, long in, long out) {
    compiledLayers().push_back({name, fn, in, out});
  }
};
} // namespace

// Each entry includes the layer's generated header, then registers its
// function (the header's declaration checks the signature).
#define QEDGE_LAYER(NAME, FN, IN, OUT)                                         \
  static Register register##NAME(#NAME, FN, IN, OUT);
#include "layers.inc"
#undef QEDGE_LAYER

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

namespace {
struct Options {
  std::string dir = ".";
  std::string outDir;
  std::vector<std::string> layers; // empty: every compiled layer
  std::string target = "host";
  int rounds = 15;
  double minSampleMs = 10.0;
  double peakMs = 20.0;
  unsigned seed = 1;
};

[[noreturn]] void usage(const char *argv0, int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: %s --dir DIR [--out DIR] [--layers L1,L2] [--rounds N]\n"
               "          [--target NAME] [--min-sample-ms MS] [--peak-ms MS]\n"
               "          [--seed N]\n"
               "Run by bench/conv/run.sh, which generates and compiles the "
               "layers into DIR.\n",
               argv0);
  std::exit(code);
}

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos)
      end = text.size();
    if (end > start)
      parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

Options parseOptions(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      size_t eq = arg.find('=');
      if (eq != std::string::npos)
        return arg.substr(eq + 1);
      if (i + 1 >= argc)
        usage(argv[0], 2);
      return argv[++i];
    };
    auto is = [&](const char *name) {
      return arg == name || arg.rfind(std::string(name) + "=", 0) == 0;
    };
    if (arg == "-h" || arg == "--help")
      usage(argv[0], 0);
    else if (is("--dir"))
      o.dir = value();
    else if (is("--out"))
      o.outDir = value();
    else if (is("--layers"))
      o.layers = splitList(value());
    else if (is("--target"))
      o.target = value();
    else if (is("--rounds"))
      o.rounds = std::atoi(value().c_str());
    else if (is("--min-sample-ms"))
      o.minSampleMs = std::atof(value().c_str());
    else if (is("--peak-ms"))
      o.peakMs = std::atof(value().c_str());
    else if (is("--seed"))
      o.seed = static_cast<unsigned>(std::atoi(value().c_str()));
    else {
      std::fprintf(stderr, "bench-conv: unknown option '%s'\n", arg.c_str());
      usage(argv[0], 2);
    }
  }
  if (o.rounds < 1) {
    std::fprintf(stderr, "bench-conv: --rounds must be at least 1\n");
    std::exit(2);
  }
  return o;
}

/// The CPU features code generated for `target` may use; empty when the
/// host runs it. Names follow qedge-compile --target.
std::string missingFeatures(const std::string &target, const CpuInfo &cpu) {
  std::string missing;
  auto need = [&](bool has, const char *name) {
    if (!has)
      missing += missing.empty() ? name : std::string(" ") + name;
  };
  if (target == "host" || target == "x86-64")
    return missing;
  if (target == "x86-64-v3" || target.rfind("x86-64-v4", 0) == 0) {
    need(cpu.avx2, "avx2");
    need(cpu.fma, "fma");
    need(cpu.bmi2, "bmi2");
  }
  if (target.rfind("x86-64-v4", 0) == 0) {
    need(cpu.avx512f, "avx512f");
    need(cpu.avx512bw, "avx512bw");
    need(cpu.avx512dq, "avx512dq");
    need(cpu.avx512vl, "avx512vl");
  }
  if (target == "x86-64-v4+vnni")
    need(cpu.avx512vnni, "avx512vnni");
  return missing;
}

//===----------------------------------------------------------------------===//
// Timing and checking
//===----------------------------------------------------------------------===//

double nowSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Check {
  long mismatches = 0; // elements beyond the tolerance
  long offByOne = 0;   // elements that differ by exactly 1
  int maxDiff = 0;
  bool ok(int tolerance) const { return maxDiff <= tolerance; }
};

Check compare(const int8_t *got, const int8_t *want, long n, int tolerance) {
  Check c;
  for (long i = 0; i < n; ++i) {
    int d = std::abs(int(got[i]) - int(want[i]));
    c.maxDiff = std::max(c.maxDiff, d);
    c.offByOne += d == 1;
    c.mismatches += d > tolerance;
  }
  return c;
}

/// One library on one layer.
struct Contender {
  std::string library; // "quant-edge", "oneDNN", "XNNPACK"
  std::string impl;
  int tolerance = 0;
  std::function<void()> run;
  std::function<const int8_t *()> output;
  int inner = 1; // calls per sample
  std::vector<double> samples;
  Check first, last;
  /// A peer off the reference that agrees, within its tolerance, with the
  /// reference whose u8 x s8 pair sums saturate to int16 (vpmaddubsw): its
  /// kernels are not exact on this CPU, which is a property of the library.
  bool saturatesPairs = false;
  double medianMs() const { return median(samples) * 1e3; }
  bool ok() const { return first.ok(tolerance) && last.ok(tolerance); }
  /// exact, within1 (off by one somewhere), saturated or FAIL.
  const char *verdict() const {
    if (ok())
      return tolerance && std::max(first.maxDiff, last.maxDiff) ? "within1"
                                                                 : "exact";
    return saturatesPairs ? "saturated" : "FAIL";
  }
};

struct LayerRun {
  ConvLayer layer;
  std::vector<uint8_t> input;     // u8 values, zero point layer.inputZpU8
  std::vector<int8_t> qedgeInput; // as quant-edge's program takes it
  std::vector<int8_t> qedgeOutput, reference;
  std::vector<std::unique_ptr<Peer>> peers;
  std::vector<Contender> contenders;
};

/// Keeps, per kernel, the better of two measurements; fastest first.
void mergePeaks(std::vector<PeakResult> &peaks,
                const std::vector<PeakResult> &again) {
  for (const PeakResult &a : again)
    for (PeakResult &p : peaks)
      if (p.kernel == a.kernel)
        p.gmacs = std::max(p.gmacs, a.gmacs);
  std::sort(peaks.begin(), peaks.end(),
            [](const PeakResult &a, const PeakResult &b) { return a.gmacs > b.gmacs; });
}

/// The peak of the instructions the quant-edge target multiplies with: the
/// AVX2 sequence for x86-64-v3, AVX-512BW's for x86-64-v4 (neither has
/// VNNI), else the fastest the CPU has (`host` takes VNNI where it exists).
const PeakResult &getTargetPeak(const std::vector<PeakResult> &peaks,
                                const std::string &target) {
  const char *kernel = target == "x86-64-v3"   ? "(AVX2)"
                       : target == "x86-64-v4" ? "(AVX512BW)"
                       : target == "x86-64"    ? "(SSSE3)"
                                               : nullptr;
  if (kernel)
    for (const PeakResult &p : peaks)
      if (p.kernel.find(kernel) != std::string::npos)
        return p;
  return peaks.front();
}

std::string fmtMs(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), ms >= 100 ? "%.1f" : ms >= 1 ? "%.3f" : "%.4f",
                ms);
  return buf;
}

std::string csvEscape(const std::string &s) {
  if (s.find_first_of(",\"\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
} // namespace

//===----------------------------------------------------------------------===//
// main
//===----------------------------------------------------------------------===//

int main(int argc, char **argv) {
  // oneDNN in Debian runs on GNU OpenMP, which reads OMP_NUM_THREADS once
  // when it loads: set it and start again so that every library runs on one
  // thread (XNNPACK gets no thread pool; quant-edge's code is serial).
  if (const char *threads = std::getenv("OMP_NUM_THREADS");
      !threads || std::strcmp(threads, "1") != 0) {
    setenv("OMP_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);
    std::perror("bench-conv: re-exec with OMP_NUM_THREADS=1");
    return 1;
  }
  Options opts = parseOptions(argc, argv);

  CpuInfo cpu = detectCpu();
  std::printf("CPU: %s\nfeatures: %s\n", cpu.brand.c_str(),
              cpu.features().c_str());
  if (std::string missing = missingFeatures(opts.target, cpu); !missing.empty()) {
    std::fprintf(stderr,
                 "bench-conv: quant-edge target '%s' needs %s, which this CPU "
                 "lacks\n",
                 opts.target.c_str(), missing.c_str());
    return 2;
  }
  if (!cpu.avx512vnni)
    std::printf("note: no AVX512-VNNI%s: the int8 peak falls back to %s\n",
                cpu.avxvnni ? "" : " nor AVX-VNNI",
                cpu.avx512bw ? "AVX-512BW vpmaddubsw"
                : cpu.avx2   ? "AVX2 vpmaddubsw"
                             : "SSSE3 pmaddubsw");
  std::printf("oneDNN %s, XNNPACK (null thread pool), OMP_NUM_THREADS=%s\n",
              oneDnnVersion().c_str(), std::getenv("OMP_NUM_THREADS"));

  // The peak, on the CPU this runs on.
  std::vector<PeakResult> peaks = measurePeaks(cpu, opts.peakMs, 5);
  if (peaks.empty()) {
    std::fprintf(stderr, "bench-conv: no int8 SIMD kernel runs on this CPU\n");
    return 2;
  }
  std::printf("\nint8 peak, one core (independent accumulators, registers "
              "only):\n");
  for (const PeakResult &p : peaks)
    std::printf("  %-44s %2d acc  %8.1f GMAC/s  %8.1f GOPS\n", p.kernel.c_str(),
                p.accumulators, p.gmacs, 2 * p.gmacs);

  // The layers.
  std::vector<CompiledLayer> selected;
  if (opts.layers.empty()) {
    selected = compiledLayers();
  } else {
    for (const std::string &name : opts.layers) {
      auto it = std::find_if(compiledLayers().begin(), compiledLayers().end(),
                             [&](const CompiledLayer &c) { return name == c.name; });
      if (it == compiledLayers().end()) {
        std::fprintf(stderr, "bench-conv: layer '%s' was not compiled\n",
                     name.c_str());
        return 2;
      }
      selected.push_back(*it);
    }
  }
  std::sort(selected.begin(), selected.end(),
            [](const CompiledLayer &a, const CompiledLayer &b) {
              return std::strlen(a.name) != std::strlen(b.name)
                         ? std::strlen(a.name) < std::strlen(b.name)
                         : std::strcmp(a.name, b.name) < 0;
            });

  std::mt19937 rng(opts.seed);
  std::vector<std::unique_ptr<LayerRun>> runs;
  bool allOk = true;
  std::map<std::string, std::string> errors;
  for (const CompiledLayer &c : selected) {
    auto r = std::make_unique<LayerRun>();
    std::string error;
    if (!readLayer(opts.dir + "/" + c.name + ".params", c.name, r->layer,
                   error)) {
      std::fprintf(stderr, "bench-conv: %s\n", error.c_str());
      return 2;
    }
    const ConvLayer &L = r->layer;
    if (L.inputElements() != c.inputElements ||
        L.outputElements() != c.outputElements) {
      std::fprintf(stderr, "bench-conv: %s: the compiled function's shapes "
                           "differ from the parameter file\n", c.name);
      return 2;
    }
    std::uniform_int_distribution<int> byte(0, 255);
    r->input.resize(L.inputElements());
    for (uint8_t &v : r->input)
      v = static_cast<uint8_t>(byte(rng));
    r->qedgeInput.resize(L.inputElements());
    for (size_t i = 0; i < r->input.size(); ++i)
      r->qedgeInput[i] = static_cast<int8_t>(L.inputSigned ? r->input[i] - 128
                                                           : r->input[i]);
    r->reference.resize(L.outputElements());
    if (!referenceConv(L, r->input.data(), r->reference.data(), error)) {
      std::fprintf(stderr, "bench-conv: %s\n", error.c_str());
      return 2;
    }
    r->qedgeOutput.assign(L.outputElements(), 0);

    Contender qe;
    qe.library = "quant-edge";
    qe.impl = opts.target + ", " + roundingName(L.rounding) +
              (L.inputSigned ? ", s8 input" : ", u8 input");
    qe.tolerance = 0;
    LayerRun *raw = r.get();
    QEdgeFn fn = c.fn;
    qe.run = [raw, fn] { fn(raw->qedgeInput.data(), raw->qedgeOutput.data()); };
    qe.output = [raw] { return raw->qedgeOutput.data(); };
    r->contenders.push_back(std::move(qe));

    using Factory = std::unique_ptr<Peer> (*)(const ConvLayer &, const uint8_t *,
                                              std::string &);
    const std::pair<const char *, Factory> factories[] = {
        {"oneDNN", createOneDnn}, {"XNNPACK", createXnnpack}};
    for (auto [name, create] : factories) {
      std::unique_ptr<Peer> peer = create(L, r->input.data(), error);
      if (!peer) {
        std::fprintf(stderr, "bench-conv: %s: %s\n", c.name, error.c_str());
        errors[std::string(c.name) + " " + name] = error;
        allOk = false;
        continue;
      }
      Peer *p = peer.get();
      Contender k;
      k.library = name;
      k.impl = p->implementation();
      k.tolerance = 1;
      k.run = [p] { p->run(); };
      k.output = [p] { return p->output(); };
      r->contenders.push_back(std::move(k));
      r->peers.push_back(std::move(peer));
    }
    runs.push_back(std::move(r));
  }

  // Warm up, check, and choose the calls per sample (at least
  // --min-sample-ms per sample, so that short layers are not timer noise).
  for (auto &r : runs)
    for (Contender &k : r->contenders) {
      double t0 = nowSeconds();
      k.run();
      double t = nowSeconds() - t0;
      k.first = compare(k.output(), r->reference.data(),
                        r->layer.outputElements(), k.tolerance);
      k.run(); // a second warm call, caches and page faults settled
      t0 = nowSeconds();
      k.run();
      t = std::min(t, nowSeconds() - t0);
      k.inner = std::clamp(
          static_cast<int>(std::ceil(opts.minSampleMs * 1e-3 / std::max(t, 1e-9))),
          1, 10000);
    }

  // Interleaved rounds: every layer, every library, once per round.
  std::printf("\n%d rounds, %zu layers, one thread, batch 1, NHWC", opts.rounds,
              runs.size());
  std::fflush(stdout);
  for (int round = 0; round < opts.rounds; ++round) {
    for (auto &r : runs)
      for (Contender &k : r->contenders) {
        double t0 = nowSeconds();
        for (int i = 0; i < k.inner; ++i)
          k.run();
        k.samples.push_back((nowSeconds() - t0) / k.inner);
      }
    mergePeaks(peaks, measurePeaks(cpu, opts.peakMs / 4, 1));
    std::printf(".");
    std::fflush(stdout);
  }
  std::printf("\n");
  // The peak again, after the rounds; the best of all the measurements
  // counts, so that a busy moment on a shared machine does not flatter the
  // shares.
  mergePeaks(peaks, measurePeaks(cpu, opts.peakMs, 5));
  const PeakResult &peak = getTargetPeak(peaks, opts.target);
  const double peakGmacs = peak.gmacs;
  std::printf("int8 peak for %%peak: %.1f GMAC/s (%s), the best of the "
              "measurements before, between and after the rounds\n",
              peakGmacs, peak.kernel.c_str());
  // Against the AVX2 peak (`--target x86-64-v3`, or a host without
  // AVX-512), quant-edge's kernels multiply i16 pairs, which cannot
  // saturate: their ceiling, in the same units.
  if (peak.kernel.find("(AVX2)") != std::string::npos)
    for (const PeakResult &p : peaks)
      if (p.kernel.find("exact int16") != std::string::npos)
        std::printf("exact int16 ceiling: %.1f GMAC/s (%s), %.1f%% of it\n",
                    p.gmacs, p.kernel.c_str(), 100 * p.gmacs / peakGmacs);

  for (auto &r : runs)
    for (Contender &k : r->contenders)
      k.last = compare(k.output(), r->reference.data(), r->layer.outputElements(),
                       k.tolerance);

  // A peer beyond its tolerance: without VNNI, oneDNN multiplies u8 by s8
  // with vpmaddubsw, whose pair sums saturate to int16 for full-range
  // weights. Where its output is that of a reference that saturates them
  // too, the difference is the library's arithmetic, not a wrong setup, and
  // the table says so rather than failing.
  for (auto &r : runs) {
    std::vector<int8_t> saturated;
    for (Contender &k : r->contenders) {
      if (k.library == "quant-edge" || k.ok())
        continue;
      if (saturated.empty()) {
        saturated.resize(r->layer.outputElements());
        std::string ignored;
        if (!referenceConv(r->layer, r->input.data(), saturated.data(), ignored,
                           PairSums::saturatedU8S8))
          break;
      }
      k.saturatesPairs = compare(k.output(), saturated.data(),
                                 r->layer.outputElements(), k.tolerance)
                             .ok(k.tolerance);
    }
  }

  // The table.
  std::printf("\nquant-edge target %s; medians in ms; GOPS = 2 x useful MACs / "
              "median; x = speed ratio (>1: quant-edge faster);\n%%peak = "
              "quant-edge's useful MACs / (%.1f GMAC/s x median)\n\n",
              opts.target.c_str(), peakGmacs);
  std::printf("%-3s %-22s %8s | %9s %9s %9s | %7s %7s %7s | %7s %7s | %6s | %s\n",
              "", "layer", "MMAC", "qedge ms", "oneDNN ms", "XNNPACK ms",
              "qe GOPS", "dnnl", "xnn", "x dnnl", "x xnn", "%peak", "checks");
  bool anySaturated = false;
  double logDnnl = 0, logXnn = 0;
  int nDnnl = 0, nXnn = 0;
  std::string csv =
      "layer,shape,useful_macs,all_macs,library,implementation,median_ms,"
      "min_ms,gops,speed_ratio_qedge,peak_share,calls_per_sample,rounds,"
      "check,max_abs_diff,off_by_one,target,rounding\n";
  std::string samples = "layer,library,round,ms\n";
  for (auto &r : runs) {
    const ConvLayer &L = r->layer;
    const double macs = static_cast<double>(L.usefulMacs());
    std::map<std::string, Contender *> by;
    for (Contender &k : r->contenders)
      by[k.library] = &k;
    Contender *qe = by["quant-edge"];
    auto ms = [&](const char *lib) {
      return by.count(lib) ? by[lib]->medianMs() : NAN;
    };
    auto gops = [&](const char *lib) { return 2 * macs / (ms(lib) * 1e-3) * 1e-9; };
    double rD = ms("oneDNN") / qe->medianMs();
    double rX = ms("XNNPACK") / qe->medianMs();
    if (std::isfinite(rD))
      logDnnl += std::log(rD), ++nDnnl;
    if (std::isfinite(rX))
      logXnn += std::log(rX), ++nXnn;
    double share = macs / (peakGmacs * 1e9 * qe->medianMs() * 1e-3);
    std::string checks;
    for (Contender &k : r->contenders) {
      allOk &= k.ok() || k.saturatesPairs;
      anySaturated |= k.saturatesPairs;
      if (!checks.empty())
        checks += " ";
      checks += k.library == "quant-edge" ? "qe" : k.library == "oneDNN" ? "dnnl"
                                                                        : "xnn";
      std::string maxDiff =
          "(" + std::to_string(std::max(k.first.maxDiff, k.last.maxDiff)) + ")";
      checks += k.ok()             ? (k.first.maxDiff ? ":+-1" : ":exact")
                : k.saturatesPairs ? ":sat16" + maxDiff
                                   : ":FAIL" + maxDiff;
    }
    std::printf("%-3s %-22s %8.1f | %9s %9s %9s | %7.1f %7.1f %7.1f | %7.3f "
                "%7.3f | %5.1f%% | %s\n",
                L.name.c_str(), L.shape().c_str(), macs * 1e-6,
                fmtMs(qe->medianMs()).c_str(), fmtMs(ms("oneDNN")).c_str(),
                fmtMs(ms("XNNPACK")).c_str(), gops("quant-edge"), gops("oneDNN"),
                gops("XNNPACK"), rD, rX, 100 * share, checks.c_str());
    for (Contender &k : r->contenders) {
      double kms = k.medianMs();
      double minMs = *std::min_element(k.samples.begin(), k.samples.end()) * 1e3;
      char line[1024];
      std::snprintf(line, sizeof(line),
                    "%s,%s,%lld,%lld,%s,%s,%.6f,%.6f,%.3f,%.6f,%.6f,%d,%d,%s,%d,"
                    "%ld,%s,%s\n",
                    L.name.c_str(), csvEscape(L.shape()).c_str(),
                    static_cast<long long>(L.usefulMacs()),
                    static_cast<long long>(L.allMacs()), k.library.c_str(),
                    csvEscape(k.impl).c_str(), kms, minMs,
                    2 * macs / (kms * 1e-3) * 1e-9, kms > 0 ? kms / qe->medianMs() : NAN,
                    macs / (peakGmacs * 1e9 * kms * 1e-3), k.inner, opts.rounds,
                    k.verdict(),
                    std::max(k.first.maxDiff, k.last.maxDiff),
                    k.first.offByOne, opts.target.c_str(),
                    roundingName(L.rounding));
      csv += line;
      for (size_t i = 0; i < k.samples.size(); ++i)
        samples += L.name + "," + k.library + "," + std::to_string(i) + "," +
                   std::to_string(k.samples[i] * 1e3) + "\n";
    }
  }
  std::printf("\ngeometric mean speed ratio: quant-edge/oneDNN %.3f (%d layers), "
              "quant-edge/XNNPACK %.3f (%d layers)\n",
              nDnnl ? std::exp(logDnnl / nDnnl) : NAN, nDnnl,
              nXnn ? std::exp(logXnn / nXnn) : NAN, nXnn);

  std::printf("\nimplementations (calls per timed sample; outputs off by one "
              "from the reference):\n");
  for (auto &r : runs)
    for (Contender &k : r->contenders)
      std::printf("  %-3s %-10s %-40s x%-5d %ld\n",
                  r->layer.name.c_str(), k.library.c_str(), k.impl.c_str(),
                  k.inner, k.first.offByOne);
  for (auto &[what, error] : errors)
    std::printf("  %s: not run: %s\n", what.c_str(), error.c_str());

  if (!opts.outDir.empty()) {
    std::string peakCsv = "cpu,kernel,accumulators,gmacs,gops\n";
    for (const PeakResult &p : peaks)
      peakCsv += csvEscape(cpu.brand) + "," + csvEscape(p.kernel) + "," +
                 std::to_string(p.accumulators) +
                 "," + std::to_string(p.gmacs) + "," +
                 std::to_string(2 * p.gmacs) + "\n";
    const std::pair<const char *, const std::string *> files[] = {
        {"results.csv", &csv}, {"samples.csv", &samples}, {"peak.csv", &peakCsv}};
    for (auto [file, text] : files) {
      std::string path = opts.outDir + "/" + file;
      std::ofstream out(path);
      out << *text;
      if (!out) {
        std::fprintf(stderr, "bench-conv: cannot write %s\n", path.c_str());
        return 1;
      }
    }
  }

  if (anySaturated)
    std::printf("\nsat16(d): off the reference by up to d, and within +-1 of a "
                "reference whose u8 x s8 pair sums saturate to int16 "
                "(vpmaddubsw without VNNI): the library is not exact on this "
                "CPU for these full-range weights\n");
  if (!allOk) {
    std::printf("\nFAILED: an output differs from the reference beyond its "
                "tolerance, or a library rejected a layer\n");
    return 1;
  }
  std::printf("\nall outputs checked: quant-edge bit-exact, the peers within "
              "+-1 of the reference%s\n",
              anySaturated ? " or of its saturating variant (sat16)" : "");
  return 0;
}
