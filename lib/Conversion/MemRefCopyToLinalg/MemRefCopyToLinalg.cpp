//===- MemRefCopyToLinalg.cpp - memref.copy to linalg.copy ----------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "qedge/Conversion/Passes.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_CONVERTMEMREFCOPYTOLINALG
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;

namespace {
/// memref.copy %src, %dst -> linalg.copy ins(%src) outs(%dst).
struct MemRefCopyToLinalgCopy : public OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (!isa<MemRefType>(op.getSource().getType()) ||
        !isa<MemRefType>(op.getTarget().getType()))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct ConvertMemRefCopyToLinalgPass
    : public qedge::impl::ConvertMemRefCopyToLinalgBase<
          ConvertMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    qedge::populateMemRefCopyToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::qedge::populateMemRefCopyToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MemRefCopyToLinalgCopy>(patterns.getContext());
}
