//===- Calibration.h - Calibration statistics and range methods -*- C++ -*-===//
//
// The statistics a calibration run gathers for one float tensor, and the
// range methods that turn them into a real range (rmin, rmax) for
// chooseAsymmetricParams / chooseSymmetricParams. docs/Calibration.md is the
// normative text; each function here implements one rule of it.
//
// The range methods are pure functions of CalibrationStatistics and read
// nothing else: the compiler stores the statistics as an attribute and re-runs
// any method from it, without running the network again.
//
// Plain C++ (no MLIR, no LLVM), like the rest of QEdgeQuantMath.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_QUANTMATH_CALIBRATION_H
#define QEDGE_QUANTMATH_CALIBRATION_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlir {
namespace qedge {
namespace quantmath {

//===----------------------------------------------------------------------===//
// Status
//===----------------------------------------------------------------------===//

/// Success, or a message saying what was wrong. Messages are lower case, end
/// without a period and name neither a file nor a tensor: the caller knows
/// those and adds them.
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status failure(std::string message) {
    Status status;
    status.failed = true;
    status.message = std::move(message);
    return status;
  }

  bool succeeded() const { return !failed; }
  bool isFailure() const { return failed; }
  /// The message of a failure (empty on success).
  const std::string &getMessage() const { return message; }

private:
  Status() = default;

  bool failed = false;
  std::string message;
};

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

/// The default number of histogram bins per sign.
constexpr unsigned kDefaultHistogramBins = 2048;
/// The largest number of histogram bins per sign a collector accepts: entropy
/// and mse take time quadratic in it (2^14 bins: about 10^8 steps).
constexpr unsigned kMaxHistogramBins = 1u << 14;
/// The histogram range R while every observed value is 0 (any R would do:
/// zeros fall in bin 0 whatever R is).
constexpr double kDefaultHistogramRange = 1.0;

/// Everything the range methods may use: the statistics of one tensor over a
/// calibration run. docs/Calibration.md ("Statistics") defines each field.
struct CalibrationStatistics {
  /// The number of observed elements.
  int64_t count = 0;
  /// The smallest and largest observed element.
  double min = 0.0;
  double max = 0.0;
  /// The smallest and largest element of each batch, in the order the batches
  /// arrived (moving-average recomputes its average from them).
  std::vector<float> batchMin;
  std::vector<float> batchMax;
  /// The mean of the elements and their population standard deviation
  /// (divided by count, not count - 1).
  double mean = 0.0;
  double stdDev = 0.0;
  /// The histogram range R: a power of two, the smallest one strictly above
  /// max(|min|, |max|) (kDefaultHistogramRange when every element is 0).
  double histogramRange = kDefaultHistogramRange;
  /// positiveCounts[i] counts the elements x >= 0 (-0.0 included) with
  /// i * R / bins <= x < (i + 1) * R / bins; negativeCounts[i] the elements
  /// x < 0 with i * R / bins <= -x < (i + 1) * R / bins. Both have `bins`
  /// entries.
  std::vector<int64_t> positiveCounts;
  std::vector<int64_t> negativeCounts;

  /// The number of histogram bins per sign.
  size_t getNumBins() const { return positiveCounts.size(); }
  /// The width R / bins of one histogram bin.
  double getBinWidth() const;
  /// The histogram of |x|: positiveCounts[i] + negativeCounts[i].
  std::vector<int64_t> getAbsoluteCounts() const;
};

/// Whether `bins` is a histogram size a collector accepts: a power of two (so
/// that every bin edge is exact in floating point, and doubling the range
/// merges bins pairwise) in [2, kMaxHistogramBins].
bool isValidHistogramBins(unsigned bins);

/// The histogram range R for a largest magnitude `maxAbs` >= 0: the smallest
/// power of two strictly greater than maxAbs, or kDefaultHistogramRange when
/// maxAbs is 0.
double getHistogramRange(double maxAbs);

/// Checks that `stats` is self-consistent, so that the range methods can trust
/// it (statistics read from an attribute may have been written by hand):
/// count >= 1; min <= max, mean, stdDev >= 0 finite; as many batch minima as
/// maxima, at least one, each batchMin <= batchMax, their extremes equal to
/// min and max, and no more batches than elements; a valid histogram size, the
/// same for both signs; R a finite power of two above max(|min|, |max|);
/// non-negative counts summing to count.
Status verifyStatistics(const CalibrationStatistics &stats);

/// Accumulates the statistics of one tensor, one batch at a time, in memory
/// that does not grow with the number of batches (but for 8 bytes per batch:
/// its minimum and maximum).
///
/// The histogram range R is always getHistogramRange(max |x| so far). When a
/// batch raises R, R doubles until it is large enough, and each doubling
/// merges the bins pairwise: new bin i = old bin 2i + old bin 2i + 1 for
/// i < bins / 2, and the upper half starts empty. The union of old bins 2i and
/// 2i + 1, [2i R / bins, (2i + 2) R / bins), is exactly new bin i,
/// [i 2R / bins, (i + 1) 2R / bins): the counts stay those of binning every
/// element directly with the final R, whatever the batch sizes.
///
/// The mean and standard deviation merge each batch's moments (its mean and
/// its sum of squared deviations from that mean, both in double) with Chan et
/// al.'s parallel update.
class StatisticsCollector {
public:
  /// A collector with `bins` histogram bins per sign. If `bins` is not valid
  /// (isValidHistogramBins), every addBatch fails.
  explicit StatisticsCollector(unsigned bins = kDefaultHistogramBins);

  /// Adds the `size` elements at `data` as one batch. An empty batch, or a
  /// batch holding a NaN or an infinity, is rejected with a message (naming
  /// the first bad element) and leaves the statistics unchanged.
  Status addBatch(const float *data, size_t size);

  /// The statistics of the batches added so far (count 0 before the first).
  const CalibrationStatistics &getStatistics() const { return stats; }

private:
  /// Doubles R until it exceeds `maxAbs`, merging the bins at each doubling.
  void growHistogram(double maxAbs);

  CalibrationStatistics stats;
  /// Sum of squared deviations from the mean (Welford's M2).
  double sumSquaredDeviations = 0.0;
  /// Whether the histogram counts are valid (the bin count was).
  bool validBins;
};

//===----------------------------------------------------------------------===//
// Range methods
//===----------------------------------------------------------------------===//

/// How a real range is chosen from the statistics.
enum class RangeMethod : uint32_t {
  MinMax = 0,        ///< `minmax`: [min, max].
  MovingAverage = 1, ///< `moving-average`: moving averages of batch extremes.
  MeanStd = 2,       ///< `mean-std`: mu -+ k sigma, within [min, max].
  Percentile = 3,    ///< `percentile`: histogram percentiles.
  Entropy = 4,       ///< `entropy`: TensorRT's KL-divergence threshold.
  Mse = 5,           ///< `mse`: the threshold of least squared error.
};

/// The name of `method` in pass options, flags and docs: `minmax`,
/// `moving-average`, `mean-std`, `percentile`, `entropy`, `mse`.
const char *getRangeMethodName(RangeMethod method);

/// The method named `name` (one of the names above, exactly), or
/// std::nullopt.
std::optional<RangeMethod> parseRangeMethod(std::string_view name);

/// moving-average's default averaging constant c.
constexpr double kDefaultAveragingConstant = 0.01;
/// mean-std's default number k of standard deviations.
constexpr double kDefaultNumStdDevs = 3.0;
/// percentile's default percentile p.
constexpr double kDefaultPercentile = 99.99;
/// The first candidate threshold of entropy and mse, in bins.
constexpr unsigned kDefaultStartBin = 128;
/// The step between candidate thresholds of entropy and mse, in bins.
constexpr unsigned kDefaultStride = 1;

/// The default of a method's one real parameter: c for moving-average, k for
/// mean-std, p for percentile; std::nullopt for the others.
std::optional<double> getDefaultParameter(RangeMethod method);

/// A real range.
struct Range {
  double min;
  double max;
};

/// The quantization a range is chosen for: N-bit storage, signed or not, and
/// symmetric (signed storage only) or asymmetric. Only entropy and mse depend
/// on it; every method checks it.
struct QuantizationKind {
  unsigned bits = 8;
  bool isSigned = true;
  bool symmetric = false;
};

/// A method and its parameters.
struct RangeOptions {
  RangeMethod method = RangeMethod::MinMax;
  /// moving-average: c in (0, 1].
  double averagingConstant = kDefaultAveragingConstant;
  /// mean-std: k >= 0.
  double numStdDevs = kDefaultNumStdDevs;
  /// percentile: p in [50, 100].
  double percentile = kDefaultPercentile;
  /// entropy and mse: the candidates are the bin edges i * R / bins for
  /// i = startBin, startBin + stride, ... up to bins. startBin >= 1,
  /// stride >= 1.
  unsigned startBin = kDefaultStartBin;
  unsigned stride = kDefaultStride;
};

// Each method first checks `stats` with verifyStatistics, then its
// parameters, and fails with a message if either is wrong; `result` is only
// written on success.

/// Whether entropy and mse see the data as one-sided (NVIDIA's `unsigned`):
/// asymmetric quantization of data that never changes sign (min >= 0 or
/// max <= 0). One-sided data use all 2^N levels on one side of 0; otherwise
/// 2^(N-1) levels serve each side.
bool isOneSided(const CalibrationStatistics &stats, QuantizationKind kind);

/// `minmax`: [min, max].
Status computeMinMaxRange(const CalibrationStatistics &stats, Range &result);

/// `moving-average`, as PyTorch's MovingAverageMinMaxObserver: the first
/// batch sets (a, b) = (batchMin[0], batchMax[0]); each later batch k updates
/// a = a + c * (batchMin[k] - a) and b = b + c * (batchMax[k] - b), every
/// operation one float32 operation with c rounded to float32 (PyTorch's
/// buffers are float32 tensors). Result [a, b].
Status computeMovingAverageRange(const CalibrationStatistics &stats,
                                 double averagingConstant, Range &result);

/// `mean-std`: [max(mean - k stdDev, min), min(mean + k stdDev, max)]
/// (double).
Status computeMeanStdRange(const CalibrationStatistics &stats,
                           double numStdDevs, Range &result);

/// `percentile`, from the histogram read as a piecewise-linear CDF (the
/// elements of a bin spread evenly over it). Symmetric: T = the p-th
/// percentile of |x|, at most max |x|; result [-T, T]. Asymmetric:
/// rmax = P(x, p) and rmin = -P(-x, p), where P(y, p) is the p-th percentile
/// of y over the signed histogram, both clamped into [min, max], then rmin
/// lowered to rmax if rounding put it above. docs/Calibration.md gives the
/// interpolation formula operation by operation.
Status computePercentileRange(const CalibrationStatistics &stats,
                              double percentile, QuantizationKind kind,
                              Range &result);

/// `entropy`: the threshold T of NVIDIA pytorch-quantization's
/// _compute_amax_entropy on the |x| histogram (with 2^(N-1) levels, 2^N for
/// one-sided data), candidates skipped where the quantized distribution is
/// empty; see docs/Calibration.md. Result [-T, T] when symmetric, [0, T] or
/// [-T, 0] for one-sided data, else [max(-T, min), min(T, max)]. When every
/// candidate is skipped (all elements 0) the result is [min, max].
Status computeEntropyRange(const CalibrationStatistics &stats,
                           unsigned startBin, unsigned stride,
                           QuantizationKind kind, Range &result);

/// `mse`: the candidate threshold T minimising
/// sum_j h_j (q_T(c_j) - c_j)^2 over the |x| histogram h with bin centers
/// c_j, where q_T(c) = s * min(round_half_even(c / s), L), s = T / L, and
/// L = 2^(N-1) - 1 (2^N - 1 for one-sided data); the smallest such T on a
/// tie. The result is built from T as entropy's is.
Status computeMseRange(const CalibrationStatistics &stats, unsigned startBin,
                       unsigned stride, QuantizationKind kind, Range &result);

/// Verifies `stats` and `kind` (N in [kMinStorageBits, kMaxStorageBits], no
/// symmetric unsigned storage) and applies `options.method`. `result` is only
/// written on success.
Status computeRange(const CalibrationStatistics &stats,
                    const RangeOptions &options, QuantizationKind kind,
                    Range &result);

} // namespace quantmath
} // namespace qedge
} // namespace mlir

#endif // QEDGE_QUANTMATH_CALIBRATION_H
