/*===- Npy.c - Read and write NumPy .npy files ----------------------------===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
|* The format, as numpy/lib/format.py defines it: the magic string            *|
|* "\x93NUMPY", a major and a minor version byte, the header length           *|
|* (little-endian uint16 in version 1.0, uint32 in 2.0 and 3.0), then the     *|
|* header: a Python dict literal with exactly the keys 'descr',               *|
|* 'fortran_order' and 'shape', padded with spaces and ending in '\n'. The    *|
|* elements follow the header.                                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

/* stat, open, fdopen, getpid and realpath for writing through a temporary
   file. */
#define _XOPEN_SOURCE 700

#include "qedge/Runtime/Npy.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*===----------------------------------------------------------------------===*/
/* Helpers                                                                    */
/*===----------------------------------------------------------------------===*/

static const char npy_magic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};
enum { MAGIC_SIZE = 6, PREAMBLE_V1_SIZE = 10, PREAMBLE_V2_SIZE = 12 };

/* The largest header this reader accepts. numpy writes a few hundred bytes at
   most; the limit only guards the allocation against a corrupt length. */
enum { MAX_HEADER_SIZE = 1 << 20 };

/* The longest descr string there is a use for ("<f8" is 3 characters). */
enum { MAX_DESCR_SIZE = 16 };

/* Writes one message into `err`, prefixed by the quoted path. */
static qedge_npy_status fail(qedge_npy_status status, char *err, size_t errlen,
                             const char *path, const char *fmt, ...) {
  va_list args;
  size_t used;
  int n;
  if (!err || errlen == 0)
    return status;
  n = snprintf(err, errlen, "'%s': ", path ? path : "(null)");
  used = n < 0 ? 0 : (size_t)n;
  if (used < errlen) {
    va_start(args, fmt);
    vsnprintf(err + used, errlen - used, fmt, args);
    va_end(args);
  }
  return status;
}

static int host_is_little_endian(void) {
  const uint16_t probe = 1;
  unsigned char first;
  memcpy(&first, &probe, 1);
  return first == 1;
}

/* Reverses the bytes of each of the `count` elements of `size` bytes. */
static void swap_bytes(unsigned char *data, size_t count, size_t size) {
  size_t i, j;
  for (i = 0; i < count; ++i, data += size)
    for (j = 0; j < size / 2; ++j) {
      unsigned char t = data[j];
      data[j] = data[size - 1 - j];
      data[size - 1 - j] = t;
    }
}

typedef struct dtype_info {
  qedge_npy_dtype dtype;
  const char *name;
  /* Type character and size as in a descr string ('i', 4 for "<i4"). */
  char kind;
  size_t size;
} dtype_info;

static const dtype_info dtypes[] = {
    {QEDGE_NPY_INT8, "int8", 'i', 1},
    {QEDGE_NPY_UINT8, "uint8", 'u', 1},
    {QEDGE_NPY_INT16, "int16", 'i', 2},
    {QEDGE_NPY_UINT16, "uint16", 'u', 2},
    {QEDGE_NPY_INT32, "int32", 'i', 4},
    {QEDGE_NPY_UINT32, "uint32", 'u', 4},
    {QEDGE_NPY_INT64, "int64", 'i', 8},
    {QEDGE_NPY_UINT64, "uint64", 'u', 8},
    {QEDGE_NPY_FLOAT32, "float32", 'f', 4},
    {QEDGE_NPY_FLOAT64, "float64", 'f', 8},
};
enum { NUM_DTYPES = sizeof(dtypes) / sizeof(dtypes[0]) };

static const dtype_info *lookup_dtype(qedge_npy_dtype dtype) {
  int i;
  for (i = 0; i < NUM_DTYPES; ++i)
    if (dtypes[i].dtype == dtype)
      return &dtypes[i];
  return NULL;
}

size_t qedge_npy_dtype_size(qedge_npy_dtype dtype) {
  const dtype_info *info = lookup_dtype(dtype);
  return info ? info->size : 0;
}

const char *qedge_npy_dtype_name(qedge_npy_dtype dtype) {
  const dtype_info *info = lookup_dtype(dtype);
  return info ? info->name : "invalid";
}

int64_t qedge_npy_num_elements(const qedge_npy_array *a) {
  int64_t count = 1;
  size_t i;
  for (i = 0; i < a->rank; ++i)
    count *= a->shape[i];
  return count;
}

size_t qedge_npy_format_shape(size_t rank, const int64_t *shape, char *buf,
                              size_t buflen) {
  size_t total = 0, i;
  char piece[32];
  if (buf && buflen > 0)
    buf[0] = '\0';
  for (i = 0; i <= rank + 1; ++i) {
    size_t len, room;
    if (i == 0)
      strcpy(piece, "[");
    else if (i == rank + 1)
      strcpy(piece, "]");
    else
      snprintf(piece, sizeof(piece), "%s%lld", i > 1 ? ", " : "",
               (long long)shape[i - 1]);
    len = strlen(piece);
    if (buf && buflen > 0 && total < buflen - 1) {
      room = buflen - 1 - total;
      memcpy(buf + total, piece, len < room ? len : room);
      buf[total + (len < room ? len : room)] = '\0';
    }
    total += len;
  }
  return total;
}

/* Computes the byte size of an array, failing on negative dimensions and on
   sizes that do not fit in size_t. */
static int compute_num_bytes(size_t rank, const int64_t *shape,
                             size_t elem_size, size_t *nbytes) {
  size_t total = elem_size, i;
  int zero = 0;
  for (i = 0; i < rank; ++i) {
    if (shape[i] < 0)
      return 0;
    if (shape[i] == 0)
      zero = 1;
  }
  if (zero) {
    *nbytes = 0;
    return 1;
  }
  for (i = 0; i < rank; ++i) {
    if ((uint64_t)shape[i] > (uint64_t)(SIZE_MAX / total))
      return 0;
    total *= (size_t)shape[i];
  }
  *nbytes = total;
  return 1;
}

/* Allocates `nbytes` (at least one alignment block) aligned to
   QEDGE_NPY_ALIGNMENT, C99 having no aligned allocation function. */
static int allocate_data(qedge_npy_array *a, size_t nbytes) {
  size_t padded;
  uintptr_t address;
  if (nbytes > SIZE_MAX - 2 * QEDGE_NPY_ALIGNMENT)
    return 0;
  padded = nbytes + 2 * QEDGE_NPY_ALIGNMENT;
  a->allocation = calloc(1, padded);
  if (!a->allocation)
    return 0;
  address = (uintptr_t)a->allocation;
  address = (address + QEDGE_NPY_ALIGNMENT - 1) &
            ~(uintptr_t)(QEDGE_NPY_ALIGNMENT - 1);
  a->data = (void *)address;
  a->nbytes = nbytes;
  return 1;
}

void qedge_npy_free(qedge_npy_array *a) {
  if (!a)
    return;
  free(a->allocation);
  memset(a, 0, sizeof(*a));
}

qedge_npy_status qedge_npy_alloc(qedge_npy_array *out, qedge_npy_dtype dtype,
                                 size_t rank, const int64_t *shape, char *err,
                                 size_t errlen) {
  size_t elem_size = qedge_npy_dtype_size(dtype), nbytes, i;
  if (!out)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, "(array)",
                "no array to allocate");
  memset(out, 0, sizeof(*out));
  if (elem_size == 0)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, "(array)",
                "invalid dtype %d", (int)dtype);
  if (rank > QEDGE_NPY_MAX_RANK || (rank > 0 && !shape))
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, "(array)",
                "invalid rank %lu", (unsigned long)rank);
  if (!compute_num_bytes(rank, shape, elem_size, &nbytes))
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, "(array)",
                "invalid shape (negative or too large)");
  out->dtype = dtype;
  out->rank = rank;
  for (i = 0; i < rank; ++i)
    out->shape[i] = shape[i];
  if (!allocate_data(out, nbytes))
    return fail(QEDGE_NPY_ERROR_NO_MEMORY, err, errlen, "(array)",
                "out of memory allocating %lu bytes", (unsigned long)nbytes);
  return QEDGE_NPY_OK;
}

/*===----------------------------------------------------------------------===*/
/* Header parsing                                                             */
/*===----------------------------------------------------------------------===*/

/* A cursor over the header text, which is not NUL terminated. */
typedef struct header_parser {
  const char *begin, *pos, *end;
  const char *path;
  char *err;
  size_t errlen;
} header_parser;

static qedge_npy_status parse_error(header_parser *p, const char *what) {
  return fail(QEDGE_NPY_ERROR_FORMAT, p->err, p->errlen, p->path,
              "malformed header: %s at offset %ld", what,
              (long)(p->pos - p->begin));
}

static void skip_space(header_parser *p) {
  while (p->pos < p->end && (*p->pos == ' ' || *p->pos == '\t' ||
                             *p->pos == '\n' || *p->pos == '\r'))
    ++p->pos;
}

static int consume(header_parser *p, char c) {
  skip_space(p);
  if (p->pos < p->end && *p->pos == c) {
    ++p->pos;
    return 1;
  }
  return 0;
}

/* Parses a Python string literal without escapes into `buf`. */
static qedge_npy_status parse_string(header_parser *p, char *buf,
                                     size_t buflen) {
  char quote;
  size_t len = 0;
  skip_space(p);
  if (p->pos >= p->end || (*p->pos != '\'' && *p->pos != '"'))
    return parse_error(p, "expected a string");
  quote = *p->pos++;
  while (p->pos < p->end && *p->pos != quote) {
    /* Printable ASCII only, which also keeps error messages printable. */
    if (*p->pos == '\\' || *p->pos < ' ' || *p->pos > '~')
      return parse_error(p, "unsupported character in string");
    if (len + 1 >= buflen)
      return parse_error(p, "string too long");
    buf[len++] = *p->pos++;
  }
  if (p->pos >= p->end)
    return parse_error(p, "unterminated string");
  ++p->pos;
  buf[len] = '\0';
  return QEDGE_NPY_OK;
}

static int match_word(header_parser *p, const char *word) {
  size_t len = strlen(word);
  if ((size_t)(p->end - p->pos) >= len && memcmp(p->pos, word, len) == 0) {
    p->pos += len;
    return 1;
  }
  return 0;
}

static qedge_npy_status parse_bool(header_parser *p, int *value) {
  skip_space(p);
  if (match_word(p, "True"))
    *value = 1;
  else if (match_word(p, "False"))
    *value = 0;
  else
    return parse_error(p, "expected True or False");
  return QEDGE_NPY_OK;
}

/* Parses a tuple of non-negative integers: "()", "(5,)", "(2, 3)". */
static qedge_npy_status parse_shape(header_parser *p, size_t *rank,
                                    int64_t *shape) {
  *rank = 0;
  if (!consume(p, '('))
    return parse_error(p, "expected a tuple for 'shape'");
  for (;;) {
    int64_t value = 0;
    int digits = 0;
    if (consume(p, ')'))
      return QEDGE_NPY_OK;
    skip_space(p);
    if (p->pos < p->end && *p->pos == '-')
      return parse_error(p, "negative dimension in 'shape'");
    while (p->pos < p->end && *p->pos >= '0' && *p->pos <= '9') {
      int digit = *p->pos - '0';
      if (value > (INT64_MAX - digit) / 10)
        return parse_error(p, "dimension too large");
      value = value * 10 + digit;
      ++digits;
      ++p->pos;
    }
    if (digits == 0)
      return parse_error(p, "expected a non-negative integer in 'shape'");
    if (p->pos < p->end &&
        (*p->pos == '.' || *p->pos == 'e' || *p->pos == 'E'))
      return parse_error(p, "non-integer dimension in 'shape'");
    /* Python 2 era numpy wrote long integers as "3L". */
    if (p->pos < p->end && *p->pos == 'L')
      ++p->pos;
    if (*rank == QEDGE_NPY_MAX_RANK)
      return fail(QEDGE_NPY_ERROR_UNSUPPORTED, p->err, p->errlen, p->path,
                  "rank above %d is not supported", QEDGE_NPY_MAX_RANK);
    shape[(*rank)++] = value;
    if (consume(p, ','))
      continue;
    if (consume(p, ')'))
      return QEDGE_NPY_OK;
    return parse_error(p, "expected ',' or ')' in 'shape'");
  }
}

/* Maps a descr string ("<i4") to a dtype. */
static qedge_npy_status parse_descr(const char *path, const char *descr,
                                    qedge_npy_dtype *dtype, char *err,
                                    size_t errlen) {
  char order = descr[0], kind;
  const char *rest = descr + 1, *digit;
  long size = 0;
  int i;
  if (order != '<' && order != '>' && order != '|' && order != '=' &&
      order != '!') {
    order = '=';
    rest = descr;
  }
  kind = rest[0];
  /* descr is at most MAX_DESCR_SIZE characters, so `size` cannot overflow. */
  for (digit = kind ? rest + 1 : rest; *digit >= '0' && *digit <= '9'; ++digit)
    size = size * 10 + (*digit - '0');
  for (i = 0; kind && *digit == '\0' && i < NUM_DTYPES; ++i) {
    if (dtypes[i].kind != kind || (long)dtypes[i].size != size)
      continue;
    /* Byte order matters only for multi-byte elements. */
    if (size > 1 && (order == '>' || order == '!' ||
                     (order == '=' && !host_is_little_endian())))
      return fail(QEDGE_NPY_ERROR_UNSUPPORTED, err, errlen, path,
                  "big-endian dtype '%s' is not supported; save the array "
                  "with a little-endian dtype (a.astype('<%c%ld'))",
                  descr, kind, size);
    *dtype = dtypes[i].dtype;
    return QEDGE_NPY_OK;
  }
  return fail(QEDGE_NPY_ERROR_UNSUPPORTED, err, errlen, path,
              "unsupported dtype '%s' (supported: int8, uint8, int16, uint16, "
              "int32, uint32, int64, uint64, float32, float64)",
              descr);
}

/* Parses the header dictionary into `out` (dtype, rank, shape). */
static qedge_npy_status parse_header(header_parser *p, qedge_npy_array *out) {
  char key[32], descr[MAX_DESCR_SIZE];
  int have_descr = 0, have_order = 0, have_shape = 0, fortran_order = 0;
  qedge_npy_status status;

  if (!consume(p, '{'))
    return parse_error(p, "expected '{'");
  for (;;) {
    if (consume(p, '}'))
      break;
    if ((status = parse_string(p, key, sizeof(key))) != QEDGE_NPY_OK)
      return status;
    if (!consume(p, ':'))
      return parse_error(p, "expected ':' after a key");
    if (strcmp(key, "descr") == 0 && !have_descr) {
      skip_space(p);
      if (p->pos < p->end && (*p->pos == '[' || *p->pos == '{'))
        return fail(QEDGE_NPY_ERROR_UNSUPPORTED, p->err, p->errlen, p->path,
                    "structured dtypes are not supported");
      if ((status = parse_string(p, descr, sizeof(descr))) != QEDGE_NPY_OK)
        return status;
      have_descr = 1;
    } else if (strcmp(key, "fortran_order") == 0 && !have_order) {
      if ((status = parse_bool(p, &fortran_order)) != QEDGE_NPY_OK)
        return status;
      have_order = 1;
    } else if (strcmp(key, "shape") == 0 && !have_shape) {
      if ((status = parse_shape(p, &out->rank, out->shape)) != QEDGE_NPY_OK)
        return status;
      have_shape = 1;
    } else {
      return fail(QEDGE_NPY_ERROR_FORMAT, p->err, p->errlen, p->path,
                  "malformed header: unexpected or repeated key '%s'", key);
    }
    if (consume(p, ','))
      continue;
    if (consume(p, '}'))
      break;
    return parse_error(p, "expected ',' or '}'");
  }
  skip_space(p);
  if (p->pos != p->end)
    return parse_error(p, "unexpected text after the dictionary");
  if (!have_descr)
    return fail(QEDGE_NPY_ERROR_FORMAT, p->err, p->errlen, p->path,
                "malformed header: no 'descr' key");
  if (!have_shape)
    return fail(QEDGE_NPY_ERROR_FORMAT, p->err, p->errlen, p->path,
                "malformed header: no 'shape' key");
  if (!have_order)
    return fail(QEDGE_NPY_ERROR_FORMAT, p->err, p->errlen, p->path,
                "malformed header: no 'fortran_order' key");
  if (fortran_order)
    return fail(QEDGE_NPY_ERROR_UNSUPPORTED, p->err, p->errlen, p->path,
                "Fortran-order arrays are not supported; save a C-order "
                "array (np.ascontiguousarray)");
  return parse_descr(p->path, descr, &out->dtype, p->err, p->errlen);
}

/*===----------------------------------------------------------------------===*/
/* Reading                                                                    */
/*===----------------------------------------------------------------------===*/

/* Reads exactly `size` bytes; on a short read tells a read error (1) from
   the end of the file (0) and reports how many bytes there were. */
static int read_exactly(FILE *file, void *buf, size_t size, size_t *got,
                        int *io_error) {
  *got = fread(buf, 1, size, file);
  *io_error = *got < size && ferror(file);
  return *got == size;
}

/* Reads the preamble and header of `file` into `out` (no data), checks that
   the file holds exactly the data the shape asks for where the file can
   seek and that the data is at most `max_bytes`, and leaves the file at the
   first data byte; *nbytes_out is the data's size. */
static qedge_npy_status read_header(FILE *file, const char *path,
                                    qedge_npy_array *out, size_t *nbytes_out,
                                    uint64_t max_bytes, char *err,
                                    size_t errlen) {
  unsigned char preamble[PREAMBLE_V2_SIZE];
  size_t got, preamble_size, header_size, elem_size, nbytes;
  char *header;
  header_parser parser;
  int io_error;
  qedge_npy_status status;
  long data_start, file_end;

  errno = 0;
  if (!read_exactly(file, preamble, PREAMBLE_V1_SIZE, &got, &io_error)) {
    if (io_error)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot read: %s",
                  strerror(errno));
    if (got < MAGIC_SIZE || memcmp(preamble, npy_magic, MAGIC_SIZE) != 0)
      return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                  "not a .npy file (bad magic string)");
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "truncated header (the file has %lu bytes)",
                (unsigned long)got);
  }
  if (memcmp(preamble, npy_magic, MAGIC_SIZE) != 0)
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "not a .npy file (bad magic string)");
  if (preamble[6] == 1 && preamble[7] == 0) {
    preamble_size = PREAMBLE_V1_SIZE;
    header_size = (size_t)preamble[8] | (size_t)preamble[9] << 8;
  } else if ((preamble[6] == 2 || preamble[6] == 3) && preamble[7] == 0) {
    preamble_size = PREAMBLE_V2_SIZE;
    if (!read_exactly(file, preamble + PREAMBLE_V1_SIZE, 2, &got, &io_error))
      return io_error ? fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                             "cannot read: %s", strerror(errno))
                      : fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                             "truncated header (the file has %lu bytes)",
                             (unsigned long)(PREAMBLE_V1_SIZE + got));
    header_size = (size_t)preamble[8] | (size_t)preamble[9] << 8 |
                  (size_t)preamble[10] << 16 | (size_t)preamble[11] << 24;
  } else {
    return fail(QEDGE_NPY_ERROR_UNSUPPORTED, err, errlen, path,
                "unsupported .npy format version %u.%u (supported: 1.0, 2.0, "
                "3.0)",
                (unsigned)preamble[6], (unsigned)preamble[7]);
  }
  if (header_size > MAX_HEADER_SIZE)
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "header length %lu is implausibly large",
                (unsigned long)header_size);

  header = (char *)malloc(header_size ? header_size : 1);
  if (!header)
    return fail(QEDGE_NPY_ERROR_NO_MEMORY, err, errlen, path,
                "out of memory reading the header");
  if (!read_exactly(file, header, header_size, &got, &io_error)) {
    free(header);
    if (io_error)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot read: %s",
                  strerror(errno));
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "truncated header: %lu header bytes expected, %lu present",
                (unsigned long)header_size, (unsigned long)got);
  }
  parser.begin = parser.pos = header;
  parser.end = header + header_size;
  parser.path = path;
  parser.err = err;
  parser.errlen = errlen;
  status = parse_header(&parser, out);
  free(header);
  if (status != QEDGE_NPY_OK)
    return status;

  elem_size = qedge_npy_dtype_size(out->dtype);
  if (!compute_num_bytes(out->rank, out->shape, elem_size, &nbytes)) {
    char shape[256];
    qedge_npy_format_shape(out->rank, out->shape, shape, sizeof(shape));
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "shape %s of %s: the byte count overflows", shape,
                qedge_npy_dtype_name(out->dtype));
  }

  /* Compare with the file size before allocating, so that a corrupt shape
     reports truncation rather than a failed allocation. Unseekable files
     (pipes) are checked by the reads instead. */
  data_start = (long)(preamble_size + header_size);
  if (fseek(file, 0, SEEK_END) == 0 && (file_end = ftell(file)) >= 0) {
    unsigned long present = (unsigned long)(file_end - data_start);
    if (file_end < data_start || present != (unsigned long)nbytes) {
      char shape[256];
      qedge_npy_format_shape(out->rank, out->shape, shape, sizeof(shape));
      if (file_end < data_start || present < (unsigned long)nbytes)
        return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                    "truncated data: shape %s of %s needs %lu bytes, %ld "
                    "present",
                    shape, qedge_npy_dtype_name(out->dtype),
                    (unsigned long)nbytes, file_end - data_start);
      return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                  "%lu unexpected bytes after the data (shape %s of %s is "
                  "%lu bytes)",
                  present - (unsigned long)nbytes, shape,
                  qedge_npy_dtype_name(out->dtype), (unsigned long)nbytes);
    }
    if (fseek(file, data_start, SEEK_SET) != 0)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot seek: %s",
                  strerror(errno));
  }
  if ((uint64_t)nbytes > max_bytes) {
    char shape[256];
    qedge_npy_format_shape(out->rank, out->shape, shape, sizeof(shape));
    return fail(QEDGE_NPY_ERROR_TOO_LARGE, err, errlen, path,
                "shape %s of %s is %lu bytes, more than the limit of %llu "
                "bytes",
                shape, qedge_npy_dtype_name(out->dtype), (unsigned long)nbytes,
                (unsigned long long)max_bytes);
  }
  *nbytes_out = nbytes;
  return QEDGE_NPY_OK;
}

static qedge_npy_status read_file(FILE *file, const char *path,
                                  qedge_npy_array *out, uint64_t max_bytes,
                                  char *err, size_t errlen) {
  size_t got, nbytes, elem_size;
  int io_error;
  qedge_npy_status status =
      read_header(file, path, out, &nbytes, max_bytes, err, errlen);
  if (status != QEDGE_NPY_OK)
    return status;
  elem_size = qedge_npy_dtype_size(out->dtype);

  if (!allocate_data(out, nbytes))
    return fail(QEDGE_NPY_ERROR_NO_MEMORY, err, errlen, path,
                "out of memory allocating %lu bytes", (unsigned long)nbytes);
  if (!read_exactly(file, out->data, nbytes, &got, &io_error)) {
    char shape[64];
    if (io_error)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot read: %s",
                  strerror(errno));
    qedge_npy_format_shape(out->rank, out->shape, shape, sizeof(shape));
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "truncated data: shape %s of %s needs %lu bytes, %lu present",
                shape, qedge_npy_dtype_name(out->dtype), (unsigned long)nbytes,
                (unsigned long)got);
  }
  /* A pipe could not be measured beforehand. */
  if (fgetc(file) != EOF)
    return fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                "unexpected bytes after the data");
  if (!host_is_little_endian())
    swap_bytes((unsigned char *)out->data, nbytes / elem_size, elem_size);
  return QEDGE_NPY_OK;
}

qedge_npy_status qedge_npy_read(const char *path, qedge_npy_array *out,
                                char *err, size_t errlen) {
  return qedge_npy_read_limited(path, out, QEDGE_NPY_DEFAULT_MAX_BYTES, err,
                                errlen);
}

qedge_npy_status qedge_npy_read_limited(const char *path, qedge_npy_array *out,
                                        uint64_t max_bytes, char *err,
                                        size_t errlen) {
  FILE *file;
  qedge_npy_status status;
  if (!out)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no array to read into");
  memset(out, 0, sizeof(*out));
  if (!path)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no file name");
  errno = 0;
  file = fopen(path, "rb");
  if (!file)
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot open: %s",
                strerror(errno));
  status = read_file(file, path, out, max_bytes, err, errlen);
  fclose(file);
  /* On failure the array may hold the data block read_file allocated. */
  if (status != QEDGE_NPY_OK)
    qedge_npy_free(out);
  return status;
}

qedge_npy_status qedge_npy_open(const char *path, qedge_npy_reader *reader,
                                char *err, size_t errlen) {
  size_t nbytes;
  qedge_npy_status status;
  if (!reader)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no reader to open");
  memset(reader, 0, sizeof(*reader));
  if (!path)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no file name");
  errno = 0;
  reader->file = fopen(path, "rb");
  if (!reader->file)
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot open: %s",
                strerror(errno));
  /* Rows are read into the caller's buffers, so the whole array may exceed
     any limit on what is allocated. */
  status = read_header((FILE *)reader->file, path, &reader->header, &nbytes,
                       UINT64_MAX, err, errlen);
  if (status == QEDGE_NPY_OK && reader->header.rank == 0)
    status = fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                  "a 0-d array has no rows to read");
  if (status != QEDGE_NPY_OK) {
    qedge_npy_close(reader);
    return status;
  }
  reader->row_bytes = reader->header.shape[0] ? nbytes /
      (size_t)reader->header.shape[0] : 0;
  return QEDGE_NPY_OK;
}

qedge_npy_status qedge_npy_read_rows(qedge_npy_reader *reader, int64_t count,
                                     void *buffer, const char *path, char *err,
                                     size_t errlen) {
  size_t got, elem_size, nbytes;
  int io_error;
  if (!reader || !reader->file || count < 0 ||
      count > reader->header.shape[0] - reader->rows_read)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no %ld more rows to read", (long)count);
  nbytes = (size_t)count * reader->row_bytes;
  errno = 0;
  if (!read_exactly((FILE *)reader->file, buffer, nbytes, &got, &io_error))
    return io_error ? fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                           "cannot read: %s", strerror(errno))
                    : fail(QEDGE_NPY_ERROR_FORMAT, err, errlen, path,
                           "truncated data at row %ld",
                           (long)(reader->rows_read + (int64_t)(got /
                               (reader->row_bytes ? reader->row_bytes : 1))));
  elem_size = qedge_npy_dtype_size(reader->header.dtype);
  if (!host_is_little_endian())
    swap_bytes((unsigned char *)buffer, nbytes / elem_size, elem_size);
  reader->rows_read += count;
  return QEDGE_NPY_OK;
}

void qedge_npy_close(qedge_npy_reader *reader) {
  if (!reader)
    return;
  if (reader->file)
    fclose((FILE *)reader->file);
  memset(reader, 0, sizeof(*reader));
}

/*===----------------------------------------------------------------------===*/
/* Writing                                                                    */
/*===----------------------------------------------------------------------===*/

/* A file being written. A regular file is written as a temporary beside it
   and renamed over it once complete, so that a failed write leaves the old
   file (or none) rather than half a new one; anything else (a device such
   as /dev/null, a pipe) is written in place, as renaming over it would
   replace the node itself. */
typedef struct output_file {
  FILE *file;
  const char *path;
  /* The file renamed over (symbolic links resolved), or NULL when writing
     in place; owned. */
  char *target;
  /* The temporary, or NULL when writing in place; owned. */
  char *temp;
  /* The temporary's slot for qedge_npy_remove_temporaries, or -1. */
  int slot;
} output_file;

/* The temporaries of the writes in progress, for
   qedge_npy_remove_temporaries to remove from a signal handler. Only the
   writer that claimed a slot fills or frees it; the handler removes a
   ready slot's file only after taking the slot, so that it never reads a
   path being written, and the writer waits for it before freeing the slot.
   The __sync builtins are lock-free on int, hence async-signal-safe. */
enum {
  TEMP_FREE,     /* unused */
  TEMP_FILLING,  /* claimed by a writer, the path not yet complete */
  TEMP_READY,    /* names a temporary */
  TEMP_REMOVING, /* taken by the handler */
  TEMP_REMOVED   /* removed by the handler; the writer frees it */
};
static volatile int temp_state[QEDGE_NPY_MAX_TRACKED_WRITES];
static char temp_path[QEDGE_NPY_MAX_TRACKED_WRITES]
                      [QEDGE_NPY_MAX_TRACKED_PATH];

/* Records the temporary `path`; returns its slot, or -1 when it cannot be
   recorded (then a signal leaves it behind, as without a handler). */
static int track_temporary(const char *path) {
  size_t len = strlen(path);
  int slot;
  if (len >= QEDGE_NPY_MAX_TRACKED_PATH)
    return -1;
  for (slot = 0; slot < QEDGE_NPY_MAX_TRACKED_WRITES; ++slot)
    if (__sync_bool_compare_and_swap(&temp_state[slot], TEMP_FREE,
                                     TEMP_FILLING)) {
      memcpy(temp_path[slot], path, len + 1);
      __sync_bool_compare_and_swap(&temp_state[slot], TEMP_FILLING,
                                   TEMP_READY);
      return slot;
    }
  return -1;
}

/* Frees `slot` once its temporary is renamed or removed. */
static void untrack_temporary(int slot) {
  if (slot < 0)
    return;
  /* A handler on another thread may hold the slot for as long as one
     unlink takes. */
  while (!__sync_bool_compare_and_swap(&temp_state[slot], TEMP_READY,
                                       TEMP_FREE) &&
         !__sync_bool_compare_and_swap(&temp_state[slot], TEMP_REMOVED,
                                       TEMP_FREE))
    ;
}

void qedge_npy_remove_temporaries(void) {
  int slot;
  for (slot = 0; slot < QEDGE_NPY_MAX_TRACKED_WRITES; ++slot)
    if (__sync_bool_compare_and_swap(&temp_state[slot], TEMP_READY,
                                     TEMP_REMOVING)) {
      unlink(temp_path[slot]);
      __sync_bool_compare_and_swap(&temp_state[slot], TEMP_REMOVING,
                                   TEMP_REMOVED);
    }
}

static void discard_output(output_file *out) {
  if (out->file)
    fclose(out->file);
  if (out->temp) {
    remove(out->temp);
    untrack_temporary(out->slot);
  }
  free(out->temp);
  free(out->target);
  memset(out, 0, sizeof(*out));
  out->slot = -1;
}

static qedge_npy_status open_output(output_file *out, const char *path,
                                    char *err, size_t errlen) {
  static unsigned counter;
  struct stat st;
  mode_t mode = 0666;
  int exists, fd = -1, attempt;
  size_t len;

  memset(out, 0, sizeof(*out));
  out->slot = -1;
  out->path = path;
  errno = 0;
  exists = stat(path, &st) == 0;
  if (!exists && errno != ENOENT)
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                "cannot open for writing: %s", strerror(errno));
  if (exists && S_ISDIR(st.st_mode))
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                "cannot open for writing: %s", strerror(EISDIR));
  if (exists && !S_ISREG(st.st_mode)) {
    out->file = fopen(path, "wb");
    if (!out->file)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                  "cannot open for writing: %s", strerror(errno));
    return QEDGE_NPY_OK;
  }
  if (exists) {
    /* Renaming needs no permission on the file itself: check the one
       writing in place would need. */
    if (access(path, W_OK) != 0)
      return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                  "cannot open for writing: %s", strerror(errno));
    mode = st.st_mode & 07777;
    out->target = realpath(path, NULL);
  }
  if (!out->target) {
    out->target = (char *)malloc(strlen(path) + 1);
    if (out->target)
      strcpy(out->target, path);
  }
  len = out->target ? strlen(out->target) + 48 : 0;
  out->temp = out->target ? (char *)malloc(len) : NULL;
  if (!out->temp) {
    discard_output(out);
    return fail(QEDGE_NPY_ERROR_NO_MEMORY, err, errlen, path,
                "out of memory");
  }
  for (attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    snprintf(out->temp, len, "%s.tmp%ld.%u", out->target, (long)getpid(),
             __sync_fetch_and_add(&counter, 1u));
    fd = open(out->temp, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0) {
    int saved = errno;
    free(out->temp);
    out->temp = NULL;
    discard_output(out);
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                "cannot open for writing: %s", strerror(saved));
  }
  out->slot = track_temporary(out->temp);
  /* The umask applies to new files only; a replaced file keeps its mode. */
  if (exists)
    fchmod(fd, mode);
  out->file = fdopen(fd, "wb");
  if (!out->file) {
    int saved = errno;
    close(fd);
    discard_output(out);
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path,
                "cannot open for writing: %s", strerror(saved));
  }
  return QEDGE_NPY_OK;
}

/* Closes the file and, when written through a temporary, renames it over the
   target. `ok` is whether every write succeeded (errno tells why not). */
static qedge_npy_status commit_output(output_file *out, int ok, char *err,
                                      size_t errlen) {
  const char *path = out->path;
  int saved = ok ? 0 : errno;
  if (ok && fflush(out->file) != 0) {
    ok = 0;
    saved = errno;
  }
  if (fclose(out->file) != 0 && ok) {
    ok = 0;
    saved = errno;
  }
  out->file = NULL;
  if (ok && out->temp && rename(out->temp, out->target) != 0) {
    ok = 0;
    saved = errno;
  }
  if (ok && out->temp) {
    untrack_temporary(out->slot);
    free(out->temp);
    out->temp = NULL;
  }
  discard_output(out);
  if (!ok)
    return fail(QEDGE_NPY_ERROR_IO, err, errlen, path, "cannot write: %s",
                strerror(saved ? saved : EIO));
  return QEDGE_NPY_OK;
}

qedge_npy_status qedge_npy_write(const char *path, const qedge_npy_array *a,
                                 char *err, size_t errlen) {
  /* The header is at most ~1.5 KB (QEDGE_NPY_MAX_RANK dimensions of 20
     digits), so version 1.0 with its 16-bit header length always suffices. */
  char header[64 + QEDGE_NPY_MAX_RANK * 24 + 64];
  const dtype_info *info;
  size_t len, total, i, nbytes, written;
  unsigned char preamble[PREAMBLE_V1_SIZE];
  const unsigned char *data;
  unsigned char *swapped = NULL;
  output_file out;
  qedge_npy_status status;
  int ok;

  if (!path)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "no file name");
  if (!a || !(info = lookup_dtype(a->dtype)) || a->rank > QEDGE_NPY_MAX_RANK)
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "invalid array (dtype or rank)");
  if (!compute_num_bytes(a->rank, a->shape, info->size, &nbytes) ||
      nbytes != a->nbytes || (nbytes > 0 && !a->data))
    return fail(QEDGE_NPY_ERROR_INVALID_ARGUMENT, err, errlen, path,
                "invalid array (the shape does not match the data size)");

  len = (size_t)snprintf(header, sizeof(header),
                         "{'descr': '%c%c%lu', 'fortran_order': False, "
                         "'shape': (",
                         info->size == 1 ? '|' : '<', info->kind,
                         (unsigned long)info->size);
  for (i = 0; i < a->rank; ++i)
    len += (size_t)snprintf(header + len, sizeof(header) - len, "%s%lld",
                            i ? ", " : "", (long long)a->shape[i]);
  len += (size_t)snprintf(header + len, sizeof(header) - len, "%s), }",
                          a->rank == 1 ? "," : "");
  /* Pad with spaces and a final newline so that the data starts at a
     multiple of 64 bytes, as numpy does. */
  total = PREAMBLE_V1_SIZE + len + 1;
  while (total % 64 != 0) {
    header[len++] = ' ';
    ++total;
  }
  header[len++] = '\n';

  memcpy(preamble, npy_magic, MAGIC_SIZE);
  preamble[6] = 1;
  preamble[7] = 0;
  preamble[8] = (unsigned char)(len & 0xff);
  preamble[9] = (unsigned char)(len >> 8);

  data = (const unsigned char *)a->data;
  if (!host_is_little_endian() && info->size > 1 && nbytes > 0) {
    swapped = (unsigned char *)malloc(nbytes);
    if (!swapped)
      return fail(QEDGE_NPY_ERROR_NO_MEMORY, err, errlen, path,
                  "out of memory converting to little-endian");
    memcpy(swapped, data, nbytes);
    swap_bytes(swapped, nbytes / info->size, info->size);
    data = swapped;
  }

  status = open_output(&out, path, err, errlen);
  if (status != QEDGE_NPY_OK) {
    free(swapped);
    return status;
  }
  errno = 0;
  ok = fwrite(preamble, 1, sizeof(preamble), out.file) == sizeof(preamble) &&
       fwrite(header, 1, len, out.file) == len;
  written = ok && nbytes > 0 ? fwrite(data, 1, nbytes, out.file) : 0;
  ok = ok && written == nbytes;
  status = commit_output(&out, ok, err, errlen);
  free(swapped);
  return status;
}

/* The signals whose default action ends the program and that may arrive
   while it writes an output: an interrupt, a termination request, a lost
   terminal, and a file size limit exceeded by the write itself. */
static const int ending_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM,
                                     SIGXFSZ};
enum {
  NUM_ENDING_SIGNALS = sizeof ending_signals / sizeof ending_signals[0]
};

static void remove_temporaries_and_end(int sig) {
  struct sigaction default_action;
  qedge_npy_remove_temporaries();
  /* End of the signal as without this handler, so that the parent sees
     the same status. */
  memset(&default_action, 0, sizeof default_action);
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(sig, &default_action, NULL);
  raise(sig);
}

void qedge_npy_remove_temporaries_on_signals(void) {
  struct sigaction action;
  size_t i;
  memset(&action, 0, sizeof action);
  action.sa_handler = remove_temporaries_and_end;
  /* A second signal during the handler waits, so that the first one
     finishes removing. */
  sigemptyset(&action.sa_mask);
  for (i = 0; i < NUM_ENDING_SIGNALS; ++i)
    sigaddset(&action.sa_mask, ending_signals[i]);
  for (i = 0; i < NUM_ENDING_SIGNALS; ++i) {
    struct sigaction old;
    if (sigaction(ending_signals[i], NULL, &old) == 0 &&
        old.sa_handler == SIG_DFL)
      sigaction(ending_signals[i], &action, NULL);
  }
}
