//===- QEdgeFolds.cpp - qedge folders and canonicalizations ---------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::qedge;

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  // quantize(dequantize(x)) is x when the types agree: every storage value
  // dequantizes to a real value that quantizes back to itself.
  if (auto dequantize = getInput().getDefiningOp<DequantizeOp>())
    if (dequantize.getInput().getType() == getType())
      return dequantize.getInput();
  return {};
}

namespace {
/// Quantizes a float constant at compile time into the form quantized
/// constants take in the IR: an integer `arith.constant` of the storage type
/// and a `quant.scast` to the quantized type.
struct QuantizeConstant : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    DenseFPElementsAttr values;
    if (!matchPattern(op.getInput(), m_Constant(&values)))
      return failure();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (!resultType.hasStaticShape())
      return failure();

    auto quantType = cast<quant::QuantizedType>(resultType.getElementType());
    quantmath::StorageRange range = getStorageRange(quantType);
    unsigned width = quantType.getStorageTypeIntegralWidth();

    // Index of the quantized dimension of flat element `i` (0 per tensor).
    int64_t stride = 1, dimSize = 1;
    if (auto perAxis =
            dyn_cast<quant::UniformQuantizedPerAxisType>(quantType)) {
      int64_t dim = perAxis.getQuantizedDimension();
      dimSize = resultType.getDimSize(dim);
      for (int64_t size : resultType.getShape().drop_front(dim + 1))
        stride *= size;
    }

    SmallVector<APInt> storage;
    storage.reserve(values.getNumElements());
    for (auto [i, value] : llvm::enumerate(values.getValues<APFloat>())) {
      int64_t channel = (static_cast<int64_t>(i) / stride) % dimSize;
      auto quantize = op.getRounding() == RoundingMode::qnnpack
                          ? quantmath::quantizeByReciprocal
                          : quantmath::quantize;
      int64_t q =
          quantize(value.convertToFloat(),
                   static_cast<float>(getScale(quantType, channel)),
                   getZeroPoint(quantType, channel), range);
      storage.emplace_back(width, static_cast<uint64_t>(q),
                           /*isSigned=*/q < 0);
    }

    auto storageType = RankedTensorType::get(resultType.getShape(),
                                             rewriter.getIntegerType(width));
    auto constant = arith::ConstantOp::create(
        rewriter, op.getLoc(), DenseElementsAttr::get(storageType, storage));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, resultType, constant);
    return success();
  }
};
} // namespace

void QuantizeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                             MLIRContext *context) {
  results.add<QuantizeConstant>(context);
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

OpFoldResult RequantizeOp::fold(FoldAdaptor adaptor) {
  // Same scale and zero point: the multiplier is exactly 1 in every mode.
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// RescaleOp
//===----------------------------------------------------------------------===//

/// Runs `fn(x, channel)` for every channel and every value of the input's
/// storage range; false as soon as `fn` is. Only i8 and i16 inputs, and at
/// most 2^24 evaluations, are enumerated.
static bool forAllInputs(RescaleOp op,
                         function_ref<bool(int64_t, int64_t)> fn) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  unsigned width = inputType.getElementTypeBitWidth();
  if (width > 16)
    return false;
  int64_t channels = inputType.getRank() == 0 ? 1 : inputType.getShape().back();
  quantmath::StorageRange range =
      IntegerStorage::of(inputType.getElementType(), op.getInputUnsigned())
          .range();
  // A proof must stay cheap: give up on very many channels rather than hang.
  constexpr int64_t kMaxEvaluations = int64_t(1) << 24;
  if (channels > kMaxEvaluations / (range.qmax - range.qmin + 1))
    return false;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t x = range.qmin; x <= range.qmax; ++x)
      if (!fn(x, c))
        return false;
  return true;
}

OpFoldResult RescaleOp::fold(FoldAdaptor adaptor) {
  auto input = dyn_cast_if_present<DenseIntElementsAttr>(adaptor.getInput());
  if (!input)
    return {};
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned width = inputType.getElementTypeBitWidth();
  int64_t channels = inputType.getRank() == 0 ? 1 : inputType.getShape().back();
  RescaleParams params = getParams();
  auto resultType = cast<RankedTensorType>(getType());
  unsigned resultWidth = resultType.getElementTypeBitWidth();
  SmallVector<APInt> results;
  results.reserve(input.getNumElements());
  for (auto [i, value] : llvm::enumerate(input.getValues<APInt>())) {
    int64_t x = getInputUnsigned() ? static_cast<int64_t>(value.getZExtValue())
                                   : value.getSExtValue();
    int64_t y = params.evaluate(x, static_cast<int64_t>(i) % channels, width);
    results.emplace_back(resultWidth, static_cast<uint64_t>(y),
                         /*isSigned=*/y < 0);
  }
  return DenseElementsAttr::get(resultType, results);
}

namespace {
/// Removes a rescale that returns every input value unchanged, proven by
/// evaluating it on every value of an i8 or i16 input.
struct RemoveIdentityRescale : public OpRewritePattern<RescaleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RescaleOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput().getType() != op.getType() ||
        op.getInputUnsigned() != op.getOutputUnsigned())
      return failure();
    RescaleParams params = op.getParams();
    unsigned width = op.getType().getElementTypeBitWidth();
    if (!forAllInputs(op, [&](int64_t x, int64_t c) {
          return params.evaluate(x, c, width) == x;
        }))
      return failure();
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// Merges rescale(rescale(x)) into one rescale whose multiplier is the
/// product of the two, but only when the merged rescale gives the same result
/// as the pair for every value of the (i8 or i16) input: two roundings and an
/// intermediate clamp are rarely equal to one.
struct MergeRescales : public OpRewritePattern<RescaleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RescaleOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<RescaleOp>();
    if (!inner || !inner->hasOneUse() ||
        inner.getRounding() != outer.getRounding() ||
        inner.getOutputUnsigned() != outer.getInputUnsigned())
      return failure();
    RescaleParams first = inner.getParams(), second = outer.getParams();
    RescaleParams merged = second;
    merged.inputZp = first.inputZp;
    merged.inputUnsigned = first.inputUnsigned;

    auto innerType = cast<RankedTensorType>(inner.getInput().getType());
    unsigned innerWidth = innerType.getElementTypeBitWidth();
    unsigned middleWidth = inner.getType().getElementTypeBitWidth();
    int64_t channels =
        innerType.getRank() == 0 ? 1 : innerType.getShape().back();
    auto pick = [&](const auto &values, int64_t c) {
      return values[values.size() == 1 ? 0 : c];
    };
    bool perChannel = false;
    for (const RescaleParams *p : {&first, &second})
      perChannel |= p->multipliers.size() > 1 || p->scales.size() > 1;
    int64_t count = perChannel ? channels : 1;
    merged.multipliers.clear();
    merged.shifts.clear();
    merged.scales.clear();
    for (int64_t c = 0; c < count; ++c) {
      if (merged.mode == RoundingMode::fp32) {
        merged.scales.push_back(pick(first.scales, c) * pick(second.scales, c));
        continue;
      }
      auto real = [&](const RescaleParams &p) {
        return std::ldexp(static_cast<double>(pick(p.multipliers, c)),
                          pick(p.shifts, c) - 31);
      };
      quantmath::FixedPointMultiplier m =
          quantmath::quantizeMultiplier(real(first) * real(second));
      merged.multipliers.push_back(m.multiplier);
      merged.shifts.push_back(m.shift);
    }

    if (!forAllInputs(inner, [&](int64_t x, int64_t c) {
          int64_t middle = first.evaluate(x, c, innerWidth);
          return second.evaluate(middle, c, middleWidth) ==
                 merged.evaluate(x, c, innerWidth);
        }))
      return failure();
    rewriter.replaceOpWithNewOp<RescaleOp>(outer, outer.getType(),
                                           inner.getInput(), merged);
    return success();
  }
};
} // namespace

void RescaleOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<RemoveIdentityRescale, MergeRescales>(context);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Whether a fused clamp in real units leaves every stored value of
/// `resultType` as it is.
static bool isClampNoOp(FloatAttr clampMin, FloatAttr clampMax, Type resultType,
                        RoundingMode mode) {
  auto quantType =
      cast<quant::QuantizedType>(cast<ShapedType>(resultType).getElementType());
  quantmath::StorageRange range = getStorageRange(quantType);
  quantmath::StorageRange bounds =
      getClampBounds(clampMin, clampMax, quantType, mode);
  return bounds.qmin <= range.qmin && bounds.qmax >= range.qmax;
}

/// A 1x1 window with unit strides and no padding returns its input, when the
/// types agree and the fused clamp clamps nothing: the maximum of one value
/// is that value, and so is its average (in fp32 the multiplier
/// fl32(S / fl32(S * 1)) is exactly 1).
template <typename OpTy> static OpFoldResult foldUnitWindow(OpTy op) {
  auto all = [](ArrayRef<int64_t> values, int64_t v) {
    return llvm::all_of(values, [&](int64_t x) { return x == v; });
  };
  if (op.getInput().getType() != op.getType() || !all(op.getKernel(), 1) ||
      !all(op.getStrides(), 1) || !all(op.getPadding(), 0) ||
      !isClampNoOp(op.getClampMinAttr(), op.getClampMaxAttr(), op.getType(),
                   op.getRounding()))
    return {};
  return op.getInput();
}

OpFoldResult MaxPool2DOp::fold(FoldAdaptor) { return foldUnitWindow(*this); }

OpFoldResult AvgPool2DOp::fold(FoldAdaptor) { return foldUnitWindow(*this); }

//===----------------------------------------------------------------------===//
// ClampOp
//===----------------------------------------------------------------------===//

OpFoldResult ClampOp::fold(FoldAdaptor) {
  // Bounds that hold the whole storage range clamp nothing.
  if (isClampNoOp(getClampMinAttr(), getClampMaxAttr(), getType(),
                  getRounding()))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  // One input of the result's type is the result.
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp, PadOp
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) is one reshape of x: the elements keep their
  // row-major order, and a per-axis dimension that survives both survives
  // their composition.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

namespace {
/// Reshapes a quantized constant (`arith.constant` of the storage type
/// behind a `quant.scast`) at compile time.
struct ReshapeConstant : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto storageCast = op.getInput().getDefiningOp<quant::StorageCastOp>();
    DenseElementsAttr values;
    if (!storageCast ||
        !matchPattern(storageCast.getInput(), m_Constant(&values)))
      return failure();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto storageType = resultType.clone(values.getType().getElementType());
    Value constant = arith::ConstantOp::create(rewriter, op.getLoc(),
                                               values.reshape(storageType));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, resultType, constant);
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<ReshapeConstant>(context);
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [k, p] : llvm::enumerate(getPermutation()))
    if (static_cast<int64_t>(k) != p)
      return {};
  return getInput();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  auto zero = [](int64_t p) { return p == 0; };
  if (llvm::all_of(getLow(), zero) && llvm::all_of(getHigh(), zero))
    return getInput();
  return {};
}
