"""Independent numpy reference for `qedge.int_conv2d` and `qedge.rescale`.

Written from the op descriptions (`QEdgeOps.td`), `docs/QuantizationSpec.md`
and the public references they name -- gemmlowp's `fixedpoint.h` and TFLite's
`MultiplyByQuantizedMultiplier` (32- and 64-bit) -- and shares no code with
the C++ under test (`QEdgeQuantMath`, the lowering). Integer arithmetic is
exact: int64 numpy where the operand bounds are stated to fit, Python ints
otherwise; the float32 mode uses float32 numpy operations only (one rounding
per operation) and `np.rint` (round half to even).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1
INT64_LIMIT = 1 << 62  # every int64 intermediate below is kept under this

# Exponent range of (M0, e), TFLite's QuantizeMultiplier conventions.
MIN_EXPONENT = -31
MAX_EXPONENT = 30
MAX_EXPONENT_I64 = 7  # TFLite's 64-bit MultiplyByQuantizedMultiplier


# ===---------------------------------------------------------------------=== #
# Fixed-point multipliers
# ===---------------------------------------------------------------------=== #


def round_half_away(value: Fraction) -> int:
    """rha: the nearest integer, ties away from zero (C's `round`)."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def quantize_multiplier(m: float) -> tuple[int, int]:
    """TFLite's QuantizeMultiplier: M ~= M0 * 2^(e - 31), M0 in [2^30, 2^31).

    frexp, M0 = rha(q * 2^31) (exact: a Fraction of the double), renormalised
    when it reaches 2^31; e < -31 flushes to (0, 0), e > 30 saturates to
    (2^31 - 1, 30).
    """
    if m < 0 or math.isnan(m):
        raise ValueError(f"multiplier must be non-negative, got {m}")
    if m == 0:
        return 0, 0
    q, e = math.frexp(m)
    m0 = round_half_away(Fraction(q) * (1 << 31))
    if m0 == 1 << 31:
        m0 //= 2
        e += 1
    if e < MIN_EXPONENT:
        return 0, 0
    if e > MAX_EXPONENT:
        return INT32_MAX, MAX_EXPONENT
    return m0, e


# ===---------------------------------------------------------------------=== #
# gemmlowp primitives (transcribed from gemmlowp/fixedpoint/fixedpoint.h)
# ===---------------------------------------------------------------------=== #


def _as_i64(a) -> np.ndarray:
    return np.asarray(a, dtype=np.int64)


def saturating_rounding_doubling_high_mul(a, b) -> np.ndarray:
    """gemmlowp's SaturatingRoundingDoublingHighMul on int32 values.

    ab = a * b in 64 bits; nudge = ab >= 0 ? 2^30 : 1 - 2^30; the result is
    (ab + nudge) / 2^31 with C's truncating division; a = b = INT32_MIN
    saturates to INT32_MAX. |ab| <= 2^62, so int64 is exact.
    """
    a = _as_i64(a)
    b = _as_i64(b)
    ab = a * b
    nudge = np.where(ab >= 0, np.int64(1 << 30), np.int64(1 - (1 << 30)))
    numerator = ab + nudge
    # C division truncates toward zero; numpy's // floors.
    quotient = np.sign(numerator) * (np.abs(numerator) // np.int64(1 << 31))
    overflow = (a == INT32_MIN) & (b == INT32_MIN)
    return np.where(overflow, np.int64(INT32_MAX), quotient)


def rounding_divide_by_pot(x, exponent) -> np.ndarray:
    """gemmlowp's RoundingDivideByPOT: mask, remainder, threshold."""
    x = _as_i64(x)
    exponent = _as_i64(exponent)
    if np.any((exponent < 0) | (exponent > 31)):
        raise ValueError("RoundingDivideByPOT exponent outside [0, 31]")
    mask = (np.int64(1) << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (x < 0).astype(np.int64)
    return (x >> exponent) + (remainder > threshold).astype(np.int64)


def saturate_int32(x) -> np.ndarray:
    return np.clip(_as_i64(x), INT32_MIN, INT32_MAX)


def multiply_gemmlowp(x, m0, e) -> np.ndarray:
    """TFLite's default MultiplyByQuantizedMultiplier on int32 x.

    RDBPOT(SRDHM(sat32(x * 2^max(e, 0)), M0), max(-e, 0)); the left shift
    saturates (|x| < 2^31, e <= 30: |x * 2^e| < 2^61, exact in int64).
    """
    x = _as_i64(x)
    e = _as_i64(e)
    left = np.maximum(e, 0)
    right = np.maximum(-e, 0)
    shifted = saturate_int32(x << left)
    return rounding_divide_by_pot(
        saturating_rounding_doubling_high_mul(shifted, m0), right)


def multiply_rndnu(x, m0, e) -> np.ndarray:
    """Single rounding: sat32((x * M0 + 2^(30 - e)) >> (31 - e)).

    |x * M0| <= 2^62 and the rounding term is at most 2^61: int64 is exact.
    """
    x = _as_i64(x)
    m0 = _as_i64(m0)
    e = _as_i64(e)
    total = 31 - e
    rounded = (x * m0 + (np.int64(1) << (total - 1))) >> total
    return saturate_int32(rounded)


def multiply_int64_input(x, m0, e) -> np.ndarray:
    """TFLite's MultiplyByQuantizedMultiplier(int64_t x, int32_t, int shift).

    x clamped to [-2^47, 2^47 - 1]; a 16-bit multiplier
    reduced = M0 < 0x7FFF0000 ? (M0 + 2^15) >> 16 : 0x7FFF; total_shift =
    15 - e; y = (x * reduced + 2^(total_shift - 1)) >> total_shift, then
    saturated to int32. |x * reduced| < 2^62.
    """
    x = np.clip(_as_i64(x), -(1 << 47), (1 << 47) - 1)
    m0 = _as_i64(m0)
    e = _as_i64(e)
    if np.any((e < MIN_EXPONENT) | (e > MAX_EXPONENT_I64)):
        raise ValueError("64-bit multiply: shift outside [-31, 7]")
    reduced = np.where(m0 < 0x7FFF0000, (m0 + (1 << 15)) >> 16,
                       np.int64(0x7FFF))
    total = 15 - e
    rounded = (x * reduced + (np.int64(1) << (total - 1))) >> total
    return saturate_int32(rounded)


# ===---------------------------------------------------------------------=== #
# qedge.rescale
# ===---------------------------------------------------------------------=== #


def _per_channel(values: Sequence, shape: tuple[int, ...],
                 dtype) -> np.ndarray:
    """Broadcasts a per-channel array (one value, or one per channel)."""
    array = np.asarray(values, dtype=dtype)
    if array.size == 1:
        return np.full(shape, array.reshape(()), dtype=dtype)
    assert array.shape == (shape[-1],), (array.shape, shape)
    return np.broadcast_to(array, shape)


def rescale(x: np.ndarray, *, rounding: str, input_bits: int,
            multiplier: Sequence[int] | None = None,
            shift: Sequence[int] | None = None,
            scale: Sequence[float] | None = None,
            input_zp: int = 0, output_zp: int = 0,
            clamp_min: int, clamp_max: int) -> np.ndarray:
    """y = clamp(requant(x - input_zp) + output_zp, clamp_min, clamp_max).

    `x` holds the (already sign- or zero-extended) input values; the result is
    int64 holding the output values (the caller narrows / reinterprets).
    """
    x = _as_i64(x)
    if rounding == "fp32":
        assert input_bits <= 32
        m = _per_channel(scale, x.shape, np.float32)
        # Exact integer -> float64 (|x| < 2^53), then one rounding to float32.
        f = (x - input_zp).astype(np.float64).astype(np.float32)
        with np.errstate(over="ignore"):  # overflow to +-inf is clamped
            f = np.multiply(f, m, dtype=np.float32)
        # Clamp to the exact integer bounds [clamp_min - Z, clamp_max - Z]:
        # in float64, which holds every float32 and every bound exactly (for
        # 8- and 16-bit outputs the bounds are float32 values, and this is
        # the float32 clamp).
        f = np.clip(f.astype(np.float64), clamp_min - output_zp,
                    clamp_max - output_zp)
        y = np.rint(f).astype(np.int64) + output_zp
        return np.clip(y, clamp_min, clamp_max)

    m0 = _per_channel(multiplier, x.shape, np.int64)
    e = _per_channel(shift, x.shape, np.int64)
    if input_bits == 64:
        assert input_zp == 0
        scaled = multiply_int64_input(x, m0, e)
    elif rounding == "gemmlowp":
        scaled = multiply_gemmlowp(x - input_zp, m0, e)
    elif rounding == "rndnu":
        scaled = multiply_rndnu(x - input_zp, m0, e)
    else:
        raise ValueError(f"unknown rounding {rounding!r}")
    return np.clip(scaled + output_zp, clamp_min, clamp_max)


# ===---------------------------------------------------------------------=== #
# qedge.int_conv2d
# ===---------------------------------------------------------------------=== #


def conv_output_size(size: int, kernel: int, stride: int, dilation: int,
                     pad_low: int, pad_high: int) -> int:
    extent = dilation * (kernel - 1) + 1
    return (size + pad_low + pad_high - extent) // stride + 1


def int_conv2d(x: np.ndarray, w: np.ndarray, bias: np.ndarray, *,
               strides=(1, 1), padding=(0, 0, 0, 0), dilations=(1, 1),
               groups: int = 1, pad_value: int = 0,
               filter_zp: Sequence[int] = (0,)) -> np.ndarray:
    """acc[n, i, j, c] = bias[c] + sum x~[...] * (w[c, ...] - filter_zp[c]).

    x: NHWC values, w: OHWI values (already read as signed or unsigned), bias
    [OC]. Returns the exact sums as int64 (the caller checks that they fit
    the accumulator type).
    """
    x = _as_i64(x)
    w = _as_i64(w)
    bias = _as_i64(bias)
    n, h, wd, c = x.shape
    oc, kh, kw, icg = w.shape
    sh, sw = strides
    pt, pb, pl, pr = padding
    dh, dw = dilations
    assert c % groups == 0 and oc % groups == 0 and icg == c // groups
    ocg = oc // groups
    oh = conv_output_size(h, kh, sh, dh, pt, pb)
    ow = conv_output_size(wd, kw, sw, dw, pl, pr)
    assert oh >= 1 and ow >= 1

    zp = _per_channel(filter_zp, (oc,), np.int64)
    wz = w - zp[:, None, None, None]
    # Exactness: every partial sum of products is bounded by this, checked to
    # fit int64; the bias is added in Python ints below.
    bound = max(int(np.abs(x).max(initial=0)), abs(pad_value)) * \
        int(np.abs(wz).sum(axis=(1, 2, 3)).max())
    assert bound < INT64_LIMIT

    padded = np.full((n, h + pt + pb, wd + pl + pr, c), pad_value, np.int64)
    padded[:, pt:pt + h, pl:pl + wd, :] = x
    acc = np.zeros((n, oh, ow, oc), np.int64)
    for g in range(groups):
        channels = slice(g * icg, (g + 1) * icg)
        outputs = slice(g * ocg, (g + 1) * ocg)
        for i in range(kh):
            for j in range(kw):
                taps = padded[:, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                              j * dw:j * dw + sw * (ow - 1) + 1:sw, channels]
                # [N, OH, OW, ICg] x [ICg, OCg]: an exact int64 matmul.
                acc[..., outputs] += taps @ wz[outputs, i, j, :].T
    total = acc.astype(object) + bias.astype(object)
    if total.size and (total.min() < -(1 << 63) or total.max() >= 1 << 63):
        raise OverflowError("int_conv2d result does not fit int64")
    return total.astype(np.int64)


def int_conv2d_naive(x: np.ndarray, w: np.ndarray, bias: np.ndarray, *,
                     strides=(1, 1), padding=(0, 0, 0, 0), dilations=(1, 1),
                     groups: int = 1, pad_value: int = 0,
                     filter_zp: Sequence[int] = (0,)) -> np.ndarray:
    """The definition, loop by loop, in Python ints (for the self-test)."""
    n, h, wd, c = x.shape
    oc, kh, kw, icg = w.shape
    ocg = oc // groups
    oh = conv_output_size(h, kh, strides[0], dilations[0], *padding[:2])
    ow = conv_output_size(wd, kw, strides[1], dilations[1], *padding[2:])
    zps = list(filter_zp) * (oc if len(filter_zp) == 1 else 1)
    out = np.zeros((n, oh, ow, oc), dtype=object)
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for o in range(oc):
                    g = o // ocg
                    total = int(bias[o])
                    for p in range(kh):
                        for q in range(kw):
                            y = i * strides[0] + p * dilations[0] - padding[0]
                            z = j * strides[1] + q * dilations[1] - padding[2]
                            for k in range(icg):
                                if 0 <= y < h and 0 <= z < wd:
                                    v = int(x[b, y, z, g * icg + k])
                                else:
                                    v = pad_value
                                total += v * (int(w[o, p, q, k]) - zps[o])
                    out[b, i, j, o] = total
    return out
