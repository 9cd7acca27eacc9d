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

#define GET_OP_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h.inc"

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_H
