//===- RndnuReferenceTest.cpp - rndnu mode against exact arithmetic -------===//
//
// Reference: the rndnu mode's definition as a rational number, x * M0 *
// 2^(e - 31) rounded to nearest with ties toward +infinity and saturated to
// int32, evaluated exactly in 128-bit integers with a floor division (no
// shifts, no 64-bit tricks). It shares no code with QEdgeQuantMath.
//
//===----------------------------------------------------------------------===//

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>

using namespace mlir::qedge::quantmath;

namespace {

using Int128 = __int128;

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr uint64_t kSeed = 0x5eed0002;

Int128 powerOfTwo(int n) {
  Int128 result = 1;
  for (int i = 0; i < n; ++i)
    result *= 2;
  return result;
}

/// floor(num / den) for den > 0; C++ division truncates toward zero.
Int128 floorDiv(Int128 num, Int128 den) {
  Int128 quotient = num / den;
  if (num % den != 0 && num < 0)
    quotient -= 1;
  return quotient;
}

/// round(x * M0 / 2^(31 - e)), ties toward +infinity, i.e.
/// floor(x * M0 / 2^(31 - e) + 1/2) = floor((2 x M0 + 2^(31 - e)) / 2^(32 -
/// e)), saturated to int32.
int32_t exactReference(int32_t x, int32_t m0, int e) {
  Int128 num = 2 * Int128(x) * Int128(m0) + powerOfTwo(31 - e);
  Int128 value = floorDiv(num, powerOfTwo(32 - e));
  if (value > kInt32Max)
    return kInt32Max;
  if (value < kInt32Min)
    return kInt32Min;
  return static_cast<int32_t>(value);
}

struct Counter {
  const char *what;
  int64_t compared = 0;
  int64_t mismatched = 0;
  ~Counter() {
    std::printf("[ rndnu ] %s: %" PRId64 " comparisons, %" PRId64
                " mismatches\n",
                what, compared, mismatched);
  }
  void check(int32_t x, int32_t m0, int32_t e) {
    ++compared;
    int32_t expected = exactReference(x, m0, e);
    int32_t actual = multiplyByQuantizedMultiplierRndnu(x, {m0, e});
    if (actual != expected && ++mismatched <= 10)
      ADD_FAILURE() << "x = " << x << ", M0 = " << m0 << ", e = " << e
                    << ": got " << actual << ", exact " << expected;
  }
};

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
  std::uniform_int_distribution<int32_t> eDist(kMinExponent, kMaxExponent);
  std::uniform_int_distribution<int32_t> xDist(kInt32Min, kInt32Max);
  std::uniform_int_distribution<int> bitsDist(0, 31);
  std::uniform_int_distribution<int> kindDist(0, 3);
  Counter counter{"random (x, M0, e)"};
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
    counter.check(x, m0, e);
  }
  EXPECT_EQ(counter.compared, count);
  EXPECT_EQ(counter.mismatched, 0);
  RecordProperty("comparisons", std::to_string(counter.compared));
}

TEST(RndnuReferenceTest, ExactTies) {
  // x * M0 = (2k + 1) 2^(s - 1) with s = 31 - e: M0 = mOdd * 2^a and
  // x = xOdd * 2^b with a + b = s - 1, both signs of x; and x +- 1 next to
  // each tie.
  std::mt19937_64 rng(kSeed + 1);
  std::uniform_int_distribution<int32_t> eDist(kMinExponent, kMaxExponent);
  std::uniform_int_distribution<int> signDist(0, 1);
  Counter counter{"ties (x * M0 = (k + 1/2) 2^(31 - e))"};
  int64_t ties = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    int e = eDist(rng);
    int s = 31 - e;
    if (s == 62) {
      // 2^61 = x * M0 needs |x| = 2^31: only -2^31 * 2^30 (-1/2) is a tie.
      counter.check(kInt32Min, 1 << 30, e);
      counter.check(kInt32Min + 1, 1 << 30, e);
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
    counter.check(x, m0, e);
    ++ties;
    if (x != kInt32Max)
      counter.check(x + 1, m0, e);
    if (x != kInt32Min)
      counter.check(x - 1, m0, e);
  }
  EXPECT_EQ(ties, 1'000'000);
  EXPECT_EQ(counter.mismatched, 0);
  RecordProperty("comparisons", std::to_string(counter.compared));
}

TEST(RndnuReferenceTest, EdgeValues) {
  Counter counter{"edge (x, M0, e)"};
  const int32_t m0s[] = {0, 1 << 30, (1 << 30) + 1, kInt32Max - 1, kInt32Max};
  const int32_t xs[] = {
      kInt32Min, kInt32Min + 1, -(1 << 30),    -3,       -2, -1, 0, 1, 2,
      3,         1 << 30,       kInt32Max - 1, kInt32Max};
  for (int32_t e = kMinExponent; e <= kMaxExponent; ++e)
    for (int32_t m0 : m0s)
      for (int32_t x : xs)
        counter.check(x, m0, e);
  EXPECT_EQ(counter.mismatched, 0);
}

} // namespace
