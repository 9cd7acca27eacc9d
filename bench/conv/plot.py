"""Chart of bench/conv results: throughput per layer and speed ratios.

Reads the driver's results.csv (one row per layer and library) and
peak.csv, writes a PNG with two panels: GOPS per layer for each library
(log scale, the measured int8 peak as a line) and quant-edge's speed ratio
to oneDNN and XNNPACK (above 1: quant-edge is faster).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LIBRARIES = ("quant-edge", "oneDNN", "XNNPACK")
COLORS = {"quant-edge": "#1f77b4", "oneDNN": "#ff7f0e", "XNNPACK": "#2ca02c"}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def geomean(values: list[float]) -> float:
    values = [v for v in values if v > 0 and math.isfinite(v)]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def plot(results: Path, peak: Path | None, out: Path) -> None:
    rows = read_rows(results)
    layers: list[str] = []
    shapes: dict[str, str] = {}
    gops: dict[tuple[str, str], float] = {}
    ms: dict[tuple[str, str], float] = {}
    target = rounding = ""
    for row in rows:
        if row["layer"] not in layers:
            layers.append(row["layer"])
        shapes[row["layer"]] = row["shape"]
        gops[row["layer"], row["library"]] = float(row["gops"])
        ms[row["layer"], row["library"]] = float(row["median_ms"])
        target, rounding = row["target"], row["rounding"]
    peaks = read_rows(peak) if peak and peak.exists() else []
    cpu = peaks[0]["cpu"] if peaks else ""

    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(max(8.0, 1.3 * len(layers) + 3), 8.5),
        gridspec_kw={"height_ratios": [3, 2]})
    x = list(range(len(layers)))
    width = 0.8 / len(LIBRARIES)
    for i, lib in enumerate(LIBRARIES):
        values = [gops.get((layer, lib), float("nan")) for layer in layers]
        pos = [p + (i - 1) * width for p in x]
        bars = top.bar(pos, values, width, label=lib, color=COLORS[lib])
        for bar, value in zip(bars, values):
            if math.isfinite(value):
                top.annotate(f"{value:.0f}" if value >= 10 else f"{value:.1f}",
                             (bar.get_x() + bar.get_width() / 2, value),
                             ha="center", va="bottom", fontsize=7)
    top.set_yscale("log")
    finite = [v for v in gops.values() if v > 0 and math.isfinite(v)]
    high = max(finite, default=1.0)
    if peaks:
        best = max(peaks, key=lambda p: float(p["gops"]))
        high = max(high, float(best["gops"]))
        top.axhline(float(best["gops"]), color="black", linestyle="--",
                    linewidth=1, label=f"int8 peak {float(best['gops']):.0f} "
                    f"GOPS: {best['kernel']}")
    top.set_ylim(min(finite, default=1.0) / 2, high * 4)
    top.set_ylabel("GOPS (2 x useful MACs / median time)")
    top.set_xticks(x)
    top.set_xticklabels([f"{layer}\n{shapes[layer]}" for layer in layers],
                        fontsize=8)
    top.legend(loc="upper left", fontsize=9, ncol=4)
    top.grid(axis="y", which="both", alpha=0.3)
    title = f"int8 convolution, 1 thread, batch 1: quant-edge --target={target}, {rounding}"
    top.set_title(title + (f"\n{cpu}" if cpu else ""), fontsize=10)

    width = 0.35
    for i, peer in enumerate(("oneDNN", "XNNPACK")):
        ratios = [ms.get((layer, peer), float("nan")) / ms[layer, "quant-edge"]
                  for layer in layers]
        pos = [p + (i - 0.5) * width for p in x]
        label = f"quant-edge / {peer} (geomean {geomean(ratios):.3g})"
        bars = bottom.bar(pos, ratios, width, label=label, color=COLORS[peer])
        for bar, value in zip(bars, ratios):
            if math.isfinite(value):
                bottom.annotate(f"{value:.2g}",
                                (bar.get_x() + bar.get_width() / 2, value),
                                ha="center", va="bottom", fontsize=7)
    bottom.axhline(1.0, color="black", linewidth=1)
    bottom.set_yscale("log")
    all_ratios = [ms.get((layer, peer), float("nan")) / ms[layer, "quant-edge"]
                  for layer in layers for peer in ("oneDNN", "XNNPACK")]
    all_ratios = [r for r in all_ratios if r > 0 and math.isfinite(r)]
    bottom.set_ylim(min(all_ratios + [1.0]) / 2, max(all_ratios + [1.0]) * 6)
    bottom.set_ylabel("speed ratio (>1: quant-edge faster)")
    bottom.set_xticks(x)
    bottom.set_xticklabels(layers)
    bottom.legend(loc="upper left", fontsize=9, ncol=2)
    bottom.grid(axis="y", which="both", alpha=0.3)

    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument("--peak", type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    plot(args.results, args.peak, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
