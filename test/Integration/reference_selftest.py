"""Checks the numpy reference (reference.py) against hand-derived values.

Every expected number here is derived by hand in the comment next to it (or
in docs/QuantizationSpec.md's worked examples, themselves hand-derived), and
the vectorised formulas are cross-checked against the textbook definitions
(rhu, rha, exact rationals) in Python integers. Nothing here calls the C++
under test. Prints one line per section and `reference self-test: OK`.
"""

from __future__ import annotations

import math
import random
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402

INT32_MIN, INT32_MAX = ref.INT32_MIN, ref.INT32_MAX


def check(actual, expected, what: str) -> None:
    actual = np.asarray(actual).tolist()
    expected = np.asarray(expected).tolist()
    if actual != expected:
        raise AssertionError(f"{what}: got {actual}, expected {expected}")


def rhu(value: Fraction) -> int:
    """Nearest integer, ties toward +infinity: floor(x + 1/2)."""
    return math.floor(value + Fraction(1, 2))


def rha(value: Fraction) -> int:
    """Nearest integer, ties away from zero."""
    return ref.round_half_away(value)


def test_quantize_multiplier() -> None:
    # docs/QuantizationSpec.md section 5, worked examples.
    cases = [
        (0.5, (1 << 30, 0)),          # 0.5 * 2^0
        (1.0, (1 << 30, 1)),          # 0.5 * 2^1
        (3.0, (1610612736, 2)),       # 0.75 * 2^31 = 3 * 2^29
        (0.1, (1717986918, -3)),      # 1717986918.4000001 rounds down
        (0.125, (1 << 30, -2)),
        (float.fromhex("0x1.00000002p-1"), (1073741825, 0)),   # 2^30 + 0.5
        (float.fromhex("0x1.fffffffffep-1"), (1 << 30, 1)),    # renormalised
        (float.fromhex("0x1p-32"), (1 << 30, -31)),
        (float.fromhex("0x1.8p-32"), (1610612736, -31)),
        (float.fromhex("0x1p-33"), (0, 0)),                    # flushed
        # Renormalised before the flush test:
        (float.fromhex("0x1.fffffffffep-33"), (1 << 30, -31)),
        (0.0, (0, 0)),
        (float(1 << 30), (INT32_MAX, 30)),                     # saturated
        (float.fromhex("0x1.ffffep+29"), (2147481600, 30)),
    ]
    for m, expected in cases:
        check(ref.quantize_multiplier(m), expected,
              f"quantize_multiplier({m!r})")
    # Ties away from zero: 0.75 + 2^-32 -> q * 2^31 = 3 * 2^29 + 0.5.
    m = 0.75 + 2.0 ** -32
    check(ref.quantize_multiplier(m), (1610612737, 0), "tie away")
    # Round trip: M0 * 2^(e - 31) is within half a Q31 unit of M.
    rng = random.Random(7)
    for _ in range(2000):
        m = math.ldexp(rng.random() + 0.5, rng.randint(-30, 29))
        m0, e = ref.quantize_multiplier(m)
        assert (1 << 30) <= m0 < (1 << 31), (m, m0, e)
        error = abs(Fraction(m0) * Fraction(2) ** (e - 31) - Fraction(m))
        assert error <= Fraction(2) ** (e - 32), (m, m0, e)
    print("quantize_multiplier: OK")


def test_srdhm() -> None:
    b = 1 << 30  # 0.5 in Q31: SRDHM(a, 2^30) = rhu(a / 2)
    srdhm = ref.saturating_rounding_doubling_high_mul
    check(srdhm([1, -1, -3, 3, 5, -5, 4, -4], b),
          # rhu(0.5)=1 rhu(-0.5)=0 rhu(-1.5)=-1 rhu(1.5)=2 rhu(2.5)=3
          # rhu(-2.5)=-2, 2, -2
          [1, 0, -1, 2, 3, -2, 2, -2], "SRDHM ties toward +inf")
    check(srdhm(INT32_MIN, INT32_MIN), INT32_MAX, "SRDHM saturation")
    # INT32_MIN * INT32_MAX / 2^31 = -(2^31 - 1) exactly.
    check(srdhm(INT32_MIN, INT32_MAX), -INT32_MAX, "SRDHM min*max")
    # gemmlowp's nudge + truncating division equals rhu(a * b / 2^31).
    rng = random.Random(11)
    edges = [INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, 1 << 30,
             -(1 << 30)]
    pairs = [(a, b) for a in edges for b in edges]
    pairs += [(rng.randint(INT32_MIN, INT32_MAX),
               rng.randint(INT32_MIN, INT32_MAX)) for _ in range(20000)]
    # Ties: a * b an odd multiple of 2^30.
    pairs += [(rng.randint(-(1 << 20), 1 << 20) * 2 + 1, 1 << 30)
              for _ in range(200)]
    a = np.array([p[0] for p in pairs], np.int64)
    bb = np.array([p[1] for p in pairs], np.int64)
    got = srdhm(a, bb)
    for (x, y), g in zip(pairs, got.tolist()):
        expected = (INT32_MAX if x == y == INT32_MIN
                    else rhu(Fraction(x * y, 1 << 31)))
        assert g == expected, (x, y, g, expected)
    print("SRDHM: OK")


def test_rdbpot() -> None:
    # rha(2.5)=3, rha(-2.5)=-3, rha(-1.5)=-2, rha(-0.5)=-1 (-2^31 / 2^31 ...)
    check(ref.rounding_divide_by_pot([5, -5, -6, INT32_MIN], [1, 1, 2, 31]),
          [3, -3, -2, -1], "RDBPOT spec examples")
    # x / 4: 2 -> 0.5 -> 1, 6 -> 1.5 -> 2, 7 -> 1.75 -> 2, 3 -> 0.75 -> 1,
    # -2 -> -1, -6 -> -2, -7 -> -2, -3 -> -1, -1 -> -0.25 -> 0.
    check(ref.rounding_divide_by_pot([2, 6, 7, 3, -2, -6, -7, -3, -1], 2),
          [1, 2, 2, 1, -1, -2, -2, -1, 0], "RDBPOT by 4")
    check(ref.rounding_divide_by_pot([INT32_MAX, INT32_MIN, 12345], 0),
          [INT32_MAX, INT32_MIN, 12345], "RDBPOT by 1")
    rng = random.Random(13)
    xs = [rng.randint(INT32_MIN, INT32_MAX) for _ in range(20000)]
    ns = [rng.randint(0, 31) for _ in xs]
    got = ref.rounding_divide_by_pot(xs, ns).tolist()
    for x, n, g in zip(xs, ns, got):
        assert g == rha(Fraction(x, 1 << n)), (x, n, g)
    print("RDBPOT: OK")


def test_multiply_int32() -> None:
    # Spec 6.4 examples: (M0, e) = (2^30, -3) is 1/16.
    check(ref.multiply_gemmlowp([1000, -1000], 1 << 30, -3), [63, -63],
          "gemmlowp 62.5")
    check(ref.multiply_rndnu([1000, -1000], 1 << 30, -3), [63, -62],
          "rndnu 62.5")
    # Double rounding: acc = 1, M = 0.25 + 2^-33 -> gemmlowp 1, rndnu 0.
    check(ref.multiply_gemmlowp(1, (1 << 30) + 1, -1), 1, "gemmlowp double")
    check(ref.multiply_rndnu(1, (1 << 30) + 1, -1), 0, "rndnu single")
    # Saturating left shift and the extremes of the exponent.
    check(ref.multiply_gemmlowp(INT32_MAX, 1 << 30, 1), 1 << 30,
          "gemmlowp saturating shift")
    check(ref.multiply_rndnu(INT32_MAX, 1 << 30, 1), INT32_MAX, "rndnu M=1")
    check(ref.multiply_gemmlowp(INT32_MIN, 1 << 30, -31), -1, "gemmlowp e=-31")
    check(ref.multiply_rndnu(INT32_MIN, 1 << 30, -31), 0, "rndnu e=-31")
    check(ref.multiply_gemmlowp(4, 1 << 30, 30), 1 << 30, "gemmlowp e=30")
    check(ref.multiply_rndnu(4, 1 << 30, 30), INT32_MAX, "rndnu e=30")
    # M = 1/4 ties: x = 2, 6, 10, -2, -6, -10 are 0.5, 1.5, 2.5 and negatives.
    x = [2, 6, 10, -2, -6, -10]
    check(ref.multiply_gemmlowp(x, 1 << 30, -1), [1, 2, 3, -1, -2, -3],
          "gemmlowp ties away from zero")
    check(ref.multiply_rndnu(x, 1 << 30, -1), [1, 2, 3, 0, -1, -2],
          "rndnu ties toward +inf")
    # Cross-check against exact rationals.
    rng = random.Random(17)
    for _ in range(5000):
        x = rng.randint(INT32_MIN, INT32_MAX)
        m0 = rng.randint(1 << 30, INT32_MAX)
        e = rng.randint(-31, 30)
        exact = Fraction(x * m0) * Fraction(2) ** (e - 31)
        expected_rndnu = max(INT32_MIN, min(INT32_MAX, rhu(exact)))
        assert ref.multiply_rndnu(x, m0, e) == expected_rndnu, (x, m0, e)
        shifted = max(INT32_MIN, min(INT32_MAX, x * 2 ** max(e, 0)))
        high = rhu(Fraction(shifted * m0, 1 << 31))
        expected_gemmlowp = rha(Fraction(high, 1 << max(-e, 0)))
        assert ref.multiply_gemmlowp(x, m0, e) == expected_gemmlowp, (x, m0, e)
    print("multiply (int32): OK")


def test_multiply_int64() -> None:
    # M0 = 2^30 -> reduced = (2^30 + 2^15) >> 16 = 2^14; e = 0 -> total 15:
    # y = rhu(x / 2): 3 -> 2, -3 -> -1, 1 -> 1, -1 -> 0, 4 -> 2.
    check(ref.multiply_int64_input([3, -3, 1, -1, 4], 1 << 30, 0),
          [2, -1, 1, 0, 2], "i64 ties toward +inf")
    # 2^40 / 2 = 2^39 saturates to INT32_MAX; -2^40 / 2 to INT32_MIN.
    check(ref.multiply_int64_input([1 << 40, -(1 << 40)], 1 << 30, 0),
          [INT32_MAX, INT32_MIN], "i64 saturation")
    # Reduced multiplier: 0x7FFF0000 and above give 0x7FFF (= 32767): with
    # e = 0, x = 2^15: (2^15 * 32767 + 2^14) >> 15 = 32767.
    x = 1 << 15
    capped = [0x7FFEFFFF, 0x7FFF0000, 0x7FFF8000, INT32_MAX]
    check(ref.multiply_int64_input(x, capped, 0),
          [32767, 32767, 32767, 32767], "reduced multiplier cap")
    # 0x40007FFF: (M0 + 2^15) >> 16 = 0x4000; 0x40008000 -> 0x4001.
    check(ref.multiply_int64_input(x, [0x40007FFF, 0x40008000], 0),
          [0x4000, 0x4001], "reduced multiplier rounding")
    # x clamped to [-2^47, 2^47 - 1] first: e = -31 -> total 46,
    # reduced 2^14: 2^47 * 2^14 / 2^46 = 2^15; beyond clamps to the same.
    check(ref.multiply_int64_input([(1 << 47) - 1, 1 << 50, -(1 << 50)],
                                   1 << 30, -31),
          [32768, 32768, -32768], "i64 input clamp")
    rng = random.Random(19)
    for _ in range(5000):
        x = rng.randint(-(1 << 47), (1 << 47) - 1)
        m0 = rng.randint(1 << 30, INT32_MAX)
        e = rng.randint(-31, 7)
        reduced = 0x7FFF if m0 >= 0x7FFF0000 else (m0 + (1 << 15)) >> 16
        expected = rhu(Fraction(x * reduced) * Fraction(2) ** (e - 15))
        expected = max(INT32_MIN, min(INT32_MAX, expected))
        assert ref.multiply_int64_input(x, m0, e) == expected, (x, m0, e)
    print("multiply (int64 input): OK")


def test_fp32() -> None:
    def fp32(acc, scale, zp=0, lo=-128, hi=127, input_zp=0):
        return ref.rescale(np.array(acc), rounding="fp32", input_bits=32,
                           scale=[scale], output_zp=zp, clamp_min=lo,
                           clamp_max=hi, input_zp=input_zp).tolist()

    # Spec 6.3 / 6.4: rne(2.5) = 2, rne(3.5) = 4, rne(-2.5) = -2.
    check(fp32([5, 7, -5, -7], 0.5), [2, 4, -2, -4], "fp32 ties to even")
    # fl32(2^25 + 1) = 2^25; times 2^-26 is exactly 0.5 -> 0.
    check(fp32([33554433], 2.0 ** -26), [0], "fp32 conversion")
    # 1000 clamps to 127 - (-10) = 137 in float, then + Z = 127.
    check(fp32([1000], 1.0, zp=-10), [127], "fp32 clamp")
    # Round first, then add Z: rne(2.5) + 1 = 3 (not rne(3.5) = 4).
    check(fp32([5], 0.5, zp=1), [3], "fp32 round then add Z")
    # input_zp: (130 - 128) * 0.75 = 1.5 -> 2.
    check(fp32([130], 0.75, input_zp=128), [2], "fp32 input_zp")
    # A float32 product: 16777217 -> fl32 = 16777216, * 0.1f
    # (13421773 * 2^-27): 2^24 * 13421773 * 2^-27 = 1677721.625 exactly,
    # a float32 (21 integer bits + 3 fraction bits) -> rne 1677722.
    check(fp32([16777217], float(np.float32(0.1)), lo=-(1 << 31),
               hi=(1 << 31) - 128), [1677722], "fp32 product")
    # Overflow to infinity clamps.
    check(fp32([INT32_MAX, INT32_MIN, 0], 3e38), [127, -128, 0], "fp32 inf")
    print("fp32: OK")


def test_rescale_clamp() -> None:
    # gemmlowp: 10000 / 16 = 625, 625 - 128 = 497, clamped to -80.
    y = ref.rescale(np.array([10000, -1000]), rounding="gemmlowp",
                    input_bits=32, multiplier=[1 << 30], shift=[-3],
                    output_zp=-128, clamp_min=-128, clamp_max=-80)
    # -1000 / 16 = -62.5 -> -63, -63 - 128 = -191 -> -128.
    check(y, [-80, -128], "rescale clamp")
    # Spec 8.7: acc = 30, (2^30, -2), Z = -5 -> 4 - 5 = -1 in every mode.
    for mode in ("gemmlowp", "rndnu"):
        check(ref.rescale(np.array([30]), rounding=mode, input_bits=32,
                          multiplier=[1 << 30], shift=[-2], output_zp=-5,
                          clamp_min=-128, clamp_max=127), [-1], mode)
    check(ref.rescale(np.array([30]), rounding="fp32", input_bits=32,
                      scale=[0.125], output_zp=-5, clamp_min=-128,
                      clamp_max=127), [-1], "fp32 8.7")
    # Per-channel: the last dimension picks the multiplier.
    y = ref.rescale(np.array([[8, 8], [-8, -8]]), rounding="rndnu",
                    input_bits=32, multiplier=[1 << 30, 1 << 30],
                    shift=[0, -2], clamp_min=-128, clamp_max=127)
    check(y, [[4, 1], [-4, -1]], "per-channel")
    print("rescale: OK")


def test_conv() -> None:
    # 2x2 input [[1, 2], [3, 4]], 2x2 kernel of ones, padding 1 all round,
    # pad_value -1. The padded input is
    #   -1 -1 -1 -1 / -1 1 2 -1 / -1 3 4 -1 / -1 -1 -1 -1
    # and each output is the sum of a 2x2 window of it.
    x = np.array([1, 2, 3, 4]).reshape(1, 2, 2, 1)
    w = np.ones((1, 2, 2, 1), np.int64)
    acc = ref.int_conv2d(x, w, np.array([0]), padding=(1, 1, 1, 1),
                         pad_value=-1)
    check(acc[0, :, :, 0], [[-2, 1, -1], [2, 10, 4], [0, 5, 1]], "padded conv")
    # x[i][j] = 5i + j on 5x5, 2x2 ones, dilation 2, stride 2: OH = 2;
    # taps (2a,2b), (2a,2b+2), (2a+2,2b), (2a+2,2b+2) sum to 40a + 8b + 24.
    x = np.arange(25).reshape(1, 5, 5, 1)
    acc = ref.int_conv2d(x, w, np.array([0]), strides=(2, 2), dilations=(2, 2))
    check(acc[0, :, :, 0], [[24, 32], [64, 72]], "strided dilated conv")
    # groups = 2, 1x1: x = [7, 11], w = [3], [5], filter_zp = [1, 2],
    # bias [100, -100]: 100 + 7 * 2 = 114, -100 + 11 * 3 = -67.
    x = np.array([7, 11]).reshape(1, 1, 1, 2)
    w = np.array([3, 5]).reshape(2, 1, 1, 1)
    acc = ref.int_conv2d(x, w, np.array([100, -100]), groups=2,
                         filter_zp=[1, 2])
    check(acc.reshape(-1), [114, -67], "grouped conv with filter_zp")
    # Spec 8.7 (1x1, u8 input, Zx = 128 folded into the bias):
    # bias' = 8 - 128 * (3 - 2) = -120; -120 + 130 * 3 + 120 * -2 = 30.
    x = np.array([130, 120]).reshape(1, 1, 1, 2)
    w = np.array([3, -2]).reshape(1, 1, 1, 2)
    check(ref.int_conv2d(x, w, np.array([-120])).reshape(-1), [30], "spec 8.7")
    # The vectorised form against the loop-by-loop definition.
    rng = np.random.default_rng(23)
    for trial in range(60):
        groups = int(rng.integers(1, 4))
        icg = int(rng.integers(1, 4))
        ocg = int(rng.integers(1, 4))
        kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
        sh, sw = (int(v) for v in rng.integers(1, 4, size=2))
        dh, dw = (int(v) for v in rng.integers(1, 3, size=2))
        pad = tuple(int(v) for v in rng.integers(0, 3, size=4))
        h = int(rng.integers(dh * (kh - 1) + 1, 8))
        wd = int(rng.integers(dw * (kw - 1) + 1, 8))
        n = int(rng.integers(1, 3))
        x = rng.integers(-128, 128, size=(n, h, wd, groups * icg))
        w = rng.integers(-128, 128, size=(groups * ocg, kh, kw, icg))
        b = rng.integers(-1000, 1000, size=groups * ocg)
        zp = [int(v) for v in rng.integers(-5, 5, size=groups * ocg)]
        kwargs = dict(strides=(sh, sw), padding=pad, dilations=(dh, dw),
                      groups=groups, pad_value=int(rng.integers(-128, 128)),
                      filter_zp=zp)
        fast = ref.int_conv2d(x, w, b, **kwargs)
        slow = ref.int_conv2d_naive(x, w, b, **kwargs)
        assert fast.tolist() == slow.tolist(), (trial, kwargs)
    print("int_conv2d: OK")


def main() -> int:
    test_quantize_multiplier()
    test_srdhm()
    test_rdbpot()
    test_multiply_int32()
    test_multiply_int64()
    test_fp32()
    test_rescale_clamp()
    test_conv()
    print("reference self-test: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
