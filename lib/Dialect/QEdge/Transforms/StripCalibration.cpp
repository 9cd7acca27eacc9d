//===- StripCalibration.cpp - Remove qedge.calibrate markers --------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGESTRIPCALIBRATION
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

namespace {
struct QEdgeStripCalibrationPass
    : public qedge::impl::QEdgeStripCalibrationBase<QEdgeStripCalibrationPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation()->walk([&](CalibrateOp op) {
      if (keepCalibrated && op.getStats())
        return;
      op.replaceAllUsesWith(op.getInput());
      op.erase();
    });
  }
};
} // namespace
