#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (lit: the
# regression tests, the unit tests and the tooling checks). Non-zero on any
# failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" all mlir-doc

exec "$root/scripts/lit-suite.sh" "$build" qedge
