//===- QEdgeDialect.cpp - The qedge dialect -------------------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

using namespace mlir;
using namespace mlir::qedge;

#include "qedge/Dialect/QEdge/IR/QEdgeDialect.cpp.inc"

Operation *QEdgeDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

void QEdgeDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "qedge/Dialect/QEdge/IR/QEdgeOps.cpp.inc"
      >();
}
