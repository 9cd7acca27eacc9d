"""The quantized programs the guard-page harness runs: one per kernel shape class.

Each program is one public function of one module, `@NAME`, with storage-typed
arguments and results (`i8` / `i16` / `f32` buffers, `quant.scast` inside), so
that `qedge-compile` makes one object per target with every entry point. The
shapes are chosen to reach every kernel's edges: channel counts that are and
are not multiples of the vector width (16) and of the reduction group (4),
odd spatial sizes, strides, dilation, stems with 1 and 3 input channels,
and each rounding mode at least once. Buffers stay small (the harness runs
every program several times per target, under qemu on AArch64).

Every program reads every byte of its inputs and writes every byte of its
outputs (no stride or window skips an input row or column), so that a buffer
declared one element short must fault (guard_harness.c --self-check).

`write(directory)` writes `programs.mlir` and `entries.c`, the table of entry
points guard_harness.c links with; the element counts in it are the macros of
the header `qedge-compile` writes for the module (`programs.h`), so a table
that disagrees with the compiled shapes does not build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

SEED = 20240611
ROUNDINGS = ("gemmlowp", "rndnu", "fp32")

# The phrases of the planner's remark that name a kernel path, and the
# targets whose cost model takes it for the shapes below.
STRIPS = "border columns as strips"
SMMLA = "in 2x2 tiles"
# smmla's last column of an odd width, as a strip of vertical pixel pairs.
SMMLA_STRIP = "strips of vertical pairs"
# The by-element sdot kernel, which aarch64+i8mm falls back to.
SDOT = "blocks of 4 channels,"
X86_VECTOR = ("x86-64-v3", "x86-64-v4", "x86-64-v4+vnni")
# Where strips would leave interior tiles of fewer pixels than vpdpbusd's
# latency hides (a width of 5 or 6), its cost model takes rows.
X86_PMADD = ("x86-64-v3", "x86-64-v4")
# A width of 6 and 16 output channels: AVX2's 16 registers hold a 6 x 2 row
# tile but no strip tile better than it beside vpmaddwd's product.
X86_PMADD_512 = ("x86-64-v4",)


def on(targets, phrase: str) -> dict[str, str]:
    return {t: phrase for t in targets}

# ===---------------------------------------------------------------------=== #
# MLIR text
# ===---------------------------------------------------------------------=== #


def fmt_float(value: float) -> str:
    """A decimal MLIR float literal that reads back as exactly `value`."""
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def f32(value: float) -> float:
    return float(np.float32(value))


def tensor(shape, element: str) -> str:
    return "tensor<" + "x".join(str(d) for d in shape) + f"x{element}>"


def dense_hex(values: np.ndarray, dtype: str) -> str:
    data = np.ascontiguousarray(values, dtype=dtype).tobytes()
    return f'dense<"0x{data.hex().upper()}">'


@dataclass(frozen=True)
class Act:
    """A per-tensor quantized activation type."""
    storage: str          # "i8", "u8", "i16"
    scale: float
    zp: int = 0

    @property
    def container(self) -> str:
        return "i16" if self.storage == "i16" else "i8"

    @property
    def bytes(self) -> int:
        return 2 if self.storage == "i16" else 1

    @property
    def qmax(self) -> int:
        return {"i8": 127, "u8": 255, "i16": 32767}[self.storage]

    def text(self) -> str:
        zp = f":{self.zp}" if self.zp else ""
        return f"!quant.uniform<{self.storage}:f32, {fmt_float(self.scale)}{zp}>"


def per_channel(storage: str, scales) -> str:
    body = ", ".join(fmt_float(s) for s in scales)
    return f"!quant.uniform<{storage}:f32:0, {{{body}}}>"


@dataclass
class Buffer:
    shape: tuple
    element: str          # the C ABI element: i8, i16, f32

    @property
    def element_bytes(self) -> int:
        return {"i8": 1, "i16": 2, "f32": 4}[self.element]


@dataclass
class Program:
    name: str
    what: str             # the kernel class, for the listing
    body: list[str]       # the lines of the function body
    args: list[Buffer]
    results: list[Buffer]
    arg_names: list[str] = field(default_factory=list)
    # The kernel path the program is there for, per target: a phrase the
    # convolution planner's remark (--convert-qedge-to-vector=print-schedule)
    # must contain; guard_pages.py checks it before running.
    expect: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        params = ", ".join(f"%arg{i}: {tensor(b.shape, b.element)}"
                           for i, b in enumerate(self.args))
        rets = ", ".join(tensor(b.shape, b.element) for b in self.results)
        lines = [f"// {self.name}: {self.what}.",
                 f"func.func @{self.name}({params}) -> ({rets}) {{"]
        lines += ["  " + line for line in self.body]
        lines.append("}")
        return "\n".join(lines) + "\n"


def storage_in(shape, act: Act, index: int, name: str) -> list[str]:
    return [f"%{name} = quant.scast %arg{index} : "
            f"{tensor(shape, act.container)} to {tensor(shape, act.text())}"]


def storage_out(value: str, shape, act: Act) -> list[str]:
    return [f"%out = quant.scast %{value} : {tensor(shape, act.text())} to "
            f"{tensor(shape, act.container)}",
            f"return %out : {tensor(shape, act.container)}"]


def attr_dict(attrs: dict) -> str:
    if not attrs:
        return ""
    return " {" + ", ".join(f"{k} = {v}" if v is not None else k
                            for k, v in attrs.items()) + "}"


def i64_array(values) -> str:
    return "array<i64: " + ", ".join(str(v) for v in values) + ">"


# ===---------------------------------------------------------------------=== #
# Programs
# ===---------------------------------------------------------------------=== #


def out_size(size: int, k: int, stride: int, dilation: int, pad0: int,
             pad1: int) -> int:
    return (size + pad0 + pad1 - dilation * (k - 1) - 1) // stride + 1


def covers_input(size: int, k: int, stride: int, dilation: int, pad0: int,
                 pad1: int) -> bool:
    """Whether the windows read every input row (or column)."""
    n = out_size(size, k, stride, dilation, pad0, pad1)
    read = {o * stride + t * dilation - pad0
            for o in range(n) for t in range(k)}
    return all(i in read for i in range(size))


def conv(rng: np.random.Generator, name: str, what: str, *, h: int, w: int,
         ic: int, oc: int, k=(3, 3), stride=(1, 1), dilation=(1, 1),
         pad=(0, 0, 0, 0), groups: int = 1, x_storage: str = "i8",
         y_storage: Optional[str] = None, rounding: str = "gemmlowp",
         clamp: Optional[tuple] = None, min_weight_pairs: bool = False,
         expect: Optional[dict] = None) -> Program:
    """A `qedge.conv2d` with per-channel weights and a bias.

    Weights are in [-127, 127] unless `min_weight_pairs`: then full-range i8,
    with weights -128 eight input channels apart in the first output
    channel's kernel rows, the pairs whose i16 sum could overflow, so that
    plain NEON cannot take its pair-sum kernel.
    """
    kh, kw = k
    oh = out_size(h, kh, stride[0], dilation[0], pad[0], pad[1])
    ow = out_size(w, kw, stride[1], dilation[1], pad[2], pad[3])
    assert covers_input(h, kh, stride[0], dilation[0], pad[0], pad[1]), name
    assert covers_input(w, kw, stride[1], dilation[1], pad[2], pad[3]), name
    icg = ic // groups
    y_storage = y_storage or ("i16" if x_storage == "i16" else x_storage)
    x_zp = {"i8": int(rng.integers(-20, 21)), "u8": int(rng.integers(100, 150)),
            "i16": 0}[x_storage]
    s_in = f32(0.02 if x_storage != "i16" else 0.0005)
    x = Act(x_storage, s_in, x_zp)
    weights = rng.integers(-127, 128, size=(oc, kh, kw, icg))
    if min_weight_pairs:
        assert icg > 8, name
        weights[0, :, 0, 0] = weights[0, :, 0, 8] = -128
    s_w = [f32(2.0 ** rng.uniform(-9.0, -7.0)) for _ in range(oc)]
    rms_x = {"i8": 74.0, "u8": 74.0, "i16": 18900.0}[x_storage]
    sigma_acc = math.sqrt(kh * kw * icg) * rms_x * 73.0
    bias = rng.integers(-int(sigma_acc / 2), int(sigma_acc / 2) + 1, size=oc)
    y_act = Act(y_storage, 1.0, 0)
    y_qmax = y_act.qmax if y_storage != "u8" else 127
    s_out = f32(3.0 * sigma_acc * s_in * max(s_w) / y_qmax)
    y_zp = {"i8": int(rng.integers(-10, 11)), "u8": 128, "i16": 0}[y_storage]
    y = Act(y_storage, s_out, y_zp)

    in_shape = (1, h, w, ic)
    w_shape = (oc, kh, kw, icg)
    out_shape = (1, oh, ow, oc)
    w_storage = "i8" if min_weight_pairs else "i8<-127:127>"
    w_ty = tensor(w_shape, per_channel(w_storage, s_w))
    b_ty = tensor((oc,), per_channel("i32", [s_in * s for s in s_w]))
    attrs = {}
    if stride != (1, 1):
        attrs["strides"] = i64_array(stride)
    if any(pad):
        attrs["padding"] = i64_array(pad)
    if dilation != (1, 1):
        attrs["dilations"] = i64_array(dilation)
    if groups != 1:
        attrs["groups"] = f"{groups} : i64"
    if clamp is not None:
        attrs["clamp_min"] = f"{fmt_float(clamp[0])} : f32"
        attrs["clamp_max"] = f"{fmt_float(clamp[1])} : f32"
    attrs["rounding"] = f"#qedge.rounding<{rounding}>"
    x_ty = tensor(in_shape, x.text())
    y_ty = tensor(out_shape, y.text())
    body = storage_in(in_shape, x, 0, "x") + [
        f"%wi = arith.constant {dense_hex(weights, '<i1')} : "
        f"{tensor(w_shape, 'i8')}",
        f"%w = quant.scast %wi : {tensor(w_shape, 'i8')} to {w_ty}",
        f"%bi = arith.constant {dense_hex(bias, '<i4')} : {tensor((oc,), 'i32')}",
        f"%b = quant.scast %bi : {tensor((oc,), 'i32')} to {b_ty}",
        f"%y = qedge.conv2d %x, %w, %b{attr_dict(attrs)} : "
        f"({x_ty}, {w_ty}, {b_ty}) -> {y_ty}",
    ] + storage_out("y", out_shape, y)
    return Program(name, what, body, [Buffer(in_shape, x.container)],
                   [Buffer(out_shape, y.container)], expect=expect or {})


def fully_connected(rng, name: str, what: str, *, n: int, inputs: int,
                    outputs: int, rounding: str = "gemmlowp") -> Program:
    x = Act("i8", f32(0.03), int(rng.integers(-20, 21)))
    weights = rng.integers(-127, 128, size=(outputs, inputs))
    s_w = [f32(2.0 ** rng.uniform(-9.0, -7.0)) for _ in range(outputs)]
    sigma_acc = math.sqrt(inputs) * 74.0 * 73.0
    bias = rng.integers(-int(sigma_acc / 2), int(sigma_acc / 2) + 1,
                        size=outputs)
    y = Act("i8", f32(3.0 * sigma_acc * x.scale * max(s_w) / 127), -3)
    w_ty = tensor((outputs, inputs), per_channel("i8<-127:127>", s_w))
    b_ty = tensor((outputs,), per_channel("i32", [x.scale * s for s in s_w]))
    x_ty = tensor((n, inputs), x.text())
    y_ty = tensor((n, outputs), y.text())
    body = storage_in((n, inputs), x, 0, "x") + [
        f"%wi = arith.constant {dense_hex(weights, '<i1')} : "
        f"{tensor((outputs, inputs), 'i8')}",
        f"%w = quant.scast %wi : {tensor((outputs, inputs), 'i8')} to {w_ty}",
        f"%bi = arith.constant {dense_hex(bias, '<i4')} : "
        f"{tensor((outputs,), 'i32')}",
        f"%b = quant.scast %bi : {tensor((outputs,), 'i32')} to {b_ty}",
        f"%y = qedge.fully_connected %x, %w, %b "
        f"{{rounding = #qedge.rounding<{rounding}>}} : "
        f"({x_ty}, {w_ty}, {b_ty}) -> {y_ty}",
    ] + storage_out("y", (n, outputs), y)
    return Program(name, what, body, [Buffer((n, inputs), "i8")],
                   [Buffer((n, outputs), "i8")])


def binary(name: str, what: str, op: str, shape, rhs_shape, a: Act, b: Act,
           y: Act, rounding: str) -> Program:
    a_ty, b_ty = tensor(shape, a.text()), tensor(rhs_shape, b.text())
    y_ty = tensor(shape, y.text())
    body = (storage_in(shape, a, 0, "a") + storage_in(rhs_shape, b, 1, "b") + [
        f"%y = {op} %a, %b {{rounding = #qedge.rounding<{rounding}>}} : "
        f"({a_ty}, {b_ty}) -> {y_ty}"] + storage_out("y", shape, y))
    return Program(name, what, body,
                   [Buffer(shape, a.container), Buffer(rhs_shape, b.container)],
                   [Buffer(shape, y.container)])


def unary(name: str, what: str, op: str, shape, out_shape, x: Act, y: Act,
          attrs: dict) -> Program:
    x_ty, y_ty = tensor(shape, x.text()), tensor(out_shape, y.text())
    body = storage_in(shape, x, 0, "x") + [
        f"%y = {op} %x{attr_dict(attrs)} : {x_ty} -> {y_ty}",
    ] + storage_out("y", out_shape, y)
    return Program(name, what, body, [Buffer(shape, x.container)],
                   [Buffer(out_shape, y.container)])


def pool(name: str, what: str, kind: str, shape, k, stride, pad, x: Act,
         y: Act, rounding: str, extra: Optional[dict] = None) -> Program:
    _, h, w, c = shape
    oh = out_size(h, k[0], stride[0], 1, pad[0], pad[1])
    ow = out_size(w, k[1], stride[1], 1, pad[2], pad[3])
    assert covers_input(h, k[0], stride[0], 1, pad[0], pad[1]), name
    assert covers_input(w, k[1], stride[1], 1, pad[2], pad[3]), name
    attrs = {"kernel": i64_array(k), "strides": i64_array(stride),
             "padding": i64_array(pad)}
    attrs.update(extra or {})
    attrs["rounding"] = f"#qedge.rounding<{rounding}>"
    return unary(name, what, f"qedge.{kind}_pool2d", shape, (1, oh, ow, c), x,
                 y, attrs)


def float_edges(rng) -> Program:
    """quantize -> 3x3 conv -> dequantize: f32 buffers at both ends."""
    inner = conv(rng, "unused", "", h=6, w=7, ic=8, oc=16, pad=(1, 1, 1, 1))
    in_shape, out_shape = (1, 6, 7, 8), (1, 6, 7, 16)
    x_act_line = inner.body[0]
    x_qtype = x_act_line.split(" to ")[1]
    y_cast = [line for line in inner.body if line.startswith("%out = ")][0]
    y_qtype = y_cast.split(" : ")[1].split(" to ")[0]
    body = [f"%x = qedge.quantize %arg0 : {tensor(in_shape, 'f32')} -> "
            f"{x_qtype}"]
    body += [line for line in inner.body[1:]
             if not line.startswith(("%out", "return"))]
    body += [f"%out = qedge.dequantize %y : {y_qtype} -> "
             f"{tensor(out_shape, 'f32')}",
             f"return %out : {tensor(out_shape, 'f32')}"]
    return Program("float_edges", "f32 in and out: quantize, conv, dequantize",
                   body, [Buffer(in_shape, "f32")], [Buffer(out_shape, "f32")])


def build_programs() -> list[Program]:
    rng = np.random.default_rng(SEED)
    p1 = (1, 1, 1, 1)
    progs = [
        conv(rng, "conv3x3_pad1", "dense 3x3 pad 1", h=8, w=8, ic=16, oc=32,
             pad=p1),
        conv(rng, "conv1x1_gemm", "1x1 (GEMM), u8 input", h=8, w=8, ic=32,
             oc=64, k=(1, 1), x_storage="u8", rounding="rndnu"),
        conv(rng, "conv3x3_s2", "3x3 stride 2 pad 1", h=9, w=9, ic=16, oc=32,
             stride=(2, 2), pad=p1, rounding="fp32"),
        conv(rng, "conv3x3_s2_pad0", "3x3 stride 2, no padding", h=9, w=11,
             ic=16, oc=16, stride=(2, 2)),
        conv(rng, "dw3x3_c16", "depthwise 3x3, 16 channels", h=8, w=8, ic=16,
             oc=16, groups=16, pad=p1),
        conv(rng, "dw3x3_c24", "depthwise 3x3, 24 channels", h=7, w=9, ic=24,
             oc=24, groups=24, pad=p1, rounding="rndnu"),
        conv(rng, "dw3x3_c40", "depthwise 3x3, 40 channels", h=6, w=5, ic=40,
             oc=40, groups=40, pad=p1, rounding="fp32"),
        conv(rng, "dw3x3_s2_c24", "depthwise 3x3 stride 2, 24 channels", h=9,
             w=9, ic=24, oc=24, groups=24, stride=(2, 2), pad=p1),
        conv(rng, "dw3x3_c7_u8", "depthwise 3x3, 7 channels, u8", h=5, w=6,
             ic=7, oc=7, groups=7, pad=p1, x_storage="u8"),
        conv(rng, "dw5x5_c32", "depthwise 5x5 pad 2, 32 channels", h=7, w=7,
             ic=32, oc=32, groups=32, k=(5, 5), pad=(2, 2, 2, 2)),
        conv(rng, "stem_c3", "stem: 3 input channels, stride 2", h=17, w=17,
             ic=3, oc=16, stride=(2, 2), pad=p1, clamp=(0.0, 6.0)),
        conv(rng, "stem_c1", "stem: 1 input channel", h=12, w=11, ic=1,
             oc=8, pad=p1, rounding="rndnu"),
        conv(rng, "stem_c3_pad0", "stem: 3 input channels, no padding", h=9,
             w=10, ic=3, oc=32, rounding="fp32"),
        conv(rng, "grouped_g4", "grouped, 4 groups", h=8, w=8, ic=16, oc=16,
             groups=4, pad=p1),
        conv(rng, "grouped_g2_odd", "grouped, 2 groups of 5", h=7, w=5, ic=10,
             oc=6, groups=2, pad=p1, rounding="fp32"),
        conv(rng, "dilated2", "3x3 dilation 2 pad 2", h=10, w=9, ic=16,
             oc=16, dilation=(2, 2), pad=(2, 2, 2, 2)),
        conv(rng, "oc24", "24 output channels (not a multiple of 16)", h=6,
             w=6, ic=16, oc=24, pad=p1),
        conv(rng, "oc10", "10 output channels (not a multiple of 4)", h=6,
             w=7, ic=16, oc=10, pad=p1, rounding="rndnu"),
        conv(rng, "oc3", "3 output channels", h=5, w=5, ic=8, oc=3, pad=p1),
        conv(rng, "ic6", "6 input channels (not a multiple of 4)", h=8, w=8,
             ic=6, oc=16, pad=p1),
        conv(rng, "ic13_oc7", "13 input, 7 output channels", h=5, w=7, ic=13,
             oc=7, pad=p1, rounding="fp32"),
        conv(rng, "odd17", "odd spatial size 17x17", h=17, w=17, ic=8, oc=16,
             pad=p1),
        conv(rng, "odd7x5", "odd spatial size 7x5, no padding", h=7, w=5,
             ic=16, oc=16, rounding="rndnu"),
        conv(rng, "asym_pad", "asymmetric padding", h=6, w=7, ic=8, oc=16,
             pad=(0, 1, 1, 0)),
        conv(rng, "conv5x5", "5x5 pad 2", h=9, w=9, ic=8, oc=16, k=(5, 5),
             pad=(2, 2, 2, 2), rounding="fp32"),
        conv(rng, "conv1x3", "1x3 kernel", h=4, w=9, ic=16, oc=16, k=(1, 3),
             pad=(0, 0, 1, 1)),
        conv(rng, "conv_i16", "16-bit activations", h=6, w=6, ic=8, oc=16,
             pad=p1, x_storage="i16"),
        conv(rng, "conv_i16_1x1", "16-bit activations, 1x1", h=5, w=5, ic=12,
             oc=10, k=(1, 1), x_storage="i16", rounding="rndnu"),
        fully_connected(rng, "fc_64x10", "fully connected 64 -> 10", n=1,
                        inputs=64, outputs=10),
        fully_connected(rng, "fc_b3_100x20", "fully connected, batch 3, "
                        "100 -> 20", n=3, inputs=100, outputs=20,
                        rounding="fp32"),
        binary("add", "add", "qedge.add", (1, 7, 5, 24), (1, 7, 5, 24),
               Act("i8", 0.05, -3), Act("i8", 0.1, 2), Act("i8", 0.12, -10),
               "gemmlowp"),
        binary("add_broadcast", "add with [1, 1, 1, C] broadcast",
               "qedge.add", (1, 6, 6, 20), (1, 1, 1, 20),
               Act("u8", 0.05, 128), Act("u8", 0.1, 120),
               Act("u8", 0.12, 128), "fp32"),
        binary("mul_se", "mul, squeeze-and-excitation broadcast",
               "qedge.mul", (1, 5, 5, 24), (1, 1, 1, 24),
               Act("u8", 0.05, 0), Act("u8", 0.00390625, 0),
               Act("u8", 0.05, 0), "rndnu"),
        pool("maxpool3x3_s2", "max pool 3x3 stride 2 pad 1", "max",
             (1, 9, 9, 16), (3, 3), (2, 2), (1, 1, 1, 1), Act("i8", 0.05, -3),
             Act("i8", 0.05, -3), "gemmlowp"),
        pool("maxpool2x2_c20", "max pool 2x2 stride 2, 20 channels", "max",
             (1, 8, 6, 20), (2, 2), (2, 2), (0, 0, 0, 0), Act("u8", 0.05, 128),
             Act("u8", 0.05, 128), "gemmlowp"),
        pool("avgpool3x3_pad1", "avg pool 3x3 pad 1", "avg", (1, 7, 5, 24),
             (3, 3), (1, 1), (1, 1, 1, 1), Act("i8", 0.05, -3),
             Act("i8", 0.05, -3), "rndnu"),
        pool("avgpool2x2_fp32", "avg pool 2x2 stride 2, fp32", "avg",
             (1, 8, 8, 24), (2, 2), (2, 2), (0, 0, 0, 0), Act("u8", 0.05, 128),
             Act("u8", 0.04, 125), "fp32", {"count_include_pad": None}),
        unary("gap_c40", "global average pool, 40 channels",
              "qedge.global_avg_pool", (1, 7, 7, 40), (1, 1, 1, 40),
              Act("i8", 0.05, -3), Act("i8", 0.02, -1),
              {"rounding": "#qedge.rounding<gemmlowp>"}),
        unary("gap_c17_fp32", "global average pool, 17 channels, fp32",
              "qedge.global_avg_pool", (1, 5, 3, 17), (1, 1, 1, 17),
              Act("u8", 0.05, 128), Act("u8", 0.03, 120),
              {"rounding": "#qedge.rounding<fp32>"}),
        unary("sigmoid_105", "table lookup (sigmoid), 105 bytes",
              "qedge.table", (1, 7, 5, 3), (1, 7, 5, 3), Act("i8", 0.05, -3),
              Act("i8", 0.00390625, -128),
              {"function": "#qedge.function<sigmoid>"}),
        unary("sigmoid_1024_u8", "table lookup (sigmoid), 1024 bytes, u8",
              "qedge.table", (1, 8, 8, 16), (1, 8, 8, 16),
              Act("u8", 0.05, 128), Act("u8", 0.00390625, 0),
              {"function": "#qedge.function<sigmoid>"}),
        unary("tanh_7", "table lookup (tanh), 7 bytes, fp32", "qedge.table",
              (1, 1, 1, 7), (1, 1, 1, 7), Act("i8", 0.05, 0),
              Act("i8", 0.0078125, 0),
              {"function": "#qedge.function<tanh>",
               "rounding": "#qedge.rounding<fp32>"}),
        float_edges(rng),
        # Border columns as strips down the image, where the kernel columns
        # in the padding are skipped: the cost model's choice for narrow
        # padded layers (7x7x512 in ResNet-50, at 64 channels here).
        conv(rng, "strips_7x7_c64", "3x3 pad 1, 7x7x64 -> 64, border "
             "columns as strips", h=7, w=7, ic=64, oc=64, pad=p1,
             expect={**on(X86_VECTOR + ("aarch64+dotprod",), STRIPS),
                     "aarch64+i8mm": SMMLA_STRIP}),
        conv(rng, "strips_14x14_c32", "3x3 pad 1, 14x14x32, strips of 14 "
             "rows", h=14, w=14, ic=32, oc=32, pad=p1, rounding="rndnu",
             expect=on(X86_VECTOR, STRIPS)),
        # smmla in 2x2 tiles of pixel pairs (input channels a multiple of
        # 8, two output columns or more): odd output widths take their last
        # column as a strip of vertical pairs (stride 2 and 24 channels, a
        # multiple of 8, not of 16; an odd number of rows, whose last pair
        # overlaps the one before).
        conv(rng, "s2_ic24", "3x3 stride 2 pad 1, 24 input channels, "
             "output width 5", h=7, w=9, ic=24, oc=16, stride=(2, 2),
             pad=p1, rounding="fp32",
             expect={**on(X86_PMADD, STRIPS), "aarch64+i8mm": SMMLA_STRIP}),
        conv(rng, "i8mm_w7_ic8", "3x3 pad 1, 8 input channels, output "
             "width 7", h=5, w=7, ic=8, oc=16, pad=p1,
             expect={**on(X86_VECTOR + ("aarch64+dotprod",), STRIPS),
                     "aarch64+i8mm": SMMLA_STRIP}),
        conv(rng, "i8mm_w2", "3x3 pad 1, output width 2", h=3, w=2, ic=16,
             oc=8, pad=p1, expect={"aarch64+i8mm": SMMLA}),
        conv(rng, "i8mm_w1", "3x3 pad 1, output width 1 (sdot on i8mm)",
             h=4, w=1, ic=16, oc=16, pad=p1, expect={"aarch64+i8mm": SDOT}),
        # Border rows skip the kernel rows that read the padding above and
        # below the image (every padded dense convolution; no remark names
        # it): one row skipping both, two rows, padding only above, and a
        # 5x5 kernel whose two rows each skip two kernel rows.
        conv(rng, "rows_h1", "3x3 pad 1, one row", h=1, w=5, ic=16, oc=16,
             pad=p1, expect={"aarch64+i8mm": SMMLA}),
        conv(rng, "rows_h2", "3x3 pad 1, two rows", h=2, w=6, ic=16, oc=32,
             pad=p1, rounding="rndnu",
             expect={**on(X86_VECTOR + ("aarch64+dotprod",), STRIPS),
                     "aarch64+i8mm": SMMLA}),
        conv(rng, "rows_pad_top2", "3x3, padding 2 above and none below",
             h=5, w=6, ic=16, oc=16, pad=(2, 0, 1, 1),
             expect={**on(X86_PMADD_512 + ("aarch64+dotprod",), STRIPS),
                     "aarch64+i8mm": SMMLA}),
        conv(rng, "rows_5x5_h2", "5x5 pad 2, two rows", h=2, w=5, ic=8,
             oc=16, k=(5, 5), pad=(2, 2, 2, 2), rounding="fp32",
             expect={"aarch64+i8mm": SMMLA_STRIP}),
        # Plain NEON sums two byte products in an i16 lane (smull + smlal2
        # + sadalp) where no lane pairs two -128 weights, which every
        # program above satisfies; these pair them, for the exact i16
        # kernel, with rows padded to 16 channels and packed (12). Only
        # that kernel keeps one accumulator per lane, which border column
        # strips need: the strips show it was taken.
        conv(rng, "smlal_pairs", "-128 weight pairs, 16 input channels",
             h=5, w=6, ic=16, oc=16, pad=p1, min_weight_pairs=True,
             expect=on(("aarch64",) + X86_PMADD_512 + ("aarch64+dotprod",),
                       STRIPS)),
        conv(rng, "smlal_pairs_packed", "-128 weight pairs, 12 input "
             "channels", h=4, w=5, ic=12, oc=8, pad=p1, rounding="rndnu",
             min_weight_pairs=True, expect={"aarch64": STRIPS}),
    ]
    names = [p.name for p in progs]
    assert len(set(names)) == len(names)
    return progs


# ===---------------------------------------------------------------------=== #
# Output
# ===---------------------------------------------------------------------=== #

def c_macro(name: str) -> str:
    return name.upper()


def entries_c(programs: list[Program], header: str) -> str:
    lines = ["/* The entry points of the guard-page programs (programs.py). */",
             '#include "guard_harness.h"', f'#include "{header}"', ""]
    for p in programs:
        buffers = ", ".join(f"b[{i}]"
                            for i in range(len(p.args) + len(p.results)))
        lines.append(f"static void call_{p.name}(void **b) {{ "
                     f"{p.name}({buffers}); }}")
        sizes = [f"{c_macro(p.name)}_ARG{i}_ELEMENTS" for i in range(len(p.args))]
        sizes += [f"{c_macro(p.name)}_RESULT{i}_ELEMENTS"
                  for i in range(len(p.results))]
        elems = [b.element_bytes for b in p.args + p.results]
        lines.append(f"static const size_t elements_{p.name}[] = "
                     f"{{{', '.join(sizes)}}};")
        lines.append(f"static const size_t element_bytes_{p.name}[] = "
                     f"{{{', '.join(str(e) for e in elems)}}};")
    lines.append("")
    lines.append("const guard_entry guard_entries[] = {")
    for p in programs:
        kinds = "".join("f" if b.element == "f32" else "i"
                        for b in p.args + p.results)
        lines.append(f'  {{"{p.name}", call_{p.name}, {len(p.args)}, '
                     f"{len(p.results)}, elements_{p.name}, "
                     f"element_bytes_{p.name}, \"{kinds}\"}},")
    lines.append("};")
    lines.append("const int guard_num_entries = "
                 "(int)(sizeof guard_entries / sizeof guard_entries[0]);")
    return "\n".join(lines) + "\n"


def write(directory: Path, only: Optional[list[str]] = None) -> list[Program]:
    programs = build_programs()
    if only:
        programs = [p for p in programs if p.name in only]
    directory.mkdir(parents=True, exist_ok=True)
    text = ("// The guard-page programs: one function per kernel shape class.\n"
            "// Generated by test/Integration/GuardPages/programs.py.\n\n")
    text += "\n".join(p.text() for p in programs)
    (directory / "programs.mlir").write_text(text)
    (directory / "entries.c").write_text(entries_c(programs, "programs.h"))
    return programs


if __name__ == "__main__":
    import sys
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for p in write(out):
        print(f"{p.name:18s} {p.what}")
