//===- Fp32ReferenceTest.cpp - float numerics against numpy ---------------===//
//
// Reference: numpy float32 arithmetic, in fp32_reference.py next to this file,
// run with $QEDGE_PYTHON. The script draws the cases with a fixed seed and
// prints them with numpy's results; this test recomputes each with
// QEdgeQuantMath and compares bit for bit.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace mlir::qedge::quantmath;
using qedge_test::ComparisonCounter;
using qedge_test::floatFromBits;

namespace {

constexpr int kSeed = 20240601;
// Tags this file's summary lines; failures name numpy as the reference.
constexpr char kLabel[] = "[ numpy ]";
constexpr char kReference[] = "numpy";

/// Runs fp32_reference.py in `mode` and calls `onRow` with the integer
/// fields of each case line. Fails the test (and returns the number of rows
/// seen) if the script cannot run, exits non-zero, prints a malformed line,
/// or does not end with "end <rows>".
int64_t runReference(const std::string &mode, int64_t count, size_t columns,
                     const std::function<void(const int64_t *)> &onRow) {
  std::string script =
      qedge_test::getSourceDir() + "/test/Unit/QuantMath/fp32_reference.py";
  std::string command = qedge_test::shellQuote(qedge_test::getPython()) + " " +
                        qedge_test::shellQuote(script) + " " + mode +
                        " --seed " + std::to_string(kSeed) + " --count " +
                        std::to_string(count);
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run: " << command;
    return 0;
  }
  int64_t rows = 0;
  int64_t announced = -1;
  std::vector<int64_t> fields(columns);
  std::vector<char> line(4096);
  while (std::fgets(line.data(), static_cast<int>(line.size()), pipe)) {
    if (std::sscanf(line.data(), "end %" SCNd64, &announced) == 1)
      break;
    const char *cursor = line.data();
    size_t parsed = 0;
    for (; parsed < columns; ++parsed) {
      char *end = nullptr;
      errno = 0;
      fields[parsed] = std::strtoll(cursor, &end, 10);
      if (end == cursor || errno != 0)
        break;
      cursor = end;
    }
    if (parsed != columns) {
      ADD_FAILURE() << "malformed reference line " << rows + 1 << ": "
                    << line.data();
      break;
    }
    onRow(fields.data());
    ++rows;
  }
  int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "reference script failed (" << command
      << "); it needs numpy in $QEDGE_PYTHON";
  EXPECT_EQ(announced, rows) << "reference output truncated";
  EXPECT_EQ(rows, count);
  return rows;
}

TEST(Fp32ReferenceTest, Requantize) {
  // Columns: sIn sW sOut acc zp lo hi | M y, float32 as bit patterns.
  ComparisonCounter multipliers(
      kLabel, "fp32 multiplier fl32(fl32(sIn * sW) / sOut)", kReference);
  ComparisonCounter outputs(kLabel, "fp32 requantize", kReference);
  runReference("requantize", 200'000, 9, [&](const int64_t *f) {
    float sIn = floatFromBits(static_cast<uint32_t>(f[0]));
    float sW = floatFromBits(static_cast<uint32_t>(f[1]));
    float sOut = floatFromBits(static_cast<uint32_t>(f[2]));
    int32_t acc = static_cast<int32_t>(f[3]);
    float m = computeFp32Multiplier(sIn, sW, sOut);
    auto describe = [&] {
      char buffer[160];
      std::snprintf(buffer, sizeof(buffer),
                    "sIn=%a sW=%a sOut=%a acc=%d zp=%" PRId64 " [%" PRId64
                    ", %" PRId64 "]",
                    sIn, sW, sOut, acc, f[4], f[5], f[6]);
      return std::string(buffer);
    };
    multipliers.check(qedge_test::bitsFromFloat(m), static_cast<uint32_t>(f[7]),
                      describe);
    outputs.check(requantizeFp32(acc,
                                 floatFromBits(static_cast<uint32_t>(f[7])),
                                 f[4], f[5], f[6]),
                  f[8], describe);
  });
  EXPECT_EQ(multipliers.getMismatched(), 0);
  EXPECT_EQ(outputs.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(outputs.getCompared()));
}

TEST(Fp32ReferenceTest, Quantize) {
  // Columns: r S zp qmin qmax | q.
  ComparisonCounter counter(kLabel, "quantize", kReference);
  runReference("quantize", 200'000, 6, [&](const int64_t *f) {
    float r = floatFromBits(static_cast<uint32_t>(f[0]));
    float s = floatFromBits(static_cast<uint32_t>(f[1]));
    counter.check(quantize(r, s, f[2], StorageRange{f[3], f[4]}), f[5], [&] {
      char buffer[128];
      std::snprintf(buffer, sizeof(buffer),
                    "r=%a S=%a zp=%" PRId64 " [%" PRId64 ", %" PRId64 "]", r, s,
                    f[2], f[3], f[4]);
      return std::string(buffer);
    });
  });
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

TEST(Fp32ReferenceTest, ActivationBounds) {
  // Columns: r S zp qmin qmax | half-away half-even.
  ComparisonCounter counter(kLabel, "activation bounds", kReference);
  runReference("activation", 100'000, 7, [&](const int64_t *f) {
    float r = floatFromBits(static_cast<uint32_t>(f[0]));
    float s = floatFromBits(static_cast<uint32_t>(f[1]));
    StorageRange range{f[3], f[4]};
    auto describe = [&] {
      char buffer[128];
      std::snprintf(buffer, sizeof(buffer),
                    "r=%a S=%a zp=%" PRId64 " [%" PRId64 ", %" PRId64 "]", r, s,
                    f[2], f[3], f[4]);
      return std::string(buffer);
    };
    counter.check(
        quantizeActivationBound(r, s, f[2], RoundingMode::Gemmlowp, range),
        f[5], describe);
    counter.check(
        quantizeActivationBound(r, s, f[2], RoundingMode::Rndnu, range), f[5],
        describe);
    counter.check(
        quantizeActivationBound(r, s, f[2], RoundingMode::Fp32, range), f[6],
        describe);
  });
  EXPECT_EQ(counter.getMismatched(), 0);
  RecordProperty("comparisons", std::to_string(counter.getCompared()));
}

} // namespace
