/*===- Npy.h - Read and write NumPy .npy files --------------------*- C -*-===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
|* The .npy reader and writer of the quant-edge runtime, shared by qedge-run  *|
|* and the standalone executables of qedge-compile. C99, no C++: the runtime  *|
|* is cross-compiled for AArch64 and linked into generated programs.          *|
|*                                                                            *|
|* Supported: format versions 1.0, 2.0 and 3.0; C-order arrays of any rank    *|
|* (0-d included) with little-endian (or byte-sized) dtypes int8, uint8,      *|
|* int16, uint16, int32, uint32, int64, uint64, float32 and float64.          *|
|* Fortran-order arrays, big-endian dtypes and structured dtypes are          *|
|* rejected with a message, and so are bytes after the data the shape asks   *|
|* for (np.load ignores them; here they mean a corrupt header).               *|
|*                                                                            *|
|* Limits: a reader allocates no array of more than                           *|
|* QEDGE_NPY_DEFAULT_MAX_BYTES (or the caller's limit), checked on the        *|
|* header before anything is allocated, as is the overflow of the shape's     *|
|* byte count. A writer replaces a regular file only once the new one is      *|
|* complete (it writes a temporary beside it and renames it over); a device   *|
|* or a pipe is written in place.                                             *|
|*                                                                            *|
|* No function exits or aborts. Those that can fail (alloc, read, write)      *|
|* return a qedge_npy_status and, on failure, write one line (no trailing     *|
|* newline) naming the file (`(array)` for qedge_npy_alloc) and the problem   *|
|* into the caller's `err` buffer (truncated to `errlen` bytes).              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QEDGE_RUNTIME_NPY_H
#define QEDGE_RUNTIME_NPY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every fallible function of this header. */
typedef enum qedge_npy_status {
  QEDGE_NPY_OK = 0,
  /** The file could not be opened, read or written. */
  QEDGE_NPY_ERROR_IO = 1,
  /** The file is not a well-formed .npy file (magic, header, data size). */
  QEDGE_NPY_ERROR_FORMAT = 2,
  /** A well-formed file this runtime does not handle (dtype, order). */
  QEDGE_NPY_ERROR_UNSUPPORTED = 3,
  /** Memory for the array could not be allocated. */
  QEDGE_NPY_ERROR_NO_MEMORY = 4,
  /** The caller passed an invalid array (rank, shape, dtype). */
  QEDGE_NPY_ERROR_INVALID_ARGUMENT = 5,
  /** The array is larger than the reader's limit on bytes. */
  QEDGE_NPY_ERROR_TOO_LARGE = 6
} qedge_npy_status;

/** Element types, named as numpy names them. */
typedef enum qedge_npy_dtype {
  QEDGE_NPY_INT8,
  QEDGE_NPY_UINT8,
  QEDGE_NPY_INT16,
  QEDGE_NPY_UINT16,
  QEDGE_NPY_INT32,
  QEDGE_NPY_UINT32,
  QEDGE_NPY_INT64,
  QEDGE_NPY_UINT64,
  QEDGE_NPY_FLOAT32,
  QEDGE_NPY_FLOAT64
} qedge_npy_dtype;

/** The largest rank this runtime reads or writes (numpy 2's NPY_MAXDIMS). */
#define QEDGE_NPY_MAX_RANK 64

/** The largest array qedge_npy_read allocates, in bytes: 1 GiB. Tensors of
 *  the networks quant-edge compiles for edge CPUs are a few MiB at most; a
 *  header asking for more than this is far likelier corrupt than meant,
 *  and the limit turns it into a message instead of an out-of-memory kill.
 *  The tools raise it with --max-tensor-bytes. */
#define QEDGE_NPY_DEFAULT_MAX_BYTES ((uint64_t)1 << 30)

/** Alignment in bytes of qedge_npy_array::data, enough for any vector load. */
#define QEDGE_NPY_ALIGNMENT 64

/** A dense array in C (row-major) order, elements in host byte order. */
typedef struct qedge_npy_array {
  qedge_npy_dtype dtype;
  /** Number of dimensions; 0 for a scalar (one element). */
  size_t rank;
  /** The first `rank` entries are the dimensions; each is >= 0. */
  int64_t shape[QEDGE_NPY_MAX_RANK];
  /** The elements, aligned to QEDGE_NPY_ALIGNMENT; never NULL once allocated,
   *  even for an array of zero elements. */
  void *data;
  /** Size of the elements in bytes (number of elements times element size). */
  size_t nbytes;
  /** The block `data` points into; owned by the array, see qedge_npy_free. */
  void *allocation;
} qedge_npy_array;

/** Size in bytes of one element of `dtype`; 0 for an invalid value. */
size_t qedge_npy_dtype_size(qedge_npy_dtype dtype);

/** The numpy name of `dtype` ("int8", "float32"); "invalid" if out of range. */
const char *qedge_npy_dtype_name(qedge_npy_dtype dtype);

/** Number of elements of `a` (1 for rank 0). */
int64_t qedge_npy_num_elements(const qedge_npy_array *a);

/** Writes `shape` as "[2, 3]" ("[]" for rank 0) into `buf`, truncated to
 *  `buflen` bytes and NUL terminated when buflen > 0. Returns the length the
 *  full text has, as snprintf does. */
size_t qedge_npy_format_shape(size_t rank, const int64_t *shape, char *buf,
                              size_t buflen);

/** Allocates a zero-filled array of `dtype` and `shape` into `out`.
 *  On failure `out` holds no allocation and `err` says why. */
qedge_npy_status qedge_npy_alloc(qedge_npy_array *out, qedge_npy_dtype dtype,
                                 size_t rank, const int64_t *shape, char *err,
                                 size_t errlen);

/** Reads the .npy file at `path` into `out`, which the caller releases with
 *  qedge_npy_free. On failure `out` holds no allocation and `err` names the
 *  file and the problem. Arrays of more than QEDGE_NPY_DEFAULT_MAX_BYTES
 *  fail with QEDGE_NPY_ERROR_TOO_LARGE before anything is allocated. */
qedge_npy_status qedge_npy_read(const char *path, qedge_npy_array *out,
                                char *err, size_t errlen);

/** qedge_npy_read with a limit of `max_bytes` on the array's data. */
qedge_npy_status qedge_npy_read_limited(const char *path, qedge_npy_array *out,
                                        uint64_t max_bytes, char *err,
                                        size_t errlen);

/** A .npy file read a few rows at a time (rows: along dimension 0), so that
 *  a data set larger than memory can be streamed. `header` holds the dtype
 *  and shape (no data). */
typedef struct qedge_npy_reader {
  void *file;
  qedge_npy_array header;
  /** The bytes of one row: the product of the other dimensions. */
  size_t row_bytes;
  /** The rows read so far. */
  int64_t rows_read;
} qedge_npy_reader;

/** Opens the .npy file at `path` and reads its header; the array must have
 *  at least one dimension. No limit applies to the whole array, which is
 *  never allocated, but its byte count must not overflow. On failure
 *  nothing stays open and `err` names the file and the problem. */
qedge_npy_status qedge_npy_open(const char *path, qedge_npy_reader *reader,
                                char *err, size_t errlen);

/** Reads the next `count` rows into `buffer` (count * row_bytes bytes), in
 *  host byte order. `path` is named in messages. */
qedge_npy_status qedge_npy_read_rows(qedge_npy_reader *reader, int64_t count,
                                     void *buffer, const char *path, char *err,
                                     size_t errlen);

/** Closes the file; harmless on a closed or zero-initialized reader. */
void qedge_npy_close(qedge_npy_reader *reader);

/** Writes `a` to `path` as a version 1.0 .npy file in little-endian C order.
 *  A regular file (or a new one) is written as a temporary beside it, then
 *  renamed over it; a device or pipe (/dev/stdout, /dev/null) is written in
 *  place. On failure `err` names the file and the problem (ENOSPC on
 *  /dev/full included), any temporary is removed and a regular file keeps
 *  its old contents. A signal that ends the program mid-write leaves the
 *  temporary unless the program's handler calls
 *  qedge_npy_remove_temporaries. */
qedge_npy_status qedge_npy_write(const char *path, const qedge_npy_array *a,
                                 char *err, size_t errlen);

/** Removes the temporaries of the qedge_npy_write calls in progress (up to
 *  QEDGE_NPY_MAX_TRACKED_WRITES at once, with paths shorter than
 *  QEDGE_NPY_MAX_TRACKED_PATH bytes). Async-signal-safe: it is meant for
 *  the handlers of SIGINT, SIGTERM and the like of a program that is about
 *  to end; the library installs no handler of its own (qedge_main does, in
 *  compiled executables). A write whose temporary was removed fails. */
void qedge_npy_remove_temporaries(void);

/** For a program that owns its process (a tool, a compiled executable; not
 *  a library): makes SIGHUP, SIGINT, SIGQUIT, SIGTERM and SIGXFSZ remove the
 *  temporaries of the writes in progress, then end the program as the signal
 *  would have (same exit status). Only signals whose action is the default
 *  are taken: one that is ignored (nohup) or handled keeps its action, and
 *  handlers installed later (LLVM's) that restore and raise the previous
 *  action reach this one. */
void qedge_npy_remove_temporaries_on_signals(void);

/** How many concurrent writes qedge_npy_remove_temporaries covers. */
#define QEDGE_NPY_MAX_TRACKED_WRITES 8
/** The longest temporary path it covers, with the terminating NUL. */
#define QEDGE_NPY_MAX_TRACKED_PATH 4096

/** Releases the elements of `a` and sets every field of `a` to zero;
 *  harmless on such a cleared (or zero-initialized) array. */
void qedge_npy_free(qedge_npy_array *a);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QEDGE_RUNTIME_NPY_H */
