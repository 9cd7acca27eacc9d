//===- FoldConv.cpp - qedge.conv2d to int_conv2d + rescale ----------------===//
//
// Part of quant-edge.
//
// With x̃ the input padded with Zx, the quantized convolution's sum is
//   Σ (x − Zx)(w − Zw) = Σ x̃ (w − Zw) − Zx Σw + K Zx Zw,
// so the terms that depend only on the weights fold into the bias at compile
// time and the integer convolution pads with Zx:
//   bias'[c] = b[c] − Zx Σw[c] + K Zx Zw[c].
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"

#include <limits>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

/// The storage values of a quantized constant (`arith.constant` of the storage
/// type behind a `quant.scast`), read as signed or unsigned as the quantized
/// type says.
static FailureOr<SmallVector<int64_t>> getConstantStorage(Value value) {
  auto cast = value.getDefiningOp<quant::StorageCastOp>();
  DenseIntElementsAttr attr;
  if (!cast || !matchPattern(cast.getInput(), m_Constant(&attr)))
    return failure();
  bool isSigned = getQuantType(value.getType()).isSigned();
  SmallVector<int64_t> values;
  values.reserve(attr.getNumElements());
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(isSigned ? v.getSExtValue()
                              : static_cast<int64_t>(v.getZExtValue()));
  return values;
}

namespace {
/// What the analysis reads of a convolution-like op (conv2d,
/// fully_connected).
struct LinearOperands {
  Value input, filter, bias;
  Type result;
  FloatAttr clampMin, clampMax;
  RoundingMode rounding;
};
} // namespace

/// The rescale of a convolution-like accumulator to `resultType`: per output
/// channel c < `channels`, M[c] = S_in * S_w[c] / S_out (section 8.2), the
/// output zero point and the fused clamp. An i64 (`wide`) accumulator takes
/// no fp32 and needs every shift <= 7 (section 9.2).
static llvm::Expected<RescaleParams>
getLinearRescale(quant::QuantizedType inputType,
                 quant::QuantizedType filterType,
                 quant::QuantizedType resultType, int64_t channels, bool wide,
                 FloatAttr clampMin, FloatAttr clampMax, RoundingMode mode) {
  RescaleParams rescale;
  // qnnpack differs from fp32 only in how the multiplier is computed.
  rescale.mode = isFloatRounding(mode) ? RoundingMode::fp32 : mode;
  double inputScale = getScale(inputType, 0);
  double outputScale = getScale(resultType, 0);
  SmallVector<double> real;
  SmallVector<float> fp32;
  for (int64_t c = 0; c < channels; ++c) {
    double filterScale = getScale(filterType, c);
    real.push_back(
        quantmath::computeRealMultiplier(inputScale, filterScale, outputScale));
    auto multiplier = mode == RoundingMode::qnnpack
                          ? quantmath::computeQnnpackMultiplier
                          : quantmath::computeFp32Multiplier;
    fp32.push_back(multiplier(static_cast<float>(inputScale),
                              static_cast<float>(filterScale),
                              static_cast<float>(outputScale)));
  }
  setMultipliers(rescale, real, fp32);
  if (wide) {
    if (rescale.mode == RoundingMode::fp32)
      return foldError("'fp32' rounding needs an i32 accumulator, but this "
                       "convolution's accumulator bound needs i64");
    for (int32_t shift : rescale.shifts)
      if (shift > quantmath::kMaxShiftInt64)
        return foldError("shift " + llvm::Twine(shift) + " exceeds " +
                         llvm::Twine(quantmath::kMaxShiftInt64) +
                         ", the limit of the 64-bit requantization");
  }

  setOutput(rescale, resultType, clampMin, clampMax);
  return rescale;
}

/// The folded form of the convolution `op` describes; the filter's first
/// dimension is the output channels.
static llvm::Expected<FoldedConv> analyzeLinear(const LinearOperands &op) {
  quant::QuantizedType inputType = getQuantType(op.input.getType());
  quant::QuantizedType filterType = getQuantType(op.filter.getType());
  quant::QuantizedType resultType = getQuantType(op.result);
  auto filterShape = cast<RankedTensorType>(op.filter.getType());
  int64_t outChannels = filterShape.getDimSize(0);
  int64_t perChannel = filterShape.getNumElements() / outChannels;

  FailureOr<SmallVector<int64_t>> filter = getConstantStorage(op.filter);
  if (failed(filter))
    return foldError("needs a constant filter (arith.constant + quant.scast) "
                     "to fold its zero-point terms");
  SmallVector<int64_t> bias(outChannels, 0);
  if (Value biasValue = op.bias) {
    FailureOr<SmallVector<int64_t>> values = getConstantStorage(biasValue);
    if (failed(values))
      return foldError("needs a constant bias (arith.constant + quant.scast) "
                       "to fold its zero-point terms");
    bias = *values;
  }

  FoldedConv folded;
  quantmath::StorageRange inputRange = getStorageRange(inputType);
  int64_t inputZp = getZeroPoint(inputType, 0);
  uint64_t maxAbsInput =
      std::max(inputRange.qmax - inputZp, inputZp - inputRange.qmin);
  uint64_t maxSumAbsWeights = 0, maxAbsBias = 0;
  bool anyFilterZp = false;
  for (int64_t c = 0; c < outChannels; ++c) {
    int64_t filterZp = getZeroPoint(filterType, c);
    anyFilterZp |= filterZp != 0;
    ArrayRef<int64_t> weights =
        ArrayRef<int64_t>(*filter).slice(c * perChannel, perChannel);
    int64_t sum = 0;
    uint64_t sumAbs = 0;
    for (int64_t w : weights) {
      sum += w;
      sumAbs += std::abs(w - filterZp);
    }
    maxSumAbsWeights = std::max(maxSumAbsWeights, sumAbs);
    maxAbsBias = std::max<uint64_t>(maxAbsBias, std::abs(bias[c]));
    folded.bias.push_back(bias[c] - inputZp * sum +
                          perChannel * inputZp * filterZp);
    folded.filterZp.push_back(filterZp);
  }
  if (!anyFilterZp)
    folded.filterZp.clear();

  unsigned bits = quantmath::getAccumulatorBits(maxAbsInput, maxSumAbsWeights,
                                                maxAbsBias);
  if (bits == 0)
    return foldError("accumulator bound exceeds 64 bits");
  // The folded bias itself must also fit the accumulator.
  folded.wideAccumulator =
      bits == 64 || llvm::any_of(folded.bias, [](int64_t b) {
        return b < std::numeric_limits<int32_t>::min() ||
               b > std::numeric_limits<int32_t>::max();
      });

  llvm::Expected<RescaleParams> rescale = getLinearRescale(
      inputType, filterType, resultType, outChannels, folded.wideAccumulator,
      op.clampMin, op.clampMax, op.rounding);
  if (!rescale)
    return rescale.takeError();
  folded.rescale = std::move(*rescale);
  return folded;
}

llvm::Expected<FoldedConv> foldquant::analyzeConv(Conv2DOp op) {
  return analyzeLinear({op.getInput(), op.getFilter(), op.getBias(),
                        op.getType(), op.getClampMinAttr(),
                        op.getClampMaxAttr(), op.getRounding()});
}

llvm::Expected<FoldedConv>
foldquant::analyzeFullyConnected(FullyConnectedOp op) {
  return analyzeLinear({op.getInput(), op.getFilter(), op.getBias(),
                        op.getType(), op.getClampMinAttr(),
                        op.getClampMaxAttr(), op.getRounding()});
}

llvm::Expected<FoldedConv> foldquant::analyzeMatMul(MatMulOp op) {
  auto rhsShape = cast<RankedTensorType>(op.getRhs().getType()).getShape();
  quant::QuantizedType lhsType = getQuantType(op.getLhs().getType());
  quant::QuantizedType rhsType = getQuantType(op.getRhs().getType());
  int64_t depth = rhsShape[rhsShape.size() - 2];
  int64_t columns = rhsShape.back();

  // Both operands are run-time values: the accumulator is the sum of
  // (a - Za)(b - Zb[n]) over the K products, bounded by the largest
  // magnitudes of each factor (no bias, nothing to fold).
  FoldedConv folded;
  auto maxCentred = [](quant::QuantizedType type, int64_t channel) {
    quantmath::StorageRange range = getStorageRange(type);
    int64_t zeroPoint = getZeroPoint(type, channel);
    return static_cast<uint64_t>(
        std::max(range.qmax - zeroPoint, zeroPoint - range.qmin));
  };
  uint64_t maxAbsRhs = 0;
  for (int64_t n = 0; n < columns; ++n) {
    folded.filterZp.push_back(getZeroPoint(rhsType, n));
    maxAbsRhs = std::max(maxAbsRhs, maxCentred(rhsType, n));
  }
  unsigned bits = quantmath::getAccumulatorBits(maxCentred(lhsType, 0),
                                                depth * maxAbsRhs, 0);
  if (bits == 0)
    return foldError("accumulator bound exceeds 64 bits");
  folded.wideAccumulator = bits == 64;
  llvm::Expected<RescaleParams> rescale =
      getLinearRescale(lhsType, rhsType, getQuantType(op.getType()), columns,
                       folded.wideAccumulator, op.getClampMinAttr(),
                       op.getClampMaxAttr(), op.getRounding());
  if (!rescale)
    return rescale.takeError();
  folded.rescale = std::move(*rescale);
  return folded;
}

/// The integer-only form of a folded convolution: `qedge.int_conv2d` of the
/// storage tensors `input` and `filter` into the accumulator, with the folded
/// bias, then `qedge.rescale` to `resultType`. `geometry` holds the strides,
/// padding, dilations and groups attributes (null: the defaults).
static Value createFoldedConv(OpBuilder &b, Location loc,
                              const FoldedConv &folded, Value input,
                              Value filter, quant::QuantizedType inputType,
                              quant::QuantizedType filterType,
                              RankedTensorType resultType,
                              ArrayRef<Attribute> geometry) {
  Type accType = folded.wideAccumulator ? b.getI64Type() : b.getI32Type();
  auto biasType = RankedTensorType::get(
      {static_cast<int64_t>(folded.bias.size())}, accType);
  SmallVector<APInt> biasValues;
  for (int64_t bias : folded.bias)
    biasValues.emplace_back(accType.getIntOrFloatBitWidth(), bias,
                            /*isSigned=*/true);
  Value bias = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(biasType, biasValues));

  auto attr = [&](size_t i) {
    return geometry.empty() ? Attribute() : geometry[i];
  };
  Value acc = IntConv2DOp::create(
      b, loc, resultType.clone(accType), input, filter, bias,
      cast_if_present<DenseI64ArrayAttr>(attr(0)),
      cast_if_present<DenseI64ArrayAttr>(attr(1)),
      cast_if_present<DenseI64ArrayAttr>(attr(2)),
      cast_if_present<IntegerAttr>(attr(3)),
      b.getI64IntegerAttr(getZeroPoint(inputType, 0)),
      folded.filterZp.empty() ? DenseI64ArrayAttr()
                              : b.getDenseI64ArrayAttr(folded.filterZp),
      inputType.isSigned() ? UnitAttr() : b.getUnitAttr(),
      filterType.isSigned() ? UnitAttr() : b.getUnitAttr());
  return RescaleOp::create(b, loc, resultType, acc, folded.rescale);
}

namespace {
/// Rewrites `qedge.conv2d` into `qedge.int_conv2d` + `qedge.rescale` (see the
/// file comment).
struct FoldConv2D : public AnalyzedPattern<Conv2DOp> {
  using AnalyzedPattern::AnalyzedPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<FoldedConv> folded = analyze(op, &analyzeConv, rewriter);
    if (failed(folded))
      return failure();
    rewriter.replaceOp(
        op, createFoldedConv(rewriter, op.getLoc(), *folded, adaptor.getInput(),
                             adaptor.getFilter(),
                             getQuantType(op.getInput().getType()),
                             getQuantType(op.getFilter().getType()),
                             convertType(op.getType()),
                             {op.getStridesAttr(), op.getPaddingAttr(),
                              op.getDilationsAttr(), op.getGroupsAttr()}));
    return success();
  }
};

/// Rewrites `qedge.fully_connected` into the 1x1 convolution it is: the
/// filter [OUT, IN] expanded to [OUT, 1, 1, IN], the input [N, IN] to the
/// one-row image [1, 1, N, IN] (the rows are pixels, so the convolution
/// kernels tile over the batch as over an image row), `qedge.int_conv2d` +
/// `qedge.rescale`, and the result collapsed back to [N, OUT]. Its
/// `qedge.int_conv2d` is ONNX's MatMulInteger.
struct FoldFullyConnected : public AnalyzedPattern<FullyConnectedOp> {
  using AnalyzedPattern::AnalyzedPattern;

  LogicalResult
  matchAndRewrite(FullyConnectedOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<FoldedConv> folded =
        analyze(op, &analyzeFullyConnected, rewriter);
    if (failed(folded))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = convertType(op.getType());
    SmallVector<ReassociationIndices> toImage = {{0, 1, 2}, {3}};
    auto expand = [&](Value value, bool rowsArePixels) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape = {type.getDimSize(0), 1, 1,
                                    type.getDimSize(1)};
      if (rowsArePixels)
        std::swap(shape[0], shape[2]);
      return tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, type.getElementType()),
          value, toImage);
    };
    auto imageResultType = RankedTensorType::get(
        {1, 1, resultType.getDimSize(0), resultType.getDimSize(1)},
        resultType.getElementType());
    Value y = createFoldedConv(
        rewriter, loc, *folded, expand(adaptor.getInput(), true),
        expand(adaptor.getFilter(), false),
        getQuantType(op.getInput().getType()),
        getQuantType(op.getFilter().getType()), imageResultType, {});
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, resultType, y,
                                                         toImage);
    return success();
  }
};
} // namespace

namespace {
/// Rewrites `qedge.matmul` into ONNX's MatMulInteger, the accumulator
/// Σ_k (a - Za)(b - Zb[n]) of a (batch) matmul `linalg.generic` in the
/// accumulator type, then `qedge.rescale` per column.
struct FoldMatMul : public AnalyzedPattern<MatMulOp> {
  using AnalyzedPattern::AnalyzedPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<FoldedConv> folded = analyze(op, &analyzeMatMul, rewriter);
    if (failed(folded))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType resultType = convertType(op.getType());
    quant::QuantizedType lhsType = getQuantType(op.getLhs().getType());
    quant::QuantizedType rhsType = getQuantType(op.getRhs().getType());
    Type accType = folded->wideAccumulator ? rewriter.getI64Type()
                                           : rewriter.getI32Type();
    auto accumulatorType = resultType.clone(accType);

    // Loops ([b,] m, n, k).
    unsigned rank = resultType.getRank();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> batch;
    if (rank == 3)
      batch.push_back(d(0));
    AffineExpr m = d(rank - 2), n = d(rank - 1), k = d(rank);
    auto map = [&](ArrayRef<AffineExpr> tail) {
      SmallVector<AffineExpr> results(batch);
      results.append(tail.begin(), tail.end());
      return AffineMap::get(rank + 1, 0, results, ctx);
    };
    SmallVector<Value> inputs = {adaptor.getLhs(), adaptor.getRhs()};
    SmallVector<AffineMap> maps = {map({m, k}), map({k, n})};
    // Column zero points vary: a constant [N] read at n.
    bool uniformZp = llvm::all_equal(folded->filterZp);
    if (!uniformZp) {
      auto zpType = RankedTensorType::get(
          {static_cast<int64_t>(folded->filterZp.size())}, accType);
      SmallVector<APInt> zps;
      for (int64_t zp : folded->filterZp)
        zps.emplace_back(accType.getIntOrFloatBitWidth(), zp,
                         /*isSigned=*/true);
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(zpType, zps)));
      maps.push_back(AffineMap::get(rank + 1, 0, {n}, ctx));
    }
    SmallVector<utils::IteratorType> loops(rank, utils::IteratorType::parallel);
    loops.push_back(utils::IteratorType::reduction);
    auto constant = [&](OpBuilder &b, Location nloc, int64_t v) -> Value {
      return arith::ConstantOp::create(b, nloc, b.getIntegerAttr(accType, v));
    };
    Value acc = buildGeneric(
        rewriter, loc, accumulatorType, inputs, maps,
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value a = arith::SubIOp::create(
              b, nloc,
              widenStorage(b, nloc, args[0], accType, !lhsType.isSigned()),
              constant(b, nloc, getZeroPoint(lhsType, 0)));
          Value rhsZp =
              uniformZp ? constant(b, nloc, folded->filterZp.front()) : args[2];
          Value w = arith::SubIOp::create(
              b, nloc,
              widenStorage(b, nloc, args[1], accType, !rhsType.isSigned()),
              rhsZp);
          return arith::AddIOp::create(b, nloc, args.back(),
                                       arith::MulIOp::create(b, nloc, a, w));
        },
        loops, map({m, n}), buildFilled(rewriter, loc, accumulatorType, 0));
    rewriter.replaceOpWithNewOp<RescaleOp>(op, resultType, acc,
                                           folded->rescale);
    return success();
  }
};
} // namespace

void foldquant::populateFoldConvPatterns(const TypeConverter &typeConverter,
                                         RewritePatternSet &patterns,
                                         const FoldAnalyses *analyses) {
  patterns.add<FoldConv2D, FoldFullyConnected, FoldMatMul>(
      typeConverter, patterns.getContext(), analyses);
}
