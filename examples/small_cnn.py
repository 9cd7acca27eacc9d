"""Writes small_cnn.mlir: a small quantized image classifier at the
quantized level, every op of a MobileNet/ResNet-style network in one
function, so that `qedge-compile` makes one object with one entry point.

    f32 [1, 16, 16, 3] -> quantize
      -> conv 3x3 stride 2 + ReLU6        [1, 8, 8, 16]
      -> depthwise 3x3 + ReLU6            [1, 8, 8, 16]
      -> conv 1x1 + ReLU                  [1, 8, 8, 32]   (a)
      -> conv 3x3                         [1, 8, 8, 32]
      -> add (a) + ReLU                   [1, 8, 8, 32]
      -> max pool 2x2 stride 2            [1, 4, 4, 32]
      -> global average pool, reshape     [1, 32]
      -> fully connected                  [1, 10]
      -> dequantize                       f32 [1, 10]

The weights are random (fixed seed) and the activation scales were picked
to keep each tensor in range for inputs in [-1, 1]; the network computes
nothing useful, it exercises the compiler. Usage (from the repository root,
with Debian's numpy):

    python3 examples/small_cnn.py > examples/small_cnn.mlir
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from qedge import mlir_text as mt  # noqa: E402


def s8(shape, scale: float, zp: int) -> str:
    return mt.tensor_type(shape, mt.quant_uniform_type(
        mt.quant_storage_type(8, True), [scale], [zp]))


def weights(shape, scales) -> str:
    return mt.tensor_type(shape, mt.quant_uniform_type(
        mt.quant_storage_type(8, True, -127, 127), scales, [0] * len(scales),
        axis=0))


def bias(shape, scales) -> str:
    return mt.tensor_type(shape, mt.quant_uniform_type(
        "i32", scales, [0] * len(scales), axis=0))


class Writer:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.lines: list[str] = []
        self.count = 0

    def name(self, stem: str) -> str:
        self.count += 1
        return f"%{stem}{self.count}"

    def conv(self, x: str, x_type: tuple, out_shape, kernel: int,
             out_channels: int, y_scale: float, y_zp: int, groups: int = 1,
             stride: int = 1, clamp: tuple = (None, None)) -> tuple:
        x_shape, x_scale, _ = x_type
        in_channels = x_shape[3] // groups
        fan_in = kernel * kernel * in_channels
        w_scales = [float(s) for s in
                    self.rng.uniform(0.8, 1.2, out_channels)
                    * 2.0 / (127 * np.sqrt(fan_in))]
        w = self.rng.integers(-127, 128, (out_channels, kernel, kernel,
                                          in_channels))
        b_scales = [x_scale * s for s in w_scales]
        b = np.round(self.rng.normal(0, 0.05, out_channels)
                     / np.array(b_scales)).astype(np.int64)
        wi, wq, bi, bq, y = (self.name(s) for s in ("wi", "w", "bi", "b",
                                                     "conv"))
        w_s = mt.tensor_type(w.shape, "i8")
        b_s = mt.tensor_type(b.shape, "i32")
        w_t, b_t = weights(w.shape, w_scales), bias(b.shape, b_scales)
        y_t = s8(out_shape, y_scale, y_zp)
        self.lines += [mt.constant(wi, mt.dense_elements(w, 8), w_s),
                       mt.storage_cast(wq, wi, w_s, w_t),
                       mt.constant(bi, mt.dense_elements(b, 32), b_s),
                       mt.storage_cast(bq, bi, b_s, b_t)]
        attrs = mt.conv_geometry_attrs((stride, stride), (kernel // 2,) * 4,
                                       groups=groups)
        if clamp[0] is not None:
            attrs["clamp_min"] = mt.float_attr(clamp[0])
        if clamp[1] is not None:
            attrs["clamp_max"] = mt.float_attr(clamp[1])
        self.lines.append(
            f"{y} = qedge.conv2d {x}, {wq}, {bq} {mt.attr_dict(attrs)} : "
            f"({s8(*x_type)}, {w_t}, {b_t}) -> {y_t}")
        return y, (tuple(out_shape), y_scale, y_zp)


def main() -> None:
    out = Writer(seed=2026)
    x_type = ((1, 16, 16, 3), 1.0 / 127, 0)
    relu6 = (6.0 / 255, -128)
    lines = out.lines
    lines.append(f"%x = qedge.quantize %input : "
                 f"{mt.tensor_type(x_type[0], 'f32')} -> {s8(*x_type)}")
    y, t = out.conv("%x", x_type, (1, 8, 8, 16), 3, 16, *relu6, stride=2,
                    clamp=(0.0, 6.0))
    y, t = out.conv(y, t, (1, 8, 8, 16), 3, 16, *relu6, groups=16,
                    clamp=(0.0, 6.0))
    a, ta = out.conv(y, t, (1, 8, 8, 32), 1, 32, 4.0 / 255, -128,
                     clamp=(0.0, None))
    y, t = out.conv(a, ta, (1, 8, 8, 32), 3, 32, 6.0 / 255, 0)
    s_add = (1, 8, 8, 32), 6.0 / 255, -128
    lines.append(f"%sum = qedge.add {y}, {a} {{clamp_min = 0.0 : f32}} : "
                 f"({s8(*t)}, {s8(*ta)}) -> {s8(*s_add)}")
    pooled = (1, 4, 4, 32), s_add[1], s_add[2]
    lines.append(f"%pool = qedge.max_pool2d %sum {{kernel = array<i64: 2, 2>, "
                 f"strides = array<i64: 2, 2>}} : {s8(*s_add)} -> "
                 f"{s8(*pooled)}")
    mean = (1, 1, 1, 32), 2.0 / 255, -128
    lines.append(f"%mean = qedge.global_avg_pool %pool : {s8(*pooled)} -> "
                 f"{s8(*mean)}")
    flat = (1, 32), mean[1], mean[2]
    lines.append(f"%flat = qedge.reshape %mean : {s8(*mean)} -> {s8(*flat)}")
    w_scales = [float(s) for s in out.rng.uniform(0.8, 1.2, 10) / 127 / 3]
    w = out.rng.integers(-127, 128, (10, 32))
    w_s, w_t = mt.tensor_type(w.shape, "i8"), weights(w.shape, w_scales)
    logits = (1, 10), 8.0 / 255, 0
    lines += [mt.constant("%fcwi", mt.dense_elements(w, 8), w_s),
              mt.storage_cast("%fcw", "%fcwi", w_s, w_t),
              f"%logits = qedge.fully_connected %flat, %fcw : "
              f"({s8(*flat)}, {w_t}) -> {s8(*logits)}",
              f"%output = qedge.dequantize %logits : {s8(*logits)} -> "
              f"{mt.tensor_type(logits[0], 'f32')}"]
    print("// A small quantized image classifier: every op of a MobileNet /")
    print("// ResNet-style network in one function. Written by small_cnn.py.")
    print(mt.function("classify",
                      [("%input", mt.tensor_type(x_type[0], "f32"))],
                      [("%output", mt.tensor_type(logits[0], "f32"))],
                      lines), end="")


if __name__ == "__main__":
    main()
