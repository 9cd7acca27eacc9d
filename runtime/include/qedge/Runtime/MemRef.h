/*===- MemRef.h - Runtime support for lowered memref code ---------*- C -*-===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
|* Functions that MLIR's memref-to-LLVM lowering calls by name, implemented   *|
|* in C so that JIT-compiled and standalone programs need no MLIR runtime     *|
|* library (libmlir_c_runner_utils). A program registers them under the      *|
|* upstream names (qedge_memref_copy as `memrefCopy`).                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QEDGE_RUNTIME_MEMREF_H
#define QEDGE_RUNTIME_MEMREF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An unranked memref as the LLVM lowering passes it: the rank, and a pointer
 *  to a ranked descriptor {allocated, aligned, offset, sizes[rank],
 *  strides[rank]} whose pointers are `void *` and whose integers are
 *  int64_t. */
typedef struct qedge_unranked_memref {
  int64_t rank;
  void *descriptor;
} qedge_unranked_memref;

/** Copies every element of `src` into `dst`; both have the same rank and
 *  sizes and any strides. `elem_size` is the element size in bytes. Has the
 *  signature and semantics of upstream `memrefCopy`, which the lowering of
 *  `memref.copy` calls for non-contiguous memrefs. */
void qedge_memref_copy(int64_t elem_size, qedge_unranked_memref *src,
                       qedge_unranked_memref *dst);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QEDGE_RUNTIME_MEMREF_H */
