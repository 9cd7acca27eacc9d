/* Runs compiled entry points with every buffer against a PROT_NONE guard
 * page, so that any access outside a buffer faults and is reported.
 *
 * For each entry of the table in guard_harness.h and each placement:
 *
 *   end    every argument and result ends exactly where a PROT_NONE page
 *          begins (reads or writes past the end fault);
 *   start  every buffer starts right after a PROT_NONE page (accesses before
 *          the start fault);
 *
 * inputs are filled with deterministic pseudo-random data and made read-only
 * for the call (the C ABI: arguments are only read), results are prefilled
 * with 0xA5. The same call on ordinary malloc'd buffers (results prefilled
 * with 0x5A, so an output byte the entry leaves unwritten shows as a
 * difference) must give byte-identical results. The entry's own allocations
 * (qedge_guard_malloc / qedge_guard_free, its object's malloc and free
 * renamed) are placed the same way during the call. A fault names the entry,
 * the placement, the buffer and the offset of the access from the buffer's
 * start.
 *
 * --self-check proves that the harness detects what it claims to: built-in
 * entries with a planted one-byte over-read, under-read, out-of-bounds write,
 * write to an input, unwritten output byte, and over-read, under-read and
 * use after free of an allocation must each be reported exactly (and a
 * correct one must pass); then every compiled entry is run with each of its
 * buffers declared one element short at the guarded side, and the access to
 * that element must fault.
 *
 * Exit status: 0 when everything is as expected, 1 otherwise. C99 + POSIX.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "guard_harness.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_BUFFERS 16

enum placement { PLACE_END, PLACE_START };
static const char *const placement_names[] = {
    "buffers end at a PROT_NONE page", "buffers start after a PROT_NONE page"};

/* How one run went. */
enum outcome { RUN_OK, RUN_FAULT, RUN_DIFFERENT };

typedef struct {
  enum outcome outcome;
  /* RUN_FAULT: the buffer next to (or holding) the faulting address, -1 when
   * none, and the offset of the address from that buffer's start. */
  int buffer;
  long long offset;
  void *address;
  int signal;
  /* RUN_FAULT in an allocation of the entry: its size, whether freed. */
  size_t allocation_bytes;
  int allocation_freed;
  /* RUN_DIFFERENT: the result, its first differing byte and how many. */
  size_t first_difference, differences;
} run_report;

/* A buffer placed in its own mapping: [guard page][data pages][guard page]. */
typedef struct {
  unsigned char *map;
  size_t map_bytes, data_bytes;
  unsigned char *ptr; /* what the entry gets */
  size_t bytes;       /* what the entry may touch */
} guarded_buffer;

static size_t page_bytes;
static guarded_buffer guarded[MAX_BUFFERS];
static int num_guarded;

/* The entry's own allocations during a guarded call: its object's malloc and
 * free renamed to qedge_guard_malloc and qedge_guard_free (guard_pages.py
 * does it with llvm-objcopy). Each is placed as the caller's buffers are, to
 * within malloc's 16-byte alignment at the end; a freed one stays mapped
 * PROT_NONE until the call returns, so a use after free faults too. */
#define MAX_ALLOCATIONS 256
#define MALLOC_ALIGNMENT 16
typedef struct {
  guarded_buffer buffer;
  int freed;
} allocation;
static allocation allocations[MAX_ALLOCATIONS];
static int num_allocations, guard_allocations;
static long total_allocations; /* guarded, over the normal runs */
static enum placement allocation_placement;
static sigjmp_buf fault_jump;
static volatile sig_atomic_t in_call;
static void *volatile fault_address;
static volatile int fault_signal;

/*===--------------------------------------------------------------------===*/
/* Faults                                                                  */
/*===--------------------------------------------------------------------===*/

static void on_fault(int sig, siginfo_t *info, void *context) {
  (void)context;
  if (!in_call) {
    /* Not the entry's: let the default action report it. */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  fault_address = info->si_addr;
  fault_signal = sig;
  siglongjmp(fault_jump, 1);
}

static void install_handlers(void) {
  static char stack[1 << 16];
  stack_t alt;
  struct sigaction action;
  alt.ss_sp = stack;
  alt.ss_size = sizeof stack;
  alt.ss_flags = 0;
  sigaltstack(&alt, NULL);
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, NULL);
  sigaction(SIGBUS, &action, NULL);
}

/* The buffer whose mapping holds `address`, and the offset from its start:
 * an argument or result (0..), or an allocation of the entry (-2 - its
 * index); -1 for none. */
static int locate(const void *address, long long *offset) {
  const unsigned char *a = (const unsigned char *)address;
  int i;
  for (i = 0; i < num_guarded; ++i) {
    const guarded_buffer *g = &guarded[i];
    if (a >= g->map && a < g->map + g->map_bytes) {
      *offset = (long long)(a - g->ptr);
      return i;
    }
  }
  for (i = 0; i < num_allocations; ++i) {
    const guarded_buffer *g = &allocations[i].buffer;
    if (a >= g->map && a < g->map + g->map_bytes) {
      *offset = (long long)(a - g->ptr);
      return -2 - i;
    }
  }
  *offset = 0;
  return -1;
}

/*===--------------------------------------------------------------------===*/
/* Buffers                                                                 */
/*===--------------------------------------------------------------------===*/

/* Places `bytes` against a guard page. `shift` moves the buffer that many
 * bytes into the guard page on the guarded side (the self-check's buffers
 * declared one element short). */
static int place(guarded_buffer *g, size_t bytes, enum placement where,
                 size_t shift) {
  size_t pages = (bytes + page_bytes - 1) / page_bytes;
  if (pages == 0)
    pages = 1;
  g->data_bytes = pages * page_bytes;
  g->map_bytes = g->data_bytes + 2 * page_bytes;
  g->map = (unsigned char *)mmap(NULL, g->map_bytes, PROT_NONE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (g->map == (unsigned char *)MAP_FAILED) {
    perror("guard_harness: mmap");
    return -1;
  }
  if (mprotect(g->map + page_bytes, g->data_bytes, PROT_READ | PROT_WRITE)) {
    perror("guard_harness: mprotect");
    return -1;
  }
  g->bytes = bytes;
  if (where == PLACE_END)
    g->ptr = g->map + page_bytes + g->data_bytes - bytes + shift;
  else
    g->ptr = g->map + page_bytes - shift;
  return 0;
}

static void release(guarded_buffer *g) { munmap(g->map, g->map_bytes); }

void *qedge_guard_malloc(size_t bytes);
void qedge_guard_free(void *p);

void *qedge_guard_malloc(size_t bytes) {
  allocation *a;
  size_t rounded =
      (bytes + MALLOC_ALIGNMENT - 1) / MALLOC_ALIGNMENT * MALLOC_ALIGNMENT;
  if (!guard_allocations || num_allocations == MAX_ALLOCATIONS)
    return malloc(bytes);
  a = &allocations[num_allocations];
  if (place(&a->buffer, rounded, allocation_placement, 0))
    return NULL;
  a->buffer.bytes = bytes;
  a->freed = 0;
  ++num_allocations;
  ++total_allocations;
  return a->buffer.ptr;
}

void qedge_guard_free(void *p) {
  int i;
  for (i = 0; i < num_allocations; ++i)
    if (allocations[i].buffer.ptr == p && !allocations[i].freed) {
      allocations[i].freed = 1;
      mprotect(allocations[i].buffer.map, allocations[i].buffer.map_bytes,
               PROT_NONE);
      return;
    }
  free(p);
}

static void release_allocations(void) {
  int i;
  for (i = 0; i < num_allocations; ++i)
    release(&allocations[i].buffer);
  num_allocations = 0;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

static uint64_t name_hash(const char *name) {
  uint64_t h = 1469598103934665603ULL;
  for (; *name; ++name)
    h = (h ^ (unsigned char)*name) * 1099511628211ULL;
  return h;
}

/* The deterministic contents of input `index` of `entry`: random bytes, or
 * for float data values in [-4, 4) (random bit patterns would be mostly
 * NaNs and huge magnitudes that a quantize saturates). */
static const char *fill_seed; /* when set, in place of the entry's name */

static void fill_input(const guard_entry *entry, int index, unsigned char *p) {
  size_t n = entry->elements[index], size = entry->element_bytes[index];
  uint64_t state = mix(name_hash(fill_seed ? fill_seed : entry->name) +
                       (uint64_t)index * 0x9e37ULL);
  size_t i;
  if (entry->kinds[index] == 'f' && size == sizeof(float)) {
    for (i = 0; i < n; ++i) {
      float v;
      state = mix(state + 1);
      v = (float)((double)(state >> 40) / (double)(1ULL << 24) * 8.0 - 4.0);
      memcpy(p + i * size, &v, sizeof v);
    }
    return;
  }
  for (i = 0; i < n * size; ++i) {
    if (i % 8 == 0)
      state = mix(state + 1);
    p[i] = (unsigned char)(state >> (8 * (i % 8)));
  }
}

static size_t buffer_bytes(const guard_entry *e, int i) {
  return e->elements[i] * e->element_bytes[i];
}

/*===--------------------------------------------------------------------===*/
/* Runs                                                                    */
/*===--------------------------------------------------------------------===*/

/* The results of `entry` on malloc'd buffers, one allocation per result. */
static unsigned char **reference_results(const guard_entry *entry) {
  int total = entry->num_args + entry->num_results, i;
  void *buffers[MAX_BUFFERS];
  unsigned char **results =
      (unsigned char **)calloc((size_t)entry->num_results, sizeof *results);
  for (i = 0; i < total; ++i) {
    size_t bytes = buffer_bytes(entry, i);
    unsigned char *p = (unsigned char *)malloc(bytes ? bytes : 1);
    if (!p) {
      fprintf(stderr, "guard_harness: out of memory\n");
      exit(1);
    }
    if (i < entry->num_args)
      fill_input(entry, i, p);
    else
      memset(p, 0x5A, bytes);
    buffers[i] = p;
  }
  entry->call(buffers);
  for (i = 0; i < total; ++i) {
    if (i < entry->num_args)
      free(buffers[i]);
    else
      results[i - entry->num_args] = (unsigned char *)buffers[i];
  }
  return results;
}

static void free_results(const guard_entry *entry, unsigned char **results) {
  int i;
  for (i = 0; i < entry->num_results; ++i)
    free(results[i]);
  free(results);
}

/* One guarded call of `entry`; `shifted` (or -1) is the buffer moved
 * `shift` bytes into its guard page. */
static run_report guarded_run(const guard_entry *entry, enum placement where,
                              unsigned char **expected, int shifted,
                              size_t shift) {
  run_report report;
  int total = entry->num_args + entry->num_results, i;
  void *buffers[MAX_BUFFERS];
  memset(&report, 0, sizeof report);
  report.buffer = -1;
  num_guarded = 0;
  for (i = 0; i < total; ++i) {
    guarded_buffer *g = &guarded[i];
    size_t bytes = buffer_bytes(entry, i);
    if (place(g, bytes, where, i == shifted ? shift : 0)) {
      fprintf(stderr, "guard_harness: cannot map a buffer of %zu bytes\n",
              bytes);
      exit(1);
    }
    num_guarded = i + 1;
    if (i < entry->num_args) {
      if (i == shifted) {
        /* The bytes moved into the guard page are not there: fill what
         * remains, so that the data the entry sees is still defined. */
        unsigned char *tmp = (unsigned char *)malloc(bytes);
        fill_input(entry, i, tmp);
        if (where == PLACE_END)
          memcpy(g->ptr, tmp, bytes - shift);
        else
          memcpy(g->ptr + shift, tmp + shift, bytes - shift);
        free(tmp);
      } else {
        fill_input(entry, i, g->ptr);
      }
      mprotect(g->map + page_bytes, g->data_bytes, PROT_READ);
    } else if (i == shifted) {
      if (where == PLACE_END)
        memset(g->ptr, 0xA5, bytes - shift);
      else
        memset(g->ptr + shift, 0xA5, bytes - shift);
    } else {
      memset(g->ptr, 0xA5, bytes);
    }
    buffers[i] = g->ptr;
  }

  allocation_placement = where;
  num_allocations = 0;
  if (sigsetjmp(fault_jump, 1) == 0) {
    guard_allocations = 1;
    in_call = 1;
    entry->call(buffers);
    in_call = 0;
    guard_allocations = 0;
    report.outcome = RUN_OK;
    for (i = 0; i < entry->num_results && expected; ++i) {
      const guarded_buffer *g = &guarded[entry->num_args + i];
      size_t k;
      for (k = 0; k < g->bytes; ++k)
        if (g->ptr[k] != expected[i][k]) {
          if (report.outcome == RUN_OK) {
            report.outcome = RUN_DIFFERENT;
            report.buffer = entry->num_args + i;
            report.first_difference = k;
          }
          ++report.differences;
        }
      if (report.outcome != RUN_OK)
        break;
    }
  } else {
    in_call = 0;
    guard_allocations = 0;
    report.outcome = RUN_FAULT;
    report.address = fault_address;
    report.signal = fault_signal;
    report.buffer = locate(fault_address, &report.offset);
    if (report.buffer <= -2) {
      const allocation *a = &allocations[-2 - report.buffer];
      report.allocation_bytes = a->buffer.bytes;
      report.allocation_freed = a->freed;
    }
  }
  release_allocations();
  for (i = 0; i < total; ++i)
    release(&guarded[i]);
  num_guarded = 0;
  return report;
}

static void buffer_name(const guard_entry *entry, int buffer, char *out,
                        size_t size) {
  if (buffer < entry->num_args)
    snprintf(out, size, "arg%d", buffer);
  else
    snprintf(out, size, "result%d", buffer - entry->num_args);
}

/* One line describing a failed run. */
static void describe(FILE *out, const char *label, const guard_entry *entry,
                     enum placement where, const run_report *r) {
  char name[32];
  fprintf(out, "FAIL: %s%s%s (%s): ", label, *label ? ": " : "", entry->name,
          placement_names[where]);
  if (r->outcome == RUN_DIFFERENT) {
    size_t bytes = buffer_bytes(entry, r->buffer);
    buffer_name(entry, r->buffer, name, sizeof name);
    fprintf(out,
            "%s (%zu bytes) differs from the run on malloc'd buffers in %zu "
            "bytes, the first at offset %zu (an unwritten output byte keeps "
            "its prefill: 0xA5 here, 0x5A there)\n",
            name, bytes, r->differences, r->first_difference);
    return;
  }
  if (r->buffer <= -2) {
    long long bytes = (long long)r->allocation_bytes;
    fprintf(out, "%s on the entry's allocation #%d (malloc of %lld bytes%s) "
            "at offset %lld: ",
            r->signal == SIGBUS ? "SIGBUS" : "SIGSEGV", -2 - r->buffer, bytes,
            r->allocation_freed ? ", already freed" : "", r->offset);
    if (r->allocation_freed)
      fprintf(out, "a use after free\n");
    else if (r->offset >= bytes)
      fprintf(out, "byte %lld past the end\n", r->offset - bytes + 1);
    else if (r->offset < 0)
      fprintf(out, "byte %lld before the start\n", -r->offset);
    else
      fprintf(out, "inside the allocation\n");
    return;
  }
  if (r->buffer < 0) {
    fprintf(out,
            "%s at address %p, in no buffer's mapping (not an access next to "
            "a buffer)\n",
            r->signal == SIGBUS ? "SIGBUS" : "SIGSEGV", r->address);
    return;
  }
  buffer_name(entry, r->buffer, name, sizeof name);
  {
    long long bytes = (long long)buffer_bytes(entry, r->buffer);
    fprintf(out, "%s on %s (%lld bytes, element %zu bytes) at offset %lld: ",
            r->signal == SIGBUS ? "SIGBUS" : "SIGSEGV", name, bytes,
            entry->element_bytes[r->buffer], r->offset);
    if (r->offset >= bytes)
      fprintf(out, "byte %lld past the end\n", r->offset - bytes + 1);
    else if (r->offset < 0)
      fprintf(out, "byte %lld before the start\n", -r->offset);
    else if (r->buffer < entry->num_args)
      fprintf(out, "inside the buffer: a write to a read-only argument\n");
    else
      fprintf(out, "inside the buffer\n");
  }
}

/*===--------------------------------------------------------------------===*/
/* Self-check                                                              */
/*===--------------------------------------------------------------------===*/

/* Planted faults, each in a function the harness must catch. `volatile` keeps
 * the compiler from removing or moving the access. */
#define SELF_BYTES 37
static void copy_in_bounds(void **b) {
  const volatile unsigned char *in = (const unsigned char *)b[0];
  volatile unsigned char *out = (unsigned char *)b[1];
  size_t i;
  for (i = 0; i < SELF_BYTES; ++i)
    out[i] = in[i];
}
static volatile unsigned char sink;
static void read_past_end(void **b) {
  copy_in_bounds(b);
  sink = ((const volatile unsigned char *)b[0])[SELF_BYTES];
}
static void read_before_start(void **b) {
  copy_in_bounds(b);
  sink = ((const volatile unsigned char *)b[0])[-1];
}
static void write_past_end(void **b) {
  copy_in_bounds(b);
  ((volatile unsigned char *)b[1])[SELF_BYTES] = 0;
}
static void write_before_start(void **b) {
  copy_in_bounds(b);
  ((volatile unsigned char *)b[1])[-1] = 0;
}
static void write_to_input(void **b) {
  copy_in_bounds(b);
  ((volatile unsigned char *)b[0])[SELF_BYTES / 2] = 0;
}
static void leave_last_byte(void **b) {
  const volatile unsigned char *in = (const unsigned char *)b[0];
  volatile unsigned char *out = (unsigned char *)b[1];
  size_t i;
  for (i = 0; i + 1 < SELF_BYTES; ++i)
    out[i] = in[i];
}

/* The same through the entry's own allocations (48 bytes: a multiple of the
 * alignment, so that the end is exact). */
#define SELF_ALLOCATION 48
static void allocation_read_past_end(void **b) {
  volatile unsigned char *p =
      (volatile unsigned char *)qedge_guard_malloc(SELF_ALLOCATION);
  copy_in_bounds(b);
  p[0] = 1;
  sink = p[SELF_ALLOCATION];
  qedge_guard_free((void *)p);
}
static void allocation_read_before_start(void **b) {
  volatile unsigned char *p =
      (volatile unsigned char *)qedge_guard_malloc(SELF_ALLOCATION);
  copy_in_bounds(b);
  p[0] = 1;
  sink = p[-1];
  qedge_guard_free((void *)p);
}
static void allocation_use_after_free(void **b) {
  volatile unsigned char *p =
      (volatile unsigned char *)qedge_guard_malloc(SELF_ALLOCATION);
  copy_in_bounds(b);
  p[0] = 1;
  qedge_guard_free((void *)p);
  sink = p[0];
}

static const size_t self_elements[] = {SELF_BYTES, SELF_BYTES};
static const size_t self_element_bytes[] = {1, 1};

typedef struct {
  guard_entry entry;
  /* Expected per placement: the outcome, the buffer and offset of a fault
   * (or of a first difference). */
  enum outcome outcome[2];
  int buffer[2];
  long long offset[2];
} planted;

#define SELF_ENTRY(fn)                                                         \
  { #fn, fn, 1, 1, self_elements, self_element_bytes, "ii" }

static const planted planted_faults[] = {
    {SELF_ENTRY(copy_in_bounds), {RUN_OK, RUN_OK}, {-1, -1}, {0, 0}},
    {SELF_ENTRY(read_past_end),
     {RUN_FAULT, RUN_OK},
     {0, -1},
     {SELF_BYTES, 0}},
    {SELF_ENTRY(read_before_start), {RUN_OK, RUN_FAULT}, {-1, 0}, {0, -1}},
    {SELF_ENTRY(write_past_end),
     {RUN_FAULT, RUN_OK},
     {1, -1},
     {SELF_BYTES, 0}},
    {SELF_ENTRY(write_before_start), {RUN_OK, RUN_FAULT}, {-1, 1}, {0, -1}},
    {SELF_ENTRY(write_to_input),
     {RUN_FAULT, RUN_FAULT},
     {0, 0},
     {SELF_BYTES / 2, SELF_BYTES / 2}},
    {SELF_ENTRY(allocation_read_past_end),
     {RUN_FAULT, RUN_OK},
     {-2, -1},
     {SELF_ALLOCATION, 0}},
    {SELF_ENTRY(allocation_read_before_start),
     {RUN_OK, RUN_FAULT},
     {-1, -2},
     {0, -1}},
    {SELF_ENTRY(allocation_use_after_free),
     {RUN_FAULT, RUN_FAULT},
     {-2, -2},
     {0, 0}},
    {SELF_ENTRY(leave_last_byte),
     {RUN_DIFFERENT, RUN_DIFFERENT},
     {1, 1},
     {SELF_BYTES - 1, SELF_BYTES - 1}},
};

/* The planted faults: each reported exactly, the correct copy passing. The
 * expected results are the correct copy's (the planted accesses would
 * corrupt the heap of a malloc'd run). */
static int self_check_planted(const char *label, int *caught) {
  int failures = 0;
  size_t i;
  unsigned char **expected;
  fill_seed = "self-check"; /* the same inputs for every planted entry */
  expected = reference_results(&planted_faults[0].entry);
  *caught = 0;
  for (i = 0; i < sizeof planted_faults / sizeof planted_faults[0]; ++i) {
    const planted *p = &planted_faults[i];
    int w;
    for (w = PLACE_END; w <= PLACE_START; ++w) {
      run_report r = guarded_run(&p->entry, (enum placement)w, expected, -1, 0);
      long long where = r.outcome == RUN_DIFFERENT ? (long long)r.first_difference
                                                   : r.offset;
      int ok = r.outcome == p->outcome[w];
      if (ok && r.outcome != RUN_OK)
        ok = r.buffer == p->buffer[w] && where == p->offset[w];
      if (!ok) {
        ++failures;
        printf("SELF-CHECK FAILED: %s%s%s (%s): expected %s", label,
               *label ? ": " : "", p->entry.name, placement_names[w],
               p->outcome[w] == RUN_OK      ? "a clean run"
               : p->outcome[w] == RUN_FAULT ? "a fault"
                                            : "a difference");
        if (p->outcome[w] != RUN_OK)
          printf(" on buffer %d at offset %lld", p->buffer[w], p->offset[w]);
        printf(", got: ");
        if (r.outcome == RUN_OK)
          printf("a clean run\n");
        else
          describe(stdout, "", &p->entry, (enum placement)w, &r);
      } else if (r.outcome != RUN_OK) {
        ++*caught;
      }
    }
  }
  free_results(&planted_faults[0].entry, expected);
  fill_seed = NULL;
  return failures;
}

/* Every buffer of `entry` declared one element short at its guarded side:
 * the entry reads (or writes) every element, so the access to the element
 * that now lies in the guard page must fault, on that buffer. */
static int self_check_short(const char *label, const guard_entry *entry,
                            int *caught) {
  int failures = 0, total = entry->num_args + entry->num_results, i, w;
  for (i = 0; i < total; ++i)
    for (w = PLACE_END; w <= PLACE_START; ++w) {
      run_report r = guarded_run(entry, (enum placement)w, NULL, i,
                                 entry->element_bytes[i]);
      long long bytes = (long long)buffer_bytes(entry, i);
      long long shift = (long long)entry->element_bytes[i];
      /* The element in the guard page: the last one, or the first. */
      int in_guard = w == PLACE_END ? r.offset >= bytes - shift
                                    : r.offset < shift;
      char name[32];
      if (r.outcome == RUN_FAULT && r.buffer == i && in_guard) {
        ++*caught;
        continue;
      }
      ++failures;
      buffer_name(entry, i, name, sizeof name);
      printf("SELF-CHECK FAILED: %s%s%s (%s): with %s declared one element "
             "short, the access to its %s element was not caught; got: ",
             label, *label ? ": " : "", entry->name, placement_names[w], name,
             w == PLACE_END ? "last" : "first");
      if (r.outcome == RUN_FAULT)
        describe(stdout, "", entry, (enum placement)w, &r);
      else
        printf("a run without a fault\n");
    }
  return failures;
}

/*===--------------------------------------------------------------------===*/
/* Driver                                                                  */
/*===--------------------------------------------------------------------===*/

static int selected(const char *only, const char *name) {
  size_t n = strlen(name);
  const char *p = only;
  if (!only)
    return 1;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && strncmp(p, name, n) == 0)
      return 1;
    if (!end)
      break;
    p = end + 1;
  }
  return 0;
}

static void usage(FILE *out) {
  fprintf(out,
          "usage: guard_harness [--label=TEXT] [--only=NAME,...] "
          "[--placement=end|start|both] [--self-check] [--list] [--verbose]\n");
}

int main(int argc, char **argv) {
  const char *label = "", *only = NULL;
  int self_check = 0, verbose = 0, list = 0, first = PLACE_END,
      last = PLACE_START;
  int failures = 0, runs = 0, programs = 0, e, i;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (strncmp(a, "--label=", 8) == 0)
      label = a + 8;
    else if (strncmp(a, "--only=", 7) == 0)
      only = a + 7;
    else if (strcmp(a, "--placement=end") == 0)
      first = last = PLACE_END;
    else if (strcmp(a, "--placement=start") == 0)
      first = last = PLACE_START;
    else if (strcmp(a, "--placement=both") == 0)
      first = PLACE_END, last = PLACE_START;
    else if (strcmp(a, "--self-check") == 0)
      self_check = 1;
    else if (strcmp(a, "--verbose") == 0)
      verbose = 1;
    else if (strcmp(a, "--list") == 0)
      list = 1;
    else if (strcmp(a, "--help") == 0) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "guard_harness: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }
  page_bytes = (size_t)sysconf(_SC_PAGESIZE);
  install_handlers();
  setvbuf(stdout, NULL, _IOLBF, 0);

  for (e = 0; e < guard_num_entries; ++e) {
    const guard_entry *entry = &guard_entries[e];
    unsigned char **expected;
    int w, entry_failures = 0;
    if (!selected(only, entry->name))
      continue;
    if (list) {
      printf("%s\n", entry->name);
      continue;
    }
    if (entry->num_args + entry->num_results > MAX_BUFFERS) {
      printf("FAIL: %s: more than %d buffers\n", entry->name, MAX_BUFFERS);
      ++failures;
      continue;
    }
    ++programs;
    expected = reference_results(entry);
    for (w = first; w <= last; ++w) {
      run_report r = guarded_run(entry, (enum placement)w, expected, -1, 0);
      ++runs;
      if (r.outcome != RUN_OK) {
        describe(stdout, label, entry, (enum placement)w, &r);
        ++entry_failures;
      }
    }
    free_results(entry, expected);
    if (verbose && !entry_failures)
      printf("ok: %s\n", entry->name);
    failures += entry_failures;
  }
  if (list)
    return 0;
  if (only && programs == 0) {
    fprintf(stderr, "guard_harness: no entry matches --only=%s\n", only);
    return 2;
  }
  if (failures == 0)
    printf("%s%s%d programs x %d placements: every access within bounds "
           "(with %ld allocations of the entries), results byte-identical to "
           "malloc'd buffers\n",
           label, *label ? ": " : "", programs, last - first + 1,
           total_allocations);
  else
    printf("%s%s%d of %d runs FAILED\n", label, *label ? ": " : "", failures,
           runs);

  if (self_check) {
    int caught_planted = 0, caught_short = 0, self_failures;
    size_t num_planted = sizeof planted_faults / sizeof planted_faults[0];
    self_failures = self_check_planted(label, &caught_planted);
    for (e = 0; e < guard_num_entries; ++e)
      if (selected(only, guard_entries[e].name))
        self_failures +=
            self_check_short(label, &guard_entries[e], &caught_short);
    if (self_failures == 0)
      printf("%s%sself-check: %d planted faults reported exactly (%d "
             "functions, the correct one clean), %d buffers declared one "
             "element short caught\n",
             label, *label ? ": " : "", caught_planted, (int)num_planted,
             caught_short);
    else
      printf("%s%sself-check FAILED: %d checks\n", label, *label ? ": " : "",
             self_failures);
    failures += self_failures;
  }
  return failures ? 1 : 0;
}
