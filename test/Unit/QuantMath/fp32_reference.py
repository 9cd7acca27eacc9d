#!/usr/bin/env python3
"""numpy float32 reference for quant-edge's float numerics.

Generates test cases with a fixed seed and computes the expected results with
numpy float32 arithmetic, written from docs/QuantizationSpec.md and sharing no
code with QEdgeQuantMath. Fp32ReferenceTest.cpp runs this script and compares
QEdgeQuantMath's results with the printed ones.

Output: one case per line, whitespace-separated decimal integers; a float32 is
printed as its IEEE-754 bit pattern (an unsigned 32-bit integer) so that no
decimal conversion can blur it. The last line is ``end <number of cases>`` so
that a truncated output is detected.

  requantize: sIn sW sOut acc zp lo hi | M y
  quantize:   r S zp qmin qmax | q
  activation: r S zp qmin qmax | q_half_away q_half_even
"""

import argparse
import sys
from typing import Callable, Dict, List, TextIO, Tuple

import numpy as np

F32 = np.float32

# Storage ranges (qmin, qmax) the cases draw from: 8- and 16-bit, signed and
# unsigned, narrow, and a few N-bit ranges.
STORAGE_RANGES: List[Tuple[int, int]] = [
    (-128, 127), (-127, 127), (0, 255), (-32768, 32767), (0, 65535),
    (-8, 7), (0, 15), (-2, 1), (0, 3), (-512, 511), (0, 4095),
]


def bits(x: np.ndarray) -> np.ndarray:
    """The IEEE-754 bit patterns of a float32 array."""
    return np.ascontiguousarray(x, dtype=F32).view(np.uint32)


def pick_storage(rng: np.random.Generator,
                 n: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random storage ranges and zero points inside them."""
    table = np.array(STORAGE_RANGES, dtype=np.int64)
    idx = rng.integers(0, len(table), n)
    qmin, qmax = table[idx, 0], table[idx, 1]
    zp = rng.integers(qmin, qmax + 1)
    return qmin, qmax, zp


def log_uniform(rng: np.random.Generator, lo: float, hi: float,
                n: int) -> np.ndarray:
    """float32 values with log2 uniform in [lo, hi)."""
    return F32(2.0) ** rng.uniform(lo, hi, n).astype(F32)


def pick_near_ties(rng: np.random.Generator, n: int,
                   candidates: Dict[str, np.ndarray],
                   float32_result: np.ndarray,
                   exact_result: np.ndarray) -> Dict[str, np.ndarray]:
    """n of the candidates: as many as possible, up to half, where float32
    arithmetic and exact arithmetic round differently, the rest where they
    agree."""
    differ = np.flatnonzero(float32_result != exact_result)
    agree = np.flatnonzero(float32_result == exact_result)
    take = min(len(differ), n // 2)
    chosen = np.concatenate([rng.choice(differ, take, replace=False),
                             rng.choice(agree, n - take, replace=False)])
    return {key: value[chosen] for key, value in candidates.items()}


def requantize_cases(rng: np.random.Generator,
                     n: int) -> Dict[str, np.ndarray]:
    """Inputs of the fp32 requantization: random, exact ties, large
    accumulators, and near ties where float32 rounding decides."""
    n_tie = n // 5
    n_big = n // 5
    n_near = n // 5
    n_rand = n - n_tie - n_big - n_near

    # Random: the scales are chosen so that acc * M lands anywhere from well
    # inside the output range to far outside it.
    acc_r = (rng.choice([-1, 1], n_rand) *
             np.floor(2.0 ** rng.uniform(0, 31, n_rand))).astype(np.int64)
    acc_r = np.clip(acc_r, -2**31, 2**31 - 1)
    s_in_r = log_uniform(rng, -12, 0, n_rand)
    s_w_r = log_uniform(rng, -12, 0, n_rand)
    target = 2.0 ** rng.uniform(-3, 12, n_rand)
    s_out_r = (s_in_r.astype(np.float64) * s_w_r * np.abs(acc_r) /
               target).astype(F32)
    s_out_r = np.maximum(s_out_r, F32(2.0**-100))

    # Exact ties, 0.5 and 1.5 modulo 1 away from an integer, both signs:
    # M = 2^-k with acc = (2j + 1) 2^(k-1), and M = 3 * 2^-(k+1) with
    # acc = (2j + 1) 2^k.
    half = n_tie // 2
    k = rng.integers(1, 8, n_tie)
    j = rng.integers(-300, 300, n_tie)
    sign_kind = np.arange(n_tie) < half
    s_in_t = np.where(sign_kind, F32(1), F32(3)).astype(F32)
    s_w_t = np.ones(n_tie, dtype=F32)
    s_out_t = np.where(sign_kind, 2.0**k, 2.0**(k + 1)).astype(F32)
    acc_t = np.where(sign_kind, (2 * j + 1) * 2**(k - 1),
                     (2 * j + 1) * 2**k).astype(np.int64)

    # Accumulators beyond 2^24, where the int32 -> float32 conversion rounds,
    # including odd values just above powers of two (exact conversion ties).
    mag = np.floor(2.0 ** rng.uniform(24, 31, n_big)).astype(np.int64)
    mag[: n_big // 4] = (2**rng.integers(24, 31, n_big // 4) +
                         rng.integers(1, 64, n_big // 4))
    acc_b = np.clip(rng.choice([-1, 1], n_big) * mag, -2**31, 2**31 - 1)
    s_in_b = log_uniform(rng, -6, 0, n_big)
    s_w_b = log_uniform(rng, -6, 0, n_big)
    s_out_b = (s_in_b.astype(np.float64) * s_w_b * np.abs(acc_b) /
               (2.0 ** rng.uniform(-1, 15, n_big))).astype(F32)

    # Near ties: acc * M within a few units of (j + 1/2), M = sIn (sW = sOut
    # = 1), half of them chosen where the float32 conversion and product
    # round to the other side of the tie than exact arithmetic does.
    m_n = log_uniform(rng, -26, -1, 8 * n_near)
    tie_n = rng.integers(-150, 150, 8 * n_near) + 0.5
    acc_n = np.clip(np.rint(tie_n / m_n.astype(np.float64)) +
                    rng.integers(-2, 3, 8 * n_near), -2**31, 2**31 - 1)
    acc_n = acc_n.astype(np.int64)
    float32_n = np.rint(acc_n.astype(np.int32).astype(F32) * m_n)
    exact_n = np.rint(acc_n * m_n.astype(np.float64))
    near = pick_near_ties(rng, n_near, {"acc": acc_n, "m": m_n}, float32_n,
                          exact_n)

    acc = np.concatenate([acc_r, acc_t, acc_b, near["acc"]])
    qmin, qmax, zp = pick_storage(rng, n)
    # Ties must not be hidden by the clamp: give them 16-bit outputs.
    tie = slice(n_rand, n_rand + n_tie)
    qmin[tie], qmax[tie] = -32768, 32767
    zp[tie] = rng.integers(-100, 100, n_tie)
    tie = slice(n - n_near, n)
    qmin[tie], qmax[tie] = -32768, 32767
    zp[tie] = rng.integers(-100, 100, n_near)
    # Half of the cases clamp to a random subrange (a fused activation).
    lo = qmin.copy()
    hi = qmax.copy()
    sub = rng.random(n) < 0.5
    sub[n_rand:n_rand + n_tie] = False
    sub[n - n_near:] = False
    a = rng.integers(qmin, qmax + 1)
    b = rng.integers(qmin, qmax + 1)
    lo[sub] = np.minimum(a, b)[sub]
    hi[sub] = np.maximum(a, b)[sub]
    ones = np.ones(n_near, dtype=F32)
    return {
        "s_in": np.concatenate([s_in_r, s_in_t, s_in_b, near["m"]]),
        "s_w": np.concatenate([s_w_r, s_w_t, s_w_b, ones]).astype(F32),
        "s_out": np.concatenate([s_out_r, s_out_t, s_out_b, ones]),
        "acc": acc, "zp": zp, "lo": lo, "hi": hi,
    }


def requantize_reference(c: Dict[str, np.ndarray]) -> Tuple[np.ndarray,
                                                            np.ndarray]:
    """M = fl32(fl32(sIn * sW) / sOut); y = rint(clamp(fl32(acc) * M)) + Z."""
    product = c["s_in"] * c["s_w"]
    assert product.dtype == F32
    m = product / c["s_out"]
    assert m.dtype == F32
    f = c["acc"].astype(np.int32).astype(F32) * m
    assert f.dtype == F32
    lo = (c["lo"] - c["zp"]).astype(F32)
    hi = (c["hi"] - c["zp"]).astype(F32)
    clamped = np.minimum(np.maximum(f, lo), hi)
    y = np.rint(clamped).astype(np.int64) + c["zp"]
    return m, y


def quantize_cases(rng: np.random.Generator, n: int) -> Dict[str, np.ndarray]:
    """Inputs of quantize: random, exact ties, near ties, special values."""
    s = log_uniform(rng, -20, 4, n)
    q_target = (rng.choice([-1, 1], n) * 2.0 ** rng.uniform(-4, 17, n))
    r = (q_target * s).astype(F32)
    qmin, qmax, zp = pick_storage(rng, n)

    # Exact ties: a power-of-two scale and r = (j + 1/2) S, 16-bit storage so
    # that the clamp does not hide them.
    n_tie = n // 5
    tie = slice(0, n_tie)
    k = rng.integers(-12, 4, n_tie)
    s[tie] = (2.0**k).astype(F32)
    r[tie] = ((rng.integers(-30000, 30000, n_tie) + 0.5) * 2.0**k).astype(F32)
    qmin[tie], qmax[tie] = -32768, 32767
    zp[tie] = rng.integers(-1000, 1000, n_tie)

    # Near ties: r a few ulps from (j + 1/2) S for an arbitrary scale, half of
    # them chosen where the float32 quotient rounds to the other side of the
    # tie than the exact quotient r / S does.
    n_near = n // 5
    near = slice(n_tie, n_tie + n_near)
    s_c = log_uniform(rng, -20, 4, 8 * n_near)
    r_c = ((rng.integers(-30000, 30000, 8 * n_near) + 0.5) *
           s_c.astype(np.float64)).astype(F32)
    # Up to two ulps away in magnitude (r is never zero or subnormal here).
    r_c = (r_c.view(np.int32) + rng.integers(-2, 3, 8 * n_near).astype(
        np.int32)).view(F32)
    chosen = pick_near_ties(rng, n_near, {"r": r_c, "s": s_c},
                            np.rint(r_c / s_c),
                            np.rint(r_c.astype(np.float64) / s_c))
    r[near], s[near] = chosen["r"], chosen["s"]
    qmin[near], qmax[near] = -32768, 32767
    zp[near] = rng.integers(-1000, 1000, n_near)

    # Special values: NaN, infinities, zeros, extremes, subnormals, a finite
    # r over a tiny scale (the float32 quotient overflows to infinity).
    finfo = np.finfo(F32)
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, finfo.max,
                         -finfo.max, finfo.tiny, -finfo.tiny, 1e-45, -1e-45,
                         1e30, -1e30, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5],
                        dtype=F32)
    n_spec = n // 10
    spec = slice(n_tie + n_near, n_tie + n_near + n_spec)
    r[spec] = rng.choice(specials, n_spec)
    s[spec] = rng.choice(np.array([1.0, 0.5, 0.1, 1e-30, 1e-40, 3.0, 1e10],
                                  dtype=F32), n_spec)
    return {"r": r, "s": s, "zp": zp, "qmin": qmin, "qmax": qmax}


def quotient_or_nan(c: Dict[str, np.ndarray]) -> np.ndarray:
    """The float32 quotient r / S (one division, no reciprocal)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        q = c["r"] / c["s"]
    assert q.dtype == F32
    return q


def finish(rounded: np.ndarray, c: Dict[str, np.ndarray]) -> np.ndarray:
    """clamp(rounded + Z, qmin, qmax); NaN -> clamp(Z, qmin, qmax)."""
    with np.errstate(invalid="ignore"):
        total = rounded.astype(np.float64) + c["zp"]
        total = np.where(np.isnan(total), c["zp"], total)
        return np.clip(total, c["qmin"], c["qmax"]).astype(np.int64)


def quantize_reference(c: Dict[str, np.ndarray]) -> np.ndarray:
    """q = clamp(rint(fl32(r / S)) + Z, qmin, qmax)."""
    return finish(np.rint(quotient_or_nan(c)), c)


def half_away(q: np.ndarray) -> np.ndarray:
    """Round half away from zero, exact in float64 for float32 inputs."""
    with np.errstate(invalid="ignore"):
        wide = q.astype(np.float64)
        return np.copysign(np.floor(np.abs(wide) + 0.5), wide)


def write_lines(out: TextIO, columns: List[np.ndarray]) -> int:
    table = np.stack([col.astype(np.int64) for col in columns], axis=1)
    np.savetxt(out, table, fmt="%d")
    return len(table)


def main_requantize(rng: np.random.Generator, n: int, out: TextIO) -> int:
    c = requantize_cases(rng, n)
    m, y = requantize_reference(c)
    return write_lines(out, [bits(c["s_in"]), bits(c["s_w"]),
                             bits(c["s_out"]), c["acc"], c["zp"], c["lo"],
                             c["hi"], bits(m), y])


def main_quantize(rng: np.random.Generator, n: int, out: TextIO) -> int:
    c = quantize_cases(rng, n)
    return write_lines(out, [bits(c["r"]), bits(c["s"]), c["zp"], c["qmin"],
                             c["qmax"], quantize_reference(c)])


def main_activation(rng: np.random.Generator, n: int, out: TextIO) -> int:
    c = quantize_cases(rng, n)
    q = quotient_or_nan(c)
    return write_lines(out, [bits(c["r"]), bits(c["s"]), c["zp"], c["qmin"],
                             c["qmax"], finish(half_away(q), c),
                             finish(np.rint(q), c)])


MODES: Dict[str, Callable[[np.random.Generator, int, TextIO], int]] = {
    "requantize": main_requantize,
    "quantize": main_quantize,
    "activation": main_activation,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--count", type=int, default=100000)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    written = MODES[args.mode](rng, args.count, sys.stdout)
    print(f"end {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
