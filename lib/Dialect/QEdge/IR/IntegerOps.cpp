//===- IntegerOps.cpp - qedge integer-only ops ----------------------------===//
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
// IntConv2DOp
//===----------------------------------------------------------------------===//

LogicalResult IntConv2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto biasType = cast<RankedTensorType>(getBias().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;

  IntegerStorage input =
      IntegerStorage::of(inputType.getElementType(), getInputUnsigned());
  IntegerStorage filter =
      IntegerStorage::of(filterType.getElementType(), getFilterUnsigned());
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
  return IntegerStorage::of(getType().getElementType(), getOutputUnsigned())
      .range();
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
  if (mode == RoundingMode::qnnpack)
    return emitOpError("'qnnpack' is a mode of the quantized ops; its rescale "
                       "is 'fp32' with the multiplier it computes");

  // Per-channel arrays index the last dimension.
  int64_t channels = inputType.getRank() == 0 ? 1 : inputType.getShape().back();
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
        return emitOpError()
               << "scale " << scale << " must be finite and non-negative";
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
        return emitOpError()
               << "multiplier " << multiplier << " must be non-negative";
    // TFLite's 64-bit routine keeps 15 fractional bits of the product.
    int32_t maxShift =
        inputWidth == 64 ? quantmath::kMaxShiftInt64 : quantmath::kMaxShift;
    for (int32_t shift : shifts.asArrayRef())
      if (shift < quantmath::kMinShift || shift > maxShift)
        return emitOpError() << "shift " << shift << " is outside ["
                             << quantmath::kMinShift << ", " << maxShift << "]"
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
                 IntegerStorage::of(inputElement, getInputUnsigned()).range(),
                 "input's"))) {
    return failure();
  }
  if (getOutputUnsigned() && outputElement.getIntOrFloatBitWidth() > 16)
    return emitOpError("'output_unsigned' applies to i8 and i16 results only");

  quantmath::StorageRange range = getOutputRange();
  if (failed(verifyInRange(op, "output_zp", getOutputZp(), range, "result's")))
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
// RescaleParams
//===----------------------------------------------------------------------===//

int64_t RescaleParams::evaluate(int64_t x, int64_t channel,
                                unsigned inputWidth) const {
  auto pick = [&](auto values) {
    return values[values.size() == 1 ? 0 : channel];
  };
  int64_t acc = x - inputZp;
  if (mode == RoundingMode::fp32)
    return quantmath::requantizeFp32(static_cast<int32_t>(acc), pick(scales),
                                     outputZp, clampMin, clampMax);
  quantmath::FixedPointMultiplier m{pick(multipliers), pick(shifts)};
  if (inputWidth == 64)
    return quantmath::requantize(acc, m, toQuantMath(mode), outputZp, clampMin,
                                 clampMax);
  return quantmath::requantize(static_cast<int32_t>(acc), m, toQuantMath(mode),
                               outputZp, clampMin, clampMax);
}

void RescaleOp::build(OpBuilder &builder, OperationState &state,
                      Type resultType, Value input,
                      const RescaleParams &params) {
  bool isFp32 = params.mode == RoundingMode::fp32;
  auto i64Attr = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  auto unitIf = [&](bool set) {
    return set ? builder.getUnitAttr() : UnitAttr();
  };
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
