//===- QuantMath.cpp - The quant-edge numerics contract -------------------===//
//
// Implements docs/QuantizationSpec.md. Every float32 operation here is meant
// to be exactly one IEEE-754 binary32 operation in round-to-nearest-even: the
// project builds with -ffp-contract=off and without fast-math, and nothing
// here changes the rounding mode.
//
//===----------------------------------------------------------------------===//

#include "qedge/QuantMath/QuantMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::qedge::quantmath;

namespace {
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

int64_t clampInt(int64_t value, int64_t lo, int64_t hi) {
  // Not std::clamp: an empty [lo, hi] must give lo, not undefined behaviour.
  return std::max(lo, std::min(value, hi));
}

int32_t saturateToInt32(int64_t value) {
  return static_cast<int32_t>(clampInt(value, kInt32Min, kInt32Max));
}

/// Adds an integer zero point to an already rounded real value and clamps the
/// sum into [lo, hi]. The clamp happens in double so that quotients far
/// outside the int64 range (a finite float32 reaches 3.4e38) are never
/// converted to an integer type; inside the range every rounded float32 value
/// and every sum with a 16-bit zero point is exact in double.
int64_t addZeroPointAndClamp(float rounded, int64_t zeroPoint, int64_t lo,
                             int64_t hi) {
  double sum = static_cast<double>(rounded) + static_cast<double>(zeroPoint);
  if (sum <= static_cast<double>(lo))
    return lo;
  if (sum >= static_cast<double>(hi))
    return std::max(lo, hi);
  return static_cast<int64_t>(sum);
}

/// Rounds to nearest, ties away from zero (C's round(), TFLite's TfLiteRound).
float roundHalfAway(float value) { return std::round(value); }

/// Rounds to nearest, ties to even. std::nearbyint follows the current
/// rounding mode, which this library never changes from round-to-nearest-even;
/// unlike std::rint it raises no inexact exception.
float roundHalfEven(float value) { return std::nearbyint(value); }

/// Arithmetic shift right of a signed 64-bit value, i.e. floor division by
/// 2^shift. (Right shifts of negative values are arithmetic on every compiler
/// the project supports, and defined so from C++20.)
int64_t floorShiftRight(int64_t value, int shift) { return value >> shift; }

/// clamp(round(r / S) + Z, qmin, qmax) with one float32 division; shared by
/// quantize and the activation bounds, which differ only in `round`.
int64_t quantizeRounded(float r, float scale, int64_t zeroPoint,
                        StorageRange range, float (*round)(float),
                        bool byReciprocal = false) {
  // The infinities are mapped by their sign rather than through the division,
  // so that the rule holds as written whatever the scale.
  if (std::isnan(r))
    return clampInt(zeroPoint, range.qmin, range.qmax);
  if (std::isinf(r))
    return r > 0 ? std::max(range.qmin, range.qmax) : range.qmin;
  float quotient;
  if (byReciprocal) {
    // Named, so that no compiler fuses the two roundings.
    float reciprocal = 1.0f / scale;
    quotient = r * reciprocal;
  } else {
    quotient = r / scale;
  }
  // 0/0 or a NaN scale; an infinite quotient (finite r over a tiny scale)
  // clamps like any other large value.
  if (std::isnan(quotient))
    return clampInt(zeroPoint, range.qmin, range.qmax);
  return addZeroPointAndClamp(round(quotient), zeroPoint, range.qmin,
                              range.qmax);
}

/// The largest float32 not above `v`.
float floatAtMost(int64_t v) {
  float f = static_cast<float>(v);
  return static_cast<double>(f) > static_cast<double>(v)
             ? std::nextafter(f, -std::numeric_limits<float>::infinity())
             : f;
}

/// The smallest float32 not below `v`.
float floatAtLeast(int64_t v) {
  float f = static_cast<float>(v);
  return static_cast<double>(f) < static_cast<double>(v)
             ? std::nextafter(f, std::numeric_limits<float>::infinity())
             : f;
}

/// The `fp32` steps after the conversion of the accumulator to float32 (see
/// requantizeFp32).
int64_t requantizeFp32Value(float value, float m, int64_t zeroPoint, int64_t lo,
                            int64_t hi) {
  value *= m;
  // 0 * Inf or a NaN multiplier: treated as quantize treats NaN.
  if (std::isnan(value))
    return clampInt(zeroPoint, lo, hi);
  // The result is clamp(rne(value) + Z, lo, hi) on exact integers. The float
  // clamp only keeps the conversion finite and within int64, so its bounds
  // are rounded outward: exact in float32 for 8- and 16-bit storage, and
  // never cutting into [lo, hi] for i32 outputs.
  Fp32ClampBounds bounds = getFp32ClampBounds(zeroPoint, lo, hi);
  value = std::max(bounds.lo, std::min(value, bounds.hi));
  return clampInt(static_cast<int64_t>(roundHalfEven(value)) + zeroPoint, lo,
                  hi);
}
} // namespace

//===----------------------------------------------------------------------===//
// Storage
//===----------------------------------------------------------------------===//

std::optional<StorageRange>
mlir::qedge::quantmath::getStorageRange(unsigned bits, bool isSigned,
                                        bool narrow) {
  if (bits < kMinStorageBits || bits > kMaxStorageBits)
    return std::nullopt;
  if (!isSigned) {
    if (narrow)
      return std::nullopt;
    return StorageRange{0, (int64_t(1) << bits) - 1};
  }
  int64_t half = int64_t(1) << (bits - 1);
  return StorageRange{narrow ? -half + 1 : -half, half - 1};
}

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

int64_t mlir::qedge::quantmath::quantize(float r, float scale,
                                         int64_t zeroPoint,
                                         StorageRange range) {
  return quantizeRounded(r, scale, zeroPoint, range, roundHalfEven);
}

int64_t mlir::qedge::quantmath::quantizeByReciprocal(float r, float scale,
                                                     int64_t zeroPoint,
                                                     StorageRange range) {
  return quantizeRounded(r, scale, zeroPoint, range, roundHalfEven,
                         /*byReciprocal=*/true);
}

float mlir::qedge::quantmath::dequantize(int64_t q, float scale,
                                         int64_t zeroPoint) {
  return scale * static_cast<float>(q - zeroPoint);
}

//===----------------------------------------------------------------------===//
// Scale and zero point from a range
//===----------------------------------------------------------------------===//

const char *mlir::qedge::quantmath::describe(RangeError error) {
  switch (error) {
  case RangeError::None:
    return "";
  case RangeError::NonFinite:
    return "the range is not finite (NaN or infinite bound, or a scale that "
           "overflows or underflows double precision)";
  case RangeError::Inverted:
    return "the range is inverted (rmin > rmax)";
  case RangeError::EmptyStorage:
    return "the storage range holds fewer than two values";
  case RangeError::UnsignedSymmetric:
    return "symmetric quantization needs signed storage";
  }
  return "unknown range error";
}

namespace {
RangeError checkRange(double rmin, double rmax, StorageRange range) {
  if (range.qmin >= range.qmax)
    return RangeError::EmptyStorage;
  if (!std::isfinite(rmin) || !std::isfinite(rmax))
    return RangeError::NonFinite;
  if (rmin > rmax)
    return RangeError::Inverted;
  return RangeError::None;
}

/// A scale is usable when dividing by it cannot produce an infinity or a NaN
/// for a value of the range it was computed from.
bool isUsableScale(double scale) {
  return std::isfinite(scale) && scale >= std::numeric_limits<double>::min();
}
} // namespace

RangeError mlir::qedge::quantmath::chooseAsymmetricParams(double rmin,
                                                          double rmax,
                                                          StorageRange range,
                                                          QuantParams &result) {
  if (RangeError error = checkRange(rmin, rmax, range);
      error != RangeError::None)
    return error;
  // Real zero must be representable exactly: zero padding and ReLU rely on it.
  rmin = std::min(rmin, 0.0);
  rmax = std::max(rmax, 0.0);
  if (rmin == rmax) {
    result = {1.0, clampInt(0, range.qmin, range.qmax)};
    return RangeError::None;
  }
  double scale = (rmax - rmin) / static_cast<double>(range.qmax - range.qmin);
  if (!isUsableScale(scale))
    return RangeError::NonFinite;
  // qmax - rmax / S and qmin - rmin / S agree in real arithmetic but can
  // round differently in double; the spec fixes the first.
  double zeroPoint =
      std::nearbyint(static_cast<double>(range.qmax) - rmax / scale);
  // rmax / S <= qmax - qmin, so zeroPoint is within int64 before the clamp.
  result = {scale,
            clampInt(static_cast<int64_t>(zeroPoint), range.qmin, range.qmax)};
  return RangeError::None;
}

RangeError mlir::qedge::quantmath::chooseSymmetricParams(double rmin,
                                                         double rmax,
                                                         StorageRange range,
                                                         bool isSigned,
                                                         QuantParams &result) {
  if (range.qmin >= range.qmax || range.qmax <= 0)
    return RangeError::EmptyStorage;
  if (!isSigned)
    return RangeError::UnsignedSymmetric;
  if (RangeError error = checkRange(rmin, rmax, range);
      error != RangeError::None)
    return error;
  double absMax = std::max(std::fabs(rmin), std::fabs(rmax));
  if (absMax == 0.0) {
    result = {1.0, 0};
    return RangeError::None;
  }
  double scale = absMax / static_cast<double>(range.qmax);
  if (!isUsableScale(scale))
    return RangeError::NonFinite;
  result = {scale, 0};
  return RangeError::None;
}

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

FixedPointMultiplier mlir::qedge::quantmath::quantizeMultiplier(double m) {
  // Outside the precondition: NaN and negative multipliers flush, +Inf
  // saturates, so that the function is total.
  if (std::isnan(m) || m <= 0.0)
    return {0, 0};
  if (std::isinf(m))
    return {static_cast<int32_t>(kInt32Max), kMaxShift};
  int shift = 0;
  // m = q * 2^shift with q in [0.5, 1); q * 2^31 is exact in double.
  double q = std::frexp(m, &shift);
  int64_t fixed = static_cast<int64_t>(std::round(std::ldexp(q, 31)));
  // q just below 1 can round up to 2^31, which is not a Q31 value.
  if (fixed == (int64_t(1) << 31)) {
    fixed /= 2;
    ++shift;
  }
  // Too small for a 31-bit right shift: every int32 accumulator would round
  // to zero anyway (after renormalisation, as TFLite tests it).
  if (shift < kMinShift)
    return {0, 0};
  // Too large for a left shift of at most 30 bits: the largest representable
  // multiplier, which saturates every non-zero accumulator anyway.
  if (shift > kMaxShift)
    return {static_cast<int32_t>(kInt32Max), kMaxShift};
  return {static_cast<int32_t>(fixed), shift};
}

int32_t mlir::qedge::quantmath::saturatingRoundingDoublingHighMul(int32_t a,
                                                                  int32_t b) {
  // The only product whose doubled high half does not fit: (-1) * (-1) in Q31.
  if (a == b && a == kInt32Min)
    return static_cast<int32_t>(kInt32Max);
  // round(a * b / 2^31) with ties toward +infinity is floor((a*b + 2^30) /
  // 2^31); |a * b| < 2^62, so the sum cannot overflow.
  int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  return static_cast<int32_t>(
      floorShiftRight(product + (int64_t(1) << 30), 31));
}

int32_t mlir::qedge::quantmath::roundingDivideByPOT(int32_t x,
                                                    int32_t rightShift) {
  rightShift = std::clamp<int32_t>(rightShift, 0, 31);
  if (rightShift == 0)
    return x;
  // Ties away from zero: round the magnitude half up and restore the sign.
  // In 64 bits, -INT32_MIN and the added half cannot overflow.
  int64_t half = int64_t(1) << (rightShift - 1);
  int64_t magnitude = x < 0 ? -static_cast<int64_t>(x) : x;
  int64_t rounded = (magnitude + half) >> rightShift;
  return static_cast<int32_t>(x < 0 ? -rounded : rounded);
}

int32_t mlir::qedge::quantmath::multiplyByQuantizedMultiplierGemmlowp(
    int32_t x, FixedPointMultiplier m) {
  int32_t shift = std::clamp<int32_t>(m.shift, kMinShift, kMaxShift);
  int32_t leftShift = std::max<int32_t>(shift, 0);
  int32_t rightShift = std::max<int32_t>(-shift, 0);
  // TFLite writes x * (1 << leftShift) and leaves overflow undefined; the
  // spec saturates instead, as gemmlowp's SaturatingRoundingMultiplyByPOT.
  // |x| * 2^30 < 2^62 fits in 64 bits.
  int32_t shifted =
      saturateToInt32(static_cast<int64_t>(x) * (int64_t(1) << leftShift));
  return roundingDivideByPOT(
      saturatingRoundingDoublingHighMul(shifted, m.multiplier), rightShift);
}

int32_t mlir::qedge::quantmath::multiplyByQuantizedMultiplierRndnu(
    int32_t x, FixedPointMultiplier m) {
  int32_t shift = std::clamp<int32_t>(m.shift, kMinShift, kMaxShift);
  // x * M0 / 2^(31 - shift) rounded to nearest, ties toward +infinity, with a
  // right shift in [1, 62]. |x * M0| <= 2^62 and the rounding term is at most
  // 2^61, so the sum stays below 2^63.
  int rightShift = 31 - shift;
  int64_t product =
      static_cast<int64_t>(x) * static_cast<int64_t>(m.multiplier);
  int64_t rounding = int64_t(1) << (rightShift - 1);
  return saturateToInt32(floorShiftRight(product + rounding, rightShift));
}

Int64Multiplier
mlir::qedge::quantmath::getInt64Multiplier(FixedPointMultiplier m) {
  int32_t shift = std::clamp<int32_t>(m.shift, kMinShift, kMaxShiftInt64);
  // TFLite's Q15 multiplier: M0 rounded half up to 16 bits, except that the
  // values that would round to 2^15 (not a Q15 value) keep 0x7FFF. In 64 bits
  // M0 + 2^15 cannot overflow, and the reduced value fits in int32.
  constexpr int32_t kReducedLimit = 0x7FFF0000;
  constexpr int32_t kReducedMax = 0x7FFF;
  int32_t reduced = m.multiplier < kReducedLimit
                        ? static_cast<int32_t>(floorShiftRight(
                              int64_t(m.multiplier) + (1 << 15), 16))
                        : kReducedMax;
  return {reduced, 15 - shift};
}

int32_t mlir::qedge::quantmath::multiplyByQuantizedMultiplierInt64(
    int64_t x, FixedPointMultiplier m) {
  Int64Multiplier reduced = getInt64Multiplier(m);
  // |x| <= 2^47 and |reduced| <= 2^15, so |x * reduced| <= 2^62; with the
  // right shift in [8, 46] the rounding term is at most 2^45 and the sum fits.
  int64_t clamped = clampInt(x, kMinInt64Input, kMaxInt64Input);
  int64_t rounding = int64_t(1) << (reduced.rightShift - 1);
  return saturateToInt32(floorShiftRight(
      clamped * int64_t(reduced.multiplier) + rounding, reduced.rightShift));
}

double mlir::qedge::quantmath::computeRealMultiplier(double inputScale,
                                                     double weightScale,
                                                     double outputScale) {
  double product = inputScale * weightScale;
  return product / outputScale;
}

float mlir::qedge::quantmath::computeFp32Multiplier(float inputScale,
                                                    float weightScale,
                                                    float outputScale) {
  // Two separately rounded float32 operations, in this order; the product is
  // named so that no compiler may keep it in a wider register.
  float product = inputScale * weightScale;
  return product / outputScale;
}

float mlir::qedge::quantmath::computeQnnpackMultiplier(float inputScale,
                                                       float weightScale,
                                                       float outputScale) {
  // PyTorch's generate_requantization_scales: (S_w * S_x) * (1 / S_y), three
  // float32 roundings.
  float product = weightScale * inputScale;
  float reciprocal = 1.0f / outputScale;
  return product * reciprocal;
}

int64_t mlir::qedge::quantmath::requantize(int32_t acc, FixedPointMultiplier m,
                                           RoundingMode mode, int64_t zeroPoint,
                                           int64_t lo, int64_t hi) {
  if (mode == RoundingMode::Fp32) {
    // Not an integer mode: use the real value M0 * 2^(shift - 31) of the
    // fixed-point multiplier, rounded to float32, as the fp32 multiplier.
    float real = static_cast<float>(
        std::ldexp(static_cast<double>(m.multiplier), m.shift - 31));
    return requantizeFp32(acc, real, zeroPoint, lo, hi);
  }
  int32_t scaled = mode == RoundingMode::Rndnu
                       ? multiplyByQuantizedMultiplierRndnu(acc, m)
                       : multiplyByQuantizedMultiplierGemmlowp(acc, m);
  return clampInt(static_cast<int64_t>(scaled) + zeroPoint, lo, hi);
}

int64_t mlir::qedge::quantmath::requantize(int64_t acc, FixedPointMultiplier m,
                                           RoundingMode mode, int64_t zeroPoint,
                                           int64_t lo, int64_t hi) {
  if (mode == RoundingMode::Fp32) {
    // Outside the IR's contract (fp32 takes no i64 input); total as the int32
    // overload, on fl32(acc).
    float real = static_cast<float>(
        std::ldexp(static_cast<double>(m.multiplier), m.shift - 31));
    return requantizeFp32Value(static_cast<float>(acc), real, zeroPoint, lo,
                               hi);
  }
  // Both integer modes use TFLite's single 64-bit routine on i64 inputs.
  int32_t scaled = multiplyByQuantizedMultiplierInt64(acc, m);
  return clampInt(static_cast<int64_t>(scaled) + zeroPoint, lo, hi);
}

int64_t mlir::qedge::quantmath::requantizeFp32(int32_t acc, float m,
                                               int64_t zeroPoint, int64_t lo,
                                               int64_t hi) {
  // int32 -> float32 rounds to nearest even above 2^24.
  return requantizeFp32Value(static_cast<float>(acc), m, zeroPoint, lo, hi);
}

Fp32ClampBounds mlir::qedge::quantmath::getFp32ClampBounds(int64_t zeroPoint,
                                                           int64_t lo,
                                                           int64_t hi) {
  return {floatAtMost(lo - zeroPoint), floatAtLeast(hi - zeroPoint)};
}

//===----------------------------------------------------------------------===//
// Fused activation bounds
//===----------------------------------------------------------------------===//

int64_t mlir::qedge::quantmath::quantizeActivationBound(float r, float scale,
                                                        int64_t zeroPoint,
                                                        RoundingMode mode,
                                                        StorageRange range) {
  // A NaN bound is no bound at all in the frontends' eyes, but "unbounded"
  // would let a NaN silently disable a clamp; it maps like quantize's NaN.
  return quantizeRounded(r, scale, zeroPoint, range,
                         mode == RoundingMode::Fp32 ? roundHalfEven
                                                    : roundHalfAway);
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

std::optional<int64_t>
mlir::qedge::quantmath::getConvOutputSize(int64_t inputSize, int64_t kernelSize,
                                          int64_t stride, int64_t dilation,
                                          int64_t padLow, int64_t padHigh) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (inputSize < 0 || padLow < 0 || padHigh < 0 || kernelSize < 1 ||
      stride < 1 || dilation < 1)
    return std::nullopt;
  // Every operand is non-negative, so overflow can only go upwards.
  if (padLow > kMax - inputSize || padHigh > kMax - inputSize - padLow)
    return std::nullopt;
  int64_t padded = inputSize + padLow + padHigh;
  if (kernelSize - 1 > (kMax - 1) / dilation)
    return std::nullopt;
  int64_t dilatedKernel = dilation * (kernelSize - 1) + 1;
  if (padded < dilatedKernel)
    return std::nullopt;
  // Both operands are non-negative: integer division is the floor.
  return (padded - dilatedKernel) / stride + 1;
}

bool mlir::qedge::quantmath::isBiasScaleCompatible(double biasScale,
                                                   double inputScale,
                                                   double weightScale,
                                                   double outputScale) {
  if (!std::isfinite(biasScale) || !std::isfinite(inputScale) ||
      !std::isfinite(weightScale) || !std::isfinite(outputScale) ||
      outputScale <= 0.0)
    return false;
  // TFLite's rule, in double; a NaN from an overflowing product (Inf - Inf)
  // fails the comparison.
  return std::fabs(biasScale - inputScale * weightScale) / outputScale <=
         kBiasScaleTolerance;
}

unsigned mlir::qedge::quantmath::getAccumulatorBits(uint64_t maxAbsInput,
                                                    uint64_t sumAbsWeights,
                                                    uint64_t maxAbsBias) {
  constexpr uint64_t kInt64Max = std::numeric_limits<int64_t>::max();
  // The bound in unsigned 64-bit arithmetic, any overflow past 2^63 - 1
  // meaning that no supported accumulator holds it.
  if (sumAbsWeights != 0 && maxAbsInput > kInt64Max / sumAbsWeights)
    return 0;
  uint64_t bound = maxAbsInput * sumAbsWeights;
  if (maxAbsBias > kInt64Max - bound)
    return 0;
  bound += maxAbsBias;
  return bound <= static_cast<uint64_t>(kInt32Max) ? 32 : 64;
}

mlir::qedge::quantmath::AddMultipliers
mlir::qedge::quantmath::computeAddMultipliers(double lhsScale, double rhsScale,
                                              double outputScale,
                                              int32_t leftShift) {
  // As TFLite's add.cc / sub.cc Prepare: twice_max_input_scale, then three
  // double divisions. 2 * max and 2^leftShift * S_out are exact.
  double twice = 2.0 * std::max(lhsScale, rhsScale);
  return {lhsScale / twice, rhsScale / twice,
          twice / std::ldexp(outputScale, leftShift)};
}

int64_t mlir::qedge::quantmath::divideRoundHalfAway(int64_t x, int64_t n) {
  if (n <= 0)
    return 0;
  // |x| / n + (remainder >= n - remainder): the magnitude rounded half up,
  // without forming |x| + n / 2 (which could overflow), then the sign.
  uint64_t magnitude =
      x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
  uint64_t divisor = static_cast<uint64_t>(n);
  uint64_t quotient = magnitude / divisor;
  uint64_t remainder = magnitude % divisor;
  if (remainder >= divisor - remainder)
    ++quotient;
  if (x >= 0 || quotient == 0)
    return static_cast<int64_t>(quotient);
  // -quotient, also for quotient = 2^63 (x = INT64_MIN, n = 1).
  return -static_cast<int64_t>(quotient - 1) - 1;
}

float mlir::qedge::quantmath::computeFp32AverageMultiplier(float inputScale,
                                                           float outputScale,
                                                           int64_t count) {
  // Two separately rounded float32 operations, in this order.
  float denominator = outputScale * static_cast<float>(count);
  return inputScale / denominator;
}

double mlir::qedge::quantmath::evaluateUnaryFunction(UnaryFunction f,
                                                     double x) {
  auto relu6 = [](double v) { return std::min(std::max(v, 0.0), 6.0); };
  switch (f) {
  case UnaryFunction::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case UnaryFunction::Tanh:
    return std::tanh(x);
  case UnaryFunction::HardSigmoid:
    return relu6(x + 3.0) / 6.0;
  case UnaryFunction::HardSwish:
    return x * relu6(x + 3.0) / 6.0;
  case UnaryFunction::Exp:
    return std::exp(x);
  }
  return std::nan("");
}

int64_t mlir::qedge::quantmath::computeTableEntry(
    int64_t q, float inputScale, int64_t inputZp, float outputScale,
    int64_t outputZp, StorageRange outputRange, UnaryFunction f,
    RoundingMode mode) {
  float r = dequantize(q, inputScale, inputZp);
  auto t = static_cast<float>(evaluateUnaryFunction(f, r));
  float inverse = 1.0f / outputScale;
  float product = t * inverse;
  if (std::isnan(product))
    return clampInt(outputZp, outputRange.qmin, outputRange.qmax);
  // Infinities clamp to the end of the range of their sign.
  float rounded = mode == RoundingMode::Fp32 ? roundHalfEven(product)
                                             : roundHalfAway(product);
  return addZeroPointAndClamp(rounded, outputZp, outputRange.qmin,
                              outputRange.qmax);
}
