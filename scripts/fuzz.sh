#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) into ${QEDGE_FUZZ_BUILD_DIR:-build-fuzz}
# and runs them:
#
#   scripts/fuzz.sh [all|npy|parse|quantmath|differential] [SECONDS]
#   scripts/fuzz.sh check
#
# Each target runs for SECONDS (60 by default) on one core, over a working
# corpus in the build directory that starts from fuzz/corpus/<target> and
# keeps growing from run to run. Prints each target's execution count; exits
# non-zero when a target found a crash, leak or mismatch (its reproducer is
# written to <build>/fuzz/artifacts/<target>/).
#
# `check` replays the checked-in seeds and regression reproducers of every
# target once (no mutation): seconds, for after a change.
#
# QEDGE_FUZZ_ASAN=0 builds without AddressSanitizer (UBSan, assertions and
# coverage stay) into build-fuzz-noasan: more than twice the executions for
# the differential target, whose findings are mismatches, not memory errors.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
asan=${QEDGE_FUZZ_ASAN:-1}
if [ "$asan" = 0 ]; then
  build=${QEDGE_FUZZ_BUILD_DIR:-$root/build-fuzz-noasan}
else
  build=${QEDGE_FUZZ_BUILD_DIR:-$root/build-fuzz}
fi
llvm=/usr/lib/llvm-22
which=${1:-all}
seconds=${2:-60}

all_targets="npy parse quantmath differential"
replay=0
case "$which" in
  all) targets=$all_targets ;;
  check) targets=$all_targets; replay=1 ;;
  npy|parse|quantmath|differential) targets=$which ;;
  *) echo "usage: $0 [all|check|${all_targets// /|}] [seconds]" >&2; exit 2 ;;
esac

# Coverage instrumentation for everything the fuzzers link, with the
# sanitizers; assertions stay enabled (no NDEBUG).
sanitize="-fsanitize=fuzzer-no-link,address,undefined"
[ "$asan" = 0 ] && sanitize="-fsanitize=fuzzer-no-link,undefined"
sanitize+=" -fno-sanitize=vptr,function -fno-sanitize-recover=all"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_FLAGS="$sanitize" \
    -DCMAKE_CXX_FLAGS="$sanitize" \
    -DMLIR_DIR=$llvm/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=$llvm/bin/clang \
    -DCMAKE_CXX_COMPILER=$llvm/bin/clang++ \
    -DLLVM_USE_LINKER=lld \
    -DQEDGE_BUILD_FUZZERS=ON \
    -DQEDGE_BUILD_TESTS=OFF >/dev/null
fi
ninja -C "$build" -j "${QEDGE_FUZZ_JOBS:-2}" \
  $(for t in $targets; do echo "qedge-fuzz-$t"; done)

status=0
summary=()
for t in $targets; do
  corpus=$build/fuzz/corpus/$t
  artifacts=$build/fuzz/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [ -f "$root/fuzz/dict/$t.dict" ] && dict=(-dict="$root/fuzz/dict/$t.dict")
  log=$build/fuzz/$t.log
  rc=0
  if [ $replay -eq 1 ]; then
    echo "== qedge-fuzz-$t: the seeds of fuzz/corpus/$t"
    "$build/bin/qedge-fuzz-$t" -runs=0 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$root/fuzz/corpus/$t" \
      >"$log" 2>&1 || rc=$?
  else
    echo "== qedge-fuzz-$t: ${seconds}s, corpus $corpus"
    # The first directory receives new inputs; the repository's seeds are
    # read only.
    "$build/bin/qedge-fuzz-$t" "$corpus" "$root/fuzz/corpus/$t" \
      "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$artifacts/" -timeout=60 -rss_limit_mb=4096 \
      >"$log" 2>&1 || rc=$?
  fi
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" |
         tail -n 1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" |
         tail -n 1)
  line="qedge-fuzz-$t: ${runs:-0} executions (${rate:-0}/s)"
  if [ $rc -ne 0 ]; then
    status=1
    line+=", FAILED (exit $rc): see $log and $artifacts"
    tail -n 30 "$log" >&2
  fi
  summary+=("$line")
done
printf '%s\n' "${summary[@]}"
exit $status
