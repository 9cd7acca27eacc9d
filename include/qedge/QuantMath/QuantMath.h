//===- QuantMath.h - The quant-edge numerics contract -----------*- C++ -*-===//
//
// The arithmetic that defines quant-edge's results: quantize / dequantize,
// scale and zero point from a real range, fixed-point multipliers and the
// three requantization modes. docs/QuantizationSpec.md is the normative text;
// every function here implements one rule of it and nothing else.
//
// This library is plain C++ (no MLIR, no LLVM). The compiler calls it at
// compile time (verifiers, folders, passes, the lowering's constants);
// generated code implements the same formulas in IR and is tested against the
// spec, and the C runtime does not use it.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_QUANTMATH_QUANTMATH_H
#define QEDGE_QUANTMATH_QUANTMATH_H

#include <cstdint>
#include <optional>

namespace mlir {
namespace qedge {
namespace quantmath {

//===----------------------------------------------------------------------===//
// Storage
//===----------------------------------------------------------------------===//

/// The smallest and largest bit widths N of a quantized storage range.
constexpr unsigned kMinStorageBits = 2;
constexpr unsigned kMaxStorageBits = 16;

/// The inclusive integer range [qmin, qmax] a quantized value may take.
struct StorageRange {
  int64_t qmin;
  int64_t qmax;
};

/// The storage range of an N-bit integer: [-2^(N-1), 2^(N-1) - 1] when signed,
/// [0, 2^N - 1] when unsigned. `narrow` drops the most negative signed value
/// ([-(2^(N-1) - 1), 2^(N-1) - 1]) and is rejected for unsigned storage.
/// Returns std::nullopt for N outside [kMinStorageBits, kMaxStorageBits] or an
/// unsigned narrow range.
std::optional<StorageRange> getStorageRange(unsigned bits, bool isSigned,
                                            bool narrow = false);

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

/// q = clamp(round_half_even(r / S) + Z, qmin, qmax), where the division is one
/// IEEE float32 division by fl32(S) (no reciprocal). The rounding happens
/// before Z is added. NaN maps to clamp(Z), +Inf to qmax and -Inf to qmin (by
/// the sign of r, whatever the scale); a NaN quotient (0 / 0, NaN scale) maps
/// to clamp(Z) and an infinite one (finite r, tiny scale) clamps.
int64_t quantize(float r, float scale, int64_t zeroPoint, StorageRange range);

/// PyTorch's quantize (qnnpack mode): as quantize, but r is multiplied by
/// fl32(1 / S) where quantize divides by S. The two differ by one step where
/// the quotients fall on opposite sides of a rounding tie.
int64_t quantizeByReciprocal(float r, float scale, int64_t zeroPoint,
                             StorageRange range);

/// r = S * (q - Z), one float32 multiplication (q - Z is exact in float32 for
/// every supported storage range).
float dequantize(int64_t q, float scale, int64_t zeroPoint);

//===----------------------------------------------------------------------===//
// Scale and zero point from a range
//===----------------------------------------------------------------------===//

/// Scale and zero point of a uniform quantized type.
struct QuantParams {
  double scale;
  int64_t zeroPoint;
};

/// Why a range could not be turned into quantization parameters.
enum class RangeError {
  None,
  NonFinite,        ///< rmin or rmax is NaN or infinite, or the scale they
                    ///< give overflows or is subnormal in double.
  Inverted,         ///< rmin > rmax.
  EmptyStorage,     ///< qmin >= qmax.
  UnsignedSymmetric ///< symmetric quantization asked for unsigned storage.
};

/// A human-readable description of `error` (empty for RangeError::None).
const char *describe(RangeError error);

/// Asymmetric parameters: the range is first widened to contain 0, then
/// S = (rmax - rmin) / (qmax - qmin) and Z = round_half_even(qmax - rmax / S)
/// clamped into [qmin, qmax], all in double precision. The all-zero range gives
/// S = 1, Z = 0. Errors are checked in the order EmptyStorage, NonFinite,
/// Inverted; `result` is only written on success.
RangeError chooseAsymmetricParams(double rmin, double rmax, StorageRange range,
                                  QuantParams &result);

/// Symmetric parameters (signed storage only): Z = 0 and
/// S = max(|rmin|, |rmax|) / qmax (double precision). The all-zero range gives
/// S = 1. Errors are checked in the order EmptyStorage (also for qmax <= 0),
/// UnsignedSymmetric, NonFinite, Inverted; `result` is only written on success.
RangeError chooseSymmetricParams(double rmin, double rmax, StorageRange range,
                                 bool isSigned, QuantParams &result);

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

/// How an integer accumulator is scaled by a real multiplier M.
enum class RoundingMode : uint32_t {
  /// TFLite's default build: SaturatingRoundingDoublingHighMul then
  /// RoundingDivideByPOT (two roundings).
  Gemmlowp = 0,
  /// TFLite single rounding / TOSA single_round / XNNPACK rndnu: one 64-bit
  /// multiply, add and shift; ties toward +infinity.
  Rndnu = 1,
  /// ONNX Runtime / XNNPACK fp32: a float32 multiply and round half to even.
  Fp32 = 2,
};

/// The smallest and largest shifts a fixed-point multiplier may carry.
constexpr int32_t kMinShift = -31;
constexpr int32_t kMaxShift = 30;

/// M ~= M0 * 2^(shift - 31) with M0 a Q31 value in [2^30, 2^31) (or 0).
/// `shift` is TFLite's: the power of two, positive shifts left.
struct FixedPointMultiplier {
  int32_t multiplier;
  int32_t shift;
};

/// TFLite's QuantizeMultiplier: frexp, M0 = round_half_away(q * 2^31),
/// renormalised when it reaches 2^31; a shift below kMinShift flushes to
/// (0, 0); a shift above kMaxShift saturates to (2^31 - 1, 30). Both tests
/// use the shift after renormalisation, as TFLite does. `m` should be finite
/// and non-negative; to keep the function total, NaN and negative values give
/// (0, 0) and +Inf gives (2^31 - 1, 30).
FixedPointMultiplier quantizeMultiplier(double m);

/// gemmlowp's SaturatingRoundingDoublingHighMul: round(a * b / 2^31), ties
/// toward +infinity, INT32_MIN * INT32_MIN saturating to INT32_MAX.
int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b);

/// gemmlowp's RoundingDivideByPOT: round(x / 2^rightShift), ties away from
/// zero; rightShift (gemmlowp's `exponent`) in [0, 31] (values outside are
/// clamped into it).
int32_t roundingDivideByPOT(int32_t x, int32_t rightShift);

/// `gemmlowp` mode: RDBPOT(SRDHM(x * 2^max(shift, 0), M0), max(-shift, 0)),
/// with the left shift saturating to the int32 range. `m.shift` must be in
/// [kMinShift, kMaxShift]; values outside are clamped into it.
int32_t multiplyByQuantizedMultiplierGemmlowp(int32_t x,
                                              FixedPointMultiplier m);

/// `rndnu` mode: (x * M0 + 2^(30 - shift)) >> (31 - shift) in 64-bit
/// arithmetic, saturated to the int32 range; the right shift is in [1, 62].
/// `m.shift` must be in [kMinShift, kMaxShift]; values outside are clamped
/// into it.
int32_t multiplyByQuantizedMultiplierRndnu(int32_t x, FixedPointMultiplier m);

/// The largest shift multiplyByQuantizedMultiplierInt64 accepts: its product
/// keeps 15 fractional bits, so the right shift 15 - shift must stay positive.
constexpr int32_t kMaxShiftInt64 = 7;

/// The range TFLite states for the input of its 64-bit routine,
/// [-2^47, 2^47 - 1]: with a 16-bit multiplier the product stays below 2^62.
constexpr int64_t kMinInt64Input = -(int64_t(1) << 47);
constexpr int64_t kMaxInt64Input = (int64_t(1) << 47) - 1;

/// The multiplier of TFLite's 64-bit routine: M ~= multiplier *
/// 2^-rightShift, with a Q15 multiplier.
struct Int64Multiplier {
  /// TFLite's reduced_multiplier: M0 < 0x7FFF0000 ? (M0 + 2^15) >> 16 :
  /// 0x7FFF, in [0, 0x7FFF] for a non-negative M0.
  int32_t multiplier;
  /// TFLite's total_shift, 15 - shift, in [8, 46].
  int32_t rightShift;
};

/// Reduces a fixed-point multiplier to the one TFLite's 64-bit routine uses.
/// `m.shift` outside [kMinShift, kMaxShiftInt64] is clamped into it.
Int64Multiplier getInt64Multiplier(FixedPointMultiplier m);

/// The integer modes on an i64 accumulator (both `gemmlowp` and `rndnu`):
/// TFLite's 64-bit MultiplyByQuantizedMultiplier(int64_t x, int32_t
/// quantized_multiplier, int shift). With (reduced, s) = getInt64Multiplier(m),
/// y = (x * reduced + 2^(s - 1)) >> s (arithmetic shift), one rounding, ties
/// toward +infinity. quant-edge's definition adds: x is first clamped to
/// [kMinInt64Input, kMaxInt64Input] (TFLite's stated input range, so that the
/// product is exact in 64 bits), and y is saturated to the int32 range.
/// `m.shift` outside [kMinShift, kMaxShiftInt64] is clamped into it;
/// `m.multiplier` should be non-negative (a negative one is used as the
/// formula says, in 64-bit arithmetic).
int32_t multiplyByQuantizedMultiplierInt64(int64_t x, FixedPointMultiplier m);

/// The real multiplier of the integer modes, M = S_in * S_w / S_out, as two
/// double operations on the scales the quantized types hold (the input of
/// quantizeMultiplier).
double computeRealMultiplier(double inputScale, double weightScale,
                             double outputScale);

/// `fp32` mode multiplier: fl32(fl32(sIn * sW) / sOut), each operation one
/// float32 operation on the float32 scales.
float computeFp32Multiplier(float inputScale, float weightScale,
                            float outputScale);

/// `qnnpack` mode multiplier, PyTorch's: fl32(fl32(sW * sIn) * fl32(1 / sOut)).
/// It differs from computeFp32Multiplier in the last bit for some scales.
float computeQnnpackMultiplier(float inputScale, float weightScale,
                               float outputScale);

/// Requantizes an accumulator to an output of zero point `zeroPoint`, clamped
/// to [lo, hi] (a subrange of the storage range; lo > hi gives lo), in the
/// integer modes: clamp((int64)multiply(acc, m) + Z, lo, hi). Given
/// RoundingMode::Fp32 it applies requantizeFp32 with fl32(M0 * 2^(shift - 31)),
/// which is not how the compiler obtains an fp32 multiplier (see
/// computeFp32Multiplier).
int64_t requantize(int32_t acc, FixedPointMultiplier m, RoundingMode mode,
                   int64_t zeroPoint, int64_t lo, int64_t hi);

/// Requantizes an i64 accumulator: in both integer modes
/// clamp((int64)multiplyByQuantizedMultiplierInt64(acc, m) + Z, lo, hi).
/// Overload resolution follows the accumulator's static type, as
/// `qedge.rescale` follows its input's element type: an int64_t accumulator
/// takes the 64-bit routine even when its value fits in int32 (its 16-bit
/// multiplier can round differently), so convert to int32_t for the 32-bit
/// modes. The `fp32` mode takes no i64 accumulators (`qedge.rescale`'s
/// verifier rejects them); to keep the function total, given
/// RoundingMode::Fp32 it applies the steps of requantizeFp32 to fl32(acc)
/// with the multiplier fl32(M0 * 2^(shift - 31)), as the int32_t overload
/// does.
int64_t requantize(int64_t acc, FixedPointMultiplier m, RoundingMode mode,
                   int64_t zeroPoint, int64_t lo, int64_t hi);

/// `fp32` mode: the accumulator converted to float32 (round half to even),
/// multiplied by `m` in float32, clamped in float to [fl32(lo - Z),
/// fl32(hi - Z)], rounded half to even, then Z added and the sum clamped to
/// [lo, hi]. The last clamp only matters when lo - Z or hi - Z is not exact in
/// float32 (beyond 2^24: i32 outputs); with 8- and 16-bit storage the result
/// is already in [lo, hi]. A NaN product (0 * Inf, NaN multiplier) gives
/// clamp(Z, lo, hi).
int64_t requantizeFp32(int32_t acc, float m, int64_t zeroPoint, int64_t lo,
                       int64_t hi);

/// The float clamp of the `fp32` mode, [lo - Z, hi - Z] rounded outward to
/// float32.
struct Fp32ClampBounds {
  float lo; ///< The largest float32 not above lo - Z.
  float hi; ///< The smallest float32 not below hi - Z.
};

/// The bounds requantizeFp32 clamps the scaled value to before rounding it.
/// Rounded outward, they never cut into [lo, hi]; they are exact for 8- and
/// 16-bit storage.
Fp32ClampBounds getFp32ClampBounds(int64_t zeroPoint, int64_t lo, int64_t hi);

//===----------------------------------------------------------------------===//
// Fused activation bounds
//===----------------------------------------------------------------------===//

/// A real activation bound r mapped to storage: Z + round(r / S) (float32
/// division), rounded half away from zero in the integer modes and half to
/// even in `fp32`, then clamped into the storage range. +-Inf map to the ends
/// of the range. NaN maps to clamp(Z): treating it as "no bound" would let a
/// NaN silently remove a clamp, so it is given the same value as quantize
/// gives it.
int64_t quantizeActivationBound(float r, float scale, int64_t zeroPoint,
                                RoundingMode mode, StorageRange range);

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

/// The output extent of a convolution along one spatial dimension:
/// floor((in + padLow + padHigh - dilation * (kernel - 1) - 1) / stride) + 1.
/// std::nullopt when an extent or a padding is negative, the kernel, stride or
/// dilation is below 1, the padded input is shorter than the dilated kernel,
/// or an intermediate value overflows int64.
std::optional<int64_t> getConvOutputSize(int64_t inputSize, int64_t kernelSize,
                                         int64_t stride, int64_t dilation,
                                         int64_t padLow, int64_t padHigh);

/// TFLite's tolerance on a bias scale, relative to the output scale.
constexpr double kBiasScaleTolerance = 0.02;

/// Whether an i32 bias at `biasScale` may stand for S_in * S_w:
/// |biasScale - inputScale * weightScale| / outputScale <= kBiasScaleTolerance,
/// in double precision. False for NaN or infinite scales and for a
/// non-positive output scale.
bool isBiasScaleCompatible(double biasScale, double inputScale,
                           double weightScale, double outputScale);

/// The accumulator width a convolution needs: 32 when the static bound
/// maxAbsInput * sumAbsWeights + maxAbsBias (max |x - Zx| over the input
/// storage range, the largest sum of |w - Zw| of an output channel, and the
/// largest |b|) is at most 2^31 - 1, 64 when it is at most 2^63 - 1, and 0
/// (no accumulator is wide enough) otherwise.
unsigned getAccumulatorBits(uint64_t maxAbsInput, uint64_t sumAbsWeights,
                            uint64_t maxAbsBias);

//===----------------------------------------------------------------------===//
// Ops beyond conv
//===----------------------------------------------------------------------===//

/// The left shift TFLite's add and sub apply to each operand minus its zero
/// point before scaling it: 20 for 8-bit storage, 15 for 16-bit.
constexpr int32_t kAddLeftShift8 = 20;
constexpr int32_t kAddLeftShift16 = 15;

/// The real multipliers of TFLite's add and sub, as double operations on the
/// scales: with twice = 2 * max(lhsScale, rhsScale), lhs = lhsScale / twice,
/// rhs = rhsScale / twice and output = twice / (2^leftShift * outputScale).
/// The integer modes quantize each with quantizeMultiplier; TFLite requires
/// all three below 1 (`lhs` and `rhs` are at most 1/2 by construction).
struct AddMultipliers {
  double lhs;
  double rhs;
  double output;
};
AddMultipliers computeAddMultipliers(double lhsScale, double rhsScale,
                                     double outputScale, int32_t leftShift);

/// x / n rounded to the nearest integer, ties away from zero, for n > 0:
/// TFLite's `x > 0 ? (x + n / 2) / n : (x - n / 2) / n` in C's truncating
/// division, without its overflow. Given n <= 0 it returns 0.
int64_t divideRoundHalfAway(int64_t x, int64_t n);

/// The `fp32` multiplier of an average over `count` values:
/// fl32(inputScale / fl32(outputScale * count)), two float32 operations on
/// the float32 scales (`count` is converted to float32 first, exactly up to
/// 2^24).
float computeFp32AverageMultiplier(float inputScale, float outputScale,
                                   int64_t count);

/// The unary functions `qedge.table` tabulates, in real numbers.
enum class UnaryFunction : uint32_t {
  Sigmoid = 0,     ///< 1 / (1 + exp(-x))
  Tanh = 1,        ///< tanh(x)
  HardSigmoid = 2, ///< min(max(x + 3, 0), 6) / 6 (MobileNetV3's)
  HardSwish = 3,   ///< x * min(max(x + 3, 0), 6) / 6
  Exp = 4,         ///< exp(x)
};

/// `f(x)` evaluated in double precision with the C library's exp and tanh.
double evaluateUnaryFunction(UnaryFunction f, double x);

/// One entry of an 8-bit lookup table (spec section 18): for the stored input
/// `q`, r = fl32(inputScale * (q - inputZp)) (dequantize), t = fl32(f(r))
/// (evaluateUnaryFunction, rounded once to float32), then
/// clamp(round(fl32(t * fl32(1 / outputScale))) + outputZp, qmin, qmax) with
/// round half away from zero in the integer modes (TFLite's LUTPopulate) and
/// half to even in `fp32`. An infinite product maps to the end of the range
/// of its sign, NaN to clamp(outputZp).
int64_t computeTableEntry(int64_t q, float inputScale, int64_t inputZp,
                          float outputScale, int64_t outputZp,
                          StorageRange outputRange, UnaryFunction f,
                          RoundingMode mode);

} // namespace quantmath
} // namespace qedge
} // namespace mlir

#endif // QEDGE_QUANTMATH_QUANTMATH_H
