//===- QuantizedOps.cpp - qedge quantized-level ops -----------------------===//
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

LogicalResult QuantizeOp::verify() {
  return verifyQuantizedTensor(*this, "result", getType(),
                               QuantizedContainer::Any);
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  return verifyQuantizedTensor(*this, "input", getInput().getType(),
                               QuantizedContainer::Any);
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult RequantizeOp::verify() {
  if (failed(verifyQuantizedTensor(*this, "input", getInput().getType(),
                                   QuantizedContainer::ActivationOrWeight)))
    return failure();
  return verifyQuantizedTensor(*this, "result", getType(),
                               QuantizedContainer::ActivationOrWeight);
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;

  if (failed(verifyQuantizedTensor(op, "input", inputType,
                                   QuantizedContainer::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "filter", filterType,
                                   QuantizedContainer::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "result", resultType,
                                   QuantizedContainer::ActivationOrWeight)))
    return failure();
  if (getBias() &&
      failed(verifyQuantizedTensor(op, "bias", getBias().getType(),
                                   QuantizedContainer::Accumulator)))
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

  if (failed(verifyStoragePair(op, IntegerStorage::of(inputQuant),
                               IntegerStorage::of(filterQuant))))
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
      if (!quantmath::isBiasScaleCompatible(biasScale, inputScale, filterScale,
                                            outputScale))
        return emitOpError()
               << "bias scale " << biasScale << " of output channel " << c
               << " differs from input scale x filter scale = "
               << inputScale * filterScale << " by more than "
               << quantmath::kBiasScaleTolerance << " of the output scale";
    }
  }

  std::optional<APFloat> clampMin =
      getClampMinAttr() ? std::optional(getClampMinAttr().getValue())
                        : std::nullopt;
  std::optional<APFloat> clampMax =
      getClampMaxAttr() ? std::optional(getClampMaxAttr().getValue())
                        : std::nullopt;
  if ((clampMin && clampMin->isNaN()) || (clampMax && clampMax->isNaN()))
    return emitOpError("clamp bounds must not be NaN");
  double lo = clampMin ? clampMin->convertToDouble() : -INFINITY;
  double hi = clampMax ? clampMax->convertToDouble() : INFINITY;
  if (lo > hi)
    return emitOpError() << "clamp_min (" << lo
                         << ") is greater than clamp_max (" << hi << ")";
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
                         << representableMin << ", " << representableMax << "]";
  return success();
}
