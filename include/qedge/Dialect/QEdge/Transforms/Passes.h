//===- Passes.h - qedge transformation passes -------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H
#define QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

namespace mlir {
namespace qedge {

#define GEN_PASS_DECL
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"

} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H
