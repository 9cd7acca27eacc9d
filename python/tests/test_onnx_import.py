"""Tests of qedge.onnx_import: small ONNX models built with onnx.helper,
imported to TOSA, run with qedge-run and compared with PyTorch (float64) on
the same weights; then whole torchvision networks.

Reference: PyTorch's functional ops in float64 (numpy where PyTorch has no
direct equivalent, e.g. Gemm's alpha and beta). Tolerance: the imported
program computes in float32 and sums in an order of its own; a sum of K
products in float32 errs by at most about K * 2^-24 * sum(|products|), and
for these layers (K <= 72 terms of size <= 1) that stays below 1e-5
absolute; we allow 2e-5 absolute plus 2e-5 relative.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from qedge.onnx_import import (OnnxImportError, import_float_model,
                               load_model)

torch = pytest.importorskip("torch")
F = torch.nn.functional

ATOL = RTOL = 2e-5
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


# ===---------------------------------------------------------------------=== #
# Helpers
# ===---------------------------------------------------------------------=== #


def qedge_run_tool() -> str:
    """qedge-run: on PATH (as the lit suite sets it), else in build/bin."""
    found = shutil.which("qedge-run")
    if found:
        return found
    built = REPOSITORY_ROOT / "build" / "bin" / "qedge-run"
    if not built.is_file():
        pytest.skip("qedge-run is not built")
    return str(built)


def run_mlir(text: str, inputs: Sequence[np.ndarray],
             outputs: int = 1) -> list[np.ndarray]:
    """Runs `@main` of the MLIR `text` on `inputs` with qedge-run."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        (work_dir / "model.mlir").write_text(text)
        command = [qedge_run_tool(), str(work_dir / "model.mlir"),
                   "--entry=main"]
        for i, array in enumerate(inputs):
            np.save(work_dir / f"in{i}.npy", array.astype(np.float32))
            command.append(f"--input={work_dir / f'in{i}.npy'}")
        for i in range(outputs):
            command.append(f"--output={work_dir / f'out{i}.npy'}")
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [np.load(work_dir / f"out{i}.npy") for i in range(outputs)]


def make_model(nodes: list[onnx.NodeProto],
               inputs: dict[str, Sequence[Optional[int]]],
               outputs: Sequence[str],
               initializers: Optional[dict[str, np.ndarray]] = None,
               opset: int = 13) -> onnx.ModelProto:
    """A float model of `nodes`; outputs are declared without a shape (the
    importer infers every shape itself)."""
    graph = helper.make_graph(
        nodes, "test",
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, list(shape))
         for name, shape in inputs.items()],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)
         for name in outputs],
        [numpy_helper.from_array(np.asarray(array), name)
         for name, array in (initializers or {}).items()])
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])


def imported(model: onnx.ModelProto, *inputs: np.ndarray,
             outputs: int = 1, batch: Optional[int] = None) -> np.ndarray:
    """Imports `model`, checks that its text is well formed, runs it."""
    text = import_float_model(model, batch=batch)
    assert "func.func @main(" in text
    results = run_mlir(text, inputs, outputs)
    return results[0] if outputs == 1 else results


def t64(array: np.ndarray) -> "torch.Tensor":
    return torch.from_numpy(np.asarray(array, dtype=np.float64))


def check(actual: np.ndarray, expected: "torch.Tensor | np.ndarray") -> None:
    expected = (expected.detach().numpy() if hasattr(expected, "detach")
                else np.asarray(expected))
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, atol=ATOL, rtol=RTOL)


RNG = np.random.default_rng(0)


def uniform(*shape: int, low: float = -0.5, high: float = 0.5) -> np.ndarray:
    return RNG.uniform(low, high, size=shape).astype(np.float32)


def image(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def conv_node(name: str, x: str, out: str, bias: bool = True,
              **attrs) -> onnx.NodeProto:
    inputs = [x, f"{name}_w"] + ([f"{name}_b"] if bias else [])
    return helper.make_node("Conv", inputs, [out], name=name, **attrs)


# ===---------------------------------------------------------------------=== #
# Conv
# ===---------------------------------------------------------------------=== #

# (input HxW, channels in/out, kernel, attributes, explicit torch padding
# [left, right, top, bottom] or None for the attribute `pads`). The SAME
# pads are derived by hand: H = 7, k = 4, s = 1 pads 3 in all (UPPER 1
# top / 2 bottom, LOWER 2 / 1); W = 8, k = 3, s = 2 pads 1 (UPPER 0 / 1,
# LOWER 1 / 0).
CONV_CASES = {
    "3x3_pad1": ((8, 8), (3, 4), (3, 3), dict(pads=[1, 1, 1, 1]), None),
    "stride2_exact": ((9, 9), (3, 4), (3, 3),
                      dict(strides=[2, 2], pads=[1, 1, 1, 1]), None),
    "stride2_trim_pad": ((8, 8), (3, 4), (3, 3),
                         dict(strides=[2, 2], pads=[1, 1, 1, 1]), None),
    "stride2_crop_input": ((8, 8), (3, 4), (1, 1), dict(strides=[2, 2]),
                           None),
    "dilation2_stride2_crop_input": ((8, 8), (3, 4), (2, 2),
                                     dict(strides=[2, 2], dilations=[2, 2]),
                                     None),
    "asymmetric_pads": ((6, 7), (2, 3), (3, 2), dict(pads=[0, 1, 2, 1]),
                        None),
    "dilation2": ((9, 9), (3, 4), (3, 3),
                  dict(dilations=[2, 2], pads=[2, 2, 2, 2]), None),
    "same_upper": ((7, 8), (3, 4), (4, 3),
                   dict(auto_pad="SAME_UPPER", strides=[1, 2]),
                   (0, 1, 1, 2)),
    "same_lower": ((7, 8), (3, 4), (4, 3),
                   dict(auto_pad="SAME_LOWER", strides=[1, 2]),
                   (1, 0, 2, 1)),
    "valid": ((7, 8), (3, 4), (3, 3),
              dict(auto_pad="VALID", strides=[2, 2]), (0, 0, 0, 0)),
    "notset": ((7, 8), (3, 4), (3, 3), dict(auto_pad="NOTSET"), None),
}


@pytest.mark.parametrize("case", sorted(CONV_CASES))
def test_conv_geometry(case: str) -> None:
    (h, w), (cin, cout), kernel, attrs, padding = CONV_CASES[case]
    x, weights, bias = image(1, cin, h, w), uniform(cout, cin, *kernel), \
        uniform(cout)
    model = make_model([conv_node("conv", "x", "y", **attrs)],
                       {"x": x.shape}, ["y"],
                       {"conv_w": weights, "conv_b": bias})
    if padding is None:
        top, left, bottom, right = attrs.get("pads", [0, 0, 0, 0])
        padding = (left, right, top, bottom)
    expected = F.conv2d(F.pad(t64(x), padding), t64(weights), t64(bias),
                        stride=attrs.get("strides", 1),
                        dilation=attrs.get("dilations", 1))
    check(imported(model, x), expected)


def test_conv_zero_taps_instead_of_crop() -> None:
    """A 1x1 stride-2 convolution of an 8x8 input reads rows 0, 2, .., 6;
    TOSA's geometry check needs the last row covered: the kernel becomes
    2x2 with zero taps, and no slice is written."""
    x, weights = image(1, 3, 8, 8), uniform(4, 3, 1, 1)
    model = make_model([conv_node("down", "x", "y", bias=False,
                                  strides=[2, 2])],
                       {"x": x.shape}, ["y"], {"down_w": weights})
    text = import_float_model(model)
    assert "tensor<4x2x2x3xf32>" in text and "tosa.slice" not in text
    check(run_mlir(text, [x])[0], F.conv2d(t64(x), t64(weights), stride=2))


@pytest.mark.parametrize("channels, out_channels, group, op", [
    (6, 6, 6, "tosa.depthwise_conv2d"),    # depthwise
    (4, 8, 4, "tosa.depthwise_conv2d"),    # depthwise, multiplier 2
    (8, 6, 2, "tosa.concat"),              # 2 groups
    (6, 9, 3, "tosa.concat"),              # 3 groups
])
def test_conv_groups(channels: int, out_channels: int, group: int,
                     op: str) -> None:
    x = image(1, channels, 7, 7)
    weights = uniform(out_channels, channels // group, 3, 3)
    bias = uniform(out_channels)
    model = make_model(
        [conv_node("conv", "x", "y", group=group, pads=[1, 1, 1, 1],
                   strides=[2, 2])],
        {"x": x.shape}, ["y"], {"conv_w": weights, "conv_b": bias})
    text = import_float_model(model)
    assert op in text
    expected = F.conv2d(t64(x), t64(weights), t64(bias), stride=2,
                        padding=1, groups=group)
    check(run_mlir(text, [x])[0], expected)


def test_conv_without_bias_and_locations() -> None:
    x, weights = image(1, 3, 5, 5), uniform(4, 3, 3, 3)
    model = make_model([conv_node("first conv", "x", "y", bias=False)],
                       {"x": x.shape}, ["y"], {"first conv_w": weights})
    text = import_float_model(model)
    assert 'loc("first conv")' in text
    assert "tosa.transpose" in text and "perms = array<i32: 0, 2, 3, 1>" \
        in text and "perms = array<i32: 0, 3, 1, 2>" in text
    check(run_mlir(text, [x])[0], F.conv2d(t64(x), t64(weights)))


# ===---------------------------------------------------------------------=== #
# BatchNormalization
# ===---------------------------------------------------------------------=== #


def batch_norm_params(prefix: str, channels: int) -> dict[str, np.ndarray]:
    return {f"{prefix}_scale": uniform(channels, low=0.5, high=2.0),
            f"{prefix}_bias": uniform(channels),
            f"{prefix}_mean": uniform(channels),
            f"{prefix}_var": uniform(channels, low=0.5, high=2.0)}


def bn_node(name: str, x: str, out: str) -> onnx.NodeProto:
    return helper.make_node(
        "BatchNormalization",
        [x] + [f"{name}_{p}" for p in ("scale", "bias", "mean", "var")],
        [out], name=name, epsilon=1e-3)


def torch_bn(x: "torch.Tensor", params: dict[str, np.ndarray],
             prefix: str) -> "torch.Tensor":
    return F.batch_norm(x, t64(params[f"{prefix}_mean"]),
                        t64(params[f"{prefix}_var"]),
                        t64(params[f"{prefix}_scale"]),
                        t64(params[f"{prefix}_bias"]), eps=1e-3)


@pytest.mark.parametrize("group", [1, 4])
def test_batch_norm_folded_into_conv(group: int) -> None:
    x = image(1, 4, 6, 6)
    params = {"conv_w": uniform(8, 4 // group, 3, 3), "conv_b": uniform(8),
              **batch_norm_params("bn", 8)}
    model = make_model([conv_node("conv", "x", "c", group=group),
                        bn_node("bn", "c", "y"),
                        helper.make_node("Relu", ["y"], ["z"], name="relu")],
                       {"x": x.shape}, ["z"], params)
    text = import_float_model(model)
    assert "tosa.mul" not in text and "tosa.add" not in text
    expected = F.relu(torch_bn(F.conv2d(t64(x), t64(params["conv_w"]),
                                        t64(params["conv_b"]),
                                        groups=group), params, "bn"))
    check(run_mlir(text, [x])[0], expected)


def test_batch_norm_not_folded_when_conv_output_is_shared() -> None:
    x = image(1, 3, 5, 5)
    params = {"conv_w": uniform(4, 3, 1, 1), "conv_b": uniform(4),
              **batch_norm_params("bn", 4)}
    model = make_model([conv_node("conv", "x", "c"),
                        bn_node("bn", "c", "y")],
                       {"x": x.shape}, ["y", "c"], params)
    y, c = imported(model, x, outputs=2)
    conv = F.conv2d(t64(x), t64(params["conv_w"]), t64(params["conv_b"]))
    check(c, conv)
    check(y, torch_bn(conv, params, "bn"))


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (3, 6)])
def test_batch_norm_standalone(shape: tuple[int, ...]) -> None:
    x = image(*shape)
    params = batch_norm_params("bn", shape[1])
    model = make_model([bn_node("bn", "x", "y")], {"x": shape}, ["y"],
                       params)
    check(imported(model, x), torch_bn(t64(x), params, "bn"))


# ===---------------------------------------------------------------------=== #
# Activations
# ===---------------------------------------------------------------------=== #


def conv_then(nodes: list[onnx.NodeProto], opset: int = 13,
              extra: Optional[dict[str, np.ndarray]] = None
              ) -> tuple[onnx.ModelProto, np.ndarray, "torch.Tensor"]:
    """A 1x1 conv (so that the activation sees an NHWC tensor) followed by
    `nodes` reading 'c' and writing 'y'; the input and the conv's output
    in float64."""
    x = image(1, 3, 4, 5)
    params = {"conv_w": uniform(4, 3, 1, 1, low=-2, high=2),
              "conv_b": uniform(4), **(extra or {})}
    model = make_model([conv_node("conv", "x", "c")] + nodes,
                       {"x": x.shape}, ["y"], params, opset)
    return model, x, F.conv2d(t64(x), t64(params["conv_w"]),
                              t64(params["conv_b"]))


def test_relu() -> None:
    model, x, c = conv_then([helper.make_node("Relu", ["c"], ["y"])])
    check(imported(model, x), F.relu(c))


def test_clip_inputs() -> None:
    model, x, c = conv_then(
        [helper.make_node("Clip", ["c", "lo", "hi"], ["y"], name="relu6")],
        extra={"lo": np.array(0.0, np.float32),
               "hi": np.array(6.0, np.float32)})
    text = import_float_model(model)
    assert "min_val = 0.0 : f32, max_val = 6.0 : f32" in text
    check(run_mlir(text, [x])[0], torch.clamp(c, 0.0, 6.0))


def test_clip_max_only() -> None:
    model, x, c = conv_then(
        [helper.make_node("Clip", ["c", "", "hi"], ["y"])],
        extra={"hi": np.array(0.25, np.float32)})
    check(imported(model, x), torch.clamp(c, max=0.25))


def test_clip_attributes_opset6() -> None:
    model, x, c = conv_then(
        [helper.make_node("Clip", ["c"], ["y"], min=-0.5, max=0.75)],
        opset=6)
    check(imported(model, x), torch.clamp(c, -0.5, 0.75))


def test_sigmoid() -> None:
    model, x, c = conv_then([helper.make_node("Sigmoid", ["c"], ["y"])])
    check(imported(model, x), torch.sigmoid(c))


def test_hard_sigmoid() -> None:
    model, x, c = conv_then([helper.make_node("HardSigmoid", ["c"], ["y"],
                                              alpha=0.3, beta=0.4)])
    check(imported(model, x), torch.clamp(0.3 * c + 0.4, 0.0, 1.0))


def test_hard_swish() -> None:
    model, x, c = conv_then([helper.make_node("HardSwish", ["c"], ["y"])],
                            opset=14)
    text = import_float_model(model)
    assert "tosa.clamp" in text and "tosa.mul" in text
    check(run_mlir(text, [x])[0], F.hardswish(c))


# ===---------------------------------------------------------------------=== #
# Add, Sub, Mul
# ===---------------------------------------------------------------------=== #


@pytest.mark.parametrize("op", ["Add", "Sub", "Mul"])
@pytest.mark.parametrize("other", ["same_shape_nchw_input", "per_channel",
                                   "channel_x1x1", "scalar", "conv_output"])
def test_binary(op: str, other: str) -> None:
    x = image(1, 3, 4, 5)
    params = {"conv_w": uniform(3, 3, 3, 3), "conv_b": uniform(3)}
    constants = {"per_channel": uniform(1, 3, 1, 1),
                 "channel_x1x1": uniform(3, 1, 1),
                 "scalar": np.array(1.5, np.float32)}
    c = F.conv2d(t64(x), t64(params["conv_w"]), t64(params["conv_b"]),
                 padding=1)
    nodes = [conv_node("conv", "x", "c", pads=[1, 1, 1, 1])]
    if other in constants:
        params["k"] = constants[other]
        operand, reference = "k", t64(constants[other])
    elif other == "conv_output":
        nodes.append(conv_node("conv2", "x", "d", pads=[1, 1, 1, 1]))
        params.update(conv2_w=uniform(3, 3, 3, 3), conv2_b=uniform(3))
        operand = "d"
        reference = F.conv2d(t64(x), t64(params["conv2_w"]),
                             t64(params["conv2_b"]), padding=1)
    else:   # the NCHW graph input against the NHWC conv output
        operand, reference = "x", t64(x)
    nodes.append(helper.make_node(op, ["c", operand], ["y"], name="op"))
    model = make_model(nodes, {"x": x.shape}, ["y"], params)
    expected = {"Add": c + reference, "Sub": c - reference,
                "Mul": c * reference}[op]
    check(imported(model, x), expected)


def test_binary_constant_first_and_plain_inputs() -> None:
    x = image(2, 5)
    k = uniform(5)
    model = make_model([helper.make_node("Sub", ["k", "x"], ["y"])],
                       {"x": x.shape}, ["y"], {"k": k})
    check(imported(model, x), t64(k) - t64(x))


# ===---------------------------------------------------------------------=== #
# Pooling
# ===---------------------------------------------------------------------=== #


@pytest.mark.parametrize("attrs, torch_args", [
    (dict(kernel_shape=[2, 2], strides=[2, 2]), dict(kernel_size=2)),
    (dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
     dict(kernel_size=3, stride=2, padding=1)),
    (dict(kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
     dict(kernel_size=3, stride=2, ceil_mode=True)),
    (dict(kernel_shape=[3, 2], strides=[1, 2]),
     dict(kernel_size=(3, 2), stride=(1, 2))),
    (dict(kernel_shape=[1, 1], strides=[2, 2]),     # crops the input
     dict(kernel_size=1, stride=2)),
])
def test_max_pool(attrs: dict, torch_args: dict) -> None:
    x = image(1, 3, 8, 9)
    model = make_model([helper.make_node("MaxPool", ["x"], ["y"], **attrs)],
                       {"x": x.shape}, ["y"])
    check(imported(model, x), F.max_pool2d(t64(x), **torch_args))


def test_max_pool_same_upper() -> None:
    # W = 7, k = 3, s = 2: out 4, pads 2 in all, 1 left and 1 right;
    # H = 6: out 3, pads 1, 0 top and 1 bottom.
    x = image(1, 2, 6, 7)
    model = make_model([helper.make_node(
        "MaxPool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2],
        auto_pad="SAME_UPPER")], {"x": x.shape}, ["y"])
    expected = F.max_pool2d(F.pad(t64(x), (1, 1, 0, 1),
                                  value=-float("inf")), 3, 2)
    check(imported(model, x), expected)


@pytest.mark.parametrize("count_include_pad", [0, 1])
@pytest.mark.parametrize("pads, ceil_mode", [
    ([1, 1, 1, 1], 0), ([0, 0, 0, 0], 1), ([1, 1, 1, 1], 1),
])
def test_average_pool(count_include_pad: int, pads: list[int],
                      ceil_mode: int) -> None:
    x = image(1, 3, 8, 7)
    model = make_model([helper.make_node(
        "AveragePool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2],
        pads=pads, ceil_mode=ceil_mode,
        count_include_pad=count_include_pad)], {"x": x.shape}, ["y"])
    expected = F.avg_pool2d(t64(x), 3, 2, padding=pads[0],
                            ceil_mode=bool(ceil_mode),
                            count_include_pad=bool(count_include_pad))
    check(imported(model, x), expected)


def test_global_average_pool_flatten_gemm() -> None:
    """The classifier head: one reshape between the pool and the matmul."""
    x = image(1, 6, 5, 5)
    params = {"conv_w": uniform(8, 6, 1, 1), "conv_b": uniform(8),
              "fc_w": uniform(10, 8), "fc_b": uniform(10)}
    model = make_model([
        conv_node("conv", "x", "c"),
        helper.make_node("GlobalAveragePool", ["c"], ["p"], name="pool"),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["y"], name="fc",
                         transB=1)], {"x": x.shape}, ["y"], params)
    text = import_float_model(model)
    assert text.count("tosa.reshape") == 2     # to [1, 1, 8], to [1, 10]
    assert 'tosa.add' in text and 'loc("fc")' in text
    c = F.conv2d(t64(x), t64(params["conv_w"]), t64(params["conv_b"]))
    expected = F.linear(c.mean(dim=(2, 3)), t64(params["fc_w"]),
                        t64(params["fc_b"]))
    check(run_mlir(text, [x])[0], expected)


# ===---------------------------------------------------------------------=== #
# Gemm, MatMul
# ===---------------------------------------------------------------------=== #


@pytest.mark.parametrize("trans_b, alpha, beta, bias_shape", [
    (1, 1.0, 1.0, (6,)),
    (0, 0.5, 2.0, (1, 6)),
    (0, 1.0, 1.0, None),
    (1, 1.0, 1.0, (3, 6)),
])
def test_gemm(trans_b: int, alpha: float, beta: float,
              bias_shape: Optional[tuple[int, ...]]) -> None:
    a = image(3, 4)
    b = uniform(6, 4) if trans_b else uniform(4, 6)
    params = {"b": b}
    inputs = ["a", "b"]
    if bias_shape is not None:
        params["c"] = uniform(*bias_shape)
        inputs.append("c")
    model = make_model([helper.make_node("Gemm", inputs, ["y"], name="fc",
                                         transB=trans_b, alpha=alpha,
                                         beta=beta)],
                       {"a": a.shape}, ["y"], params)
    # numpy reference in float64
    expected = alpha * a.astype(np.float64) @ (b.T if trans_b else b)
    if bias_shape is not None:
        expected = expected + beta * params["c"]
    check(imported(model, a), expected)


def test_gemm_of_two_inputs() -> None:
    a, b = image(3, 4), image(5, 4)
    model = make_model([helper.make_node("Gemm", ["a", "b"], ["y"],
                                         transB=1)],
                       {"a": a.shape, "b": b.shape}, ["y"])
    check(imported(model, a, b), a.astype(np.float64) @ b.T)


def test_matmul_by_constant() -> None:
    a, w = image(2, 3, 4), uniform(4, 5)
    model = make_model([helper.make_node("MatMul", ["a", "w"], ["y"])],
                       {"a": a.shape}, ["y"], {"w": w})
    check(imported(model, a), np.matmul(a.astype(np.float64), w))


def test_matmul_batched() -> None:
    a, b = image(2, 3, 4), image(2, 4, 5)
    model = make_model([helper.make_node("MatMul", ["a", "b"], ["y"])],
                       {"a": a.shape, "b": b.shape}, ["y"])
    check(imported(model, a, b), np.matmul(a.astype(np.float64), b))


# ===---------------------------------------------------------------------=== #
# Shapes: Flatten, Reshape, Transpose, Concat
# ===---------------------------------------------------------------------=== #


def test_flatten_of_nhwc_tensor() -> None:
    model, x, c = conv_then([helper.make_node("Flatten", ["c"], ["y"])])
    check(imported(model, x), c.reshape(1, -1))


@pytest.mark.parametrize("shape, expected", [
    ([1, -1], (1, 80)), ([0, 4, -1], (1, 4, 20)), ([2, 40], (2, 40)),
])
def test_reshape(shape: list[int], expected: tuple[int, ...]) -> None:
    model, x, c = conv_then(
        [helper.make_node("Reshape", ["c", "shape"], ["y"])],
        extra={"shape": np.array(shape, np.int64)})
    check(imported(model, x), c.reshape(expected))


@pytest.mark.parametrize("perm", [[0, 2, 3, 1], [0, 1, 3, 2], [3, 2, 1, 0]])
def test_transpose(perm: list[int]) -> None:
    model, x, c = conv_then([helper.make_node("Transpose", ["c"], ["y"],
                                              perm=perm)])
    text = import_float_model(model)
    if perm == [0, 2, 3, 1]:    # the NHWC tensor itself: no data moves
        assert text.count("tosa.transpose") == 1
    check(run_mlir(text, [x])[0], c.permute(*perm))


@pytest.mark.parametrize("axis", [1, -1, 2])
def test_concat(axis: int) -> None:
    model, x, c = conv_then(
        [helper.make_node("Concat", ["c", "x2", "k"], ["y"], axis=axis)],
        extra={"k": uniform(1, 4, 4, 5)})
    # x2: the second input, plain NCHW, with c's shape
    model.graph.input.append(helper.make_tensor_value_info(
        "x2", TensorProto.FLOAT, [1, 4, 4, 5]))
    x2 = image(1, 4, 4, 5)
    k = numpy_helper.to_array(model.graph.initializer[-1])
    expected = torch.cat([c, t64(x2), t64(k)], dim=axis)
    check(imported(model, x, x2), expected)


# ===---------------------------------------------------------------------=== #
# Identity, Constant, Cast, Dropout
# ===---------------------------------------------------------------------=== #


def test_identity_constant_cast() -> None:
    offset = uniform(1, 4, 1, 1)
    model, x, c = conv_then([
        helper.make_node("Identity", ["c"], ["i"]),
        helper.make_node("Constant", [], ["k"],
                         value=numpy_helper.from_array(offset)),
        helper.make_node("Cast", ["i"], ["f"], to=TensorProto.FLOAT),
        helper.make_node("Constant", [], ["s64"], value_ints=[1, -1]),
        helper.make_node("Add", ["f", "k"], ["a"]),
        helper.make_node("Dropout", ["a"], ["d"]),
        helper.make_node("Cast", ["s64"], ["s"], to=TensorProto.INT64),
        helper.make_node("Reshape", ["d", "s"], ["y"]),
    ])
    check(imported(model, x), (c + t64(offset)).reshape(1, -1))


# ===---------------------------------------------------------------------=== #
# Batch, errors, loading
# ===---------------------------------------------------------------------=== #


def dynamic_batch_model() -> tuple[onnx.ModelProto, dict]:
    params = {"conv_w": uniform(4, 3, 3, 3), "conv_b": uniform(4),
              "fc_w": uniform(5, 4), "fc_b": uniform(5)}
    model = make_model([
        conv_node("conv", "x", "c", pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["c"], ["p"]),
        helper.make_node("Flatten", ["p"], ["f"]),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["y"], transB=1)],
        {"x": ["N", 3, 6, 6]}, ["y"], params)
    return model, params


def test_dynamic_batch_fixed_by_batch() -> None:
    model, params = dynamic_batch_model()
    x = image(3, 3, 6, 6)
    c = F.conv2d(t64(x), t64(params["conv_w"]), t64(params["conv_b"]),
                 padding=1)
    expected = F.linear(c.mean(dim=(2, 3)), t64(params["fc_w"]),
                        t64(params["fc_b"]))
    check(imported(model, x, batch=3), expected)


def test_dynamic_batch_without_batch() -> None:
    model, _ = dynamic_batch_model()
    with pytest.raises(OnnxImportError, match=r"'x'.*dynamic.*'N'.*batch"):
        import_float_model(model)


def test_static_batch_disagrees() -> None:
    model = make_model([helper.make_node("Relu", ["x"], ["y"])],
                       {"x": [1, 3]}, ["y"])
    with pytest.raises(OnnxImportError, match="static batch of 1, not 2"):
        import_float_model(model, batch=2)


def test_unsupported_operator_names_node_op_and_opset() -> None:
    model = make_model([helper.make_node("Relu", ["x"], ["r"], name="r"),
                        helper.make_node("LRN", ["r"], ["y"], size=3,
                                         name="norm1")],
                       {"x": [1, 3, 4, 4]}, ["y"], opset=12)
    with pytest.raises(OnnxImportError) as raised:
        import_float_model(model)
    assert str(raised.value) == \
        "node 'norm1' (LRN, opset 12): unsupported operator"
    assert (raised.value.node, raised.value.op_type, raised.value.opset) == \
        ("norm1", "LRN", 12)
    assert isinstance(raised.value, ValueError)


def test_non_constant_weights_are_refused() -> None:
    model = make_model([helper.make_node("Conv", ["x", "w"], ["y"],
                                         name="c")],
                       {"x": [1, 3, 4, 4], "w": [2, 3, 1, 1]}, ["y"])
    with pytest.raises(OnnxImportError,
                       match=r"node 'c' \(Conv, opset 13\): the weight"):
        import_float_model(model)


def test_load_model(tmp_path: Path) -> None:
    model = make_model([helper.make_node("Relu", ["x"], ["y"])],
                       {"x": [1, 3]}, [])
    model.graph.output.append(helper.make_tensor_value_info(
        "y", TensorProto.FLOAT, [1, 3]))
    onnx.save(model, str(tmp_path / "relu.onnx"))
    assert load_model(tmp_path / "relu.onnx").graph.node[0].op_type == "Relu"
    with pytest.raises(FileNotFoundError, match="no ONNX model"):
        load_model(tmp_path / "missing.onnx")
    (tmp_path / "junk.onnx").write_bytes(b"\x07not a model at all")
    with pytest.raises(OnnxImportError, match="junk.onnx"):
        load_model(tmp_path / "junk.onnx")


# ===---------------------------------------------------------------------=== #
# Whole networks: torchvision with random weights
# ===---------------------------------------------------------------------=== #


@pytest.mark.parametrize("name, batch_statistics", [
    ("resnet18", False), ("mobilenet_v2", False), ("mobilenet_v2", True),
])
def test_torchvision_network(name: str, batch_statistics: bool,
                             tmp_path: Path) -> None:
    """A torchvision network with random weights (nothing is downloaded),
    exported at opset 13, imported and run on one 224x224 image: the same
    top-5 classes as PyTorch (float32), logits within 1e-4 of the largest
    logit's magnitude (float32 sums over up to 4608 terms, 20-odd layers
    deep).

    MobileNetV2's initialization (fan-out Kaiming on depthwise filters)
    shrinks activations by about sqrt(channels) per block, leaving logits
    near 1e-9; `batch_statistics` sets its BatchNorm statistics from a
    batch of random images first, so that activations keep a unit scale
    and the comparison is made at the scale of a trained network."""
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    network = getattr(torchvision.models, name)()
    if batch_statistics:
        for module in network.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.reset_running_stats()
                module.momentum = None     # a cumulative average
        with torch.no_grad():
            network.train()(torch.randn(8, 3, 224, 224))
    network.eval()
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        expected = network(x).numpy()
    path = tmp_path / f"{name}.onnx"
    torch.onnx.export(network, x, str(path), opset_version=13)
    started = time.perf_counter()
    text = import_float_model(load_model(path))
    imported_in = time.perf_counter() - started
    started = time.perf_counter()
    actual = run_mlir(text, [x.numpy()])[0]
    ran_in = time.perf_counter() - started
    print(f"{name}: import {imported_in:.2f} s, qedge-run {ran_in:.2f} s, "
          f"max |logit difference| "
          f"{np.abs(actual - expected).max():.3g} (largest "
          f"|logit| {np.abs(expected).max():.3g})")
    assert actual.shape == (1, 1000)
    top5 = list(np.argsort(-actual[0])[:5])
    assert top5 == list(np.argsort(-expected[0])[:5])
    assert np.abs(actual - expected).max() <= 1e-4 * np.abs(expected).max()
