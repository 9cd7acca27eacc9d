//===- ToolSupport.h - Shared pieces of the quant-edge tools ----*- C++ -*-===//
//
// Part of quant-edge.
//
// What the tools share: reading the input module within the limits on
// nesting and tensor sizes, finding the entry function and describing its
// signature as the dense buffers they pass. Their output files are
// qedge/Support/OutputFile.h's.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TOOLS_TOOLSUPPORT_H
#define QEDGE_TOOLS_TOOLSUPPORT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/Pass.h"
#include "qedge/Runtime/Npy.h"
#include "qedge/Support/OutputFile.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlir {
namespace qedge {
namespace tools {

/// Registers what both tools parse and lower: every upstream dialect and
/// extension, the LLVM IR translations, and quant-edge's dialects.
void registerToolDialects(DialectRegistry &registry);

//===----------------------------------------------------------------------===//
// Limits
//===----------------------------------------------------------------------===//

/// The default of --max-tensor-bytes, the largest tensor, memref, vector or
/// constant a tool accepts, and the largest .npy array it reads: 1 GiB (the
/// runtime's QEDGE_NPY_DEFAULT_MAX_BYTES, which says why).
constexpr uint64_t kDefaultMaxTensorBytes = QEDGE_NPY_DEFAULT_MAX_BYTES;

/// The help of every tool's --max-tensor-bytes.
constexpr llvm::StringLiteral kMaxTensorBytesHelp =
    "The largest tensor, memref, vector or constant of the module, and the "
    "largest .npy array read, in bytes (default: 1 GiB, 1073741824)";

/// The deepest nesting of (), [], {} and <> the tools parse. The parser
/// recurses once per level, so deeper input would overflow the stack; real
/// programs nest a few dozen levels.
constexpr unsigned kMaxNestingDepth = 1000;

/// The stack of the thread a tool works on: parsing at kMaxNestingDepth
/// levels and the passes that recurse over such IR need a few MiB (more
/// with sanitizers), beyond the main thread's usual 8 MiB on some systems.
/// Only the pages used are committed.
constexpr unsigned kToolStackSize = 64u << 20;

/// Runs `body` on a thread with a kToolStackSize stack and returns its
/// result (a tool's exit status).
int runOnLargeStack(llvm::function_ref<int()> body);

/// Checks what a tool must know before parsing `buffer`, the contents of the
/// file `name`: that it is MLIR text (no NUL byte) or MLIR bytecode, and
/// that its brackets nest at most kMaxNestingDepth levels. Fails with a
/// message naming the file, the line and the column.
llvm::Error checkParsable(const llvm::MemoryBuffer &buffer,
                          llvm::StringRef name);

/// The size in bytes of a value of `type` (elements rounded up to whole
/// bytes), or std::nullopt when it has a dynamic size or when the byte count
/// does not fit in 64 bits (`overflow` tells which).
std::optional<uint64_t> getStaticByteSize(ShapedType type, bool &overflow);

/// Checks every ranked tensor, memref and vector type in `root` (results,
/// block arguments, and inside attributes: dense constants, globals,
/// function signatures) against `maxBytes`, and emits a located error on the
/// first op that holds a larger one (or one whose size overflows).
LogicalResult checkTensorSizes(Operation *root, uint64_t maxBytes);

/// The pass that runs checkTensorSizes, which qedge-opt puts before any
/// other: `qedge-check-tensor-sizes{max-bytes=N}`.
std::unique_ptr<Pass> createCheckTensorSizesPass(uint64_t maxBytes);

/// Registers that pass by its name, so that pipelines that print it (crash
/// reproducers) parse again.
void registerCheckTensorSizesPass();

/// Fails when the value of --max-tensor-bytes cannot be a limit.
llvm::Error validateMaxTensorBytes(uint64_t maxBytes);

//===----------------------------------------------------------------------===//
// Input files
//===----------------------------------------------------------------------===//

/// A tool's input: the module of a .mlir file, parsed into a context with
/// the tools' dialects whose handler prints located diagnostics (the parser's,
/// then the passes') for as long as the input lives.
class InputModule {
public:
  InputModule();

  /// Reads `path` ('-' for standard input), checks that it can be parsed
  /// (checkParsable), parses it and checks its tensor sizes against
  /// `maxTensorBytes`. Fails with a message when the file cannot be read
  /// or parsed safely; returns a null module when parsing, verification or
  /// the size check failed, after printing located errors.
  llvm::Expected<ModuleOp> parse(llvm::StringRef path,
                                 uint64_t maxTensorBytes);

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
