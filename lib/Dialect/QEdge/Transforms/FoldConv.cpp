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
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

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

llvm::Expected<FoldedConv> foldquant::analyzeConv(Conv2DOp op) {
  quant::QuantizedType inputType = getQuantType(op.getInput().getType());
  quant::QuantizedType filterType = getQuantType(op.getFilter().getType());
  quant::QuantizedType resultType = getQuantType(op.getType());
  auto filterShape = cast<RankedTensorType>(op.getFilter().getType());
  int64_t outChannels = filterShape.getDimSize(0);
  int64_t perChannel = filterShape.getNumElements() / outChannels;

  FailureOr<SmallVector<int64_t>> filter = getConstantStorage(op.getFilter());
  if (failed(filter))
    return foldError("needs a constant filter (arith.constant + quant.scast) "
                     "to fold its zero-point terms");
  SmallVector<int64_t> bias(outChannels, 0);
  if (Value biasValue = op.getBias()) {
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

  RescaleParams &rescale = folded.rescale;
  rescale.mode = op.getRounding();
  double inputScale = getScale(inputType, 0);
  double outputScale = getScale(resultType, 0);
  SmallVector<double> real;
  SmallVector<float> fp32;
  for (int64_t c = 0; c < outChannels; ++c) {
    double filterScale = getScale(filterType, c);
    real.push_back(quantmath::computeRealMultiplier(inputScale, filterScale,
                                                    outputScale));
    fp32.push_back(quantmath::computeFp32Multiplier(
        static_cast<float>(inputScale), static_cast<float>(filterScale),
        static_cast<float>(outputScale)));
  }
  setMultipliers(rescale, real, fp32);
  if (folded.wideAccumulator) {
    if (rescale.mode == RoundingMode::fp32)
      return foldError("'fp32' rounding needs an i32 accumulator, but this "
                       "convolution's accumulator bound needs i64");
    for (int32_t shift : rescale.shifts)
      if (shift > quantmath::kMaxShiftInt64)
        return foldError("shift " + llvm::Twine(shift) + " exceeds " +
                         llvm::Twine(quantmath::kMaxShiftInt64) +
                         ", the limit of the 64-bit requantization");
  }

  quantmath::StorageRange outputRange = getStorageRange(resultType);
  rescale.outputZp = getZeroPoint(resultType, 0);
  rescale.outputUnsigned = !resultType.isSigned();
  auto bound = [&](std::optional<APFloat> r, int64_t unbounded) {
    if (!r)
      return unbounded;
    return quantmath::quantizeActivationBound(
        r->convertToFloat(), static_cast<float>(outputScale),
        rescale.outputZp, toQuantMath(rescale.mode), outputRange);
  };
  rescale.clampMin = bound(op.getClampMin(), outputRange.qmin);
  rescale.clampMax = bound(op.getClampMax(), outputRange.qmax);
  return folded;
}

namespace {
/// Rewrites `qedge.conv2d` into `qedge.int_conv2d` + `qedge.rescale` (see the
/// file comment).
struct FoldConv2D : public OpConversionPattern<Conv2DOp> {
  FoldConv2D(const TypeConverter &typeConverter, MLIRContext *context,
             const FoldAnalyses *analyses)
      : OpConversionPattern(typeConverter, context), analyses(analyses) {}

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<FoldedConv> folded =
        getAnalysis(op, analyses, &analyzeConv, rewriter);
    if (failed(folded))
      return failure();
    Location loc = op.getLoc();
    quant::QuantizedType inputType = getQuantType(op.getInput().getType());
    quant::QuantizedType filterType = getQuantType(op.getFilter().getType());
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));

    Type accType = folded->wideAccumulator ? rewriter.getI64Type()
                                           : rewriter.getI32Type();
    auto biasType = RankedTensorType::get(
        {static_cast<int64_t>(folded->bias.size())}, accType);
    SmallVector<APInt> biasValues;
    for (int64_t b : folded->bias)
      biasValues.emplace_back(accType.getIntOrFloatBitWidth(), b,
                              /*isSigned=*/true);
    Value bias = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(biasType, biasValues));

    auto accumulatorType = resultType.clone(accType);
    Value acc = IntConv2DOp::create(
        rewriter, loc, accumulatorType, adaptor.getInput(),
        adaptor.getFilter(), bias, op.getStridesAttr(), op.getPaddingAttr(),
        op.getDilationsAttr(), op.getGroupsAttr(),
        rewriter.getI64IntegerAttr(getZeroPoint(inputType, 0)),
        folded->filterZp.empty()
            ? DenseI64ArrayAttr()
            : rewriter.getDenseI64ArrayAttr(folded->filterZp),
        inputType.isSigned() ? UnitAttr() : rewriter.getUnitAttr(),
        filterType.isSigned() ? UnitAttr() : rewriter.getUnitAttr());
    rewriter.replaceOp(
        op, RescaleOp::create(rewriter, loc, resultType, acc, folded->rescale));
    return success();
  }

private:
  const FoldAnalyses *analyses;
};
} // namespace

void foldquant::populateFoldConvPatterns(const TypeConverter &typeConverter,
                                         RewritePatternSet &patterns,
                                         const FoldAnalyses *analyses) {
  patterns.add<FoldConv2D>(typeConverter, patterns.getContext(), analyses);
}
