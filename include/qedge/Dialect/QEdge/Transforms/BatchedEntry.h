//===- BatchedEntry.h - Run an entry over many samples ----------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_TRANSFORMS_BATCHEDENTRY_H
#define QEDGE_DIALECT_QEDGE_TRANSFORMS_BATCHEDENTRY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir {
namespace qedge {

/// The name of the batched entry of `entry`: `<entry>_batched`.
std::string getBatchedEntryName(llvm::StringRef entry);

/// Adds to `module` a public function `name` that runs `entry` over
/// `samples` samples: `entry` takes tensors whose first dimension n is the
/// samples of one call (the same n for every argument, `samples` a multiple
/// of it); the new function takes the same tensors with `samples` in that
/// dimension, calls `entry` on each group of n (`scf.for` over
/// `tensor.extract_slice`), and returns each result of `entry` concatenated
/// along its first dimension (a result [r0, ...] becomes
/// [samples / n * r0, ...]). Fails, with a message naming the argument or
/// result, when a type is not a statically shaped tensor of rank >= 1, the
/// arguments disagree on n, or `samples` is not a multiple of n.
llvm::Error addBatchedEntry(ModuleOp module, func::FuncOp entry,
                            int64_t samples, llvm::StringRef name);

/// The number of samples per call of `entry`: the first dimension of its
/// first argument (0 when it has none).
int64_t getSamplesPerCall(func::FuncOp entry);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_TRANSFORMS_BATCHEDENTRY_H
