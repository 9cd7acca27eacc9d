//===- QuantMathTest.cpp - Hand-derived QuantMath cases -------------------===//
//
// Every expected value below is derived by hand in the comment next to it
// (or taken from ONNX's test data, as named); none is computed with
// QEdgeQuantMath. The randomized comparisons against gemmlowp, an exact
// integer model and numpy live in the *ReferenceTest.cpp files.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <limits>

using namespace mlir::qedge::quantmath;
using qedge_test::kInt32Max;
using qedge_test::kInt32Min;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

constexpr StorageRange kI8{-128, 127};
constexpr StorageRange kI8Narrow{-127, 127};
constexpr StorageRange kU8{0, 255};
constexpr StorageRange kI16{-32768, 32767};

// 2^30: 0.5 in Q31.
constexpr int32_t kHalfQ31 = 1 << 30;

//===----------------------------------------------------------------------===//
// Storage
//===----------------------------------------------------------------------===//

void expectRange(std::optional<StorageRange> range, int64_t qmin,
                 int64_t qmax) {
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->qmin, qmin);
  EXPECT_EQ(range->qmax, qmax);
}

TEST(StorageRangeTest, SignedUnsignedAndNarrow) {
  // Signed: [-2^(N-1), 2^(N-1) - 1]; unsigned: [0, 2^N - 1].
  expectRange(getStorageRange(8, true), -128, 127);
  expectRange(getStorageRange(8, false), 0, 255);
  expectRange(getStorageRange(8, true, /*narrow=*/true), -127, 127);
  expectRange(getStorageRange(2, true), -2, 1);
  expectRange(getStorageRange(2, false), 0, 3);
  expectRange(getStorageRange(2, true, /*narrow=*/true), -1, 1);
  expectRange(getStorageRange(4, true), -8, 7);
  expectRange(getStorageRange(4, false), 0, 15);
  expectRange(getStorageRange(16, true), -32768, 32767);
  expectRange(getStorageRange(16, false), 0, 65535);
}

TEST(StorageRangeTest, RejectsWidthsAndUnsignedNarrow) {
  EXPECT_FALSE(getStorageRange(0, true));
  EXPECT_FALSE(getStorageRange(1, true));
  EXPECT_FALSE(getStorageRange(1, false));
  EXPECT_FALSE(getStorageRange(17, true));
  EXPECT_FALSE(getStorageRange(32, false));
  EXPECT_FALSE(getStorageRange(8, false, /*narrow=*/true));
}

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

TEST(QuantizeTest, RoundsHalfToEvenBeforeAddingZeroPoint) {
  // S = 1: r / S = r exactly.
  EXPECT_EQ(quantize(0.5f, 1.0f, 0, kI8), 0);   // rne(0.5) = 0
  EXPECT_EQ(quantize(1.5f, 1.0f, 0, kI8), 2);   // rne(1.5) = 2
  EXPECT_EQ(quantize(2.5f, 1.0f, 0, kI8), 2);   // rne(2.5) = 2
  EXPECT_EQ(quantize(-0.5f, 1.0f, 0, kI8), 0);  // rne(-0.5) = -0
  EXPECT_EQ(quantize(-1.5f, 1.0f, 0, kI8), -2); // rne(-1.5) = -2
  EXPECT_EQ(quantize(-2.5f, 1.0f, 0, kI8), -2); // rne(-2.5) = -2
  // Round first, then add Z: rne(0.5) + 1 = 1, whereas rne(0.5 + 1) = 2.
  EXPECT_EQ(quantize(0.5f, 1.0f, 1, kI8), 1);
  EXPECT_EQ(quantize(2.5f, 1.0f, -3, kI8), -1); // rne(2.5) - 3
  // S = 0.25: 0.625 / 0.25 = 2.5 exactly -> 2, + 100.
  EXPECT_EQ(quantize(0.625f, 0.25f, 100, kU8), 102);
}

TEST(QuantizeTest, DividesByTheFloat32Scale) {
  // fl32(0.1) = 13421773 * 2^-27 = 0.100000001490116..., so
  // 0.25 / fl32(0.1) = 2.49999996274... The float32 spacing at 2.5 is 2^-22
  // (2.4e-7): the quotient rounds to exactly 2.5, and rne(2.5) = 2; -3 gives
  // -1.
  EXPECT_EQ(quantize(0.25f, 0.1f, -3, kI8), -1);
}

TEST(QuantizeTest, OnnxDynamicQuantizeLinear) {
  // ONNX's DynamicQuantizeLinear test: x = [0, 2, -3, -2.5, 1.34, 0.5],
  // y_scale = fl32(5 / 255), y_zero_point = 153, expected
  // y = [153, 255, 0, 26, 221, 179]. The last is rne(25.5) + 153 = 179 (not
  // rne(178.5) = 178): 0.5 / fl32(5 / 255) is exactly 25.5 in float32.
  const float scale = 5.0f / 255.0f;
  const float x[] = {0.0f, 2.0f, -3.0f, -2.5f, 1.34f, 0.5f};
  const int64_t expected[] = {153, 255, 0, 26, 221, 179};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(quantize(x[i], scale, 153, kU8), expected[i]) << "x = " << x[i];
}

TEST(QuantizeTest, ClampsIntoStorage) {
  EXPECT_EQ(quantize(200.0f, 1.0f, 0, kI8), 127);
  EXPECT_EQ(quantize(-200.0f, 1.0f, 0, kI8), -128);
  EXPECT_EQ(quantize(-200.0f, 1.0f, 0, kI8Narrow), -127);
  EXPECT_EQ(quantize(-1.0f, 1.0f, 0, kU8), 0);
  // Quotients far beyond the int64 range: 1e30 / 1, 3e38 / 1e-3 (the latter
  // overflows float32 to +Inf).
  EXPECT_EQ(quantize(1e30f, 1.0f, 0, kI8), 127);
  EXPECT_EQ(quantize(-1e30f, 1.0f, 0, kI8), -128);
  EXPECT_EQ(quantize(3e38f, 1e-3f, 0, kI16), 32767);
  EXPECT_EQ(quantize(-3e38f, 1e-3f, 0, kI16), -32768);
}

TEST(QuantizeTest, NaNAndInfinities) {
  // NaN -> clamp(Z), +Inf -> qmax, -Inf -> qmin.
  EXPECT_EQ(quantize(kNaN, 0.5f, 5, kI8), 5);
  EXPECT_EQ(quantize(kNaN, 0.5f, 300, kU8), 255);
  EXPECT_EQ(quantize(kInf, 0.5f, 5, kI8), 127);
  EXPECT_EQ(quantize(-kInf, 0.5f, 5, kI8), -128);
  EXPECT_EQ(quantize(-kInf, 0.5f, 5, kU8), 0);
  // 0 / 0 is NaN.
  EXPECT_EQ(quantize(0.0f, 0.0f, 7, kI8), 7);
}

TEST(DequantizeTest, ScalesTheOffset) {
  EXPECT_EQ(dequantize(5, 0.5f, 3), 1.0f);          // 0.5 * (5 - 3)
  EXPECT_EQ(dequantize(-128, 0.25f, 127), -63.75f); // 0.25 * -255
  EXPECT_EQ(dequantize(7, 2.0f, 7), 0.0f);
}

//===----------------------------------------------------------------------===//
// Scale and zero point from a range
//===----------------------------------------------------------------------===//

void expectAsymmetric(double rmin, double rmax, StorageRange range,
                      double scale, int64_t zeroPoint) {
  QuantParams params{-1.0, -1};
  ASSERT_EQ(chooseAsymmetricParams(rmin, rmax, range, params),
            RangeError::None);
  EXPECT_EQ(params.scale, scale) << "[" << rmin << ", " << rmax << "]";
  EXPECT_EQ(params.zeroPoint, zeroPoint) << "[" << rmin << ", " << rmax << "]";
}

TEST(AsymmetricParamsTest, EightBit) {
  // int8 over [-1, 1]: S = 2 / 255; 1 / S = 127.5 exactly in double, so
  // Z = rne(127 - 127.5) = rne(-0.5) = 0 (half away from zero would give -1).
  expectAsymmetric(-1.0, 1.0, kI8, 2.0 / 255.0, 0);
  // uint8 over [0, 6]: S = 6 / 255, 6 / S = 255 exactly, Z = 255 - 255 = 0.
  expectAsymmetric(0.0, 6.0, kU8, 6.0 / 255.0, 0);
  // uint8 over [-1, 1]: S = 2 / 255, Z = rne(255 - 127.5) = rne(127.5) = 128.
  expectAsymmetric(-1.0, 1.0, kU8, 2.0 / 255.0, 128);
  // ONNX's DynamicQuantizeLinear range [-3, 2] in uint8: S = 5 / 255,
  // 2 / S = 102 exactly, Z = 255 - 102 = 153.
  expectAsymmetric(-3.0, 2.0, kU8, 5.0 / 255.0, 153);
}

TEST(AsymmetricParamsTest, DoubleRoundingOfTheZeroPoint) {
  // int8 over [-73, 73]: in reals Z = rne(127 - 127.5) = 0 as for [-1, 1],
  // but 146 * 2^53 / 255 = 5157063102714449.68 rounds to S =
  // 5157063102714450 * 2^-53, below 146 / 255, so 73 / S = 127.5 + 7.95e-15,
  // which rounds to 127.5 + 2^-46 (the spacing of doubles in [64, 128) is
  // 2^-46 = 1.42e-14). 127 - (127.5 + 2^-46) = -0.5 - 2^-46 -> -1.
  // (qmin - rmin / S would give -128 + 127.5 + 2^-46 -> 0.)
  expectAsymmetric(-73.0, 73.0, kI8, 146.0 / 255.0, -1);
}

TEST(AsymmetricParamsTest, WidensToContainZero) {
  // [2, 6] -> [0, 6]: as uint8 over [0, 6].
  expectAsymmetric(2.0, 6.0, kU8, 6.0 / 255.0, 0);
  // [-6, -2] -> [-6, 0] in int8: S = 6 / 255, Z = rne(127 - 0 / S) = 127.
  expectAsymmetric(-6.0, -2.0, kI8, 6.0 / 255.0, 127);
  // A single positive point 3 -> [0, 3] in int8: S = 3 / 255, Z = 127 - 255.
  expectAsymmetric(3.0, 3.0, kI8, 3.0 / 255.0, -128);
}

TEST(AsymmetricParamsTest, AllZeroRange) {
  expectAsymmetric(0.0, 0.0, kI8, 1.0, 0);
  expectAsymmetric(0.0, 0.0, kU8, 1.0, 0);
  expectAsymmetric(-0.0, 0.0, kI16, 1.0, 0);
}

TEST(AsymmetricParamsTest, OtherWidths) {
  // N = 2 signed [-2, 1] over [-1.5, 1.5]: S = 3 / 3 = 1,
  // Z = rne(1 - 1.5) = rne(-0.5) = 0.
  expectAsymmetric(-1.5, 1.5, StorageRange{-2, 1}, 1.0, 0);
  // N = 2 unsigned [0, 3] over [-1, 2]: S = 3 / 3 = 1, Z = 3 - 2 = 1.
  expectAsymmetric(-1.0, 2.0, StorageRange{0, 3}, 1.0, 1);
  // N = 4 signed [-8, 7] over [-0.5, 1.375]: S = 1.875 / 15 = 0.125,
  // Z = 7 - 1.375 / 0.125 = 7 - 11 = -4.
  expectAsymmetric(-0.5, 1.375, StorageRange{-8, 7}, 0.125, -4);
  // N = 4 unsigned [0, 15] over [-0.625, 3.125]: S = 3.75 / 15 = 0.25,
  // Z = rne(15 - 12.5) = rne(2.5) = 2 (a tie resolved downwards).
  expectAsymmetric(-0.625, 3.125, StorageRange{0, 15}, 0.25, 2);
  // N = 16 signed over [-1, 1]: S = 2 / 65535, 1 / S = 32767.5 exactly,
  // Z = rne(32767 - 32767.5) = rne(-0.5) = 0.
  expectAsymmetric(-1.0, 1.0, kI16, 2.0 / 65535.0, 0);
  // N = 16 unsigned over [-1, 3]: S = 4 / 65535, 3 / S = 49151.25 exactly,
  // Z = rne(65535 - 49151.25) = rne(16383.75) = 16384.
  expectAsymmetric(-1.0, 3.0, StorageRange{0, 65535}, 4.0 / 65535.0, 16384);
}

TEST(AsymmetricParamsTest, Errors) {
  QuantParams params{-1.0, -1};
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(chooseAsymmetricParams(nan, 1.0, kI8, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseAsymmetricParams(-1.0, nan, kI8, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseAsymmetricParams(-inf, 1.0, kI8, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseAsymmetricParams(-1.0, inf, kI8, params),
            RangeError::NonFinite);
  // rmax - rmin = 2e308 overflows double.
  EXPECT_EQ(chooseAsymmetricParams(-1e308, 1e308, kI8, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseAsymmetricParams(1.0, -1.0, kI8, params),
            RangeError::Inverted);
  EXPECT_EQ(chooseAsymmetricParams(-1.0, 1.0, StorageRange{3, 3}, params),
            RangeError::EmptyStorage);
  // Failures leave the result alone.
  EXPECT_EQ(params.scale, -1.0);
  EXPECT_EQ(params.zeroPoint, -1);
}

void expectSymmetric(double rmin, double rmax, StorageRange range,
                     double scale) {
  QuantParams params{-1.0, -1};
  ASSERT_EQ(chooseSymmetricParams(rmin, rmax, range, true, params),
            RangeError::None);
  EXPECT_EQ(params.scale, scale) << "[" << rmin << ", " << rmax << "]";
  EXPECT_EQ(params.zeroPoint, 0);
}

TEST(SymmetricParamsTest, NarrowAndFullRange) {
  // S = max(|rmin|, |rmax|) / qmax; qmax = 127 for both int8 ranges.
  expectSymmetric(-0.5, 63.5, kI8Narrow, 0.5); // 63.5 / 127
  expectSymmetric(-0.5, 63.5, kI8, 0.5);
  expectSymmetric(-127.0, 50.0, kI8Narrow, 1.0);        // |-127| / 127
  expectSymmetric(-3.5, 1.0, StorageRange{-7, 7}, 0.5); // 3.5 / 7
  expectSymmetric(-1.0, 2.0, StorageRange{-1, 1}, 2.0); // N = 2 narrow
  expectSymmetric(0.0, 32767.0, kI16, 1.0);
  // No widening is needed: [2, 4] uses |4|.
  expectSymmetric(2.0, 4.0, StorageRange{-8, 7}, 4.0 / 7.0);
  expectSymmetric(0.0, 0.0, kI8Narrow, 1.0);
}

TEST(SymmetricParamsTest, Errors) {
  QuantParams params{-1.0, -1};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(chooseSymmetricParams(-1.0, 1.0, kU8, false, params),
            RangeError::UnsignedSymmetric);
  EXPECT_EQ(chooseSymmetricParams(nan, 1.0, kI8, true, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseSymmetricParams(-1.0, std::numeric_limits<double>::infinity(),
                                  kI8, true, params),
            RangeError::NonFinite);
  EXPECT_EQ(chooseSymmetricParams(2.0, 1.0, kI8, true, params),
            RangeError::Inverted);
  EXPECT_EQ(chooseSymmetricParams(-1.0, 1.0, StorageRange{0, 0}, true, params),
            RangeError::EmptyStorage);
  EXPECT_EQ(params.scale, -1.0);
}

TEST(RangeErrorTest, Describe) {
  EXPECT_STREQ(describe(RangeError::None), "");
  for (RangeError error :
       {RangeError::NonFinite, RangeError::Inverted, RangeError::EmptyStorage,
        RangeError::UnsignedSymmetric})
    EXPECT_STRNE(describe(error), "");
}

//===----------------------------------------------------------------------===//
// QuantizeMultiplier
//===----------------------------------------------------------------------===//

void expectMultiplier(double m, int32_t multiplier, int32_t shift) {
  FixedPointMultiplier fixed = quantizeMultiplier(m);
  EXPECT_EQ(fixed.multiplier, multiplier) << "m = " << m;
  EXPECT_EQ(fixed.shift, shift) << "m = " << m;
}

TEST(QuantizeMultiplierTest, HandDerived) {
  // frexp(0.5) = 0.5 * 2^0; 0.5 * 2^31 = 2^30.
  expectMultiplier(0.5, kHalfQ31, 0);
  // frexp(1) = 0.5 * 2^1.
  expectMultiplier(1.0, kHalfQ31, 1);
  // frexp(3) = 0.75 * 2^2; 0.75 * 2^31 = 3 * 2^29 = 1610612736.
  expectMultiplier(3.0, 1610612736, 2);
  // frexp(0.1) = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> 1717986918.
  expectMultiplier(0.1, 1717986918, -3);
  // 2^-31 = 0.5 * 2^-30.
  expectMultiplier(std::ldexp(1.0, -31), kHalfQ31, -30);
}

TEST(QuantizeMultiplierTest, RoundsHalfAwayFromZero) {
  // q = 0.5 + 2^-32: q * 2^31 = 2^30 + 0.5 -> 2^30 + 1 (half to even would
  // give 2^30).
  expectMultiplier(0.5 + std::ldexp(1.0, -32), kHalfQ31 + 1, 0);
  // q = 0.5 + 3 * 2^-32: 2^30 + 1.5 -> 2^30 + 2.
  expectMultiplier(0.5 + 3 * std::ldexp(1.0, -32), kHalfQ31 + 2, 0);
}

TEST(QuantizeMultiplierTest, Renormalises) {
  // 1 - 2^-40 = q * 2^0 with q = 1 - 2^-40; q * 2^31 = 2^31 - 2^-9 rounds to
  // 2^31, which is halved to 2^30 with the shift raised to 1.
  expectMultiplier(1.0 - std::ldexp(1.0, -40), kHalfQ31, 1);
  // 2^-10 (1 - 2^-33): q * 2^31 = 2^31 - 0.25 -> 2^31 -> (2^30, -10 + 1).
  expectMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -33), -10), kHalfQ31, -9);
  // The largest double below 1: q * 2^31 = 2^31 - 2^-22 -> renormalised.
  expectMultiplier(std::nextafter(1.0, 0.0), kHalfQ31, 1);
  // q * 2^31 = 2^31 - 0.5 rounds half away, to 2^31: renormalised too.
  expectMultiplier(1.0 - std::ldexp(1.0, -32), kHalfQ31, 1);
  // 2^31 - 0.5 - 2^-21 stays below the tie: M0 = 2^31 - 1.
  expectMultiplier(1.0 - std::ldexp(1.0, -32) - std::ldexp(1.0, -52), kInt32Max,
                   0);
}

TEST(QuantizeMultiplierTest, SmallMultipliers) {
  // [2^-32, 2^-31) has shift -31 (from frexp): kept.
  expectMultiplier(std::ldexp(1.0, -32), kHalfQ31, -31);
  expectMultiplier(std::ldexp(0.75, -31), 1610612736, -31);
  // Below 2^-32 the shift is -32 or less: flushed to (0, 0).
  expectMultiplier(std::ldexp(1.0, -33), 0, 0);
  expectMultiplier(std::ldexp(0.999, -32), 0, 0);
  expectMultiplier(std::numeric_limits<double>::denorm_min(), 0, 0);
  // ... unless renormalisation lifts it: 2^-32 (1 - 2^-40) has q * 2^31
  // rounding to 2^31, so the shift becomes -31 and it is kept as 2^-32.
  expectMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -40), -32), kHalfQ31, -31);
  expectMultiplier(0.0, 0, 0);
}

TEST(QuantizeMultiplierTest, LargeMultipliersSaturate) {
  // 2^30 = 0.5 * 2^31: shift 31 > 30 -> (2^31 - 1, 30).
  expectMultiplier(std::ldexp(1.0, 30), kInt32Max, 30);
  expectMultiplier(1e300, kInt32Max, 30);
  // 2^30 (1 - 2^-40) renormalises to shift 31: saturated too.
  expectMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -40), 30), kInt32Max, 30);
  // 2^30 (1 - 2^-20): q * 2^31 = 2^31 - 2^11 = 2147481600, shift 30: kept.
  expectMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -20), 30), 2147481600, 30);
}

TEST(QuantizeMultiplierTest, OutsideThePrecondition) {
  expectMultiplier(std::numeric_limits<double>::quiet_NaN(), 0, 0);
  expectMultiplier(-0.5, 0, 0);
  expectMultiplier(std::numeric_limits<double>::infinity(), kInt32Max, 30);
}

//===----------------------------------------------------------------------===//
// Fixed-point primitives and the integer modes
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, SaturatingRoundingDoublingHighMul) {
  // round(a * b / 2^31), ties toward +infinity.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(kHalfQ31, kHalfQ31), 1 << 29);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(1, kHalfQ31), 1);   // 0.5
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-1, kHalfQ31), 0);  // -0.5
  EXPECT_EQ(saturatingRoundingDoublingHighMul(3, kHalfQ31), 2);   // 1.5
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-3, kHalfQ31), -1); // -1.5
  // -3 * 2^29 / 2^31 = -0.75 -> -1.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-3, 1 << 29), -1);
  // -2^31 * -2^31 / 2^31 = 2^31 does not fit: saturates.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(kInt32Min, kInt32Min), kInt32Max);
  // -2^31 (2^31 - 1) / 2^31 = -(2^31 - 1) exactly.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(kInt32Min, kInt32Max),
            -kInt32Max);
  // (2^31 - 1)^2 / 2^31 = 2^31 - 2 + 2^-31 -> 2^31 - 2.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(kInt32Max, kInt32Max),
            kInt32Max - 1);
}

TEST(FixedPointTest, RoundingDivideByPOT) {
  // round(x / 2^e), ties away from zero.
  EXPECT_EQ(roundingDivideByPOT(5, 1), 3);   // 2.5
  EXPECT_EQ(roundingDivideByPOT(-5, 1), -3); // -2.5
  EXPECT_EQ(roundingDivideByPOT(3, 1), 2);   // 1.5
  EXPECT_EQ(roundingDivideByPOT(-3, 1), -2); // -1.5
  EXPECT_EQ(roundingDivideByPOT(7, 2), 2);   // 1.75
  EXPECT_EQ(roundingDivideByPOT(-6, 2), -2); // -1.5
  EXPECT_EQ(roundingDivideByPOT(-5, 2), -1); // -1.25
  EXPECT_EQ(roundingDivideByPOT(12345, 0), 12345);
  EXPECT_EQ(roundingDivideByPOT(kInt32Min, 31), -1);        // -1
  EXPECT_EQ(roundingDivideByPOT(kInt32Max, 31), 1);         // 1 - 2^-31
  EXPECT_EQ(roundingDivideByPOT(kHalfQ31, 31), 1);          // 0.5
  EXPECT_EQ(roundingDivideByPOT(-kHalfQ31, 31), -1);        // -0.5
  EXPECT_EQ(roundingDivideByPOT(kHalfQ31 - 1, 31), 0);      // < 0.5
  EXPECT_EQ(roundingDivideByPOT(kInt32Min, 1), -(1 << 30)); // exact
}

TEST(IntegerModesTest, DoubleVersusSingleRounding) {
  // M0 = 2^30 + 1, e = -1: M = 0.25 + 2^-33.
  // gemmlowp: SRDHM(1, M0) = round(0.5 + 2^-31) = 1; RDBPOT(1, 1) = 1 (0.5
  // away from zero). rndnu: (2^30 + 1 + 2^31) >> 32 = 0.
  FixedPointMultiplier m{kHalfQ31 + 1, -1};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(1, m), 1);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(1, m), 0);
  // M = 0.25, x = -2: exactly -0.5. gemmlowp: SRDHM = -1, RDBPOT(-1, 1) = -1
  // (away from zero). rndnu: (-2^31 + 2^31) >> 32 = 0 (toward +infinity).
  m = {kHalfQ31, -1};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(-2, m), -1);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(-2, m), 0);
  // x = 2: both 1.
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(2, m), 1);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(2, m), 1);
}

TEST(IntegerModesTest, ShiftEnds) {
  // e = -31, M0 = 2^30: M = 2^-32. x = -2^31: exactly -0.5.
  // gemmlowp: SRDHM(-2^31, 2^30) = -2^30, RDBPOT(-2^30, 31) = -1.
  // rndnu: (-2^61 + 2^61) >> 62 = 0.
  FixedPointMultiplier m{kHalfQ31, kMinShift};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(kInt32Min, m), -1);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(kInt32Min, m), 0);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(kInt32Max, m), 0);
  // e = 30, M0 = 2^30: M = 2^29. x = 1 -> 2^29 in both modes; x = 4 overflows:
  // gemmlowp saturates the left shift (4 * 2^30 -> 2^31 - 1), then
  // SRDHM(2^31 - 1, 2^30) = round(2^30 - 0.5) = 2^30; rndnu saturates the
  // result 2^31 to 2^31 - 1.
  m = {kHalfQ31, kMaxShift};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(1, m), 1 << 29);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(1, m), 1 << 29);
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(4, m), 1 << 30);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(4, m), kInt32Max);
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(-4, m), -(1 << 30));
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(-4, m), kInt32Min);
  // The saturated multiplier (2^31 - 1, 30), x = -2^31: gemmlowp shifts to
  // -2^31 (saturated), SRDHM(-2^31, 2^31 - 1) = -(2^31 - 1); rndnu saturates.
  m = {kInt32Max, kMaxShift};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(kInt32Min, m), -kInt32Max);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(kInt32Min, m), kInt32Min);
}

TEST(IntegerModesTest, LeftShiftSaturates) {
  // e = 1, M0 = 2^30 (M = 1). gemmlowp: 2^31 - 1 shifted left saturates to
  // 2^31 - 1, then SRDHM(2^31 - 1, 2^30) = round(2^30 - 0.5) = 2^30. rndnu
  // keeps 64 bits: (2^31 - 1) * 2^30 / 2^30 = 2^31 - 1.
  FixedPointMultiplier m{kHalfQ31, 1};
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(kInt32Max, m), 1 << 30);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(kInt32Max, m), kInt32Max);
  // -2^30 * 2 = -2^31 still fits: SRDHM(-2^31, 2^30) = -2^30.
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(-(1 << 30), m), -(1 << 30));
  EXPECT_EQ(multiplyByQuantizedMultiplierGemmlowp(kInt32Min, m), -(1 << 30));
}

TEST(RequantizeTest, IntegerModes) {
  // M0 = 2^30, e = -3: M = 1/16. 1000 / 16 = 62.5.
  // gemmlowp: SRDHM(1000, 2^30) = 500, RDBPOT(500, 3) = 62.5 -> 63.
  // rndnu: (1000 * 2^30 + 2^33) >> 34 = 63 (62.5 toward +infinity).
  FixedPointMultiplier m{kHalfQ31, -3};
  EXPECT_EQ(requantize(1000, m, RoundingMode::Gemmlowp, 0, -128, 127), 63);
  EXPECT_EQ(requantize(1000, m, RoundingMode::Rndnu, 0, -128, 127), 63);
  // -62.5: gemmlowp -63 (away from zero), rndnu -62 (toward +infinity);
  // Z = 10 is added after rounding.
  EXPECT_EQ(requantize(-1000, m, RoundingMode::Gemmlowp, 10, -128, 127), -53);
  EXPECT_EQ(requantize(-1000, m, RoundingMode::Rndnu, 10, -128, 127), -52);
  // 10000 / 16 = 625 clamps to 127; with [0, 6] (ReLU6-like), to 6.
  EXPECT_EQ(requantize(10000, m, RoundingMode::Gemmlowp, 0, -128, 127), 127);
  EXPECT_EQ(requantize(10000, m, RoundingMode::Rndnu, 0, 0, 6), 6);
  EXPECT_EQ(requantize(-10000, m, RoundingMode::Rndnu, -128, -128, 127), -128);
  // A flushed multiplier (0, 0) gives Z.
  EXPECT_EQ(requantize(kInt32Max, FixedPointMultiplier{0, 0},
                       RoundingMode::Gemmlowp, 5, -128, 127),
            5);
}

//===----------------------------------------------------------------------===//
// fp32 mode
//===----------------------------------------------------------------------===//

TEST(Fp32ModeTest, Multiplier) {
  // 0.5 * 0.25 / 2 = 0.0625, every step exact.
  EXPECT_EQ(computeFp32Multiplier(0.5f, 0.25f, 2.0f), 0.0625f);
  // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46 rounds to 1 + 2^-22 in float32; over
  // 2^-10 that is 1024 + 2^-12.
  float a = 1.0f + std::ldexp(1.0f, -23);
  EXPECT_EQ(computeFp32Multiplier(a, a, std::ldexp(1.0f, -10)),
            1024.0f + std::ldexp(1.0f, -12));
}

TEST(QnnpackModeTest, MultiplierUsesTheReciprocal) {
  // fl32(0.3) = 0x1.333334p-2 and fl32(1 / fl32(0.3)) = 0x1.aaaaaap+1. With
  // S_w = 0x1.800002p-1 (0.75000006): fp32 gives 2.5 exactly, qnnpack
  // fl32(0x1.800002p-1 * 0x1.aaaaaap+1) = 0x1.400002p+1, the float after 2.5.
  float sOut = 0x1.333334p-2f, sW = 0x1.800002p-1f;
  EXPECT_EQ(computeFp32Multiplier(1.0f, sW, sOut), 2.5f);
  EXPECT_EQ(computeQnnpackMultiplier(1.0f, sW, sOut), 0x1.400002p+1f);
  // Where every step is exact the two agree.
  EXPECT_EQ(computeQnnpackMultiplier(0.5f, 0.25f, 2.0f), 0.0625f);
}

TEST(QnnpackModeTest, QuantizeUsesTheReciprocal) {
  // r = fl32(1.65) = 0x1.a66666p+0 over S = fl32(0.3) is 5.4999995 (5); times
  // fl32(1 / S) = 0x1.aaaaaap+1 it is the tie 5.5 (6, to even).
  StorageRange range{-128, 127};
  float r = 0x1.a66666p+0f, s = 0x1.333334p-2f;
  EXPECT_EQ(quantize(r, s, 0, range), 5);
  EXPECT_EQ(quantizeByReciprocal(r, s, 0, range), 6);
  EXPECT_EQ(quantizeByReciprocal(-r, s, 0, range), -6);
  // The special values follow quantize's rules.
  EXPECT_EQ(quantizeByReciprocal(kNaN, s, 3, range), 3);
  EXPECT_EQ(quantizeByReciprocal(kInf, s, 3, range), 127);
  EXPECT_EQ(quantizeByReciprocal(-kInf, s, 3, range), -128);
  EXPECT_EQ(quantizeByReciprocal(1e30f, s, 3, range), 127);
}

TEST(Fp32ModeTest, RoundsHalfToEven) {
  EXPECT_EQ(requantizeFp32(5, 0.5f, 0, -128, 127), 2);   // 2.5
  EXPECT_EQ(requantizeFp32(7, 0.5f, 0, -128, 127), 4);   // 3.5
  EXPECT_EQ(requantizeFp32(-5, 0.5f, 0, -128, 127), -2); // -2.5
  EXPECT_EQ(requantizeFp32(-5, 0.5f, 3, -128, 127), 1);  // -2 + 3
  EXPECT_EQ(requantizeFp32(3, 0.5f, 0, -128, 127), 2);   // 1.5
}

TEST(Fp32ModeTest, AccumulatorConversionRounds) {
  // 2^25 + 1 is not a float32: it converts to 2^25 (float32 spacing 4 there).
  // Times 2^-26 that is exactly 0.5 -> 0, where exact arithmetic gives
  // 0.5 + 2^-26 -> 1.
  EXPECT_EQ(requantizeFp32((1 << 25) + 1, std::ldexp(1.0f, -26), 0, -128, 127),
            0);
  // 2^24 + 3 is a float32 tie between 2^24 + 2 and 2^24 + 4: to even, 2^24 +
  // 4. Times 2^-2: 2^22 + 1.
  EXPECT_EQ(requantizeFp32((1 << 24) + 3, 0.25f, 0, kInt32Min, kInt32Max),
            (1 << 22) + 1);
}

TEST(Fp32ModeTest, ClampsBeforeAddingZeroPoint) {
  // 1000 clamps to [-128 - (-10), 127 - (-10)] = [-118, 137] -> 137, -10.
  EXPECT_EQ(requantizeFp32(1000, 1.0f, -10, -128, 127), 127);
  EXPECT_EQ(requantizeFp32(-1000, 1.0f, -10, -128, 127), -128);
  EXPECT_EQ(requantizeFp32(kInt32Max, 1e30f, 0, 0, 6), 6);
  // NaN products give Z.
  EXPECT_EQ(requantizeFp32(1, kNaN, 4, -128, 127), 4);
  EXPECT_EQ(requantizeFp32(0, kInf, 4, -128, 127), 4);
  EXPECT_EQ(requantizeFp32(1, kInf, 4, -128, 127), 127);
}

TEST(Fp32ModeTest, ClampBoundsRoundOutward) {
  // 8-bit storage: [-128 - (-128), 127 - (-128)] = [0, 255], exact.
  Fp32ClampBounds bounds = getFp32ClampBounds(-128, -128, 127);
  EXPECT_EQ(bounds.lo, 0.0f);
  EXPECT_EQ(bounds.hi, 255.0f);
  // Float32 values in [2^24, 2^25) are 2 apart: -16777219 goes down to
  // -16777220 and 16777217 up to 16777218.
  bounds = getFp32ClampBounds(0, -16777219, 16777217);
  EXPECT_EQ(bounds.lo, -16777220.0f);
  EXPECT_EQ(bounds.hi, 16777218.0f);
  // The int32 range with Z = 5: lo - Z = -2^31 - 5, where float32 values are
  // 256 apart, goes down to -2^31 - 256; hi - Z = 2^31 - 6, where they are
  // 128 apart, goes up to 2^31.
  bounds = getFp32ClampBounds(5, kInt32Min, kInt32Max);
  EXPECT_EQ(bounds.lo, -2147483904.0f);
  EXPECT_EQ(bounds.hi, 2147483648.0f);
  // Below lo, the outward bound leaves the value to the integer clamp, which
  // gives lo (a bound rounded inward, -16777218, would be the result).
  EXPECT_EQ(requantizeFp32(-16777220, 1.0f, 0, -16777219, 0), -16777219);
}

//===----------------------------------------------------------------------===//
// Fused activation bounds
//===----------------------------------------------------------------------===//

TEST(ActivationBoundTest, TiesPerMode) {
  // r / S = 2.5: 3 in the integer modes (half away), 2 in fp32 (half even).
  EXPECT_EQ(quantizeActivationBound(2.5f, 1.0f, 0, RoundingMode::Gemmlowp, kI8),
            3);
  EXPECT_EQ(quantizeActivationBound(2.5f, 1.0f, 0, RoundingMode::Rndnu, kI8),
            3);
  EXPECT_EQ(quantizeActivationBound(2.5f, 1.0f, 0, RoundingMode::Fp32, kI8), 2);
  // -2.5: -3 and -2.
  EXPECT_EQ(
      quantizeActivationBound(-2.5f, 1.0f, 0, RoundingMode::Gemmlowp, kI8), -3);
  EXPECT_EQ(quantizeActivationBound(-2.5f, 1.0f, 0, RoundingMode::Fp32, kI8),
            -2);
  // 0.75 / 0.5 = 1.5: 2 in every mode; + Z = -128.
  EXPECT_EQ(
      quantizeActivationBound(0.75f, 0.5f, -128, RoundingMode::Rndnu, kI8),
      -126);
  EXPECT_EQ(quantizeActivationBound(0.75f, 0.5f, -128, RoundingMode::Fp32, kI8),
            -126);
  // ReLU6 with S = 0.03125 and Z = -128: 6 / 0.03125 = 192 -> 64.
  EXPECT_EQ(quantizeActivationBound(6.0f, 0.03125f, -128,
                                    RoundingMode::Gemmlowp, kI8),
            64);
}

TEST(ActivationBoundTest, ClampAndSpecialValues) {
  EXPECT_EQ(
      quantizeActivationBound(1000.0f, 1.0f, 0, RoundingMode::Gemmlowp, kI8),
      127);
  EXPECT_EQ(quantizeActivationBound(0.0f, 1.0f, -128, RoundingMode::Fp32, kU8),
            0);
  EXPECT_EQ(quantizeActivationBound(kInf, 1.0f, 0, RoundingMode::Rndnu, kI8),
            127);
  EXPECT_EQ(quantizeActivationBound(-kInf, 1.0f, 0, RoundingMode::Fp32, kU8),
            0);
  EXPECT_EQ(quantizeActivationBound(kNaN, 1.0f, 3, RoundingMode::Gemmlowp, kI8),
            3);
  EXPECT_EQ(quantizeActivationBound(3e38f, 1e-3f, 0, RoundingMode::Fp32, kI16),
            32767);
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

TEST(ConvTest, OutputSize) {
  // floor((H + pt + pb - d (KH - 1) - 1) / s) + 1.
  EXPECT_EQ(getConvOutputSize(7, 3, 2, 1, 1, 1), 4);     // floor(6 / 2) + 1
  EXPECT_EQ(getConvOutputSize(224, 7, 2, 1, 3, 3), 112); // floor(223 / 2) + 1
  EXPECT_EQ(getConvOutputSize(10, 3, 1, 2, 0, 0), 6);    // 10 - 5 + 1
  EXPECT_EQ(getConvOutputSize(8, 3, 3, 1, 0, 0), 2);     // floor(5 / 3) + 1
  EXPECT_EQ(getConvOutputSize(3, 3, 1, 1, 0, 0), 1);     // kernel fills input
  EXPECT_EQ(getConvOutputSize(0, 1, 1, 1, 1, 0), 1);     // padding only
  EXPECT_FALSE(getConvOutputSize(2, 5, 1, 1, 0, 0));     // kernel too large
  EXPECT_FALSE(getConvOutputSize(2, 3, 1, 2, 1, 1));     // 4 < 5
  EXPECT_FALSE(getConvOutputSize(8, 3, 0, 1, 0, 0));
  EXPECT_FALSE(getConvOutputSize(8, 3, 1, 0, 0, 0));
  EXPECT_FALSE(getConvOutputSize(8, 0, 1, 1, 0, 0));
  EXPECT_FALSE(getConvOutputSize(-1, 1, 1, 1, 0, 0));
  EXPECT_FALSE(getConvOutputSize(8, 3, 1, 1, -1, 0));
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_FALSE(getConvOutputSize(max, 1, 1, 1, 1, 0));
  EXPECT_FALSE(getConvOutputSize(8, max, 1, 2, 0, 0));
  EXPECT_EQ(getConvOutputSize(max, 1, 1, 1, 0, 0), max);
}

TEST(ConvTest, BiasScaleTolerance) {
  // S_in S_w = 0.5 * 0.25 = 0.125, S_out = 1.
  EXPECT_TRUE(isBiasScaleCompatible(0.125, 0.5, 0.25, 1.0));
  EXPECT_TRUE(isBiasScaleCompatible(0.140625, 0.5, 0.25, 1.0)); // 2^-6
  EXPECT_TRUE(isBiasScaleCompatible(0.109375, 0.5, 0.25, 1.0)); // -2^-6
  EXPECT_FALSE(isBiasScaleCompatible(0.15625, 0.5, 0.25, 1.0)); // 2^-5
  // The same difference 2^-6 over S_out = 0.5 is 2^-5 > 0.02.
  EXPECT_FALSE(isBiasScaleCompatible(0.140625, 0.5, 0.25, 0.5));
  EXPECT_FALSE(isBiasScaleCompatible(0.125, 0.5, 0.25, 0.0));
  EXPECT_FALSE(isBiasScaleCompatible(std::numeric_limits<double>::quiet_NaN(),
                                     0.5, 0.25, 1.0));
}

TEST(ConvTest, AccumulatorBits) {
  // int8 input with Zx = -128: max |x - Zx| = 255; a 3x3x64 kernel of +-127:
  // 576 * 127 = 73152; 255 * 73152 + 1000 = 18654760 fits in i32.
  EXPECT_EQ(getAccumulatorBits(255, 73152, 1000), 32u);
  // 16x8: max |x - Zx| = 32768; 32768 * 73152 = 2397044736 > 2^31 - 1.
  EXPECT_EQ(getAccumulatorBits(32768, 73152, 0), 64u);
  // The bound 2^31 - 1 itself fits; one more does not.
  EXPECT_EQ(getAccumulatorBits(1, 2147483647, 0), 32u);
  EXPECT_EQ(getAccumulatorBits(1, 2147483647, 1), 64u);
  EXPECT_EQ(getAccumulatorBits(0, 0, 0), 32u);
  // 2^32 * 2^31 = 2^63 does not fit in i64.
  EXPECT_EQ(getAccumulatorBits(uint64_t(1) << 32, uint64_t(1) << 31, 0), 0u);
  EXPECT_EQ(getAccumulatorBits(uint64_t(1) << 32, (uint64_t(1) << 31) - 1,
                               uint64_t(1) << 32),
            0u);
}

} // namespace
