//===- SetTarget.cpp - Attach the code generation target ------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Target/Target.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/TargetParser/Triple.h"

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
/// LLVM 22's x86 backend miscompiles a masked store that enables a single
/// lane of a truncated vector (llvm/llvm-project#179489, fixed after 22.1):
/// with AVX-512 it folds the truncation into the masked store, then reduces
/// the one-lane store to a scalar store of the wide element, so
/// `trunc <16 x i32> to <16 x i8>` stored to lane 0 writes four bytes. A
/// convolution tile narrower than its vector block (one output channel of an
/// 8-bit result, say) is written by exactly such a store, and the three bytes
/// past the lane are past the end of the output. The masked stores whose
/// constant mask enables one lane therefore become the store of that lane,
/// which is what the backend means to emit.
void storeSingleLaneMaskedStores(ModuleOp module) {
  SmallVector<LLVM::MaskedStoreOp> stores;
  module.walk([&](LLVM::MaskedStoreOp store) { stores.push_back(store); });
  for (LLVM::MaskedStoreOp store : stores) {
    DenseElementsAttr mask;
    if (!matchPattern(store.getMask(), m_Constant(&mask)) ||
        !mask.getElementType().isInteger(1))
      continue;
    int64_t lane = -1, enabled = 0;
    for (auto [i, on] : llvm::enumerate(mask.getValues<bool>()))
      if (on) {
        lane = static_cast<int64_t>(i);
        ++enabled;
      }
    Type elementType = store.getValue().getType().getElementType();
    unsigned bits = elementType.getIntOrFloatBitWidth();
    if (enabled != 1 || bits % 8 != 0)
      continue;
    OpBuilder b(store);
    Location loc = store.getLoc();
    Value position = LLVM::ConstantOp::create(b, loc, b.getI64Type(), lane);
    Value element =
        LLVM::ExtractElementOp::create(b, loc, store.getValue(), position);
    Value address = store.getData();
    if (lane != 0)
      address = LLVM::GEPOp::create(b, loc, address.getType(), elementType,
                                    address, ArrayRef<LLVM::GEPArg>{lane});
    uint64_t alignment = llvm::MinAlign(store.getAlignment(), lane * bits / 8);
    LLVM::StoreOp::create(b, loc, element, address, alignment);
    store.erase();
  }
}

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
    if (llvm::Triple(target.getTriple()).isX86())
      storeSingleLaneMaskedStores(module);
  }
};
} // namespace
