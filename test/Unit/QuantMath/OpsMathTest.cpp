//===- OpsMathTest.cpp - Hand-derived cases of the ops beyond conv --------===//
//
// The arithmetic helpers of docs/QuantizationSpec.md sections 10 to 12 and
// 18 (add and sub multipliers, the rounding division of pooling, the fp32
// average multiplier, the table's function and entries). Every expected value
// is derived by hand in the comment next to it; none is computed with
// QEdgeQuantMath. The execution tests compare
// the compiled ops with an independent numpy reference.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <limits>

using namespace mlir::qedge::quantmath;

namespace {

//===----------------------------------------------------------------------===//
// computeAddMultipliers (section 10)
//===----------------------------------------------------------------------===//

TEST(AddMultipliers, PowersOfTwo) {
  // twice = 2 * max(0.5, 0.25) = 1: 0.5 / 1, 0.25 / 1 and 1 / (2^20 * 1).
  AddMultipliers m = computeAddMultipliers(0.5, 0.25, 1.0, kAddLeftShift8);
  EXPECT_EQ(m.lhs, 0.5);
  EXPECT_EQ(m.rhs, 0.25);
  EXPECT_EQ(m.output, std::ldexp(1.0, -20));
}

TEST(AddMultipliers, LargerRhs) {
  // twice = 2 * 0.75 = 1.5: the larger scale gets 1/2, the other
  // 0.125 / 1.5 = 1/12, and the output 1.5 / (2^20 * 0.5) = 3 * 2^-20 (exact:
  // both operands are dyadic and 3 fits in the mantissa).
  AddMultipliers m = computeAddMultipliers(0.125, 0.75, 0.5, kAddLeftShift8);
  EXPECT_EQ(m.rhs, 0.5);
  EXPECT_EQ(m.lhs, 0.125 / 1.5);
  EXPECT_EQ(m.output, 3.0 * std::ldexp(1.0, -20));
}

TEST(AddMultipliers, SixteenBit) {
  // 16-bit storage shifts by 15: 2 * 2^-10 / (2^15 * 2^-12) = 2^-12.
  AddMultipliers m =
      computeAddMultipliers(std::ldexp(1.0, -10), std::ldexp(1.0, -10),
                            std::ldexp(1.0, -12), kAddLeftShift16);
  EXPECT_EQ(m.lhs, 0.5);
  EXPECT_EQ(m.rhs, 0.5);
  EXPECT_EQ(m.output, std::ldexp(1.0, -12));
}

TEST(AddMultipliers, OutputMultiplierAtOne) {
  // The edge of TFLite's condition: 2 * 1 / (2^20 * 2^-19) = 1, not below 1.
  AddMultipliers m =
      computeAddMultipliers(1.0, 0.5, std::ldexp(1.0, -19), kAddLeftShift8);
  EXPECT_EQ(m.output, 1.0);
}

//===----------------------------------------------------------------------===//
// divideRoundHalfAway (sections 11 and 12)
//===----------------------------------------------------------------------===//

TEST(DivideRoundHalfAway, Ties) {
  // 7 / 2 = 3.5 and 10 / 4 = 2.5: away from zero, on both sides.
  EXPECT_EQ(divideRoundHalfAway(7, 2), 4);
  EXPECT_EQ(divideRoundHalfAway(-7, 2), -4);
  EXPECT_EQ(divideRoundHalfAway(10, 4), 3);
  EXPECT_EQ(divideRoundHalfAway(-10, 4), -3);
  EXPECT_EQ(divideRoundHalfAway(6, 4), 2);
  EXPECT_EQ(divideRoundHalfAway(-6, 4), -2);
}

TEST(DivideRoundHalfAway, NotTies) {
  // 4 / 9 = 0.44 -> 0, 5 / 9 = 0.56 -> 1; 2^31 - 1 = 3 * 715827882 + 1,
  // so (2^31 - 1) / 3 = 715827882.33 -> 715827882.
  EXPECT_EQ(divideRoundHalfAway(0, 9), 0);
  EXPECT_EQ(divideRoundHalfAway(4, 9), 0);
  EXPECT_EQ(divideRoundHalfAway(-4, 9), 0);
  EXPECT_EQ(divideRoundHalfAway(5, 9), 1);
  EXPECT_EQ(divideRoundHalfAway(-5, 9), -1);
  EXPECT_EQ(divideRoundHalfAway(2147483647, 3), 715827882);
  EXPECT_EQ(divideRoundHalfAway(-2147483647, 3), -715827882);
}

TEST(DivideRoundHalfAway, Extremes) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // No overflow where TFLite's x + n / 2 would: -2^63 / 1 is itself,
  // (2^63 - 1) / 2 = 2^62 - 1/2 rounds to 2^62, -2^63 / 2 = -2^62 exactly.
  EXPECT_EQ(divideRoundHalfAway(kMin, 1), kMin);
  EXPECT_EQ(divideRoundHalfAway(kMax, 1), kMax);
  EXPECT_EQ(divideRoundHalfAway(kMax, 2), int64_t(1) << 62);
  EXPECT_EQ(divideRoundHalfAway(kMin, 2), -(int64_t(1) << 62));
  // (2^63 - 1) / 2^62 = 2 - 2^-62 -> 2; -2^63 / (2^63 - 1) = -1 - 2^-63
  // -> -1.
  EXPECT_EQ(divideRoundHalfAway(kMax, int64_t(1) << 62), 2);
  EXPECT_EQ(divideRoundHalfAway(kMin, kMax), -1);
}

TEST(DivideRoundHalfAway, NonPositiveDivisor) {
  EXPECT_EQ(divideRoundHalfAway(7, 0), 0);
  EXPECT_EQ(divideRoundHalfAway(7, -2), 0);
}

//===----------------------------------------------------------------------===//
// computeFp32AverageMultiplier (sections 11 and 12)
//===----------------------------------------------------------------------===//

TEST(Fp32AverageMultiplier, Exact) {
  // 0.5 / (0.25 * 4) = 0.5; 0.5 / (0.25 * 25) = 0.5 / 6.25 = 0.08, whose
  // float32 is 10737418 * 2^-27 (0.08 * 2^27 = 10737418.24): 0x1.47ae14p-4.
  EXPECT_EQ(computeFp32AverageMultiplier(0.5f, 0.25f, 4), 0.5f);
  EXPECT_EQ(computeFp32AverageMultiplier(0.5f, 0.25f, 25), 0x1.47ae14p-4f);
  // 0.5 / (0.25 * 6) = 1/3, rounded once: 0x1.555556p-2 (1/3 =
  // 0x1.5555555...p-2, the next bit after 23 fraction bits is 1 and more
  // follow).
  EXPECT_EQ(computeFp32AverageMultiplier(0.5f, 0.25f, 6), 0x1.555556p-2f);
}

TEST(Fp32AverageMultiplier, TwoRoundings) {
  // fl32(0.1) = 13421773 * 2^-27. Times 3: 40265319 * 2^-27, in [0.25, 0.5)
  // where float32 values are 2^-25 = 4 * 2^-27 apart: 40265319 / 4 =
  // 10066329.75 rounds to 10066330, so fl32(S_out * 3) = 40265320 * 2^-27.
  // The quotient 13421773 / 40265320 = 1/3 - 1 / (3 * 40265320) =
  // 0.333333325 lies between 0x1.555554p-2 = 0.3333333135 and
  // 0x1.555556p-2 = 0.3333333433, nearer the first. One rounding of
  // 0.1 / (0.1 * 3) would give fl32(1/3) = 0x1.555556p-2.
  EXPECT_EQ(computeFp32AverageMultiplier(0.1f, 0.1f, 3), 0x1.555554p-2f);
}

TEST(Fp32AverageMultiplier, LargeCount) {
  // The count is converted to float32 first: 2^24 + 1 becomes 2^24 (float32
  // values in [2^24, 2^25) are 2 apart, the tie goes to even).
  EXPECT_EQ(computeFp32AverageMultiplier(1.0f, 1.0f, (1 << 24) + 1), 0x1p-24f);
}

//===----------------------------------------------------------------------===//
// evaluateUnaryFunction, computeTableEntry (section 18)
//===----------------------------------------------------------------------===//

TEST(UnaryFunction, Values) {
  // sigmoid(0) = 1 / (1 + 1), tanh(0) = 0, exp(0) = 1; hard_sigmoid is
  // relu6(x + 3) / 6: 0 at -3 and below, 1 at 3 and above, 1/2 at 0;
  // hard_swish(x) = x * hard_sigmoid(x): -3 * 0 = 0, 3 * 1 = 3, -1 * 2/6.
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::Sigmoid, 0.0), 0.5);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::Tanh, 0.0), 0.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::Exp, 0.0), 1.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSigmoid, -4.0), 0.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSigmoid, 0.0), 0.5);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSigmoid, 5.0), 1.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSwish, -3.0), 0.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSwish, 3.0), 3.0);
  EXPECT_EQ(evaluateUnaryFunction(UnaryFunction::HardSwish, -1.0), -2.0 / 6.0);
}

constexpr StorageRange kI8{-128, 127};

TEST(TableEntry, Sigmoid) {
  // q = 3, S_in = 0.5, Z_in = 3: r = 0, sigmoid(0) = 0.5; S_out = 1/256:
  // fl32(1 / 2^-8) = 256, 0.5 * 256 = 128, Z_out = -128: 0.
  EXPECT_EQ(computeTableEntry(3, 0.5f, 3, 0x1p-8f, -128, kI8,
                              UnaryFunction::Sigmoid, RoundingMode::Gemmlowp),
            0);
}

TEST(TableEntry, Ties) {
  // hard_sigmoid(0) = 0.5; S_out = 1: a tie, rounded away from zero to 1 in
  // the integer modes, to even 0 in fp32. With S_out = 0.25 and q = 2
  // (r = 2): 5/6 rounds to fl32(5/6) = 13981013 * 2^-24, times 4 is
  // 3.3333334, rounded to 3 in every mode.
  EXPECT_EQ(computeTableEntry(0, 1.0f, 0, 1.0f, 0, kI8,
                              UnaryFunction::HardSigmoid,
                              RoundingMode::Gemmlowp),
            1);
  EXPECT_EQ(computeTableEntry(0, 1.0f, 0, 1.0f, 0, kI8,
                              UnaryFunction::HardSigmoid, RoundingMode::Rndnu),
            1);
  EXPECT_EQ(computeTableEntry(0, 1.0f, 0, 1.0f, 0, kI8,
                              UnaryFunction::HardSigmoid, RoundingMode::Fp32),
            0);
  EXPECT_EQ(computeTableEntry(2, 1.0f, 0, 0.25f, 0, kI8,
                              UnaryFunction::HardSigmoid, RoundingMode::Fp32),
            3);
  // -0.5: hard_swish(-1) = -1/3, S_out = 2/3 (inverse fl32(1.5)): a product
  // of fl32(-1/3) * 1.5 = -0.5 (exactly: fl32(1/3) = 11184811 * 2^-25,
  // times 3/2 = 33554433 * 2^-26 = 0.5 + 2^-26, which rounds to 0.5 in
  // float32). Away from zero: -1; to even: 0 (-0).
  EXPECT_EQ(computeTableEntry(-1, 1.0f, 0, 2.0f / 3.0f, 0, kI8,
                              UnaryFunction::HardSwish, RoundingMode::Gemmlowp),
            -1);
  EXPECT_EQ(computeTableEntry(-1, 1.0f, 0, 2.0f / 3.0f, 0, kI8,
                              UnaryFunction::HardSwish, RoundingMode::Fp32),
            0);
}

TEST(TableEntry, Saturation) {
  // exp(12.7) = 327747 at S_out = 1 clamps to 127; exp(-12.8) = 2.8e-6
  // rounds to 0, plus Z = -128.
  EXPECT_EQ(computeTableEntry(127, 0.1f, 0, 1.0f, 0, kI8, UnaryFunction::Exp,
                              RoundingMode::Gemmlowp),
            127);
  EXPECT_EQ(computeTableEntry(-128, 0.1f, 0, 1.0f, -128, kI8,
                              UnaryFunction::Exp, RoundingMode::Fp32),
            -128);
  // exp(127) overflows float32 to +inf: the end of the range.
  EXPECT_EQ(computeTableEntry(127, 1.0f, 0, 1.0f, 0, kI8, UnaryFunction::Exp,
                              RoundingMode::Rndnu),
            127);
}

} // namespace
