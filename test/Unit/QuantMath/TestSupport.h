//===- TestSupport.h - Shared helpers of the QuantMath tests ----*- C++ -*-===//
//
// Locating the source tree and the Python interpreter, bit casts, the exact
// 128-bit integer operations the independent references are written in, and
// the counter through which the randomized comparisons report. Nothing here
// computes an expected value: each reference stays in its test file, next to
// the argument for why it is right.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H
#define QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H

#include "gtest/gtest.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

namespace qedge_test {

/// The repository root: $QEDGE_SOURCE_DIR (set by the lit configuration), else
/// the source directory the test was configured from.
inline std::string getSourceDir() {
  if (const char *dir = std::getenv("QEDGE_SOURCE_DIR"); dir && *dir)
    return dir;
  return QEDGE_DEFAULT_SOURCE_DIR;
}

/// A Python interpreter with numpy: $QEDGE_PYTHON (set by the lit
/// configuration), else the interpreter CMake was configured with.
inline std::string getPython() {
  if (const char *python = std::getenv("QEDGE_PYTHON"); python && *python)
    return python;
  return QEDGE_DEFAULT_PYTHON;
}

/// Quotes `text` for a POSIX shell command line.
inline std::string shellQuote(const std::string &text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

inline float floatFromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

inline uint32_t bitsFromFloat(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

//===----------------------------------------------------------------------===//
// Exact integer arithmetic
//===----------------------------------------------------------------------===//

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();

/// Holds every product and offset the references form from int32 and int64
/// operands, so that they can evaluate their rational definitions exactly.
using Int128 = __int128;

/// 2^n for n in [0, 126]. Repeated doubling rather than a shift: the
/// references share no shift idiom with the code under test.
inline Int128 powerOfTwo(int n) {
  Int128 result = 1;
  for (int i = 0; i < n; ++i)
    result *= 2;
  return result;
}

/// floor(num / den) for den > 0; C++ division truncates toward zero.
inline Int128 floorDiv(Int128 num, Int128 den) {
  Int128 quotient = num / den;
  if (num % den != 0 && num < 0)
    quotient -= 1;
  return quotient;
}

/// `value` clamped to [kInt32Min, kInt32Max].
inline int32_t saturateToInt32(Int128 value) {
  if (value > kInt32Max)
    return kInt32Max;
  if (value < kInt32Min)
    return kInt32Min;
  return static_cast<int32_t>(value);
}

//===----------------------------------------------------------------------===//
// Comparison counting
//===----------------------------------------------------------------------===//

/// Counts the comparisons of one set of cases against a reference and, when
/// it goes out of scope, prints
///
///   <label> <what>: <n> comparisons, <m> mismatches
///
/// so that the log shows how much was compared (a loop that compared nothing
/// stands out). Only the first kMaxReportedMismatches mismatches are reported
/// as failures: a systematic error would otherwise print millions of them.
class ComparisonCounter {
public:
  static constexpr int64_t kMaxReportedMismatches = 10;

  /// `label` tags the summary line ("[ rndnu ]"), `what` names the cases and
  /// `reference` the source of the expected values in failure messages
  /// ("exact", "gemmlowp", "numpy"). All three must outlive the counter.
  ComparisonCounter(const char *label, const char *what, const char *reference)
      : label(label), what(what), reference(reference) {}
  ComparisonCounter(const ComparisonCounter &) = delete;
  ComparisonCounter &operator=(const ComparisonCounter &) = delete;

  ~ComparisonCounter() {
    std::printf("%s %s: %" PRId64 " comparisons, %" PRId64 " mismatches\n",
                label, what, compared, mismatched);
  }

  /// Counts one comparison of `actual` (QEdgeQuantMath) with `expected` (the
  /// reference). A mismatch fails the test with
  ///
  ///   <describe...>: got <actual>, <reference> <expected>
  ///
  /// where each piece of `describe` is streamed as it is or, if callable,
  /// called and its result streamed: a description that is costly to format
  /// is then built for reported mismatches only. Returns whether the two are
  /// equal.
  template <typename T, typename... Describe>
  bool check(const T &actual, const T &expected, const Describe &...describe) {
    ++compared;
    if (actual == expected)
      return true;
    if (++mismatched <= kMaxReportedMismatches) {
      ::testing::Message message;
      (appendPiece(message, describe), ...);
      ADD_FAILURE() << message << ": got " << actual << ", " << reference << " "
                    << expected;
    }
    return false;
  }

  /// Counts a comparison that the caller checks and reports itself (with
  /// EXPECT_EQ); it appears in the summary but never as a mismatch.
  void countComparison() { ++compared; }

  int64_t getCompared() const { return compared; }
  int64_t getMismatched() const { return mismatched; }

private:
  template <typename Piece>
  static void appendPiece(::testing::Message &message, const Piece &piece) {
    if constexpr (std::is_invocable_v<const Piece &>)
      message << piece();
    else
      message << piece;
  }

  const char *label;
  const char *what;
  const char *reference;
  int64_t compared = 0;
  int64_t mismatched = 0;
};

} // namespace qedge_test

#endif // QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H
