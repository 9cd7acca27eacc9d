//===- JitFunction.h - A JIT-compiled quant-edge function -------*- C++ -*-===//
//
// Part of quant-edge.
//
// Compiles one function of a module in this process and calls it on dense
// buffers, as qedge-run and qedge-calibrate do:
//
//   auto jit = JitFunction::create(module, "conv");
//   if (!jit)
//     return jit.takeError();
//   for (...)
//     if (llvm::Error error = (*jit)->call({input}, {output}))
//       return error;
//
// The module is lowered with the `qedge-lower-to-llvm` pipeline, which turns
// tensor arguments into memrefs and results into trailing out-parameters, and
// compiled by MLIR's ExecutionEngine at O2 (JitOptions has the levels).
// Compiling happens once, in create(); a call only builds the memref
// descriptors over the caller's buffers, so calling the same entry many times
// costs the entry itself.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_EXECUTIONENGINE_JITFUNCTION_H
#define QEDGE_EXECUTIONENGINE_JITFUNCTION_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "qedge/Target/Target.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
class PassManager;

namespace qedge {

/// How JitFunction::create compiles.
struct JitOptions {
  /// `host`, or a named target whose code this machine can execute.
  std::string target = "host";
  /// The file the module was read from, named in messages.
  std::string fileName = "<module>";
  /// The program named in messages about functions the module calls but no
  /// one provides.
  std::string runnerName = "the JIT";
  /// Called on the lowering's pass manager before it runs, for instance with
  /// mlir::applyPassManagerCLOptions to honour MLIR's debugging flags; a
  /// failure is reported as invalid pass manager options.
  std::function<LogicalResult(PassManager &)> configurePassManager;
  /// How hard LLVM optimizes the lowered module (0 to 3) and generates its
  /// code. The defaults are qedge-compile's, so that the JIT runs the code an
  /// object holds; the differential fuzzer lowers them to compile faster.
  unsigned llvmOptLevel = kLLVMOptLevel;
  llvm::CodeGenOptLevel codeGenOptLevel = kCodeGenOptLevel;
};

/// One entry of a module, JIT-compiled for the host. Its arguments and
/// results are dense, row-major buffers with the static shapes of its
/// signature; the caller owns them.
class JitFunction {
public:
  /// Lowers `module` in place and compiles its function `entry`. Fails with
  /// a one-line message when the target cannot run here, when there is no
  /// such function or its signature cannot be passed as buffers, or when
  /// lowering or compiling fails; a failed lowering has reported located
  /// diagnostics through the context's handler first.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  create(ModuleOp module, llvm::StringRef entry,
         const JitOptions &options = {});

  ~JitFunction();

  /// The entry's name in the module.
  llvm::StringRef getName() const { return name; }
  /// The buffers the entry takes and returns, recorded before lowering.
  const tools::Signature &getSignature() const { return signature; }

  /// Calls the entry once. arguments[i] holds argument i and is only read;
  /// results[i] receives result i. Fails when the counts do not match the
  /// signature. Safe to call from several threads on distinct buffers.
  llvm::Error call(llvm::ArrayRef<const void *> arguments,
                   llvm::ArrayRef<void *> results) const;

  /// Calls the entry once to warm up, then `runs` times, and returns the
  /// wall-clock time of each of these calls in microseconds, in call order.
  /// The results hold what the last call wrote.
  llvm::Expected<std::vector<double>>
  benchmark(llvm::ArrayRef<const void *> arguments,
            llvm::ArrayRef<void *> results, unsigned runs) const;

private:
  JitFunction(std::unique_ptr<ExecutionEngine> engine, void (*packed)(void **),
              std::string name, tools::Signature signature);

  std::unique_ptr<ExecutionEngine> engine;
  /// The packed wrapper of `_mlir_ciface_<name>`.
  void (*packed)(void **);
  std::string name;
  tools::Signature signature;
};

} // namespace qedge
} // namespace mlir

#endif // QEDGE_EXECUTIONENGINE_JITFUNCTION_H
