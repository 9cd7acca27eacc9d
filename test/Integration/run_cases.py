"""Runs `qedge.int_conv2d` / `qedge.rescale` cases, compares them bit-exactly.

For one group of cases (`--group`), generated from a fixed seed, this script
writes one .mlir module whose `@cases` computes every case of the group (the
input tensor an argument, weights and bias `arith.constant`s unless a case
says otherwise), writes the inputs as .npy files into `--workdir`, runs
`qedge-run` once (JIT, `--target=T`), and compares every output with the
numpy reference (`reference.py`, independent of the C++ under test) using
`np.array_equal` on the exact integer values. If the batched run fails, each
case is re-run alone to name the one that fails.

With `--compile-target=T` the module is instead compiled once per group by
`qedge-compile --emit=exe --entry=cases --target=T` into a standalone
executable, which runs natively or under `--runner` (e.g. `qemu-aarch64 -cpu
max -L /usr/aarch64-linux-gnu`) on the same .npy files.

Prints one line per case and a summary `GROUP: N cases, M elements compared,
all equal` followed by a line per mode, and checks those counts against the
group's entry of expected_counts.py; exits non-zero on any difference.
`--self-check` then plants one wrong expected value and checks the comparison
reports it. `--group=all` (or a comma-separated list) runs several groups and
prints the totals per mode for the target.

Byte comparison across targets: `--save-outputs=DIR` keeps every output file,
`--save-reference=DIR` writes the reference as the same .npy bytes, and
`--compare-outputs DIR DIR...` checks that such directories are identical;
`--on-target=T` does all of it for one target (the per-target tests). The
running, saving and byte comparison are execution.py's, shared with
Quantized/run_quantized.py; the MLIR text is written with the qedge Python
package's mlir_text (python/qedge).
"""

from __future__ import annotations

import argparse
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import execution as ex  # noqa: E402
import expected_counts  # noqa: E402
import reference as ref  # noqa: E402
from qedge import mlir_text as mt  # noqa: E402

INT32_MIN, INT32_MAX = ref.INT32_MIN, ref.INT32_MAX
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
Q31_HALF = 1 << 30  # M0 = 2^30 is 0.5 in Q31

# ===---------------------------------------------------------------------=== #
# Storage kinds
# ===---------------------------------------------------------------------=== #


@dataclass(frozen=True)
class Storage:
    """An integer storage kind: MLIR element type, signedness, npy dtype."""
    element: str        # signless MLIR type: i8, i16, i32, i64
    unsigned: bool
    bits: int

    @property
    def qmin(self) -> int:
        return 0 if self.unsigned else -(1 << (self.bits - 1))

    @property
    def qmax(self) -> int:
        if self.unsigned:
            return (1 << self.bits) - 1
        return (1 << (self.bits - 1)) - 1

    @property
    def signed_dtype(self):
        return np.dtype(f"int{self.bits}")

    @property
    def value_dtype(self):
        return np.dtype(f"{'u' if self.unsigned else ''}int{self.bits}")

    def npy_dtype(self):
        """The dtype qedge-run reads: uint8 for unsigned i8, else signed."""
        if self.unsigned and self.bits == 8:
            return np.dtype(np.uint8)
        return self.signed_dtype

    def to_npy(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, np.int64)
        assert values.min(initial=self.qmin) >= self.qmin
        assert values.max(initial=self.qmax) <= self.qmax
        return values.astype(self.value_dtype).view(self.npy_dtype())

    def from_npy(self, array: np.ndarray) -> np.ndarray:
        """Output storage bits -> int64 values (unsigned reinterpreted)."""
        if (array.dtype.kind not in "iu"
                or array.dtype.itemsize * 8 != self.bits):
            raise ValueError(
                f"expected {self.bits}-bit integers, got {array.dtype}")
        return array.view(self.value_dtype).astype(np.int64)

    def literal(self, values: np.ndarray) -> str:
        """A dense literal of the values in the signless container."""
        return mt.dense_elements(values, self.bits)


S8 = Storage("i8", False, 8)
U8 = Storage("i8", True, 8)
S16 = Storage("i16", False, 16)
U16 = Storage("i16", True, 16)
S32 = Storage("i32", False, 32)
S64 = Storage("i64", False, 64)


def tensor_type(shape, storage: Storage) -> str:
    return mt.tensor_type(shape, storage.element)


def f32_array(values) -> str:
    # Each value rounded to float32 here: a float32 is exactly a double, so
    # the parser's conversion of the literal to f32 is exact.
    return mt.dense_array("f32", [np.float32(v) for v in values])


# ===---------------------------------------------------------------------=== #
# Cases
# ===---------------------------------------------------------------------=== #


@dataclass
class Case:
    """One computation: its arguments, its MLIR, its expected output."""
    name: str
    mode: str                                    # accumulator / gemmlowp / ...
    args: list[tuple[np.ndarray, Storage]]       # values and their storage
    emit: Callable[[str, list[str]], tuple[list[str], str]]
    result: Storage
    expected: np.ndarray                         # int64 values

    def arg_types(self) -> list[str]:
        return [tensor_type(a.shape, s) for a, s in self.args]

    def result_type(self) -> str:
        return tensor_type(self.expected.shape, self.result)


@dataclass
class Rescale:
    """Attributes of a `qedge.rescale` (None: attribute omitted)."""
    mode: str
    out: Storage
    multiplier: list[int] | None = None
    shift: list[int] | None = None
    scale: list[float] | None = None
    input_zp: int = 0
    output_zp: int = 0
    clamp_min: int | None = None
    clamp_max: int | None = None

    def attributes(self, in_storage: Storage) -> str:
        attrs: dict[str, str | None] = {}
        if self.mode == "fp32":
            attrs["scale"] = f32_array(self.scale)
        else:
            attrs["multiplier"] = mt.dense_array("i32", self.multiplier)
            attrs["shift"] = mt.dense_array("i32", self.shift)
        if self.input_zp:
            attrs["input_zp"] = mt.integer_attr(self.input_zp)
        if self.output_zp:
            attrs["output_zp"] = mt.integer_attr(self.output_zp)
        if self.clamp_min is not None:
            attrs["clamp_min"] = mt.integer_attr(self.clamp_min)
        if self.clamp_max is not None:
            attrs["clamp_max"] = mt.integer_attr(self.clamp_max)
        attrs["rounding"] = mt.rounding_attr(self.mode)
        if in_storage.unsigned:
            attrs["input_unsigned"] = None
        if self.out.unsigned:
            attrs["output_unsigned"] = None
        return mt.attr_dict(attrs)

    def reference(self, x: np.ndarray, in_storage: Storage) -> np.ndarray:
        return ref.rescale(
            x, rounding=self.mode, input_bits=in_storage.bits,
            multiplier=self.multiplier, shift=self.shift, scale=self.scale,
            input_zp=self.input_zp, output_zp=self.output_zp,
            clamp_min=(self.out.qmin if self.clamp_min is None
                       else self.clamp_min),
            clamp_max=(self.out.qmax if self.clamp_max is None
                       else self.clamp_max))


def rescale_case(name: str, x, in_storage: Storage, rs: Rescale) -> Case:
    """`qedge.rescale` of an argument tensor."""
    x = np.asarray(x, np.int64)

    def emit(p: str, args: list[str]) -> tuple[list[str], str]:
        line = (f"%{p}_y = qedge.rescale {args[0]} {rs.attributes(in_storage)}"
                f" : {tensor_type(x.shape, in_storage)} -> "
                f"{tensor_type(x.shape, rs.out)}")
        return [line], f"%{p}_y"

    return Case(name, rs.mode, [(x, in_storage)], emit, rs.out,
                rs.reference(x, in_storage))


@dataclass
class Conv:
    """A `qedge.int_conv2d`, optionally followed by a `qedge.rescale`."""
    x: np.ndarray
    w: np.ndarray
    bias: np.ndarray
    x_storage: Storage
    w_storage: Storage
    acc: Storage = S32
    strides: tuple[int, int] = (1, 1)
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)
    dilations: tuple[int, int] = (1, 1)
    groups: int = 1
    pad_value: int = 0
    filter_zp: list[int] | None = None
    weights_as_args: bool = False
    rescale: Rescale | None = None

    def accumulator(self) -> np.ndarray:
        acc = ref.int_conv2d(
            self.x, self.w, self.bias, strides=self.strides,
            padding=self.padding, dilations=self.dilations,
            groups=self.groups, pad_value=self.pad_value,
            filter_zp=self.filter_zp if self.filter_zp is not None else [0])
        # int_conv2d is exact in its accumulator type: the cases keep it so.
        assert acc.min() >= self.acc.qmin and acc.max() <= self.acc.qmax, \
            "accumulator out of range"
        return acc

    def attributes(self) -> str:
        attrs: dict[str, str | None] = {**mt.conv_geometry_attrs(
            self.strides, self.padding, self.dilations, self.groups)}
        if self.pad_value != 0:
            attrs["pad_value"] = mt.integer_attr(self.pad_value)
        if self.filter_zp is not None:
            attrs["filter_zp"] = mt.dense_array("i64", self.filter_zp)
        if self.x_storage.unsigned:
            attrs["input_unsigned"] = None
        if self.w_storage.unsigned:
            attrs["filter_unsigned"] = None
        return mt.attr_dict(attrs)


def conv_case(name: str, conv: Conv) -> Case:
    acc = conv.accumulator()
    acc_type = tensor_type(acc.shape, conv.acc)
    x_type = tensor_type(conv.x.shape, conv.x_storage)
    w_type = tensor_type(conv.w.shape, conv.w_storage)
    b_type = tensor_type(conv.bias.shape, conv.acc)
    args = [(conv.x, conv.x_storage)]
    if conv.weights_as_args:
        args += [(conv.w, conv.w_storage), (conv.bias, conv.acc)]

    def emit(p: str, names: list[str]) -> tuple[list[str], str]:
        lines = []
        if conv.weights_as_args:
            w_name, b_name = names[1], names[2]
        else:
            w_name, b_name = f"%{p}_w", f"%{p}_b"
            lines.append(mt.constant(w_name, conv.w_storage.literal(conv.w),
                                     w_type))
            lines.append(mt.constant(b_name, conv.acc.literal(conv.bias),
                                     b_type))
        lines.append(f"%{p}_acc = qedge.int_conv2d {names[0]}, {w_name}, "
                     f"{b_name} {conv.attributes()} : ({x_type}, {w_type}, "
                     f"{b_type}) -> {acc_type}")
        if conv.rescale is None:
            return lines, f"%{p}_acc"
        lines.append(f"%{p}_y = qedge.rescale %{p}_acc "
                     f"{conv.rescale.attributes(conv.acc)} : {acc_type} -> "
                     f"{tensor_type(acc.shape, conv.rescale.out)}")
        return lines, f"%{p}_y"

    if conv.rescale is None:
        return Case(name, "accumulator", args, emit, conv.acc, acc)
    return Case(name, conv.rescale.mode, args, emit, conv.rescale.out,
                conv.rescale.reference(acc, conv.acc))


# ===---------------------------------------------------------------------=== #
# Generators
# ===---------------------------------------------------------------------=== #


def uniform(rng, storage: Storage, shape, lo=None, hi=None) -> np.ndarray:
    lo = storage.qmin if lo is None else lo
    hi = storage.qmax if hi is None else hi
    return rng.integers(lo, hi, size=shape, endpoint=True, dtype=np.int64)


def make_conv(rng, *, x_storage=S8, w_storage=S8, acc=S32, shape=(1, 8, 8, 4),
              oc=4, kernel=(3, 3), groups=1, bias_bound=None, w_range=None,
              x_range=None, **kwargs) -> Conv:
    n, h, w, c = shape
    x = uniform(rng, x_storage, shape, *(x_range or (None, None)))
    wt = uniform(rng, w_storage, (oc, kernel[0], kernel[1], c // groups),
                 *(w_range or (None, None)))
    if bias_bound is None:
        bias_bound = 1 << 16 if acc is S32 else 1 << 40
    bias = rng.integers(-bias_bound, bias_bound, size=oc, endpoint=True)
    return Conv(x, wt, bias, x_storage, w_storage, acc=acc, groups=groups,
                **kwargs)


def multipliers_for(acc: np.ndarray, target: float) -> list[float]:
    """Real per-channel multipliers scaling each channel's spread to
    `target`."""
    spread = acc.reshape(-1, acc.shape[-1]).astype(np.float64).std(axis=0)
    return [target / max(s, 1.0) for s in spread]


def quantized(reals) -> tuple[list[int], list[int]]:
    pairs = [ref.quantize_multiplier(float(m)) for m in reals]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def fp32_scales(reals) -> list[float]:
    return [float(np.float32(m)) for m in reals]


def centered(conv: Conv) -> Conv:
    """Shifts the bias so that each channel's accumulators average about 0
    (as the folded input zero point terms do in a real network)."""
    acc = conv.accumulator()
    mean = acc.reshape(-1, acc.shape[-1]).mean(axis=0)
    conv.bias = conv.bias - np.round(mean).astype(np.int64)
    return conv


def with_rescale(conv: Conv, mode: str, out: Storage, target: float = 40.0,
                 **kwargs) -> Conv:
    reals = multipliers_for(centered(conv).accumulator(), target)
    if mode == "fp32":
        conv.rescale = Rescale(mode, out, scale=fp32_scales(reals), **kwargs)
    else:
        m0, e = quantized(reals)
        conv.rescale = Rescale(mode, out, multiplier=m0, shift=e, **kwargs)
    return conv


# --- IntConv2D groups ------------------------------------------------------ #


def group_conv_basic(rng) -> list[Case]:
    cases = [
        conv_case("s8xs8 3x3 8x8x4->6", make_conv(rng, oc=6)),
        conv_case("u8xs8 3x3 pad 1 pad_value 128",
                  make_conv(rng, x_storage=U8, shape=(1, 8, 8, 3), oc=5,
                            padding=(1, 1, 1, 1), pad_value=128)),
        conv_case("u8xu8 3x3 no filter_zp",
                  make_conv(rng, x_storage=U8, w_storage=U8, oc=4)),
        conv_case("1x1 s8xs8 2x5x7x16->8",
                  make_conv(rng, shape=(2, 5, 7, 16), oc=8, kernel=(1, 1))),
        conv_case("odd 7x5 input 3x2 kernel 3->5",
                  make_conv(rng, shape=(1, 7, 5, 3), oc=5, kernel=(3, 2))),
        conv_case("kernel covers the input, batch 3",
                  make_conv(rng, shape=(3, 4, 5, 2), oc=3, kernel=(4, 5))),
        conv_case("1x5 kernel, 17->19 channels",
                  make_conv(rng, shape=(1, 3, 9, 17), oc=19, kernel=(1, 5))),
        conv_case("16x16x32->32 3x3 pad 1",
                  make_conv(rng, shape=(1, 16, 16, 32), oc=32,
                            padding=(1, 1, 1, 1), pad_value=-7)),
        conv_case("weights and bias as arguments, u8xs8 5x3",
                  make_conv(rng, x_storage=U8, shape=(2, 6, 7, 5), oc=3,
                            kernel=(5, 3), pad_value=200,
                            padding=(2, 2, 1, 1), weights_as_args=True)),
    ]
    return cases


def group_conv_geometry(rng) -> list[Case]:
    return [
        conv_case("stride 2 pad 1, 7x7",
                  make_conv(rng, shape=(1, 7, 7, 4), oc=4, strides=(2, 2),
                            padding=(1, 1, 1, 1), pad_value=5)),
        conv_case("stride 2x3, asymmetric pad 0,2,1,0",
                  make_conv(rng, shape=(1, 9, 10, 3), oc=4, strides=(2, 3),
                            padding=(0, 2, 1, 0), pad_value=-9)),
        conv_case("dilation 2, pad 2",
                  make_conv(rng, shape=(1, 8, 8, 4), oc=4, dilations=(2, 2),
                            padding=(2, 2, 2, 2), pad_value=3)),
        conv_case("dilation 3x1, stride 1x2, pad 1,0,2,3",
                  make_conv(rng, shape=(1, 10, 9, 3), oc=5, dilations=(3, 1),
                            strides=(1, 2), padding=(1, 0, 2, 3),
                            pad_value=-50)),
        conv_case("1x1 stride 3",
                  make_conv(rng, shape=(2, 7, 8, 6), oc=4, kernel=(1, 1),
                            strides=(3, 3))),
        conv_case("stride 4 > kernel 2",
                  make_conv(rng, shape=(1, 11, 9, 2), oc=3, kernel=(2, 2),
                            strides=(4, 4), padding=(1, 0, 0, 1),
                            pad_value=11)),
        conv_case("padding wider than the kernel (rows of pure padding)",
                  make_conv(rng, shape=(1, 4, 5, 2), oc=3, kernel=(2, 2),
                            padding=(3, 2, 3, 4), pad_value=-100)),
        conv_case("u8xs8 stride 2 dilation 2 pad 3, pad_value 200",
                  make_conv(rng, x_storage=U8, shape=(1, 13, 11, 4), oc=6,
                            strides=(2, 2), dilations=(2, 2),
                            padding=(3, 3, 3, 3), pad_value=200)),
        conv_case("odd 9x11, 5x3 kernel, stride 2x1, dilation 1x2, "
                  "pad 2,1,0,3",
                  make_conv(rng, shape=(1, 9, 11, 3), oc=5, kernel=(5, 3),
                            strides=(2, 1), dilations=(1, 2),
                            padding=(2, 1, 0, 3), pad_value=1)),
    ]


def group_conv_groups(rng) -> list[Case]:
    return [
        conv_case("groups 2, 4->6",
                  make_conv(rng, shape=(1, 6, 6, 4), oc=6, groups=2,
                            padding=(1, 1, 1, 1), pad_value=-3)),
        conv_case("groups 3, 6->3 (one output channel per group)",
                  make_conv(rng, shape=(1, 5, 7, 6), oc=3, groups=3)),
        conv_case("groups 4, 12->8, stride 2 dilation 2",
                  make_conv(rng, shape=(1, 11, 11, 12), oc=8, groups=4,
                            strides=(2, 2), dilations=(2, 2),
                            padding=(1, 2, 2, 1), pad_value=7)),
        conv_case("depthwise 8, multiplier 1, 3x3 pad 1",
                  make_conv(rng, shape=(1, 7, 7, 8), oc=8, groups=8,
                            padding=(1, 1, 1, 1), pad_value=-128)),
        conv_case("depthwise 5, multiplier 2, stride 2, pad 0,1,1,0",
                  make_conv(rng, shape=(1, 9, 8, 5), oc=10, groups=5,
                            strides=(2, 2), padding=(0, 1, 1, 0),
                            pad_value=42)),
        conv_case("depthwise u8xs8 dilation 2",
                  make_conv(rng, x_storage=U8, shape=(1, 9, 9, 6), oc=6,
                            groups=6, dilations=(2, 2), padding=(2, 2, 2, 2),
                            pad_value=128)),
        conv_case("depthwise 1x1, multiplier 2",
                  make_conv(rng, shape=(2, 3, 5, 4), oc=8, groups=4,
                            kernel=(1, 1))),
        conv_case("depthwise 32, 3x3 pad 1 (MobileNet block)",
                  make_conv(rng, x_storage=U8, shape=(1, 12, 12, 32), oc=32,
                            groups=32, padding=(1, 1, 1, 1), pad_value=3)),
        conv_case("depthwise odd 7x5, 3x2 kernel, multiplier 3",
                  make_conv(rng, shape=(1, 7, 5, 3), oc=9, groups=3,
                            kernel=(3, 2), padding=(1, 1, 0, 1),
                            pad_value=-1)),
    ]


def group_conv_filter_zp(rng) -> list[Case]:
    def per_channel(oc, lo=0, hi=255):
        return [int(v) for v in rng.integers(lo, hi, size=oc, endpoint=True)]

    def u8u8(**kwargs) -> Conv:
        return make_conv(rng, x_storage=U8, w_storage=U8, **kwargs)

    return [
        conv_case("u8xu8 per-channel zp, 3x3 pad 1 pad_value 128",
                  u8u8(shape=(1, 8, 8, 4), oc=6, padding=(1, 1, 1, 1),
                       pad_value=128, filter_zp=per_channel(6))),
        conv_case("u8xu8 one zp for all channels (128)",
                  u8u8(shape=(1, 6, 7, 5), oc=4, filter_zp=[128])),
        conv_case("u8xu8 zp 0 and 255 alternating, weights at 0 / 255",
                  u8u8(shape=(1, 5, 5, 3), oc=4, filter_zp=[0, 255, 0, 255],
                       padding=(1, 0, 0, 1), pad_value=255)),
        conv_case("u8xu8 zp, groups 2 (sum of x per group)",
                  u8u8(shape=(1, 7, 6, 6), oc=4, groups=2,
                       padding=(2, 1, 1, 2), pad_value=77,
                       filter_zp=per_channel(4))),
        conv_case("u8xu8 zp, depthwise multiplier 2, stride 2",
                  u8u8(shape=(1, 9, 9, 4), oc=8, groups=4, strides=(2, 2),
                       padding=(1, 1, 1, 1), pad_value=200,
                       filter_zp=per_channel(8))),
        conv_case("u8xu8 zp, 1x1 stride 2",
                  u8u8(shape=(2, 7, 7, 8), oc=5, kernel=(1, 1),
                       strides=(2, 2), filter_zp=per_channel(5))),
        conv_case("u8xu8 zp, dilation 2 and padding (padding counts in sum x)",
                  u8u8(shape=(1, 6, 6, 3), oc=3, dilations=(2, 2),
                       padding=(3, 3, 3, 3), pad_value=250,
                       filter_zp=per_channel(3))),
        conv_case("s8xs8 zp at -128 / 127 / small",
                  make_conv(rng, shape=(1, 6, 6, 4), oc=4,
                            padding=(1, 1, 1, 1), pad_value=-20,
                            filter_zp=[-128, 127, 3, -7])),
        conv_case("u8xs8 per-channel zp",
                  make_conv(rng, x_storage=U8, shape=(1, 6, 8, 3), oc=5,
                            kernel=(2, 3),
                            filter_zp=per_channel(5, -128, 127))),
        conv_case("u8xu8 zp, weights and bias as arguments",
                  u8u8(shape=(1, 7, 7, 4), oc=4, padding=(1, 1, 1, 1),
                       pad_value=128, filter_zp=per_channel(4),
                       weights_as_args=True)),
    ]


def group_conv_extremes(rng) -> list[Case]:
    cases = []
    for pad_value in (-128, 127, 0):
        cases.append(conv_case(
            f"s8xs8 pad_value {pad_value}, pad 2,1,1,2",
            make_conv(rng, shape=(1, 6, 6, 4), oc=4, padding=(2, 1, 1, 2),
                      pad_value=pad_value)))
    for pad_value in (0, 255):
        cases.append(conv_case(
            f"u8xs8 pad_value {pad_value}, pad 1",
            make_conv(rng, x_storage=U8, shape=(1, 6, 6, 4), oc=4,
                      padding=(1, 1, 1, 1), pad_value=pad_value)))
    # Every value at a storage extreme.
    x = rng.choice([-128, 127], size=(1, 6, 6, 64))
    w = rng.choice([-128, 127], size=(4, 3, 3, 64))
    # |sum| <= 3 * 3 * 64 * 128 * 128 = 9437184: biases push it to the limits.
    cases.append(conv_case("s8xs8 all values at -128 / 127, 3x3x64",
                           Conv(x, w, np.array([0, INT32_MAX - 9437184,
                                                INT32_MIN + 9437184, 1]),
                                S8, S8, padding=(1, 1, 1, 1), pad_value=-128)))
    x = rng.choice([0, 255], size=(1, 5, 5, 16))
    w = rng.choice([0, 255], size=(4, 3, 3, 16))
    cases.append(conv_case("u8xu8 values and zp at 0 / 255, pad_value 255",
                           Conv(x, w, np.array([0, 0, 0, 0]), U8, U8,
                                padding=(1, 1, 1, 1), pad_value=255,
                                filter_zp=[0, 255, 255, 0])))
    # The accumulator reaches INT32_MAX and INT32_MIN exactly: 32768 taps of
    # 255 * +-255 = +-2130739200, bias +-16744447 / -16744448.
    c = 32768
    x = np.full((1, 1, 1, c), 255)
    w = np.stack([np.full((1, 1, c), 255), np.zeros((1, 1, c), np.int64),
                  np.full((1, 1, c), 128)])
    bias = np.array([INT32_MAX - 255 * 255 * c, INT32_MIN + 255 * 255 * c, 7])
    cases.append(conv_case("u8xu8 accumulator exactly INT32_MAX / INT32_MIN",
                           Conv(x, w, bias, U8, U8, filter_zp=[0, 255, 128])))
    # sum x * w alone exceeds int32 (255 * 255 * 40000 = 2.6e9), the exact
    # result sum x * (w - zp) does not.
    c = 40000
    x = rng.integers(250, 255, size=(1, 1, 2, c), endpoint=True)
    w = np.full((2, 1, 1, c), 255)
    cases.append(conv_case("u8xu8 sum of x * w beyond int32, result within",
                           Conv(x, w, np.array([-5, 1000]), U8, U8,
                                filter_zp=[255, 200])))
    return cases


def large(rng, shape, magnitude: int) -> np.ndarray:
    """int16 values of magnitude in [magnitude, 32768], both signs."""
    values = rng.integers(magnitude, 32768, size=shape, endpoint=True)
    return np.where(rng.random(size=shape) < 0.5, -values,
                    np.minimum(values, 32767))


def group_conv_wide(rng) -> list[Case]:
    big = 30000
    return [
        conv_case("s16xs16 -> i64, 3x3x8, |values| >= 30000, bias 2^40",
                  Conv(large(rng, (1, 6, 6, 8), big),
                       large(rng, (4, 3, 3, 8), big),
                       rng.integers(-(1 << 40), 1 << 40, size=4), S16, S16,
                       acc=S64, padding=(1, 1, 1, 1), pad_value=-32768)),
        conv_case("s16xs16 -> i64, all values at the extremes, zp -32768",
                  Conv(rng.choice([-32768, 32767], size=(1, 5, 5, 16)),
                       rng.choice([-32768, 32767], size=(3, 3, 3, 16)),
                       np.array([INT64_MAX - (1 << 50), -(1 << 50),
                                 INT64_MIN + (1 << 50)]),
                       S16, S16, acc=S64, padding=(1, 1, 1, 1),
                       pad_value=32767, filter_zp=[-32768, 32767, 0])),
        conv_case("s16xs8 -> i64, stride 2, pad 1",
                  make_conv(rng, x_storage=S16, acc=S64, shape=(1, 9, 9, 16),
                            oc=8, strides=(2, 2), padding=(1, 1, 1, 1),
                            pad_value=1000)),
        conv_case("s16xs16 -> i64 depthwise multiplier 2, dilation 2",
                  make_conv(rng, x_storage=S16, w_storage=S16, acc=S64,
                            shape=(1, 9, 8, 4), oc=8, groups=4,
                            dilations=(2, 2), padding=(2, 2, 2, 2),
                            pad_value=-32768)),
        conv_case("s16xs16 -> i32 (small values)",
                  make_conv(rng, x_storage=S16, w_storage=S16,
                            shape=(1, 6, 6, 4), oc=4, x_range=(-3000, 3000),
                            w_range=(-300, 300), padding=(1, 1, 1, 1),
                            pad_value=-3000)),
        conv_case("s8xs8 -> i64 accumulator",
                  make_conv(rng, acc=S64, shape=(1, 6, 6, 8), oc=4,
                            padding=(1, 1, 1, 1), pad_value=-128)),
        conv_case("u8xu8 zp -> i64, groups 2",
                  make_conv(rng, x_storage=U8, w_storage=U8, acc=S64,
                            shape=(1, 7, 7, 4), oc=4, groups=2,
                            padding=(1, 1, 1, 1), pad_value=255,
                            filter_zp=[1, 128, 254, 255])),
        conv_case("s16xs16 -> i64, weights and bias as arguments",
                  make_conv(rng, x_storage=S16, w_storage=S16, acc=S64,
                            shape=(1, 5, 6, 8), oc=3, kernel=(3, 2),
                            padding=(1, 1, 1, 1), pad_value=12345,
                            weights_as_args=True)),
    ]


# --- Rescale groups -------------------------------------------------------- #


def random_reals(rng, count, lo_exp, hi_exp) -> list[float]:
    """Reals spread log-uniformly over [2^lo_exp, 2^hi_exp)."""
    return [float(2.0 ** rng.uniform(lo_exp, hi_exp)) for _ in range(count)]


def integer_rescale_cases(rng, mode: str) -> list[Case]:
    """The gemmlowp / rndnu groups (the same generators, one mode)."""
    cases = []
    # Per tensor, i32 -> s8.
    m0, e = quantized([0.0123])
    x = uniform(rng, S32, (4, 9, 7, 3), -(1 << 14), 1 << 14)
    cases.append(rescale_case("per tensor i32 -> s8, Z = -5", x, S32,
                              Rescale(mode, S8, m0, e, output_zp=-5)))
    # Per channel with multipliers below and above 1.
    reals = random_reals(rng, 16, -12, 3)
    m0, e = quantized(reals)
    x = uniform(rng, S32, (2, 5, 6, 16), -(1 << 13), 1 << 13)
    cases.append(rescale_case("per channel (16), M in [2^-12, 2^3), -> s8", x,
                              S32, Rescale(mode, S8, m0, e, output_zp=3)))
    # u8 output with a ReLU6-like clamp.
    m0, e = quantized(random_reals(rng, 5, -9, -6))
    x = uniform(rng, S32, (1, 7, 5, 5), -(1 << 16), 1 << 16)
    cases.append(rescale_case("per channel -> u8, Z = 128, clamp [128, 200]",
                              x, S32, Rescale(mode, U8, m0, e, output_zp=128,
                                              clamp_min=128, clamp_max=200)))
    # i16 output, i16 u16 outputs.
    m0, e = quantized(random_reals(rng, 8, -4, 2))
    x = uniform(rng, S32, (3, 3, 8), -(1 << 18), 1 << 18)
    cases.append(rescale_case("per channel -> i16, Z = 100", x, S32,
                              Rescale(mode, S16, m0, e, output_zp=100)))
    cases.append(rescale_case("per channel -> u16 (output_unsigned), "
                              "Z = 30000", x, S32,
                              Rescale(mode, U16, m0, e, output_zp=30000)))
    # Every exponent in [-31, 30], random Q31 multipliers, full int32 inputs,
    # i32 output: the multiplication itself, bit for bit.
    exps = list(range(-31, 31))
    m0 = [int(v) for v in rng.integers(1 << 30, INT32_MAX, size=len(exps),
                                       endpoint=True)]
    x = uniform(rng, S32, (48, len(exps)))
    x[0] = INT32_MIN
    x[1] = INT32_MAX
    x[2] = 0
    x[3] = -1
    cases.append(rescale_case("every shift -31..30, full-range x, -> i32", x,
                              S32, Rescale(mode, S32, m0, exps)))
    # The same with x scaled to each exponent's useful range.
    x = np.stack([rng.integers(-(1 << 30), 1 << 30, size=64) >> max(k, 0)
                  for k in exps], axis=-1)
    cases.append(rescale_case("every shift, x in range, -> i32", x, S32,
                              Rescale(mode, S32, m0, exps)))
    # Requantize-style inputs: u8 -> s8, s8 -> u8, i16 -> i8.
    m0, e = quantized([0.7431])
    x = uniform(rng, U8, (2, 6, 6, 3))
    cases.append(rescale_case("u8 input, input_zp 128 -> s8, Z = -3", x, U8,
                              Rescale(mode, S8, m0, e, input_zp=128,
                                      output_zp=-3)))
    m0, e = quantized([1.37, 0.51])
    x = uniform(rng, S8, (3, 4, 2))
    cases.append(rescale_case("s8 input, input_zp -128 -> u8, Z = 0", x, S8,
                              Rescale(mode, U8, m0, e, input_zp=-128)))
    m0, e = quantized([0.0042])
    x = uniform(rng, S16, (5, 7, 4))
    cases.append(rescale_case("i16 input, input_zp -7 -> s8", x, S16,
                              Rescale(mode, S8, m0, e, input_zp=-7)))
    m0, e = quantized([0.61, 1.7, 0.093])
    x = uniform(rng, U16, (4, 5, 3))
    cases.append(rescale_case("u16 input, input_zp 32768 -> i16, Z = 11", x,
                              U16, Rescale(mode, S16, m0, e, input_zp=32768,
                                           output_zp=11)))
    # A quantize_multiplier flush to (0, 0) and a rank-1 tensor.
    x = uniform(rng, S32, (33,), -(1 << 20), 1 << 20)
    cases.append(rescale_case("M0 = 0 (flushed multiplier), rank 1, Z = 9", x,
                              S32, Rescale(mode, S8, [0], [0], output_zp=9)))
    x = np.array(-10)  # -10 / 4 = -2.5: -3 (gemmlowp) or -2 (rndnu)
    cases.append(rescale_case("rank 0, a tie", x, S32,
                              Rescale(mode, S8, [Q31_HALF], [-1],
                                      output_zp=3)))
    return cases


def group_rescale_fp32(rng) -> list[Case]:
    mode = "fp32"
    cases = []
    x = uniform(rng, S32, (4, 9, 7, 3), -(1 << 14), 1 << 14)
    cases.append(rescale_case("per tensor i32 -> s8, Z = -5", x, S32,
                              Rescale(mode, S8, scale=[0.0123], output_zp=-5)))
    reals = random_reals(rng, 16, -12, 3)
    x = uniform(rng, S32, (2, 5, 6, 16), -(1 << 13), 1 << 13)
    cases.append(rescale_case("per channel (16), scale in [2^-12, 2^3) "
                              "-> s8", x, S32,
                              Rescale(mode, S8, scale=fp32_scales(reals),
                                      output_zp=3)))
    x = uniform(rng, S32, (1, 7, 5, 5), -(1 << 16), 1 << 16)
    cases.append(rescale_case(
        "per channel -> u8, Z = 128, clamp [128, 200]", x, S32,
        Rescale(mode, U8, scale=fp32_scales(random_reals(rng, 5, -9, -6)),
                output_zp=128, clamp_min=128, clamp_max=200)))
    x = uniform(rng, S32, (3, 3, 8), -(1 << 18), 1 << 18)
    scales = fp32_scales(random_reals(rng, 8, -4, 2))
    cases.append(rescale_case("per channel -> i16, Z = 100", x, S32,
                              Rescale(mode, S16, scale=scales, output_zp=100)))
    cases.append(rescale_case("per channel -> u16, Z = 30000", x, S32,
                              Rescale(mode, U16, scale=scales,
                                      output_zp=30000)))
    # Accumulators beyond 2^24: the float32 conversion rounds (to even).
    x = uniform(rng, S32, (64, 8))
    x[0] = [INT32_MIN, INT32_MAX, (1 << 24) + 1, (1 << 24) + 3, (1 << 25) + 2,
            -(1 << 25) - 2, (1 << 25) + 6, -(1 << 24) - 1]
    scales = fp32_scales([2.0 ** -24, 2.0 ** -20, 1.0e-7, 3.3e-6, 2.0 ** -26,
                          2.0 ** -25, 1.17e-5, 7.0e-8])
    cases.append(rescale_case("full-range i32 (float conversion rounds) "
                              "-> i16", x, S32,
                              Rescale(mode, S16, scale=scales)))
    # Random float32 scales with all 24 mantissa bits, moderate x, i16 out.
    scales = [float(np.float32(s)) for s in rng.uniform(0.001, 0.1, size=12)]
    x = uniform(rng, S32, (40, 12), -300000, 300000)
    cases.append(rescale_case("random float32 scales -> i16, Z = -7", x, S32,
                              Rescale(mode, S16, scale=scales, output_zp=-7)))
    # Requantize-style inputs.
    x = uniform(rng, U8, (2, 6, 6, 3))
    cases.append(rescale_case("u8 input, input_zp 128 -> s8, Z = -3", x, U8,
                              Rescale(mode, S8, scale=[0.7431], input_zp=128,
                                      output_zp=-3)))
    x = uniform(rng, S8, (3, 4, 2))
    cases.append(rescale_case("s8 input, input_zp -128 -> u8", x, S8,
                              Rescale(mode, U8, scale=[1.37, 0.51],
                                      input_zp=-128)))
    x = uniform(rng, S16, (5, 7, 4))
    cases.append(rescale_case("i16 input, input_zp -7 -> s8", x, S16,
                              Rescale(mode, S8, scale=[0.0042], input_zp=-7)))
    x = uniform(rng, U16, (4, 5, 3))
    cases.append(rescale_case("u16 input, input_zp 32768 -> i16, Z = 11", x,
                              U16, Rescale(mode, S16, scale=[0.61, 1.7, 0.093],
                                           input_zp=32768, output_zp=11)))
    # i32 output, bounds exact in float32 (2^31 - 128 is a float32).
    x = uniform(rng, S32, (16, 4))
    cases.append(rescale_case(
        "-> i32, clamp [-2^31, 2^31 - 128], scales 0.5 / 1 / 0.37 / 3", x, S32,
        Rescale(mode, S32, scale=[0.5, 1.0, 0.37, 3.0], clamp_min=INT32_MIN,
                clamp_max=(1 << 31) - 128)))
    x = uniform(rng, S32, (33,), -(1 << 20), 1 << 20)
    cases.append(rescale_case("scale 0, rank 1, Z = 9", x, S32,
                              Rescale(mode, S8, scale=[0.0], output_zp=9)))
    x = np.array(-10)  # -10 / 4 = -2.5 -> -2
    cases.append(rescale_case("rank 0, a tie", x, S32,
                              Rescale(mode, S8, scale=[0.25], output_zp=3)))
    return cases


def group_fp32_wide_bounds(rng) -> list[Case]:
    """fp32 rescale whose clamp bounds minus the output zero point are not
    float32 values (|bound| > 2^24): only i32 results have such bounds."""
    x = np.array([[INT32_MIN, -2147483600, -1000, 0, 1000, 2147483600,
                   INT32_MAX]], np.int64).T.repeat(2, 1)
    cases = []
    for zp in (5, -5):
        cases.append(rescale_case(
            f"-> i32, Z = {zp}, scale 2 / 1 (saturating inputs)", x, S32,
            Rescale("fp32", S32, scale=[2.0, 1.0], output_zp=zp)))
    x = np.array([[1 << 25, -(1 << 25), 16777217, -16777217, 5]], np.int64).T
    cases.append(rescale_case(
        "-> i32, clamp [-16777217, 16777217] (not float32 values)", x, S32,
        Rescale("fp32", S32, scale=[1.0], clamp_min=-16777217,
                clamp_max=16777217)))
    return cases


def tie_case(name: str, mode: str, triples, out: Storage = S32,
             in_storage: Storage = S32, output_zp: int = 0, **kwargs) -> Case:
    """One channel per (x, multiplier, shift) / (x, scale): a 1 x C tensor."""
    x = np.array([[t[0] for t in triples]], np.int64)
    if mode == "fp32":
        rs = Rescale(mode, out, scale=[t[1] for t in triples],
                     output_zp=output_zp, **kwargs)
    else:
        rs = Rescale(mode, out, multiplier=[t[1] for t in triples],
                     shift=[t[2] for t in triples], output_zp=output_zp,
                     **kwargs)
    return rescale_case(name, x, in_storage, rs)


def q31_ties() -> list[tuple[int, int, int]]:
    """(x, M0, e) whose exact product x * M0 * 2^(e - 31) is k + 1/2."""
    triples = []
    # M = 2^(e - 1): x = +-(2k + 1) * 2^-e.
    for e in range(-30, 1):
        for k in range(4):
            x = (2 * k + 1) << -e
            if x <= INT32_MAX:
                triples += [(x, Q31_HALF, e), (-x, Q31_HALF, e)]
    triples.append((INT32_MIN, Q31_HALF, -31))          # -1/2
    # M = 3/8: 4 -> 1.5, 12 -> 4.5, 20 -> 7.5, 28 -> 10.5.
    for x in (4, 12, 20, 28):
        triples += [(x, 3 << 29, -1), (-x, 3 << 29, -1)]
    # M = 5/32: 16 -> 2.5, 48 -> 7.5.
    for x in (16, 48):
        triples += [(x, 5 << 28, -2), (-x, 5 << 28, -2)]
    # M = 1 + 2^-30 (e = 1): x = 2^29 -> 2^29 + 1/2.
    triples += [(1 << 29, Q31_HALF + 1, 1), (-(1 << 29), Q31_HALF + 1, 1)]
    return triples


def q31_near_ties() -> list[tuple[int, int, int]]:
    """Just above / below a tie, where gemmlowp's two roundings differ."""
    triples = []
    for x in (1, 3, 5, -1, -3, -5):
        triples.append((x, Q31_HALF + 1, -1))   # x / 4 + x * 2^-33
        triples.append((2 * x, Q31_HALF - 1, -1))  # x / 2 - x * 2^-31
    for x in (3, -3, 1000, -1000):
        triples.append((x, Q31_HALF + 1, 0))    # x / 2 + x * 2^-32
        triples.append((x, Q31_HALF - 1, 0))
    return triples


def fp32_ties() -> list[tuple[int, float]]:
    triples = []
    for x in (1, 3, 5, 7):
        triples += [(x, 0.5), (-x, 0.5)]
    for x in (2, 6, 10):
        triples += [(x, 0.25), (-x, 0.25)]
    for x in (4, 12, 20):
        triples += [(x, 0.375), (-x, 0.375)]
    for k in (0, 1, 5):
        x = (2 * k + 1) << 19
        triples += [(x, 2.0 ** -20), (-x, 2.0 ** -20)]
    return triples


def group_ties(rng) -> list[Case]:
    cases = []
    for mode in ("gemmlowp", "rndnu"):
        cases.append(tie_case(f"{mode}: exact ties k + 1/2, both signs",
                              mode, q31_ties()))
        cases.append(tie_case(f"{mode}: near ties (double rounding)", mode,
                              q31_near_ties()))
        cases.append(tie_case(f"{mode}: ties -> s8 with odd Z = 1", mode,
                              [t for t in q31_ties() if abs(t[0]) < 64],
                              out=S8, output_zp=1))
        cases.append(tie_case(
            f"{mode}: i64 input ties", mode,
            [(x, Q31_HALF, 0) for x in (1, 3, 5, -1, -3, -5)]
            + [(x, Q31_HALF, -5) for x in (32, 96, -32, -96)]
            + [(x, Q31_HALF, -31)
               for x in (3 << 31, -(3 << 31), 1 << 31, -(1 << 31),
                         (2 * 12345 + 1) << 31)],
            in_storage=S64))
        # Power-of-two multipliers on random x: ties at every other value.
        x = uniform(rng, S32, (64, 8), -4096, 4096)
        cases.append(rescale_case(
            f"{mode}: M = 2^-k, random x (many ties)", x, S32,
            Rescale(mode, S16, [Q31_HALF] * 8, list(range(0, -8, -1)))))
    cases.append(tie_case("fp32: exact ties, both signs", "fp32", fp32_ties(),
                          out=S16))
    cases.append(tie_case("fp32: ties with odd Z = 1 (round, then add Z)",
                          "fp32", fp32_ties(), out=S16, output_zp=1))
    cases.append(tie_case(
        "fp32: large ties and conversion rounding -> i32", "fp32",
        [((1 << 23) + 1, 0.5), ((1 << 23) + 3, 0.5), (-(1 << 23) - 1, 0.5),
         (-(1 << 23) - 3, 0.5), ((1 << 25) + 1, 2.0 ** -26),
         ((1 << 25) + 3, 2.0 ** -26), (-(1 << 25) - 1, 2.0 ** -26),
         (-(1 << 25) - 3, 2.0 ** -26)],
        clamp_min=INT32_MIN, clamp_max=(1 << 31) - 128))
    x = uniform(rng, S32, (64, 8), -4096, 4096)
    cases.append(rescale_case(
        "fp32: scale = 2^-k, random x (many ties)", x, S32,
        Rescale("fp32", S16, scale=[2.0 ** -k for k in range(8)])))
    return cases


def group_saturation(rng) -> list[Case]:
    cases = []
    edge_x = [INT32_MIN, INT32_MIN + 1, -(1 << 30), -12345, -1, 0, 1, 12345,
              1 << 30, INT32_MAX - 1, INT32_MAX]
    pairs = [(INT32_MAX, 30), (INT32_MAX, 0), (Q31_HALF, 1), (Q31_HALF, 5),
             (Q31_HALF, -31), (INT32_MAX, -31), (0, 0), (3 << 29, 12)]
    x = np.array([[v] * len(pairs) for v in edge_x], np.int64)
    m0 = [p[0] for p in pairs]
    e = [p[1] for p in pairs]
    for mode in ("gemmlowp", "rndnu"):
        cases.append(rescale_case(f"{mode}: int32 extremes x extreme M -> i32",
                                  x, S32, Rescale(mode, S32, m0, e)))
        cases.append(rescale_case(
            f"{mode}: int32 extremes -> i32 with Z = -100 (past INT32_MIN)",
            x, S32, Rescale(mode, S32, m0, e, output_zp=-100)))
        cases.append(rescale_case(
            f"{mode}: int32 extremes -> i32 with Z = 100 (past INT32_MAX)",
            x, S32, Rescale(mode, S32, m0, e, output_zp=100)))
    # Clamping at both ends of every output type; zero points at the extremes.
    # Magnitudes log-uniform in [1, 2^24], both signs: each channel has
    # values inside the output range and values clamped at either end.
    magnitude = np.floor(2.0 ** rng.uniform(0, 24, size=(48, 4)))
    big = np.where(rng.random(size=(48, 4)) < 0.5, -magnitude,
                   magnitude).astype(np.int64)
    outputs = [(S8, -128), (S8, 127), (U8, 0), (U8, 255), (S16, -32768),
               (S16, 32767), (U16, 0), (U16, 65535)]
    for mode in ("gemmlowp", "rndnu", "fp32"):
        for out, zp in outputs:
            kwargs = dict(output_zp=zp)
            reals = [0.001, 0.013, 0.3, 2.0] if out.bits == 8 else \
                [0.3, 2.0, 0.0151, 0.77]
            if mode == "fp32":
                rs = Rescale(mode, out, scale=fp32_scales(reals), **kwargs)
            else:
                m0q, eq = quantized(reals)
                rs = Rescale(mode, out, m0q, eq, **kwargs)
            cases.append(rescale_case(
                f"{mode}: -> {'u' if out.unsigned else 's'}{out.bits} "
                f"Z = {zp}",
                big, S32, rs))
        # Explicit clamp bounds, and clamp_min = clamp_max.
        m0q, eq = quantized([0.01])
        for lo, hi in ((-100, 50), (17, 17)):
            rs = (Rescale(mode, S8, scale=[0.01], output_zp=-10, clamp_min=lo,
                          clamp_max=hi) if mode == "fp32" else
                  Rescale(mode, S8, m0q, eq, output_zp=-10, clamp_min=lo,
                          clamp_max=hi))
            cases.append(rescale_case(f"{mode}: clamp [{lo}, {hi}]", big, S32,
                                      rs))
    # fp32 overflow: a huge scale overflows float32 to +-inf, which clamps.
    x = np.array([[INT32_MIN, -1, 0, 1, INT32_MAX]], np.int64).T.repeat(3, 1)
    cases.append(rescale_case("fp32: scale 3e38 overflows to +-inf -> s8", x,
                              S32, Rescale("fp32", S8,
                                           scale=[3e38, 1e30, 1.0])))
    return cases


def group_int64_input(rng) -> list[Case]:
    cases = []
    limit = 1 << 47
    for mode in ("gemmlowp", "rndnu"):
        m0, e = quantized(random_reals(rng, 12, -31, -24))
        e = [max(v, -31) for v in e]
        x = uniform(rng, S64, (3, 5, 12), -limit, limit - 1)
        cases.append(rescale_case(f"{mode}: i64 in +-2^47 -> i32", x, S64,
                                  Rescale(mode, S32, m0, e)))
        m0, e = quantized(random_reals(rng, 12, -32, -30))
        x = uniform(rng, S64, (3, 5, 12), -(1 << 38), 1 << 38)
        cases.append(rescale_case(f"{mode}: i64 in +-2^38 -> s8 Z = -20", x,
                                  S64, Rescale(mode, S8, m0, e,
                                               output_zp=-20)))
        m0, e = quantized(random_reals(rng, 12, -32, -29))
        x = uniform(rng, S64, (3, 5, 12), -(1 << 44), 1 << 44)
        cases.append(rescale_case(f"{mode}: i64 in +-2^44 -> i16 clamp "
                                  f"[-1000, 30000]", x, S64,
                                  Rescale(mode, S16, m0, e, clamp_min=-1000,
                                          clamp_max=30000)))
        # Every shift in [-31, 7]; random multipliers; saturation to int32.
        exps = list(range(-31, 8))
        m0 = [int(v) for v in rng.integers(1 << 30, INT32_MAX, size=len(exps),
                                           endpoint=True)]
        x = uniform(rng, S64, (40, len(exps)), -limit, limit - 1)
        x[0], x[1], x[2], x[3] = -limit, limit - 1, 0, -1
        cases.append(rescale_case(f"{mode}: every shift -31..7 -> i32", x, S64,
                                  Rescale(mode, S32, m0, exps)))
        # The 16-bit multiplier's rounding and cap.
        m0 = [Q31_HALF, Q31_HALF + (1 << 15) - 1, Q31_HALF + (1 << 15),
              0x7FFEFFFF, 0x7FFF0000, 0x7FFF8000, INT32_MAX]
        x = uniform(rng, S64, (32, len(m0)), -(1 << 40), 1 << 40)
        cases.append(rescale_case(f"{mode}: reduced multiplier boundaries",
                                  x, S64, Rescale(mode, S32, m0,
                                                  [-20] * len(m0))))
        # Beyond +-2^47: clamped to [-2^47, 2^47 - 1] first.
        x = np.array([[limit, limit + 1, 1 << 62, INT64_MAX, INT64_MIN,
                       -limit - 1, -(1 << 62)]], np.int64).T.repeat(2, 1)
        cases.append(rescale_case(
            f"{mode}: i64 beyond +-2^47 (clamped)", x, S64,
            Rescale(mode, S32, [Q31_HALF, INT32_MAX], [-31, -20])))
    return cases


def requantization_edges(mode: str) -> Conv:
    """A 1x1 convolution whose output channel k is bias_k + w_k * x[k % 4]
    over every s8 input, rescaled per channel: exact ties of every shift,
    accumulators at the ends of i32, left shifts that saturate, a right shift
    of 31, multipliers at the ends of Q31's range."""
    x = np.arange(-128, 128, dtype=np.int64).reshape(1, 2, 32, 4)
    int32_max = (1 << 31) - 1
    # (w_k, bias_k, M0_k, shift_k)
    channels = [
        (1, 0, Q31_HALF, 0), (-1, 1, Q31_HALF, -1), (1, -1, Q31_HALF, -3),
        (127, 0, Q31_HALF, -6), (-128, 64, int32_max, -7),
        (1, int32_max - 128, Q31_HALF, 2), (1, INT32_MIN + 128, Q31_HALF, 2),
        (1, INT32_MIN + 128, Q31_HALF, -31), (3, 0, int32_max, -1),
        (1, 0, Q31_HALF, -20), (-128, -1, Q31_HALF, -8),
        (127, 1, 3 << 29, -2), (1, 1 << 20, Q31_HALF, -10),
        (-1, -(1 << 20), Q31_HALF, -10), (2, 5, Q31_HALF + 1, -4),
        (-2, -5, int32_max, -4)]
    w = np.zeros((len(channels), 1, 1, 4), dtype=np.int64)
    for k, (wk, *_) in enumerate(channels):
        w[k, 0, 0, k % 4] = wk
    bias = np.array([c[1] for c in channels], dtype=np.int64)
    conv = Conv(x, w, bias, S8, S8)
    conv.rescale = Rescale(mode, S8, [c[2] for c in channels],
                           [c[3] for c in channels], output_zp=3)
    return conv


def fp32_requantization_edges(large_scale: bool) -> Conv:
    """requantization_edges' 1x1 convolution in fp32: exact ties, and
    accumulators at the ends of i32 whose products come within 128 of
    2^31. With every scale below 1 the products stay inside i32, which x86
    converts without a float clamp; `large_scale` adds scales of 1.5 and 2
    on accumulators near INT32_MAX, where the float clamp must stay."""
    x = np.arange(-128, 128, dtype=np.int64).reshape(1, 2, 32, 4)
    int32_max = (1 << 31) - 1
    below_one = 1.0 - 2.0 ** -24
    # (w_k, bias_k, scale_k)
    channels = [
        (1, 0, 0.5), (-1, 1, 0.5), (1, -1, 0.25), (127, 0, 2.0 ** -7),
        (-128, 64, below_one), (1, int32_max - 128, below_one),
        (1, INT32_MIN + 128, below_one), (1, INT32_MIN + 128, 2.0 ** -31),
        (3, 0, 0.999), (1, 1 << 20, 2.0 ** -10), (-1, -(1 << 20), 2.0 ** -10),
        (-128, -1, 2.0 ** -8), (127, 1, 0.75), (2, 5, 2.0 ** -4),
        (-2, -5, below_one), (1, 0, 1.0e-9)]
    if large_scale:
        channels[0] = (1, int32_max - 128, 1.5)
        channels[15] = (-1, INT32_MIN + 128, 2.0)
    w = np.zeros((len(channels), 1, 1, 4), dtype=np.int64)
    for k, (wk, *_) in enumerate(channels):
        w[k, 0, 0, k % 4] = wk
    bias = np.array([c[1] for c in channels], dtype=np.int64)
    conv = Conv(x, w, bias, S8, S8)
    scales = fp32_scales([c[2] for c in channels])
    conv.rescale = Rescale("fp32", S8, scale=scales, output_zp=3)
    return conv


def group_conv_rescale(rng) -> list[Case]:
    cases = []
    for mode in ("gemmlowp", "rndnu"):
        cases.append(conv_case(f"{mode}: requantization edges per channel",
                               requantization_edges(mode)))
    for large_scale in (False, True):
        scales = "some scales above 1" if large_scale else "scales below 1"
        cases.append(conv_case(f"fp32: requantization edges, {scales}",
                               fp32_requantization_edges(large_scale)))
    for mode in ("gemmlowp", "rndnu", "fp32"):
        # Border columns as strips down the image, which skip the kernel
        # columns that read padding (two on the left, one on the right),
        # border rows that skip kernel rows.
        conv = make_conv(rng, shape=(1, 10, 12, 32), oc=32,
                         padding=(0, 2, 2, 1), pad_value=-5)
        cases.append(conv_case(f"{mode}: s8xs8 3x3 border strips -> s8",
                               with_rescale(conv, mode, S8, output_zp=-3)))
        conv = make_conv(rng, x_storage=U8, shape=(1, 9, 9, 8), oc=8,
                         padding=(1, 1, 1, 1), pad_value=128)
        cases.append(conv_case(f"{mode}: u8xs8 3x3 -> u8 Z = 128",
                               with_rescale(conv, mode, U8, output_zp=128)))
        conv = make_conv(rng, shape=(1, 8, 7, 6), oc=12, groups=6,
                         strides=(2, 2), padding=(0, 1, 1, 1), pad_value=-128)
        cases.append(conv_case(f"{mode}: s8xs8 depthwise x2 stride 2 -> s8",
                               with_rescale(conv, mode, S8, target=70.0,
                                            output_zp=-128)))
        conv = make_conv(rng, x_storage=U8, w_storage=U8, shape=(1, 6, 6, 5),
                         oc=4, padding=(1, 1, 1, 1), pad_value=200,
                         filter_zp=[3, 128, 250, 0])
        cases.append(conv_case(f"{mode}: u8xu8 zp -> u8 ReLU6 clamp [10, 160]",
                               with_rescale(conv, mode, U8, output_zp=10,
                                            clamp_min=10, clamp_max=160)))
        if mode != "fp32":
            for w_storage in (S8, S16):
                conv = make_conv(rng, x_storage=S16, w_storage=w_storage,
                                 acc=S64, shape=(1, 6, 6, 8), oc=4,
                                 padding=(1, 1, 1, 1), pad_value=-32768)
                reals = multipliers_for(centered(conv).accumulator(), 12000.0)
                m0, e = quantized(reals)
                conv.rescale = Rescale(mode, S16, m0, e, output_zp=-3)
                name = "s16xs8" if w_storage is S8 else "s16xs16"
                cases.append(conv_case(f"{mode}: {name} -> i64 -> i16", conv))
    return cases


GROUPS: dict[str, Callable[[np.random.Generator], list[Case]]] = {
    "conv-basic": group_conv_basic,
    "conv-stride-padding-dilation": group_conv_geometry,
    "conv-groups-depthwise": group_conv_groups,
    "conv-filter-zero-point": group_conv_filter_zp,
    "conv-zero-point-extremes": group_conv_extremes,
    "conv-int16-i64-accumulation": group_conv_wide,
    "conv-rescale": group_conv_rescale,
    "rescale-gemmlowp": lambda rng: integer_rescale_cases(rng, "gemmlowp"),
    "rescale-rndnu": lambda rng: integer_rescale_cases(rng, "rndnu"),
    "rescale-fp32": group_rescale_fp32,
    "rescale-ties": group_ties,
    "rescale-saturation": group_saturation,
    "rescale-int64-input": group_int64_input,
    "rescale-fp32-wide-bounds": group_fp32_wide_bounds,
}

# Groups that show a known compiler bug; not part of `--group=all` (none now:
# rescale-fp32-wide-bounds, fixed by 88b9ca4, is one of GROUPS).
KNOWN_ISSUES: dict[str, Callable[[np.random.Generator], list[Case]]] = {}


def make_cases(group: str) -> list[Case]:
    rng = np.random.default_rng(zlib.crc32(group.encode()))
    return {**GROUPS, **KNOWN_ISSUES}[group](rng)


# ===---------------------------------------------------------------------=== #
# Running and comparing
# ===---------------------------------------------------------------------=== #


# The function computing every case of a group.
ENTRY = "cases"


def module_text(cases: list[Case]) -> str:
    def emit(p: str, case: Case, names: list[str]):
        lines, value = case.emit(p, names)
        return lines, [(value, case.result_type())]
    return ex.entry_module(ENTRY, cases, emit,
                           "test/Integration/run_cases.py")


def batch(cases: list[Case]) -> ex.Batch:
    """The module computing the cases, its inputs, one result per case."""
    inputs = [storage.to_npy(values) for case in cases
              for values, storage in case.args]
    return module_text(cases), inputs, [1] * len(cases)


def run(executor: ex.Executor, workdir: Path, group: str,
        cases: list[Case]) -> ex.Outcome:
    return ex.run_batched(executor, workdir / group, cases, batch)


def compare(case: Case, output: np.ndarray) -> str | None:
    """None when bit-exact, else a description of the first differences."""
    try:
        got = case.result.from_npy(output)
    except ValueError as error:
        return str(error)
    if got.shape != case.expected.shape:
        return f"shape {got.shape}, expected {case.expected.shape}"
    if np.array_equal(got, case.expected):
        return None
    wrong = np.argwhere(got != case.expected)
    lines = [f"{len(wrong)} of {got.size} elements differ"]
    for index in wrong[:8]:
        index = tuple(int(i) for i in index)
        lines.append(f"  at {index}: expected {case.expected[index]}, "
                     f"got {got[index]}" + describe_inputs(case, index))
    return "\n".join(lines)


def describe_inputs(case: Case, index: tuple[int, ...]) -> str:
    """For a rescale case, the input element that produced the output."""
    if case.mode == "accumulator" or len(case.args) != 1:
        return ""
    values = case.args[0][0]
    if values.shape != case.expected.shape:
        return ""
    return f" (input {values[index]})"


def report(group: str, cases: list[Case], outcome: ex.Outcome,
           usage: str) -> tuple[bool, dict]:
    ok = True
    per_mode: dict[str, list[int]] = {}
    for i, (case, output) in enumerate(zip(cases, outcome.outputs)):
        shape = "x".join(str(d) for d in case.expected.shape)
        head = f"case {i} [{case.mode}] {case.name}: {shape}"
        if output is None:
            ok = False
            print(f"{head}: FAILED TO RUN\n{outcome.errors.get(i, '')}")
            continue
        problem = compare(case, output[0])
        if problem is not None:
            ok = False
            print(f"{head}: MISMATCH: {problem}")
            continue
        print(f"{head}: {case.expected.size} elements, equal")
        counts = per_mode.setdefault(case.mode, [0, 0])
        counts[0] += 1
        counts[1] += case.expected.size
    if ok:
        total_cases = sum(c[0] for c in per_mode.values())
        total_elements = sum(c[1] for c in per_mode.values())
        print(f"{group}: {total_cases} cases, {total_elements} elements "
              f"compared, all equal")
    else:
        print(f"{group}: FAILED")
    for mode, (n, m) in sorted(per_mode.items()):
        print(f"  {group} {mode}: {n} cases, {m} elements")
    if ok:
        counted = {mode: tuple(counts) for mode, counts in per_mode.items()}
        ok = ex.check_counts(group, counted, expected_counts.INTEGER)
    print(f"  ({usage})")
    return ok, per_mode


def self_check(cases: list[Case], outcome: ex.Outcome) -> bool:
    """Plants one wrong expected value; the comparison must report it."""
    for i, (case, output) in enumerate(zip(cases, outcome.outputs)):
        if output is None:
            continue
        planted = Case(case.name, case.mode, case.args, case.emit, case.result,
                       case.expected.copy())
        flat = planted.expected.reshape(-1)
        where = flat.size // 2
        flat[where] += 1
        problem = compare(planted, output[0])
        if problem is None or "1 of" not in problem.splitlines()[0]:
            print(f"self-check: FAILED, a wrong value in case {i} was not "
                  f"reported")
            return False
        print(f"self-check: a planted difference in case {i} at flat index "
              f"{where} was reported ({problem.splitlines()[0]})")
        return True
    print("self-check: FAILED, no case produced output")
    return False


# ===---------------------------------------------------------------------=== #
# Saved outputs (execution.py): DIR/GROUP/INDEX.npy, INDEX the case's
# ===---------------------------------------------------------------------=== #


def output_files(outcome: ex.Outcome) -> dict[str, bytes]:
    return {str(i): files[0] for i, files in enumerate(outcome.files)
            if files is not None}


def reference_files(cases: list[Case]) -> dict[str, np.ndarray]:
    """The expected values as the programs write them: the signless iN
    container as intN."""
    return {str(i): case.expected.astype(case.result.value_dtype).view(
        case.result.signed_dtype) for i, case in enumerate(cases)}


# ===---------------------------------------------------------------------=== #
# Driver
# ===---------------------------------------------------------------------=== #


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group",
                        help="a group, a comma-separated list of groups, or "
                             "'all' (every group of GROUPS): "
                             + ", ".join([*sorted(GROUPS),
                                          *sorted(KNOWN_ISSUES)]))
    parser.add_argument("--self-check", action="store_true")
    ex.add_options(parser)
    parser.add_argument("--list", action="store_true",
                        help="print the cases and write each group's module "
                             "to WORKDIR/GROUP.mlir without running them")
    args = parser.parse_args()

    if args.compare_outputs:
        return ex.compare_command(args, parser)
    if not args.group:
        parser.error("--group is required")
    groups = ex.parse_groups(args.group, GROUPS, KNOWN_ISSUES)
    def reference(group: str) -> dict[str, np.ndarray]:
        return reference_files(make_cases(group))

    if args.save_reference:
        return ex.write_reference(args.save_reference, groups, reference)
    if args.workdir is None:
        parser.error("--workdir is required")
    if args.list:
        args.workdir.mkdir(parents=True, exist_ok=True)
        for group in groups:
            cases = make_cases(group)
            (args.workdir / f"{group}.mlir").write_text(module_text(cases))
            for i, case in enumerate(cases):
                print(f"{group} {i} [{case.mode}] {case.name}: "
                      f"{case.expected.size} elements")
        return 0

    def run_group(group: str, executor: ex.Executor, workdir: Path,
                  save_outputs: Path | None) -> ex.GroupResult:
        cases = make_cases(group)
        before = executor.counters()
        outcome = run(executor, workdir, group, cases)
        ok, per_mode = report(group, cases, outcome, executor.usage(before))
        if save_outputs:
            ex.save_outputs(save_outputs, group, output_files(outcome))
        if args.self_check and not self_check(cases, outcome):
            ok = False
        return ok, per_mode

    return ex.run_groups(args, parser, groups, ENTRY, run_group, reference)


if __name__ == "__main__":
    sys.exit(main())
