//===- Rescale.cpp - qedge.rescale to linalg ------------------------------===//
//
// Part of quant-edge.
//
// A rescale becomes one elementwise linalg.generic whose body is the
// arithmetic of RescaleEmitter.h on one scalar. The scheme's per-channel
// parameters are constants in the body when every channel shares them, and
// 1-D constant tensors indexed by the last dimension otherwise.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToLinalg/QEdgeToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Conversion/RescaleEmitter.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

using namespace mlir;
using namespace mlir::qedge;

namespace {
/// Lowers `qedge.rescale` (see the file comment).
struct RescaleToLinalg : public OpConversionPattern<RescaleOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RescaleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
    int64_t channels = rank == 0 ? 1 : inputType.getShape().back();
    RescaleParams params = op.getParams();
    RescaleScheme scheme = getRescaleScheme(
        params, inputType.getElementType().getIntOrFloatBitWidth());

    // The parameters that vary across channels become the generic's inputs
    // after the rescaled tensor, in the scheme's order.
    SmallVector<Value> inputs = {adaptor.getInput()};
    SmallVector<RescaleParam> varying;
    for (RescaleParam param : getSchemeParams(scheme)) {
      if (isUniformParam(params, scheme, param))
        continue;
      SmallVector<Attribute> values;
      for (int64_t c = 0; c < channels; ++c)
        values.push_back(
            getChannelParamAttr(rewriter, params, scheme, param, c));
      auto type = RankedTensorType::get(
          {channels}, cast<TypedAttr>(values.front()).getType());
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(type, values)));
      varying.push_back(param);
    }

    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps(1, rewriter.getMultiDimIdentityMap(rank));
    AffineMap channelMap =
        rank == 0
            ? AffineMap::get(0, 0, {getAffineConstantExpr(0, ctx)}, ctx)
            : AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
    maps.append(inputs.size() - 1, channelMap);
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));

    Type outputElement = resultType.getElementType();
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          outputElement);
    auto buildBody = [&](OpBuilder &b, Location loc, ValueRange args) {
      auto getParam = [&](RescaleParam param) -> Value {
        auto *it = llvm::find(varying, param);
        if (it != varying.end())
          return args[1 + (it - varying.begin())];
        return arith::ConstantOp::create(
            b, loc, getChannelParamAttr(b, params, scheme, param, 0));
      };
      Value y = emitRescale(b, loc, params, args[0], outputElement, getParam);
      linalg::YieldOp::create(b, loc, y);
    };

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, inputs, ValueRange{empty}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        buildBody);
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void mlir::qedge::populateQEdgeRescaleToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<RescaleToLinalg>(patterns.getContext());
}
