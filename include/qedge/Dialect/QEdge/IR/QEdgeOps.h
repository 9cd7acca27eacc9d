//===- QEdgeOps.h - qedge operations ----------------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_H
#define QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"

namespace mlir {
namespace qedge {

/// The parameters of a `qedge.rescale`, and its semantics on one value.
struct RescaleParams {
  RoundingMode mode = RoundingMode::gemmlowp;
  /// Q31 multipliers and TFLite exponents (gemmlowp, rndnu), one per channel
  /// of the last dimension or one for all.
  SmallVector<int32_t> multipliers, shifts;
  /// Float32 multipliers (fp32).
  SmallVector<float> scales;
  int64_t inputZp = 0, outputZp = 0;
  int64_t clampMin = 0, clampMax = 0;
  bool inputUnsigned = false, outputUnsigned = false;

  /// The result for the input value `x` in channel `channel` of an input of
  /// `inputWidth` bits, as QEdgeQuantMath defines it.
  int64_t evaluate(int64_t x, int64_t channel, unsigned inputWidth) const;
};

} // namespace qedge
} // namespace mlir

#define GET_OP_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h.inc"

namespace mlir {
namespace qedge {

/// The storage bounds [qmin, qmax] of a quantized type (N-bit bounds
/// included).
quantmath::StorageRange getStorageRange(quant::QuantizedType type);

/// The scale that applies to index `channel` of the quantized dimension of a
/// per-axis type, or the one scale of a per-tensor type.
double getScale(quant::QuantizedType type, int64_t channel);

/// The zero point that applies to index `channel` (see getScale).
int64_t getZeroPoint(quant::QuantizedType type, int64_t channel);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_H
