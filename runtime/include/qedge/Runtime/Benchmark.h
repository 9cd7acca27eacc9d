/*===- Benchmark.h - Summaries of timed calls ---------------------*- C -*-===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
|* qedge-run --benchmark and the standalone executables of qedge-compile      *|
|* report the same summary of their timed calls, computed here once.          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QEDGE_RUNTIME_BENCHMARK_H
#define QEDGE_RUNTIME_BENCHMARK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Sorts the `count` times in `times_us` into ascending order (so that the
 *  minimum is times_us[0]) and returns their median as numpy.median defines
 *  it: the middle time for an odd count, the mean of the two middle times
 *  for an even count. Returns 0 for no times. */
double qedge_median_us(double *times_us, size_t count);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QEDGE_RUNTIME_BENCHMARK_H */
