"""Whole blocks of real CNNs at the quantized level, for run_ops.py's
`blocks` group: each block is several `qedge` ops in a row, run in each
rounding mode, and its expected result is the numpy reference of each op
(quantized_reference.Conv, ops_reference) applied in the same order, so a
block checks that the ops compose (types carried from one op to the next,
fused clamps, the residual add reading a tensor that a convolution also
reads) as well as each op.

- ResNet basic block: conv 3x3 + ReLU, conv 3x3, add of the block's input,
  ReLU.
- MobileNetV2 inverted residual: 1x1 expansion + ReLU6, depthwise 3x3 +
  ReLU6, 1x1 projection, add of the block's input.
- Classifier head: global average pool, reshape to [N, C], fully connected,
  dequantize (an f32 result, compared bit for bit).

The intermediate types are chosen once (from the exact accumulators of the
`gemmlowp` run: a calibration would pick them from float data) and shared by
the three modes, so each mode runs the same program but for `rounding`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

import ops_reference as ref
from ops_reference import QType, qr
from qedge import mlir_text as mt
from run_quantized import npy_storage, quant_tensor, storage_tensor

MODES = ("gemmlowp", "rndnu", "fp32")
S8 = (-128, 127)


def s8(scale: float, zp: int) -> QType:
    return QType("i8", True, -128, 127, [float(scale)], [int(zp)], None)


def weights_type(scales) -> QType:
    return QType("i8", True, -127, 127, [float(s) for s in scales],
                 [0] * len(scales), 0)


def bias_type(s_in: float, tw: QType) -> QType:
    return QType("i32", True, qr.I32_MIN, qr.I32_MAX,
                 [s_in * s for s in tw.scales], [0], 0)


def fitted_type(real: np.ndarray, relu: bool) -> QType:
    """The s8 type whose range just holds `real` (and 0); from 0 up for a
    tensor that a ReLU follows."""
    lo = 0.0 if relu else min(float(real.min()), 0.0)
    hi = max(float(real.max()), 0.0)
    scale = max((hi - lo) / 255.0, 1e-6)
    zp = int(np.clip(round(-128 - lo / scale), -128, 127))
    return s8(scale, zp)


def dequantized(q: np.ndarray, t: QType) -> np.ndarray:
    """Section 3 of the spec: fl32(fl32(S) * (q - Z))."""
    return (np.float32(t.scale()) *
            (np.asarray(q, np.int64) - t.zp()).astype(np.float32))


# ===---------------------------------------------------------------------=== #
# A block: a list of steps, each one op
# ===---------------------------------------------------------------------=== #


@dataclass
class Step:
    """One op of a block: `emit(p, operands, mode)` gives its lines and
    result name; `run(values, mode)` its reference on storage values."""
    result_type: QType | None          # None: f32
    result_shape: tuple
    emit: Callable[[str, list[str], str], list[str]]
    run: Callable[[list[np.ndarray], str], np.ndarray]
    inputs: tuple = (-1,)              # step indices; -1 is the block input


@dataclass
class Block:
    name: str
    x_type: QType
    x: np.ndarray
    steps: list = field(default_factory=list)
    modes: tuple = MODES
    signature: str = "scast"           # run_ops.py's Case protocol
    operands: list = field(default_factory=list)

    # -- run_ops.Case protocol ------------------------------------------ #

    def arg_types(self) -> list[str]:
        return [storage_tensor(self.x.shape, self.x_type)]

    def arg_arrays(self) -> list[np.ndarray]:
        return [npy_storage(self.x, self.x_type)]

    @property
    def y_type(self) -> QType | None:
        return self.steps[-1].result_type

    def outputs(self) -> list[tuple[str, QType | None, tuple]]:
        return [(mode, self.y_type, self.steps[-1].result_shape)
                for mode in self.modes]

    def emit(self, p: str, args: list[str]) -> tuple[list[str], list]:
        xq = quant_tensor(self.x.shape, self.x_type)
        lines = [mt.storage_cast(f"%{p}x", args[0],
                                 storage_tensor(self.x.shape, self.x_type), xq)]
        results = []
        for mode in self.modes:
            names = []
            for k, step in enumerate(self.steps):
                ins = [f"%{p}x" if i < 0 else names[i] for i in step.inputs]
                name = f"%{p}{mode}_{k}"
                lines += step.emit(name, ins, mode)
                names.append(name)
            y = self.y_type
            shape = self.steps[-1].result_shape
            if y is None:
                results.append((names[-1], mt.tensor_type(shape, "f32")))
            else:
                lines.append(mt.storage_cast(
                    f"%{p}o_{mode}", names[-1], quant_tensor(shape, y),
                    storage_tensor(shape, y)))
                results.append((f"%{p}o_{mode}", storage_tensor(shape, y)))
        return lines, results

    def expected(self) -> list[np.ndarray]:
        return [self.evaluate(mode)[-1] for mode in self.modes]

    # -- reference ------------------------------------------------------ #

    def evaluate(self, mode: str) -> list[np.ndarray]:
        values: list[np.ndarray] = []
        for step in self.steps:
            ins = [self.x if i < 0 else values[i] for i in step.inputs]
            values.append(step.run(ins, mode))
        return values

    # -- building ------------------------------------------------------- #

    def type_of(self, index: int) -> QType:
        return self.x_type if index < 0 else self.steps[index].result_type

    def shape_of(self, index: int) -> tuple:
        return self.x.shape if index < 0 else self.steps[index].result_shape

    def gemmlowp_value(self, index: int) -> np.ndarray:
        return self.x if index < 0 else self.evaluate("gemmlowp")[index]

    def add_step(self, step: Step) -> int:
        self.steps.append(step)
        return len(self.steps) - 1


def rounding(attrs: dict, mode: str, p: str) -> dict:
    attrs = dict(attrs)
    # gemmlowp, the default, is written out in about half the ops.
    if mode != "gemmlowp" or (zlib.crc32(p.encode()) & 1):
        attrs["rounding"] = mt.rounding_attr(mode)
    return attrs


def op_line(result: str, op: str, operands: list[str], attrs: dict,
            types: list[str], result_type: str) -> str:
    attr_text = " " + mt.attr_dict(attrs) if attrs else ""
    signature = (f"{types[0]} -> {result_type}" if len(types) == 1
                 else f"({', '.join(types)}) -> {result_type}")
    return f"{result} = {op} {', '.join(operands)}{attr_text} : {signature}"


def constant_lines(name: str, values: np.ndarray, t: QType) -> list[str]:
    s, q = storage_tensor(values.shape, t), quant_tensor(values.shape, t)
    return [mt.constant(f"{name}i", mt.dense_elements(values, t.bits), s),
            mt.storage_cast(name, f"{name}i", s, q)]


def conv(block: Block, rng, source: int, out_channels: int, kernel: int,
         groups: int = 1, relu6: bool = False, relu: bool = False) -> int:
    """A `qedge.conv2d` (stride 1, 'same' padding) with per-channel s8
    weights, a bias, and its output type fitted to its accumulators."""
    tx, shape = block.type_of(source), block.shape_of(source)
    n, h, w, c = shape
    pad = kernel // 2
    tw = weights_type(10 ** rng.uniform(-2.5, -1.5, size=out_channels))
    wt = rng.integers(-127, 128, size=(out_channels, kernel, kernel,
                                       c // groups))
    conv = qr.Conv(tx, tw, s8(1.0, 0), w=wt, strides=(1, 1),
                   padding=(pad,) * 4, groups=groups, input_shape=shape)
    x = block.gemmlowp_value(source)
    spread = max(1, int(np.abs(conv.accumulate(x)).max()) // 4)
    conv.bias = rng.integers(-spread, spread + 1, size=out_channels)
    real = conv.accumulate(x).astype(np.float64) * tx.scale() * np.array(
        tw.scales)
    clamp_min = 0.0 if relu or relu6 else None
    clamp_max = 6.0 if relu6 else None
    if relu6:
        real = np.minimum(real, 6.0)
    conv.y_type = fitted_type(real, relu or relu6)
    conv.clamp_min, conv.clamp_max = clamp_min, clamp_max
    tb = bias_type(tx.scale(), tw)
    ty = conv.y_type
    out_shape = conv.output_shape()
    attrs = {**mt.conv_geometry_attrs(padding=conv.padding, groups=groups)}
    if clamp_min is not None:
        attrs["clamp_min"] = mt.float_attr(clamp_min)
    if clamp_max is not None:
        attrs["clamp_max"] = mt.float_attr(clamp_max)
    bias = np.asarray(conv.bias)

    def emit(name: str, ins: list[str], mode: str) -> list[str]:
        lines = constant_lines(f"{name}w", wt, tw)
        lines += constant_lines(f"{name}b", bias, tb)
        lines.append(op_line(
            name, "qedge.conv2d", [ins[0], f"{name}w", f"{name}b"],
            rounding(attrs, mode, name),
            [quant_tensor(shape, tx), quant_tensor(wt.shape, tw),
             quant_tensor(bias.shape, tb)], quant_tensor(out_shape, ty)))
        return lines

    return block.add_step(Step(ty, out_shape, emit,
                               lambda v, mode: conv.run(v[0], mode),
                               (source,)))


def add(block: Block, rng, a: int, b: int, relu: bool) -> int:
    ta, tb = block.type_of(a), block.type_of(b)
    shape = block.shape_of(a)
    real = (dequantized(block.gemmlowp_value(a), ta).astype(np.float64)
            + dequantized(block.gemmlowp_value(b), tb))
    ty = fitted_type(real, relu)
    clamp_min = 0.0 if relu else None
    attrs = {"clamp_min": mt.float_attr(0.0)} if relu else {}

    def emit(name: str, ins: list[str], mode: str) -> list[str]:
        return [op_line(name, "qedge.add", ins, rounding(attrs, mode, name),
                        [quant_tensor(shape, ta),
                         quant_tensor(block.shape_of(b), tb)],
                        quant_tensor(shape, ty))]

    def run(v: list[np.ndarray], mode: str) -> np.ndarray:
        return ref.add_sub(v[0], v[1], ta, tb, ty, mode, clamp_min=clamp_min)

    return block.add_step(Step(ty, shape, emit, run, (a, b)))


# ===---------------------------------------------------------------------=== #
# The three blocks
# ===---------------------------------------------------------------------=== #


def input_block(name: str, rng, shape: tuple) -> Block:
    tx = s8(float(10 ** rng.uniform(-2, -1)), int(rng.integers(-20, 21)))
    x = rng.integers(-128, 128, size=shape)
    x.reshape(-1)[:2] = (-128, 127)
    return Block(name, tx, x)


def resnet_basic_block(rng) -> Block:
    block = input_block("ResNet basic block: conv3x3-relu-conv3x3-add-relu",
                        rng, (1, 9, 7, 16))
    c1 = conv(block, rng, -1, 16, 3, relu=True)
    c2 = conv(block, rng, c1, 16, 3)
    add(block, rng, c2, -1, relu=True)
    return block


def mobilenet_v2_block(rng) -> Block:
    block = input_block("MobileNetV2 inverted residual: 1x1 expand-relu6, "
                        "dw3x3-relu6, 1x1 project, add", rng, (1, 7, 9, 8))
    e = conv(block, rng, -1, 48, 1, relu6=True)
    d = conv(block, rng, e, 48, 3, groups=48, relu6=True)
    p = conv(block, rng, d, 8, 1)
    add(block, rng, p, -1, relu=False)
    return block


def classifier_head(rng) -> Block:
    block = input_block("classifier head: global avg pool, reshape, fully "
                        "connected, dequantize", rng, (2, 5, 5, 32))
    tx = block.x_type
    n, _, _, c = block.x.shape
    pooled = ref.global_avg_pool(block.x, tx, tx, "gemmlowp")
    tp = fitted_type(dequantized(pooled, tx).astype(np.float64), False)
    pool_shape = (n, 1, 1, c)

    def emit_pool(name, ins, mode):
        return [op_line(name, "qedge.global_avg_pool", ins,
                        rounding({}, mode, name), [quant_tensor(block.x.shape,
                                                                tx)],
                        quant_tensor(pool_shape, tp))]

    pool = block.add_step(Step(
        tp, pool_shape, emit_pool,
        lambda v, mode: ref.global_avg_pool(v[0], tx, tp, mode)))

    flat_shape = (n, c)

    def emit_reshape(name, ins, mode):
        return [f"{name} = qedge.reshape {ins[0]} : "
                f"{quant_tensor(pool_shape, tp)} -> "
                f"{quant_tensor(flat_shape, tp)}"]

    flat = block.add_step(Step(tp, flat_shape, emit_reshape,
                               lambda v, mode: v[0].reshape(flat_shape),
                               (pool,)))

    classes = 10
    tw = weights_type(10 ** rng.uniform(-2.5, -1.5, size=classes))
    wt = rng.integers(-127, 128, size=(classes, c))
    fc = ref.fully_connected_conv(tp, tw, s8(1.0, 0), wt, None, n)
    x_fc = block.gemmlowp_value(flat)
    acc = fc.accumulate(x_fc.reshape(n, 1, 1, c))
    spread = max(1, int(np.abs(acc).max()))
    fc.bias = rng.integers(-spread, spread + 1, size=classes)
    real = fc.accumulate(x_fc.reshape(n, 1, 1, c)).astype(np.float64) * \
        tp.scale() * np.array(tw.scales)
    fc.y_type = ty = fitted_type(real.reshape(n, classes), False)
    tb = bias_type(tp.scale(), tw)
    bias = np.asarray(fc.bias)

    def emit_fc(name, ins, mode):
        lines = constant_lines(f"{name}w", wt, tw)
        lines += constant_lines(f"{name}b", bias, tb)
        lines.append(op_line(
            name, "qedge.fully_connected", [ins[0], f"{name}w", f"{name}b"],
            rounding({}, mode, name),
            [quant_tensor(flat_shape, tp), quant_tensor(wt.shape, tw),
             quant_tensor(bias.shape, tb)],
            quant_tensor((n, classes), ty)))
        return lines

    logits = block.add_step(Step(
        ty, (n, classes), emit_fc,
        lambda v, mode: ref.fully_connected(v[0], fc, mode), (flat,)))

    def emit_dequantize(name, ins, mode):
        return [f"{name} = qedge.dequantize {ins[0]} : "
                f"{quant_tensor((n, classes), ty)} -> "
                f"{mt.tensor_type((n, classes), 'f32')}"]

    block.add_step(Step(None, (n, classes), emit_dequantize,
                        lambda v, mode: dequantized(v[0], ty), (logits,)))
    return block


def group_blocks(rng) -> list[Block]:
    return [resnet_basic_block(rng), mobilenet_v2_block(rng),
            classifier_head(rng)]
