#!/usr/bin/env bash
# Runs the whole lit suite of the build in $1 (the regression tests, the unit
# tests and the tooling checks) and prints one summary line labelled $2.
# Non-zero on any failure, or when nothing passed.
set -euo pipefail
build=$1
label=$2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv --show-unsupported "$build/test" "$build/test/Unit" 2>&1 | tee "$log" || status=$?

# lit pads the labels ("Passed     : 3") when several kinds of result occur.
count() { sed -nE "s/^ *$1 *: *([0-9]+).*/\1/p" "$log" | tail -n 1; }
passed=$(count Passed); failed=$(count Failed)
unsupported=$(count Unsupported)
echo "$label: ${passed:-0} passed, ${failed:-0} failed, ${unsupported:-0} skipped"
[ "${passed:-0}" -gt 0 ] || status=1
exit $status
