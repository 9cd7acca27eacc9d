/* The entry points guard_harness.c runs: a table that a generated file
 * (entries.c, written by programs.py) defines next to an object of
 * qedge-compile. */
#ifndef QEDGE_GUARD_HARNESS_H
#define QEDGE_GUARD_HARNESS_H

#include <stddef.h>

typedef struct {
  const char *name;
  /* Calls the entry point with buffers[0..num_args) as its arguments and
   * buffers[num_args..num_args + num_results) as its results. */
  void (*call)(void **buffers);
  int num_args;
  int num_results;
  /* Per buffer, arguments first: its element count and element size. */
  const size_t *elements;
  const size_t *element_bytes;
  /* Per buffer, 'f' for float data, 'i' for integers. */
  const char *kinds;
} guard_entry;

extern const guard_entry guard_entries[];
extern const int guard_num_entries;

#endif /* QEDGE_GUARD_HARNESS_H */
