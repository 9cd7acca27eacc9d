//===- QEdgeVerifiers.h - Checks shared by qedge ops -----------*- C++ -*-===//
//
// Part of quant-edge.
//
// The checks that several ops share (quantized tensor types, storage pairs,
// convolution geometry), so that every op that takes a quantized tensor or
// convolves says the same thing about the same mistake.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEVERIFIERS_H
#define QEDGE_DIALECT_QEDGE_IR_QEDGEVERIFIERS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/Twine.h"

#include <string>
#include <utility>

namespace mlir {
namespace qedge {

/// The containers a quantized tensor may be stored in: i8 or i16 for
/// activations and weights, i32 for biases and accumulators, and any of them
/// where a float tensor is quantized or dequantized.
enum class QuantizedContainer { ActivationOrWeight, Accumulator, Any };

/// The integer storage of a quantized or plain integer value.
struct IntegerStorage {
  bool isSigned;
  unsigned width;

  static IntegerStorage of(quant::QuantizedType type) {
    return {type.isSigned(), type.getStorageTypeIntegralWidth()};
  }
  static IntegerStorage of(Type integerType, bool isUnsigned) {
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
  bool operator==(const IntegerStorage &other) const {
    return isSigned == other.isSigned && width == other.width;
  }
};

/// Verifies what quant-edge requires of a quantized tensor beyond upstream's
/// type parser: a uniform type (per tensor or per axis) expressed in f32, a
/// supported container, zero points inside the storage bounds (upstream
/// accepts any), and a quantized dimension that matches the tensor's shape.
LogicalResult verifyQuantizedTensor(Operation *op, StringRef name,
                                    ShapedType type,
                                    QuantizedContainer container);

/// The input x filter storage pairs the convolution kernels implement.
LogicalResult verifyStoragePair(Operation *op, IntegerStorage input,
                                IntegerStorage filter);

/// Verifies that `value` lies in `range`, naming it `what`.
LogicalResult verifyInRange(Operation *op, StringRef what, int64_t value,
                            quantmath::StorageRange range, StringRef rangeName);

/// Verifies `values` has `size` elements, each at least `minValue`.
LogicalResult verifyIntArray(Operation *op, StringRef name,
                             ArrayRef<int64_t> values, size_t size,
                             int64_t minValue, StringRef layout);

/// Verifies the shapes and attributes every 2-D convolution shares: static
/// NHWC / OHWI shapes, strides, dilations, padding, groups that divide both
/// channel counts, and a result shape that follows from all of them.
LogicalResult verifyConvGeometry(Operation *op, RankedTensorType inputType,
                                 RankedTensorType filterType,
                                 RankedTensorType resultType,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> padding,
                                 ArrayRef<int64_t> dilations, int64_t groups);

/// Verifies an activation operand or result: what verifyQuantizedTensor
/// requires of an 8- or 16-bit container, quantized per tensor.
LogicalResult verifyActivation(Operation *op, StringRef name, ShapedType type);

/// Verifies that every (name, type) pair has the same storage type (width
/// and signedness; the N-bit bounds may differ).
LogicalResult
verifySameStorage(Operation *op,
                  ArrayRef<std::pair<StringRef, quant::QuantizedType>> types);

/// Verifies a filter's quantization: per tensor, or per axis on dimension 0
/// (output channels).
LogicalResult verifyFilterAxis(Operation *op, quant::QuantizedType filter);

/// Verifies the bias of a convolution-like op: one i32 value per output
/// channel, zero point 0, and a scale within TFLite's tolerance of
/// S_in * S_w[c].
LogicalResult verifyBias(Operation *op, RankedTensorType biasType,
                         quant::QuantizedType input,
                         quant::QuantizedType filter,
                         quant::QuantizedType result, int64_t outChannels);

/// Verifies a fused activation in real units (`clamp_min`, `clamp_max`, each
/// optional): not NaN, ordered, and not excluding every value the result's
/// storage represents.
LogicalResult verifyClampBounds(Operation *op, FloatAttr clampMin,
                                FloatAttr clampMax,
                                quant::QuantizedType result);

/// The fused activation bounds in storage units (spec section 7): each real
/// bound rounded by `mode`'s rule, the storage range where a side is absent.
quantmath::StorageRange getClampBounds(FloatAttr clampMin, FloatAttr clampMax,
                                       quant::QuantizedType result,
                                       RoundingMode mode);

/// Verifies the geometry of a 2-D pooling window: static NHWC shapes,
/// `kernel` [h, w] and `strides` [h, w] positive, `padding` [top, bottom,
/// left, right] non-negative and on each side smaller than the kernel (every
/// window then holds an input element), and the result shape
/// [N, OH, OW, C] that follows from them.
LogicalResult verifyPoolGeometry(Operation *op, RankedTensorType inputType,
                                 RankedTensorType resultType,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> padding);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEVERIFIERS_H
