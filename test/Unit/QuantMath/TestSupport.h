//===- TestSupport.h - Shared helpers of the QuantMath unit tests -*- C++
//-*-===//
//
// Locating the source tree and the Python interpreter, and bit casts. Nothing
// here computes an expected value.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H
#define QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

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

} // namespace qedge_test

#endif // QEDGE_TEST_UNIT_QUANTMATH_TESTSUPPORT_H
