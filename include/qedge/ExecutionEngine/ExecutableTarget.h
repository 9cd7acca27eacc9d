//===- ExecutableTarget.h - Targets this process can execute ----*- C++ -*-===//
//
// Part of quant-edge.
//
// The JIT runs what it compiles in the calling process, so a target is only
// usable when the host can execute its code: the same architecture, and every
// CPU feature the target enables present (a missing one would fault on an
// illegal instruction at run time, not fail to compile).
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_EXECUTIONENGINE_EXECUTABLETARGET_H
#define QEDGE_EXECUTIONENGINE_EXECUTABLETARGET_H

#include "qedge/Target/Target.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace mlir {
namespace qedge {

/// A target whose code the host can execute, and the machine that compiles
/// for it.
struct ExecutableTarget {
  Target target;
  std::unique_ptr<llvm::TargetMachine> machine;
};

/// Resolves the target called `name` (see lookupTarget) and creates its
/// target machine, or fails with a message naming the known targets, or
/// saying why the host cannot execute the target's code.
llvm::Expected<ExecutableTarget> lookupExecutableTarget(llvm::StringRef name);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_EXECUTIONENGINE_EXECUTABLETARGET_H
