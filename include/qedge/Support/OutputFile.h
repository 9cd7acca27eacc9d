//===- OutputFile.h - Output files never left half-written ------*- C++ -*-===//
//
// Part of quant-edge.
//
// The output files of the tools and of the passes that write files: a
// regular file is replaced only once its new contents are complete, and a
// failure of any kind is one line naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_SUPPORT_OUTPUTFILE_H
#define QEDGE_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

namespace mlir {
namespace qedge {

/// An output file, as llvm::ToolOutputFile with keep(), except that a
/// regular file is never left half-written: it is written as a temporary
/// beside it (removed on failure, and by the signal handlers) and renamed
/// over it by commit(). A device or a pipe (/dev/null, /dev/full) is written
/// in place, since renaming over it would replace the node, and '-' is
/// standard output. Write errors of every kind (ENOSPC included) are
/// reported by commit() as one line naming the file.
class OutputFile {
public:
  /// Opens `path` for writing; `mode` is the permission bits of a new file
  /// before the umask (an existing file keeps its own). Fails with a message
  /// when the file cannot be written: a directory, a read-only file, a
  /// missing directory.
  static llvm::Expected<std::unique_ptr<OutputFile>>
  open(llvm::StringRef path, unsigned mode = 0666);

  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;
  /// Removes the temporary unless committed.
  ~OutputFile();

  llvm::raw_ostream &os();

  /// Flushes and closes the file, reporting any write error; commit() does
  /// so first if needed. Closing every output before committing any lets
  /// a tool that writes several files keep all the old ones on a failure.
  llvm::Error close();

  /// Closes the file and, for a regular file, renames the temporary over
  /// it. On failure nothing new is left behind.
  llvm::Error commit();

private:
  explicit OutputFile(llvm::StringRef path) : path(path.str()) {}

  /// The path as given, for messages.
  std::string path;
  /// Where the temporary is renamed to (symbolic links resolved); empty when
  /// writing in place.
  std::string target;
  /// The temporary; empty when writing in place or once renamed.
  std::string temp;
  /// The stream of a file this object opened; null for standard output.
  std::unique_ptr<llvm::raw_fd_ostream> file;
  bool closed = false;
};

/// Writes `contents` to `path` through an OutputFile.
llvm::Error writeOutputFile(llvm::StringRef path, llvm::StringRef contents,
                            unsigned mode = 0666);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_SUPPORT_OUTPUTFILE_H
