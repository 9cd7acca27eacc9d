//===- ConversionOnlyTest.cpp - The conversion library on its own ---------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

constexpr const char *kRescale = R"mlir(
func.func @f(%x: tensor<4xi32>) -> tensor<4xi8> {
  %y = qedge.rescale %x {multiplier = array<i32: 1073741824>,
                         shift = array<i32: 0>}
      : tensor<4xi32> -> tensor<4xi8>
  return %y : tensor<4xi8>
}
)mlir";

TEST(ConversionOnly, SetsTheTargetAndLowersToLinalg) {
  MLIRContext context;
  context.loadDialect<qedge::QEdgeDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kRescale, &context);
  ASSERT_TRUE(module);

  PassManager pm(&context);
  qedge::QEdgeSetTargetOptions options;
  options.target = "aarch64+dotprod";
  pm.addPass(qedge::createQEdgeSetTarget(options));
  pm.addPass(qedge::createConvertQEdgeToLinalg());
  ASSERT_TRUE(succeeded(pm.run(*module)));

  qedge::TargetAttr target = qedge::TargetAttr::lookup(*module);
  ASSERT_TRUE(target);
  EXPECT_EQ(target.getName(), "aarch64+dotprod");
  EXPECT_EQ(target.getCodegenInfo().int8Dot, qedge::Int8Dot::sdot);
  EXPECT_EQ(target.getCodegenInfo().vectorRegisters, 32u);
  bool leftover = false;
  module->walk([&](qedge::RescaleOp) { leftover = true; });
  EXPECT_FALSE(leftover);
}

} // namespace
