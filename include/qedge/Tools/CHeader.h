//===- CHeader.h - The C header qedge-compile writes ------------*- C++ -*-===//
//
// Part of quant-edge.
//
// The C ABI of compiled functions, spelled out for C callers: one prototype
// per exported function taking a pointer per argument, then one per result,
// with each buffer's element type, shape and element count beside it.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TOOLS_CHEADER_H
#define QEDGE_TOOLS_CHEADER_H

#include "qedge/Runtime/Npy.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir {
namespace qedge {
namespace tools {

/// A function of the module exported with the C ABI.
struct Export {
  /// Its name in the module.
  std::string name;
  /// Its C name: the symbol prefix, then the name.
  std::string symbol;
  Signature signature;
};

/// Whether `name` is a C identifier (letters, digits and '_', not starting
/// with a digit).
bool isCIdentifier(llvm::StringRef name);

/// The C type of a buffer's elements (`int8_t`, `float`), or `void` for a
/// dtype no buffer has.
llvm::StringRef cType(qedge_npy_dtype dtype);

/// `name` as a C macro prefix: upper case, non-identifier characters as '_',
/// and a `QEDGE_` prefix where it would start with a digit or be empty.
std::string macroName(llvm::StringRef name);

/// Writes the C99 header declaring `exports`, compiled from `sourceName` for
/// the target `targetName`, with the include guard `<macroName(guardName)>_H`.
void writeCHeader(llvm::raw_ostream &os, llvm::ArrayRef<Export> exports,
                  llvm::StringRef sourceName, llvm::StringRef targetName,
                  llvm::StringRef guardName);

} // namespace tools
} // namespace qedge
} // namespace mlir

#endif // QEDGE_TOOLS_CHEADER_H
