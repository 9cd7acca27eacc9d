//===- QEdgeVerifiers.cpp - Checks shared by qedge ops -------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

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
  if (resultType.getShape() != ArrayRef<int64_t>(expectedShape)) {
    InFlightDiagnostic diag = op->emitOpError("result shape [");
    llvm::interleaveComma(resultType.getShape(), diag);
    diag << "] does not follow from the operands and attributes; expected [";
    llvm::interleaveComma(expectedShape, diag);
    return diag << "]";
  }
  return success();
}
