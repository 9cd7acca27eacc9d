//===- Pipelines.h - quant-edge pass pipelines ------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_PIPELINES_PIPELINES_H
#define QEDGE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir {
class OpPassManager;

namespace qedge {

/// A code generation target named by the `target` option of the pipelines and
/// by the tools' `--target` flag.
struct Target {
  /// The name as the user spells it: `x86-64-v3`, `aarch64+dotprod`, `host`.
  std::string name;
  std::string triple;
  std::string cpu;
  /// LLVM target features, comma separated (`+avx512vnni`).
  std::string features;
};

/// The target called `name`, or std::nullopt when there is no such target.
/// `host` resolves to the machine running the compiler.
std::optional<Target> lookupTarget(llvm::StringRef name);

/// The names `lookupTarget` accepts, comma separated (for diagnostics).
llvm::StringRef getTargetNames();

/// Options of the `qedge-lower-to-llvm` pipeline.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Target to generate code for: host, x86-64, x86-64-v3, "
                     "x86-64-v4, x86-64-v4+vnni"),
      llvm::cl::init("host")};
  PassOptions::Option<bool> barePointers{
      *this, "bare-pointers",
      llvm::cl::desc("Pass statically shaped buffers as plain pointers (the C "
                     "ABI of qedge-compile) instead of memref descriptors"),
      llvm::cl::init(false)};
};

/// Lowers a module at the quantized or integer-only level (qedge ops, and
/// upstream tensor/linalg/arith ops) to the LLVM dialect: calibration markers
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
