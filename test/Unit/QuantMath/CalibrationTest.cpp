//===- CalibrationTest.cpp - Hand-derived calibration cases ---------------===//
//
// Every expected value below is derived by hand in the comment next to it
// from docs/Calibration.md; none is computed with QEdgeQuantMath. The
// randomized comparison against numpy is CalibrationReferenceTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "qedge/QuantMath/Calibration.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace mlir::qedge::quantmath;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

constexpr QuantizationKind kI8Symmetric{8, true, true};
constexpr QuantizationKind kI8Asymmetric{8, true, false};
constexpr QuantizationKind kI2Symmetric{2, true, true};
constexpr QuantizationKind kI2Asymmetric{2, true, false};
constexpr QuantizationKind kU2Asymmetric{2, false, false};

Status addBatch(StatisticsCollector &collector, std::vector<float> batch) {
  return collector.addBatch(batch.data(), batch.size());
}

/// Statistics with the given histogram over [-R, R) (R = bins * width) and
/// the given extremes, consistent enough for verifyStatistics; mean, std and
/// the batches are set so that methods that do not read them can ignore them.
CalibrationStatistics makeStatistics(std::vector<int64_t> positive,
                                     std::vector<int64_t> negative, double min,
                                     double max, double width) {
  CalibrationStatistics stats;
  stats.positiveCounts = std::move(positive);
  stats.negativeCounts = std::move(negative);
  stats.histogramRange = width * static_cast<double>(stats.getNumBins());
  for (size_t i = 0; i < stats.getNumBins(); ++i)
    stats.count += stats.positiveCounts[i] + stats.negativeCounts[i];
  stats.min = min;
  stats.max = max;
  stats.mean = (min + max) / 2;
  stats.batchMin = {static_cast<float>(min)};
  stats.batchMax = {static_cast<float>(max)};
  return stats;
}

void expectRange(const CalibrationStatistics &stats, RangeOptions options,
                 QuantizationKind kind, double min, double max) {
  Range range{};
  Status status = computeRange(stats, options, kind, range);
  ASSERT_TRUE(status.succeeded()) << status.getMessage();
  EXPECT_EQ(range.min, min) << getRangeMethodName(options.method);
  EXPECT_EQ(range.max, max) << getRangeMethodName(options.method);
}

RangeOptions withMethod(RangeMethod method) {
  RangeOptions options;
  options.method = method;
  return options;
}

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

TEST(StatisticsCollectorTest, MomentsExtremesAndHistogram) {
  // 16 bins per sign. Batch 1: max |x| = 4, so R = 8 (the smallest power of
  // two above 4, not 4 itself) and the bin width is 0.5. Batch 2 stays below.
  StatisticsCollector collector(16);
  ASSERT_TRUE(addBatch(collector, {1, 2, 3, 4}).succeeded());
  ASSERT_TRUE(addBatch(collector, {-2, 6}).succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.count, 6);
  EXPECT_EQ(stats.min, -2.0);
  EXPECT_EQ(stats.max, 6.0);
  EXPECT_EQ(stats.batchMin, (std::vector<float>{1, -2}));
  EXPECT_EQ(stats.batchMax, (std::vector<float>{4, 6}));
  // Sum 14, mean 7/3; sum of squares 70, variance 70/6 - 49/9 = 56/9.
  EXPECT_DOUBLE_EQ(stats.mean, 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(stats.stdDev, std::sqrt(56.0) / 3.0);
  EXPECT_EQ(stats.histogramRange, 8.0);
  // x / 0.5: 1 -> 2, 2 -> 4, 3 -> 6, 4 -> 8, 6 -> 12; -2 -> negative bin 4.
  std::vector<int64_t> positive(16, 0), negative(16, 0);
  positive[2] = positive[4] = positive[6] = positive[8] = positive[12] = 1;
  negative[4] = 1;
  EXPECT_EQ(stats.positiveCounts, positive);
  EXPECT_EQ(stats.negativeCounts, negative);
  EXPECT_TRUE(verifyStatistics(stats).succeeded());
}

TEST(StatisticsCollectorTest, StableMomentsFarFromZero) {
  // 1e8 + {0, 1, 2, 3} in two batches (each exact in float32? 1e8 is, and
  // the float32 spacing there is 8: use 1e8 + {0, 8, 16, 24}). Mean
  // 1e8 + 12, variance (144 + 16 + 16 + 144) / 4 = 80. A naive
  // E[x^2] - E[x]^2 in double would lose it entirely.
  StatisticsCollector collector;
  ASSERT_TRUE(addBatch(collector, {1e8f, 1e8f + 8}).succeeded());
  ASSERT_TRUE(addBatch(collector, {1e8f + 16, 1e8f + 24}).succeeded());
  EXPECT_EQ(collector.getStatistics().mean, 1e8 + 12);
  EXPECT_EQ(collector.getStatistics().stdDev, std::sqrt(80.0));
}

TEST(StatisticsCollectorTest, BinEdgesAndZero) {
  // R = 8 from max |x| = 4 (16 bins, width 0.5). A value on an edge falls in
  // the bin above it: 0.5 -> bin 1, the float below 0.5 -> bin 0, -0.5 ->
  // negative bin 1. 0 and -0 go to positive bin 0.
  StatisticsCollector collector(16);
  ASSERT_TRUE(addBatch(collector, {4, 0.5f, std::nextafter(0.5f, 0.0f), -0.5f,
                                   0.0f, -0.0f})
                  .succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.histogramRange, 8.0);
  EXPECT_EQ(stats.positiveCounts[0], 3);
  EXPECT_EQ(stats.positiveCounts[1], 1);
  EXPECT_EQ(stats.positiveCounts[8], 1);
  EXPECT_EQ(stats.negativeCounts[1], 1);
  EXPECT_EQ(stats.negativeCounts[0], 0);
}

TEST(StatisticsCollectorTest, RangeGrowthMergesPairs) {
  // 8 bins. Batch 1: max 0.9 -> R = 1, width 1/8: 0.1 -> 0, 0.3 -> 2,
  // 0.6 -> 4, 0.9 -> 7.
  StatisticsCollector collector(8);
  ASSERT_TRUE(addBatch(collector, {0.1f, 0.3f, 0.6f, 0.9f}).succeeded());
  EXPECT_EQ(collector.getStatistics().histogramRange, 1.0);
  EXPECT_EQ(collector.getStatistics().positiveCounts,
            (std::vector<int64_t>{1, 0, 1, 0, 1, 0, 0, 1}));
  // Batch 2: max |x| = 3 -> R doubles twice, to 4. First merge (R = 2):
  // {1+0, 1+0, 1+0, 0+1, 0, 0, 0, 0}; second (R = 4): {1+1, 1+1, 0, ...}.
  // Directly with width 0.5: 0.1, 0.3 -> 0; 0.6, 0.9 -> 1. Then -3 ->
  // negative bin 6.
  ASSERT_TRUE(addBatch(collector, {-3}).succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.histogramRange, 4.0);
  EXPECT_EQ(stats.positiveCounts,
            (std::vector<int64_t>{2, 2, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(stats.negativeCounts,
            (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 0}));
}

TEST(StatisticsCollectorTest, AllZeroThenData) {
  // While every value is 0, R is the default 1; the first non-zero batch
  // chooses it (max 0.25 -> R = 0.5, width 1/16: 0.25 -> bin 4).
  StatisticsCollector collector(8);
  ASSERT_TRUE(addBatch(collector, {0.0f, 0.0f, -0.0f}).succeeded());
  const CalibrationStatistics &zeros = collector.getStatistics();
  EXPECT_EQ(zeros.histogramRange, kDefaultHistogramRange);
  EXPECT_EQ(zeros.positiveCounts[0], 3);
  EXPECT_EQ(zeros.mean, 0.0);
  EXPECT_EQ(zeros.stdDev, 0.0);
  EXPECT_TRUE(verifyStatistics(zeros).succeeded());

  // Every method gives [0, 0] on all-zero data.
  for (RangeMethod method : {RangeMethod::MinMax, RangeMethod::MovingAverage,
                             RangeMethod::MeanStd, RangeMethod::Percentile}) {
    expectRange(zeros, withMethod(method), kI8Asymmetric, 0.0, 0.0);
  }
  RangeOptions small;
  small.startBin = 2;
  small.method = RangeMethod::Entropy;
  expectRange(zeros, small, kI8Asymmetric, 0.0, 0.0);
  small.method = RangeMethod::Mse;
  expectRange(zeros, small, kI8Asymmetric, 0.0, 0.0);
  small.method = RangeMethod::Percentile;
  expectRange(zeros, small, kI8Symmetric, -0.0, 0.0);

  ASSERT_TRUE(addBatch(collector, {0.25f}).succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.histogramRange, 0.5);
  EXPECT_EQ(stats.positiveCounts,
            (std::vector<int64_t>{3, 0, 0, 0, 1, 0, 0, 0}));
}

TEST(StatisticsCollectorTest, ConstantData) {
  // Three 3s, 2048 bins: R = 4, all in positive bin 3 / 4 * 2048 = 1536.
  StatisticsCollector collector;
  ASSERT_TRUE(addBatch(collector, {3, 3, 3}).succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.histogramRange, 4.0);
  EXPECT_EQ(stats.positiveCounts[1536], 3);
  EXPECT_EQ(stats.stdDev, 0.0);
  for (RangeMethod method : {RangeMethod::MinMax, RangeMethod::MovingAverage,
                             RangeMethod::MeanStd, RangeMethod::Percentile})
    expectRange(stats, withMethod(method), kI8Asymmetric, 3.0, 3.0);
  expectRange(stats, withMethod(RangeMethod::Percentile), kI8Symmetric, -3.0,
              3.0);
  // entropy: h[0] = h[1] = 0, so candidates up to 1536 have an empty Q and
  // are skipped; from 1537 on P = Q (one non-empty bin, alone in its level),
  // divergence 0, and the last candidate wins: T = 2048 w = R = 4.
  expectRange(stats, withMethod(RangeMethod::Entropy), kI8Symmetric, -4.0, 4.0);
  expectRange(stats, withMethod(RangeMethod::Entropy), kI8Asymmetric, 0.0, 4.0);
  Range range{};
  ASSERT_TRUE(
      computeRange(stats, withMethod(RangeMethod::Mse), kI8Symmetric, range)
          .succeeded());
  EXPECT_GT(range.max, 0.0);
  EXPECT_LE(range.max, 4.0);
}

TEST(StatisticsCollectorTest, RejectsNonFiniteAndEmptyBatches) {
  StatisticsCollector collector(16);
  ASSERT_TRUE(addBatch(collector, {1, 2}).succeeded());
  Status nan = addBatch(collector, {0, 1, kNaN});
  ASSERT_TRUE(nan.isFailure());
  EXPECT_EQ(nan.getMessage(), "element 2 of the batch is NaN");
  Status inf = addBatch(collector, {kInf});
  ASSERT_TRUE(inf.isFailure());
  EXPECT_EQ(inf.getMessage(), "element 0 of the batch is +Inf");
  Status negInf = addBatch(collector, {3, -kInf});
  ASSERT_TRUE(negInf.isFailure());
  EXPECT_EQ(negInf.getMessage(), "element 1 of the batch is -Inf");
  Status empty = collector.addBatch(nullptr, 0);
  ASSERT_TRUE(empty.isFailure());
  EXPECT_EQ(empty.getMessage(), "empty batch");
  // Rejected batches leave the statistics as they were (the 3 of the -Inf
  // batch was not counted).
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.count, 2);
  EXPECT_EQ(stats.max, 2.0);
  EXPECT_EQ(stats.batchMin.size(), 1u);
}

TEST(StatisticsCollectorTest, RejectsInvalidBinCounts) {
  for (unsigned bins : {0u, 1u, 100u, 3u, kMaxHistogramBins * 2}) {
    EXPECT_FALSE(isValidHistogramBins(bins)) << bins;
    StatisticsCollector collector(bins);
    EXPECT_TRUE(addBatch(collector, {1}).isFailure()) << bins;
  }
  EXPECT_TRUE(isValidHistogramBins(2));
  EXPECT_TRUE(isValidHistogramBins(kDefaultHistogramBins));
}

TEST(StatisticsCollectorTest, HistogramRange) {
  // The smallest power of two strictly above max |x|.
  EXPECT_EQ(getHistogramRange(0.0), kDefaultHistogramRange);
  EXPECT_EQ(getHistogramRange(1.0), 2.0);
  EXPECT_EQ(getHistogramRange(0.75), 1.0);
  EXPECT_EQ(getHistogramRange(3.0), 4.0);
  EXPECT_EQ(getHistogramRange(std::ldexp(1.0, -149)), std::ldexp(1.0, -148));
  EXPECT_EQ(getHistogramRange(std::numeric_limits<float>::max()),
            std::ldexp(1.0, 128));
}

TEST(StatisticsCollectorTest, ExtremeMagnitudes) {
  // The largest float and the smallest subnormal in one run: R = 2^128, and
  // the subnormal lands in bin 0.
  StatisticsCollector collector(8);
  float tiny = std::numeric_limits<float>::denorm_min();
  ASSERT_TRUE(addBatch(collector, {tiny}).succeeded());
  EXPECT_EQ(collector.getStatistics().histogramRange, std::ldexp(1.0, -148));
  // tiny / 2^-148 * 8 = 4.
  EXPECT_EQ(collector.getStatistics().positiveCounts[4], 1);
  ASSERT_TRUE(
      addBatch(collector, {-std::numeric_limits<float>::max()}).succeeded());
  const CalibrationStatistics &stats = collector.getStatistics();
  EXPECT_EQ(stats.histogramRange, std::ldexp(1.0, 128));
  EXPECT_EQ(stats.positiveCounts[0], 1);
  EXPECT_EQ(stats.negativeCounts[7], 1);
  EXPECT_TRUE(verifyStatistics(stats).succeeded());
}

TEST(VerifyStatisticsTest, RejectsInconsistentStatistics) {
  CalibrationStatistics good =
      makeStatistics({1, 1, 0, 0}, {0, 0, 0, 1}, -3.5, 1.5, 1.0);
  ASSERT_TRUE(verifyStatistics(good).succeeded())
      << verifyStatistics(good).getMessage();

  CalibrationStatistics empty;
  EXPECT_TRUE(verifyStatistics(empty).isFailure());
  CalibrationStatistics inverted = good;
  inverted.min = 2.0;
  EXPECT_TRUE(verifyStatistics(inverted).isFailure());
  CalibrationStatistics wrongSum = good;
  wrongSum.positiveCounts[0] = 5;
  EXPECT_TRUE(verifyStatistics(wrongSum).isFailure());
  CalibrationStatistics negativeCount = good;
  negativeCount.positiveCounts[0] = -1;
  negativeCount.positiveCounts[1] = 3;
  EXPECT_TRUE(verifyStatistics(negativeCount).isFailure());
  CalibrationStatistics notPowerOfTwo = good;
  notPowerOfTwo.histogramRange = 6.0;
  EXPECT_TRUE(verifyStatistics(notPowerOfTwo).isFailure());
  CalibrationStatistics tooNarrow = good;
  tooNarrow.histogramRange = 2.0;
  EXPECT_TRUE(verifyStatistics(tooNarrow).isFailure());
  CalibrationStatistics unevenSides = good;
  unevenSides.negativeCounts.pop_back();
  EXPECT_TRUE(verifyStatistics(unevenSides).isFailure());
  CalibrationStatistics noBatches = good;
  noBatches.batchMin.clear();
  noBatches.batchMax.clear();
  EXPECT_TRUE(verifyStatistics(noBatches).isFailure());
  CalibrationStatistics nanMean = good;
  nanMean.mean = std::nan("");
  EXPECT_TRUE(verifyStatistics(nanMean).isFailure());

  // The methods refuse them too, without writing the result.
  Range range{7.0, 7.0};
  for (RangeMethod method :
       {RangeMethod::MinMax, RangeMethod::MovingAverage, RangeMethod::MeanStd,
        RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::Mse}) {
    EXPECT_TRUE(computeRange(wrongSum, withMethod(method), kI8Asymmetric, range)
                    .isFailure());
  }
  EXPECT_EQ(range.min, 7.0);
}

//===----------------------------------------------------------------------===//
// Names and parameters
//===----------------------------------------------------------------------===//

TEST(RangeMethodTest, NamesRoundTrip) {
  const std::pair<RangeMethod, const char *> names[] = {
      {RangeMethod::MinMax, "minmax"},
      {RangeMethod::MovingAverage, "moving-average"},
      {RangeMethod::MeanStd, "mean-std"},
      {RangeMethod::Percentile, "percentile"},
      {RangeMethod::Entropy, "entropy"},
      {RangeMethod::Mse, "mse"}};
  for (const auto &[method, name] : names) {
    EXPECT_STREQ(getRangeMethodName(method), name);
    EXPECT_EQ(parseRangeMethod(name), method);
  }
  EXPECT_FALSE(parseRangeMethod("MinMax"));
  EXPECT_FALSE(parseRangeMethod("moving_average"));
  EXPECT_FALSE(parseRangeMethod(""));
  EXPECT_EQ(getDefaultParameter(RangeMethod::MovingAverage), 0.01);
  EXPECT_EQ(getDefaultParameter(RangeMethod::MeanStd), 3.0);
  EXPECT_EQ(getDefaultParameter(RangeMethod::Percentile), 99.99);
  EXPECT_FALSE(getDefaultParameter(RangeMethod::MinMax));
  EXPECT_FALSE(getDefaultParameter(RangeMethod::Entropy));
  EXPECT_FALSE(getDefaultParameter(RangeMethod::Mse));
}

TEST(RangeMethodTest, RejectsBadParameters) {
  CalibrationStatistics stats =
      makeStatistics({1, 1, 0, 0}, {0, 0, 0, 1}, -3.5, 1.5, 1.0);
  Range range{};
  auto fails = [&](RangeOptions options, QuantizationKind kind) {
    return computeRange(stats, options, kind, range).isFailure();
  };
  RangeOptions options = withMethod(RangeMethod::MovingAverage);
  options.averagingConstant = 0.0;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  options.averagingConstant = 1.5;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  options = withMethod(RangeMethod::MeanStd);
  options.numStdDevs = -1.0;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  options = withMethod(RangeMethod::Percentile);
  options.percentile = 49.0;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  options.percentile = 100.5;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  // Start bin 128 beyond a 4-bin histogram; stride 0.
  EXPECT_TRUE(fails(withMethod(RangeMethod::Entropy), kI8Asymmetric));
  EXPECT_TRUE(fails(withMethod(RangeMethod::Mse), kI8Asymmetric));
  options = withMethod(RangeMethod::Mse);
  options.startBin = 1;
  options.stride = 0;
  EXPECT_TRUE(fails(options, kI8Asymmetric));
  // Bit widths outside [2, 16]; symmetric unsigned storage.
  EXPECT_TRUE(fails(withMethod(RangeMethod::MinMax), {1, true, false}));
  EXPECT_TRUE(fails(withMethod(RangeMethod::MinMax), {17, true, false}));
  EXPECT_TRUE(fails(withMethod(RangeMethod::MinMax), {8, false, true}));
}

//===----------------------------------------------------------------------===//
// Range methods
//===----------------------------------------------------------------------===//

TEST(RangeMethodTest, MinMax) {
  CalibrationStatistics stats =
      makeStatistics({1, 1, 0, 0}, {0, 0, 0, 1}, -3.5, 1.5, 1.0);
  expectRange(stats, withMethod(RangeMethod::MinMax), kI8Asymmetric, -3.5, 1.5);
}

TEST(RangeMethodTest, MovingAverage) {
  CalibrationStatistics stats = makeStatistics(
      {1, 1, 0, 0, 0, 0, 0, 1}, {0, 0, 1, 0, 0, 0, 0, 0}, -2.0, 8.0, 2.0);
  stats.batchMin = {0, -1, -2};
  stats.batchMax = {4, 8, 0};
  RangeOptions options = withMethod(RangeMethod::MovingAverage);
  // c = 1/2: a = 0, then 0 + (-1 - 0)/2 = -0.5, then -0.5 + (-2 + 0.5)/2 =
  // -1.25; b = 4, then 4 + (8 - 4)/2 = 6, then 6 + (0 - 6)/2 = 3.
  options.averagingConstant = 0.5;
  expectRange(stats, options, kI8Asymmetric, -1.25, 3.0);
  // c = 1: the last batch.
  options.averagingConstant = 1.0;
  expectRange(stats, options, kI8Asymmetric, -2.0, 0.0);

  // Float32 arithmetic with c = fl32(0.01): batches (0, 1) then (1, 3):
  // a = 0 + fl32(0.01) * 1 = fl32(0.01); b = 1 + fl32(fl32(0.01) * 2) =
  // fl32(1 + fl32(0.02)) (doubling is exact), not the double 1.02.
  stats.batchMin = {0, 1};
  stats.batchMax = {1, 3};
  stats.min = 0.0;
  stats.max = 3.0;
  options.averagingConstant = kDefaultAveragingConstant;
  float expectedMax = 1.0f + 0.02f;
  expectRange(stats, options, kI8Asymmetric, double(0.01f),
              double(expectedMax));
  EXPECT_NE(double(expectedMax), 1.02);

  // Rounding can leave the averages crossed: with c = 1, b = 2^-5 +
  // fl32(2^-149 - 2^-5) = 2^-5 - 2^-5 = 0 below a = 2^-149. The range is
  // then extended to zero, as PyTorch's parameters extend it: [0, 0].
  stats.batchMin = {0x1p-149, 0x1p-149};
  stats.batchMax = {0x1p-5, 0x1p-149};
  stats.min = 0x1p-149;
  stats.max = 0x1p-5;
  options.averagingConstant = 1.0;
  expectRange(stats, options, kI8Asymmetric, 0.0, 0.0);
  // Negative data, mirrored: a = -2^-5 + fl32(-2^-149 + 2^-5) = 0 above
  // b = -2^-149, and again [0, 0].
  stats.batchMin = {-0x1p-5, -0x1p-149};
  stats.batchMax = {-0x1p-149, -0x1p-149};
  stats.min = -0x1p-5;
  stats.max = -0x1p-149;
  expectRange(stats, options, kI8Asymmetric, 0.0, 0.0);
}

TEST(RangeMethodTest, MeanStd) {
  CalibrationStatistics stats = makeStatistics(
      {1, 1, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 1}, -10.0, 4.0, 2.0);
  stats.mean = 1.0;
  stats.stdDev = 2.0;
  // k = 3: [max(1 - 6, -10), min(1 + 6, 4)] = [-5, 4].
  expectRange(stats, withMethod(RangeMethod::MeanStd), kI8Asymmetric, -5.0,
              4.0);
  RangeOptions options = withMethod(RangeMethod::MeanStd);
  options.numStdDevs = 0.0;
  expectRange(stats, options, kI8Asymmetric, 1.0, 1.0);
  options.numStdDevs = 10.0;
  expectRange(stats, options, kI8Symmetric, -10.0, 4.0);
}

TEST(RangeMethodTest, Percentile) {
  // Width 1, 8 bins: |x| counts {2 (negative), 4, 0, 4}; n = 10; the two
  // negatives in (-1, 0], four values in [1, 2), four in [3, 4).
  CalibrationStatistics stats = makeStatistics(
      {0, 4, 0, 4, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0, 0, 0}, -0.5, 3.5, 1.0);
  RangeOptions options = withMethod(RangeMethod::Percentile);
  // Symmetric, p = 50: t = 5; C = 2 after bin 0, 6 after bin 1 >= 5, so
  // T = 1 + (5 - 2) / 4 = 1.75.
  options.percentile = 50.0;
  expectRange(stats, options, kI8Symmetric, -1.75, 1.75);
  // p = 75: t = 7.5, reached in bin 3: 3 + (7.5 - 6) / 4 = 3.375.
  options.percentile = 75.0;
  expectRange(stats, options, kI8Symmetric, -3.375, 3.375);
  // p = 100: t = 10, the top of bin 3, 4, clipped to max |x| = 3.5.
  options.percentile = 100.0;
  expectRange(stats, options, kI8Symmetric, -3.5, 3.5);

  // Asymmetric, p = 75. x: bins [-1, 0) 2, [1, 2) 4, [3, 4) 4; t = 7.5 in
  // [3, 4): 3 + (7.5 - 6) / 4 = 3.375. -x: [-4, -3) 4, [-2, -1) 4, [0, 1) 2;
  // t = 7.5 in [-2, -1): -2 + (7.5 - 4) / 4 = -1.125, so rmin = 1.125
  // (max with min = -0.5 keeps it).
  options.percentile = 75.0;
  expectRange(stats, options, kI8Asymmetric, 1.125, 3.375);
  // p = 100: x reaches the top of [3, 4), clipped to 3.5; -x the top of
  // [0, 1), so rmin = -1, clipped to min = -0.5.
  options.percentile = 100.0;
  expectRange(stats, options, kI8Asymmetric, -0.5, 3.5);
  // p = 50: x: t = 5 in [1, 2): 1 + 3/4 = 1.75; -x: t = 5 in [-2, -1):
  // -2 + 1/4 = -1.75, so rmin = 1.75 as well: the median.
  options.percentile = 50.0;
  expectRange(stats, options, kI8Asymmetric, 1.75, 1.75);
}

TEST(RangeMethodTest, EntropyFirstBinAndTieBreak) {
  // 8 bins of width 1, 2 bits signed symmetric (2 levels), candidates from
  // bin 4. |x| counts {7, 1, 1, 1, 0, 0, 0, 0}; the first bin takes the
  // second's count: {1, 1, 1, 1, 0, ...}. For every candidate i the groups'
  // non-empty bins hold equal counts, so Q = P and every divergence is 0;
  // the last of equal minima is i = 8, T = 8. (Without the first-bin rule
  // i = 4 wins: divergences 0.2531, 0.3734, 0.3734, 0.4458, 0.4458.)
  CalibrationStatistics stats = makeStatistics(
      {7, 1, 1, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0}, 0.0, 3.5, 1.0);
  RangeOptions options = withMethod(RangeMethod::Entropy);
  options.startBin = 4;
  expectRange(stats, options, kI2Symmetric, -8.0, 8.0);
}

TEST(RangeMethodTest, EntropyLevelsAndOutliers) {
  // 8 bins of width 1, candidates from bin 2. |x| counts
  // {3, 1, 1, 3, 0, 1, 0, 1} -> {1, 1, 1, 3, 0, 1, 0, 1}, total 8.
  // 2 levels (signed): i = 2: Q {1, 1}, P {1, 7}: 0.3164. i = 3: groups
  // {0, 1}, {2}: Q {1, 1, 1}, P {1, 1, 6}: 0.3630. i = 4: Q {1, 1, 2, 2},
  // P {1, 1, 1, 5}: 0.1984. i = 5: P[4] = 2 (outliers) but bin 4 is empty:
  // infinite. i = 6: groups {0, 1, 2}, {3, 4, 5}: Q {1, 1, 1, 2, 0, 2} (sum
  // 7), P {1, 1, 1, 3, 0, 2}: 5/8 ln(7/8) + 3/8 ln(21/16) = 0.0185.
  // i = 7: infinite. i = 8: Q {1.5 x 4, 0, 1, 0, 1}: 0.1079. Best: i = 6.
  CalibrationStatistics stats = makeStatistics(
      {3, 1, 1, 3, 0, 1, 0, 1}, {0, 0, 0, 0, 0, 0, 0, 0}, 0.25, 7.5, 1.0);
  RangeOptions options = withMethod(RangeMethod::Entropy);
  options.startBin = 2;
  expectRange(stats, options, kI2Symmetric, -6.0, 6.0);
  // One-sided (asymmetric, min >= 0): 4 levels. i = 4: Q = P[0..3] before
  // the outliers, {1, 1, 1, 3}, P {1, 1, 1, 5}: 3/8 ln(3/4) + 5/8 ln(5/4) =
  // 0.0316. i = 6: groups {0, 1}, {2}, {3, 4}, {5}: Q {1, 1, 1, 3, 0, 1}
  // (sum 7): 6/8 ln(7/8) + 2/8 ln(7/4) = 0.0398. i = 8: groups of 2:
  // Q {1, 1, 2, 2, 0, 1, 0, 1}: 0.0654. i = 2, 3 as above; 5, 7 infinite.
  // Best: i = 4, range [0, 4] (unsigned storage alike).
  expectRange(stats, options, kI2Asymmetric, 0.0, 4.0);
  expectRange(stats, options, kU2Asymmetric, 0.0, 4.0);
  // Data of both signs, asymmetric: 2 levels again, T = 6, intersected with
  // [min, max] = [-0.25, 7.5].
  CalibrationStatistics twoSided = makeStatistics(
      {2, 1, 1, 3, 0, 1, 0, 1}, {1, 0, 0, 0, 0, 0, 0, 0}, -0.25, 7.5, 1.0);
  expectRange(twoSided, options, kI2Asymmetric, -0.25, 6.0);
  // Only infinite divergences: the last candidate. Start 5, stride 2:
  // i = 5, 7, both infinite -> i = 7.
  options.startBin = 5;
  options.stride = 2;
  expectRange(stats, options, kI2Symmetric, -7.0, 7.0);
}

TEST(RangeMethodTest, Mse) {
  // 4 bins of width 1, centers 0.5, 1.5, 2.5, 3.5, counts {4, 2, 1, 1};
  // candidates T = 1, 2, 3, 4.
  CalibrationStatistics stats =
      makeStatistics({4, 2, 1, 1}, {0, 0, 0, 0}, 0.25, 3.75, 1.0);
  RangeOptions options = withMethod(RangeMethod::Mse);
  options.startBin = 1;
  // 2 bits symmetric: L = 1, s = T. Squared errors per center:
  // T = 1: .25, .25, 2.25, 6.25 -> 1 + .5 + 2.25 + 6.25 = 10.
  // T = 2: .25, .25 (1.5 -> 2), .25 (2.5 -> 2), 2.25 (3.5 -> 2) -> 4.
  // T = 3: .25, 2.25 (1.5/3 = 0.5 -> 0), .25, .25 -> 6.
  // T = 4: .25, 2.25, 2.25 (2.5 -> 4), .25 -> 8. Best T = 2.
  expectRange(stats, options, kI2Symmetric, -2.0, 2.0);
  // One-sided: L = 3, s = T / 3.
  // T = 1: 4/36 + 2 * .25 + 2.25 + 6.25 = 9.11.
  // T = 2: 4/36 + 2/36 + .25 (2.5 -> 2) + 2.25 (3.5 -> 2) = 2.67.
  // T = 3: 4 * .25 + 2 * .25 + .25 + .25 (3.5 -> 3) = 2.
  // T = 4: 4 * .25 (0.5 -> 0) + 2/36 (1.5 -> 4/3) + 1/36 (2.5 -> 8/3) + .25
  // (3.5 -> 4) = 1.33. Best T = 4.
  expectRange(stats, options, kI2Asymmetric, 0.0, 4.0);
  // Negative data, one-sided the other way.
  CalibrationStatistics negative =
      makeStatistics({0, 0, 0, 0}, {4, 2, 1, 1}, -3.75, -0.25, 1.0);
  expectRange(negative, options, kI2Asymmetric, -4.0, 0.0);

  // Ties: counts {0, 1, 0, 1}, L = 1: T = 1: 6.5; T = 2: .25 + 2.25 = 2.5;
  // T = 3: 2.25 + .25 = 2.5; T = 4: 2.25 + .25 = 2.5. The first: T = 2.
  CalibrationStatistics ties =
      makeStatistics({0, 1, 0, 1}, {0, 0, 0, 0}, 1.25, 3.75, 1.0);
  expectRange(ties, options, kI2Symmetric, -2.0, 2.0);
}

} // namespace
