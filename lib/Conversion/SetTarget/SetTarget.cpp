//===- SetTarget.cpp - Attach the code generation target ------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Target/Target.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGESETTARGET
#define GEN_PASS_DEF_QEDGEAPPLYTARGETTOLLVM
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
    module->setAttr(TargetAttr::getAttrName(),
                    TargetAttr::get(&getContext(), *resolved));
  }
};

struct QEdgeApplyTargetToLLVMPass
    : public qedge::impl::QEdgeApplyTargetToLLVMBase<
          QEdgeApplyTargetToLLVMPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<TargetAttr>(TargetAttr::getAttrName());
    if (!target) {
      module.emitError() << "module has no '" << TargetAttr::getAttrName()
                         << "' attribute; run qedge-set-target first";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    module->setAttr(LLVM::LLVMDialect::getTargetTripleAttrName(),
                    StringAttr::get(ctx, target.getTriple()));
    auto cpu = StringAttr::get(ctx, target.getCpu());
    auto features = LLVM::TargetFeaturesAttr::get(ctx, target.getFeatures());
    module.walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
        return;
      func.setTargetCpuAttr(cpu);
      func.setTargetFeaturesAttr(features);
    });
  }
};
} // namespace
