//===- NpyFuzzer.cpp - libFuzzer target for the runtime's .npy reader -----===//
//
// Part of quant-edge.
//
// The input is the bytes of a .npy file, written to a file in a private
// temporary directory (tmpfs where there is one) and read through the
// runtime's path-based API, as qedge-run reads its inputs. Beyond the
// sanitizers, each input checks:
//
//  * a failure leaves the array cleared and a one-line message that names
//    the file, also when the message buffer is tiny;
//  * a success gives the size the dtype and shape say, 64-byte aligned data
//    that is readable to its end, and a shape that formats;
//  * writing the array and reading it back gives the same dtype, shape and
//    bytes;
//  * the streaming reader (open / read_rows) agrees with the whole-file
//    reader on the header and, row by row, on the data.
//
//===----------------------------------------------------------------------===//

#include "qedge/Runtime/Npy.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

/// The files of this process: the input, and what the writer writes.
std::string inputPath, outputPath;

/// Writes `size` bytes to `path`, replacing it.
void writeFile(const std::string &path, const uint8_t *data, size_t size) {
  FILE *file = fopen(path.c_str(), "wb");
  if (!file || (size && fwrite(data, 1, size, file) != size) ||
      fclose(file) != 0) {
    perror(path.c_str());
    abort();
  }
}

std::vector<uint8_t> readFile(const std::string &path) {
  std::vector<uint8_t> bytes;
  FILE *file = fopen(path.c_str(), "rb");
  if (!file)
    return bytes;
  uint8_t buffer[4096];
  size_t got;
  while ((got = fread(buffer, 1, sizeof(buffer), file)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + got);
  fclose(file);
  return bytes;
}

[[noreturn]] void failCheck(const char *what) {
  fprintf(stderr, "qedge-fuzz-npy: check failed: %s\n", what);
  abort();
}

void check(bool condition, const char *what) {
  if (!condition)
    failCheck(what);
}

/// A failed call must leave a message naming the file and no allocation.
void checkFailure(const qedge_npy_array &array, const char *err,
                  size_t errlen) {
  check(array.data == nullptr && array.allocation == nullptr &&
            array.rank == 0 && array.nbytes == 0,
        "a failed read leaves the array cleared");
  check(strnlen(err, errlen) < errlen, "the message is NUL terminated");
  if (errlen > 1)
    check(err[0] == '\'', "the message starts with the quoted path");
  check(strchr(err, '\n') == nullptr, "the message is one line");
}

/// The byte size of `array` computed independently of the reader, or -1 when
/// it does not fit in 63 bits.
int64_t expectedBytes(const qedge_npy_array &array) {
  unsigned __int128 total = qedge_npy_dtype_size(array.dtype);
  bool zero = false;
  for (size_t i = 0; i < array.rank; ++i)
    zero |= array.shape[i] == 0;
  if (zero)
    return 0;
  for (size_t i = 0; i < array.rank; ++i) {
    total *= static_cast<uint64_t>(array.shape[i]);
    if (total > static_cast<unsigned __int128>(INT64_MAX))
      return -1;
  }
  return static_cast<int64_t>(total);
}

void checkArray(const qedge_npy_array &array) {
  check(qedge_npy_dtype_size(array.dtype) != 0, "a valid dtype");
  check(array.rank <= QEDGE_NPY_MAX_RANK, "rank within the limit");
  for (size_t i = 0; i < array.rank; ++i)
    check(array.shape[i] >= 0, "non-negative dimensions");
  check(expectedBytes(array) == static_cast<int64_t>(array.nbytes),
        "nbytes is the product of the shape and the element size");
  check(array.data != nullptr, "data is never NULL");
  check(reinterpret_cast<uintptr_t>(array.data) % QEDGE_NPY_ALIGNMENT == 0,
        "data is aligned");
  // Touch every byte, so that the sanitizer sees a short allocation.
  volatile uint8_t sink = 0;
  const uint8_t *bytes = static_cast<const uint8_t *>(array.data);
  for (size_t i = 0; i < array.nbytes; ++i)
    sink ^= bytes[i];
  (void)sink;

  char shape[32];
  size_t full = qedge_npy_format_shape(array.rank, array.shape, nullptr, 0);
  size_t got =
      qedge_npy_format_shape(array.rank, array.shape, shape, sizeof(shape));
  check(full == got, "format_shape returns the same length with any buffer");
  check(strlen(shape) == (got < sizeof(shape) ? got : sizeof(shape) - 1),
        "format_shape truncates to the buffer");
}

/// Writes `array`, reads the result back and compares.
void checkRoundTrip(const qedge_npy_array &array) {
  char err[512];
  if (qedge_npy_write(outputPath.c_str(), &array, err, sizeof(err)) !=
      QEDGE_NPY_OK) {
    fprintf(stderr, "qedge-fuzz-npy: %s\n", err);
    failCheck("writing an array that was read succeeds");
  }
  std::vector<uint8_t> written = readFile(outputPath);
  check(written.size() >= 64 && (written.size() - array.nbytes) % 64 == 0,
        "the writer aligns the data to 64 bytes");
  qedge_npy_array again;
  if (qedge_npy_read(outputPath.c_str(), &again, err, sizeof(err)) !=
      QEDGE_NPY_OK) {
    fprintf(stderr, "qedge-fuzz-npy: %s\n", err);
    failCheck("a written array reads back");
  }
  check(again.dtype == array.dtype && again.rank == array.rank &&
            memcmp(again.shape, array.shape, array.rank * sizeof(int64_t)) ==
                0 &&
            again.nbytes == array.nbytes &&
            memcmp(again.data, array.data, array.nbytes) == 0,
        "the round trip keeps dtype, shape and data");
  qedge_npy_free(&again);
}

/// Reads the input with the streaming reader and compares with `array`.
void checkStreaming(const qedge_npy_array &array, size_t chunkSeed) {
  const char *kInputPath = inputPath.c_str();
  char err[256];
  qedge_npy_reader reader;
  qedge_npy_status status = qedge_npy_open(kInputPath, &reader, err,
                                           sizeof(err));
  if (array.rank == 0) {
    check(status != QEDGE_NPY_OK, "a 0-d array cannot be streamed");
    check(reader.file == nullptr, "a failed open closes the file");
    return;
  }
  check(status == QEDGE_NPY_OK, "a readable array can be streamed");
  check(reader.header.dtype == array.dtype &&
            reader.header.rank == array.rank &&
            memcmp(reader.header.shape, array.shape,
                   array.rank * sizeof(int64_t)) == 0,
        "the streaming header matches");
  int64_t rows = array.shape[0];
  check(static_cast<int64_t>(reader.row_bytes) * rows ==
            static_cast<int64_t>(array.nbytes),
        "rows times row bytes is the data size");
  // A handful of chunks, so that a long shape with empty rows stays cheap.
  int64_t chunk = rows / 3 + 1 + static_cast<int64_t>(chunkSeed % 3);
  std::vector<uint8_t> buffer(chunk * reader.row_bytes + 1);
  int64_t done = 0;
  while (done < rows) {
    int64_t count = chunk < rows - done ? chunk : rows - done;
    status = qedge_npy_read_rows(&reader, count, buffer.data(), kInputPath,
                                 err, sizeof(err));
    check(status == QEDGE_NPY_OK, "reading the rows of a readable array");
    check(memcmp(buffer.data(),
                 static_cast<const uint8_t *>(array.data) +
                     done * reader.row_bytes,
                 count * reader.row_bytes) == 0,
          "streamed rows equal the whole read");
    done += count;
  }
  status = qedge_npy_read_rows(&reader, 1, buffer.data(), kInputPath, err,
                               sizeof(err));
  check(status != QEDGE_NPY_OK, "no row past the end");
  qedge_npy_close(&reader);
  qedge_npy_close(&reader);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *base = getenv("TMPDIR");
  std::string pattern = std::string(access("/dev/shm", W_OK) == 0
                                        ? "/dev/shm"
                                        : (base ? base : "/tmp")) +
                        "/qedge-fuzz-npy-XXXXXX";
  if (!mkdtemp(pattern.data())) {
    perror("mkdtemp");
    abort();
  }
  static std::string directory = pattern;
  inputPath = directory + "/input.npy";
  outputPath = directory + "/output.npy";
  atexit([] {
    unlink(inputPath.c_str());
    unlink(outputPath.c_str());
    rmdir(directory.c_str());
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  writeFile(inputPath, data, size);
  const char *kInputPath = inputPath.c_str();

  qedge_npy_array array;
  char err[512];
  qedge_npy_status status = qedge_npy_read(kInputPath, &array, err, sizeof(err));
  if (status != QEDGE_NPY_OK) {
    checkFailure(array, err, sizeof(err));
    // The same failure with a message buffer of a few bytes.
    char small[8];
    size_t smallLength = 1 + size % sizeof(small);
    qedge_npy_status again =
        qedge_npy_read(kInputPath, &array, small, smallLength);
    check(again == status, "the status does not depend on the buffer");
    checkFailure(array, small, smallLength);
    qedge_npy_reader reader;
    if (qedge_npy_open(kInputPath, &reader, err, sizeof(err)) == QEDGE_NPY_OK)
      failCheck("open accepts what read rejects");
    check(reader.file == nullptr, "a failed open closes the file");
    return 0;
  }
  checkArray(array);
  checkRoundTrip(array);
  checkStreaming(array, size);
  qedge_npy_free(&array);
  check(array.data == nullptr && array.allocation == nullptr,
        "free clears the array");
  qedge_npy_free(&array);
  return 0;
}
