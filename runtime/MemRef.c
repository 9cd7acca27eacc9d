/*===- MemRef.c - Runtime support for lowered memref code -----------------===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qedge/Runtime/MemRef.h"

#include <string.h>

/* The fields of a ranked descriptor, read from its memory as the LLVM
   lowering lays it out: two pointers, then 1 + 2 * rank int64_t. */
typedef struct ranked_descriptor {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;
} ranked_descriptor;

static ranked_descriptor unpack(const qedge_unranked_memref *m) {
  ranked_descriptor d;
  char *const *pointers = (char *const *)m->descriptor;
  const int64_t *ints = (const int64_t *)(pointers + 2);
  d.aligned = pointers[1];
  d.offset = ints[0];
  d.sizes = ints + 1;
  d.strides = ints + 1 + m->rank;
  return d;
}

/* True when the elements are one contiguous row-major block. */
static int is_contiguous(const ranked_descriptor *d, int64_t rank) {
  int64_t expected = 1, i;
  for (i = rank - 1; i >= 0; --i) {
    if (d->sizes[i] == 1)
      continue;
    if (d->strides[i] != expected)
      return 0;
    expected *= d->sizes[i];
  }
  return 1;
}

/* Copies dimension `dim` onwards; the recursion depth is the rank, and no
   memory is allocated, so the copy cannot fail. */
static void copy_dim(int64_t elem_size, int64_t rank, int64_t dim,
                     const ranked_descriptor *src, const char *from,
                     const ranked_descriptor *dst, char *to) {
  int64_t i;
  if (dim == rank) {
    memcpy(to, from, (size_t)elem_size);
    return;
  }
  for (i = 0; i < src->sizes[dim]; ++i)
    copy_dim(elem_size, rank, dim + 1, src,
             from + i * src->strides[dim] * elem_size, dst,
             to + i * dst->strides[dim] * elem_size);
}

void qedge_memref_copy(int64_t elem_size, qedge_unranked_memref *src,
                       qedge_unranked_memref *dst) {
  int64_t rank = src->rank, count = 1, i;
  ranked_descriptor s = unpack(src), d = unpack(dst);
  for (i = 0; i < rank; ++i)
    count *= s.sizes[i];
  if (count == 0)
    return;
  if (is_contiguous(&s, rank) && is_contiguous(&d, rank)) {
    memmove(d.aligned + d.offset * elem_size, s.aligned + s.offset * elem_size,
            (size_t)(count * elem_size));
    return;
  }
  copy_dim(elem_size, rank, 0, &s, s.aligned + s.offset * elem_size, &d,
           d.aligned + d.offset * elem_size);
}
