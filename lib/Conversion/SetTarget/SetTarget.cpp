//===- SetTarget.cpp - Attach a named target to LLVM code -----------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Pipelines/Pipelines.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGESETTARGET
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

namespace {
struct QEdgeSetTargetPass
    : public qedge::impl::QEdgeSetTargetBase<QEdgeSetTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<Target> resolved = lookupTarget(target);
    if (!resolved) {
      module.emitError() << "unknown target '" << target
                         << "'; expected one of: " << getTargetNames();
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    module->setAttr(LLVM::LLVMDialect::getTargetTripleAttrName(),
                    StringAttr::get(ctx, resolved->triple));
    auto cpu = StringAttr::get(ctx, resolved->cpu);
    auto features = LLVM::TargetFeaturesAttr::get(ctx, resolved->features);
    module.walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
        return;
      func.setTargetCpuAttr(cpu);
      func.setTargetFeaturesAttr(features);
    });
  }
};
} // namespace
