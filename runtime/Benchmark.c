/*===- Benchmark.c - Summaries of timed calls -----------------------------===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qedge/Runtime/Benchmark.h"

#include <stdlib.h>

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double qedge_median_us(double *times_us, size_t count) {
  size_t mid = count / 2;
  if (count == 0)
    return 0;
  qsort(times_us, count, sizeof(double), compare_doubles);
  if (count % 2 == 1)
    return times_us[mid];
  return (times_us[mid - 1] + times_us[mid]) / 2;
}
