//===- FoldQuantUtils.h - Helpers shared by qedge-fold-quant ----*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
#define QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/QuantMath/QuantMath.h"

namespace mlir {
namespace qedge {
namespace foldquant {

/// The quantized element type of a tensor value or type.
inline quant::QuantizedType getQuantType(Type type) {
  return cast<quant::QuantizedType>(cast<ShapedType>(type).getElementType());
}

/// Fills the multiplier fields of `params` from the real multipliers
/// `real[c]` (gemmlowp / rndnu: QuantizeMultiplier; fp32 takes `fp32[c]`,
/// computed by the caller with the spec's float32 formula). Collapses
/// identical per-channel values into one.
void setMultipliers(RescaleParams &params, ArrayRef<double> real,
                    ArrayRef<float> fp32);

/// Emits a located error and fails when `op` cannot be folded (a filter or
/// bias that is not a constant, an accumulator bound beyond 64 bits, a
/// multiplier out of range).
LogicalResult checkFoldableConv(Conv2DOp op);

/// Emits a located error and fails when `op` cannot become one rescale
/// (per-axis quantization off the last dimension, unequal zero points).
LogicalResult checkFoldableRequantize(RequantizeOp op);

void populateFoldConvPatterns(const TypeConverter &typeConverter,
                              RewritePatternSet &patterns);
void populateFoldQuantizeOpsPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns);

} // namespace foldquant
} // namespace qedge
} // namespace mlir

#endif // QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
