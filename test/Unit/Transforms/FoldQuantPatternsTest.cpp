//===- FoldQuantPatternsTest.cpp - qedge-fold-quant as building blocks ----===//
//
// Part of quant-edge.
//
// Another compiler uses populateQEdgeFoldQuantPatterns in a conversion of its
// own: an op that cannot fold must leave the decision to that driver (a match
// failure), never emit an error from inside it. Only the pass reports.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"
#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace mlir;

namespace {

// A convolution whose filter is an argument: its zero-point terms cannot
// fold at compile time.
constexpr const char *kNonConstantFilter = R"mlir(
func.func @f(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>,
             %w: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>)
    -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> {
  %y = qedge.conv2d %x, %w : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>,
      tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>)
      -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
}
)mlir";

class FoldQuantPatterns : public ::testing::Test {
protected:
  FoldQuantPatterns() {
    context.loadDialect<qedge::QEdgeDialect, func::FuncDialect,
                        quant::QuantDialect>();
    module = parseSourceString<ModuleOp>(kNonConstantFilter, &context);
  }

  /// Runs `fn` and returns every error message it produced.
  template <typename Fn> std::vector<std::string> errorsOf(Fn fn) {
    std::vector<std::string> errors;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        errors.push_back(diag.str());
      return success();
    });
    fn();
    return errors;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(FoldQuantPatterns, PatternsReportNoErrorsOfTheirOwn) {
  ASSERT_TRUE(module);
  std::vector<std::string> errors = errorsOf([&] {
    qedge::QuantStorageTypeConverter typeConverter;
    ConversionTarget target(context);
    qedge::configureQEdgeFoldQuantTarget(target, typeConverter);
    RewritePatternSet patterns(&context);
    qedge::populateQEdgeFoldQuantPatterns(typeConverter, patterns);
    // The conversion fails (the conv stays illegal): the driver decides what
    // to say about it.
    EXPECT_TRUE(failed(
        applyPartialConversion(*module, target, std::move(patterns))));
  });
  for (const std::string &error : errors)
    EXPECT_EQ(error.find("constant filter"), std::string::npos) << error;
}

TEST_F(FoldQuantPatterns, ThePassReportsTheReasonOnce) {
  ASSERT_TRUE(module);
  std::vector<std::string> errors = errorsOf([&] {
    PassManager pm(&context);
    pm.addPass(qedge::createQEdgeFoldQuant());
    EXPECT_TRUE(failed(pm.run(*module)));
  });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front(),
            "'qedge.conv2d' op needs a constant filter (arith.constant + "
            "quant.scast) to fold its zero-point terms");
}

} // namespace
