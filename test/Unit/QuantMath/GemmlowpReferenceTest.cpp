//===- GemmlowpReferenceTest.cpp - gemmlowp mode against gemmlowp ---------===//
//
// Reference: gemmlowp's own fixedpoint.h (the scalar SaturatingRounding-
// DoublingHighMul, RoundingDivideByPOT and SaturatingRoundingMultiplyByPOT),
// composed as TFLite's MultiplyByQuantizedMultiplier. QEdgeQuantMath does not
// include gemmlowp; this test is the only place the two meet.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"
#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace mlir::qedge::quantmath;
using qedge_test::ComparisonCounter;
using qedge_test::kInt32Max;
using qedge_test::kInt32Min;

namespace {

constexpr uint64_t kSeed = 0x5eed0001;
constexpr int64_t kRandomTriples = 10'000'000;
// Tags this file's summary lines; failures name gemmlowp as the reference.
constexpr char kLabel[] = "[ gemmlowp ]";
constexpr char kReference[] = "gemmlowp";

/// TFLite's MultiplyByQuantizedMultiplier (default build), verbatim over
/// gemmlowp's functions. Its left shift is a plain multiplication: defined
/// only when x * 2^leftShift fits in int32.
int32_t tfliteMultiplyByQuantizedMultiplier(int32_t x, int32_t m0, int shift) {
  int leftShift = shift > 0 ? shift : 0;
  int rightShift = shift > 0 ? 0 : -shift;
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(x * (1 << leftShift), m0),
      rightShift);
}

/// gemmlowp's saturating left shift, a template on the shift amount,
/// instantiated for every shift in [0, 30].
using ShiftFn = int32_t (*)(int32_t);
template <size_t... shifts>
constexpr std::array<ShiftFn, sizeof...(shifts)>
makeSaturatingShifts(std::index_sequence<shifts...>) {
  return {&gemmlowp::SaturatingRoundingMultiplyByPOT<int(shifts), int32_t>...};
}
const std::array<ShiftFn, 31> kSaturatingShifts =
    makeSaturatingShifts(std::make_index_sequence<31>());

/// The spec's gemmlowp mode for every int32 x, its saturating left shift
/// taken from gemmlowp's SaturatingRoundingMultiplyByPOT.
int32_t saturatingReference(int32_t x, int32_t m0, int shift) {
  int leftShift = shift > 0 ? shift : 0;
  int rightShift = shift > 0 ? 0 : -shift;
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(
          kSaturatingShifts[leftShift](x), m0),
      rightShift);
}

/// Draws an int32 whose magnitude is log-uniform, so that small accumulators
/// (where rounding decides most) are as common as large ones.
int32_t drawLogUniform(std::mt19937_64 &rng, int64_t limit) {
  std::uniform_int_distribution<int> bitsDist(0, 31);
  int64_t bound = std::min<int64_t>(limit, int64_t(1) << bitsDist(rng));
  std::uniform_int_distribution<int64_t> dist(-bound, bound);
  return static_cast<int32_t>(
      std::clamp<int64_t>(dist(rng), -limit - 1, limit));
}

TEST(GemmlowpReferenceTest, RandomTriplesAgainstTFLiteFormula) {
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int32_t> m0Dist(1 << 30, kInt32Max);
  std::uniform_int_distribution<int32_t> eDist(kMinShift, kMaxShift);
  std::uniform_int_distribution<int> kindDist(0, 1);
  ComparisonCounter counter(kLabel, "random (x, M0, e), TFLite formula",
                            kReference);
  for (int64_t i = 0; i < kRandomTriples; ++i) {
    int32_t m0 = m0Dist(rng);
    int32_t e = eDist(rng);
    int leftShift = e > 0 ? e : 0;
    // Keep x * 2^leftShift within int32: x in [-2^(31-l), 2^(31-l) - 1].
    int64_t limit = (int64_t(1) << (31 - leftShift)) - 1;
    int32_t x;
    if (kindDist(rng) == 0) {
      std::uniform_int_distribution<int64_t> xDist(-limit - 1, limit);
      x = static_cast<int32_t>(xDist(rng));
    } else {
      x = drawLogUniform(rng, limit);
    }
    counter.check(multiplyByQuantizedMultiplierGemmlowp(x, {m0, e}),
                  tfliteMultiplyByQuantizedMultiplier(x, m0, e), "x = ", x,
                  ", M0 = ", m0, ", e = ", e);
  }
  EXPECT_EQ(counter.getCompared(), kRandomTriples);
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(GemmlowpReferenceTest, RandomTriplesWithSaturatingShift) {
  // Every int32 x, including those whose left shift overflows, against
  // gemmlowp's saturating shift.
  std::mt19937_64 rng(kSeed + 1);
  std::uniform_int_distribution<int32_t> m0Dist(1 << 30, kInt32Max);
  std::uniform_int_distribution<int32_t> eDist(kMinShift, kMaxShift);
  std::uniform_int_distribution<int32_t> xDist(kInt32Min, kInt32Max);
  std::uniform_int_distribution<int> kindDist(0, 1);
  ComparisonCounter counter(kLabel, "random (x, M0, e), saturating shift",
                            kReference);
  const int64_t count = kRandomTriples / 4;
  for (int64_t i = 0; i < count; ++i) {
    int32_t m0 = m0Dist(rng);
    int32_t e = eDist(rng);
    int32_t x =
        kindDist(rng) == 0 ? xDist(rng) : drawLogUniform(rng, kInt32Max);
    counter.check(multiplyByQuantizedMultiplierGemmlowp(x, {m0, e}),
                  saturatingReference(x, m0, e), "x = ", x, ", M0 = ", m0,
                  ", e = ", e);
  }
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(GemmlowpReferenceTest, EdgeValues) {
  // Every shift in [-31, 30] and M0 at both ends of [2^30, 2^31), with
  // x at the int32 ends, around zero and around the shift limits.
  ComparisonCounter counter(kLabel, "edge (x, M0, e)", kReference);
  const int32_t m0s[] = {1 << 30, (1 << 30) + 1, 1518500250, kInt32Max - 1,
                         kInt32Max};
  for (int32_t e = kMinShift; e <= kMaxShift; ++e) {
    int leftShift = e > 0 ? e : 0;
    int64_t top = (int64_t(1) << (31 - leftShift)) - 1;
    const int64_t candidates[] = {kInt32Min,
                                  kInt32Min + 1,
                                  kInt32Max - 1,
                                  kInt32Max,
                                  0,
                                  1,
                                  -1,
                                  2,
                                  -2,
                                  3,
                                  -3,
                                  top,
                                  top - 1,
                                  top + 1,
                                  -top,
                                  -top - 1,
                                  -top - 2};
    std::vector<int32_t> xs;
    for (int64_t x : candidates)
      xs.push_back(
          static_cast<int32_t>(std::clamp<int64_t>(x, kInt32Min, kInt32Max)));
    for (int32_t m0 : m0s) {
      for (int32_t x : xs) {
        // EXPECT_EQ reports every failing edge, not only the first ten.
        counter.countComparison();
        int32_t actual = multiplyByQuantizedMultiplierGemmlowp(x, {m0, e});
        EXPECT_EQ(actual, saturatingReference(x, m0, e))
            << "x = " << x << ", M0 = " << m0 << ", e = " << e;
        if (x >= -top - 1 && x <= top) {
          counter.countComparison();
          EXPECT_EQ(actual, tfliteMultiplyByQuantizedMultiplier(x, m0, e))
              << "x = " << x << ", M0 = " << m0 << ", e = " << e;
        }
      }
    }
  }
}

TEST(GemmlowpReferenceTest, SaturatingRoundingDoublingHighMul) {
  std::mt19937_64 rng(kSeed + 2);
  std::uniform_int_distribution<int32_t> dist(kInt32Min, kInt32Max);
  ComparisonCounter counter(kLabel, "SRDHM", kReference);
  auto check = [&](int32_t a, int32_t b) {
    counter.check(saturatingRoundingDoublingHighMul(a, b),
                  gemmlowp::SaturatingRoundingDoublingHighMul(a, b), "SRDHM(",
                  a, ", ", b, ")");
  };
  for (int i = 0; i < 1'000'000; ++i)
    check(dist(rng), dist(rng));
  // Exact ties of both signs: b = 2^30 halves a, so odd a gives k + 1/2;
  // b = 2^29 quarters it, so a = 4k + 2 gives k + 1/2.
  for (int i = 0; i < 200'000; ++i) {
    int32_t odd = dist(rng) | 1;
    check(odd, 1 << 30);
    check(1 << 30, odd);
    check(-odd, 1 << 30);
    int32_t twoMod4 = static_cast<int32_t>((dist(rng) & ~3) | 2);
    check(twoMod4, 1 << 29);
    check(-twoMod4, 1 << 29);
  }
  const int32_t ends[] = {kInt32Min,     kInt32Min + 1, -1,      0,         1,
                          kInt32Max - 1, kInt32Max,     1 << 30, -(1 << 30)};
  for (int32_t a : ends)
    for (int32_t b : ends)
      check(a, b);
  EXPECT_EQ(counter.getMismatched(), 0);
}

TEST(GemmlowpReferenceTest, RoundingDivideByPOT) {
  std::mt19937_64 rng(kSeed + 3);
  std::uniform_int_distribution<int32_t> dist(kInt32Min, kInt32Max);
  std::uniform_int_distribution<int> eDist(0, 31);
  ComparisonCounter counter(kLabel, "RDBPOT", kReference);
  auto check = [&](int32_t x, int e) {
    counter.check(roundingDivideByPOT(x, e),
                  gemmlowp::RoundingDivideByPOT(x, e), "RDBPOT(", x, ", ", e,
                  ")");
  };
  for (int i = 0; i < 1'000'000; ++i)
    check(dist(rng), eDist(rng));
  // Exact ties of both signs: x = (2k + 1) 2^(e-1), and one below / above.
  for (int e = 1; e <= 31; ++e) {
    int64_t half = int64_t(1) << (e - 1);
    std::uniform_int_distribution<int64_t> kDist(0,
                                                 (int64_t(1) << (31 - e)) - 1);
    for (int i = 0; i < 10'000; ++i) {
      int64_t tie = (2 * kDist(rng) + 1) * half;
      for (int64_t delta : {-1, 0, 1}) {
        int64_t x = tie + delta;
        if (x <= kInt32Max)
          check(static_cast<int32_t>(x), e);
        if (-x >= kInt32Min)
          check(static_cast<int32_t>(-x), e);
      }
    }
    for (int32_t x : {kInt32Min, kInt32Max, 0, 1, -1})
      check(x, e);
  }
  EXPECT_EQ(counter.getMismatched(), 0);
}

} // namespace
