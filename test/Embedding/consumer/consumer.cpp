//===- consumer.cpp - A compiler that embeds quant-edge -------------------===//
//
// Part of quant-edge.
//
// What another compiler does with the installed quant-edge package: register
// the dialects and passes, parse a module, run a qedge pass by its pipeline
// name, and call QEdgeQuantMath directly.
//
//===----------------------------------------------------------------------===//

#include "qedge/InitQEdge.h"
#include "qedge/QuantMath/QuantMath.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

/// A per-tensor s8 convolution with a constant filter and bias (the first
/// case of test/Transforms/qedge-fold-quant.mlir).
static constexpr llvm::StringLiteral kModule = R"mlir(
func.func @conv(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<[[[[2, -3]]]]> : tensor<1x1x1x2xi8>
  %w = quant.scast %wi : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
  %bi = arith.constant dense<10> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.125>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  mlir::qedge::registerDialects(registry);
  registry.insert<mlir::func::FuncDialect>();
  mlir::qedge::registerAllPasses();

  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModule, &context);
  if (!module)
    return 1;

  // The passes of a module pass manager, as a driver takes them from its
  // command line; an unknown name fails here.
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline("qedge-fold-quant", pm)))
    return 1;
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());

  mlir::qedge::quantmath::FixedPointMultiplier m =
      mlir::qedge::quantmath::quantizeMultiplier(0.75);
  llvm::outs() << "quantizeMultiplier(0.75): multiplier " << m.multiplier
               << ", shift " << m.shift << "\n";
  return 0;
}
