//===- QEdgeVerifiers.cpp - Checks shared by qedge ops -------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::qedge;

LogicalResult mlir::qedge::verifyQuantizedTensor(Operation *op, StringRef name,
                                                 ShapedType type,
                                                 QuantizedContainer container) {
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
  if (container == QuantizedContainer::Accumulator) {
    if (width != 32 || !quantType.isSigned())
      return op->emitOpError() << "'" << name << "' must have i32 storage, got "
                               << IntegerStorage::of(quantType).name();
  } else if (width != 8 && width != 16 &&
             !(container == QuantizedContainer::Any && width == 32)) {
    return op->emitOpError()
           << "'" << name << "' has unsupported storage type "
           << IntegerStorage::of(quantType).name()
           << "; N-bit values are stored in an i8 or i16 container with "
              "storage bounds, e.g. i8<-8:7>"
           << (container == QuantizedContainer::Any ? " (or i32 for biases)"
                                                    : "");
  }

  quantmath::StorageRange range = getStorageRange(quantType);
  auto checkZeroPoint = [&](int64_t zeroPoint) -> LogicalResult {
    if (zeroPoint >= range.qmin && zeroPoint <= range.qmax)
      return success();
    return op->emitOpError() << "zero point " << zeroPoint << " of '" << name
                             << "' is outside its storage range [" << range.qmin
                             << ", " << range.qmax << "]";
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
    return op->emitOpError() << "'" << name << "' has " << numScales
                             << " scales but its quantized dimension " << dim
                             << " has size " << type.getDimSize(dim);
  return success();
}

LogicalResult mlir::qedge::verifyStoragePair(Operation *op,
                                             IntegerStorage input,
                                             IntegerStorage filter) {
  constexpr IntegerStorage s8{true, 8}, u8{false, 8}, s16{true, 16};
  if ((input == s8 && filter == s8) || (input == u8 && filter == s8) ||
      (input == u8 && filter == u8) || (input == s16 && filter == s8) ||
      (input == s16 && filter == s16))
    return success();
  return op->emitOpError() << "unsupported storage pair: input " << input.name()
                           << " x filter " << filter.name()
                           << " (supported: si8 x si8, ui8 x si8, ui8 x ui8, "
                              "si16 x si8, si16 x si16)";
}

LogicalResult mlir::qedge::verifyInRange(Operation *op, StringRef what,
                                         int64_t value,
                                         quantmath::StorageRange range,
                                         StringRef rangeName) {
  if (value >= range.qmin && value <= range.qmax)
    return success();
  return op->emitOpError() << what << " " << value << " is outside the "
                           << rangeName << " storage range [" << range.qmin
                           << ", " << range.qmax << "]";
}

LogicalResult mlir::qedge::verifyIntArray(Operation *op, StringRef name,
                                          ArrayRef<int64_t> values, size_t size,
                                          int64_t minValue, StringRef layout) {
  if (values.size() == size &&
      llvm::all_of(values, [&](int64_t v) { return v >= minValue; }))
    return success();
  return op->emitOpError() << "'" << name << "' must have " << size
                           << (minValue > 0 ? " positive" : " non-negative")
                           << " values " << layout;
}

/// Verifies that the result has `expectedShape`, the shape that follows from
/// `source` ("the operands", "the input") and the attributes.
static LogicalResult verifyResultShape(Operation *op,
                                       RankedTensorType resultType,
                                       ArrayRef<int64_t> expectedShape,
                                       StringRef source) {
  if (resultType.getShape() == expectedShape)
    return success();
  InFlightDiagnostic diag = op->emitOpError("result shape [");
  llvm::interleaveComma(resultType.getShape(), diag);
  diag << "] does not follow from " << source << " and attributes; expected [";
  llvm::interleaveComma(expectedShape, diag);
  return diag << "]";
}

LogicalResult mlir::qedge::verifyConvGeometry(
    Operation *op, RankedTensorType inputType, RankedTensorType filterType,
    RankedTensorType resultType, ArrayRef<int64_t> strides,
    ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations, int64_t groups) {
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
    return op->emitOpError()
           << "input channels (" << inChannels
           << ") are not divisible by groups (" << groups << ")";
  if (outChannels % groups != 0)
    return op->emitOpError()
           << "output channels (" << outChannels
           << ") are not divisible by groups (" << groups << ")";
  if (filterType.getDimSize(3) != inChannels / groups)
    return op->emitOpError() << "filter has " << filterType.getDimSize(3)
                             << " input channels per group, expected "
                             << inChannels / groups << " (input channels "
                             << inChannels << " / groups " << groups << ")";

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
  return verifyResultShape(op, resultType, expectedShape, "the operands");
}

LogicalResult mlir::qedge::verifyActivation(Operation *op, StringRef name,
                                            ShapedType type) {
  if (failed(verifyQuantizedTensor(op, name, type,
                                   QuantizedContainer::ActivationOrWeight)))
    return failure();
  if (!isa<quant::UniformQuantizedType>(type.getElementType()))
    return op->emitOpError() << "'" << name << "' must be quantized per tensor";
  return success();
}

LogicalResult mlir::qedge::verifySameStorage(
    Operation *op, ArrayRef<std::pair<StringRef, quant::QuantizedType>> types) {
  IntegerStorage first = IntegerStorage::of(types.front().second);
  for (auto [name, type] : types.drop_front()) {
    IntegerStorage storage = IntegerStorage::of(type);
    if (storage == first)
      continue;
    return op->emitOpError() << "'" << types.front().first << "' and '" << name
                             << "' must have the same storage type, got "
                             << first.name() << " and " << storage.name();
  }
  return success();
}

LogicalResult mlir::qedge::verifyFilterAxis(Operation *op,
                                            quant::QuantizedType filter) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(filter))
    if (perAxis.getQuantizedDimension() != 0)
      return op->emitOpError()
             << "'filter' must be quantized per tensor or per axis on "
                "dimension 0 (output channels), got dimension "
             << perAxis.getQuantizedDimension();
  return success();
}

LogicalResult mlir::qedge::verifyBias(Operation *op, RankedTensorType biasType,
                                      quant::QuantizedType input,
                                      quant::QuantizedType filter,
                                      quant::QuantizedType result,
                                      int64_t outChannels) {
  auto biasQuant = cast<quant::QuantizedType>(biasType.getElementType());
  if (biasType.getDimSize(0) != outChannels)
    return op->emitOpError() << "bias has " << biasType.getDimSize(0)
                             << " elements, expected one per output channel ("
                             << outChannels << ")";
  double inputScale = getScale(input, 0);
  double outputScale = getScale(result, 0);
  for (int64_t c = 0; c < outChannels; ++c) {
    if (getZeroPoint(biasQuant, c) != 0)
      return op->emitOpError()
             << "bias zero point must be 0, got " << getZeroPoint(biasQuant, c);
    // TFLite's rule: a bias scale off by a rounding error is accepted, a
    // different scale would silently rescale the bias.
    double filterScale = getScale(filter, c);
    double biasScale = getScale(biasQuant, c);
    if (!quantmath::isBiasScaleCompatible(biasScale, inputScale, filterScale,
                                          outputScale))
      return op->emitOpError()
             << "bias scale " << biasScale << " of output channel " << c
             << " differs from input scale x filter scale = "
             << inputScale * filterScale << " by more than "
             << quantmath::kBiasScaleTolerance << " of the output scale";
  }
  return success();
}

LogicalResult mlir::qedge::verifyClampBounds(Operation *op, FloatAttr clampMin,
                                             FloatAttr clampMax,
                                             quant::QuantizedType result) {
  std::optional<APFloat> lower =
      clampMin ? std::optional(clampMin.getValue()) : std::nullopt;
  std::optional<APFloat> upper =
      clampMax ? std::optional(clampMax.getValue()) : std::nullopt;
  if ((lower && lower->isNaN()) || (upper && upper->isNaN()))
    return op->emitOpError("clamp bounds must not be NaN");
  double lo = lower ? lower->convertToDouble() : -INFINITY;
  double hi = upper ? upper->convertToDouble() : INFINITY;
  if (lo > hi)
    return op->emitOpError() << "clamp_min (" << lo
                             << ") is greater than clamp_max (" << hi << ")";
  // A clamp that excludes every representable output makes the whole result
  // one constant: almost certainly bounds given in the wrong units.
  quantmath::StorageRange range = getStorageRange(result);
  double scale = getScale(result, 0);
  int64_t zeroPoint = getZeroPoint(result, 0);
  double representableMin = scale * static_cast<double>(range.qmin - zeroPoint);
  double representableMax = scale * static_cast<double>(range.qmax - zeroPoint);
  if (lo > representableMax || hi < representableMin)
    return op->emitOpError()
           << "clamp bounds [" << lo << ", " << hi
           << "] lie outside the range the result's storage represents ["
           << representableMin << ", " << representableMax << "]";
  return success();
}

quantmath::StorageRange mlir::qedge::getClampBounds(FloatAttr clampMin,
                                                    FloatAttr clampMax,
                                                    quant::QuantizedType result,
                                                    RoundingMode mode) {
  quantmath::StorageRange range = getStorageRange(result);
  auto scale = static_cast<float>(getScale(result, 0));
  int64_t zeroPoint = getZeroPoint(result, 0);
  auto bound = [&](FloatAttr r, int64_t unbounded) {
    if (!r)
      return unbounded;
    return quantmath::quantizeActivationBound(r.getValue().convertToFloat(),
                                              scale, zeroPoint,
                                              toQuantMath(mode), range);
  };
  return {bound(clampMin, range.qmin), bound(clampMax, range.qmax)};
}

LogicalResult mlir::qedge::verifyPoolGeometry(Operation *op,
                                              RankedTensorType inputType,
                                              RankedTensorType resultType,
                                              ArrayRef<int64_t> kernel,
                                              ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> padding) {
  if (!inputType.hasStaticShape() || !resultType.hasStaticShape())
    return op->emitOpError("requires static shapes");
  if (failed(verifyIntArray(op, "kernel", kernel, 2, 1, "[h, w]")) ||
      failed(verifyIntArray(op, "strides", strides, 2, 1, "[h, w]")) ||
      failed(verifyIntArray(op, "padding", padding, 4, 0,
                            "[top, bottom, left, right]")))
    return failure();

  SmallVector<int64_t, 4> expectedShape = {inputType.getDimSize(0), 0, 0,
                                           inputType.getDimSize(3)};
  for (int i = 0; i < 2; ++i) {
    StringRef dim = i == 0 ? "h" : "w";
    int64_t low = padding[2 * i], high = padding[2 * i + 1];
    if (low >= kernel[i] || high >= kernel[i])
      return op->emitOpError()
             << "padding (" << low << " and " << high
             << ") must be smaller than the kernel (size " << kernel[i]
             << ") in dimension " << dim
             << ", so that every window holds an input element";
    std::optional<int64_t> size =
        quantmath::getConvOutputSize(inputType.getDimSize(1 + i), kernel[i],
                                     strides[i], /*dilation=*/1, low, high);
    if (!size)
      return op->emitOpError()
             << "the kernel (size " << kernel[i]
             << ") does not fit in the padded input (size "
             << inputType.getDimSize(1 + i) << ", padding " << low << " and "
             << high << ") in dimension " << dim;
    expectedShape[1 + i] = *size;
  }
  return verifyResultShape(op, resultType, expectedShape, "the input");
}
