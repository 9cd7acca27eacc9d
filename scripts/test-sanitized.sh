#!/usr/bin/env bash
# Builds quant-edge with AddressSanitizer and UndefinedBehaviorSanitizer
# (QEDGE_ENABLE_SANITIZERS) into ${QEDGE_SANITIZER_BUILD_DIR:-build-sanitized}
# and runs the whole test suite there, as scripts/test.sh does. Non-zero on any
# failure; a sanitizer report fails its test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_SANITIZER_BUILD_DIR:-$root/build-sanitized}

"$root/scripts/setup.sh"
# A directory configured without the sanitizers is switched on, not reused as
# it is.
if [ -f "$build/CMakeCache.txt" ] &&
   ! grep -q '^QEDGE_ENABLE_SANITIZERS:BOOL=ON$' "$build/CMakeCache.txt"; then
  cmake -DQEDGE_ENABLE_SANITIZERS=ON "$build" >/dev/null
fi
QEDGE_BUILD_DIR=$build QEDGE_CMAKE_ARGS=-DQEDGE_ENABLE_SANITIZERS=ON \
  "$root/scripts/build.sh" all

exec "$root/scripts/lit-suite.sh" "$build" "qedge (sanitizers)"
