//===- FoldPooling.cpp - Pooling to integer-only --------------------------===//
//
// Part of quant-edge.
//
// Window reductions become linalg.generic ops on the padded storage tensor
// (an empty [KH, KW] operand gives the window loops their extent):
//
// * max_pool2d: the maximum of stored values, padded with the storage
//   type's minimum (padding never wins), then the fused clamp.
// * avg_pool2d, integer modes: the i32 sum of stored values (padded with Zx
//   under count_include_pad, else 0), divided by the count rounding half
//   away from zero (spec section 11); fp32: the i32 sum of q - Zx times a
//   float32 multiplier per count.
// * global_avg_pool: the i32 sum of q - Zx over H and W; the integer modes
//   rescale it by Sx / Sy (`qedge.rescale`, i32 to i32) and divide by H * W
//   rounding half away from zero; fp32 rescales it to the result
//   (`qedge.rescale` with the multiplier of section 12).
//
// Counts that vary with the output position (padding without
// count_include_pad) are compile-time constants per position.
//
//===----------------------------------------------------------------------===//

#include "FoldQuantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"

#include <algorithm>
#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

namespace {
/// A window reduction: the loops (n, oh, ow, c, kh, kw) over the padded
/// NHWC input, reading x[n, oh * sh + kh, ow * sw + kw, c].
struct Window {
  ArrayRef<int64_t> kernel, strides;

  /// The reduction of `padded` into `init` ([N, OH, OW, C]); `body` gets the
  /// input element and the partial result.
  Value
  reduce(OpBuilder &b, Location loc, Value padded, Value init,
         function_ref<Value(OpBuilder &, Location, Value, Value)> body) const {
    MLIRContext *ctx = b.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto map = [&](ArrayRef<AffineExpr> results) {
      return AffineMap::get(6, 0, results, ctx);
    };
    auto parallel = utils::IteratorType::parallel;
    auto reduction = utils::IteratorType::reduction;
    Value window = tensor::EmptyOp::create(b, loc, kernel, b.getI8Type());
    return buildGeneric(
        b, loc, cast<RankedTensorType>(init.getType()), {padded, window},
        {map({d(0), d(1) * strides[0] + d(4), d(2) * strides[1] + d(5), d(3)}),
         map({d(4), d(5)})},
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          return body(nb, nloc, args[0], args[2]);
        },
        {parallel, parallel, parallel, parallel, reduction, reduction},
        map({d(0), d(1), d(2), d(3)}), init);
  }
};

/// `input` (NHWC) padded by `padding` [top, bottom, left, right] with the
/// stored `value`.
Value padWindows(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padding, int64_t value) {
  return padTensor(b, loc, input, {0, padding[0], padding[2], 0},
                   {0, padding[1], padding[3], 0}, value);
}

/// The number of taps of the window at output index `o` that lie inside an
/// input of `size`, for one dimension.
int64_t countValidTaps(int64_t o, int64_t size, int64_t kernel, int64_t stride,
                       int64_t padLow) {
  int64_t start = o * stride - padLow;
  return std::min(start + kernel, size) - std::max<int64_t>(start, 0);
}

/// The count of each output position [OH, OW] of an average pool.
SmallVector<int64_t> getCounts(AvgPool2DOp op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    padding = op.getPadding();
  int64_t oh = resultType.getDimSize(1), ow = resultType.getDimSize(2);
  SmallVector<int64_t> counts;
  for (int64_t i = 0; i < oh; ++i)
    for (int64_t j = 0; j < ow; ++j)
      counts.push_back(op.getCountIncludePad()
                           ? kernel[0] * kernel[1]
                           : countValidTaps(i, inputType.getDimSize(1),
                                            kernel[0], strides[0], padding[0]) *
                                 countValidTaps(j, inputType.getDimSize(2),
                                                kernel[1], strides[1],
                                                padding[2]));
  return counts;
}

/// An elementwise linalg.generic from the i32 window sums `sum`
/// ([N, OH, OW, C]) into `resultType`, where `body` also gets the value of
/// `values` ([OH, OW], row-major) at the element's output position: a
/// constant when they are all equal, else read from a constant [OH, OW]
/// tensor through (n, h, w, c) -> (h, w).
template <typename T>
Value buildPerPosition(
    OpBuilder &b, Location loc, RankedTensorType resultType, Value sum,
    ArrayRef<T> values, Type elementType,
    function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  auto attr = [&](T v) -> TypedAttr {
    if constexpr (std::is_floating_point_v<T>)
      return b.getFloatAttr(elementType, v);
    else
      return b.getIntegerAttr(elementType, v);
  };
  SmallVector<Value> inputs = {sum};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(4)};
  bool uniform = llvm::all_equal(values);
  if (!uniform) {
    auto type = RankedTensorType::get(
        {resultType.getDimSize(1), resultType.getDimSize(2)}, elementType);
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, values)));
    MLIRContext *ctx = b.getContext();
    maps.push_back(AffineMap::get(
        4, 0, {getAffineDimExpr(1, ctx), getAffineDimExpr(2, ctx)}, ctx));
  }
  return buildGeneric(b, loc, resultType, inputs, maps,
                      [&](OpBuilder &nb, Location nloc, ValueRange args) {
                        Value value = uniform
                                          ? arith::ConstantOp::create(
                                                nb, nloc, attr(values.front()))
                                                .getResult()
                                          : args[1];
                        return body(nb, nloc, args[0], value);
                      });
}

/// x / n rounded half away from zero, as TFLite writes it (x > 0 ?
/// (x + n / 2) / n : (x - n / 2) / n, truncating), in i64 so that nothing
/// overflows; `x` and `n` are i32.
Value emitDivideRoundHalfAway(OpBuilder &b, Location loc, Value x, Value n) {
  Type i64 = b.getI64Type();
  x = arith::ExtSIOp::create(b, loc, i64, x);
  n = arith::ExtSIOp::create(b, loc, i64, n);
  Value half = arith::DivSIOp::create(
      b, loc, n, arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(2)));
  Value positive = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sgt, x,
      arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0)));
  Value nudged = arith::SelectOp::create(
      b, loc, positive, arith::AddIOp::create(b, loc, x, half),
      arith::SubIOp::create(b, loc, x, half));
  return arith::DivSIOp::create(b, loc, nudged, n);
}

/// `y` (i64) plus `zeroPoint`, clamped to [lo, hi] and stored in
/// `storageType`.
Value emitStore(OpBuilder &b, Location loc, Value y, int64_t zeroPoint,
                int64_t lo, int64_t hi, Type storageType) {
  auto constant = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  y = arith::AddIOp::create(b, loc, y, constant(zeroPoint));
  y = arith::MaxSIOp::create(b, loc, y, constant(lo));
  y = arith::MinSIOp::create(b, loc, y, constant(hi));
  return arith::TruncIOp::create(b, loc, storageType, y);
}

/// The i32 window sum of `padded` into [N, OH, OW, C], each tap contributing
/// its stored value minus `offset`.
Value sumWindows(OpBuilder &b, Location loc, const Window &window, Value padded,
                 RankedTensorType resultType, bool isUnsigned, int64_t offset) {
  Type i32 = b.getI32Type();
  Value init = buildFilled(b, loc, resultType.clone(i32), 0);
  return window.reduce(
      b, loc, padded, init,
      [&](OpBuilder &nb, Location nloc, Value x, Value acc) -> Value {
        Value v = widenStorage(nb, nloc, x, i32, isUnsigned);
        if (offset != 0)
          v = arith::SubIOp::create(
              nb, nloc, v,
              arith::ConstantOp::create(nb, nloc,
                                        nb.getI32IntegerAttr(offset)));
        return arith::AddIOp::create(nb, nloc, acc, v);
      });
}

//===----------------------------------------------------------------------===//
// MaxPool2D
//===----------------------------------------------------------------------===//

struct FoldMaxPool2D : public OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType type = getQuantType(op.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    bool isUnsigned = !type.isSigned();
    // The container's minimum lies below every stored value.
    int64_t lowest = IntegerStorage::of(resultType.getElementType(), isUnsigned)
                         .range()
                         .qmin;
    Value padded =
        padWindows(rewriter, loc, adaptor.getInput(), op.getPadding(), lowest);
    Window window{op.getKernel(), op.getStrides()};
    Value y = window.reduce(
        rewriter, loc, padded, buildFilled(rewriter, loc, resultType, lowest),
        [&](OpBuilder &b, Location nloc, Value x, Value acc) -> Value {
          if (isUnsigned)
            return arith::MaxUIOp::create(b, nloc, acc, x);
          return arith::MaxSIOp::create(b, nloc, acc, x);
        });
    quantmath::StorageRange range = getStorageRange(type);
    quantmath::StorageRange bounds = getClampBounds(
        op.getClampMinAttr(), op.getClampMaxAttr(), type, op.getRounding());
    if (bounds.qmin > range.qmin || bounds.qmax < range.qmax)
      y = buildStorageClamp(rewriter, loc, y, bounds.qmin, bounds.qmax,
                            isUnsigned);
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// AvgPool2D
//===----------------------------------------------------------------------===//

struct FoldAvgPool2D : public OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType inputType = getQuantType(op.getInput().getType());
    quant::QuantizedType outputType = getQuantType(op.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t inputZp = getZeroPoint(inputType, 0);
    bool isFp32 = isFloatRounding(op.getRounding());
    bool isUnsigned = !inputType.isSigned();
    quantmath::StorageRange bounds =
        getClampBounds(op.getClampMinAttr(), op.getClampMaxAttr(), outputType,
                       op.getRounding());

    // Padded taps stand for real 0: Zx where they count (count_include_pad)
    // or where fp32 sums q - Zx; 0, contributing nothing, otherwise.
    int64_t padValue = isFp32 || op.getCountIncludePad() ? inputZp : 0;
    Value padded = padWindows(rewriter, loc, adaptor.getInput(),
                              op.getPadding(), padValue);
    Window window{op.getKernel(), op.getStrides()};
    Value sum = sumWindows(rewriter, loc, window, padded, resultType,
                           isUnsigned, isFp32 ? inputZp : 0);

    SmallVector<int64_t> counts = getCounts(op);
    Type storage = resultType.getElementType();
    Value y;
    if (isFp32) {
      SmallVector<float> multipliers;
      for (int64_t count : counts)
        multipliers.push_back(quantmath::computeFp32AverageMultiplier(
            static_cast<float>(getScale(inputType, 0)),
            static_cast<float>(getScale(outputType, 0)), count));
      int64_t outputZp = getZeroPoint(outputType, 0);
      y = buildPerPosition<float>(
          rewriter, loc, resultType, sum, multipliers, rewriter.getF32Type(),
          [&](OpBuilder &b, Location nloc, Value d, Value m) {
            Value f = arith::SIToFPOp::create(b, nloc, b.getF32Type(), d);
            f = arith::MulFOp::create(b, nloc, f, m);
            return emitFp32ToStorage(b, nloc, f, outputZp, bounds.qmin,
                                     bounds.qmax, storage);
          });
    } else {
      SmallVector<int32_t> counts32(counts.begin(), counts.end());
      y = buildPerPosition<int32_t>(
          rewriter, loc, resultType, sum, counts32, rewriter.getI32Type(),
          [&](OpBuilder &b, Location nloc, Value acc, Value n) {
            return emitStore(b, nloc, emitDivideRoundHalfAway(b, nloc, acc, n),
                             /*zeroPoint=*/0, bounds.qmin, bounds.qmax,
                             storage);
          });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// GlobalAvgPool
//===----------------------------------------------------------------------===//

struct FoldGlobalAvgPool : public OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    quant::QuantizedType inputType = getQuantType(op.getInput().getType());
    quant::QuantizedType outputType = getQuantType(op.getType());
    auto shape = cast<RankedTensorType>(op.getInput().getType()).getShape();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t batch = shape[0], channels = shape[3], count = shape[1] * shape[2];
    int64_t inputZp = getZeroPoint(inputType, 0);
    int64_t outputZp = getZeroPoint(outputType, 0);
    quantmath::StorageRange range = getStorageRange(outputType);
    double inputScale = getScale(inputType, 0);
    double outputScale = getScale(outputType, 0);

    // Σ (q - Zx) over (h, w): loops (n, c, h, w) into [N, C].
    Type i32 = rewriter.getI32Type();
    auto sumType = RankedTensorType::get({batch, channels}, i32);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto parallel = utils::IteratorType::parallel;
    auto reduction = utils::IteratorType::reduction;
    Value sum = buildGeneric(
        rewriter, loc, sumType, adaptor.getInput(),
        AffineMap::get(4, 0, {d(0), d(2), d(3), d(1)}, ctx),
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value v = widenStorage(b, nloc, args[0], i32, !inputType.isSigned());
          v = arith::SubIOp::create(
              b, nloc, v,
              arith::ConstantOp::create(b, nloc, b.getI32IntegerAttr(inputZp)));
          return arith::AddIOp::create(b, nloc, args[1], v);
        },
        {parallel, parallel, reduction, reduction},
        AffineMap::get(4, 0, {d(0), d(1)}, ctx),
        buildFilled(rewriter, loc, sumType, 0));

    RescaleParams params;
    params.mode = op.getRounding();
    auto flatType =
        RankedTensorType::get({batch, channels}, resultType.getElementType());
    Value y;
    if (params.mode == RoundingMode::fp32) {
      // One multiplier, fl32(Sx) / fl32(fl32(Sy) * H * W), and the rescale's
      // rounding to the result.
      setMultipliers(params, {},
                     quantmath::computeFp32AverageMultiplier(
                         static_cast<float>(inputScale),
                         static_cast<float>(outputScale), count));
      setOutput(params, outputType);
      y = RescaleOp::create(rewriter, loc, flatType, sum, params);
    } else {
      // TFLite: MultiplyByQuantizedMultiplier by Sx / Sy, then the division.
      setMultipliers(params, inputScale / outputScale, {});
      params.clampMin = std::numeric_limits<int32_t>::min();
      params.clampMax = std::numeric_limits<int32_t>::max();
      Value scaled = RescaleOp::create(rewriter, loc, sumType, sum, params);
      y = buildGeneric(
          rewriter, loc, flatType, scaled, rewriter.getMultiDimIdentityMap(2),
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            Value n =
                arith::ConstantOp::create(b, nloc, b.getI32IntegerAttr(count));
            return emitStore(
                b, nloc, emitDivideRoundHalfAway(b, nloc, args[0], n), outputZp,
                range.qmin, range.qmax, resultType.getElementType());
          });
    }
    SmallVector<ReassociationIndices> groups = {{0, 1, 2}, {3}};
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, resultType, y,
                                                       groups);
    return success();
  }
};
} // namespace

void foldquant::populateFoldPoolingPatterns(const TypeConverter &typeConverter,
                                            RewritePatternSet &patterns) {
  patterns.add<FoldMaxPool2D, FoldAvgPool2D, FoldGlobalAvgPool>(
      typeConverter, patterns.getContext());
}
