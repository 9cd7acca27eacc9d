//===- ToolSupport.h - Shared pieces of the quant-edge tools ----*- C++ -*-===//
//
// Part of quant-edge.
//
// What qedge-run and qedge-compile share: finding the entry function and
// describing its signature as the dense buffers both pass.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TOOLS_TOOLSUPPORT_H
#define QEDGE_TOOLS_TOOLSUPPORT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "qedge/Runtime/Npy.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>
#include <string>

namespace mlir {
namespace qedge {
namespace tools {

/// Registers what both tools parse and lower: every upstream dialect and
/// extension, the LLVM IR translations, and quant-edge's dialects.
void registerToolDialects(DialectRegistry &registry);

/// A tool's input: the module of a .mlir file, parsed into a context with
/// the tools' dialects whose handler prints located diagnostics (the parser's,
/// then the passes') for as long as the input lives.
class InputModule {
public:
  InputModule();

  /// Reads `path` ('-' for standard input) and parses it. Fails with a
  /// message when the file cannot be read; returns a null module when
  /// parsing or verification failed, after printing located errors.
  llvm::Expected<ModuleOp> parse(llvm::StringRef path);

private:
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics;
  OwningOpRef<ModuleOp> module;
};

/// An error carrying a one-line message.
llvm::Error makeError(const llvm::Twine &message);

/// Formats `count noun`, adding an 's' unless count is 1.
std::string plural(size_t count, llvm::StringRef noun);

std::string typeToString(Type type);

/// Formats a shape as numpy prints it: [1, 8, 8, 3].
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

/// Finds the func.func called `name` with a body, or fails with a message
/// that lists the public functions there are.
llvm::Expected<func::FuncOp> findEntry(ModuleOp module, llvm::StringRef name,
                                       llvm::StringRef file);

/// Marks the arguments of `func` as inputs that bufferization must not write
/// in place: the caller's buffers are only read, so one input can serve many
/// calls.
void markArgumentsReadOnly(func::FuncOp func);

/// An argument or result of an entry, as the tools pass it: a dense row-major
/// buffer of `shape` and `dtype`.
struct BufferType {
  Type type;
  llvm::SmallVector<int64_t> shape;
  /// The dtype results are written with.
  qedge_npy_dtype dtype;
  /// A second dtype accepted for inputs (uint8 for i8), or the same.
  qedge_npy_dtype altDtype;
};

/// Maps `type` to the buffer the tools pass for it, or std::nullopt when they
/// cannot pass it (dynamic shapes, other element types, layouts). A quantized
/// tensor is passed as its storage; unsigned storage as uint8 / uint16.
std::optional<BufferType> getBufferType(Type type);

/// The buffer types of an entry's arguments and results, recorded before
/// lowering (which turns tensors into memrefs and results into arguments).
struct Signature {
  llvm::SmallVector<BufferType> arguments;
  llvm::SmallVector<BufferType> results;
};

/// Records the signature of `entry`, failing on the first argument or result
/// that cannot be passed as a buffer.
llvm::Expected<Signature> getSignature(func::FuncOp entry);

} // namespace tools
} // namespace qedge
} // namespace mlir

#endif // QEDGE_TOOLS_TOOLSUPPORT_H
