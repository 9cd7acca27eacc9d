//===- FoldElementwise.cpp - Elementwise ops to integer-only --------------===//
//
// Part of quant-edge.
//
// `qedge.add` / `qedge.sub` in the integer modes follow TFLite's kernel
// (spec section 10): each operand's q - Z shifted left in i32 (an
// elementwise linalg.generic), brought to a common scale by a
// `qedge.rescale` each, combined by a linalg.generic that broadcasts a
// [N or 1, 1, 1, C] operand over H and W, and rescaled to the result. In
// `fp32` the whole computation is one linalg.generic of float32 operations
// in the spec's order. `qedge.mul` is a convolution-like accumulator, the
// product of the centred operands, and one `qedge.rescale`. `qedge.clamp`
// becomes a clamp on stored values, `qedge.table` a lookup in a constant
// table built at compile time.
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"

#include <cmath>
#include <limits>
#include <string>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

//===----------------------------------------------------------------------===//
// Analysis
//===----------------------------------------------------------------------===//

/// The analysis of `qedge.add` or `qedge.sub` (spec section 10).
template <typename OpTy>
static llvm::Expected<FoldedAddSub> analyzeAddSub(OpTy op) {
  quant::QuantizedType lhsType = getQuantType(op.getLhs().getType());
  quant::QuantizedType rhsType = getQuantType(op.getRhs().getType());
  quant::QuantizedType resultType = getQuantType(op.getType());
  double lhsScale = getScale(lhsType, 0), rhsScale = getScale(rhsType, 0);
  double outputScale = getScale(resultType, 0);

  FoldedAddSub folded;
  RoundingMode mode = op.getRounding();
  folded.leftShift = resultType.getStorageTypeIntegralWidth() == 8
                         ? quantmath::kAddLeftShift8
                         : quantmath::kAddLeftShift16;
  quantmath::AddMultipliers multipliers = quantmath::computeAddMultipliers(
      lhsScale, rhsScale, outputScale, folded.leftShift);

  // lhs and rhs: i32 to i32, no zero points, no clamp.
  auto scaling = [&](double real) {
    RescaleParams params;
    params.mode = mode;
    setMultipliers(params, real, {});
    params.clampMin = std::numeric_limits<int32_t>::min();
    params.clampMax = std::numeric_limits<int32_t>::max();
    return params;
  };
  folded.lhs = scaling(multipliers.lhs);
  folded.rhs = scaling(multipliers.rhs);
  folded.output = scaling(multipliers.output);
  setOutput(folded.output, resultType, op.getClampMinAttr(),
            op.getClampMaxAttr());

  if (mode == RoundingMode::fp32) {
    auto fp32 = [&](quant::QuantizedType type, float &scale) -> llvm::Error {
      scale = quantmath::computeFp32Multiplier(
          static_cast<float>(getScale(type, 0)), 1.0f,
          static_cast<float>(outputScale));
      // (q - Z) * M must stay finite: an infinite product (or inf - inf)
      // has no rounding.
      quantmath::StorageRange range = getStorageRange(type);
      int64_t zeroPoint = getZeroPoint(type, 0);
      auto maxAbs = static_cast<float>(
          std::max(range.qmax - zeroPoint, zeroPoint - range.qmin));
      if (!std::isfinite(maxAbs * scale) ||
          !std::isfinite(2.0f * maxAbs * scale))
        return foldError("'fp32' rounding: the float32 multiplier S_in / "
                         "S_out = " +
                         std::to_string(scale) +
                         " lets the products overflow float32");
      return llvm::Error::success();
    };
    if (llvm::Error error = fp32(lhsType, folded.lhsScale))
      return std::move(error);
    if (llvm::Error error = fp32(rhsType, folded.rhsScale))
      return std::move(error);
  }
  return folded;
}

llvm::Expected<FoldedAddSub> foldquant::analyzeAdd(AddOp op) {
  return analyzeAddSub(op);
}

llvm::Expected<FoldedAddSub> foldquant::analyzeSub(SubOp op) {
  return analyzeAddSub(op);
}

//===----------------------------------------------------------------------===//
// Add, sub
//===----------------------------------------------------------------------===//

/// `operand` as the elementwise body over `resultShape` reads it: itself
/// through the identity map, or a [N or 1, 1, 1, C] operand collapsed to
/// [N, C] (or [C]) and read through (n, h, w, c) -> (n, c) (or (c)).
static std::pair<Value, AffineMap>
broadcastOperand(OpBuilder &b, Location loc, Value operand,
                 ArrayRef<int64_t> resultShape) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t rank = resultShape.size();
  if (type.getShape() == resultShape)
    return {operand, b.getMultiDimIdentityMap(rank)};
  MLIRContext *ctx = b.getContext();
  bool perBatch = type.getDimSize(0) == resultShape[0] && resultShape[0] != 1;
  SmallVector<ReassociationIndices> groups;
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> exprs;
  if (perBatch) {
    groups = {{0, 1, 2}, {3}};
    shape = {type.getDimSize(0), type.getDimSize(3)};
    exprs = {getAffineDimExpr(0, ctx), getAffineDimExpr(3, ctx)};
  } else {
    groups = {{0, 1, 2, 3}};
    shape = {type.getDimSize(3)};
    exprs = {getAffineDimExpr(3, ctx)};
  }
  Value collapsed = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), operand,
      groups);
  return {collapsed, AffineMap::get(rank, 0, exprs, ctx)};
}

Value foldquant::buildStorageClamp(OpBuilder &b, Location loc, Value input,
                                   int64_t lo, int64_t hi, bool isUnsigned) {
  auto type = cast<RankedTensorType>(input.getType());
  return buildGeneric(
      b, loc, type, input, b.getMultiDimIdentityMap(type.getRank()),
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Type storage = type.getElementType();
        Value loValue =
            arith::ConstantOp::create(nb, nloc, getStorageAttr(storage, lo));
        Value hiValue =
            arith::ConstantOp::create(nb, nloc, getStorageAttr(storage, hi));
        if (isUnsigned)
          return arith::MinUIOp::create(
              nb, nloc, arith::MaxUIOp::create(nb, nloc, args[0], loValue),
              hiValue);
        return arith::MinSIOp::create(
            nb, nloc, arith::MaxSIOp::create(nb, nloc, args[0], loValue),
            hiValue);
      });
}

/// q - Z in i32 (exact for 8- and 16-bit storage).
static Value centre(OpBuilder &b, Location loc, Value q,
                    quant::QuantizedType type) {
  Type i32 = b.getI32Type();
  Value wide = widenStorage(b, loc, q, i32, !type.isSigned());
  return arith::SubIOp::create(
      b, loc, wide,
      arith::ConstantOp::create(b, loc,
                                b.getI32IntegerAttr(getZeroPoint(type, 0))));
}

namespace {
/// Rewrites `qedge.add` and `qedge.sub` (see the file comment).
template <typename OpTy> struct FoldAddSub : public AnalyzedPattern<OpTy> {
  using Adaptor = typename OpTy::Adaptor;
  using Analyze = llvm::Expected<FoldedAddSub> (*)(OpTy);

  FoldAddSub(const TypeConverter &typeConverter, MLIRContext *context,
             const FoldAnalyses *analyses, Analyze analyzeOp)
      : AnalyzedPattern<OpTy>(typeConverter, context, analyses),
        analyzeOp(analyzeOp) {}

  LogicalResult
  matchAndRewrite(OpTy op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<FoldedAddSub> folded = this->analyze(op, analyzeOp, rewriter);
    if (failed(folded))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = this->convertType(op.getType());
    std::pair<quant::QuantizedType, Value> operands[] = {
        {getQuantType(op.getLhs().getType()), adaptor.getLhs()},
        {getQuantType(op.getRhs().getType()), adaptor.getRhs()}};
    Value y = op.getRounding() == RoundingMode::fp32
                  ? buildFp32(rewriter, loc, *folded, operands, resultType)
                  : buildInteger(rewriter, loc, *folded, operands, resultType);
    rewriter.replaceOp(op, y);
    return success();
  }

private:
  static constexpr bool isSub = std::is_same_v<OpTy, SubOp>;

  /// a + b or a - b, integer or float.
  static Value combine(OpBuilder &b, Location loc, Value x, Value y) {
    if (isa<FloatType>(x.getType()))
      return isSub ? arith::SubFOp::create(b, loc, x, y).getResult()
                   : arith::AddFOp::create(b, loc, x, y).getResult();
    return isSub ? arith::SubIOp::create(b, loc, x, y).getResult()
                 : arith::AddIOp::create(b, loc, x, y).getResult();
  }

  /// The integer modes: (q - Z) << leftShift and a rescale per operand, on
  /// the operand's own shape; the combination broadcast; the output rescale.
  static Value
  buildInteger(OpBuilder &b, Location loc, const FoldedAddSub &folded,
               ArrayRef<std::pair<quant::QuantizedType, Value>> operands,
               RankedTensorType resultType) {
    SmallVector<Value> scaled;
    for (auto [i, operand] : llvm::enumerate(operands)) {
      auto [type, value] = operand;
      auto shape = cast<RankedTensorType>(value.getType()).getShape();
      auto i32Type = RankedTensorType::get(shape, b.getI32Type());
      Value shifted = buildGeneric(
          b, loc, i32Type, value, b.getMultiDimIdentityMap(shape.size()),
          [&, type = type](OpBuilder &nb, Location nloc,
                           ValueRange args) -> Value {
            Value shift = arith::ConstantOp::create(
                nb, nloc, nb.getI32IntegerAttr(folded.leftShift));
            return arith::ShLIOp::create(
                nb, nloc, centre(nb, nloc, args[0], type), shift);
          });
      scaled.push_back(RescaleOp::create(b, loc, i32Type, shifted,
                                         i == 0 ? folded.lhs : folded.rhs));
    }
    auto [lhs, lhsMap] =
        broadcastOperand(b, loc, scaled[0], resultType.getShape());
    auto [rhs, rhsMap] =
        broadcastOperand(b, loc, scaled[1], resultType.getShape());
    Value raw = buildGeneric(b, loc, resultType.clone(b.getI32Type()),
                             {lhs, rhs}, {lhsMap, rhsMap},
                             [](OpBuilder &nb, Location nloc, ValueRange args) {
                               return combine(nb, nloc, args[0], args[1]);
                             });
    return RescaleOp::create(b, loc, resultType, raw, folded.output);
  }

  /// `fp32`: fl32(fl32(q - Z) * M) per operand, combined in one float32
  /// operation, then rounded into the result's storage.
  static Value
  buildFp32(OpBuilder &b, Location loc, const FoldedAddSub &folded,
            ArrayRef<std::pair<quant::QuantizedType, Value>> operands,
            RankedTensorType resultType) {
    auto [lhs, lhsMap] =
        broadcastOperand(b, loc, operands[0].second, resultType.getShape());
    auto [rhs, rhsMap] =
        broadcastOperand(b, loc, operands[1].second, resultType.getShape());
    const RescaleParams &out = folded.output;
    return buildGeneric(
        b, loc, resultType, {lhs, rhs}, {lhsMap, rhsMap},
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          auto product = [&](Value q, quant::QuantizedType type,
                             float scale) -> Value {
            Value f = arith::SIToFPOp::create(nb, nloc, nb.getF32Type(),
                                              centre(nb, nloc, q, type));
            return arith::MulFOp::create(
                nb, nloc, f,
                arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(scale)));
          };
          Value f = combine(
              nb, nloc, product(args[0], operands[0].first, folded.lhsScale),
              product(args[1], operands[1].first, folded.rhsScale));
          return emitFp32ToStorage(nb, nloc, f, out.outputZp, out.clampMin,
                                   out.clampMax, resultType.getElementType());
        });
  }

  Analyze analyzeOp;
};

//===----------------------------------------------------------------------===//
// Mul
//===----------------------------------------------------------------------===//

/// Rewrites `qedge.mul` into the i32 product (a - Za)(b - Zb) (a broadcast
/// linalg.generic) and the `qedge.rescale` of a convolution's accumulator by
/// Sa * Sb / Sy (spec section 16).
struct FoldMul : public OpConversionPattern<MulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType lhsType = getQuantType(op.getLhs().getType());
    quant::QuantizedType rhsType = getQuantType(op.getRhs().getType());
    quant::QuantizedType outputType = getQuantType(op.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto [lhs, lhsMap] = broadcastOperand(rewriter, loc, adaptor.getLhs(),
                                          resultType.getShape());
    auto [rhs, rhsMap] = broadcastOperand(rewriter, loc, adaptor.getRhs(),
                                          resultType.getShape());
    Value product = buildGeneric(
        rewriter, loc, resultType.clone(rewriter.getI32Type()), {lhs, rhs},
        {lhsMap, rhsMap}, [&](OpBuilder &b, Location nloc, ValueRange args) {
          return arith::MulIOp::create(b, nloc,
                                       centre(b, nloc, args[0], lhsType),
                                       centre(b, nloc, args[1], rhsType));
        });

    RescaleParams params;
    params.mode = op.getRounding();
    double lhsScale = getScale(lhsType, 0), rhsScale = getScale(rhsType, 0);
    double outputScale = getScale(outputType, 0);
    setMultipliers(
        params,
        quantmath::computeRealMultiplier(lhsScale, rhsScale, outputScale),
        quantmath::computeFp32Multiplier(static_cast<float>(lhsScale),
                                         static_cast<float>(rhsScale),
                                         static_cast<float>(outputScale)));
    setOutput(params, outputType, op.getClampMinAttr(), op.getClampMaxAttr());
    rewriter.replaceOpWithNewOp<RescaleOp>(op, resultType, product, params);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Clamp
//===----------------------------------------------------------------------===//

/// Rewrites `qedge.clamp` into max / min on the stored values (unsigned
/// comparisons for unsigned storage).
struct FoldClamp : public OpConversionPattern<ClampOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ClampOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    quant::QuantizedType type = getQuantType(op.getType());
    quantmath::StorageRange bounds = getClampBounds(
        op.getClampMinAttr(), op.getClampMaxAttr(), type, op.getRounding());
    Value y = buildStorageClamp(rewriter, op.getLoc(), adaptor.getInput(),
                                bounds.qmin, bounds.qmax, !type.isSigned());
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Table
//===----------------------------------------------------------------------===//

/// The QuantMath counterpart of a table's function.
static quantmath::UnaryFunction toQuantMath(UnaryFunction function) {
  switch (function) {
  case UnaryFunction::sigmoid:
    return quantmath::UnaryFunction::Sigmoid;
  case UnaryFunction::tanh:
    return quantmath::UnaryFunction::Tanh;
  case UnaryFunction::hard_sigmoid:
    return quantmath::UnaryFunction::HardSigmoid;
  case UnaryFunction::hard_swish:
    return quantmath::UnaryFunction::HardSwish;
  case UnaryFunction::exp:
    return quantmath::UnaryFunction::Exp;
  }
  llvm_unreachable("unknown unary function");
}

/// Rewrites `qedge.table` into a lookup in a constant 256-entry table built
/// at compile time (spec section 18), indexed by the stored input minus the
/// container's minimum.
struct FoldTable : public OpConversionPattern<TableOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TableOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType inputType = getQuantType(op.getInput().getType());
    quant::QuantizedType outputType = getQuantType(op.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type storage = resultType.getElementType();
    bool inputUnsigned = !inputType.isSigned();
    int64_t first = IntegerStorage::of(storage, inputUnsigned).range().qmin;

    quantmath::StorageRange outputRange = getStorageRange(outputType);
    SmallVector<APInt> entries;
    for (int64_t q = first; q < first + 256; ++q) {
      int64_t y = quantmath::computeTableEntry(
          q, static_cast<float>(getScale(inputType, 0)),
          getZeroPoint(inputType, 0),
          static_cast<float>(getScale(outputType, 0)),
          getZeroPoint(outputType, 0), outputRange,
          toQuantMath(op.getFunction()), toQuantMath(op.getRounding()));
      entries.push_back(getStorageAttr(storage, y).getValue());
    }
    Value table = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({256}, storage), entries));
    Value y = buildGeneric(
        rewriter, loc, resultType, adaptor.getInput(),
        rewriter.getMultiDimIdentityMap(resultType.getRank()),
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Type i32 = b.getI32Type();
          Value index = arith::SubIOp::create(
              b, nloc, widenStorage(b, nloc, args[0], i32, inputUnsigned),
              arith::ConstantOp::create(b, nloc, b.getI32IntegerAttr(first)));
          index = arith::IndexCastOp::create(b, nloc, b.getIndexType(), index);
          return tensor::ExtractOp::create(b, nloc, table, index);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};
} // namespace

void foldquant::populateFoldElementwisePatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const FoldAnalyses *analyses) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FoldAddSub<AddOp>>(typeConverter, context, analyses,
                                  &analyzeAdd);
  patterns.add<FoldAddSub<SubOp>>(typeConverter, context, analyses,
                                  &analyzeSub);
  patterns.add<FoldMul, FoldClamp, FoldTable>(typeConverter, context);
}
