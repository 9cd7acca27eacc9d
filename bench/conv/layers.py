"""The convolution layers of the benchmark and their quantized programs.

For each selected layer this script writes, into an output directory:

* `LAYER.mlir`: a quantized-level program `@conv` (an `i8` storage argument
  `quant.scast` to the input's `!quant.uniform` type, weights and bias as
  `arith.constant` + `quant.scast`, one `qedge.conv2d`, the result
  `quant.scast` back to `i8`), for `qedge-compile`;
* `LAYER.params`: the same layer for the benchmark driver (geometry, scales,
  zero points, weights, bias), so that the driver's reference convolution and
  the peer libraries see exactly the numbers the program holds;

and `layers.inc`, the list of compiled layers the driver includes.

The parameters are fixed by a seed: integer weights uniform in [-127, 127]
(symmetric, narrow range, per output channel), per-channel weight scales,
an i32 bias, and an output scale chosen from the accumulator's expected
spread so that few outputs saturate. Every scale is a float32 value, so the
peers (which take float32 scales) see the same numbers as the program.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# ===---------------------------------------------------------------------=== #
# The layers
# ===---------------------------------------------------------------------=== #


@dataclass(frozen=True)
class Layer:
    name: str
    what: str          # the network the shape comes from
    h: int
    w: int
    ic: int
    oc: int
    k: int             # square kernel
    stride: int = 1
    pad: int = 0       # the same on every side
    groups: int = 1

    @property
    def oh(self) -> int:
        return (self.h + 2 * self.pad - self.k) // self.stride + 1

    @property
    def ow(self) -> int:
        return (self.w + 2 * self.pad - self.k) // self.stride + 1

    @property
    def icg(self) -> int:
        return self.ic // self.groups


LAYERS = [
    Layer("L1", "MobileNet stem", 224, 224, 3, 32, 3, stride=2, pad=1),
    Layer("L2", "MobileNet depthwise", 112, 112, 32, 32, 3, pad=1, groups=32),
    Layer("L3", "MobileNetV2 expand", 56, 56, 24, 144, 1),
    Layer("L4", "ResNet conv2_x", 56, 56, 64, 64, 3, pad=1),
    Layer("L5", "ResNet conv3_x", 28, 28, 128, 128, 3, pad=1),
    Layer("L6", "ResNet conv4_x", 14, 14, 256, 256, 3, pad=1),
    Layer("L7", "ResNet conv5_x", 7, 7, 512, 512, 3, pad=1),
    Layer("L8", "MobileNetV2 expand", 14, 14, 96, 576, 1),
]
LAYERS_BY_NAME = {layer.name: layer for layer in LAYERS}

ROUNDINGS = ("gemmlowp", "rndnu", "fp32")

# The activations, as the real values they stand for: u8 with zero point
# INPUT_ZP_U8 (the same reals as s8 with zero point INPUT_ZP_U8 - 128).
INPUT_SCALE = 0.02
OUTPUT_ZP = 0          # s8 output
WEIGHT_MAX = 127       # narrow symmetric range [-127, 127]

PARAMS_MAGIC = b"QEBCONV1"

# ===---------------------------------------------------------------------=== #
# Parameters
# ===---------------------------------------------------------------------=== #


def f32(value: float) -> float:
    """The float32 value nearest to `value`, as a double."""
    return float(np.float32(value))


@dataclass
class Params:
    layer: Layer
    input_zp_u8: int
    s_in: float
    s_w: np.ndarray      # [OC] float64 (float32 values)
    s_out: float
    weights: np.ndarray  # [OC, K, K, ICg] int8, OHWI
    bias: np.ndarray     # [OC] int32


def make_params(layer: Layer, input_zp_u8: int, seed: int) -> Params:
    rng = np.random.default_rng([seed, int(layer.name[1:])])
    k_per_out = layer.k * layer.k * layer.icg
    weights = rng.integers(-WEIGHT_MAX, WEIGHT_MAX + 1,
                           size=(layer.oc, layer.k, layer.k, layer.icg),
                           dtype=np.int64)
    s_w = np.array([f32(2.0 ** rng.uniform(-9.0, -7.0)) for _ in range(layer.oc)])
    s_in = f32(INPUT_SCALE)
    # The input is uniform over [0, 255] in u8: E[(x - Zx)^2] and the
    # accumulator's spread per channel for zero-mean weights.
    x = np.arange(256) - input_zp_u8
    rms_x = math.sqrt(float(np.mean(x.astype(np.float64) ** 2)))
    rms_w = math.sqrt((WEIGHT_MAX * (WEIGHT_MAX + 1)) / 3.0)
    sigma_acc = math.sqrt(k_per_out) * rms_x * rms_w
    bias = rng.integers(-int(sigma_acc / 2), int(sigma_acc / 2) + 1,
                        size=layer.oc, dtype=np.int64)
    # Three standard deviations of the widest channel reach the s8 range.
    sigma_real = sigma_acc * s_in * float(np.max(s_w))
    s_out = f32(3.0 * sigma_real / 127.0)
    return Params(layer, input_zp_u8, s_in, s_w, s_out,
                  weights.astype(np.int8), bias.astype(np.int32))


# ===---------------------------------------------------------------------=== #
# The quantized program
# ===---------------------------------------------------------------------=== #


def fmt_float(value: float) -> str:
    """A decimal MLIR float literal that reads back as exactly `value`."""
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    assert float(text) == float(value)
    return text


def tensor(shape, element: str) -> str:
    return "tensor<" + "x".join(str(d) for d in shape) + f"x{element}>"


def dense_hex(values: np.ndarray, dtype: str) -> str:
    data = np.ascontiguousarray(values, dtype=dtype).tobytes()
    return f'dense<"0x{data.hex().upper()}">'


def program(p: Params, activations: str, rounding: str) -> str:
    """The layer as a quantized-level `qedge.conv2d` program."""
    L = p.layer
    if activations == "u8":
        x_qtype = f"u8:f32, {fmt_float(p.s_in)}"
        zp = p.input_zp_u8
    else:
        x_qtype = f"i8:f32, {fmt_float(p.s_in)}"
        zp = p.input_zp_u8 - 128
    x_qtype = f"!quant.uniform<{x_qtype}{':' + str(zp) if zp else ''}>"
    w_scales = ", ".join(fmt_float(s) for s in p.s_w)
    w_qtype = f"!quant.uniform<i8<-{WEIGHT_MAX}:{WEIGHT_MAX}>:f32:0, {{{w_scales}}}>"
    # The bias scale is exactly S_in * S_w[c] (a double product).
    b_scales = ", ".join(fmt_float(p.s_in * s) for s in p.s_w)
    b_qtype = f"!quant.uniform<i32:f32:0, {{{b_scales}}}>"
    y_qtype = f"!quant.uniform<i8:f32, {fmt_float(p.s_out)}>"

    in_shape = (1, L.h, L.w, L.ic)
    w_shape = (L.oc, L.k, L.k, L.icg)
    out_shape = (1, L.oh, L.ow, L.oc)
    attrs = []
    if L.stride != 1:
        attrs.append(f"strides = array<i64: {L.stride}, {L.stride}>")
    if L.pad:
        attrs.append("padding = array<i64: " + ", ".join([str(L.pad)] * 4) + ">")
    if L.groups != 1:
        attrs.append(f"groups = {L.groups} : i64")
    attrs.append(f"rounding = #qedge.rounding<{rounding}>")

    x_ty = tensor(in_shape, x_qtype)
    w_ty = tensor(w_shape, w_qtype)
    b_ty = tensor((L.oc,), b_qtype)
    y_ty = tensor(out_shape, y_qtype)
    lines = [
        f"// {L.name}: {L.what}, {L.h}x{L.w}x{L.ic} -> {L.oc}, "
        f"{L.k}x{L.k} stride {L.stride} pad {L.pad} groups {L.groups}.",
        "// Generated by bench/conv/layers.py.",
        f"func.func @conv(%arg0: {tensor(in_shape, 'i8')}) -> {tensor(out_shape, 'i8')} {{",
        f"  %x = quant.scast %arg0 : {tensor(in_shape, 'i8')} to {x_ty}",
        f"  %wi = arith.constant {dense_hex(p.weights, '<i1')} : {tensor(w_shape, 'i8')}",
        f"  %w = quant.scast %wi : {tensor(w_shape, 'i8')} to {w_ty}",
        f"  %bi = arith.constant {dense_hex(p.bias, '<i4')} : {tensor((L.oc,), 'i32')}",
        f"  %b = quant.scast %bi : {tensor((L.oc,), 'i32')} to {b_ty}",
        f"  %y = qedge.conv2d %x, %w, %b {{{', '.join(attrs)}}}",
        f"      : ({x_ty}, {w_ty}, {b_ty}) -> {y_ty}",
        f"  %o = quant.scast %y : {y_ty} to {tensor(out_shape, 'i8')}",
        f"  return %o : {tensor(out_shape, 'i8')}",
        "}",
    ]
    return "\n".join(lines) + "\n"


# ===---------------------------------------------------------------------=== #
# The driver's parameter file
# ===---------------------------------------------------------------------=== #

ROUNDING_CODE = {name: i for i, name in enumerate(ROUNDINGS)}


def params_bytes(p: Params, activations: str, rounding: str) -> bytes:
    """Little-endian: magic, 16 int64 fields, 2 + OC doubles, OC int32 bias,
    the OHWI int8 weights. bench/conv/params.h reads it."""
    L = p.layer
    fields = [L.h, L.w, L.ic, L.oc, L.k, L.k, L.stride, L.stride,
              L.pad, L.pad, L.pad, L.pad, L.groups,
              p.input_zp_u8, 1 if activations == "s8" else 0,
              ROUNDING_CODE[rounding]]
    out = bytearray(PARAMS_MAGIC)
    out += struct.pack("<16q", *fields)
    out += struct.pack("<2d", p.s_in, p.s_out)
    out += np.ascontiguousarray(p.s_w, dtype="<f8").tobytes()
    out += np.ascontiguousarray(p.bias, dtype="<i4").tobytes()
    out += np.ascontiguousarray(p.weights, dtype="<i1").tobytes()
    return bytes(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--layers", default=",".join(LAYERS_BY_NAME))
    parser.add_argument("--activations", choices=("u8", "s8"), default="u8")
    parser.add_argument("--rounding", choices=ROUNDINGS, default="gemmlowp")
    parser.add_argument("--input-zero-point", type=int, default=0,
                        help="the input's zero point in u8 terms (s8: minus 128)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--list", action="store_true",
                        help="print the layers and exit")
    args = parser.parse_args(argv)
    if args.list:
        for L in LAYERS:
            print(f"{L.name}  {L.h}x{L.w}x{L.ic} -> {L.oc}  {L.k}x{L.k} "
                  f"s{L.stride} p{L.pad} g{L.groups}  ({L.what})")
        return 0
    names = [n.strip() for n in args.layers.split(",") if n.strip()]
    unknown = [n for n in names if n not in LAYERS_BY_NAME]
    if unknown or not names:
        print(f"layers.py: unknown layer(s) {unknown}; known: "
              f"{', '.join(LAYERS_BY_NAME)}", file=sys.stderr)
        return 2
    if not 0 <= args.input_zero_point <= 255:
        print("layers.py: --input-zero-point must be in [0, 255]", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    inc = ["// Generated by bench/conv/layers.py: the compiled layers.",
           "// QEDGE_LAYER(name, function, input elements, output elements)"]
    for name in names:
        L = LAYERS_BY_NAME[name]
        p = make_params(L, args.input_zero_point, args.seed)
        (args.out / f"{name}.mlir").write_text(
            program(p, args.activations, args.rounding))
        (args.out / f"{name}.params").write_bytes(
            params_bytes(p, args.activations, args.rounding))
        inc.append(f'#include "{name}.h"')
        up = name.upper()
        inc.append(f"QEDGE_LAYER({name}, {name}_conv, {up}_CONV_ARG0_ELEMENTS, "
                   f"{up}_CONV_RESULT0_ELEMENTS)")
    (args.out / "layers.inc").write_text("\n".join(inc) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
