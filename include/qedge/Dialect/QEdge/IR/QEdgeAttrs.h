//===- QEdgeAttrs.h - qedge attributes and enums ----------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_H
#define QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "qedge/QuantMath/Calibration.h"
#include "qedge/QuantMath/QuantMath.h"
#include "qedge/Target/Target.h"

namespace mlir {
namespace qedge {
/// Parses an f64 parameter of an attribute (a float or integer literal).
FailureOr<llvm::APFloat> parseF64Parameter(AsmParser &parser);
/// Parses a `[1, 2, 3]` parameter of an attribute.
FailureOr<SmallVector<int64_t>> parseI64ListParameter(AsmParser &parser);
/// Prints a `[1, 2, 3]` parameter of an attribute.
void printI64ListParameter(AsmPrinter &printer, ArrayRef<int64_t> values);
/// Parses a `[0.5, -1.25]` parameter of an attribute into float32 values.
FailureOr<DenseF32ArrayAttr> parseF32ArrayParameter(AsmParser &parser);
/// Prints a float32 list parameter so that every value reads back exactly.
void printF32ArrayParameter(AsmPrinter &printer, DenseF32ArrayAttr values);
} // namespace qedge
} // namespace mlir

#include "qedge/Dialect/QEdge/IR/QEdgeEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h.inc"

namespace mlir {
namespace qedge {
/// The QuantMath counterpart of a rounding attribute value.
quantmath::RoundingMode toQuantMath(RoundingMode mode);
/// Whether `mode` requantizes with a float32 multiply (`fp32`, `qnnpack`).
inline bool isFloatRounding(RoundingMode mode) {
  return mode == RoundingMode::fp32 || mode == RoundingMode::qnnpack;
}
} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_H
