"""PyTorch's own int8 network, exported to QDQ ONNX and run by quant-edge.

A small CNN (convolutions with fused ReLU, max and average pooling, a ReLU
on its own, linear layers) is quantized by PyTorch's eager post-training
quantization with the `qnnpack` engine: its default activation observer
(per-tensor `HistogramObserver`, quint8) and, in place of its per-tensor
default, per-channel symmetric qint8 weights
(`default_per_channel_weight_observer`), which qnnpack runs in PyTorch 1.13.
The converted model is exported by `torch.onnx.export` (opset 13),
imported by `python3 -m qedge import --rounding qnnpack` (`qedge.onnx_quant`)
and run by `qedge-run`.

Reference: PyTorch's quantized modules themselves, on the same float
inputs. Every quantized tensor (the `int_repr` of each layer's output,
through the last layer before `DeQuantStub`) and the dequantized float
output are compared exactly.

The `qnnpack` rounding mode is PyTorch's arithmetic: `QuantStub`
multiplies by fl32(1 / S) where ONNX's `QuantizeLinear` divides, and
qnnpack's requantization multiplier is `fl32(fl32(S_w * S_x) * fl32(1 /
S_y))` (`generate_requantization_scales`) where ONNX's (and the `fp32`
mode's) is `fl32(fl32(S_x * S_w) / S_y)`; they differ in the last bit for
some channels of the model as calibrated
(`test_calibrated_multipliers_differ_from_fp32`).

One difference is in the exported file itself, and `faithful_biases`
removes it before export: `torch.onnx.export` writes each int32 bias as
`Cast(Div(b, S_x * S_w))`, folded to a constant, which truncates toward
zero where qnnpack rounds to nearest (`quantize_per_channel`), so the file
holds other biases than PyTorch runs with. A bias of `(k + 0.25) * S_x *
S_w` (for k > 0; `k - 0.25` for k < 0) gives `k` both ways. The model as
exported is kept as an expected failure, so that the difference stays
visible.

The exported graph is imported as `torch.onnx.export` writes it: an
identity `Cast` (uint8 to uint8) between every `QuantizeLinear` and
`DequantizeLinear`, each bias zero point computed by `ConstantOfShape` +
`Cast`, and an all-zero `Pad` before `AveragePool` are folded by the
importer (`test_export_imports_as_is` checks that the export still holds
them).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import numpy as np
import onnx
import pytest
from onnx import helper, numpy_helper

from qedge import onnx_quant
from qedge.tools import ToolError, find_tool

torch = pytest.importorskip("torch")
nn = torch.nn

REPO = Path(__file__).resolve().parents[2]
SAMPLES = 64
CALIBRATION_BATCHES = 8
IMAGE = (3, 16, 16)


def tool_or_none(name: str) -> Optional[str]:
    try:
        return find_tool(name)
    except ToolError:
        return None


QEDGE_RUN = tool_or_none("qedge-run")
pytestmark = [
    pytest.mark.skipif(QEDGE_RUN is None, reason="qedge-run is not built"),
    pytest.mark.skipif(
        "qnnpack" not in torch.backends.quantized.supported_engines,
        reason="this PyTorch has no qnnpack engine"),
]


class ImportRejected(Exception):
    """`python3 -m qedge import` refused the model; the message is its
    stderr."""


# ===---------------------------------------------------------------------=== #
# The PyTorch model
# ===---------------------------------------------------------------------=== #


class SmallCNN(nn.Module):
    """16x16 RGB -> 10 classes: conv + ReLU, max pool, conv + ReLU, max or
    average pool, flatten, linear, ReLU, linear."""

    def __init__(self, average_pool: bool) -> None:
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.AvgPool2d(2) if average_pool else nn.MaxPool2d(2)
        self.fc1 = nn.Linear(16 * 4 * 4, 32)
        # Not fused: torch.onnx.export has no quantized::linear_relu.
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(32, 10)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.relu3(self.fc1(x))
        return self.dequant(self.fc2(x))


# The layers whose quantized outputs are compared, in execution order.
LAYERS = ("quant", "conv1", "pool1", "conv2", "pool2", "fc1", "relu3", "fc2")
# The layers with a bias, and the layer whose output is their input.
BIASED = {"conv1": "quant", "conv2": "pool1", "fc1": "pool2", "fc2": "relu3"}


def quantized_model(average_pool: bool):
    """SmallCNN with seeded weights, quantized for qnnpack: fused conv +
    ReLU, per-tensor activations, per-channel weights, calibrated on
    seeded random batches."""
    from torch.ao import quantization as tq

    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(0)
    model = SmallCNN(average_pool).eval()
    model = tq.fuse_modules(model, [["conv1", "relu1"], ["conv2", "relu2"]])
    model.qconfig = tq.QConfig(
        activation=tq.get_default_qconfig("qnnpack").activation,
        weight=tq.default_per_channel_weight_observer)
    tq.prepare(model, inplace=True)
    with torch.no_grad():
        for _ in range(CALIBRATION_BATCHES):
            model(torch.randn(8, *IMAGE))
    tq.convert(model, inplace=True)
    assert isinstance(model.conv1, torch.nn.intrinsic.quantized.ConvReLU2d)
    assert isinstance(model.fc2, torch.nn.quantized.Linear)
    assert model.fc2.weight().qscheme() == torch.per_channel_affine
    return model


def power_of_two_at_least(scale: float) -> float:
    return 2.0 ** math.ceil(math.log2(scale))


def faithful_biases(model):
    """`model` with every bias moved to a quarter of a step beyond the
    nearest multiple k of its scale S_x * S_w[c], so that the exported
    (truncated) int32 biases are those qnnpack computes (module
    docstring)."""
    for name, source in BIASED.items():
        module = getattr(model, name)
        weight, bias = module.weight(), module.bias()
        s_x = np.float32(input_scale(model, source))
        s_b = (weight.q_per_channel_scales().numpy().astype(np.float32)
               * s_x).astype(np.float32)
        k = np.rint(bias.detach().numpy() / s_b)
        # A quarter step further from 0 than k: truncation and rounding to
        # nearest both give k, whatever the last bits of the division.
        grid = ((k + 0.25 * np.sign(k)) * s_b).astype(np.float32)
        module.set_weight_bias(weight, torch.from_numpy(grid))
    return model


def power_of_two_scales(model):
    """`model` with power-of-two activation scales (each rounded up from
    the calibrated one, zero points kept): `fp32` and `qnnpack` then
    compute the same multipliers and quantize the same way."""
    model.quant.scale = torch.tensor(
        [power_of_two_at_least(float(model.quant.scale))])
    for name in LAYERS[1:]:
        module = getattr(model, name)
        if hasattr(module, "scale"):
            module.scale = power_of_two_at_least(module.scale)
    return model


def multipliers(model, rounding: str) -> np.ndarray:
    """Every channel's requantization multiplier, as `rounding` computes
    it."""
    f32 = np.float32
    result = []
    for name, source in BIASED.items():
        module = getattr(model, name)
        s_x, s_y = f32(input_scale(model, source)), f32(module.scale)
        s_w = module.weight().q_per_channel_scales().numpy().astype(f32)
        if rounding == "qnnpack":
            result.append((s_w * s_x).astype(f32) * (f32(1) / s_y))
        else:
            result.append((s_x * s_w).astype(f32) / s_y)
    return np.concatenate(result).astype(f32)


def input_scale(model, source: str) -> float:
    """The output scale of layer `source` (max pooling and ReLU keep their
    input's)."""
    for name in reversed(LAYERS[:LAYERS.index(source) + 1]):
        module = getattr(model, name)
        if hasattr(module, "scale"):
            return float(module.scale)
    raise AssertionError(f"no scale before {source}")


def torch_outputs(model, x: np.ndarray) -> tuple[dict, np.ndarray]:
    """PyTorch's quantized tensor (`int_repr`) after each of LAYERS, and the
    dequantized output."""
    torch.backends.quantized.engine = "qnnpack"
    stored = {}
    hooks = [getattr(model, name).register_forward_hook(
        lambda _, __, out, name=name: stored.__setitem__(
            name, out.int_repr().numpy()))
        for name in LAYERS]
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy()
    for hook in hooks:
        hook.remove()
    return stored, y


# ===---------------------------------------------------------------------=== #
# Export, import, run
# ===---------------------------------------------------------------------=== #


def export(model, x: np.ndarray, path: Path) -> onnx.ModelProto:
    torch.onnx.export(model, torch.from_numpy(x), str(path),
                      opset_version=13, input_names=["x"],
                      output_names=["y"])
    return onnx.load(str(path))


def expose_layers(model: onnx.ModelProto, shapes: dict) -> list[str]:
    """Adds the output of each layer's QuantizeLinear (node `/<layer>/
    QuantizeLinear`) as a graph output after `y`; the layers, in order."""
    by_layer = {node.name.split("/")[1]: node.output[0]
                for node in model.graph.node
                if node.op_type == "QuantizeLinear"
                and node.name.count("/") == 2}
    layers = [name for name in LAYERS if name in by_layer]
    for name in layers:
        model.graph.output.append(helper.make_tensor_value_info(
            by_layer[name], onnx.TensorProto.UINT8, list(shapes[name])))
    return layers


def import_and_run(model: onnx.ModelProto, x: np.ndarray, tmp_path: Path,
                   rounding: str) -> list[np.ndarray]:
    """`python3 -m qedge import` then `qedge-run`: every graph output, in
    order. ImportRejected when the importer refuses the model."""
    onnx_path, mlir = tmp_path / "model.onnx", tmp_path / "model.mlir"
    onnx.save(model, str(onnx_path))
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    done = subprocess.run([sys.executable, "-m", "qedge", "import",
                           str(onnx_path), "-o", str(mlir),
                           f"--rounding={rounding}"],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ImportRejected(done.stderr.strip())
    np.save(tmp_path / "x.npy", x)
    outputs = [tmp_path / f"out{i}.npy"
               for i in range(len(model.graph.output))]
    done = subprocess.run([QEDGE_RUN, str(mlir), "--entry=main",
                           f"--input={tmp_path / 'x.npy'}"]
                          + [f"--output={path}" for path in outputs],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [np.load(path) for path in outputs]


def compare(model, tmp_path: Path, rounding: str = "qnnpack") -> None:
    """Exports `model`, runs the export as it is in quant-edge and asserts
    that every layer's quantized output and the float output equal
    PyTorch's; the message names the first layer that differs, how many
    elements and by how much."""
    x = np.random.default_rng(1).standard_normal(
        (SAMPLES, *IMAGE)).astype(np.float32)
    expected, y_torch = torch_outputs(model, x)
    exported = export(model, x, tmp_path / "exported.onnx")
    layers = expose_layers(exported, {k: v.shape for k, v in
                                      expected.items()})
    y_qedge, *stored = import_and_run(exported, x, tmp_path, rounding)
    for name, actual in zip(layers, stored):
        assert actual.dtype == np.uint8
        difference = actual.astype(int) - expected[name].astype(int)
        where = np.argwhere(difference)
        assert not where.size, (
            f"layer '{name}': {len(where)} of {difference.size} quantized "
            f"values differ from PyTorch's (max |difference| "
            f"{np.abs(difference).max()}); first at {tuple(where[0])}: "
            f"qedge {actual[tuple(where[0])]}, PyTorch "
            f"{expected[name][tuple(where[0])]}")
    assert layers == list(LAYERS)
    assert y_qedge.dtype == np.float32
    assert np.array_equal(y_qedge.view(np.uint32), y_torch.view(np.uint32))


# ===---------------------------------------------------------------------=== #
# Tests
# ===---------------------------------------------------------------------=== #


def test_max_pool_network_matches_pytorch(tmp_path: Path) -> None:
    model = faithful_biases(quantized_model(average_pool=False))
    compare(model, tmp_path)


def test_average_pool_network_matches_pytorch(tmp_path: Path) -> None:
    # QDQ AveragePool: qedge.avg_pool2d, rounding half to even as qnnpack's
    # average pooling does.
    model = faithful_biases(quantized_model(average_pool=True))
    compare(model, tmp_path)


def test_calibrated_multipliers_differ_from_fp32() -> None:
    """What makes the `qnnpack` mode necessary: on the calibrated models
    some channels' multipliers differ from `fp32`'s."""
    for average_pool in (False, True):
        model = quantized_model(average_pool)
        differ = multipliers(model, "qnnpack") != multipliers(model, "fp32")
        assert differ.any() and not differ.all()


def test_fp32_matches_pytorch_on_power_of_two_scales(tmp_path: Path) -> None:
    # Power-of-two activation scales make the two modes' arithmetic equal.
    model = faithful_biases(power_of_two_scales(
        quantized_model(average_pool=True)))
    assert np.array_equal(multipliers(model, "qnnpack"),
                          multipliers(model, "fp32"))
    compare(model, tmp_path, rounding="fp32")


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="torch.onnx.export truncates the int32 biases "
                          "where qnnpack rounds them: some outputs differ")
def test_model_as_exported_matches_pytorch(tmp_path: Path) -> None:
    compare(quantized_model(average_pool=False), tmp_path)


def test_export_imports_as_is(tmp_path: Path) -> None:
    """The export holds what the importer folds (so that the comparisons
    above exercise it), and imports without changes."""
    model = faithful_biases(quantized_model(average_pool=True))
    exported = export(model, np.zeros((1, *IMAGE), np.float32),
                      tmp_path / "model.onnx")
    nodes = exported.graph.node
    constants = {node.output[0]: numpy_helper.to_array(node.attribute[0].t)
                 for node in nodes if node.op_type == "Constant"}
    quantized = {node.output[0] for node in nodes
                 if node.op_type == "QuantizeLinear"}
    identity_casts = [node for node in nodes if node.op_type == "Cast"
                      and node.input[0] in quantized
                      and helper.get_attribute_value(node.attribute[0])
                      == onnx.TensorProto.UINT8]
    assert len(identity_casts) == len(quantized)
    assert sum(node.op_type == "ConstantOfShape" for node in nodes) == \
        len(BIASED)
    pads = [node for node in nodes if node.op_type == "Pad"]
    assert len(pads) == 1 and not constants[pads[0].input[1]].any()
    text = onnx_quant.import_quantized_model(exported, rounding="qnnpack")
    (pool,) = [line for line in text.splitlines() if "qedge.avg_pool2d" in
               line]
    # The all-zero Pad adds no padding.
    assert "rounding = #qedge.rounding<qnnpack>" in pool
    assert "padding" not in pool and "count_include_pad" not in pool


def test_faithful_biases_agree_with_the_export(tmp_path: Path) -> None:
    """The precondition of the exact comparison: after `faithful_biases`,
    the int32 biases in the exported graph are those qnnpack computes."""
    model = faithful_biases(quantized_model(average_pool=False))
    x = np.zeros((1, *IMAGE), np.float32)
    exported = export(model, x, tmp_path / "model.onnx")
    constants = {node.output[0]: numpy_helper.to_array(node.attribute[0].t)
                 for node in exported.graph.node
                 if node.op_type == "Constant"}
    int32_constants = [constants[node.input[0]]
                       for node in exported.graph.node
                       if node.op_type == "DequantizeLinear"
                       and node.input[0] in constants
                       and constants[node.input[0]].dtype == np.int32]
    assert len(int32_constants) == len(BIASED)
    for (name, source), exported_bias in zip(BIASED.items(),
                                             int32_constants):
        module = getattr(model, name)
        scales = module.weight().q_per_channel_scales() * input_scale(
            model, source)
        qnnpack_bias = torch.quantize_per_channel(
            module.bias(), scales, torch.zeros(scales.shape, dtype=torch.int),
            0, torch.qint32).int_repr().numpy()
        assert np.array_equal(exported_bias, qnnpack_bias), name
