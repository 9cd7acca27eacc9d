//===- DifferentialFuzzer.cpp - Quantized programs against a reference ----===//
//
// Part of quant-edge.
//
// The input chooses a few quantized programs and their inputs: a
// `qedge.conv2d` (random shape, stride, padding, dilation, groups, storage
// pair, per-tensor or per-channel weights and bias, fused clamp), a
// `qedge.add` / `qedge.sub` (with the [N, 1, 1, C] broadcast), a
// `qedge.max_pool2d` / `qedge.avg_pool2d` or a `qedge.global_avg_pool`, on
// types with random scales (extreme ones included), zero points often at
// the ends of the storage range, N-bit storage, and each rounding mode; a
// generator seeded with a hash of the input adds programs up to twelve.
// They are printed as one MLIR function, parsed and verified, lowered by
// the default pipeline and JIT-compiled as qedge-run does
// (QEdgeExecutionEngine), for a target this machine executes, with LLVM at
// O2 or, for half of the inputs, at O0, and called twice on output buffers
// pre-filled with different bytes and guarded at both ends.
//
// Every output element must equal the reference below: the rules of
// docs/QuantizationSpec.md transcribed from its text in 64- and 128-bit
// integer arithmetic and single float32 operations, sharing nothing with
// QEdgeQuantMath. A program the spec says the compiler rejects (an i64
// accumulator in fp32 mode, an add whose output multiplier is not below 1,
// ...) is not generated; a rejection of any other program is a finding.
//
// At exit the fuzzer prints how many programs it compared, by kind.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/ExecutionEngine/ExecutableTarget.h"
#include "qedge/ExecutionEngine/JitFunction.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/TargetSelect.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;

namespace {

using i128 = __int128;

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

//===----------------------------------------------------------------------===//
// The spec's arithmetic, from its text
//===----------------------------------------------------------------------===//

enum class Mode { Gemmlowp, Rndnu, Fp32 };

const char *modeName(Mode mode) {
  switch (mode) {
  case Mode::Gemmlowp:
    return "gemmlowp";
  case Mode::Rndnu:
    return "rndnu";
  case Mode::Fp32:
    return "fp32";
  }
  return "?";
}

i128 clampI(i128 x, i128 lo, i128 hi) {
  // The spec's clamp: max(lo, min(x, hi)), so lo > hi gives lo.
  return std::max(lo, std::min(x, hi));
}

/// rhu(a / 2^n) for n >= 0.
i128 rhuPow2(i128 a, int n) {
  return n == 0 ? a : (a + (i128(1) << (n - 1))) >> n;
}

/// rha(a / 2^n) for n >= 0.
i128 rhaPow2(i128 a, int n) {
  if (n == 0)
    return a;
  i128 m = a < 0 ? -a : a;
  m = (m + (i128(1) << (n - 1))) >> n;
  return a < 0 ? -m : m;
}

/// rha(a / b) for b > 0.
i128 rhaDiv(i128 a, i128 b) {
  i128 m = a < 0 ? -a : a;
  m = (2 * m + b) / (2 * b);
  return a < 0 ? -m : m;
}

/// rne of a finite float, as an integer (callers clamp huge values first).
i128 rne(float f) { return static_cast<i128>(std::nearbyint(double(f))); }

/// Section 5: (M0, e), TFLite's QuantizeMultiplier.
struct Multiplier {
  int64_t m0 = 0;
  int e = 0;
};

Multiplier quantizeMultiplier(double m) {
  if (!(m > 0))
    return {};
  if (std::isinf(m))
    return {kInt32Max, 30};
  int e;
  double q = std::frexp(m, &e);
  // q * 2^31 is exact in double; rha.
  double scaled = std::ldexp(q, 31);
  double whole = std::floor(scaled);
  int64_t m0 = static_cast<int64_t>(whole) + (scaled - whole >= 0.5 ? 1 : 0);
  if (m0 == (int64_t(1) << 31)) {
    m0 = int64_t(1) << 30;
    ++e;
  }
  if (e < -31)
    return {};
  if (e > 30)
    return {kInt32Max, 30};
  return {m0, e};
}

/// Section 6.1 and 6.2 on an int32 x.
i128 multiply32(Mode mode, i128 x, Multiplier m) {
  if (mode == Mode::Rndnu)
    return clampI(rhuPow2(x * m.m0, 31 - m.e), kInt32Min, kInt32Max);
  int left = std::max(m.e, 0), right = std::max(-m.e, 0);
  i128 shifted = clampI(x * (i128(1) << left), kInt32Min, kInt32Max);
  i128 high = (shifted == kInt32Min && m.m0 == kInt32Min)
                  ? i128(kInt32Max)
                  : rhuPow2(shifted * m.m0, 31);
  return rhaPow2(high, right);
}

/// Section 9.4: the 64-bit rule for i64 accumulators.
i128 multiply64(i128 x, Multiplier m) {
  i128 r = m.m0 >= 0x7FFF0000 ? 0x7FFF : (i128(m.m0) + (1 << 15)) >> 16;
  i128 clamped = clampI(x, -(i128(1) << 47), (i128(1) << 47) - 1);
  return clampI(rhuPow2(clamped * r, 15 - m.e), kInt32Min, kInt32Max);
}

/// Section 6.3 steps 2 to 4, given f = fl32(acc) (or the op's float value),
/// for 8- and 16-bit outputs where the float bounds are exact.
i128 fp32ToStorage(float f, int64_t z, int64_t lo, int64_t hi) {
  if (std::isnan(f))
    return clampI(z, lo, hi);
  f = std::min(std::max(f, float(lo - z)), float(hi - z));
  return clampI(rne(f) + z, lo, hi);
}

float fl32(double d) { return static_cast<float>(d); }

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// A quantized storage: container width, signedness and [qmin, qmax].
struct Storage {
  unsigned width = 8;
  bool isSigned = true;
  int64_t qmin = -128, qmax = 127;

  bool fullRange() const {
    int64_t lo = isSigned ? -(int64_t(1) << (width - 1)) : 0;
    int64_t hi = isSigned ? (int64_t(1) << (width - 1)) - 1
                          : (int64_t(1) << width) - 1;
    return qmin == lo && qmax == hi;
  }
  std::string text() const {
    std::string s = (isSigned ? "i" : "u") + std::to_string(width);
    if (!fullRange())
      s += "<" + std::to_string(qmin) + ":" + std::to_string(qmax) + ">";
    return s;
  }
  std::string elementType() const { return "i" + std::to_string(width); }
  bool sameContainer(const Storage &o) const {
    return width == o.width && isSigned == o.isSigned;
  }
};

/// Section 4's maximum |q - Z| over a storage range.
int64_t maxCentred(const Storage &s, int64_t z) {
  return std::max(s.qmax - z, z - s.qmin);
}

std::string scaleText(double scale) {
  char buffer[40];
  snprintf(buffer, sizeof(buffer), "%.17e", scale);
  return buffer;
}

/// A per-tensor type, or per axis on dimension 0 when `scales` has several.
struct QType {
  Storage storage;
  std::vector<double> scales{1.0};
  std::vector<int64_t> zps{0};
  bool perAxis = false;

  double scale(size_t c = 0) const { return scales[perAxis ? c : 0]; }
  int64_t zp(size_t c = 0) const { return zps[perAxis ? c : 0]; }

  std::string text() const {
    std::string s = "!quant.uniform<" + storage.text() + ":f32";
    if (!perAxis)
      return s + ", " + scaleText(scales[0]) + ":" + std::to_string(zps[0]) +
             ">";
    s += ":0, {";
    for (size_t i = 0; i < scales.size(); ++i)
      s += (i ? ", " : "") + scaleText(scales[i]) + ":" +
           std::to_string(zps[i]);
    return s + "}>";
  }
};

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s;
}

std::string tensorText(const std::vector<int64_t> &shape, const QType &t) {
  return "tensor<" + shapeText(shape) + t.text() + ">";
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// A dense constant in MLIR's hex form (little-endian elements).
std::string hexConstant(const std::vector<int64_t> &values, unsigned width) {
  static const char digits[] = "0123456789ABCDEF";
  std::string s = "dense<\"0x";
  for (int64_t v : values)
    for (unsigned byte = 0; byte < width / 8; ++byte) {
      unsigned b = static_cast<uint64_t>(v) >> (8 * byte) & 0xFF;
      s += digits[b >> 4];
      s += digits[b & 15];
    }
  return s + "\">";
}

//===----------------------------------------------------------------------===//
// Random choices
//===----------------------------------------------------------------------===//

/// The choices come from the input's bytes or, for the programs added after
/// those (see LLVMFuzzerTestOneInput), from a generator seeded with a hash of
/// the input, so that an input still decodes to one function.
struct Picker {
  FuzzedDataProvider *fdp = nullptr;
  uint64_t state = 0; ///< splitmix64, when fdp is null

  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t range(int64_t lo, int64_t hi) {
    if (fdp)
      return fdp->ConsumeIntegralInRange<int64_t>(lo, hi);
    uint64_t span = uint64_t(hi) - uint64_t(lo) + 1;
    return span == 0 ? int64_t(next()) : lo + int64_t(next() % span);
  }
  bool coin() { return fdp ? fdp->ConsumeBool() : (next() & 1); }
  uint32_t bits32() {
    return fdp ? fdp->ConsumeIntegral<uint32_t>() : uint32_t(next());
  }
  /// True with probability about n / 8.
  bool often(int n) { return range(0, 7) < n; }

  Storage storage(unsigned width, bool isSigned) {
    Storage s;
    s.width = width;
    s.isSigned = isSigned;
    unsigned bits = width;
    if (often(3))
      bits = width == 8 ? range(2, 8) : range(9, 16);
    s.qmin = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
    s.qmax = isSigned ? (int64_t(1) << (bits - 1)) - 1
                      : (int64_t(1) << bits) - 1;
    if (isSigned && often(1))
      s.qmin += 1; // narrow range
    return s;
  }

  /// A scale in the range a !quant.uniform with f32 expressed type holds:
  /// mostly moderate, sometimes a power of two (exact ties), sometimes at
  /// the ends of float32.
  double scale() {
    switch (range(0, 7)) {
    case 0:
      return std::ldexp(1.0, range(-149, 127));
    case 1:
      return std::ldexp(1.0, range(-12, 4));
    case 2: {
      double s = std::ldexp(1.0 + range(0, 1 << 20) / double(1 << 20),
                            range(-149, 126));
      return std::max(s, std::ldexp(1.0, -149));
    }
    case 3:
      return range(1, 1000) / 1024.0;
    default:
      return std::pow(10.0, range(-4000, 500) / 1000.0);
    }
  }

  int64_t zeroPoint(const Storage &s) {
    switch (range(0, 5)) {
    case 0:
      return s.qmin;
    case 1:
      return s.qmax;
    case 2:
      return std::clamp<int64_t>(0, s.qmin, s.qmax);
    default:
      return range(s.qmin, s.qmax);
    }
  }

  QType perTensor(const Storage &s) {
    QType t;
    t.storage = s;
    t.scales = {scale()};
    t.zps = {zeroPoint(s)};
    return t;
  }

  int64_t value(const Storage &s, int64_t z) {
    switch (range(0, 5)) {
    case 0:
      return s.qmin;
    case 1:
      return s.qmax;
    case 2:
      return z;
    default:
      return range(s.qmin, s.qmax);
    }
  }

  std::vector<int64_t> values(const Storage &s, int64_t z, int64_t count) {
    std::vector<int64_t> v(count);
    // A whole tensor at one extreme now and then (worst-case sums).
    int64_t fill = often(1) ? (coin() ? s.qmin : s.qmax) : z - 1;
    for (int64_t &x : v)
      x = fill != z - 1 ? fill : value(s, z);
    return v;
  }

  Mode mode() { return static_cast<Mode>(range(0, 2)); }

  /// A fused activation bound, or NaN for none.
  std::optional<float> bound(bool low) {
    switch (range(0, 7)) {
    case 0:
      return low ? 0.0f : 6.0f;
    case 1: {
      uint32_t bits = bits32();
      float f;
      memcpy(&f, &bits, sizeof(f));
      if (std::isnan(f))
        return std::nullopt;
      return f;
    }
    case 2:
      return (low ? -1.0f : 1.0f) * float(range(0, 64)) / 8.0f;
    default:
      return std::nullopt;
    }
  }
};

//===----------------------------------------------------------------------===//
// Programs
//===----------------------------------------------------------------------===//

/// An argument or result buffer of the function.
struct Buffer {
  std::vector<int64_t> shape;
  QType type;
  std::vector<int64_t> values; ///< arguments: the input; results: expected
};

/// One program of the function: its ops, arguments and results.
struct Program {
  std::string kind;
  std::vector<Buffer> arguments;
  std::vector<Buffer> results;
  /// Lines of the function body; `%A<i>` names argument i of this program
  /// and `%R<i>` result i, renamed when the function is assembled.
  std::vector<std::string> lines;
};

std::string floatAttr(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof(bits));
  char buffer[32];
  snprintf(buffer, sizeof(buffer), "0x%08X : f32", bits);
  return buffer;
}

/// Section 7: a fused activation bound in storage.
int64_t activationBound(std::optional<float> r, bool low, const QType &t,
                        Mode mode) {
  const Storage &s = t.storage;
  if (!r)
    return low ? s.qmin : s.qmax;
  float t32 = *r / fl32(t.scale());
  i128 q;
  if (std::isnan(t32))
    q = t.zp();
  else if (std::isinf(t32))
    q = t32 > 0 ? s.qmax : s.qmin;
  else if (std::fabs(t32) > 1e9f)
    q = t32 > 0 ? s.qmax : s.qmin;
  else {
    double d = t32;
    double rounded = mode == Mode::Fp32 ? std::nearbyint(d) : std::round(d);
    q = static_cast<i128>(rounded) + t.zp();
  }
  return static_cast<int64_t>(clampI(q, s.qmin, s.qmax));
}

/// Whether the real interval [lo, hi] misses the values `t` represents, which
/// the verifiers reject.
bool boundsMissRange(std::optional<float> lo, std::optional<float> hi,
                     const QType &t) {
  double rmin = t.scale() * double(t.storage.qmin - t.zp());
  double rmax = t.scale() * double(t.storage.qmax - t.zp());
  return (hi && double(*hi) < rmin) || (lo && double(*lo) > rmax);
}

/// The attribute dictionary entries shared by the ops: rounding and clamp.
std::string commonAttrs(Mode mode, bool writeDefault,
                        std::optional<float> lo, std::optional<float> hi) {
  std::string s;
  if (mode != Mode::Gemmlowp || writeDefault)
    s += std::string(", rounding = #qedge.rounding<") + modeName(mode) + ">";
  if (lo)
    s += ", clamp_min = " + floatAttr(*lo);
  if (hi)
    s += ", clamp_max = " + floatAttr(*hi);
  return s;
}

std::string attrDict(std::string entries) {
  if (entries.empty())
    return "";
  // Drop the leading ", ".
  return " {" + entries.substr(2) + "}";
}

std::string arrayAttr(const char *name, std::initializer_list<int64_t> v) {
  std::string s = std::string(", ") + name + " = array<i64: ";
  bool first = true;
  for (int64_t x : v) {
    s += (first ? "" : ", ") + std::to_string(x);
    first = false;
  }
  return s + ">";
}

int64_t convOutputSize(int64_t in, int64_t k, int64_t s, int64_t d,
                       int64_t lo, int64_t hi) {
  int64_t extent = d * (k - 1) + 1;
  if (in + lo + hi < extent)
    return 0;
  return (in + lo + hi - extent) / s + 1;
}

/// Section 8 (and 9.2 for the accumulator and the rejections).
std::optional<Program> makeConv(Picker &p) {
  Program prog;
  prog.kind = "conv2d";
  static const struct {
    unsigned xw;
    bool xs;
    unsigned ww;
    bool ws;
  } pairs[] = {{8, true, 8, true},   {8, false, 8, true},
               {8, false, 8, false}, {16, true, 8, true},
               {16, true, 16, true}};
  auto pair = pairs[p.range(0, 4)];
  Storage xs = p.storage(pair.xw, pair.xs), ws = p.storage(pair.ww, pair.ws);
  Storage ys = p.coin() ? p.storage(pair.xw, pair.xs)
                        : p.storage(p.coin() ? 8 : 16, p.coin());
  int64_t groups = p.often(2) ? p.range(2, 4) : 1;
  int64_t icg = p.often(1) ? p.range(5, 20) : p.range(1, 4);
  int64_t ocg = p.often(1) ? p.range(5, 20) : p.range(1, 4);
  if (groups > 1 && p.coin()) {
    // Depthwise.
    icg = 1;
    ocg = p.range(1, 2);
  }
  int64_t ic = groups * icg, oc = groups * ocg;
  int64_t n = p.often(1) ? 2 : 1;
  int64_t kh = p.range(1, 4), kw = p.range(1, 4);
  int64_t sh = p.range(1, 3), sw = p.range(1, 3);
  int64_t dh = p.often(2) ? p.range(2, 3) : 1, dw = p.often(2) ? p.range(2, 3) : 1;
  int64_t pt = p.often(3) ? p.range(0, 3) : 0, pb = p.often(3) ? p.range(0, 3) : 0;
  int64_t pl = p.often(3) ? p.range(0, 3) : 0, pr = p.often(3) ? p.range(0, 3) : 0;
  int64_t h = p.range(1, 9), w = p.range(1, 9);
  // Grow the input until the dilated kernel fits.
  h = std::max(h, dh * (kh - 1) + 1 - pt - pb);
  w = std::max(w, dw * (kw - 1) + 1 - pl - pr);
  int64_t oh = convOutputSize(h, kh, sh, dh, pt, pb);
  int64_t ow = convOutputSize(w, kw, sw, dw, pl, pr);
  if (oh < 1 || ow < 1)
    return std::nullopt;

  QType xt = p.perTensor(xs), yt = p.perTensor(ys);
  QType wt;
  wt.storage = ws;
  wt.perAxis = oc > 1 && p.coin();
  size_t numScales = wt.perAxis ? oc : 1;
  wt.scales.assign(numScales, 0);
  wt.zps.assign(numScales, 0);
  bool sameScale = p.coin();
  for (size_t c = 0; c < numScales; ++c) {
    wt.scales[c] = c > 0 && sameScale ? wt.scales[0] : p.scale();
    // Weights are symmetric by default; ONNX's u8 weights are not.
    wt.zps[c] = p.often(ws.isSigned ? 2 : 6) ? p.zeroPoint(ws)
                                              : std::clamp<int64_t>(0, ws.qmin,
                                                                    ws.qmax);
  }
  std::vector<int64_t> wshape = {oc, kh, kw, icg};
  std::vector<int64_t> wv(numElements(wshape));
  for (int64_t c = 0; c < oc; ++c) {
    int64_t count = kh * kw * icg;
    std::vector<int64_t> part = p.values(ws, wt.zp(c), count);
    std::copy(part.begin(), part.end(), wv.begin() + c * count);
  }

  // The bias: i32 at S_in * S_w[c] exactly, when that is a float32 scale.
  bool hasBias = p.coin();
  std::vector<double> biasScales(numScales);
  for (size_t c = 0; c < numScales; ++c) {
    biasScales[c] = xt.scale() * wt.scales[c];
    hasBias &= biasScales[c] >= std::ldexp(1.0, -149) &&
               biasScales[c] <= std::numeric_limits<float>::max();
  }
  std::vector<int64_t> bias(oc, 0);
  if (hasBias)
    for (int64_t &b : bias)
      b = p.often(1) ? (p.coin() ? kInt32Max : kInt32Min + 1)
                     : p.range(-(int64_t(1) << p.range(0, 30)),
                               int64_t(1) << p.range(0, 30));

  Mode mode = p.mode();
  std::optional<float> lo = p.bound(true), hi = p.bound(false);
  if (lo && hi && *lo > *hi)
    std::swap(lo, hi);
  if (boundsMissRange(lo, hi, yt))
    return std::nullopt;

  // Section 8.5 / 9.2: the accumulator width.
  int64_t maxX = maxCentred(xs, xt.zp());
  i128 maxSumW = 0;
  std::vector<i128> sumW(oc, 0), sumAbsW(oc, 0);
  for (int64_t c = 0; c < oc; ++c) {
    for (int64_t k = 0; k < kh * kw * icg; ++k) {
      int64_t d = wv[c * kh * kw * icg + k] - wt.zp(c);
      sumW[c] += d;
      sumAbsW[c] += d < 0 ? -d : d;
    }
    maxSumW = std::max(maxSumW, sumAbsW[c]);
  }
  i128 maxB = 0;
  for (int64_t b : bias)
    maxB = std::max<i128>(maxB, b < 0 ? -i128(b) : i128(b));
  bool acc64 = i128(maxX) * maxSumW + maxB > kInt32Max;
  for (int64_t c = 0; c < oc; ++c) {
    i128 folded = bias[c] - i128(xt.zp()) * sumW[c];
    acc64 |= folded > kInt32Max || folded < -kInt32Max;
  }

  std::vector<Multiplier> m(oc);
  std::vector<float> mf(oc);
  for (int64_t c = 0; c < oc; ++c) {
    m[c] = quantizeMultiplier((xt.scale() * wt.scale(c)) / yt.scale());
    mf[c] = fl32(xt.scale()) * fl32(wt.scale(c)) / fl32(yt.scale());
    // Rejected: fp32 with an i64 accumulator or a non-finite multiplier;
    // an i64 accumulator needs every e <= 7.
    if (mode == Mode::Fp32 && (acc64 || !std::isfinite(mf[c])))
      return std::nullopt;
    if (mode != Mode::Fp32 && acc64 && m[c].e > 7)
      return std::nullopt;
  }

  std::vector<int64_t> xshape = {n, h, w, ic};
  std::vector<int64_t> xv = p.values(xs, xt.zp(), numElements(xshape));
  std::vector<int64_t> yshape = {n, oh, ow, oc};
  std::vector<int64_t> yv(numElements(yshape));
  int64_t lob = activationBound(lo, true, yt, mode);
  int64_t hib = activationBound(hi, false, yt, mode);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t c = 0; c < oc; ++c) {
          int64_t g = c / ocg;
          i128 acc = bias[c];
          for (int64_t a = 0; a < kh; ++a)
            for (int64_t bb = 0; bb < kw; ++bb) {
              int64_t y = i * sh + a * dh - pt, x = j * sw + bb * dw - pl;
              if (y < 0 || y >= h || x < 0 || x >= w)
                continue;
              for (int64_t k = 0; k < icg; ++k) {
                int64_t xval = xv[((b * h + y) * w + x) * ic + g * icg + k];
                int64_t wval = wv[((c * kh + a) * kw + bb) * icg + k];
                acc += i128(xval - xt.zp()) * (wval - wt.zp(c));
              }
            }
          i128 out;
          if (mode == Mode::Fp32)
            out = fp32ToStorage(fl32(double(acc)) * mf[c], yt.zp(), lob, hib);
          else
            out = clampI((acc64 ? multiply64(acc, m[c])
                                : multiply32(mode, acc, m[c])) +
                             yt.zp(),
                         lob, hib);
          yv[((b * oh + i) * ow + j) * oc + c] = static_cast<int64_t>(out);
        }

  prog.arguments.push_back({xshape, xt, xv});
  prog.results.push_back({yshape, yt, yv});
  std::string wInt = "tensor<" + shapeText(wshape) + ws.elementType() + ">";
  std::string wQ = tensorText(wshape, wt);
  prog.lines.push_back("%Pwi = arith.constant " + hexConstant(wv, ws.width) +
                       " : " + wInt);
  prog.lines.push_back("%Pw = quant.scast %Pwi : " + wInt + " to " + wQ);
  std::string operands = "%A0, %Pw", types = tensorText(xshape, xt) + ", " + wQ;
  if (hasBias) {
    QType bt;
    bt.storage.width = 32;
    bt.storage.isSigned = true;
    bt.storage.qmin = kInt32Min;
    bt.storage.qmax = kInt32Max;
    bt.perAxis = wt.perAxis;
    bt.scales = biasScales;
    bt.zps.assign(numScales, 0);
    std::string bInt = "tensor<" + std::to_string(oc) + "xi32>";
    std::string bQ = tensorText({oc}, bt);
    prog.lines.push_back("%Pbi = arith.constant " + hexConstant(bias, 32) +
                         " : " + bInt);
    prog.lines.push_back("%Pb = quant.scast %Pbi : " + bInt + " to " + bQ);
    operands += ", %Pb";
    types += ", " + bQ;
  }
  std::string attrs;
  if (sh != 1 || sw != 1 || p.coin())
    attrs += arrayAttr("strides", {sh, sw});
  if (pt || pb || pl || pr)
    attrs += arrayAttr("padding", {pt, pb, pl, pr});
  if (dh != 1 || dw != 1)
    attrs += arrayAttr("dilations", {dh, dw});
  if (groups != 1)
    attrs += ", groups = " + std::to_string(groups);
  attrs += commonAttrs(mode, p.coin(), lo, hi);
  prog.lines.push_back("%R0 = qedge.conv2d " + operands + attrDict(attrs) +
                       " : (" + types + ") -> " + tensorText(yshape, yt));
  return prog;
}

/// Section 10: add and sub.
std::optional<Program> makeAdd(Picker &p) {
  Program prog;
  bool sub = p.coin();
  prog.kind = sub ? "sub" : "add";
  unsigned width = p.coin() ? 8 : 16;
  bool isSigned = p.coin();
  QType at = p.perTensor(p.storage(width, isSigned));
  QType bt = p.perTensor(p.storage(width, isSigned));
  QType yt = p.perTensor(p.storage(width, isSigned));
  Mode mode = p.mode();
  std::optional<float> lo = p.bound(true), hi = p.bound(false);
  if (lo && hi && *lo > *hi)
    std::swap(lo, hi);
  if (boundsMissRange(lo, hi, yt))
    return std::nullopt;
  int64_t n = p.often(1) ? 2 : 1, h = p.range(1, 6), w = p.range(1, 6),
          c = p.often(1) ? p.range(9, 40) : p.range(1, 8);
  std::vector<int64_t> yshape = {n, h, w, c}, ashape = yshape, bshape = yshape;
  switch (p.range(0, 3)) {
  case 0:
    ashape = {p.coin() ? n : 1, 1, 1, c};
    break;
  case 1:
    bshape = {p.coin() ? n : 1, 1, 1, c};
    break;
  default:
    break;
  }

  int L = width == 8 ? 20 : 15;
  Multiplier ma, mb, my;
  float fa = 0, fb = 0;
  if (mode == Mode::Fp32) {
    fa = fl32(at.scale()) / fl32(yt.scale());
    fb = fl32(bt.scale()) / fl32(yt.scale());
    // Rejected: products that could overflow float32, or whose sum could
    // (twice the largest product infinite).
    for (auto [m, t] : {std::pair{fa, &at}, std::pair{fb, &bt}}) {
      float maxAbs = float(maxCentred(t->storage, t->zp()));
      if (!std::isfinite(m) || !std::isfinite(maxAbs * m) ||
          !std::isfinite(2.0f * maxAbs * m))
        return std::nullopt;
    }
  } else {
    double twice = 2 * std::max(at.scale(), bt.scale());
    double myReal = twice / (std::ldexp(1.0, L) * yt.scale());
    // Rejected: TFLite's condition on the output multiplier.
    if (!(myReal < 1))
      return std::nullopt;
    ma = quantizeMultiplier(at.scale() / twice);
    mb = quantizeMultiplier(bt.scale() / twice);
    my = quantizeMultiplier(myReal);
  }

  std::vector<int64_t> av = p.values(at.storage, at.zp(), numElements(ashape));
  std::vector<int64_t> bv = p.values(bt.storage, bt.zp(), numElements(bshape));
  std::vector<int64_t> yv(numElements(yshape));
  int64_t lob = activationBound(lo, true, yt, mode);
  int64_t hib = activationBound(hi, false, yt, mode);
  auto at4 = [](const std::vector<int64_t> &v,
                const std::vector<int64_t> &shape, int64_t b, int64_t i,
                int64_t j, int64_t k) {
    if (shape[1] == 1 && shape[2] == 1)
      i = j = 0;
    if (shape[0] == 1)
      b = 0;
    return v[((b * shape[1] + i) * shape[2] + j) * shape[3] + k];
  };
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t k = 0; k < c; ++k) {
          int64_t a = at4(av, ashape, b, i, j, k) - at.zp();
          int64_t bb = at4(bv, bshape, b, i, j, k) - bt.zp();
          i128 y;
          if (mode == Mode::Fp32) {
            float xa = float(a) * fa, xb = float(bb) * fb;
            y = fp32ToStorage(sub ? xa - xb : xa + xb, yt.zp(), lob, hib);
          } else {
            i128 sa = multiply32(mode, i128(a) * (1 << L), ma);
            i128 sb = multiply32(mode, i128(bb) * (1 << L), mb);
            y = clampI(multiply32(mode, sub ? sa - sb : sa + sb, my) + yt.zp(),
                       lob, hib);
          }
          yv[((b * h + i) * w + j) * c + k] = static_cast<int64_t>(y);
        }
  prog.arguments.push_back({ashape, at, av});
  prog.arguments.push_back({bshape, bt, bv});
  prog.results.push_back({yshape, yt, yv});
  prog.lines.push_back("%R0 = qedge." + prog.kind + " %A0, %A1" +
                       attrDict(commonAttrs(mode, p.coin(), lo, hi)) + " : (" +
                       tensorText(ashape, at) + ", " + tensorText(bshape, bt) +
                       ") -> " + tensorText(yshape, yt));
  return prog;
}

/// Section 11: max_pool2d and avg_pool2d.
std::optional<Program> makePool(Picker &p) {
  Program prog;
  bool isMax = p.coin();
  prog.kind = isMax ? "max_pool2d" : "avg_pool2d";
  Storage s = p.storage(p.coin() ? 8 : 16, p.coin());
  QType xt = p.perTensor(s);
  Mode mode = p.mode();
  // fp32 averages may change the scale and zero point.
  QType yt = !isMax && mode == Mode::Fp32 && p.coin() ? p.perTensor(s) : xt;
  std::optional<float> lo = p.bound(true), hi = p.bound(false);
  if (lo && hi && *lo > *hi)
    std::swap(lo, hi);
  if (boundsMissRange(lo, hi, yt))
    return std::nullopt;
  int64_t kh = p.range(1, 4), kw = p.range(1, 4);
  int64_t sh = p.range(1, 3), sw = p.range(1, 3);
  int64_t pt = p.range(0, kh - 1), pb = p.range(0, kh - 1);
  int64_t pl = p.range(0, kw - 1), pr = p.range(0, kw - 1);
  if (p.often(3))
    pt = pb = pl = pr = 0;
  bool includePad = !isMax && p.coin();
  int64_t n = p.often(1) ? 2 : 1, c = p.often(1) ? p.range(9, 40) : p.range(1, 8);
  int64_t h = std::max(p.range(1, 8), kh - pt - pb);
  int64_t w = std::max(p.range(1, 8), kw - pl - pr);
  int64_t oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
  // The verifier's bound: KH * KW * max(|qmin|, |qmax|, |q - Z|) in int32.
  int64_t maxAbs = std::max({std::abs(s.qmin), std::abs(s.qmax),
                             maxCentred(s, xt.zp())});
  if (kh * kw * maxAbs > kInt32Max)
    return std::nullopt;

  std::vector<int64_t> xshape = {n, h, w, c}, yshape = {n, oh, ow, c};
  std::vector<int64_t> xv = p.values(s, xt.zp(), numElements(xshape));
  std::vector<int64_t> yv(numElements(yshape));
  int64_t lob = activationBound(lo, true, yt, mode);
  int64_t hib = activationBound(hi, false, yt, mode);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t k = 0; k < c; ++k) {
          i128 maxValue = std::numeric_limits<int64_t>::min(), sum = 0,
               centred = 0;
          int64_t valid = 0;
          for (int64_t a = 0; a < kh; ++a)
            for (int64_t bb = 0; bb < kw; ++bb) {
              int64_t y = i * sh + a - pt, x = j * sw + bb - pl;
              if (y < 0 || y >= h || x < 0 || x >= w)
                continue;
              int64_t v = xv[((b * h + y) * w + x) * c + k];
              maxValue = std::max<i128>(maxValue, v);
              sum += v;
              centred += v - xt.zp();
              ++valid;
            }
          int64_t count = includePad ? kh * kw : valid;
          i128 out;
          if (isMax)
            out = clampI(maxValue, lob, hib);
          else if (mode == Mode::Fp32) {
            float mn = fl32(yt.scale()) * float(count);
            mn = fl32(xt.scale()) / mn;
            out = fp32ToStorage(float(centred) * mn, yt.zp(), lob, hib);
          } else {
            if (includePad)
              sum += (count - valid) * i128(xt.zp());
            out = clampI(rhaDiv(sum, count), lob, hib);
          }
          yv[((b * oh + i) * ow + j) * c + k] = static_cast<int64_t>(out);
        }
  std::string attrs = arrayAttr("kernel", {kh, kw});
  if (sh != 1 || sw != 1)
    attrs += arrayAttr("strides", {sh, sw});
  if (pt || pb || pl || pr)
    attrs += arrayAttr("padding", {pt, pb, pl, pr});
  if (includePad)
    attrs += ", count_include_pad";
  attrs += commonAttrs(mode, p.coin(), lo, hi);
  prog.arguments.push_back({xshape, xt, xv});
  prog.results.push_back({yshape, yt, yv});
  prog.lines.push_back("%R0 = qedge." + prog.kind + " %A0" + attrDict(attrs) +
                       " : " + tensorText(xshape, xt) + " -> " +
                       tensorText(yshape, yt));
  return prog;
}

/// Section 12: global_avg_pool.
std::optional<Program> makeGlobalPool(Picker &p) {
  Program prog;
  prog.kind = "global_avg_pool";
  unsigned width = p.coin() ? 8 : 16;
  bool isSigned = p.coin();
  QType xt = p.perTensor(p.storage(width, isSigned));
  QType yt = p.perTensor(p.storage(width, isSigned));
  Mode mode = p.mode();
  int64_t n = p.often(1) ? 2 : 1, h = p.range(1, 8), w = p.range(1, 8),
          c = p.often(1) ? p.range(9, 40) : p.range(1, 8);
  int64_t count = h * w;
  if (count * maxCentred(xt.storage, xt.zp()) > kInt32Max)
    return std::nullopt;
  Multiplier m;
  float mf = 0;
  if (mode == Mode::Fp32) {
    mf = fl32(xt.scale()) / (fl32(yt.scale()) * float(count));
    if (!std::isfinite(mf))
      return std::nullopt;
  } else {
    m = quantizeMultiplier(xt.scale() / yt.scale());
  }
  std::vector<int64_t> xshape = {n, h, w, c}, yshape = {n, 1, 1, c};
  std::vector<int64_t> xv = p.values(xt.storage, xt.zp(), numElements(xshape));
  std::vector<int64_t> yv(numElements(yshape));
  const Storage &ys = yt.storage;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t k = 0; k < c; ++k) {
      i128 acc = 0;
      for (int64_t i = 0; i < h * w; ++i)
        acc += xv[(b * h * w + i) * c + k] - xt.zp();
      i128 out;
      if (mode == Mode::Fp32)
        out = fp32ToStorage(float(acc) * mf, yt.zp(), ys.qmin, ys.qmax);
      else
        out = clampI(rhaDiv(multiply32(mode, acc, m), count) + yt.zp(),
                     ys.qmin, ys.qmax);
      yv[b * c + k] = static_cast<int64_t>(out);
    }
  prog.arguments.push_back({xshape, xt, xv});
  prog.results.push_back({yshape, yt, yv});
  prog.lines.push_back("%R0 = qedge.global_avg_pool %A0" +
                       attrDict(commonAttrs(mode, p.coin(), std::nullopt,
                                            std::nullopt)) +
                       " : " + tensorText(xshape, xt) + " -> " +
                       tensorText(yshape, yt));
  return prog;
}

//===----------------------------------------------------------------------===//
// The function, compiled and run
//===----------------------------------------------------------------------===//

/// Replaces every `%<from>` by `%<to>` in `line`.
std::string rename(std::string line, const std::string &from,
                   const std::string &to) {
  for (size_t pos = 0; (pos = line.find(from, pos)) != std::string::npos;
       pos += to.size())
    line.replace(pos, from.size(), to);
  return line;
}

std::string moduleText(const std::vector<Program> &programs) {
  std::string args, results, body, returned, returnedTypes;
  size_t argIndex = 0, resultIndex = 0;
  for (size_t k = 0; k < programs.size(); ++k) {
    const Program &prog = programs[k];
    std::string prefix = "%p" + std::to_string(k) + "_";
    for (const std::string &line : prog.lines) {
      std::string l = line;
      for (size_t i = 0; i < prog.arguments.size(); ++i)
        l = rename(l, "%A" + std::to_string(i),
                   "%arg" + std::to_string(argIndex + i));
      for (size_t i = 0; i < prog.results.size(); ++i)
        l = rename(l, "%R" + std::to_string(i),
                   prefix + "r" + std::to_string(i));
      l = rename(l, "%P", prefix);
      body += "  " + l + "\n";
    }
    for (const Buffer &a : prog.arguments) {
      args += std::string(argIndex ? ", " : "") + "%arg" +
              std::to_string(argIndex) + ": " + tensorText(a.shape, a.type);
      ++argIndex;
    }
    for (size_t i = 0; i < prog.results.size(); ++i) {
      const Buffer &r = prog.results[i];
      std::string sep = resultIndex++ ? ", " : "";
      results += sep + tensorText(r.shape, r.type);
      returned += sep + prefix + "r" + std::to_string(i);
    }
  }
  return "func.func @main(" + args + ") -> (" + results + ") {\n" + body +
         "  return " + returned + " : " + results + "\n}\n";
}

/// Targets this machine executes, for the JIT.
const std::vector<std::string> &getTargets() {
  static std::vector<std::string> targets = [] {
    std::vector<std::string> names;
    for (const char *name :
         {"host", "x86-64", "x86-64-v3", "x86-64-v4", "x86-64-v4+vnni",
          "aarch64", "aarch64+dotprod", "aarch64+i8mm"}) {
      auto target = qedge::lookupExecutableTarget(name);
      if (target)
        names.push_back(name);
      else
        llvm::consumeError(target.takeError());
    }
    return names;
  }();
  return targets;
}

struct Counts {
  uint64_t modules = 0, programs = 0, elements = 0;
  std::vector<std::pair<std::string, uint64_t>> byKind;
  void add(const std::string &kind) {
    for (auto &entry : byKind)
      if (entry.first == kind) {
        ++entry.second;
        return;
      }
    byKind.push_back({kind, 1});
  }
} counts;

/// Where the time goes, in seconds: generating programs and their expected
/// outputs, parsing, the lowering pipeline, LLVM's optimization and code
/// generation, and the calls with the comparisons.
struct Times {
  double generate = 0, parse = 0, lower = 0, compile = 0, run = 0;
} times;

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

/// Records when the last pass of the lowering finished.
struct LastPassTime : public PassInstrumentation {
  Clock::time_point *last;
  explicit LastPassTime(Clock::time_point *last) : last(last) {}
  void runAfterPass(Pass *, Operation *) override { *last = Clock::now(); }
};

void printCounts() {
  fprintf(stderr, "qedge-fuzz-differential: %llu programs in %llu modules "
                  "(%llu output elements) equal the reference:",
          (unsigned long long)counts.programs,
          (unsigned long long)counts.modules,
          (unsigned long long)counts.elements);
  for (auto &[kind, n] : counts.byKind)
    fprintf(stderr, " %s %llu", kind.c_str(), (unsigned long long)n);
  fprintf(stderr, "\n");
  fprintf(stderr,
          "qedge-fuzz-differential: seconds generating %.1f, parsing %.1f, "
          "lowering %.1f, compiling %.1f, running %.1f\n",
          times.generate, times.parse, times.lower, times.compile, times.run);
}

[[noreturn]] void report(const std::string &text, const std::string &what,
                         const std::string &details) {
  fprintf(stderr, "qedge-fuzz-differential: %s\n%s\n--- program:\n%s\n",
          what.c_str(), details.c_str(), text.c_str());
  abort();
}

std::string valuesText(const std::vector<int64_t> &values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

/// Reads element i of a buffer of storage `s`.
int64_t load(const uint8_t *data, const Storage &s, size_t i) {
  if (s.width == 8)
    return s.isSigned ? int64_t(int8_t(data[i])) : int64_t(data[i]);
  uint16_t v;
  memcpy(&v, data + 2 * i, 2);
  return s.isSigned ? int64_t(int16_t(v)) : int64_t(v);
}

void store(uint8_t *data, const Storage &s, size_t i, int64_t v) {
  if (s.width == 8) {
    data[i] = static_cast<uint8_t>(v);
    return;
  }
  uint16_t u = static_cast<uint16_t>(v);
  memcpy(data + 2 * i, &u, 2);
}

constexpr size_t kGuard = 64;

/// How LLVM optimizes and generates code for a module.
struct Level {
  unsigned opt;
  llvm::CodeGenOptLevel codeGen;
  const char *name;
};
/// What qedge-run and qedge-compile use.
constexpr Level kProductLevel = {qedge::kLLVMOptLevel, qedge::kCodeGenOptLevel,
                                 "LLVM at O2"};
/// No LLVM optimization.
constexpr Level kFastLevel = {0, llvm::CodeGenOptLevel::None, "LLVM at O0"};

void runModule(MLIRContext &context, const std::vector<Program> &programs,
               const std::string &target, const Level &level) {
  Clock::time_point start = Clock::now();
  std::string where = "target " + target + ", " + level.name;
  std::string text = moduleText(programs);
  std::string diagnostics;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return success();
  });
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module)
    report(text, "a program the spec accepts does not verify", diagnostics);

  Clock::time_point parsed = Clock::now(), lowered = parsed;
  times.parse += seconds(start, parsed);
  qedge::JitOptions options;
  options.target = target;
  options.runnerName = "qedge-fuzz-differential";
  options.llvmOptLevel = level.opt;
  options.codeGenOptLevel = level.codeGen;
  options.configurePassManager = [&](PassManager &pm) {
    pm.addInstrumentation(std::make_unique<LastPassTime>(&lowered));
    return success();
  };
  auto jit = qedge::JitFunction::create(*module, "main", options);
  Clock::time_point compiled = Clock::now();
  times.lower += seconds(parsed, lowered);
  times.compile += seconds(lowered, compiled);
  if (!jit)
    report(text, "a program the spec accepts does not compile for " + where,
           llvm::toString(jit.takeError()) + "\n" + diagnostics);

  std::vector<std::vector<uint8_t>> inputs, outputs;
  std::vector<const Buffer *> results;
  for (const Program &prog : programs) {
    for (const Buffer &a : prog.arguments) {
      std::vector<uint8_t> bytes(a.values.size() * a.type.storage.width / 8);
      for (size_t i = 0; i < a.values.size(); ++i)
        store(bytes.data(), a.type.storage, i, a.values[i]);
      inputs.push_back(std::move(bytes));
    }
    for (const Buffer &r : prog.results)
      results.push_back(&r);
  }
  std::vector<const void *> argumentPtrs;
  for (auto &bytes : inputs)
    argumentPtrs.push_back(bytes.data());

  // Two calls on buffers filled with different bytes: an element the code
  // does not write cannot match both times.
  for (uint8_t fill : {0xA5, 0x5A}) {
    outputs.clear();
    std::vector<void *> resultPtrs;
    for (const Buffer *r : results) {
      size_t bytes = r->values.size() * r->type.storage.width / 8;
      outputs.emplace_back(bytes + 2 * kGuard, fill);
    }
    for (auto &bytes : outputs)
      resultPtrs.push_back(bytes.data() + kGuard);
    if (llvm::Error error = (*jit)->call(argumentPtrs, resultPtrs))
      report(text, "the call failed (" + where + ")",
             llvm::toString(std::move(error)));
    for (size_t k = 0; k < results.size(); ++k) {
      const Buffer &r = *results[k];
      const uint8_t *data = outputs[k].data();
      size_t bytes = r.values.size() * r.type.storage.width / 8;
      for (size_t i = 0; i < kGuard; ++i)
        if (data[i] != fill || data[kGuard + bytes + i] != fill)
          report(text, "the code wrote outside result " + std::to_string(k) +
                           " (" + where + ")",
                 "");
      for (size_t i = 0; i < r.values.size(); ++i) {
        int64_t got = load(data + kGuard, r.type.storage, i);
        if (got != r.values[i]) {
          std::string details = where + ", result " +
                                std::to_string(k) + ", element " +
                                std::to_string(i) + ": expected " +
                                std::to_string(r.values[i]) + ", got " +
                                std::to_string(got) + "\n";
          std::vector<int64_t> all(r.values.size());
          for (size_t j = 0; j < all.size(); ++j)
            all[j] = load(data + kGuard, r.type.storage, j);
          details += "expected " + valuesText(r.values) + "\ngot      " +
                     valuesText(all) + "\n";
          size_t index = 0;
          for (const Program &prog : programs)
            for (const Buffer &a : prog.arguments)
              details += "arg" + std::to_string(index++) + " = " +
                         valuesText(a.values) + "\n";
          report(text, "mismatch", details);
        }
      }
    }
  }
  times.run += seconds(compiled, Clock::now());
  ++counts.modules;
  for (const Program &prog : programs) {
    ++counts.programs;
    counts.add(prog.kind);
    for (const Buffer &r : prog.results)
      counts.elements += r.values.size();
  }
}

MLIRContext &getContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    qedge::tools::registerToolDialects(registry);
    auto *c = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *context;
}

/// How many programs the bytes of one input choose at most.
constexpr int kMaxProgramsPerModule = 6;
/// How many programs a module holds (one JIT), the generator choosing those
/// the bytes do not.
constexpr int kProgramsPerModule = 12;

} // namespace

// libMLIR.so and libLLVM.so are not instrumented, but the LLVM headers this
// fuzzer and the project's libraries include are: their inline allocator
// code poisons slabs that the library's own copy then hands out unpoisoned
// in its view, which ASan reports as use-after-poison. Manual poisoning is
// therefore off; every other check stays.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  getContext();
  if (getTargets().empty()) {
    fprintf(stderr, "qedge-fuzz-differential: no executable target\n");
    abort();
  }
  atexit(printCounts);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Clock::time_point start = Clock::now();
  FuzzedDataProvider fdp(data, size);
  Picker p{&fdp};
  // The generator for what the bytes leave out: FNV-1a of the input.
  Picker g;
  g.state = 0xCBF29CE484222325ull;
  for (size_t i = 0; i < size; ++i)
    g.state = (g.state ^ data[i]) * 0x100000001B3ull;
  const std::vector<std::string> &targets = getTargets();
  std::string target = targets[p.range(0, targets.size() - 1)];
  // The programs the bytes choose, then more from the generator until the
  // module holds kProgramsPerModule: most of the time goes to compiling the
  // module, and a larger module compiles at a lower cost per program.
  int count = p.range(1, kMaxProgramsPerModule);
  std::vector<Program> programs;
  for (int i = 0; i < count + 4 * kProgramsPerModule; ++i) {
    Picker *picker = &p;
    if (i >= count || fdp.remaining_bytes() == 0) {
      if (int(programs.size()) >= kProgramsPerModule)
        break;
      picker = &g;
    }
    std::optional<Program> prog;
    switch (picker->range(0, 7)) {
    case 0:
    case 1:
    case 2:
      prog = makeConv(*picker);
      break;
    case 3:
    case 4:
      prog = makeAdd(*picker);
      break;
    case 5:
    case 6:
      prog = makePool(*picker);
      break;
    default:
      prog = makeGlobalPool(*picker);
      break;
    }
    if (prog)
      programs.push_back(std::move(*prog));
  }
  // Half of the modules is compiled as qedge-run and qedge-compile do (LLVM
  // at O2), half without LLVM's optimizations, which takes a sixth of the
  // time and runs the code the lowering generated as it stands. Both run the
  // same kernels: the qedge pipeline is the same.
  Level level = g.coin() ? kProductLevel : kFastLevel;
  times.generate += seconds(start, Clock::now());
  if (programs.empty())
    return 0;
  runModule(getContext(), programs, target, level);
  return 0;
}
