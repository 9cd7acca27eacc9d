"""Numpy reference for the QUANTIZED level: `qedge.conv2d` and `qedge.quantize`.

Written from `docs/QuantizationSpec.md` (sections 1, 2, 5, 6, 7, 8 and 9.4)
and the public references it names (gemmlowp's `fixedpoint.h`, TFLite's
`QuantizeMultiplier` and its 32- and 64-bit `MultiplyByQuantizedMultiplier`).
It shares no code with the C++ under test (`QEdgeQuantMath`, the fold pass,
the lowering) nor with `test/Integration/reference.py` (the integer-level
reference): it is a second, independent transcription.

The convolution is computed from its definition (section 8.2), NOT from the
folded integer-only form of section 9.2:

    acc[n, i, j, c] = b[c] + sum (x~ - Zx) * (w - Zw[c])

with `x~` the input padded with `Zx` (so padded taps contribute 0), in exact
int64 arithmetic (every bound is checked). The multipliers are computed here
from the types' scales: `(M0, e)` by TFLite's QuantizeMultiplier of the double
`M = fl64(fl64(S_in * S_w[c]) / S_out)` for `gemmlowp` / `rndnu`, the float32
`fl32(fl32(fl32(S_in) * fl32(S_w[c])) / fl32(S_out))` for `fp32`.

Integer arithmetic is exact (numpy int64 with stated bounds, Python ints for
scalars); float32 arithmetic is done with numpy float32 operations only (one
rounding per operation), `np.rint` rounds half to even.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional, Sequence

import numpy as np

I32_MIN = -(1 << 31)
I32_MAX = (1 << 31) - 1
MODES = ("gemmlowp", "rndnu", "fp32")
# The modes that requantize with a float32 multiply: qnnpack is fp32 with
# PyTorch's multiplier (and quantize by the reciprocal of the scale).
FLOAT_MODES = ("fp32", "qnnpack")


# ===---------------------------------------------------------------------=== #
# Scalar roundings on exact values (Python ints / Fractions)
# ===---------------------------------------------------------------------=== #


def rha(value: Fraction) -> int:
    """Nearest integer, ties away from zero (C's round)."""
    value = Fraction(value)
    n = math.floor(abs(value) + Fraction(1, 2))
    return n if value >= 0 else -n


def rne(value: Fraction) -> int:
    """Nearest integer, ties to even."""
    value = Fraction(value)
    f = math.floor(value)
    d = value - f
    if d > Fraction(1, 2) or (d == Fraction(1, 2) and f % 2 == 1):
        return f + 1
    return f


def clamp(v, lo, hi):
    return max(lo, min(v, hi))


# ===---------------------------------------------------------------------=== #
# Quantized types
# ===---------------------------------------------------------------------=== #


@dataclass
class QType:
    """A `!quant.uniform` type: storage container, range, scale(s), zp(s).

    `scales` / `zps` hold one entry (per tensor) or one per index of
    `axis` (per axis). Scales are Python floats (doubles), exactly as the
    type holds them.
    """
    container: str          # "i8", "i16", "i32" (signless MLIR integer)
    signed: bool
    qmin: int
    qmax: int
    scales: list
    zps: list
    axis: Optional[int] = None

    @property
    def bits(self) -> int:
        return int(self.container[1:])

    @property
    def full_range(self) -> bool:
        if self.signed:
            return (self.qmin, self.qmax) == (-(1 << (self.bits - 1)),
                                              (1 << (self.bits - 1)) - 1)
        return (self.qmin, self.qmax) == (0, (1 << self.bits) - 1)

    def scale(self, c: int = 0) -> float:
        return self.scales[c if len(self.scales) > 1 else 0]

    def zp(self, c: int = 0) -> int:
        return self.zps[c if len(self.zps) > 1 else 0]

    def check_values(self, values: np.ndarray) -> None:
        values = np.asarray(values)
        if values.size:
            assert values.min() >= self.qmin and values.max() <= self.qmax, \
                (values.min(), values.max(), self.qmin, self.qmax)


def storage_range(bits: int, signed: bool, narrow: bool = False):
    """Section 1."""
    if not 2 <= bits <= 16 or (narrow and not signed):
        raise ValueError("invalid storage")
    if signed:
        lo = -(1 << (bits - 1))
        return (lo + 1 if narrow else lo), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


# ===---------------------------------------------------------------------=== #
# Section 2: quantize
# ===---------------------------------------------------------------------=== #


def quantize(r: np.ndarray, scale: float, zp: int, qmin: int,
             qmax: int, reciprocal: bool = False) -> np.ndarray:
    """q = clamp(rne(fl32(r / fl32(S))) + Z, qmin, qmax); NaN -> clamp(Z),
    +inf -> qmax, -inf -> qmin (a NaN quotient counts as NaN, an infinite
    quotient clamps). `reciprocal` (the qnnpack mode): fl32(r * fl32(1 /
    fl32(S))) in place of the quotient."""
    r = np.asarray(r, dtype=np.float32)
    s = np.float32(scale)
    with np.errstate(all="ignore"):
        if reciprocal:
            inverse = np.divide(np.float32(1), s, dtype=np.float32)
            t = np.multiply(r, inverse, dtype=np.float32)
        else:
            t = np.divide(r, s, dtype=np.float32)  # one float32 division
    out = np.empty(r.shape, dtype=np.int64)
    flat_t, flat_r, flat_o = t.ravel(), r.ravel(), out.reshape(-1)
    for i in range(flat_t.size):
        ri, ti = flat_r[i], flat_t[i]
        if np.isnan(ri) or np.isnan(ti):
            q = clamp(zp, qmin, qmax)
        elif np.isinf(ri):
            q = qmax if ri > 0 else qmin
        elif np.isinf(ti):
            q = qmax if ti > 0 else qmin
        else:
            q = clamp(rne(Fraction(float(ti))) + zp, qmin, qmax)
        flat_o[i] = q
    return out


# ===---------------------------------------------------------------------=== #
# Section 5: multipliers
# ===---------------------------------------------------------------------=== #


def real_multiplier(s_in: float, s_w: float, s_out: float) -> float:
    """fl64(fl64(S_in * S_w) / S_out): Python floats are doubles."""
    return (s_in * s_w) / s_out


def fp32_multiplier(s_in: float, s_w: float, s_out: float) -> np.float32:
    """fl32(fl32(fl32(S_in) * fl32(S_w)) / fl32(S_out))."""
    a = np.float32(s_in)
    b = np.float32(s_w)
    c = np.float32(s_out)
    p = np.multiply(a, b, dtype=np.float32)
    return np.divide(p, c, dtype=np.float32)


def qnnpack_multiplier(s_in: float, s_w: float, s_out: float) -> np.float32:
    """fl32(fl32(fl32(S_w) * fl32(S_in)) * fl32(1 / fl32(S_out))), PyTorch's."""
    p = np.multiply(np.float32(s_w), np.float32(s_in), dtype=np.float32)
    inverse = np.divide(np.float32(1), np.float32(s_out), dtype=np.float32)
    return np.multiply(p, inverse, dtype=np.float32)


def quantize_multiplier(m: float) -> tuple[int, int]:
    """TFLite QuantizeMultiplier with quant-edge's flush and saturation."""
    if m == 0:
        return 0, 0
    assert m > 0 and math.isfinite(m)
    q, e = math.frexp(m)                     # m = q * 2^e, q in [0.5, 1)
    m0 = rha(Fraction(q) * (1 << 31))        # q * 2^31 exact
    if m0 == 1 << 31:
        m0 = 1 << 30
        e += 1
    if e < -31:
        return 0, 0
    if e > 30:
        return I32_MAX, 30
    return m0, e


# ===---------------------------------------------------------------------=== #
# Section 6 / 9.4: multiplication of accumulators (vectorised, int64)
# ===---------------------------------------------------------------------=== #


def _i64(a) -> np.ndarray:
    return np.asarray(a, dtype=np.int64)


def sat32(x: np.ndarray) -> np.ndarray:
    return np.clip(_i64(x), I32_MIN, I32_MAX)


def srdhm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """gemmlowp SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31 with
    nudge = 2^30 (a*b >= 0) or 1 - 2^30, C (truncating) division; the one
    overflowing pair saturates. |a*b| <= 2^62: exact in int64."""
    a, b = _i64(a), _i64(b)
    ab = a * b
    nudge = np.where(ab >= 0, np.int64(1 << 30), np.int64(1 - (1 << 30)))
    num = ab + nudge
    q = np.abs(num) // np.int64(1 << 31)
    q = np.where(num < 0, -q, q)             # truncation toward zero
    return np.where((a == I32_MIN) & (b == I32_MIN), np.int64(I32_MAX), q)


def rdbpot(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """RoundingDivideByPOT: rha(x / 2^n), n in [0, 31]."""
    x, n = _i64(x), _i64(n)
    assert np.all((n >= 0) & (n <= 31))
    half = np.where(n > 0, np.int64(1) << np.maximum(n - 1, 0), np.int64(0))
    mag = (np.abs(x) + half) >> n
    return np.where(x < 0, -mag, mag)


def multiply_gemmlowp(acc, m0, e) -> np.ndarray:
    acc, m0, e = _i64(acc), _i64(m0), _i64(e)
    assert np.all((acc >= I32_MIN) & (acc <= I32_MAX))
    left = np.maximum(e, 0)
    right = np.maximum(-e, 0)
    # |acc| < 2^31, left <= 30: |acc << left| < 2^61, then saturate.
    shifted = sat32(acc * (np.int64(1) << left))
    return rdbpot(srdhm(shifted, m0), right)


def multiply_rndnu(acc, m0, e) -> np.ndarray:
    acc, m0, e = _i64(acc), _i64(m0), _i64(e)
    assert np.all((acc >= I32_MIN) & (acc <= I32_MAX))
    shift = 31 - e                                   # [1, 62]
    rnd = np.int64(1) << (shift - 1)
    return sat32((acc * m0 + rnd) >> shift)


def multiply_64(acc, m0, e) -> np.ndarray:
    """TFLite's 64-bit MultiplyByQuantizedMultiplier (section 9.4)."""
    acc, m0, e = _i64(acc), _i64(m0), _i64(e)
    assert np.all((e >= -31) & (e <= 7))
    x = np.clip(acc, -(1 << 47), (1 << 47) - 1)
    r = np.where(m0 >= 0x7FFF0000, np.int64(0x7FFF), (m0 + (1 << 15)) >> 16)
    s = 15 - e                                       # [8, 46]
    return sat32((x * r + (np.int64(1) << (s - 1))) >> s)


def requantize(acc: np.ndarray, mode: str, acc_bits: int, *,
               m0=None, e=None, m_f32=None, zp: int, lo: int,
               hi: int) -> np.ndarray:
    """y = clamp(multiply(acc) + Z, lo, hi); per-channel arrays broadcast on
    the last axis."""
    acc = _i64(acc)
    if mode == "fp32":
        assert acc_bits == 32
        m = np.asarray(m_f32, dtype=np.float32)
        f = acc.astype(np.float32)        # int64 -> float32: one rne rounding
        f = np.multiply(f, m, dtype=np.float32)
        f = np.minimum(np.maximum(f, np.float32(lo - zp)), np.float32(hi - zp))
        y = np.rint(f).astype(np.int64) + zp
        return np.clip(y, lo, hi)
    if acc_bits == 64:
        scaled = multiply_64(acc, m0, e)
    elif mode == "gemmlowp":
        scaled = multiply_gemmlowp(acc, m0, e)
    elif mode == "rndnu":
        scaled = multiply_rndnu(acc, m0, e)
    else:
        raise ValueError(mode)
    return np.clip(scaled + zp, lo, hi)


# ===---------------------------------------------------------------------=== #
# Section 7: fused activation bounds
# ===---------------------------------------------------------------------=== #


def activation_bound(r: Optional[float], scale: float, zp: int, qmin: int,
                     qmax: int, mode: str, side: str) -> int:
    if r is None:
        return qmin if side == "lo" else qmax
    r = np.float32(r)
    if np.isnan(r):
        return clamp(zp, qmin, qmax)
    if np.isinf(r):
        return qmax if r > 0 else qmin
    with np.errstate(all="ignore"):
        t = np.divide(r, np.float32(scale), dtype=np.float32)
    if np.isinf(t):
        return qmax if t > 0 else qmin
    t = Fraction(float(t))
    rounded = rne(t) if mode in FLOAT_MODES else rha(t)
    return clamp(zp + rounded, qmin, qmax)


# ===---------------------------------------------------------------------=== #
# Section 8: conv2d at the quantized level
# ===---------------------------------------------------------------------=== #


@dataclass
class Conv:
    """A `qedge.conv2d` at the quantized level."""
    x_type: QType
    w_type: QType                 # per tensor, or per axis on dimension 0
    y_type: QType
    w: np.ndarray                 # [OC, KH, KW, ICg] storage values
    bias: Optional[np.ndarray] = None     # [OC] int32 values (scale S_in*S_w)
    strides: tuple = (1, 1)
    padding: tuple = (0, 0, 0, 0)          # top, bottom, left, right
    dilations: tuple = (1, 1)
    groups: int = 1
    clamp_min: Optional[float] = None      # float32 real bounds
    clamp_max: Optional[float] = None
    input_shape: tuple = ()                # NHWC

    @property
    def oc(self) -> int:
        return self.w.shape[0]

    def output_shape(self) -> tuple:
        n, h, wd, _ = self.input_shape
        oc, kh, kw, _ = self.w.shape
        return (n, output_size(h, kh, self.strides[0], self.dilations[0],
                               self.padding[0], self.padding[1]),
                output_size(wd, kw, self.strides[1], self.dilations[1],
                            self.padding[2], self.padding[3]), oc)

    def w_zps(self) -> np.ndarray:
        return np.array([self.w_type.zp(c) for c in range(self.oc)], np.int64)

    def acc_bound(self) -> int:
        """Section 8.5: max|x - Zx| * max_c sum|w - Zw[c]| + max|b|."""
        zx = self.x_type.zp()
        max_x = max(abs(self.x_type.qmin - zx), abs(self.x_type.qmax - zx))
        wz = np.abs(_i64(self.w) - self.w_zps()[:, None, None, None])
        sum_w = int(wz.reshape(self.oc, -1).sum(axis=1).max())
        max_b = 0 if self.bias is None else int(np.abs(_i64(self.bias)).max())
        return max_x * sum_w + max_b

    def acc_bits(self) -> int:
        return 32 if self.acc_bound() <= I32_MAX else 64

    def multipliers(self, mode: str):
        s_in, s_out = self.x_type.scale(), self.y_type.scale()
        if mode in FLOAT_MODES:
            multiplier = fp32_multiplier if mode == "fp32" else \
                qnnpack_multiplier
            return np.array([multiplier(s_in, self.w_type.scale(c), s_out)
                             for c in range(self.oc)], np.float32)
        pairs = [quantize_multiplier(real_multiplier(
            s_in, self.w_type.scale(c), s_out)) for c in range(self.oc)]
        return (np.array([p[0] for p in pairs], np.int64),
                np.array([p[1] for p in pairs], np.int64))

    def bounds(self, mode: str) -> tuple[int, int]:
        y = self.y_type
        lo = activation_bound(self.clamp_min, y.scale(), y.zp(), y.qmin,
                              y.qmax, mode, "lo")
        hi = activation_bound(self.clamp_max, y.scale(), y.zp(), y.qmin,
                              y.qmax, mode, "hi")
        return lo, hi

    def supported(self, mode: str) -> bool:
        """Section 9.2: an i64 accumulator takes no fp32 and needs e <= 7."""
        if self.acc_bits() == 64:
            if mode in FLOAT_MODES:
                return False
            return bool(np.all(self.multipliers(mode)[1] <= 7))
        return True

    # -- the definition ------------------------------------------------- #

    def accumulate(self, x: np.ndarray) -> np.ndarray:
        """Section 8.2, exactly: sum (x~ - Zx)(w - Zw[c]) + b[c]."""
        x = _i64(x)
        assert x.shape == tuple(self.input_shape)
        self.x_type.check_values(x)
        self.w_type.check_values(self.w)
        n, h, wd, ic = x.shape
        oc, kh, kw, icg = self.w.shape
        g = self.groups
        assert ic % g == 0 and oc % g == 0 and icg == ic // g
        ocg = oc // g
        sh, sw = self.strides
        dh, dw = self.dilations
        pt, pb, pl, pr = self.padding
        _, oh, ow, _ = self.output_shape()
        assert oh >= 1 and ow >= 1

        zx = self.x_type.zp()
        xc = np.zeros((n, h + pt + pb, wd + pl + pr, ic), np.int64)  # x~ - Zx
        xc[:, pt:pt + h, pl:pl + wd, :] = x - zx
        wc = _i64(self.w) - self.w_zps()[:, None, None, None]
        # Exactness: every partial sum is bounded by max|x~ - Zx| * sum|wc|.
        assert int(np.abs(xc).max(initial=0)) * \
            int(np.abs(wc).reshape(oc, -1).sum(axis=1).max()) < (1 << 62)
        acc = np.zeros((n, oh, ow, oc), np.int64)
        for gi in range(g):
            cin = slice(gi * icg, (gi + 1) * icg)
            cout = slice(gi * ocg, (gi + 1) * ocg)
            for a in range(kh):
                for b in range(kw):
                    taps = xc[:, a * dh: a * dh + sh * (oh - 1) + 1: sh,
                              b * dw: b * dw + sw * (ow - 1) + 1: sw, cin]
                    acc[..., cout] += np.einsum(
                        "nhwk,ok->nhwo", taps, wc[cout, a, b, :])
        if self.bias is not None:
            acc += _i64(self.bias)
        return acc

    def accumulate_naive(self, x: np.ndarray) -> np.ndarray:
        """The same definition loop by loop in Python ints (self-test)."""
        n, h, wd, ic = x.shape
        oc, kh, kw, icg = self.w.shape
        ocg = oc // self.groups
        _, oh, ow, _ = self.output_shape()
        zx = self.x_type.zp()
        out = np.zeros((n, oh, ow, oc), np.int64)
        for bn in range(n):
            for i in range(oh):
                for j in range(ow):
                    for c in range(oc):
                        g = c // ocg
                        zw = self.w_type.zp(c)
                        t = 0 if self.bias is None else int(self.bias[c])
                        for a in range(kh):
                            for b in range(kw):
                                p = i * self.strides[0] + a * self.dilations[0] \
                                    - self.padding[0]
                                q = j * self.strides[1] + b * self.dilations[1] \
                                    - self.padding[2]
                                for k in range(icg):
                                    v = int(x[bn, p, q, g * icg + k]) \
                                        if 0 <= p < h and 0 <= q < wd else zx
                                    t += (v - zx) * (int(self.w[c, a, b, k]) - zw)
                        out[bn, i, j, c] = t
        return out

    def run(self, x: np.ndarray, mode: str,
            acc: Optional[np.ndarray] = None) -> np.ndarray:
        """y (int64 storage values) for input storage values x."""
        if acc is None:
            acc = self.accumulate(x)
        bits = self.acc_bits()
        if bits == 32:
            assert acc.min(initial=0) >= I32_MIN and acc.max(initial=0) <= I32_MAX
        lo, hi = self.bounds(mode)
        y = self.y_type
        if mode in FLOAT_MODES:
            return requantize(acc, "fp32", bits, m_f32=self.multipliers(mode),
                              zp=y.zp(), lo=lo, hi=hi)
        m0, e = self.multipliers(mode)
        return requantize(acc, mode, bits, m0=m0, e=e, zp=y.zp(), lo=lo, hi=hi)


def output_size(size: int, kernel: int, stride: int, dilation: int,
                pad_lo: int, pad_hi: int) -> int:
    """Section 8.3."""
    return (size + pad_lo + pad_hi - dilation * (kernel - 1) - 1) // stride + 1


# ===---------------------------------------------------------------------=== #
# Self-test against the spec's worked examples (hand-derived values)
# ===---------------------------------------------------------------------=== #


def _selftest() -> None:
    # Section 2.
    assert quantize([0.625], 0.25, 100, 0, 255)[0] == 102
    assert quantize([0.5], 1.0, 1, -128, 127)[0] == 1
    assert quantize([-0.375], 0.25, 0, -8, 7)[0] == -2
    assert quantize([0.25], 0.1, -3, -128, 127)[0] == -1
    assert quantize([0.5], float(np.float32(5 / 255)), 153, 0, 255)[0] == 179
    assert quantize([-3.0], 0.5, -6, -8, 7)[0] == -8
    assert quantize([1e30], 1e-30, 0, -32768, 32767)[0] == 32767
    assert quantize([np.nan], 0.5, 5, -128, 127)[0] == 5
    assert quantize([np.inf], 0.5, 5, -128, 127)[0] == 127
    assert quantize([-np.inf], 0.5, 5, 0, 255)[0] == 0
    # Section 5.
    for m, want in [(0.5, (1 << 30, 0)), (1.0, (1 << 30, 1)),
                    (3.0, (1610612736, 2)), (0.1, (1717986918, -3)),
                    (0.125, (1 << 30, -2)),
                    (float.fromhex("0x1.00000002p-1"), (1073741825, 0)),
                    (float.fromhex("0x1.fffffffffep-1"), (1 << 30, 1)),
                    (2.0 ** -32, (1 << 30, -31)), (2.0 ** -33, (0, 0)),
                    (float.fromhex("0x1.fffffffffep-33"), (1 << 30, -31)),
                    (0.0, (0, 0)), (2.0 ** 30, (I32_MAX, 30))]:
        assert quantize_multiplier(m) == want, (m, quantize_multiplier(m))
    # Section 6.
    def rq(mode, acc, m0, e, zp, lo=-128, hi=127, bits=32):
        return int(requantize(np.array([acc]), mode, bits, m0=[m0], e=[e],
                              zp=zp, lo=lo, hi=hi)[0])
    assert rq("gemmlowp", 1000, 1 << 30, -3, 0) == 63
    assert rq("gemmlowp", -1000, 1 << 30, -3, 10) == -53
    assert rq("rndnu", -1000, 1 << 30, -3, 10) == -52
    assert rq("gemmlowp", 10000, 1 << 30, -3, -128, -128, -80) == -80
    assert rq("gemmlowp", 1, (1 << 30) + 1, -1, 0) == 1
    assert rq("rndnu", 1, (1 << 30) + 1, -1, 0) == 0
    assert int(srdhm([-1], [1 << 30])[0]) == 0
    assert int(srdhm([I32_MIN], [I32_MIN])[0]) == I32_MAX
    assert int(rdbpot([-5], [1])[0]) == -3
    assert int(rdbpot([I32_MIN], [31])[0]) == -1
    assert int(multiply_gemmlowp([I32_MAX], [1 << 30], [1])[0]) == 1 << 30
    assert int(multiply_rndnu([I32_MAX], [1 << 30], [1])[0]) == I32_MAX
    assert int(multiply_gemmlowp([I32_MIN], [1 << 30], [-31])[0]) == -1
    assert int(multiply_rndnu([I32_MIN], [1 << 30], [-31])[0]) == 0

    def rq32(acc, m, zp, lo=-128, hi=127):
        return int(requantize(np.array([acc]), "fp32", 32,
                              m_f32=np.float32(m), zp=zp, lo=lo, hi=hi)[0])
    assert rq32(5, 0.5, 0) == 2
    assert rq32(33554433, 2.0 ** -26, 0) == 0
    assert rq32(1000, 1.0, -10) == 127
    assert fp32_multiplier(0.1, 0.1, 0.1) == np.float32(
        float.fromhex("0x1.99999cp-4"))
    # Section 7.
    assert activation_bound(2.5, 1.0, 0, -128, 127, "gemmlowp", "hi") == 3
    assert activation_bound(-2.5, 1.0, 0, -128, 127, "rndnu", "lo") == -3
    assert activation_bound(2.5, 1.0, 0, -128, 127, "fp32", "hi") == 2
    assert activation_bound(6.0, 0.03125, -128, -128, 127, "gemmlowp",
                            "hi") == 64
    assert activation_bound(float("inf"), 0.5, 0, -128, 127, "fp32",
                            "hi") == 127
    assert activation_bound(float("nan"), 0.5, 3, -128, 127, "gemmlowp",
                            "hi") == 3
    # Section 9.4.
    m0 = 1518500250
    for x, e, want in [(32768, 0, 23170), (1000, 2, 2828), (-1000, 2, -2828),
                       (2048, 2, 5793), (-2048, 2, -5792), (169, 0, 119),
                       (65536, 0, None)]:
        if want is not None:
            assert int(multiply_64([x], [m0], [e])[0]) == want, (x, e)
    assert rq("rndnu", 169, m0, 0, 0) == 120
    assert rq("gemmlowp", 3 * 10 ** 9, m0, -20, 3, -32768, 32767, 64) == 2026
    assert rq("rndnu", -3 * 10 ** 9, m0, -20, 3, -32768, 32767, 64) == -2020
    for m0_, want in [(2147385343, 65532), (2147418111, 65534),
                      (2147418112, 65534), (2147483647, 65534)]:
        assert int(multiply_64([65536], [m0_], [0])[0]) == want
    assert int(multiply_64([1 << 50], [1 << 30], [-31])[0]) == 32768
    assert int(multiply_64([-(1 << 50)], [1 << 30], [-31])[0]) == -32768
    assert int(multiply_64([1 << 40], [1 << 30], [7])[0]) == I32_MAX
    assert rq("rndnu", 1 << 40, 1 << 30, 7, -10, I32_MIN, I32_MAX, 64) == \
        I32_MAX - 10
    # Section 8.3.
    assert output_size(7, 3, 2, 1, 1, 1) == 4
    assert output_size(224, 7, 2, 1, 3, 3) == 112
    assert output_size(10, 3, 1, 2, 0, 0) == 6
    # Section 8.7 / 9.1: a worked convolution.
    u8 = QType("i8", False, 0, 255, [0.5], [128])
    s8 = QType("i8", True, -128, 127, [0.25], [0])
    y8 = QType("i8", True, -128, 127, [1.0], [-5])
    conv = Conv(u8, s8, y8, w=np.array([[[[3, -2]]]]), bias=np.array([8]),
                input_shape=(1, 1, 1, 2))
    x = np.array([[[[130, 120]]]])
    assert int(conv.accumulate(x)[0, 0, 0, 0]) == 30
    for mode in MODES:
        assert int(conv.run(x, mode)[0, 0, 0, 0]) == -1
    conv = Conv(u8, s8, y8, w=np.array([[[[1]], [[3]], [[-2]]]]),
                bias=np.array([8]), padding=(1, 1, 0, 0),
                input_shape=(1, 1, 1, 1))
    assert int(conv.accumulate(np.array([[[[130]]]]))[0, 0, 0, 0]) == 14
    # The vectorised accumulator against the loop-by-loop definition.
    rng = np.random.default_rng(2024)
    checked = 0
    for _ in range(30):
        groups = int(rng.choice([1, 2, 3]))
        icg, ocg = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
        shape = (int(rng.integers(1, 3)), int(rng.integers(1, 7)),
                 int(rng.integers(1, 7)), icg * groups)
        padding = tuple(int(v) for v in rng.integers(0, 3, size=4))
        strides = tuple(int(v) for v in rng.integers(1, 3, size=2))
        dilations = tuple(int(v) for v in rng.integers(1, 3, size=2))
        oc = ocg * groups
        c = Conv(QType("i8", False, 0, 255, [0.1], [int(rng.integers(0, 256))]),
                 QType("i8", False, 0, 255, [0.1] * oc,
                       [int(v) for v in rng.integers(0, 256, size=oc)], 0),
                 y8, w=rng.integers(0, 256, size=(oc, kh, kw, icg)),
                 bias=rng.integers(-1000, 1000, size=oc), strides=strides,
                 padding=padding, dilations=dilations, groups=groups,
                 input_shape=shape)
        _, oh, ow, _ = c.output_shape()
        if oh < 1 or ow < 1:
            continue
        x = rng.integers(0, 256, size=shape)
        assert np.array_equal(c.accumulate(x), c.accumulate_naive(x))
        checked += 1
    assert checked >= 15, checked


if __name__ == "__main__":
    _selftest()
    print("quantized_reference self-test passed")
