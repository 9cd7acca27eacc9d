//===- Int64ReferenceTest.cpp - i64 accumulators against exact arithmetic -===//
//
// Reference: the definition of TFLite's 64-bit MultiplyByQuantizedMultiplier
// with quant-edge's input clamp and output saturation, written as rational
// numbers and evaluated exactly in 128-bit integers with floor divisions (no
// shifts, no 64-bit tricks):
//
//   reduced = 0x7FFF                       if M0 >= 0x7FFF0000,
//             floor(M0 / 2^16 + 1/2)       otherwise (M0 / 2^16 rounded half
//                                          toward +infinity);
//   y       = sat32(floor(clamp(x, -2^47, 2^47 - 1) * reduced / 2^(15 - e)
//                         + 1/2)).
//
// It shares no code with QEdgeQuantMath. The hand-derived cases spell out
// the arithmetic in comments.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

using namespace mlir::qedge::quantmath;
using namespace qedge_test;

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr uint64_t kSeed = 0x5eed0064;
// Tags this file's summary lines; failures call the expected value "exact".
constexpr char kLabel[] = "[ int64 ]";
constexpr char kReference[] = "exact";

// The shift range of the 64-bit routine, written out rather than taken
// from the library's constants.
constexpr int kMinE = -31;
constexpr int kMaxE = 7;

/// TFLite's 16-bit multiplier: floor(M0 / 2^16 + 1/2) =
/// floor((2 M0 + 2^16) / 2^17), or 0x7FFF from M0 = 0x7FFF0000 on.
Int128 exactReducedMultiplier(int32_t m0) {
  if (Int128(m0) >= Int128(0x7FFF0000))
    return 0x7FFF;
  return floorDiv(2 * Int128(m0) + powerOfTwo(16), powerOfTwo(17));
}

/// floor(c * reduced / 2^(15 - e) + 1/2) =
/// floor((2 c reduced + 2^(15 - e)) / 2^(16 - e)), with c the clamped input,
/// saturated to int32.
int32_t exactReference(int64_t x, int32_t m0, int e) {
  Int128 lowest = -powerOfTwo(47), highest = powerOfTwo(47) - 1;
  Int128 c = Int128(x);
  if (c < lowest)
    c = lowest;
  if (c > highest)
    c = highest;
  Int128 num = 2 * c * exactReducedMultiplier(m0) + powerOfTwo(15 - e);
  return saturateToInt32(floorDiv(num, powerOfTwo(16 - e)));
}

/// Compares the 64-bit routine with exactReference at (x, M0, e).
void checkTriple(ComparisonCounter &counter, int64_t x, int32_t m0, int32_t e) {
  counter.check(multiplyByQuantizedMultiplierInt64(x, {m0, e}),
                exactReference(x, m0, e), "x = ", x, ", M0 = ", m0,
                ", e = ", e);
}

TEST(Int64ReferenceTest, ReferenceSelfCheck) {
  // The reference itself, on hand-derived values.
  // M0 = 1518500250: (2 * 1518500250 + 65536) / 131072 = 23170.5000...
  // -> 23170 (1518500250 + 32768 = 1518533018 = 23170 * 65536 + 63898).
  EXPECT_EQ(exactReducedMultiplier(1518500250), 23170);
  // M0 = 2^15 - 1 -> 0.49999 -> 0; M0 = 2^15 -> exactly 0.5 -> 1.
  EXPECT_EQ(exactReducedMultiplier(32767), 0);
  EXPECT_EQ(exactReducedMultiplier(32768), 1);
  // 0x7FFE7FFF / 2^16 = 32766.49999 -> 32766; 0x7FFE8000 -> 32766.5 -> 32767;
  // from 0x7FFF0000 on the value is 0x7FFF by definition, even where
  // rounding would give 0x8000 (M0 >= 0x7FFF8000).
  EXPECT_EQ(exactReducedMultiplier(0x7FFE7FFF), 32766);
  EXPECT_EQ(exactReducedMultiplier(0x7FFE8000), 32767);
  EXPECT_EQ(exactReducedMultiplier(0x7FFF8000), 32767);
  EXPECT_EQ(exactReducedMultiplier(kInt32Max), 32767);
  // 1 * 2^14 / 2^15 = 0.5 -> 1; -0.5 -> 0; -1.5 -> -1 (ties toward +inf).
  EXPECT_EQ(exactReference(1, 1 << 30, 0), 1);
  EXPECT_EQ(exactReference(-1, 1 << 30, 0), 0);
  EXPECT_EQ(exactReference(-3, 1 << 30, 0), -1);
  // 2^50 clamps to 2^47 - 1: (2^47 - 1) * 2^14 / 2^46 = 2^15 - 2^-32 ->
  // 32768.
  EXPECT_EQ(exactReference(int64_t(1) << 50, 1 << 30, -31), 32768);
}

TEST(Int64ReferenceTest, HandDerived) {
  constexpr int32_t kM0 = 1518500250; // round(2^31 / sqrt(2)); reduced 23170.
  // The reduced multiplier itself: e = 0 gives total_shift = 15, and
  // x = 2^15 gives (2^15 * 23170 + 2^14) >> 15 = 23170 (the offset 2^14 is
  // below one unit of 2^15).
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(32768, {kM0, 0}), 23170);

  // e = 2: total_shift = 15 - 2 = 13, offset 2^12 = 4096.
  // x = 1000: 1000 * 23170 = 23170000; + 4096 = 23174096;
  // 8192 * 2828 = 23166976 <= 23174096 < 23166976 + 8192, so y = 2828
  // (1000 * 23170 / 8192 = 2828.37).
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(1000, {kM0, 2}), 2828);
  // x = -1000: -23170000 + 4096 = -23165904 = -2827.87 * 8192, floor -2828.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(-1000, {kM0, 2}), -2828);
  // Ties: 2048 * 23170 = 47452160 = 5792.5 * 8192.
  // x = 2048: 47452160 + 4096 = 47456256 = 5793 * 8192 -> 5793.
  // x = -2048: -47452160 + 4096 = -47448064 = -5792 * 8192 -> -5792
  // (toward +infinity, in both integer modes).
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(2048, {kM0, 2}), 5793);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(-2048, {kM0, 2}), -5792);

  // The 16-bit multiplier rounds differently from the 32-bit modes: x = 169,
  // e = 0. 64-bit: 169 * 23170 = 3915730, + 16384 = 3932114 < 120 * 32768 =
  // 3932160, so 119 (119.4986). rndnu: 169 * 1518500250 = 256626542250 lies
  // above 119.5 * 2^31 = 256624295936, so 120.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(169, {kM0, 0}), 119);
  EXPECT_EQ(multiplyByQuantizedMultiplierRndnu(169, {kM0, 0}), 120);

  // A 16x8 accumulator beyond int32: x = 3 * 10^9, e = -20, total_shift 35.
  // 3e9 * 23170 = 69510000000000; 2023 * 2^35 = 69509750718464 and the
  // remainder 249281536 is below the offset's complement 2^34, so 2023
  // (2023.007); -3e9 gives floor(-2023.007 + 0.5) = -2023.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(3000000000, {kM0, -20}), 2023);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(-3000000000, {kM0, -20}), -2023);

  // The input clamp: M0 = 2^30 (reduced (2^30 + 2^15) >> 16 = 2^14), e = -31
  // (total_shift 46). x = 2^50 clamps to 2^47 - 1: (2^61 - 2^14 + 2^45) >> 46
  // = 2^15 (unclamped it would be 2^50 * 2^14 / 2^46 = 2^18). x = -2^50
  // clamps to -2^47: (-2^61 + 2^45) >> 46 = floor(-2^15 + 1/2) = -2^15.
  EXPECT_EQ(
      multiplyByQuantizedMultiplierInt64(int64_t(1) << 50, {1 << 30, -31}),
      32768);
  EXPECT_EQ(
      multiplyByQuantizedMultiplierInt64(-(int64_t(1) << 50), {1 << 30, -31}),
      -32768);
  // Extreme int64 inputs clamp the same way.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(kInt64Max, {1 << 30, -31}),
            32768);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(kInt64Min, {1 << 30, -31}),
            -32768);

  // The output saturation: e = 7 (total_shift 8), x = 2^40:
  // 2^40 * 2^14 / 2^8 = 2^46 saturates to 2^31 - 1; -2^46 to -2^31.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(int64_t(1) << 40, {1 << 30, 7}),
            kInt32Max);
  EXPECT_EQ(
      multiplyByQuantizedMultiplierInt64(-(int64_t(1) << 40), {1 << 30, 7}),
      kInt32Min);

  // The 0x7FFF0000 boundary, with x = 2^16 and e = 0: y = (2^16 r + 2^14)
  // >> 15 = 2r. 0x7FFE7FFF -> r = 32766, y = 65532; 0x7FFE8000 -> 32767,
  // 65534; 0x7FFEFFFF, 0x7FFF0000, 0x7FFF8000 and 0x7FFFFFFF -> 0x7FFF,
  // 65534 (a rounded 0x7FFF8000 or 0x7FFFFFFF would give 2^15 and 65536).
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {0x7FFE7FFF, 0}), 65532);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {0x7FFE8000, 0}), 65534);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {0x7FFEFFFF, 0}), 65534);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {0x7FFF0000, 0}), 65534);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {0x7FFF8000, 0}), 65534);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(65536, {kInt32Max, 0}), 65534);
  // M0 = 2^31 - 1, x = 1, e = 7: (32767 + 128) >> 8 = 32895 / 256 = 128.5
  // floored -> 128.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(1, {kInt32Max, 7}), 128);

  // Small multipliers reduce to 0 or 1: M0 = 2^15 - 1 gives r = 0 and y = 0
  // (the offset alone is below one unit); M0 = 2^15 gives r = 1 and, with
  // e = 0, x = 2^15 gives 1.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(int64_t(1) << 40, {32767, 7}),
            0);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(32768, {32768, 0}), 1);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(kInt64Max, {0, 0}), 0);
}

TEST(Int64ReferenceTest, ReducedMultiplier) {
  // (1518500250 + 2^15) >> 16 = 1518533018 >> 16 = 23170, and the right
  // shift 15 - 2 = 13 (spec section 9.4).
  Int64Multiplier reduced = getInt64Multiplier({1518500250, 2});
  EXPECT_EQ(reduced.multiplier, 23170);
  EXPECT_EQ(reduced.rightShift, 13);
  // Around the 0x7FFF0000 threshold: 0x7FFE7FFF + 2^15 = 0x7FFEFFFF gives
  // 0x7FFE, 0x7FFE8000 + 2^15 = 0x7FFF0000 gives 0x7FFF, and from 0x7FFF0000
  // on the value is 0x7FFF without the sum.
  EXPECT_EQ(getInt64Multiplier({0x7FFE7FFF, 0}).multiplier, 0x7FFE);
  EXPECT_EQ(getInt64Multiplier({0x7FFE8000, 0}).multiplier, 0x7FFF);
  EXPECT_EQ(getInt64Multiplier({0x7FFF0000, 0}).multiplier, 0x7FFF);
  EXPECT_EQ(getInt64Multiplier({kInt32Max, 0}).multiplier, 0x7FFF);
  // Shifts outside [-31, 7] are clamped into it: right shifts 8 and 46.
  EXPECT_EQ(getInt64Multiplier({1 << 30, 30}).rightShift, 8);
  EXPECT_EQ(getInt64Multiplier({1 << 30, -40}).rightShift, 46);
}

TEST(Int64ReferenceTest, ShiftOutOfRangeIsClamped) {
  // e = 8 is treated as 7 and e = -40 as -31, as the header says.
  // x = 1, M0 = 2^30 (r = 2^14): e = 7 gives (2^14 + 2^7) >> 8 = 64.
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(1, {1 << 30, 8}), 64);
  EXPECT_EQ(multiplyByQuantizedMultiplierInt64(1, {1 << 30, 30}), 64);
  // e = -31: 2^40 * 2^14 / 2^46 = 256.
  EXPECT_EQ(
      multiplyByQuantizedMultiplierInt64(int64_t(1) << 40, {1 << 30, -40}),
      256);
}

TEST(Int64ReferenceTest, RandomTriples) {
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int32_t> m0Dist(0, kInt32Max);
  // M0 near the 0x7FFF0000 boundary of the reduced multiplier.
  std::uniform_int_distribution<int32_t> m0HighDist(0x7FFE0000, kInt32Max);
  std::uniform_int_distribution<int32_t> eDist(kMinE, kMaxE);
  constexpr int64_t kXBound = int64_t(1) << 50;
  std::uniform_int_distribution<int64_t> xDist(-kXBound, kXBound);
  std::uniform_int_distribution<int> bitsDist(0, 50);
  std::uniform_int_distribution<int> kindDist(0, 7);
  ComparisonCounter counter(kLabel, "random (x in [-2^50, 2^50], M0, e)",
                            kReference);
  const int64_t count = 10'000'000;
  int64_t clamped = 0, saturated = 0;
  for (int64_t i = 0; i < count; ++i) {
    int kind = kindDist(rng);
    int32_t m0 = kind == 0 ? m0HighDist(rng) : m0Dist(rng);
    int32_t e = eDist(rng);
    int64_t x;
    if (kind < 3) {
      x = xDist(rng);
    } else {
      // Log-uniform magnitudes: results near zero, where the rounding shows.
      int64_t bound = int64_t(1) << bitsDist(rng);
      x = std::uniform_int_distribution<int64_t>(-bound, bound)(rng);
    }
    if (x < -(int64_t(1) << 47) || x > (int64_t(1) << 47) - 1)
      ++clamped;
    int32_t expected = exactReference(x, m0, e);
    if (expected == kInt32Max || expected == kInt32Min)
      ++saturated;
    checkTriple(counter, x, m0, e);
  }
  std::printf("[ int64 ] random: %" PRId64 " with a clamped input, %" PRId64
              " saturated\n",
              clamped, saturated);
  EXPECT_EQ(counter.getCompared(), count);
  EXPECT_EQ(counter.getMismatched(), 0);
  // Both special paths must actually be exercised.
  EXPECT_GT(clamped, count / 10);
  EXPECT_GT(saturated, count / 100);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(Int64ReferenceTest, ExactTies) {
  // x * r = (2k + 1) 2^(s - 1) with s = 15 - e and r the reduced multiplier:
  // r = rOdd * 2^a, x = xOdd * 2^(s - 1 - a), both signs of x, |x| <= 2^47;
  // M0 is any value that reduces to r. Also x +- 1 next to each tie.
  std::mt19937_64 rng(kSeed + 1);
  std::uniform_int_distribution<int32_t> eDist(kMinE, kMaxE);
  std::uniform_int_distribution<int32_t> offsetDist(-(1 << 15), (1 << 15) - 1);
  std::uniform_int_distribution<int32_t> m0TopDist(0x7FFE8000, kInt32Max);
  std::uniform_int_distribution<int> signDist(0, 1);
  ComparisonCounter counter(kLabel, "ties (x * r = (k + 1/2) 2^(15 - e))",
                            kReference);
  int64_t ties = 0, negativeTies = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    int e = eDist(rng);
    int s = 15 - e; // In [8, 46].
    // r = rOdd * 2^a in [1, 0x7FFF] with a <= s - 1.
    int a = std::uniform_int_distribution<int>(0, std::min(14, s - 1))(rng);
    int32_t rOdd = std::uniform_int_distribution<int32_t>(
                       0, ((0x7FFF >> a) - 1) / 2)(rng) *
                       2 +
                   1;
    int32_t r = rOdd << a;
    int b = s - 1 - a;
    // |xOdd| * 2^b <= 2^47.
    int64_t xOdd = std::uniform_int_distribution<int64_t>(
                       0, (int64_t(1) << (47 - b)) - 1)(rng) |
                   1;
    bool negative = signDist(rng);
    if (negative)
      xOdd = -xOdd;
    int64_t x = xOdd * (int64_t(1) << b);
    // M0 in [r * 2^16 - 2^15, r * 2^16 + 2^15) reduces to r below 0x7FFF;
    // every M0 from 0x7FFE8000 on reduces to 0x7FFF.
    int32_t m0 =
        r == 0x7FFF
            ? m0TopDist(rng)
            : static_cast<int32_t>(int64_t(r) * 65536 + offsetDist(rng));
    ASSERT_EQ(exactReducedMultiplier(m0), r) << "M0 = " << m0;
    // The constructed product really is a tie: 2 x r is an odd multiple of
    // 2^(s - 1) times 2, i.e. x r mod 2^s = 2^(s - 1).
    Int128 product = Int128(x) * r;
    ASSERT_EQ(product - floorDiv(product, powerOfTwo(s)) * powerOfTwo(s),
              powerOfTwo(s - 1));
    checkTriple(counter, x, m0, e);
    ++ties;
    negativeTies += negative;
    checkTriple(counter, x + 1, m0, e);
    checkTriple(counter, x - 1, m0, e);
  }
  EXPECT_EQ(ties, 1'000'000);
  EXPECT_GT(negativeTies, 400'000);
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(Int64ReferenceTest, EdgeValues) {
  ComparisonCounter counter(kLabel, "edge (x, M0, e)", kReference);
  const int32_t m0s[] = {
      0,          1,          32767,         32768,      1 << 30,
      1518500250, 0x7FFE7FFF, 0x7FFE8000,    0x7FFEFFFF, 0x7FFF0000,
      0x7FFF7FFF, 0x7FFF8000, kInt32Max - 1, kInt32Max};
  const int64_t p47 = int64_t(1) << 47;
  const int64_t xs[] = {kInt64Min,
                        kInt64Min + 1,
                        -(int64_t(1) << 50),
                        -p47 - 1,
                        -p47,
                        -p47 + 1,
                        int64_t(kInt32Min) - 1,
                        kInt32Min,
                        -65536,
                        -3,
                        -2,
                        -1,
                        0,
                        1,
                        2,
                        3,
                        65536,
                        kInt32Max,
                        int64_t(kInt32Max) + 1,
                        p47 - 2,
                        p47 - 1,
                        p47,
                        int64_t(1) << 50,
                        kInt64Max - 1,
                        kInt64Max};
  for (int32_t e = kMinE; e <= kMaxE; ++e)
    for (int32_t m0 : m0s)
      for (int64_t x : xs)
        checkTriple(counter, x, m0, e);
  EXPECT_EQ(counter.getMismatched(), 0);
}

TEST(Int64ReferenceTest, RequantizeOverload) {
  // The int64_t overload: y = clamp(multiply64(acc) + Z, lo, hi) in both
  // integer modes. Expected values from the reference above.
  std::mt19937_64 rng(kSeed + 2);
  std::uniform_int_distribution<int32_t> m0Dist(0, kInt32Max);
  std::uniform_int_distribution<int32_t> eDist(kMinE, kMaxE);
  std::uniform_int_distribution<int> bitsDist(0, 50);
  std::uniform_int_distribution<int64_t> zpDist(-32768, 32767);
  {
    // Scoped so that the summary line comes before the hand-derived cases.
    ComparisonCounter counter(kLabel, "requantize(int64_t)", "expected");
    for (int i = 0; i < 200'000; ++i) {
      int64_t bound = int64_t(1) << bitsDist(rng);
      int64_t acc = std::uniform_int_distribution<int64_t>(-bound, bound)(rng);
      int32_t m0 = m0Dist(rng);
      int32_t e = eDist(rng);
      int64_t zp = zpDist(rng);
      int64_t expected = int64_t(exactReference(acc, m0, e)) + zp;
      if (expected < -32768)
        expected = -32768;
      if (expected > 32767)
        expected = 32767;
      for (RoundingMode mode : {RoundingMode::Gemmlowp, RoundingMode::Rndnu})
        counter.check(requantize(acc, {m0, e}, mode, zp, -32768, 32767),
                      expected, "acc = ", acc, ", M0 = ", m0, ", e = ", e,
                      ", Z = ", zp);
    }
    EXPECT_EQ(counter.getMismatched(), 0);
  }

  // Hand-derived: the 16x8 accumulator 3e9 of HandDerived gives 2023, plus
  // Z = 3: 2026 in both modes.
  constexpr int32_t kM0 = 1518500250;
  EXPECT_EQ(requantize(int64_t(3000000000), {kM0, -20}, RoundingMode::Gemmlowp,
                       3, -32768, 32767),
            2026);
  EXPECT_EQ(requantize(int64_t(3000000000), {kM0, -20}, RoundingMode::Rndnu, 3,
                       -32768, 32767),
            2026);
  // The tie -5792.5 goes toward +infinity in the gemmlowp mode too.
  EXPECT_EQ(requantize(int64_t(-2048), {kM0, 2}, RoundingMode::Gemmlowp, 0,
                       -32768, 32767),
            -5792);
  // Saturation happens before Z is added: 2^46 saturates to 2^31 - 1, and
  // 2^31 - 1 - 10 is inside the int32 clamp.
  EXPECT_EQ(requantize(int64_t(1) << 40, {1 << 30, 7}, RoundingMode::Rndnu, -10,
                       kInt32Min, kInt32Max),
            int64_t(kInt32Max) - 10);
  // The overload follows the static type: 169 as int32_t takes the 32-bit
  // rndnu mode (120), as int64_t the 64-bit routine (119).
  EXPECT_EQ(
      requantize(int32_t(169), {kM0, 0}, RoundingMode::Rndnu, 0, -128, 127),
      120);
  EXPECT_EQ(
      requantize(int64_t(169), {kM0, 0}, RoundingMode::Rndnu, 0, -128, 127),
      119);
  // fp32 (outside the IR's contract for i64) stays total: fl32(2^25 + 1) =
  // 2^25, times the multiplier (2^30, -25) = 2^-26 is 0.5, rne -> 0; the
  // int32_t overload agrees.
  EXPECT_EQ(requantize(int64_t(33554433), {1 << 30, -25}, RoundingMode::Fp32, 0,
                       -128, 127),
            0);
  EXPECT_EQ(requantize(int32_t(33554433), {1 << 30, -25}, RoundingMode::Fp32, 0,
                       -128, 127),
            0);
  // fl32(2^40) * 2^-26 = 2^14 clamps to 127 in float.
  EXPECT_EQ(requantize(int64_t(1) << 40, {1 << 30, -25}, RoundingMode::Fp32, 0,
                       -128, 127),
            127);
}

} // namespace
