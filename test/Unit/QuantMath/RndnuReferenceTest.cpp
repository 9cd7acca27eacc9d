//===- RndnuReferenceTest.cpp - rndnu mode against exact arithmetic -------===//
//
// Reference: the rndnu mode's definition as a rational number, x * M0 *
// 2^(e - 31) rounded to nearest with ties toward +infinity and saturated to
// int32, evaluated exactly in 128-bit integers with a floor division (no
// shifts, no 64-bit tricks). It shares no code with QEdgeQuantMath.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

using namespace mlir::qedge::quantmath;
using namespace qedge_test;

namespace {

constexpr uint64_t kSeed = 0x5eed0002;
// Tags this file's summary lines; failures call the expected value "exact".
constexpr char kLabel[] = "[ rndnu ]";
constexpr char kReference[] = "exact";

/// round(x * M0 / 2^(31 - e)), ties toward +infinity, i.e.
/// floor(x * M0 / 2^(31 - e) + 1/2) = floor((2 x M0 + 2^(31 - e)) / 2^(32 -
/// e)), saturated to int32.
int32_t exactReference(int32_t x, int32_t m0, int e) {
  Int128 num = 2 * Int128(x) * Int128(m0) + powerOfTwo(31 - e);
  return saturateToInt32(floorDiv(num, powerOfTwo(32 - e)));
}

/// Compares the rndnu mode with exactReference at (x, M0, e).
void checkTriple(ComparisonCounter &counter, int32_t x, int32_t m0, int32_t e) {
  counter.check(multiplyByQuantizedMultiplierRndnu(x, {m0, e}),
                exactReference(x, m0, e), "x = ", x, ", M0 = ", m0,
                ", e = ", e);
}

TEST(RndnuReferenceTest, ReferenceSelfCheck) {
  // The reference itself, on hand-derived values: 1 * 2^30 / 2^31 = 0.5 -> 1;
  // -0.5 -> 0; -1.5 -> -1; 2^31 - 1 times 2^29 (M0 = 2^30, e = 30) saturates.
  EXPECT_EQ(exactReference(1, 1 << 30, 0), 1);
  EXPECT_EQ(exactReference(-1, 1 << 30, 0), 0);
  EXPECT_EQ(exactReference(-3, 1 << 30, 0), -1);
  EXPECT_EQ(exactReference(kInt32Max, 1 << 30, 30), kInt32Max);
  EXPECT_EQ(exactReference(kInt32Min, 1 << 30, 30), kInt32Min);
}

TEST(RndnuReferenceTest, RandomTriples) {
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int32_t> m0Dist(1 << 30, kInt32Max);
  std::uniform_int_distribution<int32_t> eDist(kMinShift, kMaxShift);
  std::uniform_int_distribution<int32_t> xDist(kInt32Min, kInt32Max);
  std::uniform_int_distribution<int> bitsDist(0, 31);
  std::uniform_int_distribution<int> kindDist(0, 3);
  ComparisonCounter counter(kLabel, "random (x, M0, e)", kReference);
  const int64_t count = 10'000'000;
  for (int64_t i = 0; i < count; ++i) {
    int32_t m0 = m0Dist(rng);
    int32_t e = eDist(rng);
    int32_t x;
    if (kindDist(rng) == 0) {
      x = xDist(rng);
    } else {
      // Log-uniform magnitudes: results near zero, where the rounding shows.
      int64_t bound = int64_t(1) << bitsDist(rng);
      std::uniform_int_distribution<int64_t> small(-bound, bound - 1);
      x = static_cast<int32_t>(small(rng));
    }
    checkTriple(counter, x, m0, e);
  }
  EXPECT_EQ(counter.getCompared(), count);
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(RndnuReferenceTest, ExactTies) {
  // x * M0 = (2k + 1) 2^(s - 1) with s = 31 - e: M0 = mOdd * 2^a and
  // x = xOdd * 2^b with a + b = s - 1, both signs of x; and x +- 1 next to
  // each tie.
  std::mt19937_64 rng(kSeed + 1);
  std::uniform_int_distribution<int32_t> eDist(kMinShift, kMaxShift);
  std::uniform_int_distribution<int> signDist(0, 1);
  ComparisonCounter counter(kLabel, "ties (x * M0 = (k + 1/2) 2^(31 - e))",
                            kReference);
  int64_t ties = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    int e = eDist(rng);
    int s = 31 - e;
    if (s == 62) {
      // 2^61 = x * M0 needs |x| = 2^31: only -2^31 * 2^30 (-1/2) is a tie.
      checkTriple(counter, kInt32Min, 1 << 30, e);
      checkTriple(counter, kInt32Min + 1, 1 << 30, e);
      ++ties;
      continue;
    }
    int aLo = std::max(0, s - 1 - 30), aHi = std::min(30, s - 1);
    int a = std::uniform_int_distribution<int>(aLo, aHi)(rng);
    int b = s - 1 - a;
    // mOdd * 2^a in [2^30, 2^31): mOdd odd in [2^(30-a), 2^(31-a)).
    int64_t mOdd =
        std::uniform_int_distribution<int64_t>(
            int64_t(1) << (30 - a), (int64_t(1) << (31 - a)) - 1)(rng) |
        1;
    // |xOdd| * 2^b < 2^31.
    int64_t xOdd = std::uniform_int_distribution<int64_t>(
                       0, (int64_t(1) << (31 - b)) - 1)(rng) |
                   1;
    if (signDist(rng))
      xOdd = -xOdd;
    int32_t m0 = static_cast<int32_t>(mOdd << a);
    int32_t x = static_cast<int32_t>(xOdd * (int64_t(1) << b));
    checkTriple(counter, x, m0, e);
    ++ties;
    if (x != kInt32Max)
      checkTriple(counter, x + 1, m0, e);
    if (x != kInt32Min)
      checkTriple(counter, x - 1, m0, e);
  }
  EXPECT_EQ(ties, 1'000'000);
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(RndnuReferenceTest, EdgeValues) {
  ComparisonCounter counter(kLabel, "edge (x, M0, e)", kReference);
  const int32_t m0s[] = {0, 1 << 30, (1 << 30) + 1, kInt32Max - 1, kInt32Max};
  const int32_t xs[] = {
      kInt32Min, kInt32Min + 1, -(1 << 30),    -3,       -2, -1, 0, 1, 2,
      3,         1 << 30,       kInt32Max - 1, kInt32Max};
  for (int32_t e = kMinShift; e <= kMaxShift; ++e)
    for (int32_t m0 : m0s)
      for (int32_t x : xs)
        checkTriple(counter, x, m0, e);
  EXPECT_EQ(counter.getMismatched(), 0);
}

} // namespace
