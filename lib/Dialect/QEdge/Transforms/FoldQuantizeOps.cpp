//===- FoldQuantizeOps.cpp - quantize, dequantize, requantize -------------===//
//
// Part of quant-edge.
//
// `quantize` and `dequantize` are the boundary between float and integer
// code: they become elementwise linalg.generic ops that spell out the spec's
// float32 arithmetic. `requantize` is integer to integer: a `qedge.rescale`.
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

namespace {
/// Scale and zero point of a quantized tensor as an elementwise body sees
/// them: constants for a per-tensor type, block arguments fed by 1-D constant
/// tensors along the quantized dimension for a per-axis type.
struct QuantParamsOperands {
  quant::QuantizedType type;
  /// Extra generic inputs (per axis) and their indexing maps.
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;

  QuantParamsOperands(OpBuilder &b, Location loc, RankedTensorType tensorType)
      : type(getQuantType(tensorType)) {
    auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
    if (!perAxis)
      return;
    SmallVector<float> scales;
    SmallVector<int32_t> zeroPoints;
    for (auto [scale, zp] :
         llvm::zip(perAxis.getScales(), perAxis.getZeroPoints())) {
      scales.push_back(static_cast<float>(scale));
      zeroPoints.push_back(static_cast<int32_t>(zp));
    }
    auto size = static_cast<int64_t>(scales.size());
    inputs.push_back(arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({size}, b.getF32Type()),
                               ArrayRef<float>(scales))));
    inputs.push_back(arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({size}, b.getI32Type()),
                               ArrayRef<int32_t>(zeroPoints))));
    AffineMap map = AffineMap::get(
        tensorType.getRank(), 0,
        {b.getAffineDimExpr(perAxis.getQuantizedDimension())}, b.getContext());
    maps.assign(2, map);
  }

  /// The (f32 scale, i32 zero point) of the current element; `args` are the
  /// block arguments that belong to `inputs`.
  std::pair<Value, Value> get(OpBuilder &b, Location loc,
                              ValueRange args) const {
    if (!inputs.empty())
      return {args[0], args[1]};
    auto perTensor = cast<quant::UniformQuantizedType>(type);
    Value scale = arith::ConstantOp::create(
        b, loc, b.getF32FloatAttr(static_cast<float>(perTensor.getScale())));
    Value zeroPoint = arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(perTensor.getZeroPoint()));
    return {scale, zeroPoint};
  }
};

/// Creates an elementwise linalg.generic from `input` (plus the quantization
/// parameters) into a tensor of `resultType`.
static Value createElementwise(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    const QuantParamsOperands &params,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  int64_t rank = resultType.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, params.inputs);
  SmallVector<AffineMap> maps = {identity};
  llvm::append_range(maps, params.maps);
  maps.push_back(identity);
  Value empty = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                        resultType.getElementType());
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{empty}, maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               auto [scale, zeroPoint] =
                   params.get(nb, nloc, args.drop_front().drop_back());
               Value result = body(nb, nloc, args[0], scale, zeroPoint);
               linalg::YieldOp::create(nb, nloc, result);
             })
      .getResult(0);
}

/// q = clamp(round_half_even(r / S) + Z, qmin, qmax); NaN -> Z. `qnnpack`
/// multiplies by fl32(1 / S) instead.
struct FoldQuantize : public OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    QuantParamsOperands params(rewriter, loc,
                               cast<RankedTensorType>(op.getType()));
    quantmath::StorageRange range = getStorageRange(params.type);
    Type storageType = resultType.getElementType();
    auto body = [&](OpBuilder &b, Location loc, Value r, Value scale,
                    Value zeroPoint) -> Value {
      Type f32 = b.getF32Type(), i32 = b.getI32Type();
      auto fconst = [&](double v) {
        return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
      };
      Value q;
      if (op.getRounding() == RoundingMode::qnnpack) {
        Value reciprocal = arith::DivFOp::create(b, loc, fconst(1.0), scale);
        q = arith::MulFOp::create(b, loc, r, reciprocal);
      } else {
        q = arith::DivFOp::create(b, loc, r, scale);
      }
      Value isNaN =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, q, q);
      q = arith::SelectOp::create(b, loc, isNaN, fconst(0.0), q);
      q = math::RoundEvenOp::create(b, loc, q);
      // Clamping to [qmin - Z, qmax - Z] before the integer conversion keeps
      // it defined for infinities and huge quotients; the bounds are small
      // integers, exact in float32.
      Value zf = arith::SIToFPOp::create(b, loc, f32, zeroPoint);
      Value lo = arith::SubFOp::create(b, loc, fconst(range.qmin), zf);
      Value hi = arith::SubFOp::create(b, loc, fconst(range.qmax), zf);
      q = arith::MaximumFOp::create(b, loc, q, lo);
      q = arith::MinimumFOp::create(b, loc, q, hi);
      Value qi = arith::FPToSIOp::create(b, loc, i32, q);
      qi = arith::AddIOp::create(b, loc, qi, zeroPoint);
      if (storageType == i32)
        return qi;
      return arith::TruncIOp::create(b, loc, storageType, qi);
    };
    rewriter.replaceOp(op, createElementwise(rewriter, loc, adaptor.getInput(),
                                             resultType, params, body));
    return success();
  }
};

/// r = S (q - Z), one float32 multiplication.
struct FoldDequantize : public OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    QuantParamsOperands params(rewriter, loc, inputType);
    bool isUnsigned = !params.type.isSigned();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto body = [&](OpBuilder &b, Location loc, Value q, Value scale,
                    Value zeroPoint) -> Value {
      Type i32 = b.getI32Type();
      Value wide = q;
      if (q.getType() != i32)
        wide = isUnsigned ? arith::ExtUIOp::create(b, loc, i32, q).getResult()
                          : arith::ExtSIOp::create(b, loc, i32, q).getResult();
      Value centered = arith::SubIOp::create(b, loc, wide, zeroPoint);
      Value f = arith::SIToFPOp::create(b, loc, b.getF32Type(), centered);
      return arith::MulFOp::create(b, loc, scale, f);
    };
    rewriter.replaceOp(op, createElementwise(rewriter, loc, adaptor.getInput(),
                                             resultType, params, body));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Requantize
//===----------------------------------------------------------------------===//

llvm::Expected<RescaleParams>
foldquant::analyzeRescale(RankedTensorType inputTensor,
                          quant::QuantizedType resultType, RoundingMode mode) {
  quant::QuantizedType inputType = getQuantType(inputTensor);
  int64_t rank = inputTensor.getRank();

  // qedge.rescale indexes channels by the last dimension and takes one zero
  // point per side.
  int64_t channels = 1;
  for (quant::QuantizedType type : {inputType, resultType}) {
    auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
    if (!perAxis)
      continue;
    if (perAxis.getQuantizedDimension() != rank - 1)
      return foldError("per-axis quantization on dimension " +
                       llvm::Twine(perAxis.getQuantizedDimension()) +
                       " folds only on the last dimension (" +
                       llvm::Twine(rank - 1) + ")");
    if (!llvm::all_equal(perAxis.getZeroPoints()))
      return foldError("per-axis zero points must all be equal to fold into "
                       "one rescale");
    channels = inputTensor.getDimSize(rank - 1);
  }

  RescaleParams params;
  params.mode = mode;
  SmallVector<double> real;
  SmallVector<float> fp32;
  for (int64_t c = 0; c < channels; ++c) {
    auto channel = [&](quant::QuantizedType type) {
      return isa<quant::UniformQuantizedPerAxisType>(type) ? c : 0;
    };
    double inputScale = getScale(inputType, channel(inputType));
    double outputScale = getScale(resultType, channel(resultType));
    real.push_back(inputScale / outputScale);
    fp32.push_back(quantmath::computeFp32Multiplier(
        static_cast<float>(inputScale), 1.0f,
        static_cast<float>(outputScale)));
  }
  setMultipliers(params, real, fp32);
  quantmath::StorageRange range = getStorageRange(resultType);
  params.inputZp = getZeroPoint(inputType, 0);
  params.outputZp = getZeroPoint(resultType, 0);
  params.clampMin = range.qmin;
  params.clampMax = range.qmax;
  params.inputUnsigned = !inputType.isSigned();
  params.outputUnsigned = !resultType.isSigned();
  return params;
}

llvm::Expected<RescaleParams> foldquant::analyzeRequantize(RequantizeOp op) {
  return analyzeRescale(cast<RankedTensorType>(op.getInput().getType()),
                        getQuantType(op.getType()), op.getRounding());
}

namespace {
struct FoldRequantize : public AnalyzedPattern<RequantizeOp> {
  using AnalyzedPattern::AnalyzedPattern;

  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<RescaleParams> params = analyze(op, &analyzeRequantize, rewriter);
    if (failed(params))
      return failure();
    rewriter.replaceOpWithNewOp<RescaleOp>(op, convertType(op.getType()),
                                           adaptor.getInput(), *params);
    return success();
  }
};
} // namespace

void foldquant::populateFoldQuantizeOpsPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const FoldAnalyses *analyses) {
  patterns.add<FoldQuantize, FoldDequantize>(typeConverter,
                                             patterns.getContext());
  patterns.add<FoldRequantize>(typeConverter, patterns.getContext(), analyses);
}
