#!/usr/bin/env bash
# Installs what is missing, builds, and runs quant-edge on the bundled example:
# a quantized convolution whose float weights are quantized at compile time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" qedge-opt

"$build/bin/qedge-opt" "$root/examples/conv.mlir" --canonicalize --cse \
  --mlir-print-elementsattrs-with-hex-if-larger=4096
