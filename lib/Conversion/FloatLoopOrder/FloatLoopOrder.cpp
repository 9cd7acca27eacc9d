//===- FloatLoopOrder.cpp - Output channel innermost in float loops -------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEFLOATLOOPORDER
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;

/// Whether `op` is a float contraction whose loops the pass reorders.
static bool isFloatContraction(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
           linalg::MatmulOp, linalg::BatchMatmulOp>(op.getOperation()))
    return false;
  return op.getNumDpsInits() == 1 &&
         getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32();
}

namespace {
struct QEdgeFloatLoopOrderPass
    : public qedge::impl::QEdgeFloatLoopOrderBase<QEdgeFloatLoopOrderPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (isFloatContraction(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(
          rewriter, cast<linalg::LinalgOp>(op.getOperation()));
      if (failed(generic))
        continue;
      // The loop that indexes the output's last dimension.
      AffineMap outputMap = generic->getIndexingMapMatchingResult(
          generic->getOperation()->getResult(0));
      auto last = dyn_cast<AffineDimExpr>(outputMap.getResults().back());
      unsigned loops = generic->getNumLoops();
      if (!last || last.getPosition() == loops - 1)
        continue;
      SmallVector<unsigned> order;
      for (unsigned loop = 0; loop < loops; ++loop)
        if (loop != last.getPosition())
          order.push_back(loop);
      order.push_back(last.getPosition());
      (void)linalg::interchangeGenericOp(rewriter, *generic, order);
    }
  }
};
} // namespace
