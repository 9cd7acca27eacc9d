//===- JitFunctionTest.cpp - The JIT as a library -------------------------===//
//
// Part of quant-edge.
//
// Compiles small modules on the host and calls them on buffers the test
// owns. The expected values are worked out by hand in the comments (integer
// and float arithmetic exact in their types, and gemmlowp's two roundings
// step by step), not with the compiler's own helpers.
//
//===----------------------------------------------------------------------===//

#include "qedge/ExecutionEngine/JitFunction.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "qedge/ExecutionEngine/ExecutableTarget.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/Support/Error.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include "gtest/gtest.h"

#include <array>
#include <cstdint>
#include <string>

using namespace mlir;
using namespace mlir::qedge;

namespace {

constexpr const char *kModule = R"mlir(
func.func @muladd(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %c = arith.constant dense<[[1, -2, 3], [100, 0, -7]]> : tensor<2x3xi32>
  %m = arith.muli %a, %b : tensor<2x3xi32>
  %r = arith.addi %m, %c : tensor<2x3xi32>
  return %r : tensor<2x3xi32>
}

func.func @halve_and_negate(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>) {
  %half = arith.constant dense<0.5> : tensor<4xf32>
  %h = arith.mulf %x, %half : tensor<4xf32>
  %n = arith.negf %x : tensor<4xf32>
  return %h, %n : tensor<4xf32>, tensor<4xf32>
}

func.func @rescale(%acc: tensor<6xi32>) -> tensor<6xi8> {
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>,
      shift = array<i32: -1>, output_zp = 3}
      : tensor<6xi32> -> tensor<6xi8>
  return %y : tensor<6xi8>
}
)mlir";

/// A context with the tools' dialects and a module parsed from kModule.
class JitFunctionTest : public testing::Test {
protected:
  JitFunctionTest() : context(makeRegistry()) {
    module = parseSourceString<ModuleOp>(kModule, &context);
  }

  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    tools::registerToolDialects(registry);
    return registry;
  }

  /// Compiles `entry` of the module for the host, failing the test with the
  /// library's message if it cannot.
  std::unique_ptr<JitFunction> compile(llvm::StringRef entry) {
    JitOptions options;
    options.fileName = "test.mlir";
    auto jit = JitFunction::create(*module, entry, options);
    if (!jit) {
      ADD_FAILURE() << llvm::toString(jit.takeError());
      return nullptr;
    }
    return std::move(*jit);
  }

  /// The message of the error `create` returns for `entry` and `options`.
  std::string createError(llvm::StringRef entry, const JitOptions &options) {
    auto jit = JitFunction::create(*module, entry, options);
    if (jit) {
      ADD_FAILURE() << "compiling '" << entry.str() << "' succeeded";
      return "";
    }
    return llvm::toString(jit.takeError());
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(JitFunctionTest, CompilesOnceAndCallsWithNewInputs) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("muladd");
  ASSERT_TRUE(jit);

  std::array<int32_t, 6> a = {1, 2, 3, 4, 5, 6};
  std::array<int32_t, 6> b = {10, -10, 0, 1, -1, 2};
  std::array<int32_t, 6> y{};
  // a * b + c = {10 + 1, -20 - 2, 0 + 3, 4 + 100, -5 + 0, 12 - 7}.
  ASSERT_FALSE(llvm::errorToBool(jit->call({a.data(), b.data()}, {y.data()})));
  EXPECT_EQ(y, (std::array<int32_t, 6>{11, -22, 3, 104, -5, 5}));

  // The same compiled entry on new inputs. i32 wraps: 65536^2 = 2^32 is 0,
  // and 46341^2 = 2147488281 is 2147488281 - 2^32 = -2147479015.
  a = {65536, 46341, -1, 0, 7, -3};
  b = {65536, 46341, 1, 9, 7, -3};
  ASSERT_FALSE(llvm::errorToBool(jit->call({a.data(), b.data()}, {y.data()})));
  EXPECT_EQ(y, (std::array<int32_t, 6>{0 + 1, -2147479015 - 2, -1 + 3, 0 + 100,
                                       49 + 0, 9 - 7}));

  // The inputs are only read.
  EXPECT_EQ(a, (std::array<int32_t, 6>{65536, 46341, -1, 0, 7, -3}));
}

TEST_F(JitFunctionTest, TwoFloatResults) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("halve_and_negate");
  ASSERT_TRUE(jit);

  // Halving and negating are exact in f32.
  std::array<float, 4> x = {3.0f, -0.5f, 1e-30f, 0.0f};
  std::array<float, 4> half{}, negated{};
  ASSERT_FALSE(
      llvm::errorToBool(jit->call({x.data()}, {half.data(), negated.data()})));
  EXPECT_EQ(half, (std::array<float, 4>{1.5f, -0.25f, 5e-31f, 0.0f}));
  EXPECT_EQ(negated, (std::array<float, 4>{-3.0f, 0.5f, -1e-30f, -0.0f}));
}

TEST_F(JitFunctionTest, RescaleRoundsAsGemmlowp) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("rescale");
  ASSERT_TRUE(jit);

  // M0 = 2^30 (0.5 in Q31), e = -1: y = RDBPOT(SRDHM(x, 2^30), 1) + 3,
  // clamped to i8. SRDHM halves with ties toward +inf, RDBPOT halves with
  // ties away from zero:
  //   0 -> 0 -> 0 -> 3;  7 -> 3.5 = 4 -> 2 -> 5;  -7 -> -3.5 = -3 -> -1.5 =
  //   -2 -> 1;  100 -> 50 -> 25 -> 28;  1000 -> 500 -> 250 -> 253 = 127;
  //   -1000 -> -500 -> -250 -> -247 = -128.
  std::array<int32_t, 6> acc = {0, 7, -7, 100, 1000, -1000};
  std::array<int8_t, 6> y{};
  ASSERT_FALSE(llvm::errorToBool(jit->call({acc.data()}, {y.data()})));
  EXPECT_EQ(y, (std::array<int8_t, 6>{3, 5, 1, 28, 127, -128}));
}

TEST_F(JitFunctionTest, SameResultsWithoutLLVMOptimizations) {
  ASSERT_TRUE(module);
  JitOptions options;
  options.llvmOptLevel = 0;
  options.codeGenOptLevel = llvm::CodeGenOptLevel::None;
  auto jit = JitFunction::create(*module, "rescale", options);
  ASSERT_TRUE(bool(jit)) << llvm::toString(jit.takeError());

  // The same rounding as RescaleRoundsAsGemmlowp.
  std::array<int32_t, 6> acc = {0, 7, -7, 100, 1000, -1000};
  std::array<int8_t, 6> y{};
  ASSERT_FALSE(llvm::errorToBool((*jit)->call({acc.data()}, {y.data()})));
  EXPECT_EQ(y, (std::array<int8_t, 6>{3, 5, 1, 28, 127, -128}));
}

TEST_F(JitFunctionTest, SignatureIsTheSourceFunctions) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("halve_and_negate");
  ASSERT_TRUE(jit);
  EXPECT_EQ(jit->getName(), "halve_and_negate");
  const tools::Signature &signature = jit->getSignature();
  ASSERT_EQ(signature.arguments.size(), 1u);
  ASSERT_EQ(signature.results.size(), 2u);
  EXPECT_EQ(signature.arguments[0].shape, (llvm::SmallVector<int64_t>{4}));
  EXPECT_EQ(signature.arguments[0].dtype, QEDGE_NPY_FLOAT32);
  EXPECT_EQ(signature.results[1].dtype, QEDGE_NPY_FLOAT32);
}

TEST_F(JitFunctionTest, BenchmarkTimesEveryRun) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("muladd");
  ASSERT_TRUE(jit);
  std::array<int32_t, 6> a = {1, 1, 1, 1, 1, 1}, b = {2, 2, 2, 2, 2, 2};
  std::array<int32_t, 6> y{};
  auto micros = jit->benchmark({a.data(), b.data()}, {y.data()}, 3);
  ASSERT_TRUE(static_cast<bool>(micros)) << llvm::toString(micros.takeError());
  ASSERT_EQ(micros->size(), 3u);
  for (double t : *micros)
    EXPECT_GE(t, 0.0);
  // 1 * 2 + c.
  EXPECT_EQ(y, (std::array<int32_t, 6>{3, 0, 5, 102, 2, -5}));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(JitFunctionTest, UnknownEntry) {
  ASSERT_TRUE(module);
  JitOptions options;
  options.fileName = "test.mlir";
  EXPECT_EQ(createError("nope", options),
            "no function 'nope' in 'test.mlir' (public functions: muladd, "
            "halve_and_negate, rescale)");
}

TEST_F(JitFunctionTest, UnknownTarget) {
  ASSERT_TRUE(module);
  JitOptions options;
  options.target = "no-such-target";
  std::string message = createError("muladd", options);
  EXPECT_EQ(message.rfind("unknown target 'no-such-target'; expected one of: "
                          "host, ",
                          0),
            0u)
      << message;
}

TEST_F(JitFunctionTest, TargetOfAnotherArchitecture) {
  ASSERT_TRUE(module);
  llvm::Triple host(llvm::sys::getProcessTriple());
  if (host.getArch() != llvm::Triple::x86_64)
    GTEST_SKIP() << "the foreign target chosen here is aarch64";
  auto target = lookupExecutableTarget("aarch64");
  ASSERT_FALSE(static_cast<bool>(target));
  EXPECT_EQ(llvm::toString(target.takeError()),
            "cannot execute code for target 'aarch64' "
            "(aarch64-unknown-linux-gnu) on this x86_64 host");
}

TEST_F(JitFunctionTest, CallWithTheWrongNumberOfBuffers) {
  ASSERT_TRUE(module);
  std::unique_ptr<JitFunction> jit = compile("muladd");
  ASSERT_TRUE(jit);
  std::array<int32_t, 6> a{}, y{};
  EXPECT_EQ(llvm::toString(jit->call({a.data()}, {y.data()})),
            "'muladd' takes 2 arguments, but was given 1 buffer");
  EXPECT_EQ(llvm::toString(jit->call({a.data(), a.data()}, {})),
            "'muladd' returns 1 result, but was given 0 buffers");
}

} // namespace
