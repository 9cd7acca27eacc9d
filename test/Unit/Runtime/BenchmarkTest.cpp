//===- BenchmarkTest.cpp - The runtime's summary of timed calls -----------===//
//
// The expected medians are numpy.median of the same values, worked out by
// hand: the middle value of the sorted times, or the mean of the two middle
// ones for an even count.
//
//===----------------------------------------------------------------------===//

#include "qedge/Runtime/Benchmark.h"

#include "gtest/gtest.h"

#include <vector>

namespace {

TEST(MedianTest, OddCountIsTheMiddleValue) {
  // Sorted: 1, 2, 7, 9, 30.
  std::vector<double> times = {9.0, 1.0, 30.0, 2.0, 7.0};
  EXPECT_EQ(qedge_median_us(times.data(), times.size()), 7.0);
}

TEST(MedianTest, EvenCountIsTheMeanOfTheTwoMiddleValues) {
  // Sorted: 1, 2, 5, 30: (2 + 5) / 2.
  std::vector<double> times = {5.0, 30.0, 1.0, 2.0};
  EXPECT_EQ(qedge_median_us(times.data(), times.size()), 3.5);
  // Two values: their mean, not the larger one.
  std::vector<double> two = {4.0, 1.0};
  EXPECT_EQ(qedge_median_us(two.data(), two.size()), 2.5);
}

TEST(MedianTest, SortsTheTimesSoTheMinimumComesFirst) {
  std::vector<double> times = {3.25, 0.5, 2.0, 0.75};
  qedge_median_us(times.data(), times.size());
  EXPECT_EQ(times, (std::vector<double>{0.5, 0.75, 2.0, 3.25}));
}

TEST(MedianTest, OneAndNoTimes) {
  double one = 4.5;
  EXPECT_EQ(qedge_median_us(&one, 1), 4.5);
  EXPECT_EQ(qedge_median_us(nullptr, 0), 0.0);
}

} // namespace
