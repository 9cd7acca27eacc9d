#!/usr/bin/env python3
"""numpy reference for quant-edge's calibration statistics and range methods.

Draws a few datasets with a fixed seed, split into batches, and computes their
statistics and every range method with numpy, written from docs/Calibration.md
and sharing no code with QEdgeQuantMath. CalibrationReferenceTest.cpp feeds
the same batches to StatisticsCollector and compares.

Output, one record per line (decimal integers; a float32 as its IEEE-754 bit
pattern, a double as Python's float.hex() so that no decimal conversion can
blur it):

  dataset <name> <bins> <batches>
  batch <n> <x_0 bits> ... <x_n-1 bits>          (one line per batch)
  stats <count> <min> <max> <mean> <std> <R>
  positive <bins counts>
  negative <bins counts>
  range <method> <param> <start> <stride> <bits> <signed> <symmetric> <k>
        <rmin_1> <rmax_1> ... <rmin_k> <rmax_k>
  end <number of datasets>

Each `range` record lists the k accepted results, the reference's own first.
entropy and mse also accept every other candidate whose objective (the KL
divergence, the squared error) is within NEAR_TIE of the best one: those
objectives are sums of thousands of terms, and the order of the summation
(numpy's pairwise sum, the C++ loop) may decide between them.
"""

import argparse
import sys
from typing import Iterator, List, Tuple

import numpy as np

F32 = np.float32

# Relative distance between two objectives below which both thresholds are
# accepted (a 2048-term double sum is exact to about 1e-13 relative).
NEAR_TIE = 1e-9

# (bits, signed storage, symmetric) of the quantizations the ranges are for.
KINDS: List[Tuple[int, bool, bool]] = [
    (8, True, True), (8, True, False), (8, False, False), (4, True, True),
]


# ----------------------------------------------------------------------------
# Datasets
# ----------------------------------------------------------------------------

def datasets(rng: np.random.Generator) -> Iterator[Tuple[str, int,
                                                         List[np.ndarray]]]:
    """(name, bins per sign, float32 batches) of each dataset."""
    yield ("normal", 2048,
           [rng.normal(0.3, 1.5, 3000).astype(F32) for _ in range(16)])
    # After a ReLU: a third exact zeros, one-sided.
    yield ("relu", 2048,
           [np.maximum(rng.normal(0.2, 1.0, 2500), 0).astype(F32)
            for _ in range(12)])
    # Heavy tails whose scale grows batch after batch, so that the histogram
    # range doubles several times; batch sizes vary.
    yield ("growing", 2048,
           [(rng.standard_t(3, int(rng.integers(200, 4000))) *
             2.0 ** (k / 2)).astype(F32) for k in range(14)])
    # Negative only, a histogram of 512 bins.
    yield ("negative", 512,
           [(-rng.exponential(0.7, 2000) - 0.01).astype(F32)
            for _ in range(10)])
    # An all-zero first batch (the range is chosen by the next one), then
    # uniform data and a few exact powers of two (bin edges); 256 bins.
    batches = [np.zeros(500, dtype=F32)]
    for _ in range(8):
        b = rng.uniform(-0.4, 3.0, 1500).astype(F32)
        b[:20] = rng.choice(np.array([0.25, 0.5, 1.0, -0.25, 2.0, 0.0, -0.0],
                                     dtype=F32), 20)
        batches.append(b)
    yield ("zero-first", 256, batches)
    # Tiny magnitudes, far from 1.
    yield ("tiny", 1024,
           [(rng.normal(2e-30, 3e-30, 2500)).astype(F32) for _ in range(6)])


# ----------------------------------------------------------------------------
# Statistics
# ----------------------------------------------------------------------------

def histogram_range(max_abs: float) -> float:
    """The smallest power of two strictly above max_abs; 1 when it is 0."""
    if max_abs == 0.0:
        return 1.0
    r = 1.0
    while r <= max_abs:
        r *= 2.0
    while r / 2.0 > max_abs:
        r /= 2.0
    return r


def signed_histogram(x: np.ndarray, bins: int,
                     r: float) -> Tuple[np.ndarray, np.ndarray]:
    """Counts of x >= 0 (-0.0 included) and of -x for x < 0 in the bins
    [i R / bins, (i + 1) R / bins)."""
    edges = np.arange(bins + 1, dtype=np.float64) * (r / bins)
    x64 = x.astype(np.float64)
    positive, _ = np.histogram(x64[x64 >= 0], bins=edges)
    negative, _ = np.histogram(-x64[x64 < 0], bins=edges)
    return positive.astype(np.int64), negative.astype(np.int64)


# ----------------------------------------------------------------------------
# Range methods
# ----------------------------------------------------------------------------

def moving_average(bmin: np.ndarray, bmax: np.ndarray,
                   c: float) -> Tuple[float, float]:
    """PyTorch's MovingAverageMinMaxObserver in float32."""
    c32 = F32(c)
    lo, hi = F32(bmin[0]), F32(bmax[0])
    for a, b in zip(bmin[1:], bmax[1:]):
        lo = F32(lo + F32(c32 * F32(F32(a) - lo)))
        hi = F32(hi + F32(c32 * F32(F32(b) - hi)))
    return float(lo), float(hi)


def interpolate(counts: np.ndarray, lower_edges: np.ndarray, n: int,
                p: float, width: float) -> float:
    """Inverse of the piecewise-linear CDF of bins in value order."""
    t = (p / 100.0) * float(n)
    cumulative = np.cumsum(counts)
    k = int(np.flatnonzero((cumulative >= t) & (counts > 0))[0])
    before = float(cumulative[k] - counts[k])
    return (float(lower_edges[k]) + (t - before) / float(counts[k])) * width


def percentile(pos: np.ndarray, neg: np.ndarray, n: int, lo: float,
               hi: float, width: float, p: float,
               symmetric: bool) -> Tuple[float, float]:
    b = len(pos)
    if symmetric:
        t = interpolate(pos + neg, np.arange(b), n, p, width)
        t = min(t, max(abs(lo), abs(hi)))
        return -t, t
    # Value order: negative bins from the most negative, then positive.
    edges = np.concatenate([-np.arange(b, 0, -1), np.arange(b)])
    upper = interpolate(np.concatenate([neg[::-1], pos]), edges, n, p, width)
    lower = -interpolate(np.concatenate([pos[::-1], neg]), edges, n, p, width)
    upper = min(max(upper, lo), hi)
    lower = min(min(max(lower, lo), hi), upper)
    return lower, upper


def one_sided(lo: float, hi: float, symmetric: bool) -> bool:
    return (not symmetric) and (lo >= 0.0 or hi <= 0.0)


def from_threshold(t: float, lo: float, hi: float,
                   symmetric: bool) -> Tuple[float, float]:
    if symmetric:
        return -t, t
    if one_sided(lo, hi, symmetric):
        return (0.0, t) if lo >= 0.0 else (-t, 0.0)
    return max(-t, lo), min(t, hi)


def entropy_divergences(hist: np.ndarray, levels: int, start: int,
                        stride: int) -> List[Tuple[int, float]]:
    """(i, KL(P_i || Q_i)) for each candidate i, NVIDIA's
    _compute_amax_entropy; candidates whose Q is empty are left out."""
    h = hist.astype(np.int64).copy()
    h[0] = h[1]
    total = float(h.sum())
    result = []
    for i in range(start, len(h) + 1, stride):
        part = h[:i]
        group = (np.arange(i) * levels) // i
        nonzero = part != 0
        sums = np.bincount(group, weights=part.astype(np.float64),
                           minlength=levels)
        members = np.bincount(group, weights=nonzero.astype(np.float64),
                              minlength=levels)
        q = np.where(nonzero, sums[group] / np.maximum(members[group], 1), 0.0)
        if q.sum() == 0.0:
            continue
        p = part.astype(np.float64)
        p[-1] += float(h[i:].sum())
        if np.any((p > 0) & (q == 0)):
            result.append((i, np.inf))
            continue
        pn = p / total
        qn = q / q.sum()
        mask = pn > 0
        result.append((i, float(np.sum(pn[mask] * np.log(pn[mask] /
                                                          qn[mask])))))
    return result


def mse_errors(hist: np.ndarray, width: float, levels: int, start: int,
               stride: int) -> List[Tuple[int, float]]:
    """(i, squared error of the threshold i * width) for each candidate."""
    j = np.flatnonzero(hist)
    counts = hist[j].astype(np.float64)
    centers = (j.astype(np.float64) + 0.5) * width
    result = []
    for i in range(start, len(hist) + 1, stride):
        s = (i * width) / levels
        q = s * np.minimum(np.rint(centers / s), levels)
        d = q - centers
        result.append((i, float(np.sum(counts * (d * d)))))
    return result


def accepted(objectives: List[Tuple[int, float]], last: bool) -> List[int]:
    """The best candidate (the last or first of equal minima) and those within
    NEAR_TIE of it."""
    values = np.array([v for _, v in objectives])
    best_value = values.min()
    best = [i for i, v in objectives if v == best_value]
    choice = best[-1] if last else best[0]
    tolerance = NEAR_TIE * abs(best_value)
    others = [i for i, v in objectives
              if i != choice and abs(v - best_value) <= tolerance]
    return [choice] + others


# ----------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------

def hexes(values) -> str:
    return " ".join(float(v).hex() for v in values)


def emit(out, name: str, bins: int, batches: List[np.ndarray]) -> None:
    print(f"dataset {name} {bins} {len(batches)}", file=out)
    for b in batches:
        words = " ".join(map(str, b.view(np.uint32).tolist()))
        print(f"batch {len(b)} {words}", file=out)
    x = np.concatenate(batches)
    x64 = x.astype(np.float64)
    n = len(x)
    lo, hi = float(x.min()), float(x.max())
    r = histogram_range(max(abs(lo), abs(hi)))
    width = r / bins
    pos, neg = signed_histogram(x, bins, r)
    mean, std = float(np.mean(x64)), float(np.std(x64))
    print(f"stats {n} {hexes([lo, hi, mean, std, r])}", file=out)
    print("positive " + " ".join(map(str, pos.tolist())), file=out)
    print("negative " + " ".join(map(str, neg.tolist())), file=out)

    bmin = np.array([b.min() for b in batches], dtype=F32)
    bmax = np.array([b.max() for b in batches], dtype=F32)

    def record(method: str, param: float, start: int, stride: int,
               kind: Tuple[int, bool, bool],
               ranges: List[Tuple[float, float]]) -> None:
        bits, signed, symmetric = kind
        flat = [v for pair in ranges for v in pair]
        print(f"range {method} {float(param).hex()} {start} {stride} {bits} "
              f"{int(signed)} {int(symmetric)} {len(ranges)} {hexes(flat)}",
              file=out)

    for kind in KINDS:
        bits, _, symmetric = kind
        record("minmax", 0.0, 0, 0, kind, [(lo, hi)])
        for c in (0.01, 0.3):
            record("moving-average", c, 0, 0, kind,
                   [moving_average(bmin, bmax, c)])
        for k in (3.0, 1.0):
            record("mean-std", k, 0, 0, kind,
                   [(max(mean - k * std, lo), min(mean + k * std, hi))])
        for p in (99.99, 99.0, 100.0, 50.0):
            record("percentile", p, 0, 0, kind,
                   [percentile(pos, neg, n, lo, hi, width, p, symmetric)])
        unsigned = one_sided(lo, hi, symmetric)
        hist = pos + neg
        for start, stride in ((128, 1), (100, 7)):
            if max(abs(lo), abs(hi)) == 0.0:
                continue
            nbins = 1 << (bits - 1 + int(unsigned))
            divergences = entropy_divergences(hist, nbins, start, stride)
            thresholds = (accepted(divergences, last=True)
                          if divergences else [])
            record("entropy", 0.0, start, stride, kind,
                   [from_threshold(i * width, lo, hi, symmetric)
                    for i in thresholds] if thresholds else [(lo, hi)])
            levels = (1 << (bits - 1 + int(unsigned))) - 1
            errors = mse_errors(hist, width, levels, start, stride)
            record("mse", 0.0, start, stride, kind,
                   [from_threshold(i * width, lo, hi, symmetric)
                    for i in accepted(errors, last=False)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240917)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    count = 0
    for name, bins, batches in datasets(rng):
        emit(sys.stdout, name, bins, batches)
        count += 1
    print(f"end {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
