#!/usr/bin/env bash
# Peak memory of qedge-calibrate on the digits CNN as the calibration set
# grows 1x, 10x and 100x (the 512 images of examples/digits repeated):
# statistics stream a batch at a time, so the peak should not grow.
#   bash bench/calibration/memory.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-${QEDGE_BUILD_DIR:-$root/build}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/qedge-opt" "$root/examples/digits/digits_float.mlir" \
  --qedge-insert-calibration -o "$work/marked.mlir"
/usr/bin/python3 - "$root/examples/digits/calibration.npy" "$work" <<'PY'
import sys
import numpy as np
x = np.load(sys.argv[1])
for k in (1, 10, 100):
    np.save(f"{sys.argv[2]}/x{k}.npy", np.concatenate([x] * k))
PY
echo "samples  peak RSS (KB)  seconds"
for k in 1 10 100; do
  samples=$((512 * k))
  /usr/bin/time -f "%M %e" -o "$work/time" "$build/bin/qedge-calibrate" \
    "$work/marked.mlir" --input="$work/x$k.npy" --batch-size=64 \
    -o /dev/null 2>/dev/null
  read -r rss seconds < "$work/time"
  printf '%7d  %13d  %7s\n' "$samples" "$rss" "$seconds"
done
