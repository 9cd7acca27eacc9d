//===- QEdgeDialect.h - The qedge dialect -----------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_H
#define QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h.inc"

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_H
