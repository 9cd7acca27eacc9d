#!/usr/bin/env bash
# Configures (once) and builds quant-edge into ${QEDGE_BUILD_DIR:-build}.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_BUILD_DIR:-$root/build}
llvm=/usr/lib/llvm-22
# Extra arguments for the first configuration, split at spaces, e.g.
# QEDGE_CMAKE_ARGS=-DQEDGE_ENABLE_SANITIZERS=ON.
read -ra extra_args <<< "${QEDGE_CMAKE_ARGS:-}"

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=$llvm/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=$llvm/bin/clang \
    -DCMAKE_CXX_COMPILER=$llvm/bin/clang++ \
    -DLLVM_USE_LINKER=lld \
    -DLLVM_EXTERNAL_LIT=$llvm/bin/lit "${extra_args[@]}" >/dev/null
fi
ninja -C "$build" "$@"
