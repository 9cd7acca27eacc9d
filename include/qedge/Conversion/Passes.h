//===- Passes.h - quant-edge conversion passes ------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_PASSES_H
#define QEDGE_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "qedge/Conversion/QEdgeToLinalg/QEdgeToLinalg.h"
#include "qedge/Conversion/QEdgeToVector/QEdgeToVector.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"

namespace mlir {
namespace qedge {

#define GEN_PASS_DECL
#include "qedge/Conversion/Passes.h.inc"

/// Rewrites every `memref.copy` into a `linalg.copy`.
void populateMemRefCopyToLinalgPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "qedge/Conversion/Passes.h.inc"

} // namespace qedge
} // namespace mlir

#endif // QEDGE_CONVERSION_PASSES_H
