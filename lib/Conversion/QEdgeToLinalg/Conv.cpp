//===- Conv.cpp - qedge.int_conv2d to linalg ------------------------------===//
//
// Part of quant-edge.
//
// An integer convolution becomes, on tensors:
//   1. tensor.pad of the input with pad_value (the input zero point);
//   2. reshapes that split channels into [groups, channels per group];
//   3. the accumulator initialised with the bias;
//   4. one linalg.generic accumulating x * w over (kh, kw, ic);
//   5. where a filter zero point is non-zero, a second generic computing the
//      window sum of x once per output pixel and group, and an elementwise
//      generic subtracting filter_zp[c] * sum from every channel.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToLinalg/QEdgeToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

using namespace mlir;
using namespace mlir::qedge;

/// Widens a storage value to the accumulator type, reading it as unsigned
/// when `isUnsigned`.
static Value widen(OpBuilder &b, Location loc, Value value, Type type,
                   bool isUnsigned) {
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, type, value);
  return arith::ExtSIOp::create(b, loc, type, value);
}

namespace {
/// Lowers `qedge.int_conv2d` (see the file comment).
struct IntConv2DToLinalg : public OpConversionPattern<IntConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IntConv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type accType = resultType.getElementType();
    MLIRContext *ctx = b.getContext();

    int64_t groups = op.getGroups();
    int64_t batch = inputType.getDimSize(0);
    int64_t inPerGroup = inputType.getDimSize(3) / groups;
    int64_t outChannels = filterType.getDimSize(0);
    int64_t outPerGroup = outChannels / groups;
    int64_t kh = filterType.getDimSize(1), kw = filterType.getDimSize(2);
    int64_t oh = resultType.getDimSize(1), ow = resultType.getDimSize(2);
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padding = op.getPadding();
    bool inputUnsigned = op.getInputUnsigned();
    bool filterUnsigned = op.getFilterUnsigned();

    // 1. Pad with the input zero point: padded elements stand for real 0.
    Value input = adaptor.getInput();
    if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
      Type storageType = inputType.getElementType();
      Value padValue = arith::ConstantOp::create(
          b, b.getIntegerAttr(storageType, op.getPadValue()));
      SmallVector<OpFoldResult> low = {b.getIndexAttr(0),
                                       b.getIndexAttr(padding[0]),
                                       b.getIndexAttr(padding[2]),
                                       b.getIndexAttr(0)};
      SmallVector<OpFoldResult> high = {b.getIndexAttr(0),
                                        b.getIndexAttr(padding[1]),
                                        b.getIndexAttr(padding[3]),
                                        b.getIndexAttr(0)};
      auto paddedType = RankedTensorType::get(
          {batch, inputType.getDimSize(1) + padding[0] + padding[1],
           inputType.getDimSize(2) + padding[2] + padding[3],
           inputType.getDimSize(3)},
          storageType);
      input = tensor::PadOp::create(b, paddedType, input, low, high, padValue);
    }
    auto paddedType = cast<RankedTensorType>(input.getType());

    // 2. Split channels into [groups, per group].
    auto groupedInputType = RankedTensorType::get(
        {batch, paddedType.getDimSize(1), paddedType.getDimSize(2), groups,
         inPerGroup},
        paddedType.getElementType());
    Value groupedInput = tensor::ExpandShapeOp::create(
        b, groupedInputType, input,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    auto groupedFilterType = RankedTensorType::get(
        {groups, outPerGroup, kh, kw, inPerGroup},
        filterType.getElementType());
    Value groupedFilter = tensor::ExpandShapeOp::create(
        b, groupedFilterType, adaptor.getFilter(),
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    auto groupedBiasType =
        RankedTensorType::get({groups, outPerGroup}, accType);
    Value groupedBias = tensor::ExpandShapeOp::create(
        b, groupedBiasType, adaptor.getBias(),
        ArrayRef<ReassociationIndices>{{0, 1}});

    // Iteration space: (n, oh, ow, g, oc, kh, kw, ic).
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineExpr n = d(0), y = d(1), x = d(2), g = d(3), oc = d(4), ky = d(5),
               kx = d(6), ic = d(7);
    AffineExpr inY = y * strides[0] + ky * dilations[0];
    AffineExpr inX = x * strides[1] + kx * dilations[1];
    auto map = [&](ArrayRef<AffineExpr> results, unsigned numDims = 8) {
      return AffineMap::get(numDims, 0, results, ctx);
    };
    auto parallel = utils::IteratorType::parallel;
    auto reduction = utils::IteratorType::reduction;

    // 3. Accumulator initialised with the bias.
    auto groupedResultType =
        RankedTensorType::get({batch, oh, ow, groups, outPerGroup}, accType);
    Value empty = tensor::EmptyOp::create(b, groupedResultType.getShape(),
                                          accType);
    Value init =
        linalg::GenericOp::create(
            b, TypeRange{groupedResultType}, ValueRange{groupedBias},
            ValueRange{empty},
            ArrayRef<AffineMap>{map({g, oc}, 5), map({n, y, x, g, oc}, 5)},
            SmallVector<utils::IteratorType>(5, parallel),
            [](OpBuilder &nb, Location loc, ValueRange args) {
              linalg::YieldOp::create(nb, loc, args[0]);
            })
            .getResult(0);

    // 4. acc += x * w.
    SmallVector<utils::IteratorType> convIterators = {
        parallel, parallel, parallel, parallel, parallel,
        reduction, reduction, reduction};
    Value acc =
        linalg::GenericOp::create(
            b, TypeRange{groupedResultType},
            ValueRange{groupedInput, groupedFilter}, ValueRange{init},
            ArrayRef<AffineMap>{map({n, inY, inX, g, ic}),
                                map({g, oc, ky, kx, ic}),
                                map({n, y, x, g, oc})},
            convIterators,
            [&](OpBuilder &nb, Location loc, ValueRange args) {
              Value xv = widen(nb, loc, args[0], accType, inputUnsigned);
              Value wv = widen(nb, loc, args[1], accType, filterUnsigned);
              Value product = arith::MulIOp::create(nb, loc, xv, wv);
              Value sum = arith::AddIOp::create(nb, loc, args[2], product);
              linalg::YieldOp::create(nb, loc, sum);
            })
            .getResult(0);

    // 5. acc -= filter_zp[c] * Σx, with Σx computed once per pixel and group.
    if (DenseI64ArrayAttr zeroPoints = op.getFilterZpAttr();
        zeroPoints && llvm::any_of(zeroPoints.asArrayRef(),
                                   [](int64_t z) { return z != 0; })) {
      SmallVector<int64_t> perChannel(zeroPoints.asArrayRef());
      if (perChannel.size() == 1)
        perChannel.assign(outChannels, perChannel.front());
      SmallVector<APInt> values;
      for (int64_t z : perChannel)
        values.emplace_back(accType.getIntOrFloatBitWidth(), z,
                            /*isSigned=*/true);
      Value zpTensor = arith::ConstantOp::create(
          b, DenseElementsAttr::get(groupedBiasType, values));

      auto sumType = RankedTensorType::get({batch, oh, ow, groups}, accType);
      Value zero =
          arith::ConstantOp::create(b, b.getIntegerAttr(accType, 0));
      Value sumInit = linalg::FillOp::create(
                          b, ValueRange{zero},
                          ValueRange{tensor::EmptyOp::create(
                              b, sumType.getShape(), accType)})
                          .getResult(0);
      // Dimensions (n, oh, ow, g, kh, kw, ic). As in linalg's pooling ops, an
      // unread window operand gives the reduction dimensions their extent.
      AffineExpr sKy = d(4), sKx = d(5), sIc = d(6);
      Value window = tensor::EmptyOp::create(
          b, ArrayRef<int64_t>{kh, kw, inPerGroup}, b.getI1Type());
      Value windowSum =
          linalg::GenericOp::create(
              b, TypeRange{sumType}, ValueRange{groupedInput, window},
              ValueRange{sumInit},
              ArrayRef<AffineMap>{
                  map({n, y * strides[0] + sKy * dilations[0],
                       x * strides[1] + sKx * dilations[1], g, sIc},
                      7),
                  map({sKy, sKx, sIc}, 7), map({n, y, x, g}, 7)},
              SmallVector<utils::IteratorType>{parallel, parallel, parallel,
                                               parallel, reduction, reduction,
                                               reduction},
              [&](OpBuilder &nb, Location loc, ValueRange args) {
                Value xv = widen(nb, loc, args[0], accType, inputUnsigned);
                Value sum = arith::AddIOp::create(nb, loc, args[2], xv);
                linalg::YieldOp::create(nb, loc, sum);
              })
              .getResult(0);
      acc = linalg::GenericOp::create(
                b, TypeRange{groupedResultType},
                ValueRange{windowSum, zpTensor}, ValueRange{acc},
                ArrayRef<AffineMap>{map({n, y, x, g}, 5), map({g, oc}, 5),
                                    map({n, y, x, g, oc}, 5)},
                SmallVector<utils::IteratorType>(5, parallel),
                [&](OpBuilder &nb, Location loc, ValueRange args) {
                  Value correction =
                      arith::MulIOp::create(nb, loc, args[1], args[0]);
                  Value corrected =
                      arith::SubIOp::create(nb, loc, args[2], correction);
                  linalg::YieldOp::create(nb, loc, corrected);
                })
                .getResult(0);
    }

    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, acc,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    return success();
  }
};
} // namespace

void mlir::qedge::populateQEdgeConvToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<IntConv2DToLinalg>(patterns.getContext());
}
