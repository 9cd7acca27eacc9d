//===- Calibration.cpp - Calibration statistics and range methods ---------===//
//
// Implements docs/Calibration.md. Histogram binning is exact: R and the bin
// width are powers of two, so |x| / R * bins is computed without rounding.
// The range methods read nothing but CalibrationStatistics.
//
//===----------------------------------------------------------------------===//

#include "qedge/QuantMath/Calibration.h"

#include "qedge/QuantMath/QuantMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::qedge::quantmath;

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Whether `value` is a positive finite power of two.
bool isPowerOfTwo(double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    return false;
  int exponent;
  return std::frexp(value, &exponent) == 0.5;
}

std::string describeNonFinite(float value) {
  if (std::isnan(value))
    return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

/// Checks the parameters every method shares: the storage width and that
/// symmetric quantization has signed storage.
Status verifyKind(QuantizationKind kind) {
  if (kind.bits < kMinStorageBits || kind.bits > kMaxStorageBits)
    return Status::failure("unsupported bit width " +
                           std::to_string(kind.bits) + " (expected " +
                           std::to_string(kMinStorageBits) + " to " +
                           std::to_string(kMaxStorageBits) + ")");
  if (kind.symmetric && !kind.isSigned)
    return Status::failure(describe(RangeError::UnsignedSymmetric));
  return Status::success();
}

Status verifyCandidates(const CalibrationStatistics &stats, unsigned startBin,
                        unsigned stride) {
  if (startBin < 1)
    return Status::failure("the start bin must be at least 1");
  if (stride < 1)
    return Status::failure("the stride must be at least 1");
  if (startBin > stats.getNumBins())
    return Status::failure("the start bin " + std::to_string(startBin) +
                           " is beyond the histogram's " +
                           std::to_string(stats.getNumBins()) + " bins");
  return Status::success();
}

double getMaxAbs(const CalibrationStatistics &stats) {
  return std::max(std::fabs(stats.min), std::fabs(stats.max));
}

/// One histogram bin in value order: its lower edge, in bin widths, and its
/// count.
struct OrderedBin {
  int64_t lowerEdge;
  int64_t count;
};

/// The p-th percentile of the distribution whose bins, in increasing value
/// order, are `bins`, read as a piecewise-linear CDF: with t = (p / 100) * n,
/// the first bin k whose cumulative count C_k reaches t gives
/// (lowerEdge_k + (t - C_{k-1}) / h_k) * width.
double interpolatePercentile(const std::vector<OrderedBin> &bins, int64_t n,
                             double percentile, double width) {
  double target = (percentile / 100.0) * static_cast<double>(n);
  int64_t cumulative = 0;
  double upperEdge = 0.0;
  for (const OrderedBin &bin : bins) {
    if (bin.count == 0)
      continue;
    if (static_cast<double>(cumulative + bin.count) >= target) {
      double fraction = (target - static_cast<double>(cumulative)) /
                        static_cast<double>(bin.count);
      return (static_cast<double>(bin.lowerEdge) + fraction) * width;
    }
    cumulative += bin.count;
    upperEdge = static_cast<double>(bin.lowerEdge + 1) * width;
  }
  // Not reached: t <= n for p <= 100.
  return upperEdge;
}

/// The range entropy and mse give for the threshold `threshold`.
Range rangeFromThreshold(const CalibrationStatistics &stats,
                         QuantizationKind kind, double threshold) {
  if (kind.symmetric)
    return {-threshold, threshold};
  if (isOneSided(stats, kind))
    return stats.min >= 0.0 ? Range{0.0, threshold} : Range{-threshold, 0.0};
  return {std::max(-threshold, stats.min), std::min(threshold, stats.max)};
}

/// The candidate thresholds of entropy and mse, in bins: startBin,
/// startBin + stride, ... up to bins.
std::vector<size_t> getCandidates(size_t bins, unsigned startBin,
                                  unsigned stride) {
  std::vector<size_t> candidates;
  for (size_t i = startBin; i <= bins; i += stride)
    candidates.push_back(i);
  return candidates;
}
} // namespace

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

double CalibrationStatistics::getBinWidth() const {
  if (positiveCounts.empty())
    return 0.0;
  return histogramRange / static_cast<double>(positiveCounts.size());
}

std::vector<int64_t> CalibrationStatistics::getAbsoluteCounts() const {
  std::vector<int64_t> counts(positiveCounts.size());
  for (size_t i = 0; i < counts.size(); ++i)
    counts[i] =
        positiveCounts[i] + (i < negativeCounts.size() ? negativeCounts[i] : 0);
  return counts;
}

bool mlir::qedge::quantmath::isValidHistogramBins(unsigned bins) {
  return bins >= 2 && bins <= kMaxHistogramBins && (bins & (bins - 1)) == 0;
}

double mlir::qedge::quantmath::getHistogramRange(double maxAbs) {
  if (!(maxAbs > 0.0))
    return kDefaultHistogramRange;
  // maxAbs = m * 2^e with m in [0.5, 1): 2^(e-1) <= maxAbs < 2^e.
  int exponent;
  std::frexp(maxAbs, &exponent);
  return std::ldexp(1.0, exponent);
}

Status
mlir::qedge::quantmath::verifyStatistics(const CalibrationStatistics &stats) {
  if (stats.count < 1)
    return Status::failure("the statistics hold no elements");
  if (!std::isfinite(stats.min) || !std::isfinite(stats.max) ||
      !std::isfinite(stats.mean) || !std::isfinite(stats.stdDev))
    return Status::failure("min, max, mean and std must be finite");
  if (stats.min > stats.max)
    return Status::failure("min is above max");
  if (stats.stdDev < 0.0)
    return Status::failure("std is negative");

  size_t batches = stats.batchMin.size();
  if (batches == 0 || stats.batchMax.size() != batches)
    return Status::failure("expected as many batch minima as maxima, and at "
                           "least one of each");
  if (static_cast<uint64_t>(batches) > static_cast<uint64_t>(stats.count))
    return Status::failure("more batches than elements");
  float lowest = stats.batchMin[0], highest = stats.batchMax[0];
  for (size_t k = 0; k < batches; ++k) {
    float lo = stats.batchMin[k], hi = stats.batchMax[k];
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
      return Status::failure("batch " + std::to_string(k) +
                             " has a non-finite or inverted range");
    lowest = std::min(lowest, lo);
    highest = std::max(highest, hi);
  }
  if (static_cast<double>(lowest) != stats.min ||
      static_cast<double>(highest) != stats.max)
    return Status::failure("min and max differ from the extremes of the "
                           "batches");

  size_t bins = stats.positiveCounts.size();
  if (bins > kMaxHistogramBins ||
      !isValidHistogramBins(static_cast<unsigned>(bins)) ||
      stats.negativeCounts.size() != bins)
    return Status::failure(
        "the histogram must have the same number of bins for both signs, a "
        "power of two from 2 to " +
        std::to_string(kMaxHistogramBins));
  if (!isPowerOfTwo(stats.histogramRange) ||
      !(getMaxAbs(stats) < stats.histogramRange))
    return Status::failure("the histogram range must be a power of two above "
                           "max(|min|, |max|)");
  int64_t total = 0;
  for (size_t i = 0; i < bins; ++i) {
    int64_t pos = stats.positiveCounts[i], neg = stats.negativeCounts[i];
    if (pos < 0 || neg < 0 || pos > stats.count - total ||
        neg > stats.count - total - pos)
      return Status::failure("the histogram counts must be non-negative and "
                             "sum to count");
    total += pos + neg;
  }
  if (total != stats.count)
    return Status::failure("the histogram counts must be non-negative and sum "
                           "to count");
  return Status::success();
}

StatisticsCollector::StatisticsCollector(unsigned bins)
    : validBins(isValidHistogramBins(bins)) {
  if (validBins) {
    stats.positiveCounts.assign(bins, 0);
    stats.negativeCounts.assign(bins, 0);
  }
}

void StatisticsCollector::growHistogram(double maxAbs) {
  size_t bins = stats.positiveCounts.size();
  while (stats.histogramRange <= maxAbs) {
    for (std::vector<int64_t> *counts :
         {&stats.positiveCounts, &stats.negativeCounts}) {
      for (size_t i = 0; i < bins / 2; ++i)
        (*counts)[i] = (*counts)[2 * i] + (*counts)[2 * i + 1];
      std::fill(counts->begin() + bins / 2, counts->end(), 0);
    }
    stats.histogramRange *= 2.0;
  }
}

Status StatisticsCollector::addBatch(const float *data, size_t size) {
  if (!validBins)
    return Status::failure(
        "invalid histogram bin count: it must be a power of two from 2 to " +
        std::to_string(kMaxHistogramBins));
  if (size == 0)
    return Status::failure("empty batch");
  if (!data)
    return Status::failure("the batch has no data");
  for (size_t k = 0; k < size; ++k) {
    if (!std::isfinite(data[k]))
      return Status::failure("element " + std::to_string(k) +
                             " of the batch is " + describeNonFinite(data[k]));
  }

  // Extremes and moments of the batch: the mean from a double sum, then the
  // sum of squared deviations from it (two passes: no cancellation).
  float batchMin = data[0], batchMax = data[0];
  double sum = 0.0;
  for (size_t k = 0; k < size; ++k) {
    batchMin = std::min(batchMin, data[k]);
    batchMax = std::max(batchMax, data[k]);
    sum += static_cast<double>(data[k]);
  }
  double batchCount = static_cast<double>(size);
  double batchMean = sum / batchCount;
  double batchSquares = 0.0;
  for (size_t k = 0; k < size; ++k) {
    double deviation = static_cast<double>(data[k]) - batchMean;
    batchSquares += deviation * deviation;
  }

  // Chan et al.'s merge of (n_a, mean_a, M2_a) with (n_b, mean_b, M2_b).
  double previousMaxAbs = getMaxAbs(stats);
  if (stats.count == 0) {
    stats.mean = batchMean;
    sumSquaredDeviations = batchSquares;
    stats.min = batchMin;
    stats.max = batchMax;
  } else {
    double previousCount = static_cast<double>(stats.count);
    double total = previousCount + batchCount;
    double delta = batchMean - stats.mean;
    stats.mean += delta * (batchCount / total);
    sumSquaredDeviations +=
        batchSquares + delta * delta * (previousCount * batchCount / total);
    stats.min = std::min(stats.min, static_cast<double>(batchMin));
    stats.max = std::max(stats.max, static_cast<double>(batchMax));
  }
  stats.count += static_cast<int64_t>(size);
  stats.stdDev =
      std::sqrt(sumSquaredDeviations / static_cast<double>(stats.count));
  stats.batchMin.push_back(batchMin);
  stats.batchMax.push_back(batchMax);

  // The histogram range follows max |x|. While every element so far is 0, all
  // counts sit in bin 0 whatever R is, so R is simply chosen anew.
  double batchMaxAbs = std::max(std::fabs(static_cast<double>(batchMin)),
                                std::fabs(static_cast<double>(batchMax)));
  if (previousMaxAbs == 0.0)
    stats.histogramRange = getHistogramRange(batchMaxAbs);
  else
    growHistogram(batchMaxAbs);

  // Exact: R is a power of two, so |x| / R keeps the 24-bit significand of x,
  // and its product with bins (a power of two) is exact too.
  double scale = static_cast<double>(stats.positiveCounts.size());
  for (size_t k = 0; k < size; ++k) {
    double value = static_cast<double>(data[k]);
    auto bin =
        static_cast<size_t>(std::fabs(value) / stats.histogramRange * scale);
    if (value < 0.0)
      ++stats.negativeCounts[bin];
    else
      ++stats.positiveCounts[bin];
  }
  return Status::success();
}

//===----------------------------------------------------------------------===//
// Range methods
//===----------------------------------------------------------------------===//

const char *mlir::qedge::quantmath::getRangeMethodName(RangeMethod method) {
  switch (method) {
  case RangeMethod::MinMax:
    return "minmax";
  case RangeMethod::MovingAverage:
    return "moving-average";
  case RangeMethod::MeanStd:
    return "mean-std";
  case RangeMethod::Percentile:
    return "percentile";
  case RangeMethod::Entropy:
    return "entropy";
  case RangeMethod::Mse:
    return "mse";
  }
  return "";
}

std::optional<RangeMethod>
mlir::qedge::quantmath::parseRangeMethod(std::string_view name) {
  for (RangeMethod method :
       {RangeMethod::MinMax, RangeMethod::MovingAverage, RangeMethod::MeanStd,
        RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::Mse}) {
    if (name == getRangeMethodName(method))
      return method;
  }
  return std::nullopt;
}

std::optional<double>
mlir::qedge::quantmath::getDefaultParameter(RangeMethod method) {
  switch (method) {
  case RangeMethod::MovingAverage:
    return kDefaultAveragingConstant;
  case RangeMethod::MeanStd:
    return kDefaultNumStdDevs;
  case RangeMethod::Percentile:
    return kDefaultPercentile;
  case RangeMethod::MinMax:
  case RangeMethod::Entropy:
  case RangeMethod::Mse:
    return std::nullopt;
  }
  return std::nullopt;
}

bool mlir::qedge::quantmath::isOneSided(const CalibrationStatistics &stats,
                                        QuantizationKind kind) {
  return !kind.symmetric && (stats.min >= 0.0 || stats.max <= 0.0);
}

Status
mlir::qedge::quantmath::computeMinMaxRange(const CalibrationStatistics &stats,
                                           Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  result = {stats.min, stats.max};
  return Status::success();
}

Status mlir::qedge::quantmath::computeMovingAverageRange(
    const CalibrationStatistics &stats, double averagingConstant,
    Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  if (!(averagingConstant > 0.0 && averagingConstant <= 1.0))
    return Status::failure("the averaging constant must be in (0, 1]");
  // PyTorch keeps the averages in float32 buffers and multiplies by the
  // constant as a float32 scalar; each line is one float32 operation.
  float c = static_cast<float>(averagingConstant);
  float lo = stats.batchMin[0], hi = stats.batchMax[0];
  for (size_t k = 1; k < stats.batchMin.size(); ++k) {
    float lowDelta = stats.batchMin[k] - lo;
    float lowStep = c * lowDelta;
    lo = lo + lowStep;
    float highDelta = stats.batchMax[k] - hi;
    float highStep = c * highDelta;
    hi = hi + highStep;
  }
  // Both averages weigh the batches alike, so lo <= hi but for rounding: a
  // batch whose values dwarf a later one's can leave lo above hi (batches
  // [2^-149, 2^-5] then [2^-149, 2^-149] with c = 1 give [2^-149, 0]).
  // PyTorch extends the range to zero before its parameters, which orders
  // it; the same extension here gives the parameters PyTorch gives.
  if (lo > hi) {
    lo = std::min(lo, 0.0f);
    hi = std::max(hi, 0.0f);
  }
  result = {lo, hi};
  return Status::success();
}

Status
mlir::qedge::quantmath::computeMeanStdRange(const CalibrationStatistics &stats,
                                            double numStdDevs, Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  if (!(numStdDevs >= 0.0) || !std::isfinite(numStdDevs))
    return Status::failure("the number of standard deviations must be finite "
                           "and non-negative");
  double spread = numStdDevs * stats.stdDev;
  result = {std::max(stats.mean - spread, stats.min),
            std::min(stats.mean + spread, stats.max)};
  return Status::success();
}

Status mlir::qedge::quantmath::computePercentileRange(
    const CalibrationStatistics &stats, double percentile,
    QuantizationKind kind, Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  if (Status status = verifyKind(kind); status.isFailure())
    return status;
  if (!(percentile >= 50.0 && percentile <= 100.0))
    return Status::failure("the percentile must be in [50, 100]");

  auto bins = static_cast<int64_t>(stats.getNumBins());
  double width = stats.getBinWidth();
  if (kind.symmetric) {
    std::vector<OrderedBin> absolute;
    std::vector<int64_t> counts = stats.getAbsoluteCounts();
    for (int64_t i = 0; i < bins; ++i)
      absolute.push_back({i, counts[i]});
    double threshold = std::min(
        interpolatePercentile(absolute, stats.count, percentile, width),
        getMaxAbs(stats));
    result = {-threshold, threshold};
    return Status::success();
  }

  // x in increasing order: the negative bins from the most negative (bin i
  // of the negative side spans (-(i+1) w, -i w]), then the positive ones; -x
  // is the mirror image.
  std::vector<OrderedBin> values, negated;
  for (int64_t i = bins - 1; i >= 0; --i) {
    values.push_back({-(i + 1), stats.negativeCounts[i]});
    negated.push_back({-(i + 1), stats.positiveCounts[i]});
  }
  for (int64_t i = 0; i < bins; ++i) {
    values.push_back({i, stats.positiveCounts[i]});
    negated.push_back({i, stats.negativeCounts[i]});
  }
  double upper = interpolatePercentile(values, stats.count, percentile, width);
  double lower =
      -interpolatePercentile(negated, stats.count, percentile, width);
  // Both within [min, max]; for p >= 50 lower <= upper but for rounding,
  // which the last line absorbs.
  upper = std::clamp(upper, stats.min, stats.max);
  lower = std::min(std::clamp(lower, stats.min, stats.max), upper);
  result = {lower, upper};
  return Status::success();
}

Status mlir::qedge::quantmath::computeEntropyRange(
    const CalibrationStatistics &stats, unsigned startBin, unsigned stride,
    QuantizationKind kind, Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  if (Status status = verifyKind(kind); status.isFailure())
    return status;
  if (Status status = verifyCandidates(stats, startBin, stride);
      status.isFailure())
    return status;

  // NVIDIA's `bins[0] = bins[1]`: the first bin (mostly exact zeros after a
  // ReLU) takes the count of the second.
  std::vector<int64_t> hist = stats.getAbsoluteCounts();
  hist[0] = hist[1];
  int64_t total = 0;
  for (int64_t count : hist)
    total += count;
  const int64_t levels = int64_t(1)
                         << (kind.bits - 1 + (isOneSided(stats, kind) ? 1 : 0));

  std::vector<double> expanded(hist.size());
  std::optional<size_t> best;
  double bestDivergence = kInfinity;
  for (size_t i : getCandidates(hist.size(), startBin, stride)) {
    // Q: bins [0, i) merged into `levels` groups, bin j in group
    // floor(j * levels / i); each non-empty bin receives the mean count of
    // the group's non-empty bins, empty bins stay empty. The groups are runs
    // of consecutive j.
    size_t runStart = 0;
    while (runStart < i) {
      int64_t group =
          static_cast<int64_t>(runStart) * levels / static_cast<int64_t>(i);
      size_t runEnd = runStart;
      int64_t groupSum = 0, groupNonEmpty = 0;
      while (runEnd < i &&
             static_cast<int64_t>(runEnd) * levels / static_cast<int64_t>(i) ==
                 group) {
        if (hist[runEnd] != 0) {
          groupSum += hist[runEnd];
          ++groupNonEmpty;
        }
        ++runEnd;
      }
      for (size_t j = runStart; j < runEnd; ++j)
        expanded[j] = hist[j] == 0 ? 0.0
                                   : static_cast<double>(groupSum) /
                                         static_cast<double>(groupNonEmpty);
      runStart = runEnd;
    }
    double expandedTotal = 0.0;
    for (size_t j = 0; j < i; ++j)
      expandedTotal += expanded[j];
    // No non-empty bin below i: Q is undefined (NVIDIA's code computes a NaN
    // divergence here); the candidate is skipped.
    if (expandedTotal == 0.0)
      continue;

    // P: bins [0, i) with the outliers, bins [i, bins), added to bin i - 1.
    int64_t outliers = 0;
    for (size_t j = i; j < hist.size(); ++j)
      outliers += hist[j];
    // scipy.stats.entropy(P, Q): both normalised, sum of p log(p / q);
    // p > 0 with q = 0 makes it infinite.
    double divergence = 0.0;
    for (size_t j = 0; j < i; ++j) {
      int64_t count = hist[j] + (j + 1 == i ? outliers : 0);
      if (count == 0)
        continue;
      if (expanded[j] == 0.0) {
        divergence = kInfinity;
        break;
      }
      double p = static_cast<double>(count) / static_cast<double>(total);
      double q = expanded[j] / expandedTotal;
      divergence += p * std::log(p / q);
    }
    // The last of equal minima, as NVIDIA's reversed argmin.
    if (divergence <= bestDivergence) {
      best = i;
      bestDivergence = divergence;
    }
  }

  if (!best) {
    result = {stats.min, stats.max};
    return Status::success();
  }
  result = rangeFromThreshold(stats, kind,
                              static_cast<double>(*best) * stats.getBinWidth());
  return Status::success();
}

Status
mlir::qedge::quantmath::computeMseRange(const CalibrationStatistics &stats,
                                        unsigned startBin, unsigned stride,
                                        QuantizationKind kind, Range &result) {
  if (Status status = verifyStatistics(stats); status.isFailure())
    return status;
  if (Status status = verifyKind(kind); status.isFailure())
    return status;
  if (Status status = verifyCandidates(stats, startBin, stride);
      status.isFailure())
    return status;
  if (getMaxAbs(stats) == 0.0) {
    result = {0.0, 0.0};
    return Status::success();
  }

  std::vector<int64_t> hist = stats.getAbsoluteCounts();
  double width = stats.getBinWidth();
  const double levels = static_cast<double>(
      (int64_t(1) << (kind.bits - 1 + (isOneSided(stats, kind) ? 1 : 0))) - 1);

  std::optional<size_t> best;
  double bestError = kInfinity;
  for (size_t i : getCandidates(hist.size(), startBin, stride)) {
    double threshold = static_cast<double>(i) * width;
    double scale = threshold / levels;
    double error = 0.0;
    for (size_t j = 0; j < hist.size(); ++j) {
      if (hist[j] == 0)
        continue;
      double center = (static_cast<double>(j) + 0.5) * width;
      double quantized =
          scale * std::min(std::nearbyint(center / scale), levels);
      double difference = quantized - center;
      error += static_cast<double>(hist[j]) * (difference * difference);
    }
    // The first of equal minima.
    if (error < bestError) {
      best = i;
      bestError = error;
    }
  }
  // Some candidate exists (verifyCandidates) and its error is finite.
  result = rangeFromThreshold(
      stats, kind, static_cast<double>(best.value_or(hist.size())) * width);
  return Status::success();
}

Status mlir::qedge::quantmath::computeRange(const CalibrationStatistics &stats,
                                            const RangeOptions &options,
                                            QuantizationKind kind,
                                            Range &result) {
  if (Status status = verifyKind(kind); status.isFailure())
    return status;
  switch (options.method) {
  case RangeMethod::MinMax:
    return computeMinMaxRange(stats, result);
  case RangeMethod::MovingAverage:
    return computeMovingAverageRange(stats, options.averagingConstant, result);
  case RangeMethod::MeanStd:
    return computeMeanStdRange(stats, options.numStdDevs, result);
  case RangeMethod::Percentile:
    return computePercentileRange(stats, options.percentile, kind, result);
  case RangeMethod::Entropy:
    return computeEntropyRange(stats, options.startBin, options.stride, kind,
                               result);
  case RangeMethod::Mse:
    return computeMseRange(stats, options.startBin, options.stride, kind,
                           result);
  }
  return Status::failure("unknown range method");
}
