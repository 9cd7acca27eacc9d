"""Checks qedge-calibrate's statistics against numpy on the same data.

Writes a float program whose input and ReLU output are marked, a calibration
set (74 samples with outliers, streamed in batches of 10, so the last batch
is short), runs qedge-calibrate, and compares each marker's `#qedge.stats`
with numpy computed on the same values: count, min, max and the batch
extremes exactly; mean and std to 1e-6 relative; the histogram range R (the
smallest power of two above max |x|) exactly; and every histogram count
exactly, binned by numpy with the tool's edges (docs/Calibration.md).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

MODEL = """\
func.func @main(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qedge.calibrate %x : tensor<2x3x4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = qedge.calibrate %1 : tensor<2x3x4xf32>
  return %2 : tensor<2x3x4xf32>
}
"""
SAMPLES, BATCH, BINS = 74, 10, 64


def parse_stats(text: str) -> list[dict]:
    """The fields of every `stats <...>` in `text`, in order."""
    found = []
    for body in re.findall(r"stats <(.*?)>", text, re.S):
        fields = {}
        for name, value in re.findall(r"(\w+) = (\[[^\]]*\]|[^,]+)", body):
            if value.startswith("["):
                items = [v for v in value[1:-1].split(",") if v.strip()]
                fields[name] = np.array([float(v) for v in items])
            else:
                fields[name] = float(value)
        found.append(fields)
    return found


def expected(values: np.ndarray) -> dict:
    """numpy's statistics of `values` [SAMPLES, ...] (float32)."""
    flat = values.reshape(-1).astype(np.float64)
    batches = [values[i:i + BATCH] for i in range(0, SAMPLES, BATCH)]
    r = 1.0
    while r <= np.abs(flat).max():
        r *= 2
    while r / 2 > np.abs(flat).max() and np.abs(flat).max() > 0:
        r /= 2
    edges = np.arange(BINS + 1) * (r / BINS)
    positive, _ = np.histogram(flat[flat >= 0], edges)
    negative, _ = np.histogram(-flat[flat < 0], edges)
    return dict(count=flat.size, min=flat.min(), max=flat.max(),
                mean=flat.mean(), std=flat.std(),
                batch_min=np.array([b.min() for b in batches], np.float32),
                batch_max=np.array([b.max() for b in batches], np.float32),
                histogram_range=r, positive=positive, negative=negative)


def trimmed(counts: np.ndarray) -> np.ndarray:
    nonzero = np.nonzero(counts)[0]
    return counts[:nonzero[-1] + 1] if nonzero.size else counts[:0]


def compare(name: str, got: dict, want: dict) -> list[str]:
    problems = []
    for key in ("count", "min", "max", "histogram_range"):
        if got[key] != want[key]:
            problems.append(f"{name}: {key} {got[key]!r}, numpy {want[key]!r}")
    for key in ("mean", "std"):
        if abs(got[key] - want[key]) > 1e-6 * abs(want[key]):
            problems.append(f"{name}: {key} {got[key]!r}, numpy {want[key]!r}")
    for key in ("batch_min", "batch_max"):
        if not np.array_equal(got[key].astype(np.float32), want[key]):
            problems.append(f"{name}: {key} {got[key]}, numpy {want[key]}")
    if got["bins"] != BINS:
        problems.append(f"{name}: bins {got['bins']}, expected {BINS}")
    for key in ("positive", "negative"):
        if not np.array_equal(got[key], trimmed(want[key])):
            problems.append(f"{name}: {key} counts {got[key]}, numpy "
                            f"{trimmed(want[key])}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qedge-calibrate", default="qedge-calibrate")
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    model = args.workdir / "model.mlir"
    model.write_text(MODEL)
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1.5, (SAMPLES, 3, 4)).astype(np.float32)
    x[5, 0, 0], x[40, 2, 3], x[71, 1, 1] = 9.5, -17.25, 0.0
    x[60, 0, 1] = -0.0
    np.save(args.workdir / "x.npy", x)
    out = args.workdir / "calibrated.mlir"
    subprocess.run([args.qedge_calibrate, str(model), "--entry=main",
                    f"--input={args.workdir / 'x.npy'}",
                    f"--batch-size={BATCH}", f"--bins={BINS}", "-o",
                    str(out)], check=True)
    stats = parse_stats(out.read_text())
    if len(stats) != 2:
        print(f"expected 2 statistics, found {len(stats)}")
        return 1
    relu = np.maximum(x, np.float32(0))
    problems = (compare("input", stats[0], expected(x))
                + compare("relu", stats[1], expected(relu)))
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"statistics of 2 tensors equal numpy's: {SAMPLES} samples in "
          f"{len(stats[0]['batch_min'])} batches, {2 * BINS} bins each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
