#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (lit: the
# regression tests, the unit tests and the tooling checks). Non-zero on any
# failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" all mlir-doc

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv --show-unsupported "$build/test" "$build/test/Unit" 2>&1 | tee "$log" || status=$?

# lit pads the labels ("Passed     : 3") when several kinds of result occur.
count() { sed -nE "s/^ *$1 *: *([0-9]+).*/\1/p" "$log" | tail -n 1; }
passed=$(count Passed); failed=$(count Failed)
unsupported=$(count Unsupported)
echo "qedge: ${passed:-0} passed, ${failed:-0} failed, ${unsupported:-0} skipped"
[ "${passed:-0}" -gt 0 ] || status=1
exit $status
