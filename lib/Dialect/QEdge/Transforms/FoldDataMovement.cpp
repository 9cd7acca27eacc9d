//===- FoldDataMovement.cpp - reshape, transpose, pad to integer-only -----===//
//
// Part of quant-edge.
//
// Ops that move stored values without changing them carry the quantized type
// through (spec section 17), so their integer-only forms are the upstream
// tensor ops on the storage tensors: a reshape is a collapse to one dimension
// and an expansion to the result's shape, a transpose a `linalg.transpose`,
// a pad a `tensor.pad` with the zero point.
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include <numeric>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

namespace {
struct FoldReshape : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    // Row-major order is kept by collapsing everything into one dimension
    // and expanding that into the result's shape.
    auto all = [](int64_t rank) {
      ReassociationIndices indices(rank);
      std::iota(indices.begin(), indices.end(), 0);
      return SmallVector<ReassociationIndices>{indices};
    };
    Value flat = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(flat.getType());
    if (inputType.getRank() != 1)
      flat = tensor::CollapseShapeOp::create(rewriter, loc, flat,
                                             all(inputType.getRank()));
    Value y = flat;
    if (resultType.getRank() != 1)
      y = tensor::ExpandShapeOp::create(rewriter, loc, resultType, flat,
                                        all(resultType.getRank()));
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct FoldTranspose : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value init =
        tensor::EmptyOp::create(rewriter, op.getLoc(), resultType.getShape(),
                                resultType.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPermutation())
                               .getResult());
    return success();
  }
};

struct FoldPad : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // The zero point is the real 0.
    int64_t zeroPoint = getZeroPoint(getQuantType(op.getType()), 0);
    rewriter.replaceOp(op, padTensor(rewriter, op.getLoc(), adaptor.getInput(),
                                     op.getLow(), op.getHigh(), zeroPoint));
    return success();
  }
};
} // namespace

void foldquant::populateFoldDataMovementPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<FoldReshape, FoldTranspose, FoldPad>(typeConverter,
                                                    patterns.getContext());
}
