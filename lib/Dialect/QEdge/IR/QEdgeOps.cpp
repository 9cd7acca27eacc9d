//===- QEdgeOps.cpp - qedge operations ------------------------------------===//
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
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::qedge;

//===----------------------------------------------------------------------===//
// Quantized type helpers
//===----------------------------------------------------------------------===//

namespace {
/// The containers a quantized tensor may be stored in: i8 or i16 for
/// activations and weights, i32 for biases and accumulators, and any of them
/// where a float tensor is quantized or dequantized.
enum class Container { ActivationOrWeight, Accumulator, Any };
} // namespace

namespace {
/// The integer storage of a quantized or plain integer value.
struct Storage {
  bool isSigned;
  unsigned width;

  static Storage of(quant::QuantizedType type) {
    return {type.isSigned(), type.getStorageTypeIntegralWidth()};
  }
  static Storage of(Type integerType, bool isUnsigned) {
    return {!isUnsigned, integerType.getIntOrFloatBitWidth()};
  }

  /// "si8", "ui16", ...: the storage as the diagnostics name it.
  std::string name() const {
    return (Twine(isSigned ? "si" : "ui") + Twine(width)).str();
  }
  /// The full range of the storage type.
  quantmath::StorageRange range() const {
    if (isSigned)
      return {-(int64_t(1) << (width - 1)), (int64_t(1) << (width - 1)) - 1};
    return {0, (int64_t(1) << width) - 1};
  }
  bool operator==(const Storage &other) const {
    return isSigned == other.isSigned && width == other.width;
  }
};
} // namespace

quantmath::StorageRange mlir::qedge::getStorageRange(quant::QuantizedType type) {
  return {type.getStorageTypeMin(), type.getStorageTypeMax()};
}

double mlir::qedge::getScale(quant::QuantizedType type, int64_t channel) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return perAxis.getScales()[channel];
  return cast<quant::UniformQuantizedType>(type).getScale();
}

int64_t mlir::qedge::getZeroPoint(quant::QuantizedType type, int64_t channel) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return perAxis.getZeroPoints()[channel];
  return cast<quant::UniformQuantizedType>(type).getZeroPoint();
}

/// Verifies what quant-edge requires of a quantized tensor beyond upstream's
/// type parser: a uniform type (per tensor or per axis) expressed in f32, a
/// supported container, zero points inside the storage bounds (upstream
/// accepts any), and a quantized dimension that matches the tensor's shape.
static LogicalResult verifyQuantizedTensor(Operation *op, StringRef name,
                                           ShapedType type,
                                           Container container) {
  auto quantType = dyn_cast<quant::QuantizedType>(type.getElementType());
  if (!quantType ||
      !isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          quantType))
    return op->emitOpError() << "'" << name
                             << "' must have a !quant.uniform element type "
                                "(per tensor or per axis), got "
                             << type.getElementType();

  if (!quantType.getExpressedType().isF32())
    return op->emitOpError()
           << "'" << name << "' must be expressed in f32, got "
           << quantType.getExpressedType();

  unsigned width = quantType.getStorageTypeIntegralWidth();
  if (container == Container::Accumulator) {
    if (width != 32 || !quantType.isSigned())
      return op->emitOpError() << "'" << name
                               << "' must have i32 storage, got "
                               << Storage::of(quantType).name();
  } else if (width != 8 && width != 16 &&
             !(container == Container::Any && width == 32)) {
    return op->emitOpError()
           << "'" << name << "' has unsupported storage type "
           << Storage::of(quantType).name()
           << "; N-bit values are stored in an i8 or i16 container with "
              "storage bounds, e.g. i8<-8:7>"
           << (container == Container::Any ? " (or i32 for biases)" : "");
  }

  quantmath::StorageRange range = getStorageRange(quantType);
  auto checkZeroPoint = [&](int64_t zeroPoint) -> LogicalResult {
    if (zeroPoint >= range.qmin && zeroPoint <= range.qmax)
      return success();
    return op->emitOpError()
           << "zero point " << zeroPoint << " of '" << name
           << "' is outside its storage range [" << range.qmin << ", "
           << range.qmax << "]";
  };

  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(quantType);
  if (!perAxis)
    return checkZeroPoint(
        cast<quant::UniformQuantizedType>(quantType).getZeroPoint());

  for (int64_t zeroPoint : perAxis.getZeroPoints())
    if (failed(checkZeroPoint(zeroPoint)))
      return failure();
  int64_t dim = perAxis.getQuantizedDimension();
  if (dim >= type.getRank())
    return op->emitOpError()
           << "quantized dimension " << dim << " of '" << name
           << "' is out of range for a tensor of rank " << type.getRank();
  int64_t numScales = perAxis.getScales().size();
  if (!type.isDynamicDim(dim) && type.getDimSize(dim) != numScales)
    return op->emitOpError()
           << "'" << name << "' has " << numScales
           << " scales but its quantized dimension " << dim << " has size "
           << type.getDimSize(dim);
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  return verifyQuantizedTensor(*this, "result", getType(), Container::Any);
}

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
    if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(quantType)) {
      int64_t dim = perAxis.getQuantizedDimension();
      dimSize = resultType.getDimSize(dim);
      for (int64_t size : resultType.getShape().drop_front(dim + 1))
        stride *= size;
    }

    SmallVector<APInt> storage;
    storage.reserve(values.getNumElements());
    for (auto [i, value] : llvm::enumerate(values.getValues<APFloat>())) {
      int64_t channel = (static_cast<int64_t>(i) / stride) % dimSize;
      int64_t q = quantmath::quantize(
          value.convertToFloat(),
          static_cast<float>(getScale(quantType, channel)),
          getZeroPoint(quantType, channel), range);
      storage.emplace_back(width, static_cast<uint64_t>(q),
                           /*isSigned=*/q < 0);
    }

    auto storageType = RankedTensorType::get(
        resultType.getShape(), rewriter.getIntegerType(width));
    auto constant = arith::ConstantOp::create(
        rewriter, op.getLoc(), DenseElementsAttr::get(storageType, storage));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, resultType,
                                                      constant);
    return success();
  }
};
} // namespace

void QuantizeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                             MLIRContext *context) {
  results.add<QuantizeConstant>(context);
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  return verifyQuantizedTensor(*this, "input", getInput().getType(),
                               Container::Any);
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult RequantizeOp::verify() {
  if (failed(verifyQuantizedTensor(*this, "input", getInput().getType(),
                                   Container::ActivationOrWeight)))
    return failure();
  return verifyQuantizedTensor(*this, "result", getType(),
                               Container::ActivationOrWeight);
}

OpFoldResult RequantizeOp::fold(FoldAdaptor adaptor) {
  // Same scale and zero point: the multiplier is exactly 1 in every mode.
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

/// The input x filter storage pairs the convolution kernels implement.
static LogicalResult verifyStoragePair(Operation *op, Storage input,
                                       Storage filter) {
  constexpr Storage s8{true, 8}, u8{false, 8}, s16{true, 16};
  if ((input == s8 && filter == s8) || (input == u8 && filter == s8) ||
      (input == u8 && filter == u8) || (input == s16 && filter == s8) ||
      (input == s16 && filter == s16))
    return success();
  return op->emitOpError() << "unsupported storage pair: input "
                           << input.name() << " x filter " << filter.name()
                           << " (supported: si8 x si8, ui8 x si8, ui8 x ui8, "
                              "si16 x si8, si16 x si16)";
}

/// Verifies that `value` lies in `range`, naming it `what`.
static LogicalResult verifyInRange(Operation *op, StringRef what,
                                   int64_t value, quantmath::StorageRange range,
                                   StringRef rangeName) {
  if (value >= range.qmin && value <= range.qmax)
    return success();
  return op->emitOpError() << what << " " << value << " is outside the "
                           << rangeName << " storage range [" << range.qmin
                           << ", " << range.qmax << "]";
}

/// Verifies `values` has `size` elements, each at least `minValue`.
static LogicalResult verifyIntArray(Operation *op, StringRef name,
                                    ArrayRef<int64_t> values, size_t size,
                                    int64_t minValue, StringRef layout) {
  if (values.size() == size && llvm::all_of(values, [&](int64_t v) {
        return v >= minValue;
      }))
    return success();
  return op->emitOpError() << "'" << name << "' must have " << size
                           << (minValue > 0 ? " positive" : " non-negative")
                           << " values " << layout;
}

/// Verifies the shapes and attributes every 2-D convolution shares: static
/// NHWC / OHWI shapes, strides, dilations, padding, groups that divide both
/// channel counts, and a result shape that follows from all of them.
static LogicalResult
verifyConvGeometry(Operation *op, RankedTensorType inputType,
                   RankedTensorType filterType, RankedTensorType resultType,
                   ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                   ArrayRef<int64_t> dilations, int64_t groups) {
  if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return op->emitOpError("requires static shapes");

  if (failed(verifyIntArray(op, "strides", strides, 2, 1, "[h, w]")) ||
      failed(verifyIntArray(op, "dilations", dilations, 2, 1, "[h, w]")) ||
      failed(verifyIntArray(op, "padding", padding, 4, 0,
                            "[top, bottom, left, right]")))
    return failure();

  int64_t batch = inputType.getDimSize(0);
  int64_t inChannels = inputType.getDimSize(3);
  int64_t outChannels = filterType.getDimSize(0);
  if (groups < 1)
    return op->emitOpError() << "'groups' must be positive, got " << groups;
  if (inChannels % groups != 0)
    return op->emitOpError() << "input channels (" << inChannels
                             << ") are not divisible by groups (" << groups
                             << ")";
  if (outChannels % groups != 0)
    return op->emitOpError() << "output channels (" << outChannels
                             << ") are not divisible by groups (" << groups
                             << ")";
  if (filterType.getDimSize(3) != inChannels / groups)
    return op->emitOpError()
           << "filter has " << filterType.getDimSize(3)
           << " input channels per group, expected " << inChannels / groups
           << " (input channels " << inChannels << " / groups " << groups
           << ")";

  SmallVector<int64_t, 4> expectedShape = {batch, 0, 0, outChannels};
  for (int i = 0; i < 2; ++i) {
    std::optional<int64_t> size = quantmath::getConvOutputSize(
        inputType.getDimSize(1 + i), filterType.getDimSize(1 + i), strides[i],
        dilations[i], padding[2 * i], padding[2 * i + 1]);
    // Operands are printed, not combined: huge attributes must not overflow
    // in the diagnostic either.
    if (!size)
      return op->emitOpError()
             << "the kernel (size " << filterType.getDimSize(1 + i)
             << ", dilation " << dilations[i]
             << ") does not fit in the padded input (size "
             << inputType.getDimSize(1 + i) << ", padding " << padding[2 * i]
             << " and " << padding[2 * i + 1] << ") in dimension "
             << (i == 0 ? "h" : "w");
    expectedShape[1 + i] = *size;
  }
  if (resultType.getShape() != ArrayRef<int64_t>(expectedShape)) {
    InFlightDiagnostic diag = op->emitOpError("result shape [");
    llvm::interleaveComma(resultType.getShape(), diag);
    diag << "] does not follow from the operands and attributes; expected [";
    llvm::interleaveComma(expectedShape, diag);
    return diag << "]";
  }
  return success();
}

LogicalResult Conv2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;

  if (failed(verifyQuantizedTensor(op, "input", inputType,
                                   Container::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "filter", filterType,
                                   Container::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "result", resultType,
                                   Container::ActivationOrWeight)))
    return failure();
  if (getBias() &&
      failed(verifyQuantizedTensor(op, "bias", getBias().getType(),
                                   Container::Accumulator)))
    return failure();

  auto inputQuant = cast<quant::QuantizedType>(inputType.getElementType());
  auto filterQuant = cast<quant::QuantizedType>(filterType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());

  // Activations carry one scale: a per-channel input or output would need a
  // multiplier per (input, output) channel pair.
  if (!isa<quant::UniformQuantizedType>(inputQuant))
    return emitOpError("'input' must be quantized per tensor");
  if (!isa<quant::UniformQuantizedType>(resultQuant))
    return emitOpError("'result' must be quantized per tensor");
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(filterQuant))
    if (perAxis.getQuantizedDimension() != 0)
      return emitOpError()
             << "'filter' must be quantized per tensor or per axis on "
                "dimension 0 (output channels), got dimension "
             << perAxis.getQuantizedDimension();

  if (failed(verifyStoragePair(op, Storage::of(inputQuant),
                               Storage::of(filterQuant))))
    return failure();

  if (failed(verifyConvGeometry(op, inputType, filterType, resultType,
                                getStrides(), getPadding(), getDilations(),
                                getGroups())))
    return failure();
  int64_t outChannels = filterType.getDimSize(0);

  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    auto biasQuant = cast<quant::QuantizedType>(biasType.getElementType());
    if (biasType.getDimSize(0) != outChannels)
      return emitOpError() << "bias has " << biasType.getDimSize(0)
                           << " elements, expected one per output channel ("
                           << outChannels << ")";
    double inputScale = getScale(inputQuant, 0);
    double outputScale = getScale(resultQuant, 0);
    for (int64_t c = 0; c < outChannels; ++c) {
      if (getZeroPoint(biasQuant, c) != 0)
        return emitOpError() << "bias zero point must be 0, got "
                             << getZeroPoint(biasQuant, c);
      // TFLite's rule: a bias scale off by a rounding error is accepted, a
      // different scale would silently rescale the bias.
      double filterScale = getScale(filterQuant, c);
      double biasScale = getScale(biasQuant, c);
      if (!quantmath::isBiasScaleCompatible(biasScale, inputScale,
                                            filterScale, outputScale))
        return emitOpError()
               << "bias scale " << biasScale << " of output channel " << c
               << " differs from input scale x filter scale = "
               << inputScale * filterScale << " by more than "
               << quantmath::kBiasScaleTolerance << " of the output scale";
    }
  }

  std::optional<APFloat> clampMin = getClampMinAttr()
                                        ? std::optional(getClampMinAttr().getValue())
                                        : std::nullopt;
  std::optional<APFloat> clampMax = getClampMaxAttr()
                                        ? std::optional(getClampMaxAttr().getValue())
                                        : std::nullopt;
  if ((clampMin && clampMin->isNaN()) || (clampMax && clampMax->isNaN()))
    return emitOpError("clamp bounds must not be NaN");
  double lo = clampMin ? clampMin->convertToDouble() : -INFINITY;
  double hi = clampMax ? clampMax->convertToDouble() : INFINITY;
  if (lo > hi)
    return emitOpError() << "clamp_min (" << lo << ") is greater than clamp_max ("
                         << hi << ")";
  // A clamp that excludes every representable output makes the whole result
  // one constant: almost certainly bounds given in the wrong units.
  quantmath::StorageRange range = getStorageRange(resultQuant);
  double scale = getScale(resultQuant, 0);
  int64_t zeroPoint = getZeroPoint(resultQuant, 0);
  double representableMin = scale * static_cast<double>(range.qmin - zeroPoint);
  double representableMax = scale * static_cast<double>(range.qmax - zeroPoint);
  if (lo > representableMax || hi < representableMin)
    return emitOpError() << "clamp bounds [" << lo << ", " << hi
                         << "] lie outside the range the result's storage "
                            "represents ["
                         << representableMin << ", " << representableMax
                         << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// IntConv2DOp
//===----------------------------------------------------------------------===//

LogicalResult IntConv2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto biasType = cast<RankedTensorType>(getBias().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;

  Storage input = Storage::of(inputType.getElementType(), getInputUnsigned());
  Storage filter =
      Storage::of(filterType.getElementType(), getFilterUnsigned());
  if (failed(verifyStoragePair(op, input, filter)) ||
      failed(verifyConvGeometry(op, inputType, filterType, resultType,
                                getStrides(), getPadding(), getDilations(),
                                getGroups())))
    return failure();

  int64_t outChannels = filterType.getDimSize(0);
  if (biasType.getElementType() != resultType.getElementType())
    return emitOpError() << "bias element type " << biasType.getElementType()
                         << " differs from the accumulator type "
                         << resultType.getElementType();
  if (biasType.getDimSize(0) != outChannels)
    return emitOpError() << "bias has " << biasType.getDimSize(0)
                         << " elements, expected one per output channel ("
                         << outChannels << ")";

  if (failed(verifyInRange(op, "pad_value", getPadValue(), input.range(),
                           "input's")))
    return failure();
  if (DenseI64ArrayAttr zeroPoints = getFilterZpAttr()) {
    if (zeroPoints.size() != 1 && zeroPoints.size() != outChannels)
      return emitOpError() << "'filter_zp' has " << zeroPoints.size()
                           << " values, expected 1 or one per output channel ("
                           << outChannels << ")";
    for (int64_t zeroPoint : zeroPoints.asArrayRef())
      if (failed(verifyInRange(op, "filter zero point", zeroPoint,
                               filter.range(), "filter's")))
        return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// RescaleOp
//===----------------------------------------------------------------------===//

quantmath::StorageRange RescaleOp::getOutputRange() {
  return Storage::of(getType().getElementType(), getOutputUnsigned()).range();
}

int64_t RescaleOp::getEffectiveClampMin() {
  return getClampMin() ? static_cast<int64_t>(*getClampMin())
                       : getOutputRange().qmin;
}

int64_t RescaleOp::getEffectiveClampMax() {
  return getClampMax() ? static_cast<int64_t>(*getClampMax())
                       : getOutputRange().qmax;
}

LogicalResult RescaleOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  Type inputElement = inputType.getElementType();
  Type outputElement = getType().getElementType();
  unsigned inputWidth = inputElement.getIntOrFloatBitWidth();
  bool isAccumulator = inputWidth >= 32;
  RoundingMode mode = getRounding();

  // Per-channel arrays index the last dimension.
  int64_t channels =
      inputType.getRank() == 0 ? 1 : inputType.getShape().back();
  auto verifyLength = [&](StringRef name, size_t size) -> LogicalResult {
    if (size == 1 || static_cast<int64_t>(size) == channels)
      return success();
    return emitOpError() << "'" << name << "' has " << size
                         << " values, expected 1 or " << channels
                         << " (the size of the last dimension)";
  };

  if (mode == RoundingMode::fp32) {
    if (!getScaleAttr() || getMultiplierAttr() || getShiftAttr())
      return emitOpError("'fp32' rounding needs 'scale' (and no 'multiplier' "
                         "or 'shift')");
    if (inputWidth > 32)
      return emitOpError() << "'fp32' rounding takes i8, i16 or i32 inputs, "
                              "got "
                           << inputElement;
    if (failed(verifyLength("scale", getScaleAttr().size())))
      return failure();
    for (float scale : getScaleAttr().asArrayRef())
      if (!std::isfinite(scale) || scale < 0)
        return emitOpError() << "scale " << scale
                             << " must be finite and non-negative";
  } else {
    DenseI32ArrayAttr multipliers = getMultiplierAttr();
    DenseI32ArrayAttr shifts = getShiftAttr();
    if (!multipliers || !shifts || getScaleAttr())
      return emitOpError() << "'" << stringifyRoundingMode(mode)
                           << "' rounding needs 'multiplier' and 'shift' (and "
                              "no 'scale')";
    if (multipliers.size() != shifts.size())
      return emitOpError() << "'multiplier' has " << multipliers.size()
                           << " values but 'shift' has " << shifts.size();
    if (failed(verifyLength("multiplier", multipliers.size())))
      return failure();
    for (int32_t multiplier : multipliers.asArrayRef())
      if (multiplier < 0)
        return emitOpError() << "multiplier " << multiplier
                             << " must be non-negative";
    // TFLite's 64-bit routine keeps 15 fractional bits of the product.
    int32_t maxShift = inputWidth == 64 ? 7 : quantmath::kMaxExponent;
    for (int32_t shift : shifts.asArrayRef())
      if (shift < quantmath::kMinExponent || shift > maxShift)
        return emitOpError() << "shift " << shift << " is outside ["
                             << quantmath::kMinExponent << ", " << maxShift
                             << "]"
                             << (inputWidth == 64 ? " (i64 input)" : "");
  }

  Operation *op = *this;
  if (isAccumulator) {
    if (getInputUnsigned())
      return emitOpError("'input_unsigned' applies to i8 and i16 inputs only");
    if (getInputZp() != 0)
      return emitOpError() << "input_zp must be 0 for an " << inputElement
                           << " accumulator, got " << getInputZp();
  } else if (failed(verifyInRange(
                 op, "input_zp", getInputZp(),
                 Storage::of(inputElement, getInputUnsigned()).range(),
                 "input's"))) {
    return failure();
  }
  if (getOutputUnsigned() && outputElement.getIntOrFloatBitWidth() > 16)
    return emitOpError("'output_unsigned' applies to i8 and i16 results only");

  quantmath::StorageRange range = getOutputRange();
  if (failed(verifyInRange(op, "output_zp", getOutputZp(), range,
                           "result's")))
    return failure();
  int64_t lo = getEffectiveClampMin(), hi = getEffectiveClampMax();
  if (lo < range.qmin || hi > range.qmax)
    return emitOpError() << "clamp bounds [" << lo << ", " << hi
                         << "] must lie inside the result's storage range ["
                         << range.qmin << ", " << range.qmax << "]";
  if (lo > hi)
    return emitOpError() << "clamp_min (" << lo
                         << ") is greater than clamp_max (" << hi << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// RescaleOp: semantics, folding, canonicalization
//===----------------------------------------------------------------------===//

int64_t RescaleParams::evaluate(int64_t x, int64_t channel,
                                unsigned inputWidth) const {
  auto pick = [&](auto values) { return values[values.size() == 1 ? 0 : channel]; };
  int64_t acc = x - inputZp;
  if (mode == RoundingMode::fp32)
    return quantmath::requantizeFp32(static_cast<int32_t>(acc), pick(scales),
                                     outputZp, clampMin, clampMax);
  quantmath::FixedPointMultiplier m{pick(multipliers), pick(shifts)};
  if (inputWidth == 64)
    return quantmath::requantize(acc, m, toQuantMath(mode), outputZp,
                                 clampMin, clampMax);
  return quantmath::requantize(static_cast<int32_t>(acc), m,
                               toQuantMath(mode), outputZp, clampMin,
                               clampMax);
}

void RescaleOp::build(OpBuilder &builder, OperationState &state,
                      Type resultType, Value input,
                      const RescaleParams &params) {
  bool isFp32 = params.mode == RoundingMode::fp32;
  auto i64Attr = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  auto unitIf = [&](bool set) { return set ? builder.getUnitAttr() : UnitAttr(); };
  build(builder, state, resultType, input,
        isFp32 ? DenseI32ArrayAttr()
               : builder.getDenseI32ArrayAttr(params.multipliers),
        isFp32 ? DenseI32ArrayAttr()
               : builder.getDenseI32ArrayAttr(params.shifts),
        isFp32 ? builder.getDenseF32ArrayAttr(params.scales)
               : DenseF32ArrayAttr(),
        i64Attr(params.inputZp), i64Attr(params.outputZp),
        i64Attr(params.clampMin), i64Attr(params.clampMax),
        unitIf(params.inputUnsigned), unitIf(params.outputUnsigned),
        RoundingModeAttr::get(builder.getContext(), params.mode));
}

RescaleParams RescaleOp::getParams() {
  RescaleParams params;
  params.mode = getRounding();
  if (DenseI32ArrayAttr multipliers = getMultiplierAttr())
    params.multipliers.assign(multipliers.asArrayRef().begin(),
                              multipliers.asArrayRef().end());
  if (DenseI32ArrayAttr shifts = getShiftAttr())
    params.shifts.assign(shifts.asArrayRef().begin(),
                         shifts.asArrayRef().end());
  if (DenseF32ArrayAttr scales = getScaleAttr())
    params.scales.assign(scales.asArrayRef().begin(),
                         scales.asArrayRef().end());
  params.inputZp = getInputZp();
  params.outputZp = getOutputZp();
  params.clampMin = getEffectiveClampMin();
  params.clampMax = getEffectiveClampMax();
  params.inputUnsigned = getInputUnsigned();
  params.outputUnsigned = getOutputUnsigned();
  return params;
}

/// Runs `fn(x, channel)` for every channel and every value of the input's
/// storage range; false as soon as `fn` is. Only i8 and i16 inputs, and at
/// most 2^24 evaluations, are enumerated.
static bool forAllInputs(RescaleOp op,
                         function_ref<bool(int64_t, int64_t)> fn) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  unsigned width = inputType.getElementTypeBitWidth();
  if (width > 16)
    return false;
  int64_t channels =
      inputType.getRank() == 0 ? 1 : inputType.getShape().back();
  quantmath::StorageRange range =
      Storage::of(inputType.getElementType(), op.getInputUnsigned()).range();
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
  int64_t channels =
      inputType.getRank() == 0 ? 1 : inputType.getShape().back();
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
      merged.shifts.push_back(m.exponent);
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
// TableGen'd op method definitions
//===----------------------------------------------------------------------===//

#define GET_OP_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeOps.cpp.inc"
