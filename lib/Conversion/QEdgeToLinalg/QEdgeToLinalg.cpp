//===- QEdgeToLinalg.cpp - Integer qedge ops to linalg --------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToLinalg/QEdgeToLinalg.h"

#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_CONVERTQEDGETOLINALG
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

void mlir::qedge::populateQEdgeToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  populateQEdgeConvToLinalgPatterns(patterns);
  populateQEdgeRescaleToLinalgPatterns(patterns);
}

namespace {
struct ConvertQEdgeToLinalgPass
    : public qedge::impl::ConvertQEdgeToLinalgBase<ConvertQEdgeToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.addIllegalOp<IntConv2DOp, RescaleOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(context);
    populateQEdgeToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
