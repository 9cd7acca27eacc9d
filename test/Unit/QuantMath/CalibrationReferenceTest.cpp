//===- CalibrationReferenceTest.cpp - Calibration against numpy -----------===//
//
// Reference: numpy, in calibration_reference.py next to this file, run with
// $QEDGE_PYTHON. The script draws a few datasets with a fixed seed, prints
// their batches, and computes the statistics and every range method from
// docs/Calibration.md. This test feeds the same batches to
// StatisticsCollector and compares:
//
// * count, min, max, R and every histogram count exactly;
// * mean and std to 1e-6 relative (different summation orders);
// * minmax, moving-average, percentile, entropy and mse exactly: they depend
//   only on exact quantities (counts, float32 extremes, float32 arithmetic)
//   except for the objectives entropy and mse minimise, for which the script
//   lists every candidate within 1e-9 of its best one;
// * mean-std to 1e-9 of (|expected| + std), as it inherits the mean and std.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/Calibration.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace mlir::qedge::quantmath;
using qedge_test::ComparisonCounter;

namespace {

constexpr int kSeed = 20240917;
constexpr char kLabel[] = "[ numpy ]";
constexpr char kReference[] = "numpy";

/// Reads a double printed by Python's float.hex() (strtod reads hex floats).
bool readHex(std::istringstream &in, double &value) {
  std::string word;
  if (!(in >> word))
    return false;
  char *end = nullptr;
  value = std::strtod(word.c_str(), &end);
  return end && *end == '\0';
}

/// Runs calibration_reference.py and returns its output lines. Fails the test
/// (and returns what was read) if the script cannot run or exits non-zero.
std::vector<std::string> runReference() {
  std::string script = qedge_test::getSourceDir() +
                       "/test/Unit/QuantMath/calibration_reference.py";
  std::string command = qedge_test::shellQuote(qedge_test::getPython()) + " " +
                        qedge_test::shellQuote(script) + " --seed " +
                        std::to_string(kSeed);
  std::vector<std::string> lines;
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run: " << command;
    return lines;
  }
  // Batch lines are long: read whole lines of any length.
  char *buffer = nullptr;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&buffer, &capacity, pipe)) > 0)
    lines.emplace_back(buffer, static_cast<size_t>(length));
  std::free(buffer);
  int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "reference script failed (" << command
      << "); it needs numpy in $QEDGE_PYTHON";
  return lines;
}

/// Whether `actual` equals one of the `expected` ranges exactly.
bool isAccepted(const Range &actual, const std::vector<Range> &expected) {
  for (const Range &range : expected)
    if (actual.min == range.min && actual.max == range.max)
      return true;
  return false;
}

std::string describeRange(const Range &range) {
  char text[96];
  std::snprintf(text, sizeof(text), "[%a, %a]", range.min, range.max);
  return text;
}

TEST(CalibrationReferenceTest, StatisticsAndRanges) {
  std::vector<std::string> lines = runReference();
  ComparisonCounter statistics(kLabel, "calibration statistics", kReference);
  ComparisonCounter histograms(kLabel, "histogram counts", kReference);
  ComparisonCounter ranges(kLabel, "ranges", kReference);

  std::string dataset;
  std::optional<StatisticsCollector> collector;
  CalibrationStatistics expected;
  int64_t datasets = 0, announced = -1;
  for (const std::string &line : lines) {
    std::istringstream in(line);
    std::string tag;
    in >> tag;
    if (tag == "dataset") {
      unsigned bins = 0;
      in >> dataset >> bins;
      collector.emplace(bins);
      ++datasets;
    } else if (tag == "batch") {
      size_t size = 0;
      in >> size;
      std::vector<float> batch(size);
      for (float &value : batch) {
        uint32_t bits = 0;
        in >> bits;
        value = qedge_test::floatFromBits(bits);
      }
      ASSERT_TRUE(in && collector) << "malformed batch line in " << dataset;
      Status status = collector->addBatch(batch.data(), batch.size());
      ASSERT_TRUE(status.succeeded()) << dataset << ": " << status.getMessage();
    } else if (tag == "stats") {
      in >> expected.count;
      bool read = readHex(in, expected.min) && readHex(in, expected.max) &&
                  readHex(in, expected.mean) && readHex(in, expected.stdDev) &&
                  readHex(in, expected.histogramRange);
      ASSERT_TRUE(read && collector) << "malformed stats line in " << dataset;
      const CalibrationStatistics &actual = collector->getStatistics();
      auto where = [&] { return dataset; };
      statistics.check(actual.count, expected.count, where, " count");
      statistics.check(actual.min, expected.min, where, " min");
      statistics.check(actual.max, expected.max, where, " max");
      statistics.check(actual.histogramRange, expected.histogramRange, where,
                       " R");
      statistics.countComparison();
      EXPECT_NEAR(actual.mean, expected.mean, 1e-6 * std::fabs(expected.mean))
          << dataset;
      statistics.countComparison();
      EXPECT_NEAR(actual.stdDev, expected.stdDev, 1e-6 * expected.stdDev)
          << dataset;
      EXPECT_TRUE(verifyStatistics(actual).succeeded()) << dataset;
    } else if (tag == "positive" || tag == "negative") {
      const std::vector<int64_t> &actual =
          tag == "positive" ? collector->getStatistics().positiveCounts
                            : collector->getStatistics().negativeCounts;
      std::vector<int64_t> counts;
      int64_t count;
      while (in >> count)
        counts.push_back(count);
      ASSERT_EQ(counts.size(), actual.size()) << dataset << " " << tag;
      for (size_t i = 0; i < counts.size(); ++i)
        histograms.check(actual[i], counts[i], [&] {
          return dataset + " " + tag + " bin " + std::to_string(i);
        });
    } else if (tag == "range") {
      std::string name;
      double parameter = 0.0;
      unsigned start = 0, stride = 0, bits = 0, isSigned = 0, symmetric = 0;
      size_t accepted = 0;
      in >> name;
      ASSERT_TRUE(readHex(in, parameter));
      in >> start >> stride >> bits >> isSigned >> symmetric >> accepted;
      std::vector<Range> expectedRanges(accepted);
      for (Range &range : expectedRanges)
        ASSERT_TRUE(readHex(in, range.min) && readHex(in, range.max))
            << "malformed range line in " << dataset;
      std::optional<RangeMethod> method = parseRangeMethod(name);
      ASSERT_TRUE(method) << "unknown method " << name;

      RangeOptions options;
      options.method = *method;
      options.averagingConstant = parameter;
      options.numStdDevs = parameter;
      options.percentile = parameter;
      options.startBin = start;
      options.stride = stride;
      QuantizationKind kind{bits, isSigned != 0, symmetric != 0};
      Range actual{};
      Status status =
          computeRange(collector->getStatistics(), options, kind, actual);
      auto describe = [&] {
        std::ostringstream text;
        text << dataset << " " << name << " param " << parameter << " start "
             << start << " stride " << stride << " bits " << bits
             << (isSigned ? " signed" : " unsigned")
             << (symmetric ? " symmetric" : " asymmetric") << ": got "
             << describeRange(actual) << ", numpy "
             << describeRange(expectedRanges[0]);
        return text.str();
      };
      ASSERT_TRUE(status.succeeded())
          << describe() << ": " << status.getMessage();
      if (*method == RangeMethod::MeanStd) {
        const Range &want = expectedRanges[0];
        double scale = collector->getStatistics().stdDev;
        ranges.countComparison();
        EXPECT_NEAR(actual.min, want.min, 1e-9 * (std::fabs(want.min) + scale))
            << describe();
        EXPECT_NEAR(actual.max, want.max, 1e-9 * (std::fabs(want.max) + scale))
            << describe();
        continue;
      }
      ranges.check(isAccepted(actual, expectedRanges), true, describe);
    } else if (tag == "end") {
      in >> announced;
    } else {
      ADD_FAILURE() << "unexpected reference line: " << line.substr(0, 80);
    }
  }
  EXPECT_EQ(announced, datasets) << "reference output truncated";
  EXPECT_GE(datasets, 6);
  EXPECT_EQ(statistics.getMismatched(), 0);
  EXPECT_EQ(histograms.getMismatched(), 0);
  EXPECT_EQ(ranges.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(ranges.getCompared()));
}

} // namespace
