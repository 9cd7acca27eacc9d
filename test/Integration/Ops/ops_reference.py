"""Numpy reference for the quantized ops beyond conv: add, sub, mul, table,
max and
average pooling, global average pooling, fully connected, clamp, concat.

Written from `docs/QuantizationSpec.md` (sections 10 to 19) and, for the
`gemmlowp` / `rndnu` modes, from the TFLite reference kernels the spec
names, transcribed here on their own terms:

* mul: `reference/integer_ops/mul.h` (`MulElementwise`), the product of
  the centred operands requantized as a convolution's accumulator;
* table: `kernels/internal/common.h` (`LUTPopulate`), the function itself
  evaluated in double as the spec says (TFLite uses float32 functions);
* add / sub: `tensorflow/lite/kernels/internal/reference/integer_ops/add.h`
  (`AddFunc`, `AddElementwise`) and `reference/sub.h` (`SubElementwise`),
  with the multipliers of `kernels/add.cc` / `sub.cc` (`Prepare`:
  `twice_max_input_scale`, `left_shift` 20 or 15,
  `QuantizeMultiplierSmallerThanOneExp`);
* average and max pooling: `reference/integer_ops/pooling.h` (`AveragePool`,
  `MaxPool`);
* global average pooling: `reference/integer_ops/mean.h` (`Mean`) with the
  multiplier of `kernels/reduce.cc` (`input scale / output scale`,
  `QuantizeMultiplier`);
* fully connected: the 1x1 convolution of `quantized_reference.Conv`
  (TFLite's `reference_integer_ops::FullyConnected` computes the same sum);
* matmul: ONNX's `MatMulInteger` (the sum of products of the centred
  operands) and the convolution's requantization.

The Q31 multipliers, the int32 multiplications of both modes and the fp32
requantization come from `../Quantized/quantized_reference.py`, itself an
independent transcription of the spec. Nothing here shares code with
QEdgeQuantMath or the compiler. Integer arithmetic is exact (Python ints,
numpy int64 with stated bounds); float32 arithmetic is one numpy float32
operation per step (no fused multiply-add), `np.rint` rounds half to even.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Quantized"))
import quantized_reference as qr  # noqa: E402
from quantized_reference import QType, I32_MIN, I32_MAX  # noqa: E402

F32 = np.float32


def _i64(a) -> np.ndarray:
    return np.asarray(a, dtype=np.int64)


def tflite_round_div(acc: np.ndarray, n) -> np.ndarray:
    """TFLite's `acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n` with C's
    truncating division (round half away from zero)."""
    acc, n = _i64(acc), _i64(n)
    mag = (np.abs(acc) + n // 2) // n
    return np.where(acc > 0, mag, -mag)


def multiply(mode: str, x, m0: int, e: int) -> np.ndarray:
    """The mode's int32 MultiplyByQuantizedMultiplier (spec 6.1 / 6.2)."""
    x = _i64(x)
    m0a = np.full(x.shape, m0, np.int64)
    ea = np.full(x.shape, e, np.int64)
    if mode == "gemmlowp":
        return qr.multiply_gemmlowp(x, m0a, ea)
    return qr.multiply_rndnu(x, m0a, ea)


def bounds(t: QType, clamp_min: Optional[float], clamp_max: Optional[float],
           mode: str) -> tuple[int, int]:
    """The fused activation bounds of section 7."""
    return (qr.activation_bound(clamp_min, t.scale(), t.zp(), t.qmin, t.qmax,
                                mode, "lo"),
            qr.activation_bound(clamp_max, t.scale(), t.zp(), t.qmin, t.qmax,
                                mode, "hi"))


def fp32_to_storage(f: np.ndarray, zp: int, lo: int, hi: int) -> np.ndarray:
    """Steps 3 and 4 of section 6.3 for 8- and 16-bit storage (the float
    bounds are exact)."""
    f = np.minimum(np.maximum(f, F32(lo - zp)), F32(hi - zp))
    return np.clip(np.rint(f).astype(np.int64) + zp, lo, hi)


def fp32_average_multiplier(s_in: float, s_out: float, count: int) -> F32:
    """fl32(fl32(S_in) / fl32(fl32(S_out) * count)): two float32 operations
    (section 11)."""
    denominator = np.multiply(F32(s_out), F32(count), dtype=F32)
    return np.divide(F32(s_in), denominator, dtype=F32)


# ===---------------------------------------------------------------------=== #
# Section 10: add and sub
# ===---------------------------------------------------------------------=== #


def add_sub(a: np.ndarray, b: np.ndarray, ta: QType, tb: QType, ty: QType,
            mode: str, sub: bool = False, clamp_min=None,
            clamp_max=None) -> np.ndarray:
    """y for storage values a, b (numpy broadcasting does [N or 1, 1, 1, C])."""
    a, b = _i64(a), _i64(b)
    lo, hi = bounds(ty, clamp_min, clamp_max, mode)
    if mode == "fp32":
        def product(q, t):
            m = qr.fp32_multiplier(t.scale(), 1.0, ty.scale())
            return np.multiply((q - t.zp()).astype(F32), m, dtype=F32)
        fa, fb = product(a, ta), product(b, tb)
        f = np.subtract(fa, fb, dtype=F32) if sub else np.add(fa, fb, dtype=F32)
        return fp32_to_storage(f, ty.zp(), lo, hi)
    # add.cc / sub.cc Prepare.
    left_shift = 20 if ty.bits == 8 else 15
    twice = 2 * max(ta.scale(), tb.scale())
    m1 = qr.quantize_multiplier(ta.scale() / twice)
    m2 = qr.quantize_multiplier(tb.scale() / twice)
    mo = qr.quantize_multiplier(twice / ((1 << left_shift) * ty.scale()))
    assert max(m1[1], m2[1], mo[1]) <= 0, "TFLite: every multiplier below 1"
    # AddFunc / SubElementwise.
    shifted1 = (a - ta.zp()) * (1 << left_shift)
    shifted2 = (b - tb.zp()) * (1 << left_shift)
    for s in (shifted1, shifted2):
        assert s.min(initial=0) >= I32_MIN and s.max(initial=0) <= I32_MAX
    scaled1 = multiply(mode, shifted1, *m1)
    scaled2 = multiply(mode, shifted2, *m2)
    raw = scaled1 - scaled2 if sub else scaled1 + scaled2
    assert raw.min(initial=0) >= I32_MIN and raw.max(initial=0) <= I32_MAX
    out = multiply(mode, raw, *mo) + ty.zp()
    return np.clip(out, lo, hi)


# ===---------------------------------------------------------------------=== #
# Section 16: mul
# ===---------------------------------------------------------------------=== #


def mul(a: np.ndarray, b: np.ndarray, ta: QType, tb: QType, ty: QType,
        mode: str, clamp_min=None, clamp_max=None) -> np.ndarray:
    """mul.h's MulElementwise: (a - Za)(b - Zb) requantized by Sa Sb / Sy
    (numpy broadcasting does [N or 1, 1, 1, C])."""
    p = (_i64(a) - ta.zp()) * (_i64(b) - tb.zp())
    assert p.min(initial=0) >= I32_MIN and p.max(initial=0) <= I32_MAX
    lo, hi = bounds(ty, clamp_min, clamp_max, mode)
    if mode == "fp32":
        m = qr.fp32_multiplier(ta.scale(), tb.scale(), ty.scale())
        return qr.requantize(p, "fp32", 32, m_f32=m, zp=ty.zp(), lo=lo, hi=hi)
    m0, e = qr.quantize_multiplier(qr.real_multiplier(ta.scale(), tb.scale(),
                                                      ty.scale()))
    return np.clip(multiply(mode, p, m0, e) + ty.zp(), lo, hi)


# ===---------------------------------------------------------------------=== #
# Section 18: table
# ===---------------------------------------------------------------------=== #


def _relu6(v):
    return np.minimum(np.maximum(v, 0.0), 6.0)


FUNCTIONS = {
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "hard_sigmoid": lambda x: _relu6(x + 3.0) / 6.0,
    "hard_swish": lambda x: x * _relu6(x + 3.0) / 6.0,
    "exp": np.exp,
}


def table(x: np.ndarray, tx: QType, ty: QType, function: str,
          mode: str) -> np.ndarray:
    """TFLite's LUTPopulate, element by element: dequantize in float32, the
    function in double rounded once to float32, times fl32(1 / S_out) in
    float32, rounded (half away from zero in gemmlowp / rndnu, half to even
    in fp32), plus Z_out, clamped."""
    q = _i64(x)
    r = np.multiply(F32(tx.scale()), (q - tx.zp()).astype(F32), dtype=F32)
    with np.errstate(over="ignore"):
        t = FUNCTIONS[function](r.astype(np.float64)).astype(F32)
        p = np.multiply(t, np.divide(F32(1), F32(ty.scale()), dtype=F32),
                        dtype=F32).astype(np.float64)
    rounded = np.rint(p) if mode == "fp32" else \
        np.sign(p) * np.floor(np.abs(p) + 0.5)
    return np.clip(rounded + ty.zp(), ty.qmin, ty.qmax).astype(np.int64)


# ===---------------------------------------------------------------------=== #
# Section 11: max and average pooling
# ===---------------------------------------------------------------------=== #


@dataclass
class Pool:
    """A max_pool2d or avg_pool2d."""
    kind: str                      # "max" or "avg"
    x_type: QType
    y_type: QType
    kernel: tuple
    strides: tuple = (1, 1)
    padding: tuple = (0, 0, 0, 0)  # top, bottom, left, right
    count_include_pad: bool = False
    clamp_min: Optional[float] = None
    clamp_max: Optional[float] = None

    def output_shape(self, shape) -> tuple:
        n, h, w, c = shape
        kh, kw = self.kernel
        pt, pb, pl, pr = self.padding
        return (n, (h + pt + pb - kh) // self.strides[0] + 1,
                (w + pl + pr - kw) // self.strides[1] + 1, c)

    def run(self, x: np.ndarray, mode: str) -> np.ndarray:
        """pooling.h, window by window, in Python ints."""
        x = _i64(x)
        n, h, w, c = x.shape
        _, oh, ow, _ = self.output_shape(x.shape)
        kh, kw = self.kernel
        lo, hi = bounds(self.y_type, self.clamp_min, self.clamp_max, mode)
        zx = self.x_type.zp()
        out = np.zeros((n, oh, ow, c), np.int64)
        for i in range(oh):
            for j in range(ow):
                y0 = i * self.strides[0] - self.padding[0]
                x0 = j * self.strides[1] - self.padding[2]
                ys = slice(max(y0, 0), min(y0 + kh, h))
                xs = slice(max(x0, 0), min(x0 + kw, w))
                window = x[:, ys, xs, :]
                valid = window.shape[1] * window.shape[2]
                assert valid > 0
                if self.kind == "max":
                    out[:, i, j, :] = window.max(axis=(1, 2))
                    continue
                count = kh * kw if self.count_include_pad else valid
                if mode == "fp32":
                    # Padded taps stand for real 0 either way.
                    d = (window - zx).sum(axis=(1, 2))
                    m = fp32_average_multiplier(self.x_type.scale(),
                                                self.y_type.scale(), count)
                    f = np.multiply(d.astype(F32), m, dtype=F32)
                    out[:, i, j, :] = fp32_to_storage(f, self.y_type.zp(), lo,
                                                      hi)
                    continue
                acc = window.sum(axis=(1, 2))
                if self.count_include_pad:
                    acc = acc + (count - valid) * zx
                out[:, i, j, :] = tflite_round_div(acc, count)
        return np.clip(out, lo, hi)


# ===---------------------------------------------------------------------=== #
# Section 12: global average pooling
# ===---------------------------------------------------------------------=== #


def global_avg_pool(x: np.ndarray, tx: QType, ty: QType,
                    mode: str) -> np.ndarray:
    """mean.h's Mean over H and W, keeping the dimensions."""
    x = _i64(x)
    n, h, w, c = x.shape
    count = h * w
    acc = (x - tx.zp()).sum(axis=(1, 2), keepdims=True)
    assert acc.min(initial=0) >= I32_MIN and acc.max(initial=0) <= I32_MAX
    if mode == "fp32":
        m = fp32_average_multiplier(tx.scale(), ty.scale(), count)
        return qr.requantize(acc, "fp32", 32, m_f32=m, zp=ty.zp(),
                             lo=ty.qmin, hi=ty.qmax)
    m0, e = qr.quantize_multiplier(tx.scale() / ty.scale())   # reduce.cc
    acc = multiply(mode, acc, m0, e)
    acc = tflite_round_div(acc, count) + ty.zp()
    return np.clip(acc, ty.qmin, ty.qmax)


# ===---------------------------------------------------------------------=== #
# Section 13: fully connected
# ===---------------------------------------------------------------------=== #


def fully_connected_conv(x_type: QType, w_type: QType, y_type: QType,
                         w: np.ndarray, bias, batch: int, clamp_min=None,
                         clamp_max=None) -> qr.Conv:
    """The 1x1 convolution a fully connected layer [N, IN] x [OUT, IN] is."""
    out, inputs = w.shape
    conv = qr.Conv(x_type, w_type, y_type, w=_i64(w).reshape(out, 1, 1, inputs),
                   bias=None if bias is None else _i64(bias),
                   input_shape=(batch, 1, 1, inputs))
    conv.clamp_min, conv.clamp_max = clamp_min, clamp_max
    return conv


def fully_connected(x: np.ndarray, conv: qr.Conv, mode: str) -> np.ndarray:
    n, inputs = x.shape
    y = conv.run(_i64(x).reshape(n, 1, 1, inputs), mode)
    return y.reshape(n, -1)


# ===---------------------------------------------------------------------=== #
# Section 19: matmul
# ===---------------------------------------------------------------------=== #


@dataclass
class MatMul:
    """A `qedge.matmul`: lhs [.., M, K] per tensor, rhs [.., K, N] per tensor
    or per column."""
    lhs_type: QType
    rhs_type: QType
    y_type: QType
    depth: int
    clamp_min: Optional[float] = None
    clamp_max: Optional[float] = None

    def acc_bits(self, n: int) -> int:
        """Section 8.5's bound with no bias and no constant weights."""
        def max_centred(t, c):
            return max(t.qmax - t.zp(c), t.zp(c) - t.qmin)
        bound = max_centred(self.lhs_type, 0) * self.depth * max(
            max_centred(self.rhs_type, c) for c in range(n))
        return 32 if bound <= I32_MAX else 64

    def multipliers(self, mode: str, n: int):
        s_a, s_y = self.lhs_type.scale(), self.y_type.scale()
        if mode == "fp32":
            return np.array([qr.fp32_multiplier(s_a, self.rhs_type.scale(c),
                                                s_y) for c in range(n)], F32)
        pairs = [qr.quantize_multiplier(qr.real_multiplier(
            s_a, self.rhs_type.scale(c), s_y)) for c in range(n)]
        return (np.array([p[0] for p in pairs], np.int64),
                np.array([p[1] for p in pairs], np.int64))

    def supported(self, mode: str, n: int) -> bool:
        if self.acc_bits(n) == 32:
            return True
        return mode != "fp32" and bool(np.all(self.multipliers(mode, n)[1]
                                              <= 7))

    def run(self, a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
        """ONNX's MatMulInteger, Σ_k (a - Za)(b - Zb[n]) in exact int64, then
        section 6 (9.4 for an i64 accumulator) per column."""
        n = b.shape[-1]
        zb = np.array([self.rhs_type.zp(c) for c in range(n)], np.int64)
        acc = np.matmul(_i64(a) - self.lhs_type.zp(), _i64(b) - zb)
        bits = self.acc_bits(n)
        y = self.y_type
        lo, hi = bounds(y, self.clamp_min, self.clamp_max, mode)
        if mode == "fp32":
            return qr.requantize(acc, mode, bits,
                                 m_f32=self.multipliers(mode, n), zp=y.zp(),
                                 lo=lo, hi=hi)
        m0, e = self.multipliers(mode, n)
        return qr.requantize(acc, mode, bits, m0=m0, e=e, zp=y.zp(), lo=lo,
                             hi=hi)


# ===---------------------------------------------------------------------=== #
# Sections 14 and 15: clamp and concat
# ===---------------------------------------------------------------------=== #


def clamp(x: np.ndarray, t: QType, clamp_min, clamp_max,
          mode: str) -> np.ndarray:
    lo, hi = bounds(t, clamp_min, clamp_max, mode)
    return np.clip(_i64(x), lo, hi)


def requantize(x: np.ndarray, tx: QType, ty: QType, mode: str) -> np.ndarray:
    """Section 6 with acc = q - Za and M = S_a / S_b (qedge.requantize)."""
    acc = _i64(x) - tx.zp()
    if mode == "fp32":
        return qr.requantize(acc, "fp32", 32,
                             m_f32=qr.fp32_multiplier(tx.scale(), 1.0,
                                                      ty.scale()),
                             zp=ty.zp(), lo=ty.qmin, hi=ty.qmax)
    m0, e = qr.quantize_multiplier(tx.scale() / ty.scale())
    return np.clip(multiply(mode, acc, m0, e) + ty.zp(), ty.qmin, ty.qmax)


def concat(xs: Sequence[np.ndarray], types: Sequence[QType], ty: QType,
           axis: int, mode: str) -> np.ndarray:
    parts = [_i64(x) if t == ty else requantize(x, t, ty, mode)
             for x, t in zip(xs, types)]
    return np.concatenate(parts, axis=axis)


# ===---------------------------------------------------------------------=== #
# Self-test: the spec's worked examples, derived by hand there
# ===---------------------------------------------------------------------=== #


def selftest() -> None:
    def s8(scale, zp):
        return QType("i8", True, -128, 127, [scale], [zp])
    # Section 10: 7 * 0.5 + (-5) * 0.25 = 2.25 -> 2, plus Z = 5.
    a, b = np.array([10]), np.array([-7])
    for mode in ("gemmlowp", "rndnu", "fp32"):
        assert add_sub(a, b, s8(0.5, 3), s8(0.25, -2), s8(1.0, 5), mode)[0] == 7
    # Ties: (+-3) * 0.5 + (+-2) * 0.5 = +-2.5.
    t = s8(0.5, 0)
    want = {"gemmlowp": (3, -3), "rndnu": (3, -2), "fp32": (2, -2)}
    for mode, (pos, neg) in want.items():
        y = add_sub(np.array([3, -3]), np.array([2, -2]), t, t, s8(1.0, 0),
                    mode)
        assert tuple(int(v) for v in y) == (pos, neg), (mode, y)
    # Section 16: (7 - 1)(-3 - 2) = -30, times 0.5 * 0.25 / 0.5 = 1/4:
    # -7.5: -8 in gemmlowp (away from zero) and fp32 (to even), -7 in rndnu.
    want = {"gemmlowp": -8, "rndnu": -7, "fp32": -8}
    for mode, y in want.items():
        got = mul(np.array([7]), np.array([-3]), s8(0.5, 1), s8(0.25, 2),
                  s8(0.5, 0), mode)[0]
        assert got == y, (mode, got)
    # Section 18: hard_sigmoid(1) = 4 / 6, times 1 / (1/3) = 2, Z = 0 -> 2;
    # hard_sigmoid(0) = 0.5 * 3 = 1.5: 2 in gemmlowp, 2 (even) in fp32;
    # hard_sigmoid(-2) = 1/6 * 3 = 0.5: 1 in gemmlowp, 0 in fp32.
    t1, t3 = s8(1.0, 0), s8(1 / 3, 0)
    for mode, want in (("gemmlowp", [2, 2, 1]), ("fp32", [2, 2, 0])):
        got = table(np.array([1, 0, -2]), t1, t3, "hard_sigmoid", mode)
        assert list(got) == want, (mode, got)
    # Section 11: rha(-7 / 2) = -4, rha(7 / 2) = 4; fp32 rne(3.5) = 4,
    # rne(2.5) = 2.
    assert list(tflite_round_div(np.array([7, -7, 5, -5, 0]), 2)) == \
        [4, -4, 3, -3, 0]
    assert fp32_average_multiplier(0.5, 0.5, 4) == F32(0.25)
    assert fp32_average_multiplier(0.1, 0.1, 3) == F32(
        float.fromhex("0x1.555554p-2"))


if __name__ == "__main__":
    selftest()
    print("ops_reference self-test passed")
