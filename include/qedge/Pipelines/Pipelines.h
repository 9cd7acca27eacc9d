//===- Pipelines.h - quant-edge pass pipelines ------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_PIPELINES_PIPELINES_H
#define QEDGE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir {
class OpPassManager;

namespace qedge {

/// The help text of the pipelines' `target` option, listing every target.
llvm::StringRef getTargetOptionHelp();

/// Options of the `qedge-lower-to-llvm` pipeline.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc(getTargetOptionHelp()),
      llvm::cl::init("host")};
  PassOptions::Option<bool> barePointers{
      *this, "bare-pointers",
      llvm::cl::desc("Pass statically shaped buffers as plain pointers (the C "
                     "ABI of qedge-compile) instead of memref descriptors"),
      llvm::cl::init(false)};
};

/// Lowers a module at the quantized or integer-only level (qedge ops, and
/// upstream tensor/linalg/arith ops) to the LLVM dialect: the target is
/// attached first (`qedge.target`, for the passes that follow), calibration markers
/// are dropped, scales and zero points folded (qedge-fold-quant), integer ops
/// lowered through linalg and loops.
/// Results become trailing out-parameters. Functions marked
/// `llvm.emit_c_interface` get a memref-descriptor wrapper
/// (`_mlir_ciface_<name>`); with `bare-pointers`, every buffer is passed as a
/// plain pointer to its first element instead.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers `qedge-lower-to-llvm` with the global pipeline registry.
void registerPipelines();

} // namespace qedge
} // namespace mlir

#endif // QEDGE_PIPELINES_PIPELINES_H
