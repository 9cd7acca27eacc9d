//===- FoldConcat.cpp - qedge.concat to integer-only ----------------------===//
//
// Part of quant-edge.
//
// Each input whose type differs from the result's becomes a `qedge.rescale`
// to it (what `qedge.requantize` becomes); the storage tensors are then
// concatenated with `tensor.concat`.
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

namespace {
struct FoldConcat : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType resultType = getQuantType(op.getType());
    SmallVector<Value> inputs;
    for (auto [input, converted] :
         llvm::zip(op.getInputs(), adaptor.getInputs())) {
      auto inputType = cast<RankedTensorType>(input.getType());
      if (inputType.getElementType() == resultType) {
        inputs.push_back(converted);
        continue;
      }
      llvm::Expected<RescaleParams> params =
          analyzeRescale(inputType, resultType, op.getRounding());
      if (!params)
        return rewriter.notifyMatchFailure(op,
                                           llvm::toString(params.takeError()));
      auto storageType = cast<RankedTensorType>(
          getTypeConverter()->convertType(inputType.clone(resultType)));
      inputs.push_back(
          RescaleOp::create(rewriter, loc, storageType, converted, *params));
    }
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, op.getAxis(), inputs);
    return success();
  }
};
} // namespace

void foldquant::populateFoldConcatPatterns(const TypeConverter &typeConverter,
                                           RewritePatternSet &patterns) {
  patterns.add<FoldConcat>(typeConverter, patterns.getContext());
}
