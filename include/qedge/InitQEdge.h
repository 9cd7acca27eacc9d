//===- InitQEdge.h - Register quant-edge dialects and passes ----*- C++ -*-===//
//
// Part of quant-edge.
//
// What another compiler calls to use quant-edge: link MLIRQEdge,
// MLIRQEdgeTransforms, MLIRQEdgeConversion and MLIRQEdgePipelines, then
// register the dialects and passes.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_INITQEDGE_H
#define QEDGE_INITQEDGE_H

#include "mlir/IR/DialectRegistry.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/Transforms/Passes.h"
#include "qedge/Pipelines/Pipelines.h"

namespace mlir {
namespace qedge {

/// Adds every dialect quant-edge defines or produces to `registry`.
inline void registerDialects(DialectRegistry &registry) {
  registry.insert<QEdgeDialect, arith::ArithDialect, quant::QuantDialect>();
}

/// Registers every quant-edge pass and pipeline with the global registry, so
/// that `mlir-opt`-like tools parse their flags.
inline void registerAllPasses() {
  registerQEdgePasses();
  registerQEdgeConversionPasses();
  registerPipelines();
}

} // namespace qedge
} // namespace mlir

#endif // QEDGE_INITQEDGE_H
