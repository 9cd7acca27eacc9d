//===- OutputFile.cpp - Output files never left half-written -------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Signals.h"

using namespace mlir;
using namespace mlir::qedge;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The message of a file that cannot be opened for writing.
static llvm::Error cannotOpen(llvm::StringRef path, std::error_code ec) {
  return makeError("'" + path + "': cannot open for writing: " + ec.message());
}

llvm::Expected<std::unique_ptr<OutputFile>>
OutputFile::open(llvm::StringRef path, unsigned mode) {
  namespace fs = llvm::sys::fs;
  std::unique_ptr<OutputFile> output(new OutputFile(path));
  if (path == "-")
    return std::move(output);

  fs::file_status status;
  std::error_code ec = fs::status(path, status);
  bool exists = !ec;
  if (ec && ec != std::errc::no_such_file_or_directory)
    return cannotOpen(path, ec);
  if (exists && fs::is_directory(status))
    return cannotOpen(path, std::make_error_code(std::errc::is_a_directory));
  if (exists && !fs::is_regular_file(status)) {
    output->file =
        std::make_unique<llvm::raw_fd_ostream>(path, ec, fs::OF_None);
    if (ec)
      return cannotOpen(path, ec);
    return std::move(output);
  }

  llvm::SmallString<256> target(path);
  if (exists) {
    // Renaming needs no permission on the file itself: check the one
    // writing in place would need.
    if (std::error_code access = fs::access(path, fs::AccessMode::Write))
      return cannotOpen(path, access);
    mode = status.permissions();
    llvm::SmallString<256> real;
    if (!fs::real_path(path, real))
      target = real;
  }
  int fd;
  llvm::SmallString<256> temp;
  if (std::error_code ec = fs::createUniqueFile(target + ".tmp%%%%%%", fd, temp,
                                                fs::OF_None, mode))
    return cannotOpen(path, ec);
  // The umask applies to new files only; a replaced file keeps its mode.
  if (exists)
    (void)fs::setPermissions(fd, static_cast<fs::perms>(mode));
  llvm::sys::RemoveFileOnSignal(temp);
  output->target = std::string(target);
  output->temp = std::string(temp);
  output->file =
      std::make_unique<llvm::raw_fd_ostream>(fd, /*shouldClose=*/true);
  return std::move(output);
}

OutputFile::~OutputFile() {
  if (file) {
    file->clear_error();
    file.reset();
  }
  if (!temp.empty()) {
    llvm::sys::fs::remove(temp);
    llvm::sys::DontRemoveFileOnSignal(temp);
  }
}

llvm::raw_ostream &OutputFile::os() {
  if (file)
    return *file;
  return llvm::outs();
}

llvm::Error OutputFile::close() {
  if (closed)
    return llvm::Error::success();
  closed = true;
  if (!file) {
    llvm::outs().flush();
    if (std::error_code ec = llvm::outs().error()) {
      llvm::outs().clear_error();
      return makeError("standard output: cannot write: " + ec.message());
    }
    return llvm::Error::success();
  }
  file->close();
  if (std::error_code ec = file->error()) {
    file->clear_error();
    return makeError("'" + path + "': cannot write: " + ec.message());
  }
  file.reset();
  return llvm::Error::success();
}

llvm::Error OutputFile::commit() {
  if (llvm::Error error = close())
    return error;
  if (temp.empty())
    return llvm::Error::success();
  if (std::error_code ec = llvm::sys::fs::rename(temp, target))
    return makeError("'" + path + "': cannot write: " + ec.message());
  llvm::sys::DontRemoveFileOnSignal(temp);
  temp.clear();
  return llvm::Error::success();
}

llvm::Error qedge::writeOutputFile(llvm::StringRef path,
                                   llvm::StringRef contents, unsigned mode) {
  auto output = OutputFile::open(path, mode);
  if (!output)
    return output.takeError();
  (*output)->os() << contents;
  return (*output)->commit();
}
