//===- SpecExamplesTest.cpp - docs/QuantizationSpec.md's worked examples --===//
//
// Reference: the worked examples of docs/QuantizationSpec.md, each derived by
// hand in the text around it. This test reads every ```example block of the
// spec, parses each line with the grammar of the spec's appendix, and checks
// it against QEdgeQuantMath. An unparsable line, an unknown operation or key,
// or a spec without examples fails the test.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "qedge/QuantMath/QuantMath.h"

#include "gtest/gtest.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using namespace mlir::qedge::quantmath;

namespace {

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

/// One side of an example line: `key=value` pairs and bare flags, each of
/// which must be consumed by the checker exactly once.
class Fields {
public:
  /// Splits whitespace-separated tokens; false on a duplicate key or flag.
  bool parse(const std::vector<std::string> &tokens, std::string &error) {
    for (const std::string &token : tokens) {
      size_t eq = token.find('=');
      if (eq == std::string::npos) {
        if (!flags.insert(token).second) {
          error = "duplicate flag '" + token + "'";
          return false;
        }
        continue;
      }
      std::string key = token.substr(0, eq);
      if (key.empty() || eq + 1 == token.size()) {
        error = "malformed 'key=value' token '" + token + "'";
        return false;
      }
      if (!values.emplace(key, token.substr(eq + 1)).second) {
        error = "duplicate key '" + key + "'";
        return false;
      }
    }
    return true;
  }

  bool takeFlag(const std::string &flag) { return flags.erase(flag) != 0; }

  /// Takes exactly one of `choices` as a flag.
  std::optional<std::string> takeChoice(const std::vector<std::string> &choices,
                                        std::string &error) {
    std::optional<std::string> found;
    for (const std::string &choice : choices) {
      if (!takeFlag(choice))
        continue;
      if (found) {
        error = "both '" + *found + "' and '" + choice + "'";
        return std::nullopt;
      }
      found = choice;
    }
    if (!found) {
      error = "expected one of:";
      for (const std::string &choice : choices)
        error += " " + choice;
    }
    return found;
  }

  std::optional<std::string> takeRaw(const std::string &key,
                                     std::string &error) {
    auto it = values.find(key);
    if (it == values.end()) {
      error = "missing '" + key + "='";
      return std::nullopt;
    }
    std::string value = it->second;
    values.erase(it);
    return value;
  }

  /// A decimal integer with an optional sign.
  std::optional<int64_t> takeInt(const std::string &key, std::string &error) {
    std::optional<std::string> raw = takeRaw(key, error);
    if (!raw)
      return std::nullopt;
    std::optional<int64_t> value = parseInt(*raw);
    if (!value)
      error = "'" + key + "=" + *raw + "' is not a decimal integer";
    return value;
  }

  /// A C floating literal (decimal or hexadecimal), inf, -inf or nan,
  /// rounded once to the nearest double.
  std::optional<double> takeDouble(const std::string &key, std::string &error) {
    std::optional<std::string> raw = takeRaw(key, error);
    if (!raw)
      return std::nullopt;
    std::optional<double> value = parseReal<double>(*raw, std::strtod);
    if (!value)
      error = "'" + key + "=" + *raw + "' is not a real number";
    return value;
  }

  /// The same syntax, rounded once to the nearest float32.
  std::optional<float> takeFloat(const std::string &key, std::string &error) {
    std::optional<std::string> raw = takeRaw(key, error);
    if (!raw)
      return std::nullopt;
    std::optional<float> value = parseReal<float>(*raw, std::strtof);
    if (!value)
      error = "'" + key + "=" + *raw + "' is not a real number";
    return value;
  }

  /// Fails on anything not taken.
  bool finish(std::string &error) const {
    for (const auto &[key, value] : values)
      error += " unexpected '" + key + "=" + value + "'";
    for (const std::string &flag : flags)
      error += " unexpected '" + flag + "'";
    return values.empty() && flags.empty();
  }

  static std::optional<int64_t> parseInt(const std::string &text) {
    if (text.empty())
      return std::nullopt;
    size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
    if (start == text.size() ||
        text.find_first_not_of("0123456789", start) != std::string::npos)
      return std::nullopt;
    errno = 0;
    long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno != 0)
      return std::nullopt;
    return value;
  }

  template <typename T, typename Fn>
  static std::optional<T> parseReal(const std::string &text, Fn convert) {
    if (text.empty())
      return std::nullopt;
    // strtod also accepts "infinity", "nan(...)" and leading blanks; the
    // grammar allows the plain forms only.
    if (text != "nan" && text != "inf" && text != "-inf" &&
        text.find_first_not_of("0123456789+-.eEpPxXabcdefABCDEF") !=
            std::string::npos)
      return std::nullopt;
    char *end = nullptr;
    T value = convert(text.c_str(), &end);
    if (end != text.c_str() + text.size())
      return std::nullopt;
    return value;
  }

private:
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
};

/// The parsed sides of one example line.
struct Example {
  std::string operation;
  Fields arguments;
  Fields results;
  /// The result side when it is a single bare token (`-> 63`).
  std::optional<std::string> bareResult;
};

bool parseExample(const std::string &line, Example &example,
                  std::string &error) {
  std::istringstream stream(line);
  std::vector<std::string> left, right;
  std::string token;
  bool seenArrow = false;
  while (stream >> token) {
    if (token == "->") {
      if (seenArrow) {
        error = "more than one '->'";
        return false;
      }
      seenArrow = true;
      continue;
    }
    (seenArrow ? right : left).push_back(token);
  }
  if (!seenArrow || left.empty() || right.empty()) {
    error = "expected '<operation> <arguments> -> <results>'";
    return false;
  }
  example.operation = left.front();
  left.erase(left.begin());
  if (right.size() == 1 && right.front().find('=') == std::string::npos)
    example.bareResult = right.front();
  else if (!example.results.parse(right, error))
    return false;
  return example.arguments.parse(left, error);
}

//===----------------------------------------------------------------------===//
// Checking
//===----------------------------------------------------------------------===//

/// Either a parse error (the line is malformed) or a comparison outcome.
struct Outcome {
  bool parsed = false;
  std::string message; ///< The parse error, or the mismatch; empty if equal.
};

Outcome parseError(std::string message) { return {false, std::move(message)}; }

std::string formatFloat(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g (%a)", value, value);
  return buffer;
}

/// Compares as the grammar says: integers exactly, reals bit-exactly (NaN
/// equal to NaN).
template <typename T> bool sameValue(T actual, T expected) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(actual) || std::isnan(expected))
      return std::isnan(actual) && std::isnan(expected);
    return actual == expected && std::signbit(actual) == std::signbit(expected);
  }
  return actual == expected;
}

template <typename T>
void compare(Outcome &outcome, const char *what, T actual, T expected) {
  if (sameValue(actual, expected))
    return;
  std::ostringstream message;
  if constexpr (std::is_floating_point_v<T>)
    message << what << ": got " << formatFloat(actual) << ", expected "
            << formatFloat(expected);
  else
    message << what << ": got " << actual << ", expected " << expected;
  if (!outcome.message.empty())
    outcome.message += "; ";
  outcome.message += message.str();
}

/// `bits=<n> (signed|unsigned) [narrow]`.
std::optional<StorageRange> takeStorage(Fields &args, std::string &error,
                                        bool *isSignedOut = nullptr) {
  std::optional<int64_t> bits = args.takeInt("bits", error);
  if (!bits)
    return std::nullopt;
  std::optional<std::string> sign =
      args.takeChoice({"signed", "unsigned"}, error);
  if (!sign)
    return std::nullopt;
  bool narrow = args.takeFlag("narrow");
  bool isSigned = *sign == "signed";
  if (isSignedOut)
    *isSignedOut = isSigned;
  if (*bits < 0 || *bits > 64) {
    error = "bits out of range";
    return std::nullopt;
  }
  std::optional<StorageRange> range =
      getStorageRange(static_cast<unsigned>(*bits), isSigned, narrow);
  if (!range)
    error = "invalid storage type in an example that needs one";
  return range;
}

std::optional<RoundingMode> parseMode(const std::string &text) {
  if (text == "gemmlowp")
    return RoundingMode::Gemmlowp;
  if (text == "rndnu")
    return RoundingMode::Rndnu;
  if (text == "fp32")
    return RoundingMode::Fp32;
  return std::nullopt;
}

const char *rangeErrorName(RangeError error) {
  switch (error) {
  case RangeError::None:
    return "none";
  case RangeError::NonFinite:
    return "non-finite";
  case RangeError::Inverted:
    return "inverted";
  case RangeError::EmptyStorage:
    return "empty-storage";
  case RangeError::UnsignedSymmetric:
    return "unsigned-symmetric";
  }
  return "unknown";
}

/// The single integer result (`-> 63`).
std::optional<int64_t> takeBareInt(Example &example, std::string &error) {
  if (!example.bareResult) {
    error = "expected a single integer result";
    return std::nullopt;
  }
  std::optional<int64_t> value = Fields::parseInt(*example.bareResult);
  if (!value)
    error = "result '" + *example.bareResult + "' is not an integer";
  return value;
}

/// An integer argument that must be an int32 value (the functions it is
/// passed to take int32_t; a wider value in the spec is a typo, not a test).
std::optional<int32_t> takeInt32(Fields &args, const std::string &key,
                                 std::string &error) {
  std::optional<int64_t> value = args.takeInt(key, error);
  if (!value)
    return std::nullopt;
  if (*value < qedge_test::kInt32Min || *value > qedge_test::kInt32Max) {
    error =
        "'" + key + "=" + std::to_string(*value) + "' is not an int32 value";
    return std::nullopt;
  }
  return static_cast<int32_t>(*value);
}

/// `m0=<i> e=<i>`, both int32 values.
std::optional<FixedPointMultiplier>
takeFixedPointMultiplier(Fields &args, std::string &error) {
  std::optional<int32_t> m0 = takeInt32(args, "m0", error);
  if (!m0)
    return std::nullopt;
  std::optional<int32_t> e = takeInt32(args, "e", error);
  if (!e)
    return std::nullopt;
  return FixedPointMultiplier{*m0, *e};
}

/// Checks one example; the `PARSE` macro turns a missing field into a parse
/// error of the line.
Outcome check(Example &ex) {
  std::string error;
  Outcome outcome{true, ""};
  Fields &args = ex.arguments;
  Fields &res = ex.results;
#define PARSE(var, expr)                                                       \
  auto var = (expr);                                                           \
  if (!var)                                                                    \
    return parseError(error);

  if (ex.operation == "storage") {
    PARSE(bits, args.takeInt("bits", error));
    PARSE(sign, args.takeChoice({"signed", "unsigned"}, error));
    bool narrow = args.takeFlag("narrow");
    std::optional<StorageRange> range =
        *bits < 0 || *bits > 64 ? std::nullopt
                                : getStorageRange(static_cast<unsigned>(*bits),
                                                  *sign == "signed", narrow);
    if (ex.bareResult) {
      if (*ex.bareResult != "invalid")
        return parseError("expected 'qmin=<i> qmax=<i>' or 'invalid'");
      if (range)
        outcome.message = "expected an invalid storage type, got [" +
                          std::to_string(range->qmin) + ", " +
                          std::to_string(range->qmax) + "]";
    } else {
      PARSE(qmin, res.takeInt("qmin", error));
      PARSE(qmax, res.takeInt("qmax", error));
      if (!range)
        outcome.message = "storage type rejected";
      else {
        compare(outcome, "qmin", range->qmin, *qmin);
        compare(outcome, "qmax", range->qmax, *qmax);
      }
    }
  } else if (ex.operation == "quantize") {
    PARSE(r, args.takeFloat("r", error));
    PARSE(scale, args.takeFloat("scale", error));
    PARSE(zp, args.takeInt("zp", error));
    PARSE(range, takeStorage(args, error));
    PARSE(q, takeBareInt(ex, error));
    compare(outcome, "q", quantize(*r, *scale, *zp, *range), *q);
  } else if (ex.operation == "dequantize") {
    PARSE(q, args.takeInt("q", error));
    PARSE(scale, args.takeFloat("scale", error));
    PARSE(zp, args.takeInt("zp", error));
    if (!ex.bareResult)
      return parseError("expected a single real result");
    std::optional<float> r =
        Fields::parseReal<float>(*ex.bareResult, std::strtof);
    if (!r)
      return parseError("result is not a real number");
    compare(outcome, "r", dequantize(*q, *scale, *zp), *r);
  } else if (ex.operation == "params") {
    PARSE(kind, args.takeChoice({"asymmetric", "symmetric"}, error));
    PARSE(rmin, args.takeDouble("rmin", error));
    PARSE(rmax, args.takeDouble("rmax", error));
    bool isSigned = false;
    PARSE(range, takeStorage(args, error, &isSigned));
    QuantParams params{0.0, 0};
    RangeError status =
        *kind == "asymmetric"
            ? chooseAsymmetricParams(*rmin, *rmax, *range, params)
            : chooseSymmetricParams(*rmin, *rmax, *range, isSigned, params);
    if (ex.bareResult)
      return parseError("expected 'scale=<f64> zp=<i>' or 'error=<name>'");
    std::string expectedError = "none";
    std::optional<double> scale;
    std::optional<int64_t> zp;
    if (std::optional<std::string> name = res.takeRaw("error", error)) {
      expectedError = *name;
    } else {
      error.clear();
      PARSE(s, res.takeDouble("scale", error));
      PARSE(z, res.takeInt("zp", error));
      scale = s;
      zp = z;
    }
    if (expectedError != "none" && expectedError != "non-finite" &&
        expectedError != "inverted" && expectedError != "empty-storage" &&
        expectedError != "unsigned-symmetric")
      return parseError("unknown error name '" + expectedError + "'");
    compare(outcome, "error", std::string(rangeErrorName(status)),
            expectedError);
    if (scale && status == RangeError::None) {
      compare(outcome, "scale", params.scale, *scale);
      compare(outcome, "zp", params.zeroPoint, *zp);
    }
  } else if (ex.operation == "multiplier") {
    PARSE(m, args.takeDouble("m", error));
    PARSE(m0, res.takeInt("m0", error));
    PARSE(e, res.takeInt("e", error));
    FixedPointMultiplier fixed = quantizeMultiplier(*m);
    compare(outcome, "m0", int64_t(fixed.multiplier), *m0);
    compare(outcome, "e", int64_t(fixed.shift), *e);
  } else if (ex.operation == "srdhm") {
    PARSE(a, args.takeInt("a", error));
    PARSE(b, args.takeInt("b", error));
    PARSE(y, takeBareInt(ex, error));
    compare(
        outcome, "y",
        int64_t(saturatingRoundingDoublingHighMul(int32_t(*a), int32_t(*b))),
        *y);
  } else if (ex.operation == "rdbpot") {
    PARSE(x, args.takeInt("x", error));
    PARSE(e, args.takeInt("e", error));
    PARSE(y, takeBareInt(ex, error));
    compare(outcome, "y",
            int64_t(roundingDivideByPOT(int32_t(*x), int32_t(*e))), *y);
  } else if (ex.operation == "multiply") {
    PARSE(modeName, args.takeRaw("mode", error));
    PARSE(x, takeInt32(args, "x", error));
    PARSE(m, takeFixedPointMultiplier(args, error));
    PARSE(y, takeBareInt(ex, error));
    std::optional<RoundingMode> mode = parseMode(*modeName);
    if (!mode || *mode == RoundingMode::Fp32)
      return parseError("multiply needs mode=gemmlowp or mode=rndnu");
    int32_t actual = *mode == RoundingMode::Gemmlowp
                         ? multiplyByQuantizedMultiplierGemmlowp(*x, *m)
                         : multiplyByQuantizedMultiplierRndnu(*x, *m);
    compare(outcome, "y", int64_t(actual), *y);
  } else if (ex.operation == "requantize") {
    PARSE(modeName, args.takeRaw("mode", error));
    std::optional<RoundingMode> mode = parseMode(*modeName);
    if (!mode)
      return parseError("unknown mode '" + *modeName + "'");
    // The int32_t accumulator overload; i64 accumulators are requantize64's.
    PARSE(acc, takeInt32(args, "acc", error));
    int64_t actual;
    if (*mode == RoundingMode::Fp32) {
      PARSE(m, args.takeFloat("m", error));
      PARSE(zp, args.takeInt("zp", error));
      PARSE(lo, args.takeInt("lo", error));
      PARSE(hi, args.takeInt("hi", error));
      actual = requantizeFp32(*acc, *m, *zp, *lo, *hi);
    } else {
      PARSE(m, takeFixedPointMultiplier(args, error));
      PARSE(zp, args.takeInt("zp", error));
      PARSE(lo, args.takeInt("lo", error));
      PARSE(hi, args.takeInt("hi", error));
      actual = requantize(*acc, *m, *mode, *zp, *lo, *hi);
    }
    PARSE(y, takeBareInt(ex, error));
    compare(outcome, "y", actual, *y);
  } else if (ex.operation == "multiply64") {
    PARSE(x, args.takeInt("x", error));
    PARSE(m, takeFixedPointMultiplier(args, error));
    PARSE(y, takeBareInt(ex, error));
    compare(outcome, "y", int64_t(multiplyByQuantizedMultiplierInt64(*x, *m)),
            *y);
  } else if (ex.operation == "requantize64") {
    PARSE(modeName, args.takeRaw("mode", error));
    std::optional<RoundingMode> mode = parseMode(*modeName);
    if (!mode || *mode == RoundingMode::Fp32)
      return parseError("requantize64 needs mode=gemmlowp or mode=rndnu (fp32 "
                        "takes no i64 accumulators)");
    PARSE(acc, args.takeInt("acc", error));
    PARSE(m, takeFixedPointMultiplier(args, error));
    PARSE(zp, args.takeInt("zp", error));
    PARSE(lo, args.takeInt("lo", error));
    PARSE(hi, args.takeInt("hi", error));
    PARSE(y, takeBareInt(ex, error));
    // The int64_t overload, whatever the accumulator's value.
    compare(outcome, "y", requantize(int64_t(*acc), *m, *mode, *zp, *lo, *hi),
            *y);
  } else if (ex.operation == "real-multiplier") {
    PARSE(sIn, args.takeDouble("s_in", error));
    PARSE(sW, args.takeDouble("s_w", error));
    PARSE(sOut, args.takeDouble("s_out", error));
    if (!ex.bareResult)
      return parseError("expected a single real result");
    std::optional<double> m =
        Fields::parseReal<double>(*ex.bareResult, std::strtod);
    if (!m)
      return parseError("result is not a real number");
    compare(outcome, "m", computeRealMultiplier(*sIn, *sW, *sOut), *m);
  } else if (ex.operation == "fp32-multiplier") {
    PARSE(sIn, args.takeFloat("s_in", error));
    PARSE(sW, args.takeFloat("s_w", error));
    PARSE(sOut, args.takeFloat("s_out", error));
    if (!ex.bareResult)
      return parseError("expected a single real result");
    std::optional<float> m =
        Fields::parseReal<float>(*ex.bareResult, std::strtof);
    if (!m)
      return parseError("result is not a real number");
    compare(outcome, "m", computeFp32Multiplier(*sIn, *sW, *sOut), *m);
  } else if (ex.operation == "activation") {
    PARSE(modeName, args.takeRaw("mode", error));
    std::optional<RoundingMode> mode = parseMode(*modeName);
    if (!mode)
      return parseError("unknown mode '" + *modeName + "'");
    PARSE(r, args.takeFloat("r", error));
    PARSE(scale, args.takeFloat("scale", error));
    PARSE(zp, args.takeInt("zp", error));
    PARSE(range, takeStorage(args, error));
    PARSE(q, takeBareInt(ex, error));
    compare(outcome, "q",
            quantizeActivationBound(*r, *scale, *zp, *mode, *range), *q);
  } else if (ex.operation == "conv-output-size") {
    PARSE(in, args.takeInt("in", error));
    PARSE(kernel, args.takeInt("kernel", error));
    PARSE(stride, args.takeInt("stride", error));
    PARSE(dilation, args.takeInt("dilation", error));
    PARSE(padLow, args.takeInt("pad_low", error));
    PARSE(padHigh, args.takeInt("pad_high", error));
    if (!ex.bareResult)
      return parseError("expected an integer or 'invalid'");
    std::optional<int64_t> actual =
        getConvOutputSize(*in, *kernel, *stride, *dilation, *padLow, *padHigh);
    if (*ex.bareResult == "invalid") {
      if (actual)
        outcome.message = "expected invalid, got " + std::to_string(*actual);
    } else {
      PARSE(size, takeBareInt(ex, error));
      if (!actual)
        outcome.message = "rejected";
      else
        compare(outcome, "size", *actual, *size);
    }
  } else if (ex.operation == "bias-scale") {
    PARSE(sB, args.takeDouble("s_b", error));
    PARSE(sIn, args.takeDouble("s_in", error));
    PARSE(sW, args.takeDouble("s_w", error));
    PARSE(sOut, args.takeDouble("s_out", error));
    if (!ex.bareResult ||
        (*ex.bareResult != "accepted" && *ex.bareResult != "rejected"))
      return parseError("expected 'accepted' or 'rejected'");
    bool accepted = isBiasScaleCompatible(*sB, *sIn, *sW, *sOut);
    compare(outcome, "verdict", std::string(accepted ? "accepted" : "rejected"),
            *ex.bareResult);
  } else if (ex.operation == "accumulator") {
    PARSE(maxX, args.takeInt("max_x", error));
    PARSE(sumW, args.takeInt("sum_w", error));
    PARSE(maxB, args.takeInt("max_b", error));
    PARSE(bits, res.takeInt("bits", error));
    if (*maxX < 0 || *sumW < 0 || *maxB < 0)
      return parseError("accumulator bounds are magnitudes (>= 0)");
    compare(outcome, "bits",
            int64_t(getAccumulatorBits(uint64_t(*maxX), uint64_t(*sumW),
                                       uint64_t(*maxB))),
            *bits);
  } else {
    return parseError("unknown operation '" + ex.operation + "'");
  }
#undef PARSE

  std::string leftover;
  if (!args.finish(leftover) || !res.finish(leftover))
    return parseError("leftover fields:" + leftover);
  return outcome;
}

/// Runs one example line; the outcome's `parsed` tells a malformed line from
/// a wrong value.
Outcome runExample(const std::string &line) {
  Example example;
  std::string error;
  if (!parseExample(line, example, error))
    return parseError(error);
  return check(example);
}

//===----------------------------------------------------------------------===//
// Tests
//===----------------------------------------------------------------------===//

struct ExampleLine {
  int lineNumber;
  std::string text;
};

/// The lines of every ```example block; false if a block is not closed.
bool extractExamples(std::istream &input, std::vector<ExampleLine> &examples,
                     std::string &error) {
  std::string line;
  int lineNumber = 0;
  int openedAt = 0;
  bool inExample = false;
  bool inOtherFence = false;
  while (std::getline(input, line)) {
    ++lineNumber;
    std::string trimmed = line;
    trimmed.erase(0, trimmed.find_first_not_of(" \t"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r") + 1);
    bool isFence = trimmed.rfind("```", 0) == 0;
    if (inExample) {
      if (isFence) {
        inExample = false;
        continue;
      }
      if (trimmed.empty() || trimmed[0] == '#')
        continue;
      examples.push_back({lineNumber, trimmed});
      continue;
    }
    if (!isFence)
      continue;
    if (inOtherFence) {
      // Only a bare fence closes a block; "```example" inside another block
      // is that block's text.
      if (trimmed == "```")
        inOtherFence = false;
      continue;
    }
    if (trimmed == "```example") {
      inExample = true;
      openedAt = lineNumber;
    } else {
      inOtherFence = true;
    }
  }
  if (inExample) {
    error = "example block opened at line " + std::to_string(openedAt) +
            " is not closed";
    return false;
  }
  return true;
}

TEST(SpecExamplesTest, EveryExampleHolds) {
  std::string path = qedge_test::getSourceDir() + "/docs/QuantizationSpec.md";
  std::ifstream input(path);
  ASSERT_TRUE(input) << "cannot read " << path;
  std::vector<ExampleLine> examples;
  std::string error;
  ASSERT_TRUE(extractExamples(input, examples, error)) << path << ": " << error;
  ASSERT_FALSE(examples.empty()) << path << " has no ```example block";
  int checked = 0;
  for (const ExampleLine &example : examples) {
    Outcome outcome = runExample(example.text);
    if (!outcome.parsed)
      ADD_FAILURE() << path << ":" << example.lineNumber
                    << ": unparsable example: " << outcome.message << "\n  "
                    << example.text;
    else if (!outcome.message.empty())
      ADD_FAILURE() << path << ":" << example.lineNumber << ": "
                    << outcome.message << "\n  " << example.text;
    ++checked;
  }
  std::printf("[ spec ] %d examples checked from %s\n", checked, path.c_str());
  RecordProperty("examples", std::to_string(checked));
}

TEST(SpecExamplesTest, ParserRejectsMalformedLines) {
  // Each of these must be reported as unparsable, not as passing or as a
  // wrong value, so that a typo in the spec cannot hide an example.
  const char *malformed[] = {
      "",
      "quantize r=1 scale=1 zp=0 bits=8 signed",            // no arrow
      "quantize r=1 scale=1 zp=0 bits=8 signed -> ",        // no result
      "quantize r=1 scale=1 zp=0 bits=8 -> 1",              // no signedness
      "quantize r=1 scale=1 zp=0 bits=8 signed -> one",     // not an integer
      "quantize r=1 scale=1 zp=0 bits=8 signed extra -> 1", // unknown flag
      "quantize r=1 scale=1 zp=0 zp=1 bits=8 signed -> 1",  // duplicate key
      "quantize r=1x scale=1 zp=0 bits=8 signed -> 1",      // bad real
      "quantize r=1 scale=1 zp=0.5 bits=8 signed -> 1",     // bad integer
      "quantise r=1 scale=1 zp=0 bits=8 signed -> 1",       // unknown op
      "multiplier m=0.5 -> m0=1073741824",                  // missing e
      "multiplier m=0.5 -> m0=1073741824 e=0 x=1",          // extra result
      "requantize mode=round acc=1 m0=1 e=0 zp=0 lo=0 hi=1 -> 0",
      "params asymmetric rmin=0 rmax=1 bits=8 signed -> error=oops",
      "params asymmetric symmetric rmin=0 rmax=1 -> zp=0",
      "a -> b -> c",
      "multiply64 x=1 m0=1 -> 0",              // missing e
      "multiply64 x=1 m0=2147483648 e=0 -> 0", // m0 not int32
      "multiply64 x=1 m0=1 e=0 -> y=0",        // not bare
      "requantize64 mode=fp32 acc=1 m0=1 e=0 zp=0 lo=0 hi=1 -> 0",
      "requantize64 acc=1 m0=1 e=0 zp=0 lo=0 hi=1 -> 0", // no mode
      "requantize64 mode=rndnu acc=1 m=0.5 zp=0 lo=0 hi=1 -> 0",
      // An i64 accumulator in the int32 grammar.
      "requantize mode=rndnu acc=3000000000 m0=1 e=0 zp=0 lo=0 hi=1 -> 0",
  };
  for (const char *line : malformed)
    EXPECT_FALSE(runExample(line).parsed) << line;
}

TEST(SpecExamplesTest, CheckerDetectsWrongValues) {
  // Well-formed lines with a wrong expected value must fail the comparison.
  const char *wrong[] = {
      "quantize r=2.5 scale=1 zp=0 bits=8 signed -> 3",
      "multiplier m=0.5 -> m0=1073741824 e=1",
      "requantize mode=rndnu acc=-1000 m0=1073741824 e=-3 zp=0 lo=-128 "
      "hi=127 -> -63",
      "params asymmetric rmin=-1 rmax=1 bits=8 signed -> scale=0.0078431372549 "
      "zp=0",
      "storage bits=8 unsigned narrow -> qmin=1 qmax=255",
      "dequantize q=1 scale=0.5 zp=0 -> -0.5",
      "multiply64 x=32768 m0=1518500250 e=0 -> 23171",
      "requantize64 mode=gemmlowp acc=-2048 m0=1518500250 e=2 zp=0 "
      "lo=-32768 hi=32767 -> -5793",
  };
  for (const char *line : wrong) {
    Outcome outcome = runExample(line);
    EXPECT_TRUE(outcome.parsed) << line << ": " << outcome.message;
    EXPECT_FALSE(outcome.message.empty()) << line;
  }
}

TEST(SpecExamplesTest, ExtractsOnlyExampleBlocks) {
  std::istringstream text("```mlir\n```example\n```\n"
                          "```example\n# comment\n\nstorage bits=8 signed -> "
                          "qmin=-128 qmax=127\n```\n");
  std::vector<ExampleLine> examples;
  std::string error;
  ASSERT_TRUE(extractExamples(text, examples, error)) << error;
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0].lineNumber, 7);
  std::istringstream unclosed("```example\nstorage bits=8 signed -> invalid\n");
  EXPECT_FALSE(extractExamples(unclosed, examples, error));
}

} // namespace
