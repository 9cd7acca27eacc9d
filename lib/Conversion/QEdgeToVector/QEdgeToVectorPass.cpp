//===- QEdgeToVectorPass.cpp - The convert-qedge-to-vector pass -----------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/Passes.h"

#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "qedge/Conversion/QEdgeToVector/QEdgeToVector.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_CONVERTQEDGETOVECTOR
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

namespace {
struct ConvertQEdgeToVectorPass
    : public qedge::impl::ConvertQEdgeToVectorBase<ConvertQEdgeToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ConvToVectorOptions options;
    options.forcedTile = {tilePixels, tileChannelBlocks};
    options.printSchedule = printSchedule;
    // A tile override that cannot work is the user's mistake, reported where
    // it applies rather than silently ignored by the patterns.
    bool failedAny = false;
    getOperation().walk([&](RescaleOp op) {
      std::string reason;
      bool forcedTileInvalid;
      FailureOr<ConvKernelPlan> plan =
          planConvKernel(op, options.forcedTile, reason, forcedTileInvalid);
      if (forcedTileInvalid) {
        op.emitError() << "cannot use the requested tile: " << reason;
        failedAny = true;
      } else if (succeeded(plan) && printSchedule) {
        std::string text;
        llvm::raw_string_ostream os(text);
        plan->schedule.print(os);
        op.emitRemark() << "convolution kernel: " << text;
      }
    });
    if (failedAny)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateQEdgeConvToVectorPatterns(patterns, options);
    populateQEdgeTableToVectorPatterns(patterns);
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
