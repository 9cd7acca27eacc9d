/*===- Main.c - The command line of compiled quant-edge programs ----------===*\
|*                                                                            *|
|* Part of quant-edge.                                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 199309L

#include "qedge/Runtime/Main.h"

#include "qedge/Runtime/Benchmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_BUFFERS = 64, MESSAGE_SIZE = 1024 };

static const char *program_name(const char *argv0) {
  const char *slash = strrchr(argv0, '/');
  return slash ? slash + 1 : argv0;
}

static int fail(const char *program, const char *message) {
  fprintf(stderr, "%s: %s\n", program, message);
  return 1;
}

static int shape_matches(const qedge_npy_array *a,
                         const qedge_buffer_spec *spec) {
  size_t i;
  if (a->rank != spec->rank)
    return 0;
  for (i = 0; i < a->rank; ++i)
    if (a->shape[i] != spec->shape[i])
      return 0;
  return 1;
}

/* The bytes of a buffer of `spec`; the compiler checked that they fit. */
static uint64_t spec_bytes(const qedge_buffer_spec *spec) {
  uint64_t bytes = qedge_npy_dtype_size(spec->dtype);
  size_t i;
  for (i = 0; i < spec->rank; ++i)
    bytes *= (uint64_t)spec->shape[i];
  return bytes;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int qedge_main(int argc, char **argv, const char *name,
               const qedge_buffer_spec *arguments, size_t num_arguments,
               const qedge_buffer_spec *results, size_t num_results,
               qedge_entry_fn entry) {
  const char *program = program_name(argc > 0 ? argv[0] : name);
  const char *inputs[MAX_BUFFERS], *outputs[MAX_BUFFERS];
  size_t num_inputs = 0, num_outputs = 0, i;
  long benchmark = 0;
  qedge_npy_array arrays[2 * MAX_BUFFERS];
  void *buffers[2 * MAX_BUFFERS];
  char message[MESSAGE_SIZE], err[MESSAGE_SIZE];
  int status = 0;
  int a;

  if (num_arguments > MAX_BUFFERS || num_results > MAX_BUFFERS)
    return fail(program, "too many arguments or results");
  qedge_npy_remove_temporaries_on_signals();
  for (a = 1; a < argc; ++a) {
    const char *arg = argv[a];
    if (strncmp(arg, "--input=", 8) == 0) {
      if (num_inputs == MAX_BUFFERS)
        return fail(program, "too many --input options");
      inputs[num_inputs++] = arg + 8;
    } else if (strncmp(arg, "--output=", 9) == 0) {
      if (num_outputs == MAX_BUFFERS)
        return fail(program, "too many --output options");
      outputs[num_outputs++] = arg + 9;
    } else if (strncmp(arg, "--benchmark=", 12) == 0) {
      char *end;
      benchmark = strtol(arg + 12, &end, 10);
      if (*end != '\0' || benchmark <= 0)
        return fail(program, "--benchmark takes a positive number of calls");
    } else {
      snprintf(message, sizeof message,
               "unknown argument '%s'; usage: %s --input=FILE.npy ... "
               "[--output=FILE.npy ...] [--benchmark=N]",
               arg, program);
      return fail(program, message);
    }
  }
  if (num_inputs != num_arguments) {
    snprintf(message, sizeof message,
             "'%s' takes %zu argument%s, but --input was given %zu time%s",
             name, num_arguments, num_arguments == 1 ? "" : "s", num_inputs,
             num_inputs == 1 ? "" : "s");
    return fail(program, message);
  }
  if (num_outputs != 0 && num_outputs != num_results) {
    snprintf(message, sizeof message,
             "'%s' returns %zu result%s, but --output was given %zu time%s",
             name, num_results, num_results == 1 ? "" : "s", num_outputs,
             num_outputs == 1 ? "" : "s");
    return fail(program, message);
  }

  for (i = 0; i < num_outputs; ++i) {
    size_t j;
    for (j = 0; j < i; ++j)
      if (strcmp(outputs[i], outputs[j]) == 0) {
        snprintf(message, sizeof message,
                 "--output '%s' is given for results %zu and %zu", outputs[i],
                 j + 1, i + 1);
        return fail(program, message);
      }
  }

  memset(arrays, 0, sizeof arrays);
  for (i = 0; i < num_arguments && status == 0; ++i) {
    const qedge_buffer_spec *spec = &arguments[i];
    /* The program's own buffers may exceed the default limit (qedge-compile
       --max-tensor-bytes); a larger file cannot match them anyway. */
    uint64_t limit = spec_bytes(spec) > QEDGE_NPY_DEFAULT_MAX_BYTES
                         ? spec_bytes(spec)
                         : QEDGE_NPY_DEFAULT_MAX_BYTES;
    if (qedge_npy_read_limited(inputs[i], &arrays[i], limit, err,
                               sizeof err) != QEDGE_NPY_OK) {
      snprintf(message, sizeof message, "input %zu: %s", i + 1, err);
      status = fail(program, message);
    } else if (arrays[i].dtype != spec->dtype &&
               arrays[i].dtype != spec->alt_dtype) {
      snprintf(message, sizeof message,
               "input %zu ('%s'): dtype %s does not match argument type %s",
               i + 1, inputs[i], qedge_npy_dtype_name(arrays[i].dtype),
               spec->type_name);
      status = fail(program, message);
    } else if (!shape_matches(&arrays[i], spec)) {
      char shape[256];
      qedge_npy_format_shape(arrays[i].rank, arrays[i].shape, shape,
                             sizeof shape);
      snprintf(message, sizeof message,
               "input %zu ('%s'): shape %s does not match argument type %s",
               i + 1, inputs[i], shape, spec->type_name);
      status = fail(program, message);
    }
    buffers[i] = arrays[i].data;
  }
  for (i = 0; i < num_results && status == 0; ++i) {
    const qedge_buffer_spec *spec = &results[i];
    qedge_npy_array *out = &arrays[num_arguments + i];
    if (qedge_npy_alloc(out, spec->dtype, spec->rank, spec->shape, err,
                        sizeof err) != QEDGE_NPY_OK) {
      snprintf(message, sizeof message, "result %zu: %s", i + 1, err);
      status = fail(program, message);
    }
    buffers[num_arguments + i] = out->data;
  }

  if (status == 0) {
    entry(buffers);
    if (benchmark > 0) {
      double *times = (double *)malloc((size_t)benchmark * sizeof(double));
      long n;
      if (!times) {
        status = fail(program, "out of memory");
      } else {
        for (n = 0; n < benchmark; ++n) {
          double start = now_us();
          entry(buffers);
          times[n] = now_us() - start;
        }
        double median = qedge_median_us(times, (size_t)benchmark);
        printf("%s: %s: median %.3f us, min %.3f us over %ld call%s\n", program,
               name, median, times[0], benchmark, benchmark == 1 ? "" : "s");
        free(times);
      }
    }
  }
  for (i = 0; i < num_outputs && status == 0; ++i) {
    if (qedge_npy_write(outputs[i], &arrays[num_arguments + i], err,
                        sizeof err) != QEDGE_NPY_OK) {
      snprintf(message, sizeof message, "output %zu: %s", i + 1, err);
      status = fail(program, message);
    }
  }
  for (i = 0; i < num_arguments + num_results; ++i)
    qedge_npy_free(&arrays[i]);
  return status;
}
