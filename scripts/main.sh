#!/usr/bin/env bash
# Installs what is missing, builds, and runs quant-edge on the bundled example
# (examples/conv.mlir: a quantized convolution with float weights):
#   1. the integer-only program the compiler makes of it;
#   2. a JIT run on the host (qedge-run) on a fixed input;
#   3. the same program compiled ahead of time for AArch64 and run under qemu,
#      with a check that both outputs are the same bytes;
# then the main job on the digits CNN checked in as ONNX
# (examples/digits/main_job.py): imported, calibrated once, quantized with
# every range method, scheme and bit width, run on the host and on AArch64;
# its table (accuracy, host = AArch64 bytes, time per image) comes last.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QEDGE_BUILD_DIR:-$root/build}
python=/usr/bin/python3

"$root/scripts/setup.sh"
"$root/scripts/build.sh" qedge-opt qedge-run qedge-calibrate qedge-compile \
  QEdgeRuntimeArchives

example=$root/examples/conv.mlir
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== The integer-only program (qedge-opt --canonicalize --qedge-fold-quant)"
"$build/bin/qedge-opt" "$example" --canonicalize --qedge-fold-quant \
  --canonicalize --cse --mlir-print-elementsattrs-with-hex-if-larger=4096

echo "== JIT on the host (qedge-run)"
"$python" -c "
import numpy as np
np.save('$work/x.npy', np.random.default_rng(0).normal(0, 1, (1, 8, 8, 3)).astype(np.float32))"
"$build/bin/qedge-run" "$example" --entry=conv --input="$work/x.npy" \
  --output="$work/host.npy" --benchmark=100
"$python" -c "
import numpy as np
np.set_printoptions(precision=4, suppress=True)
print('output channel 0:'); print(np.load('$work/host.npy')[0, :, :, 0])"

echo "== Ahead of time for AArch64 (qedge-compile), run under qemu"
"$build/bin/qedge-compile" "$example" --entry=conv --target=aarch64+dotprod \
  --emit=exe -o "$work/conv-aarch64"
qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu "$work/conv-aarch64" \
  --input="$work/x.npy" --output="$work/aarch64.npy"
if cmp -s "$work/host.npy" "$work/aarch64.npy"; then
  echo "AArch64 output is byte-identical to the host's."
else
  echo "AArch64 output differs from the host's." >&2
  exit 1
fi

echo "== The digits CNN (ONNX): every range method, scheme and bit width, on the host and on AArch64"
"$python" "$root/examples/digits/main_job.py" --build "$build"
