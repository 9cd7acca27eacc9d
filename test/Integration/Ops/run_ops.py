"""Differential test of the quantized ops beyond conv: `qedge.add`,
`qedge.sub`, `qedge.mul`, `qedge.table`, `qedge.max_pool2d`, `qedge.avg_pool2d`,
`qedge.global_avg_pool`, `qedge.fully_connected`, `qedge.matmul`,
`qedge.clamp`,
`qedge.concat`, `qedge.reshape`, `qedge.transpose` and `qedge.pad`.

For one group of cases (`--group`, fixed seeds), this script writes one .mlir
module whose `@main` computes every case of the group in every rounding mode
the case supports (quantized-level IR: `i8` / `i16` arguments `quant.scast`
to their `!quant.uniform` types, or `!quant.uniform` arguments directly in
every other case; weights and biases `arith.constant` + `quant.scast`), runs
it once (`qedge-run`, whose pipeline folds the quantized level with
`qedge-fold-quant` and lowers it to LLVM), and compares every output element
exactly with the numpy reference `ops_reference.py`, which follows the spec
and the TFLite reference kernels it names, independently of QEdgeQuantMath.

Prints `GROUP: N cases, M elements compared, all equal`, a line per mode,
and checks the counts against the group's entry of `ops_counts.py`. On a
difference, names the case, the mode and the first differing elements, and
writes a one-case repro module. `--self-check` plants one wrong expected
value and checks that the comparison reports it.

The options and the machinery (other targets, `--compile-target`,
`--runner`, saved outputs, `--on-target`) are those of ../execution.py,
shared with the other execution tests. The MLIR text is written with the
qedge Python package's mlir_text (python/qedge).
"""

from __future__ import annotations

import argparse
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python"))
import execution as ex  # noqa: E402
import ops_counts  # noqa: E402
import ops_reference as ref  # noqa: E402
import blocks  # noqa: E402
from ops_reference import QType, qr  # noqa: E402
from qedge import mlir_text as mt  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Quantized"))
# The MLIR spelling of quantized types and the .npy conversions of the
# quantized-level runner.
from run_quantized import (from_npy, npy_storage,  # noqa: E402
                           quant_tensor, storage_tensor, written)

MODES = ("gemmlowp", "rndnu", "fp32")
# The one "mode" of an op that moves stored values and takes no `rounding`.
STORED = "stored"

# ===---------------------------------------------------------------------=== #
# Types
# ===---------------------------------------------------------------------=== #

KINDS = {
    # name: (container, signed, qmin, qmax)
    "s8": ("i8", True, -128, 127),
    "s8n": ("i8", True, -127, 127),
    "u8": ("i8", False, 0, 255),
    "s4": ("i8", True, -8, 7),
    "s4n": ("i8", True, -7, 7),
    "u4": ("i8", False, 0, 15),
    "s16": ("i16", True, -32768, 32767),
    "u16": ("i16", False, 0, 65535),
    "s12": ("i16", True, -2048, 2047),
}


def qtype(kind: str, scale, zp, axis=None) -> QType:
    container, signed, qmin, qmax = KINDS[kind]
    scales = [float(s) for s in np.atleast_1d(scale)]
    zps = [int(z) for z in np.atleast_1d(zp)]
    assert all(qmin <= z <= qmax for z in zps), (kind, zps)
    return QType(container, signed, qmin, qmax, scales, zps, axis)


def zp_of(rng, kind: str, how) -> int:
    _, _, qmin, qmax = KINDS[kind]
    if how == "min":
        return qmin
    if how == "max":
        return qmax
    if how == "rand":
        return int(rng.integers(qmin, qmax + 1))
    return 0 if how == "zero" else int(how)


def values(rng, t: QType, shape) -> np.ndarray:
    """Random storage values, the range's ends included."""
    v = rng.integers(t.qmin, t.qmax + 1, size=shape)
    flat = v.reshape(-1)
    if flat.size >= 2:
        flat[0], flat[-1] = t.qmin, t.qmax
    return v


# ===---------------------------------------------------------------------=== #
# Cases
# ===---------------------------------------------------------------------=== #


@dataclass
class Operand:
    """An activation argument of a case: its type and storage values."""
    t: QType
    v: np.ndarray


@dataclass
class Case:
    """One op (`op`: its MLIR name, `attrs`, the activation `operands` and
    the constant operands emitted before it), run in each of `modes`.
    `expected(mode)` is the reference's result."""
    name: str
    op: str
    operands: list
    y_type: QType
    y_shape: tuple
    expected_fn: Callable[[str], np.ndarray]
    attrs: dict = field(default_factory=dict)
    constants: list = field(default_factory=list)   # (name, values, QType)
    modes: tuple = MODES
    signature: str = "scast"

    def arg_types(self) -> list[str]:
        wrap = quant_tensor if self.signature == "quant" else storage_tensor
        return [wrap(o.v.shape, o.t) for o in self.operands]

    def arg_arrays(self) -> list[np.ndarray]:
        return [npy_storage(o.v, o.t) for o in self.operands]

    def outputs(self) -> list[tuple[str, QType, tuple]]:
        return [(mode, self.y_type, self.y_shape) for mode in self.modes]

    def emit(self, p: str, args: list[str]) -> tuple[list[str], list]:
        lines, names, types = [], [], []
        for k, (o, arg) in enumerate(zip(self.operands, args)):
            q = quant_tensor(o.v.shape, o.t)
            if self.signature == "quant":
                names.append(arg)
            else:
                lines.append(mt.storage_cast(f"%{p}a{k}", arg,
                                             storage_tensor(o.v.shape, o.t), q))
                names.append(f"%{p}a{k}")
            types.append(q)
        for k, (cv, ct) in enumerate(self.constants):
            s, q = storage_tensor(cv.shape, ct), quant_tensor(cv.shape, ct)
            lines.append(mt.constant(f"%{p}c{k}i",
                                     mt.dense_elements(cv, ct.bits), s))
            lines.append(mt.storage_cast(f"%{p}c{k}", f"%{p}c{k}i", s, q))
            names.append(f"%{p}c{k}")
            types.append(q)
        y_q = quant_tensor(self.y_shape, self.y_type)
        y_s = storage_tensor(self.y_shape, self.y_type)
        results = []
        for mode in self.modes:
            attrs = dict(self.attrs)
            # gemmlowp, the default, is written out in about half the cases.
            if mode == STORED:
                pass
            elif mode != "gemmlowp" or (zlib.crc32(p.encode()) & 1):
                attrs["rounding"] = mt.rounding_attr(mode)
            attr_text = " " + mt.attr_dict(attrs) if attrs else ""
            if len(types) == 1 and self.op != "qedge.concat":
                signature = f"{types[0]} -> {y_q}"
                if self.op == "qedge.clamp":
                    signature = types[0]
            else:
                signature = f"({', '.join(types)}) -> {y_q}"
            lines.append(f"%{p}y_{mode} = {self.op} {', '.join(names)}"
                         f"{attr_text} : {signature}")
            if self.signature == "quant":
                results.append((f"%{p}y_{mode}", y_q))
            else:
                lines.append(mt.storage_cast(f"%{p}o_{mode}", f"%{p}y_{mode}",
                                             y_q, y_s))
                results.append((f"%{p}o_{mode}", y_s))
        return lines, results

    def expected(self) -> list[np.ndarray]:
        return [self.expected_fn(mode) for mode in self.modes]


def clamp_attrs(clamp_min, clamp_max) -> dict:
    attrs = {}
    if clamp_min is not None:
        attrs["clamp_min"] = mt.float_attr(clamp_min)
    if clamp_max is not None:
        attrs["clamp_max"] = mt.float_attr(clamp_max)
    return attrs


# -- add / sub ----------------------------------------------------------- #


def add_case(name, rng, kind="s8", a_shape=(1, 4, 5, 3), b_shape=None,
             sa=None, sb=None, sy=None, za="rand", zb="rand", zy="rand",
             sub=False, clamp=(None, None), a=None, b=None,
             modes=MODES) -> Case:
    b_shape = a_shape if b_shape is None else b_shape
    sa = float(10 ** rng.uniform(-2.5, -1)) if sa is None else sa
    sb = float(10 ** rng.uniform(-2.5, -1)) if sb is None else sb
    ta = qtype(kind, sa, zp_of(rng, kind, za))
    tb = qtype(kind, sb, zp_of(rng, kind, zb))
    if sy is None:
        sy = (sa + sb) * float(rng.uniform(0.9, 1.6))
    ty = qtype(kind, sy, zp_of(rng, kind, zy))
    a = values(rng, ta, a_shape) if a is None else np.asarray(a)
    b = values(rng, tb, b_shape) if b is None else np.asarray(b)
    y_shape = np.broadcast_shapes(a.shape, b.shape)

    def expected(mode):
        return ref.add_sub(a, b, ta, tb, ty, mode, sub, *clamp)
    return Case(name, "qedge.sub" if sub else "qedge.add",
                [Operand(ta, a), Operand(tb, b)], ty, tuple(y_shape), expected,
                attrs=clamp_attrs(*clamp), modes=modes)


def group_add(rng) -> list[Case]:
    cases = [
        add_case("s8 same shape", rng),
        add_case("u8 same shape, relu", rng, kind="u8", clamp=(0.0, None)),
        add_case("s8 rhs [1, 1, 1, C]", rng, a_shape=(1, 5, 3, 6),
                 b_shape=(1, 1, 1, 6)),
        add_case("s8 lhs [N, 1, 1, C], batch 2", rng, a_shape=(2, 1, 1, 5),
                 b_shape=(2, 3, 4, 5)),
        add_case("u8 rhs [N, 1, 1, C], batch 3", rng, kind="u8",
                 a_shape=(3, 2, 3, 4), b_shape=(3, 1, 1, 4)),
        add_case("odd sizes 1x7x5x3", rng, a_shape=(1, 7, 5, 3)),
        add_case("rank 2", rng, a_shape=(3, 7)),
        add_case("s8 zero points -128 / 127 / -128", rng, za="min", zb="max",
                 zy="min"),
        add_case("u8 zero points 255 / 0 / 255", rng, kind="u8", za="max",
                 zb="min", zy="max"),
        add_case("saturating: output scale / 8", rng, sa=0.05, sb=0.04,
                 sy=0.01, za=0, zb=0, zy=0),
        add_case("u8 saturating, relu6", rng, kind="u8", sa=0.1, sb=0.05,
                 sy=0.02, za=128, zb=100, zy=0, clamp=(0.0, 6.0)),
        add_case("band clamp", rng, sa=0.02, sb=0.03, sy=0.04,
                 clamp=(-1.5, 2.25)),
        add_case("4-bit", rng, kind="s4", a_shape=(1, 3, 3, 4),
                 b_shape=(1, 1, 1, 4)),
        add_case("s16 zero points 0", rng, kind="s16", sa=2.0 ** -10,
                 sb=3e-4, za=0, zb=0, zy=0, sy=1.5e-3),
        add_case("u16 zero points 0", rng, kind="u16", sa=2.0 ** -12,
                 sb=1e-4, za=0, zb=0, zy=100, sy=3e-4),
        add_case("s12, zero points -2048 / 2047 (16-bit container)", rng,
                 kind="s12", za="min", zb="max", zy=5),
        add_case("output multiplier just below 1", rng, sa=1.0, sb=0.25,
                 sy=2.0 ** -19 * 1.0001, za=0, zb=0, zy=0),
    ]
    # Exact ties in every mode: Sa = Sb = 0.5, Sy = 1, zero points 0: the
    # real sum (a + b) / 2 is k + 1/2 for every odd a + b. gemmlowp rounds
    # them away from zero, rndnu toward +infinity, fp32 to even.
    t = np.arange(-128, 128)
    a = np.tile(t, 2).reshape(1, 4, 16, 8)
    b = np.roll(a, 1)
    cases.append(add_case("exact ties", rng, sa=0.5, sb=0.5, sy=1.0, za=0,
                          zb=0, zy=0, a=a, b=b))
    # Ties with different scales and zero points: Sa = 0.25, Sb = 0.75,
    # Sy = 0.5: (a - Za) / 2 + 3 (b - Zb) / 2.
    cases.append(add_case("exact ties, scales 1:3", rng, sa=0.25, sb=0.75,
                          sy=0.5, za=7, zb=-3, zy=-1, a=a, b=b))
    return cases


def group_sub(rng) -> list[Case]:
    # Exact ties as in group_add, on differences.
    t = np.arange(-128, 128)
    a = np.tile(t, 2).reshape(1, 4, 16, 8)
    b = rng.permutation(a.reshape(-1)).reshape(a.shape)
    return [
        add_case("s8", rng, sub=True),
        add_case("u8, lhs broadcast", rng, kind="u8", sub=True,
                 a_shape=(1, 1, 1, 4), b_shape=(1, 3, 3, 4)),
        add_case("s8 rhs [N, 1, 1, C], zero points 127 / -128 / 127", rng,
                 sub=True, a_shape=(2, 3, 2, 5), b_shape=(2, 1, 1, 5),
                 za="max", zb="min", zy="max"),
        add_case("s16 saturating, relu", rng, kind="s16", sub=True,
                 sa=1e-3, sb=2e-3, sy=1e-4, za=0, zb=0, zy=-7,
                 clamp=(0.0, None)),
        add_case("exact ties", rng, sa=0.5, sb=0.5, sy=1.0, za=0, zb=0, zy=3,
                 a=a, b=b, sub=True),
    ]


# -- mul ------------------------------------------------------------------ #


def mul_case(name, rng, kind="s8", a_shape=(1, 4, 5, 3), b_shape=None,
             sa=None, sb=None, sy=None, za="rand", zb="rand", zy="rand",
             clamp=(None, None), a=None, b=None) -> Case:
    b_shape = a_shape if b_shape is None else b_shape
    sa = float(10 ** rng.uniform(-2.5, -1)) if sa is None else sa
    sb = float(10 ** rng.uniform(-2.5, -1)) if sb is None else sb
    ta = qtype(kind, sa, zp_of(rng, kind, za))
    tb = qtype(kind, sb, zp_of(rng, kind, zb))
    span = KINDS[kind][3] - KINDS[kind][2]
    sy = sa * sb * span * float(rng.uniform(0.3, 1.0)) if sy is None else sy
    ty = qtype(kind, sy, zp_of(rng, kind, zy))
    a = values(rng, ta, a_shape) if a is None else np.asarray(a)
    b = values(rng, tb, b_shape) if b is None else np.asarray(b)
    y_shape = np.broadcast_shapes(a.shape, b.shape)
    return Case(name, "qedge.mul", [Operand(ta, a), Operand(tb, b)], ty,
                tuple(y_shape),
                lambda mode: ref.mul(a, b, ta, tb, ty, mode, *clamp),
                attrs=clamp_attrs(*clamp))


def group_mul(rng) -> list[Case]:
    cases = [
        mul_case("s8 same shape", rng),
        mul_case("u8 squeeze-and-excitation gate [1, 1, 1, C]", rng,
                 kind="u8", a_shape=(1, 5, 4, 6), b_shape=(1, 1, 1, 6),
                 sb=1 / 256, zb=0),
        mul_case("s8 lhs [N, 1, 1, C], batch 2", rng, a_shape=(2, 1, 1, 3),
                 b_shape=(2, 3, 5, 3)),
        mul_case("odd sizes, rank 3", rng, a_shape=(3, 5, 7)),
        mul_case("s8 zero points -128 / 127 / 127", rng, za="min", zb="max",
                 zy="max"),
        mul_case("u8 zero points 255 / 255 / 0, relu6", rng, kind="u8",
                 za="max", zb="max", zy="min", sa=0.05, sb=0.05, sy=0.03,
                 clamp=(0.0, 6.0)),
        mul_case("saturating: output scale / 20", rng, sa=0.02, sb=0.03,
                 sy=0.02 * 0.03 * 255 / 20, za=0, zb=0, zy=0),
        # M = 0.5 * 0.5 / 0.1 = 2.5 on small values (ties at k + 1/2).
        mul_case("multiplier above 1", rng, sa=0.5, sb=0.5, sy=0.1, za=0,
                 zb=0, zy=0, a=rng.integers(-5, 6, size=(1, 4, 5, 3)),
                 b=rng.integers(-5, 6, size=(1, 4, 5, 3))),
        mul_case("s16 zero points 0", rng, kind="s16", sa=1e-3, sb=2e-3,
                 sy=0.05, za=0, zb=0, zy=-3),
        mul_case("4-bit", rng, kind="s4", a_shape=(1, 3, 3, 4)),
    ]
    # Exact ties: Sa = Sb = 1, Sy = 2^k: products / 2^k land on k + 1/2.
    t = np.arange(-128, 128)
    a = np.tile(t, 2).reshape(1, 4, 16, 8)
    b = rng.permutation(a.reshape(-1)).reshape(a.shape)
    for k in (1, 3):
        cases.append(mul_case(f"exact ties, Sy = 2^{k}", rng, sa=1.0, sb=1.0,
                              sy=2.0 ** k * 16, za=0, zb=0, zy=0, a=a, b=b))
    cases.append(mul_case("exact ties with zero points", rng, sa=0.25,
                          sb=0.5, sy=4.0, za=3, zb=-5, zy=1, a=a, b=b))
    return cases


# -- table ---------------------------------------------------------------- #


def table_case(name, rng, function, kind="s8", y_kind=None, sx=None, zx="rand",
               sy=None, zy="rand") -> Case:
    """Every stored input value once, then random ones: [1, 8, 8, 5]."""
    y_kind = kind if y_kind is None else y_kind
    sx = float(10 ** rng.uniform(-2, -0.8)) if sx is None else sx
    tx = qtype(kind, sx, zp_of(rng, kind, zx))
    ty = qtype(y_kind, sy, zp_of(rng, y_kind, zy))
    every = np.arange(tx.qmin, tx.qmax + 1)
    x = np.concatenate([every, rng.integers(tx.qmin, tx.qmax + 1,
                                            size=320 - every.size)])
    x = x.reshape(1, 8, 8, 5)
    return Case(name, "qedge.table", [Operand(tx, x)], ty, x.shape,
                lambda mode: ref.table(x, tx, ty, function, mode),
                attrs={"function": f"#qedge.function<{function}>"})


def group_table(rng) -> list[Case]:
    return [
        table_case("sigmoid s8 -> s8 (1/256, -128)", rng, "sigmoid",
                   sy=1 / 256, zy="min"),
        table_case("sigmoid u8 -> u8 (1/256, 0)", rng, "sigmoid", kind="u8",
                   sx=0.08, sy=1 / 256, zy="min"),
        table_case("tanh s8 -> s8 (1/128, 0)", rng, "tanh", sx=0.03,
                   sy=1 / 128, zy=0),
        table_case("hard_swish s8", rng, "hard_swish", sx=0.05, sy=0.04,
                   zy=-90),
        table_case("hard_sigmoid u8 Zx=255", rng, "hard_sigmoid", kind="u8",
                   zx="max", sy=1 / 255, zy="min"),
        table_case("exp s8, saturating", rng, "exp", sx=0.1, sy=0.5, zy="min"),
        # hard_sigmoid(q) * 3 = (q + 3) / 2 for integer q in [-3, 3]: ties
        # at every odd q + 3, rounded half away from zero in gemmlowp and
        # rndnu, half to even in fp32.
        table_case("exact ties: hard_sigmoid, S_in = 1, S_out = 1/3", rng,
                   "hard_sigmoid", sx=1.0, zx=0, sy=1 / 3, zy=-1),
        table_case("4-bit input, sigmoid to s8", rng, "sigmoid", kind="s4",
                   y_kind="s8", sx=0.5, sy=1 / 256, zy="min"),
    ]


# -- reshape, transpose, pad ---------------------------------------------- #


def moved_type(rng, kind, shape, axis=None) -> QType:
    """A per-tensor type, or per axis on `axis` with random scales and zero
    points."""
    if axis is None:
        return qtype(kind, float(10 ** rng.uniform(-2, -0.5)),
                     zp_of(rng, kind, "rand"))
    n = shape[axis]
    return qtype(kind, [float(10 ** rng.uniform(-2, -0.5)) for _ in range(n)],
                 [zp_of(rng, kind, "rand") for _ in range(n)], axis)


def reshape_case(name, rng, kind, shape, new_shape, axis=None,
                 new_axis=None) -> Case:
    t = moved_type(rng, kind, shape, axis)
    ty = QType(t.container, t.signed, t.qmin, t.qmax, t.scales, t.zps,
               new_axis)
    x = values(rng, t, shape)
    return Case(name, "qedge.reshape", [Operand(t, x)], ty, tuple(new_shape),
                lambda mode: x.reshape(new_shape), modes=(STORED,))


def transpose_case(name, rng, kind, shape, permutation, axis=None) -> Case:
    t = moved_type(rng, kind, shape, axis)
    new_axis = None if axis is None else list(permutation).index(axis)
    ty = QType(t.container, t.signed, t.qmin, t.qmax, t.scales, t.zps,
               new_axis)
    x = values(rng, t, shape)
    y_shape = tuple(shape[p] for p in permutation)
    return Case(name, "qedge.transpose", [Operand(t, x)], ty, y_shape,
                lambda mode: np.transpose(x, permutation),
                attrs={"permutation": mt.dense_array("i64", permutation)},
                modes=(STORED,))


def pad_case(name, rng, kind, shape, low, high, zp="rand") -> Case:
    t = qtype(kind, float(10 ** rng.uniform(-2, -0.5)), zp_of(rng, kind, zp))
    x = values(rng, t, shape)
    y_shape = tuple(s + lo + hi for s, lo, hi in zip(shape, low, high))
    return Case(name, "qedge.pad", [Operand(t, x)], t, y_shape,
                lambda mode: np.pad(x, list(zip(low, high)),
                                    constant_values=t.zp()),
                attrs={"low": mt.dense_array("i64", low),
                       "high": mt.dense_array("i64", high)},
                modes=(STORED,))


def group_data_movement(rng) -> list[Case]:
    return [
        reshape_case("flatten [1, 1, 1, 64] -> [1, 64]", rng, "s8",
                     (1, 1, 1, 64), (1, 64)),
        reshape_case("u8 [2, 3, 4, 5] -> [6, 20]", rng, "u8", (2, 3, 4, 5),
                     (6, 20)),
        reshape_case("per-axis on the last dimension", rng, "s8", (2, 3, 4),
                     (6, 4), axis=2, new_axis=1),
        reshape_case("per-axis on the first dimension, s16", rng, "s16",
                     (4, 3, 2), (4, 1, 6), axis=0, new_axis=0),
        transpose_case("NHWC -> NCHW", rng, "s8", (1, 3, 4, 5), (0, 3, 1, 2)),
        transpose_case("u8 per-axis on channels", rng, "u8", (2, 3, 4, 5),
                       (0, 3, 1, 2), axis=3),
        transpose_case("s16 rank 2", rng, "s16", (7, 3), (1, 0)),
        pad_case("u8 Z=255, spatial", rng, "u8", (1, 3, 4, 2),
                 (0, 1, 2, 0), (0, 2, 1, 0), zp="max"),
        pad_case("s8 Z=-128, every dimension", rng, "s8", (2, 3, 2, 3),
                 (1, 0, 2, 1), (0, 3, 1, 2), zp="min"),
        pad_case("s16 Z=7, rank 2", rng, "s16", (3, 5), (2, 0), (1, 3), zp=7),
        pad_case("4-bit", rng, "s4", (1, 2, 2, 3), (0, 1, 1, 0),
                 (0, 1, 1, 0)),
    ]


# -- pooling ------------------------------------------------------------- #


def pool_case(name, rng, kind, pool_kind="avg", shape=(1, 6, 6, 3),
              kernel=(3, 3), strides=(1, 1), padding=(0, 0, 0, 0),
              count_include_pad=False, clamp=(None, None), zx="rand",
              scale=None, y=None, modes=MODES, x=None) -> Case:
    """y: None (the input's type) or (scale, zp) for an fp32-only output
    type."""
    scale = float(10 ** rng.uniform(-2, -0.5)) if scale is None else scale
    tx = qtype(kind, scale, zp_of(rng, kind, zx))
    ty = tx if y is None else qtype(kind, y[0], zp_of(rng, kind, y[1]))
    if y is not None:
        modes = ("fp32",)
    x = values(rng, tx, shape) if x is None else np.asarray(x)
    pool = ref.Pool(pool_kind, tx, ty, tuple(kernel), tuple(strides),
                    tuple(padding), count_include_pad, *clamp)
    attrs = {"kernel": mt.dense_array("i64", kernel)}
    if tuple(strides) != (1, 1):
        attrs["strides"] = mt.dense_array("i64", strides)
    if tuple(padding) != (0, 0, 0, 0):
        attrs["padding"] = mt.dense_array("i64", padding)
    if count_include_pad:
        attrs["count_include_pad"] = None
    attrs.update(clamp_attrs(*clamp))
    return Case(name, f"qedge.{pool_kind}_pool2d", [Operand(tx, x)], ty,
                pool.output_shape(x.shape), lambda mode: pool.run(x, mode),
                attrs=attrs, modes=modes)


def group_pooling(rng) -> list[Case]:
    return [
        pool_case("max 3x3 stride 2 pad 1, s8 Zx=-128", rng, "s8", "max",
                  shape=(1, 7, 7, 4), strides=(2, 2), padding=(1, 1, 1, 1),
                  zx="min"),
        pool_case("max 2x2 stride 2, u8 Zx=255", rng, "u8", "max",
                  shape=(2, 6, 8, 3), kernel=(2, 2), strides=(2, 2),
                  zx="max"),
        pool_case("max 3x2 asymmetric pad, relu6", rng, "s8", "max",
                  shape=(1, 5, 7, 2), kernel=(3, 2), padding=(2, 0, 1, 1),
                  scale=0.05, zx=-20, clamp=(0.0, 6.0)),
        pool_case("max all-negative input with padding", rng, "s8", "max",
                  shape=(1, 4, 4, 2), padding=(1, 1, 1, 1),
                  x=np.full((1, 4, 4, 2), -128)),
        pool_case("max s16", rng, "s16", "max", shape=(1, 5, 5, 2),
                  padding=(1, 1, 1, 1)),
        pool_case("max u8 with padding, all zeros", rng, "u8", "max",
                  shape=(1, 3, 3, 1), padding=(2, 2, 2, 2),
                  x=np.zeros((1, 3, 3, 1), np.int64)),
        pool_case("avg 3x3 no padding, s8", rng, "s8", shape=(1, 7, 5, 3)),
        pool_case("avg 3x3 pad 1 (valid counts), s8 Zx=127", rng, "s8",
                  shape=(1, 6, 5, 4), padding=(1, 1, 1, 1), zx="max"),
        pool_case("avg 3x3 pad 1 count_include_pad, u8 Zx=255", rng, "u8",
                  shape=(1, 6, 5, 4), padding=(1, 1, 1, 1),
                  count_include_pad=True, zx="max"),
        pool_case("avg 2x2 stride 2 (exact ties), s8", rng, "s8",
                  shape=(2, 8, 8, 3), kernel=(2, 2), strides=(2, 2)),
        pool_case("avg 2x2 (exact ties), u8 Zx=0", rng, "u8", shape=(1, 5, 5, 2),
                  kernel=(2, 2), zx="min"),
        pool_case("avg 2x4 stride 3x2, asymmetric pad", rng, "s8",
                  shape=(1, 9, 9, 2), kernel=(2, 4), strides=(3, 2),
                  padding=(1, 0, 3, 2)),
        pool_case("avg relu clamp, pad 1", rng, "s8", shape=(1, 5, 5, 3),
                  padding=(1, 1, 1, 1), clamp=(0.0, None), zx=-30),
        pool_case("avg s16", rng, "s16", shape=(1, 4, 6, 2),
                  padding=(1, 0, 1, 0), zx=0),
        pool_case("avg 4-bit", rng, "s4", shape=(1, 5, 5, 2),
                  padding=(1, 1, 1, 1)),
        pool_case("avg fp32 to another type, pad 1", rng, "u8",
                  shape=(1, 6, 6, 3), padding=(1, 1, 1, 1), scale=0.1,
                  y=(0.05, "rand")),
        pool_case("avg fp32 to another type, count_include_pad", rng, "s8",
                  shape=(1, 5, 7, 2), kernel=(3, 3), strides=(2, 2),
                  padding=(1, 1, 1, 1), count_include_pad=True, scale=0.02,
                  y=(0.013, -5)),
        pool_case("avg fp32 saturating output", rng, "s8", shape=(1, 4, 4, 2),
                  kernel=(2, 2), scale=0.1, y=(0.001, 0)),
    ]


# -- global average pool -------------------------------------------------- #


def global_case(name, rng, kind="s8", shape=(1, 7, 7, 8), sx=None, sy=None,
                zx="rand", zy="rand", x=None, modes=MODES) -> Case:
    sx = float(10 ** rng.uniform(-2, -0.5)) if sx is None else sx
    sy = sx * float(rng.uniform(0.3, 1.2)) if sy is None else sy
    tx = qtype(kind, sx, zp_of(rng, kind, zx))
    ty = qtype(kind, sy, zp_of(rng, kind, zy))
    x = values(rng, tx, shape) if x is None else np.asarray(x)
    n, _, _, c = x.shape
    return Case(name, "qedge.global_avg_pool", [Operand(tx, x)], ty,
                (n, 1, 1, c),
                lambda mode: ref.global_avg_pool(x, tx, ty, mode), modes=modes)


def group_global_avg_pool(rng) -> list[Case]:
    cases = [
        global_case("s8 7x7", rng),
        global_case("u8 7x7x16, batch 2", rng, kind="u8", shape=(2, 7, 7, 16)),
        global_case("odd 3x5", rng, shape=(1, 3, 5, 5)),
        global_case("1x1", rng, shape=(1, 1, 1, 9)),
        global_case("s8 Zx=-128, Zy=127", rng, zx="min", zy="max"),
        global_case("u8 Zx=255, Zy=0", rng, kind="u8", zx="max", zy="min"),
        global_case("saturating: Sy = Sx / 30", rng, sx=0.1, sy=0.1 / 30),
        global_case("multiplier above 1", rng, sx=0.3, sy=0.1, zx=0, zy=0),
        global_case("s16 5x5", rng, kind="s16", shape=(1, 5, 5, 4), zx=0,
                    zy=0),
        global_case("4-bit", rng, kind="s4", shape=(1, 4, 4, 3)),
    ]
    # Exact ties: Sx = Sy, Z = 0, channel c holds v, v, v, v + 2 with
    # v = c - 3: the mean v + 1/2 is -2.5 .. 2.5, rounded away from zero in
    # the integer modes and to even in fp32.
    v = np.arange(6) - 3
    x = np.stack([v, v, v, v + 2]).reshape(1, 2, 2, 6)
    cases.append(global_case("exact ties 2x2", rng, shape=x.shape, sx=0.5,
                             sy=0.5, zx=0, zy=0, x=x))
    return cases


# -- fully connected ------------------------------------------------------ #


def fc_case(name, rng, x_kind="s8", w_kind="s8n", y_kind="s8", batch=2,
            inputs=16, outputs=10, per_channel=True, zw="zero", bias=True,
            zx="rand", clamp=(None, None), fill=1.0, s_in=None, s_w=None,
            s_out=None) -> Case:
    s_in = float(10 ** rng.uniform(-2, -0.5)) if s_in is None else s_in
    tx = qtype(x_kind, s_in, zp_of(rng, x_kind, zx))
    n_w = outputs if per_channel else 1
    s_w = [float(10 ** rng.uniform(-3, -1.5)) for _ in range(n_w)] \
        if s_w is None else s_w
    zws = [zp_of(rng, w_kind, "rand") for _ in range(n_w)] \
        if zw == "rand" else [zp_of(rng, w_kind, zw)] * n_w
    tw = qtype(w_kind, s_w, zws, 0 if per_channel else None)
    w = values(rng, tw, (outputs, inputs))
    x = values(rng, tx, (batch, inputs))
    y_placeholder = qtype(y_kind, 1.0, 0)
    conv = ref.fully_connected_conv(tx, tw, y_placeholder, w, None, batch)
    acc = conv.accumulate(x.reshape(batch, 1, 1, inputs))
    b = None
    if bias:
        spread = max(1, int(np.abs(acc).max()))
        b = rng.integers(-spread, spread + 1, size=outputs)
    conv.bias = b
    acc = conv.accumulate(x.reshape(batch, 1, 1, inputs))
    real = acc.astype(np.float64) * s_in * np.array(
        [tw.scale(c) for c in range(outputs)])
    lo, hi = min(real.min(), 0.0), max(real.max(), 0.0)
    _, _, ymin, ymax = KINDS[y_kind]
    if s_out is None:
        s_out = max((hi - lo) / (ymax - ymin) * fill, 1e-6)
    zy = int(np.clip(round(ymin - lo / s_out), ymin, ymax))
    ty = qtype(y_kind, s_out, zy)
    conv.y_type = ty
    conv.clamp_min, conv.clamp_max = clamp
    constants = [(w, tw)]
    if b is not None:
        bt = QType("i32", True, qr.I32_MIN, qr.I32_MAX,
                   [s_in * s for s in tw.scales], [0],
                   0 if per_channel else None)
        constants.append((np.asarray(b), bt))
    if "i64" in name:
        assert conv.acc_bits() == 64, name
    return Case(name, "qedge.fully_connected", [Operand(tx, x)], ty,
                (batch, outputs), lambda mode: ref.fully_connected(x, conv,
                                                                   mode),
                attrs=clamp_attrs(*clamp), constants=constants,
                modes=tuple(m for m in MODES if conv.supported(m)))


def group_fully_connected(rng) -> list[Case]:
    return [
        fc_case("s8 x s8n per-channel, bias", rng),
        fc_case("u8 x s8n per-tensor, bias", rng, x_kind="u8",
                per_channel=False),
        fc_case("u8 x u8 weight zero points, no bias", rng, x_kind="u8",
                w_kind="u8", zw="rand", bias=False, y_kind="u8"),
        fc_case("s8 relu, batch 1, 1000 outputs", rng, batch=1, inputs=64,
                outputs=1000, clamp=(0.0, None)),
        fc_case("s8 Zx=-128, odd sizes 3x7 -> 5", rng, zx="min", batch=3,
                inputs=7, outputs=5),
        fc_case("saturating, output scale / 10", rng, fill=0.1),
        fc_case("s16 x s8n", rng, x_kind="s16", y_kind="s16", zx=0,
                inputs=12, outputs=6),
        fc_case("s16 x s8 i64 accumulator", rng, x_kind="s16", w_kind="s8",
                y_kind="s16", zx=0, inputs=1024, outputs=3, batch=2),
        # M = S_in * S_w[c] / S_out = 2^-k: acc * M is often k + 1/2.
        fc_case("exact ties: multipliers 2^-k", rng, x_kind="s4",
                w_kind="s4n", inputs=4, outputs=4, batch=16, s_in=1.0,
                s_w=[0.5, 0.25, 0.125, 0.0625], s_out=1.0, zx=3, bias=False),
    ]


# -- matmul --------------------------------------------------------------- #


def matmul_case(name, rng, a_kind="u8", b_kind="u8", y_kind="u8",
                a_shape=(5, 16), n=7, za="rand", zb="rand", per_column=False,
                constant_rhs=False, clamp=(None, None), fill=1.0, sa=None,
                sb=None, sy=None, a=None, b=None) -> Case:
    """rhs [.., K, N]: an activation argument, or a constant (per tensor or
    per column) when `constant_rhs`."""
    *batch, m, k = a_shape
    sa = float(10 ** rng.uniform(-2, -0.5)) if sa is None else sa
    ta = qtype(a_kind, sa, zp_of(rng, a_kind, za))
    columns = n if per_column else 1
    sb = [float(10 ** rng.uniform(-2.5, -1)) for _ in range(columns)] \
        if sb is None else sb
    zbs = [zp_of(rng, b_kind, zb) for _ in range(columns)]
    tb = qtype(b_kind, sb, zbs, len(a_shape) - 1 if per_column else None)
    a = values(rng, ta, a_shape) if a is None else np.asarray(a)
    b = values(rng, tb, (*batch, k, n)) if b is None else np.asarray(b)
    mm = ref.MatMul(ta, tb, qtype(y_kind, 1.0, 0), k, *clamp)
    if sy is None:
        zb_arr = np.array([tb.zp(c) for c in range(n)])
        acc = np.matmul(a - ta.zp(), b - zb_arr).astype(np.float64)
        real = acc * sa * np.array([tb.scale(c) for c in range(n)])
        lo, hi = min(real.min(), 0.0), max(real.max(), 0.0)
        _, _, ymin, ymax = KINDS[y_kind]
        sy = max((hi - lo) / (ymax - ymin) * fill, 1e-6)
        zy = int(np.clip(round(ymin - lo / sy), ymin, ymax))
    else:
        zy = zp_of(rng, y_kind, "rand")
    mm.y_type = qtype(y_kind, sy, zy)
    y_shape = (*batch, m, n)
    modes = tuple(mode for mode in MODES if mm.supported(mode, n))
    if constant_rhs:
        return Case(name, "qedge.matmul", [Operand(ta, a)], mm.y_type,
                    y_shape, lambda mode: mm.run(a, b, mode),
                    attrs=clamp_attrs(*clamp), constants=[(b, tb)],
                    modes=modes)
    return Case(name, "qedge.matmul", [Operand(ta, a), Operand(tb, b)],
                mm.y_type, y_shape, lambda mode: mm.run(a, b, mode),
                attrs=clamp_attrs(*clamp), modes=modes)


def group_matmul(rng) -> list[Case]:
    cases = [
        matmul_case("u8 x u8 activations", rng),
        matmul_case("s8 x s8 batched, zero points -128 / 127", rng,
                    a_kind="s8", b_kind="s8", y_kind="s8",
                    a_shape=(3, 4, 9), n=5, za="min", zb="max"),
        matmul_case("u8 x u8 zero points 255 / 0", rng, za="max", zb="min"),
        matmul_case("u8 x s8n constant, per column, relu", rng, b_kind="s8n",
                    y_kind="s8", zb=0, per_column=True, constant_rhs=True,
                    clamp=(0.0, None)),
        matmul_case("u8 x u8 constant, per-column zero points", rng,
                    per_column=True, constant_rhs=True, a_shape=(2, 3, 6),
                    n=4),
        matmul_case("odd sizes 1x7 x 7x3", rng, a_shape=(1, 7), n=3),
        matmul_case("saturating, output scale / 10", rng, a_kind="s8",
                    b_kind="s8", y_kind="s8", fill=0.1),
        matmul_case("s16 x s16, K = 1024: i64 accumulator", rng,
                    a_kind="s16", b_kind="s16", y_kind="s16", za=0, zb=0,
                    a_shape=(2, 1024), n=3),
    ]
    # Exact ties: Sa = Sb = 1, Sy = 2^k on small values.
    a = rng.integers(-8, 8, size=(6, 5))
    b = rng.integers(-8, 8, size=(5, 8))
    for k in (2, 4):
        cases.append(matmul_case(f"exact ties, Sy = 2^{k}", rng, a_kind="s8",
                                 b_kind="s8", y_kind="s8", a_shape=(6, 5),
                                 n=8, za=0, zb=0, sa=1.0, sb=[1.0],
                                 sy=2.0 ** k, a=a, b=b))
    return cases


# -- clamp ---------------------------------------------------------------- #


def clamp_case(name, rng, kind="s8", shape=(1, 4, 5, 3), scale=None, zx="rand",
               clamp=(0.0, None)) -> Case:
    scale = float(10 ** rng.uniform(-2, -0.5)) if scale is None else scale
    t = qtype(kind, scale, zp_of(rng, kind, zx))
    x = values(rng, t, shape)
    return Case(name, "qedge.clamp", [Operand(t, x)], t, tuple(shape),
                lambda mode: ref.clamp(x, t, *clamp, mode),
                attrs=clamp_attrs(*clamp))


def group_clamp(rng) -> list[Case]:
    return [
        clamp_case("relu s8", rng),
        clamp_case("relu6 u8 Zx=0", rng, kind="u8", zx="min", scale=0.03,
                   clamp=(0.0, 6.0)),
        clamp_case("relu s8 Zx=127", rng, zx="max"),
        clamp_case("n1to1, rank 2", rng, shape=(5, 9), scale=0.01,
                   clamp=(-1.0, 1.0)),
        # Bounds at k + 1/2: rounded half away from zero in the integer
        # modes, half to even in fp32.
        clamp_case("tied bounds", rng, scale=0.25, zx=3,
                   clamp=(-2.625, 5.125)),
        clamp_case("clamp_max only, s16", rng, kind="s16", scale=0.001, zx=0,
                   clamp=(None, 3.0)),
    ]


# -- concat --------------------------------------------------------------- #


def concat_case(name, rng, parts, y, axis=3, modes=MODES) -> Case:
    """parts: (kind, scale, zp, shape) per input; y: (kind, scale, zp), or
    None for the first input's type."""
    types = [qtype(k, s, zp_of(rng, k, z)) for k, s, z, _ in parts]
    xs = [values(rng, t, shape) for t, (_, _, _, shape) in zip(types, parts)]
    ty = types[0] if y is None else qtype(y[0], y[1], zp_of(rng, y[0], y[2]))
    shape = list(xs[0].shape)
    shape[axis] = sum(x.shape[axis] for x in xs)
    return Case(name, "qedge.concat", [Operand(t, x) for t, x in zip(types, xs)],
                ty, tuple(shape),
                lambda mode: ref.concat(xs, types, ty, axis, mode),
                attrs={"axis": mt.integer_attr(axis)}, modes=modes)


def group_concat(rng) -> list[Case]:
    return [
        concat_case("same types, channels", rng,
                    [("s8", 0.05, 3, (1, 3, 3, 2)),
                     ("s8", 0.05, 3, (1, 3, 3, 5))], None),
        concat_case("rescaled second input", rng,
                    [("s8", 0.05, 3, (1, 3, 3, 2)),
                     ("s8", 0.1, -7, (1, 3, 3, 3))], None),
        concat_case("three inputs to a new type, axis 1", rng,
                    [("u8", 0.02, 128, (2, 1, 4, 3)),
                     ("u8", 0.05, "max", (2, 3, 4, 3)),
                     ("u8", 0.01, "min", (2, 2, 4, 3))], ("u8", 0.03, 100),
                    axis=1),
        concat_case("ties: S_in / S_out = 1/4 and 1/2", rng,
                    [("s8", 0.25, 0, (1, 2, 2, 8)),
                     ("s8", 0.125, 1, (1, 2, 2, 8))], ("s8", 0.5, -2)),
        concat_case("saturating: s8 into a smaller range", rng,
                    [("s8", 0.1, 0, (1, 2, 3, 2)),
                     ("s8", 0.01, 0, (1, 2, 3, 2))], ("s8", 0.01, 0)),
        concat_case("s8 and u8 into s16", rng,
                    [("s8", 0.05, -1, (1, 2, 2, 3)),
                     ("u8", 0.02, 128, (1, 2, 2, 2))], ("s16", 1e-4, 0)),
    ]


GROUPS: dict[str, Callable] = {
    "add": group_add,
    "sub": group_sub,
    "mul": group_mul,
    "pooling": group_pooling,
    "global-avg-pool": group_global_avg_pool,
    "fully-connected": group_fully_connected,
    "matmul": group_matmul,
    "clamp": group_clamp,
    "concat": group_concat,
    "table": group_table,
    "data-movement": group_data_movement,
    "blocks": blocks.group_blocks,
}


def make_cases(group: str) -> list[Case]:
    rng = np.random.default_rng(zlib.crc32(group.encode()))
    cases = GROUPS[group](rng)
    # Every other case takes and returns !quant.uniform tensors directly.
    for i, c in enumerate(cases):
        if i % 2 == 1 and isinstance(c, Case):
            c.signature = "quant"
    return cases


# ===---------------------------------------------------------------------=== #
# Running and comparing
# ===---------------------------------------------------------------------=== #

ENTRY = "main"


def stored(values: np.ndarray, t: Optional[QType],
           written: bool = False) -> np.ndarray:
    """Values to compare: storage values (from a written container when
    `written`), or the bit patterns of an f32 result (`t` None), so that
    -0.0 and 0.0, or two NaNs, are told apart."""
    if t is None:
        return np.asarray(values, np.float32).view(np.int32).astype(np.int64)
    return from_npy(values, t) if written else values


def batch(cases: list[Case]) -> ex.Batch:
    module = ex.entry_module(ENTRY, cases,
                             lambda p, case, names: case.emit(p, names),
                             "test/Integration/Ops/run_ops.py")
    inputs = [a for c in cases for a in c.arg_arrays()]
    return module, inputs, [len(c.outputs()) for c in cases]


def output_names(i: int, c: Case) -> list[str]:
    return [f"{i}-{label}" for label, _, _ in c.outputs()]


def reference_files(cases: list[Case]) -> dict[str, np.ndarray]:
    files = {}
    for i, c in enumerate(cases):
        for name, (_, t, _), e in zip(output_names(i, c), c.outputs(),
                                      c.expected()):
            # C order, as the programs write every result.
            files[name] = np.ascontiguousarray(
                e if t is None else written(e, t, c.signature == "quant"))
    return files


def run_group(group: str, executor: ex.Executor, workdir: Path,
              save_outputs: Optional[Path],
              self_check: bool) -> ex.GroupResult:
    cases = make_cases(group)
    directory = workdir / group
    before = executor.counters()
    expected = [[stored(e, t) for (_, t, _), e in zip(c.outputs(),
                                                       c.expected())]
                for c in cases]
    outcome = ex.run_batched(executor, directory, cases, batch)
    if save_outputs:
        files = {}
        for i, (c, data) in enumerate(zip(cases, outcome.files)):
            if data is not None:
                files.update(zip(output_names(i, c), data))
        ex.save_outputs(save_outputs, group, files)
    check = ex.GroupCheck(
        labels=MODES + (STORED,), counts=ops_counts.OPS,
        decode=lambda g, t: stored(g, t, written=True),
        bound=lambda t: t.qmax if t is not None else np.iinfo(np.int32).max)
    return ex.compare_group(group, cases, expected, outcome, executor,
                            directory, batch, before, check, self_check)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", default="all",
                        help="a group, a comma-separated list of groups or "
                             "'all': " + ", ".join(GROUPS))
    parser.add_argument("--self-check", action="store_true")
    parser.add_argument("--emit-only", action="store_true",
                        help="print the groups' modules; run nothing")
    ex.add_options(parser)
    args = parser.parse_args()
    if args.compare_outputs:
        return ex.compare_command(args, parser)
    groups = ex.parse_groups(args.group, GROUPS)
    return ex.run_command(
        args, parser, groups, ENTRY,
        lambda group: batch(make_cases(group))[0],
        lambda group: reference_files(make_cases(group)), run_group)


if __name__ == "__main__":
    sys.exit(main())
