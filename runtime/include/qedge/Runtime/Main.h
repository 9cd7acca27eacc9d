/*===- Main.h - The command line of compiled quant-edge programs --*- C -*-===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
|* qedge-compile --emit=exe links a generated main() that describes the       *|
|* entry's buffers and calls qedge_main, which gives the executable the same  *|
|* .npy command line as qedge-run:                                            *|
|*   PROGRAM --input=a.npy [--input=b.npy ...] [--output=y.npy ...]           *|
|*           [--benchmark=N]                                                  *|
|* Every error is one line on stderr naming the program, and exit status 1.   *|
|* An output is written whole or not at all: SIGHUP, SIGINT, SIGQUIT,         *|
|* SIGTERM and SIGXFSZ remove the temporary of the output being written, then *|
|* end the program as their default action does (qedge_main takes those      *|
|* signals whose action is the default).                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QEDGE_RUNTIME_MAIN_H
#define QEDGE_RUNTIME_MAIN_H

#include "qedge/Runtime/Npy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One argument or result of a compiled entry point: a dense, row-major
 *  buffer with a static shape. */
typedef struct qedge_buffer_spec {
  /** The dtype results are written with, and inputs are expected in. */
  qedge_npy_dtype dtype;
  /** A second dtype accepted for inputs (the other signedness of integer
   *  storage), or `dtype` again. */
  qedge_npy_dtype alt_dtype;
  size_t rank;
  const int64_t *shape;
  /** The type as the source program spells it, for messages. */
  const char *type_name;
} qedge_buffer_spec;

/** Calls the entry point with `buffers`: the arguments, then the results. */
typedef void (*qedge_entry_fn)(void **buffers);

/** Runs the command line above for the entry `name`; returns the exit
 *  status. Meant to be the program's main: it installs the signal handlers
 *  described above. */
int qedge_main(int argc, char **argv, const char *name,
               const qedge_buffer_spec *arguments, size_t num_arguments,
               const qedge_buffer_spec *results, size_t num_results,
               qedge_entry_fn entry);

#ifdef __cplusplus
}
#endif

#endif /* QEDGE_RUNTIME_MAIN_H */
