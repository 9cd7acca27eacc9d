//===- QuantMathFuzzer.cpp - libFuzzer target for QEdgeQuantMath ----------===//
//
// Part of quant-edge.
//
// The input picks one function of QEdgeQuantMath and its arguments. Besides
// the sanitizers (no crash, no undefined behaviour on any argument, as the
// header promises total functions), each call is checked against what
// docs/QuantizationSpec.md states: the integer rules exactly, from the
// spec's formulas in 128-bit arithmetic written here; the float rules by
// their stated invariants (ranges, monotonicity, the NaN and infinity
// rules, outward-rounded bounds). The calibration statistics collector and
// range methods get random batches and must stay self-consistent.
//
//===----------------------------------------------------------------------===//

#include "qedge/QuantMath/Calibration.h"
#include "qedge/QuantMath/QuantMath.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

using namespace mlir::qedge::quantmath;

namespace {

using i128 = __int128;

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

/// The arguments of the call under test, printed with a failed check.
char arguments[512];

[[noreturn]] void fail(const char *what) {
  fprintf(stderr, "qedge-fuzz-quantmath: check failed: %s\n  with %s\n", what,
          arguments);
  abort();
}

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      fail(#cond);                                                             \
  } while (false)

//===----------------------------------------------------------------------===//
// Exact arithmetic from the spec's notation
//===----------------------------------------------------------------------===//

/// floor(a / 2^n) for n >= 0: `x >> n` of the notation.
i128 shiftRight(i128 a, int n) { return a >> n; }

/// rhu(a / 2^n) = floor(a / 2^n + 1/2).
i128 roundHalfUpPow2(i128 a, int n) {
  if (n == 0)
    return a;
  return (a + (i128(1) << (n - 1))) >> n;
}

/// rha(a / 2^n): ties away from zero.
i128 roundHalfAwayPow2(i128 a, int n) {
  if (n == 0)
    return a;
  i128 magnitude = a < 0 ? -a : a;
  i128 rounded = (magnitude + (i128(1) << (n - 1))) >> n;
  return a < 0 ? -rounded : rounded;
}

/// rha(a / b) for b > 0.
i128 roundHalfAwayDiv(i128 a, i128 b) {
  i128 magnitude = a < 0 ? -a : a;
  i128 rounded = (2 * magnitude + b) / (2 * b);
  return a < 0 ? -rounded : rounded;
}

i128 clampI(i128 x, i128 lo, i128 hi) { return x < lo ? lo : (x > hi ? hi : x); }
i128 sat32(i128 x) { return clampI(x, kInt32Min, kInt32Max); }

/// Section 6.1, SRDHM: rhu(a * b / 2^31), saturating at (-2^31, -2^31).
i128 srdhm(int32_t a, int32_t b) {
  if (a == kInt32Min && b == kInt32Min)
    return kInt32Max;
  return roundHalfUpPow2(i128(a) * b, 31);
}

/// Section 6.1: the gemmlowp multiplication.
i128 gemmlowp(int32_t x, int32_t m0, int32_t e) {
  int left = e > 0 ? e : 0, right = e < 0 ? -e : 0;
  i128 shifted = sat32(i128(x) * (i128(1) << left));
  return roundHalfAwayPow2(srdhm(static_cast<int32_t>(shifted), m0), right);
}

/// Section 6.2: the rndnu multiplication.
i128 rndnu(int32_t x, int32_t m0, int32_t e) {
  return sat32(roundHalfUpPow2(i128(x) * m0, 31 - e));
}

/// Section 9.4: the 64-bit multiplication.
i128 multiply64(int64_t x, int32_t m0, int32_t e) {
  i128 r = m0 >= 0x7FFF0000 ? 0x7FFF : shiftRight(i128(m0) + (1 << 15), 16);
  int s = 15 - e;
  i128 clamped = clampI(x, -(i128(1) << 47), (i128(1) << 47) - 1);
  return sat32(roundHalfUpPow2(clamped * r, s));
}

//===----------------------------------------------------------------------===//
// Argument generation
//===----------------------------------------------------------------------===//

/// An int64 that often sits at a boundary the rules care about.
int64_t pickInt(FuzzedDataProvider &fdp, int64_t lo, int64_t hi) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
  case 0:
    return lo;
  case 1:
    return hi;
  case 2: {
    // Near a power of two.
    int bit = fdp.ConsumeIntegralInRange<int>(0, 62);
    int64_t delta = fdp.ConsumeIntegralInRange<int64_t>(-2, 2);
    i128 v = (i128(1) << bit) + delta;
    if (fdp.ConsumeBool())
      v = -v;
    return static_cast<int64_t>(clampI(v, lo, hi));
  }
  default:
    return fdp.ConsumeIntegralInRange<int64_t>(lo, hi);
  }
}

/// A float that is often special: signed zeros, infinities, NaN, the
/// smallest subnormal, the largest finite value, exact ties, or random bits.
float pickFloat(FuzzedDataProvider &fdp) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 6)) {
  case 0: {
    constexpr float specials[] = {
        0.0f, -0.0f, std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN(),
        std::numeric_limits<float>::denorm_min(),
        std::numeric_limits<float>::max(), 1.0f, 0.5f, 2.5f, -2.5f};
    return specials[fdp.ConsumeIntegralInRange<size_t>(
        0, sizeof(specials) / sizeof(specials[0]) - 1)];
  }
  case 1:
    // Halves: ties of every rounding.
    return static_cast<float>(fdp.ConsumeIntegralInRange<int32_t>(-1000, 1000)) +
           0.5f;
  case 2:
    return std::ldexp(1.0f, fdp.ConsumeIntegralInRange<int>(-149, 127));
  case 3:
    return static_cast<float>(fdp.ConsumeIntegralInRange<int32_t>(-300, 300));
  default: {
    uint32_t bits = fdp.ConsumeIntegral<uint32_t>();
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f;
  }
  }
}

double pickDouble(FuzzedDataProvider &fdp) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 4)) {
  case 0:
    return pickFloat(fdp);
  case 1:
    return std::ldexp(1.0, fdp.ConsumeIntegralInRange<int>(-1074, 1023));
  case 2:
    // Just around a power of two.
    return std::nextafter(
        std::ldexp(1.0, fdp.ConsumeIntegralInRange<int>(-40, 40)),
        fdp.ConsumeBool() ? 0.0 : 1e300);
  default: {
    uint64_t bits = fdp.ConsumeIntegral<uint64_t>();
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
  }
  }
}

/// A positive finite scale, including the extremes a !quant.uniform allows.
float pickScale(FuzzedDataProvider &fdp) {
  float s = std::fabs(pickFloat(fdp));
  if (!std::isfinite(s) || s == 0.0f)
    return std::numeric_limits<float>::denorm_min();
  return s;
}

StorageRange pickRange(FuzzedDataProvider &fdp, unsigned *bitsOut = nullptr,
                       bool *signedOut = nullptr) {
  unsigned bits = fdp.ConsumeIntegralInRange<unsigned>(kMinStorageBits,
                                                       kMaxStorageBits);
  bool isSigned = fdp.ConsumeBool();
  bool narrow = isSigned && fdp.ConsumeBool();
  if (bitsOut)
    *bitsOut = bits;
  if (signedOut)
    *signedOut = isSigned;
  return *getStorageRange(bits, isSigned, narrow);
}

FixedPointMultiplier pickMultiplier(FuzzedDataProvider &fdp, int32_t minShift,
                                    int32_t maxShift) {
  FixedPointMultiplier m;
  if (fdp.ConsumeBool()) {
    m = quantizeMultiplier(std::fabs(pickDouble(fdp)));
    if (m.shift > maxShift)
      m.shift = maxShift;
  } else {
    m.multiplier = static_cast<int32_t>(pickInt(fdp, 0, kInt32Max));
    m.shift = fdp.ConsumeIntegralInRange<int32_t>(minShift, maxShift);
  }
  return m;
}

RoundingMode pickMode(FuzzedDataProvider &fdp) {
  return static_cast<RoundingMode>(fdp.ConsumeIntegralInRange<uint32_t>(0, 2));
}

//===----------------------------------------------------------------------===//
// Checks, one per rule
//===----------------------------------------------------------------------===//

void checkStorage(FuzzedDataProvider &fdp) {
  unsigned bits = fdp.ConsumeIntegralInRange<unsigned>(0, 70);
  bool isSigned = fdp.ConsumeBool(), narrow = fdp.ConsumeBool();
  auto range = getStorageRange(bits, isSigned, narrow);
  bool valid = bits >= 2 && bits <= 16 && !(narrow && !isSigned);
  CHECK(range.has_value() == valid);
  if (!range)
    return;
  int64_t half = int64_t(1) << (bits - 1);
  if (!isSigned)
    CHECK(range->qmin == 0 && range->qmax == 2 * half - 1);
  else
    CHECK(range->qmin == (narrow ? 1 - half : -half) && range->qmax == half - 1);
}

void checkQuantize(FuzzedDataProvider &fdp) {
  StorageRange range = pickRange(fdp);
  float scale = fdp.ConsumeBool() ? pickScale(fdp) : pickFloat(fdp);
  int64_t zp = pickInt(fdp, range.qmin, range.qmax);
  float r = pickFloat(fdp);
  snprintf(arguments, sizeof(arguments), "r=%a scale=%a zp=%lld [%lld, %lld]",
           r, scale, (long long)zp, (long long)range.qmin,
           (long long)range.qmax);
  int64_t q = quantize(r, scale, zp, range);
  CHECK(q >= range.qmin && q <= range.qmax);
  if (std::isnan(r))
    CHECK(q == zp);
  else if (std::isinf(r))
    CHECK(q == (r > 0 ? range.qmax : range.qmin));
  float t = r / scale;
  if (std::isnan(t) && std::isfinite(r))
    CHECK(q == zp);
  if (std::isfinite(t) && std::fabs(t) < 1e15f) {
    // Step 4: rne, then Z, then the clamp.
    double rounded = std::nearbyint(static_cast<double>(t));
    CHECK(q == static_cast<int64_t>(
                   clampI(static_cast<i128>(rounded) + zp, range.qmin,
                          range.qmax)));
  }
  // Monotone in r for a positive scale.
  if (scale > 0 && std::isfinite(scale)) {
    float r2 = pickFloat(fdp);
    if (!std::isnan(r2) && !std::isnan(r)) {
      int64_t q2 = quantize(r2, scale, zp, range);
      if (r <= r2)
        CHECK(q <= q2);
      else
        CHECK(q >= q2);
    }
    // Dequantize then quantize is the identity where the scale is a power
    // of two (every step exact).
    int exponent;
    if (std::frexp(scale, &exponent) == 0.5f && exponent > -100 &&
        exponent < 100) {
      int64_t stored = pickInt(fdp, range.qmin, range.qmax);
      float real = dequantize(stored, scale, zp);
      CHECK(real == scale * static_cast<float>(stored - zp));
      CHECK(quantize(real, scale, zp, range) == stored);
    }
  }
}

void checkParams(FuzzedDataProvider &fdp) {
  unsigned bits;
  bool isSigned;
  StorageRange range = pickRange(fdp, &bits, &isSigned);
  if (fdp.ConsumeBool()) {
    // Other ranges that contain 0 (section 1's all do), and empty ones.
    range.qmin = pickInt(fdp, -70000, 0);
    range.qmax = pickInt(fdp, -2, 70000);
  }
  double rmin = pickDouble(fdp), rmax = pickDouble(fdp);
  bool symmetric = fdp.ConsumeBool();
  QuantParams params{-1.0, 12345};
  snprintf(arguments, sizeof(arguments),
           "rmin=%a rmax=%a qmin=%lld qmax=%lld symmetric=%d signed=%d", rmin,
           rmax, (long long)range.qmin, (long long)range.qmax, symmetric,
           isSigned);
  RangeError error =
      symmetric ? chooseSymmetricParams(rmin, rmax, range, isSigned, params)
                : chooseAsymmetricParams(rmin, rmax, range, params);
  CHECK(describe(error) != nullptr);
  bool empty = range.qmin >= range.qmax || (symmetric && range.qmax <= 0);
  bool finite = std::isfinite(rmin) && std::isfinite(rmax);
  if (empty) {
    CHECK(error == RangeError::EmptyStorage);
  } else if (symmetric && !isSigned) {
    CHECK(error == RangeError::UnsignedSymmetric);
  } else if (!finite) {
    CHECK(error == RangeError::NonFinite);
  } else if (rmin > rmax) {
    CHECK(error == RangeError::Inverted);
  }
  if (error != RangeError::None) {
    CHECK(params.scale == -1.0 && params.zeroPoint == 12345);
    return;
  }
  CHECK(std::isfinite(params.scale) && params.scale > 0);
  CHECK(std::fpclassify(params.scale) == FP_NORMAL);
  CHECK(params.zeroPoint >= range.qmin && params.zeroPoint <= range.qmax);
  if (symmetric) {
    CHECK(params.zeroPoint == 0);
    double m = std::max(std::fabs(rmin), std::fabs(rmax));
    CHECK(params.scale == (m == 0 ? 1.0 : m / static_cast<double>(range.qmax)));
    return;
  }
  // The formulas below are stated for the storage ranges of section 1, which
  // contain 0.
  if (range.qmin > 0 || range.qmax < 0)
    return;
  double lo = std::min(rmin, 0.0), hi = std::max(rmax, 0.0);
  if (lo == 0 && hi == 0) {
    CHECK(params.scale == 1.0 && params.zeroPoint == 0);
    return;
  }
  double s = (hi - lo) / static_cast<double>(range.qmax - range.qmin);
  CHECK(params.scale == s);
  double z = std::nearbyint(static_cast<double>(range.qmax) - hi / s);
  CHECK(params.zeroPoint ==
        static_cast<int64_t>(clampI(static_cast<i128>(z), range.qmin,
                                    range.qmax)));
}

void checkQuantizeMultiplier(FuzzedDataProvider &fdp) {
  double m = pickDouble(fdp);
  FixedPointMultiplier q = quantizeMultiplier(m);
  if (std::isnan(m) || m <= 0) {
    CHECK(q.multiplier == 0 && q.shift == 0);
    return;
  }
  if (std::isinf(m)) {
    CHECK(q.multiplier == kInt32Max && q.shift == kMaxShift);
    return;
  }
  // Section 5, steps 2 to 6, exactly.
  int e;
  double frac = std::frexp(m, &e);
  // frac * 2^31 is exact; rha on a double is std::round.
  i128 m0 = static_cast<i128>(std::round(std::ldexp(frac, 31)));
  if (m0 == (i128(1) << 31)) {
    m0 = i128(1) << 30;
    ++e;
  }
  if (e < kMinShift) {
    CHECK(q.multiplier == 0 && q.shift == 0);
  } else if (e > kMaxShift) {
    CHECK(q.multiplier == kInt32Max && q.shift == kMaxShift);
  } else {
    CHECK(q.multiplier == m0 && q.shift == e);
    CHECK(q.multiplier >= (1 << 30));
    // Within half a unit of the last Q31 place.
    double value = std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
    CHECK(std::fabs(value - m) <= std::ldexp(1.0, q.shift - 32));
  }
}

void checkIntegerMultiplications(FuzzedDataProvider &fdp) {
  int32_t a = static_cast<int32_t>(pickInt(fdp, kInt32Min, kInt32Max));
  int32_t b = static_cast<int32_t>(pickInt(fdp, kInt32Min, kInt32Max));
  CHECK(saturatingRoundingDoublingHighMul(a, b) == srdhm(a, b));
  int32_t n = fdp.ConsumeIntegralInRange<int32_t>(0, 31);
  CHECK(roundingDivideByPOT(a, n) == roundHalfAwayPow2(a, n));
  // Out-of-range shifts are clamped, never undefined.
  (void)roundingDivideByPOT(a, fdp.ConsumeIntegral<int32_t>());

  FixedPointMultiplier m = pickMultiplier(fdp, kMinShift, kMaxShift);
  CHECK(multiplyByQuantizedMultiplierGemmlowp(a, m) ==
        gemmlowp(a, m.multiplier, m.shift));
  CHECK(multiplyByQuantizedMultiplierRndnu(a, m) ==
        rndnu(a, m.multiplier, m.shift));
  FixedPointMultiplier wild{static_cast<int32_t>(
                                pickInt(fdp, kInt32Min, kInt32Max)),
                            fdp.ConsumeIntegral<int32_t>()};
  (void)multiplyByQuantizedMultiplierGemmlowp(a, wild);
  (void)multiplyByQuantizedMultiplierRndnu(a, wild);

  int64_t x = pickInt(fdp, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max());
  FixedPointMultiplier m64 = pickMultiplier(fdp, kMinShift, kMaxShiftInt64);
  CHECK(multiplyByQuantizedMultiplierInt64(x, m64) ==
        multiply64(x, m64.multiplier, m64.shift));
  Int64Multiplier reduced = getInt64Multiplier(m64);
  CHECK(reduced.multiplier >= 0 && reduced.multiplier <= 0x7FFF);
  CHECK(reduced.rightShift == 15 - m64.shift);
  (void)multiplyByQuantizedMultiplierInt64(x, wild);
}

void checkRequantize(FuzzedDataProvider &fdp) {
  StorageRange range = pickRange(fdp);
  if (fdp.ConsumeBool())
    range = {kInt32Min, kInt32Max};
  int64_t zp = pickInt(fdp, range.qmin, range.qmax);
  int64_t lo = pickInt(fdp, range.qmin, range.qmax);
  int64_t hi = pickInt(fdp, range.qmin, range.qmax);
  RoundingMode mode = pickMode(fdp);
  if (mode == RoundingMode::Fp32) {
    int32_t acc = static_cast<int32_t>(pickInt(fdp, kInt32Min, kInt32Max));
    float m = pickFloat(fdp);
    int64_t y = requantizeFp32(acc, m, zp, lo, hi);
    // Section 6.3, in double: fl32(acc), one float32 product; rne; Z; the
    // clamp (the float clamp never cuts into [lo, hi]).
    float f = static_cast<float>(acc) * m;
    i128 expected;
    if (std::isnan(f))
      expected = zp;
    else if (std::fabs(f) > 1e30f)
      expected = f > 0 ? hi : lo;
    else
      expected = static_cast<i128>(std::nearbyint(static_cast<double>(f))) + zp;
    expected = lo > hi ? i128(lo) : clampI(expected, lo, hi);
    CHECK(y == expected);
    if (lo <= hi) {
      Fp32ClampBounds bounds = getFp32ClampBounds(zp, lo, hi);
      long double exactLo = static_cast<long double>(lo - zp);
      long double exactHi = static_cast<long double>(hi - zp);
      CHECK(bounds.lo <= exactLo &&
            std::nextafter(bounds.lo, INFINITY) > exactLo);
      CHECK(bounds.hi >= exactHi &&
            std::nextafter(bounds.hi, -INFINITY) < exactHi);
    }
    return;
  }
  FixedPointMultiplier m = pickMultiplier(fdp, kMinShift, kMaxShift);
  if (fdp.ConsumeBool()) {
    int32_t acc = static_cast<int32_t>(pickInt(fdp, kInt32Min, kInt32Max));
    i128 scaled = mode == RoundingMode::Gemmlowp
                      ? gemmlowp(acc, m.multiplier, m.shift)
                      : rndnu(acc, m.multiplier, m.shift);
    i128 expected = lo > hi ? i128(lo) : clampI(scaled + zp, lo, hi);
    CHECK(requantize(acc, m, mode, zp, lo, hi) == expected);
  } else {
    int64_t acc = pickInt(fdp, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max());
    if (m.shift > kMaxShiftInt64)
      m.shift = kMaxShiftInt64;
    i128 scaled = multiply64(acc, m.multiplier, m.shift);
    i128 expected = lo > hi ? i128(lo) : clampI(scaled + zp, lo, hi);
    CHECK(requantize(acc, m, mode, zp, lo, hi) == expected);
  }
}

void checkActivationBound(FuzzedDataProvider &fdp) {
  StorageRange range = pickRange(fdp);
  float scale = pickScale(fdp);
  int64_t zp = pickInt(fdp, range.qmin, range.qmax);
  RoundingMode mode = pickMode(fdp);
  float r = pickFloat(fdp), r2 = pickFloat(fdp);
  int64_t b = quantizeActivationBound(r, scale, zp, mode, range);
  CHECK(b >= range.qmin && b <= range.qmax);
  if (std::isnan(r)) {
    CHECK(b == zp);
    return;
  }
  float t = r / scale;
  if (std::isinf(t)) {
    CHECK(b == (t > 0 ? range.qmax : range.qmin));
  } else if (std::fabs(t) < 1e15f) {
    double rounded = mode == RoundingMode::Fp32
                         ? std::nearbyint(static_cast<double>(t))
                         : std::round(static_cast<double>(t));
    CHECK(b == static_cast<int64_t>(clampI(static_cast<i128>(rounded) + zp,
                                           range.qmin, range.qmax)));
  }
  if (!std::isnan(r2)) {
    int64_t b2 = quantizeActivationBound(r2, scale, zp, mode, range);
    if (r <= r2)
      CHECK(b <= b2);
  }
}

void checkConvOutputSize(FuzzedDataProvider &fdp) {
  int64_t in = pickInt(fdp, -4, std::numeric_limits<int64_t>::max());
  int64_t kernel = pickInt(fdp, -2, std::numeric_limits<int64_t>::max());
  int64_t stride = pickInt(fdp, -2, std::numeric_limits<int64_t>::max());
  int64_t dilation = pickInt(fdp, -2, std::numeric_limits<int64_t>::max());
  int64_t padLow = pickInt(fdp, -2, std::numeric_limits<int64_t>::max());
  int64_t padHigh = pickInt(fdp, -2, std::numeric_limits<int64_t>::max());
  auto size =
      getConvOutputSize(in, kernel, stride, dilation, padLow, padHigh);
  bool shapeValid = in >= 0 && padLow >= 0 && padHigh >= 0 && kernel >= 1 &&
                    stride >= 1 && dilation >= 1;
  if (!shapeValid) {
    CHECK(!size.has_value());
    return;
  }
  i128 extent = i128(dilation) * (kernel - 1) + 1;
  i128 padded = i128(in) + padLow + padHigh;
  if (padded < extent) {
    CHECK(!size.has_value());
    return;
  }
  i128 expected = (padded - extent) / stride + 1;
  // An overflowing intermediate may be reported as invalid; a result is
  // always the exact one.
  if (size)
    CHECK(*size == expected);
  else
    CHECK(extent > std::numeric_limits<int64_t>::max() ||
          padded > std::numeric_limits<int64_t>::max());
}

void checkBiasAndAccumulator(FuzzedDataProvider &fdp) {
  double sIn = pickDouble(fdp), sW = pickDouble(fdp), sOut = pickDouble(fdp);
  double sB = fdp.ConsumeBool() ? sIn * sW : pickDouble(fdp);
  bool accepted = isBiasScaleCompatible(sB, sIn, sW, sOut);
  if (!std::isfinite(sB) || !std::isfinite(sIn) || !std::isfinite(sW) ||
      !std::isfinite(sOut) || !(sOut > 0))
    CHECK(!accepted);
  else if (sB == sIn * sW)
    CHECK(accepted);

  uint64_t maxX = static_cast<uint64_t>(
      pickInt(fdp, 0, std::numeric_limits<int64_t>::max()));
  uint64_t sumW = static_cast<uint64_t>(
      pickInt(fdp, 0, std::numeric_limits<int64_t>::max()));
  uint64_t maxB = static_cast<uint64_t>(
      pickInt(fdp, 0, std::numeric_limits<int64_t>::max()));
  if (fdp.ConsumeBool())
    maxB = fdp.ConsumeIntegral<uint64_t>();
  unsigned bits = getAccumulatorBits(maxX, sumW, maxB);
  unsigned __int128 bound =
      static_cast<unsigned __int128>(maxX) * sumW + maxB;
  unsigned expected = bound <= static_cast<unsigned __int128>(kInt32Max) ? 32
                      : bound <= static_cast<unsigned __int128>(
                                     std::numeric_limits<int64_t>::max())
                          ? 64
                          : 0;
  CHECK(bits == expected);
}

void checkOpsBeyondConv(FuzzedDataProvider &fdp) {
  int64_t x = pickInt(fdp, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max());
  int64_t n = pickInt(fdp, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max());
  int64_t q = divideRoundHalfAway(x, n);
  CHECK(n <= 0 ? q == 0 : i128(q) == roundHalfAwayDiv(x, n));

  float sA = pickScale(fdp), sB = pickScale(fdp), sY = pickScale(fdp);
  int32_t shift = fdp.ConsumeBool() ? kAddLeftShift8 : kAddLeftShift16;
  AddMultipliers add = computeAddMultipliers(sA, sB, sY, shift);
  CHECK(add.lhs <= 0.5 && add.rhs <= 0.5 && add.lhs >= 0 && add.rhs >= 0);
  CHECK(add.lhs == 0.5 || add.rhs == 0.5);

  int64_t count = pickInt(fdp, 1, 1 << 20);
  float avg = computeFp32AverageMultiplier(sA, sY, count);
  CHECK(avg == sA / (sY * static_cast<float>(count)));

  // Tables: in range; monotone for the monotone functions.
  auto f = static_cast<UnaryFunction>(fdp.ConsumeIntegralInRange<uint32_t>(0, 4));
  (void)evaluateUnaryFunction(f, pickDouble(fdp));
  StorageRange out = *getStorageRange(8, fdp.ConsumeBool());
  StorageRange in = *getStorageRange(8, fdp.ConsumeBool());
  int64_t zIn = pickInt(fdp, in.qmin, in.qmax);
  int64_t zOut = pickInt(fdp, out.qmin, out.qmax);
  RoundingMode mode = pickMode(fdp);
  int64_t previous = std::numeric_limits<int64_t>::min();
  for (int64_t stored = in.qmin; stored <= in.qmax; ++stored) {
    int64_t entry =
        computeTableEntry(stored, sA, zIn, sY, zOut, out, f, mode);
    CHECK(entry >= out.qmin && entry <= out.qmax);
    if (f != UnaryFunction::HardSwish)
      CHECK(entry >= previous);
    previous = entry;
  }
}

void checkCalibration(FuzzedDataProvider &fdp) {
  unsigned bins = 1u << fdp.ConsumeIntegralInRange<unsigned>(0, 8);
  if (fdp.ConsumeBool())
    bins = fdp.ConsumeIntegralInRange<unsigned>(0, 300);
  StatisticsCollector collector(bins);
  int batches = fdp.ConsumeIntegralInRange<int>(1, 4);
  for (int i = 0; i < batches; ++i) {
    std::vector<float> batch(fdp.ConsumeIntegralInRange<size_t>(0, 16));
    for (float &value : batch)
      value = pickFloat(fdp);
    Status status = collector.addBatch(batch.data(), batch.size());
    bool clean = !batch.empty();
    for (float value : batch)
      clean &= std::isfinite(value);
    CHECK(status.succeeded() == (clean && isValidHistogramBins(bins)));
  }
  const CalibrationStatistics &stats = collector.getStatistics();
  if (stats.count == 0)
    return;
  Status valid = verifyStatistics(stats);
  if (valid.isFailure()) {
    fprintf(stderr, "qedge-fuzz-quantmath: %s\n", valid.getMessage().c_str());
    fail("the collector's statistics verify");
  }
  QuantizationKind kind;
  kind.bits = fdp.ConsumeIntegralInRange<unsigned>(1, 17);
  kind.isSigned = fdp.ConsumeBool();
  kind.symmetric = fdp.ConsumeBool();
  RangeOptions options;
  options.method =
      static_cast<RangeMethod>(fdp.ConsumeIntegralInRange<uint32_t>(0, 5));
  options.averagingConstant = fdp.ConsumeBool() ? pickDouble(fdp) : 0.5;
  options.numStdDevs = fdp.ConsumeBool() ? pickDouble(fdp) : 2.0;
  options.percentile = fdp.ConsumeBool() ? pickDouble(fdp) : 99.0;
  options.startBin = fdp.ConsumeIntegralInRange<unsigned>(0, 300);
  options.stride = fdp.ConsumeIntegralInRange<unsigned>(0, 8);
  Range range{12.0, -12.0};
  Status status = computeRange(stats, options, kind, range);
  snprintf(arguments, sizeof(arguments),
           "method=%s min=%a max=%a count=%llu bits=%u signed=%d "
           "symmetric=%d result=[%a, %a]",
           getRangeMethodName(options.method), stats.min, stats.max,
           (unsigned long long)stats.count, kind.bits, kind.isSigned,
           kind.symmetric, range.min, range.max);
  if (status.isFailure()) {
    CHECK(!status.getMessage().empty());
    CHECK(range.min == 12.0 && range.max == -12.0);
    return;
  }
  CHECK(std::isfinite(range.min) && std::isfinite(range.max));
  CHECK(range.min <= range.max);
  if (kind.symmetric && options.method != RangeMethod::MinMax &&
      options.method != RangeMethod::MovingAverage &&
      options.method != RangeMethod::MeanStd &&
      !(range.min == stats.min && range.max == stats.max))
    CHECK(range.min == -range.max);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  switch (fdp.ConsumeIntegralInRange<int>(0, 11)) {
  case 0:
    checkStorage(fdp);
    break;
  case 1:
    checkQuantize(fdp);
    break;
  case 2:
    checkParams(fdp);
    break;
  case 3:
    checkQuantizeMultiplier(fdp);
    break;
  case 4:
  case 5:
    checkIntegerMultiplications(fdp);
    break;
  case 6:
  case 7:
    checkRequantize(fdp);
    break;
  case 8:
    checkActivationBound(fdp);
    break;
  case 9:
    checkConvOutputSize(fdp);
    break;
  case 10:
    checkBiasAndAccumulator(fdp);
    checkOpsBeyondConv(fdp);
    break;
  default:
    checkCalibration(fdp);
    break;
  }
  return 0;
}
