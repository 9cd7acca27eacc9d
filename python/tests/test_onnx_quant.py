"""Tests of qedge.onnx_quant: quantized ONNX models at the quantized level.

The executing tests compile the imported MLIR with `qedge-run` (found on
PATH, as lit puts it there, or in the build directory) and compare its
outputs exactly with an independent numpy implementation of ONNX's QLinear
semantics as ONNX Runtime computes them: quantize by a float32 division and
round half to even; accumulate in exact integers; requantize by the float32
multiplier fl32(fl32(S_x * S_w) / S_y), the accumulator converted to
float32, round half to even, plus the zero point, saturated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from qedge import onnx_quant

F32 = np.float32
REPO = Path(__file__).resolve().parents[2]


def find_qedge_run() -> str | None:
    build = Path(os.environ.get("QEDGE_BUILD_DIR", REPO / "build"))
    for candidate in (shutil.which("qedge-run"), build / "bin" / "qedge-run"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


QEDGE_RUN = find_qedge_run()
needs_qedge_run = pytest.mark.skipif(QEDGE_RUN is None,
                                     reason="qedge-run is not built")


def run(text: str, inputs: list[np.ndarray], outputs: int,
        tmp_path: Path) -> list[np.ndarray]:
    mlir = tmp_path / "model.mlir"
    mlir.write_text(text)
    args = [QEDGE_RUN, str(mlir), "--entry=main"]
    for index, array in enumerate(inputs):
        path = tmp_path / f"in{index}.npy"
        np.save(path, array)
        args.append(f"--input={path}")
    for index in range(outputs):
        args.append(f"--output={tmp_path / f'out{index}.npy'}")
    proc = subprocess.run(args, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return [np.load(tmp_path / f"out{index}.npy") for index in range(outputs)]


# ===---------------------------------------------------------------------=== #
# The numpy reference (ONNX Runtime's QLinear arithmetic)
# ===---------------------------------------------------------------------=== #


def ref_quantize(x: np.ndarray, scale: float, zp: int, lo: int,
                 hi: int) -> np.ndarray:
    t = x.astype(F32) / F32(scale)
    return np.clip(np.rint(t).astype(np.int64) + zp, lo, hi)


def ref_requantize(acc: np.ndarray, multiplier: np.ndarray, zp: int, lo: int,
                   hi: int) -> np.ndarray:
    f = acc.astype(F32) * multiplier.astype(F32)
    return np.clip(np.rint(f).astype(np.int64) + zp, lo, hi)


def ref_multiplier(s_x: float, s_w: np.ndarray, s_y: float) -> np.ndarray:
    return (F32(s_x) * np.asarray(s_w, F32)).astype(F32) / F32(s_y)


def ref_conv_acc(x: np.ndarray, zx: int, w: np.ndarray, zw: np.ndarray,
                 bias: np.ndarray, pad: int) -> np.ndarray:
    """Σ (x - Zx)(w - Zw[c]) + b[c] over NCHW x and OIHW w, stride 1,
    padding `pad` on every side (padded x equals Zx)."""
    n, c, h, width = x.shape
    oc, _, kh, kw = w.shape
    centred = np.pad(x.astype(np.int64) - zx,
                     ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    wc = w.astype(np.int64) - zw.reshape(-1, 1, 1, 1)
    oh, ow = h + 2 * pad - kh + 1, width + 2 * pad - kw + 1
    acc = np.zeros((n, oc, oh, ow), np.int64)
    for i in range(oh):
        for j in range(ow):
            window = centred[:, :, i:i + kh, j:j + kw]
            acc[:, :, i, j] = np.einsum("nchw,ochw->no", window, wc)
    return acc + bias.reshape(1, -1, 1, 1)


# ===---------------------------------------------------------------------=== #
# A QDQ model: conv + relu + maxpool + gemm
# ===---------------------------------------------------------------------=== #

S_X, Z_X = 0.02, 128            # input, uint8
S_W = np.array([0.011, 0.007, 0.013, 0.009], F32)   # conv, int8 per channel
S_1, Z_1 = 0.03, 5              # conv + relu output, uint8
S_G = 0.004                     # gemm weights, int8 per tensor
S_Y, Z_Y = 0.05, 120            # gemm output, uint8


def qdq_model(rng: np.random.Generator):
    w = rng.integers(-127, 128, size=(4, 2, 3, 3)).astype(np.int8)
    b = rng.integers(-3000, 3000, size=4).astype(np.int32)
    g = rng.integers(-127, 128, size=(5, 36)).astype(np.int8)
    gb = rng.integers(-5000, 5000, size=5).astype(np.int32)
    init = [
        numpy_helper.from_array(np.array(S_X, F32), "sx"),
        numpy_helper.from_array(np.array(Z_X, np.uint8), "zx"),
        numpy_helper.from_array(w, "w"),
        numpy_helper.from_array(S_W, "sw"),
        numpy_helper.from_array(np.zeros(4, np.int8), "zw"),
        numpy_helper.from_array(b, "b"),
        numpy_helper.from_array((F32(S_X) * S_W).astype(F32), "sb"),
        numpy_helper.from_array(np.zeros(4, np.int32), "zb"),
        numpy_helper.from_array(np.array(S_1, F32), "s1"),
        numpy_helper.from_array(np.array(Z_1, np.uint8), "z1"),
        numpy_helper.from_array(g, "g"),
        numpy_helper.from_array(np.array(S_G, F32), "sg"),
        numpy_helper.from_array(np.array(0, np.int8), "zg"),
        numpy_helper.from_array(gb, "gb"),
        numpy_helper.from_array(np.array(F32(S_1) * F32(S_G), F32), "sgb"),
        numpy_helper.from_array(np.array(0, np.int32), "zgb"),
        numpy_helper.from_array(np.array(S_Y, F32), "sy"),
        numpy_helper.from_array(np.array(Z_Y, np.uint8), "zy"),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"]),
        helper.make_node("DequantizeLinear", ["w", "sw", "zw"], ["wd"],
                         axis=0),
        helper.make_node("DequantizeLinear", ["b", "sb", "zb"], ["bd"],
                         axis=0),
        helper.make_node("Conv", ["xd", "wd", "bd"], ["c"], name="conv",
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("QuantizeLinear", ["r", "s1", "z1"], ["rq"]),
        helper.make_node("DequantizeLinear", ["rq", "s1", "z1"], ["rd"]),
        helper.make_node("MaxPool", ["rd"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("QuantizeLinear", ["p", "s1", "z1"], ["pq"]),
        helper.make_node("DequantizeLinear", ["pq", "s1", "z1"], ["pd"]),
        helper.make_node("Flatten", ["pd"], ["f"], name="flatten"),
        helper.make_node("QuantizeLinear", ["f", "s1", "z1"], ["fq"]),
        helper.make_node("DequantizeLinear", ["fq", "s1", "z1"], ["fd"]),
        helper.make_node("DequantizeLinear", ["g", "sg", "zg"], ["gd"]),
        helper.make_node("DequantizeLinear", ["gb", "sgb", "zgb"], ["gbd"]),
        helper.make_node("Gemm", ["fd", "gd", "gbd"], ["y"], name="fc",
                         transB=1),
        helper.make_node("QuantizeLinear", ["y", "sy", "zy"], ["yq"]),
        helper.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["yf"]),
    ]
    graph = helper.make_graph(
        nodes, "qdq_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       ["N", 2, 6, 6])],
        [helper.make_tensor_value_info("yq", TensorProto.UINT8, ["N", 5]),
         helper.make_tensor_value_info("yf", TensorProto.FLOAT, ["N", 5])],
        init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("",
                                                                        13)])
    onnx.checker.check_model(model)
    return model, (w, b, g, gb)


def qdq_reference(x: np.ndarray, w, b, g, gb) -> np.ndarray:
    xq = ref_quantize(x, S_X, Z_X, 0, 255)
    acc = ref_conv_acc(xq, Z_X, w, np.zeros(4, np.int64), b, pad=1)
    m = ref_multiplier(S_X, S_W, S_1).reshape(1, -1, 1, 1)
    c = ref_requantize(acc, m, Z_1, 0, 255)
    r = np.maximum(c, Z_1)                   # ReLU: real 0 is Z_1
    n = x.shape[0]
    p = r.reshape(n, 4, 3, 2, 3, 2).max(axis=(3, 5))
    f = p.reshape(n, 36)
    acc = (f - Z_1) @ g.astype(np.int64).T + gb
    return ref_requantize(acc, ref_multiplier(S_1, np.array([S_G]), S_Y),
                          Z_Y, 0, 255)


def test_qdq_model_is_quantized() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    assert onnx_quant.is_quantized_model(model)
    text = onnx_quant.import_quantized_model(model, batch=2)
    assert "func.func @main(%arg0: tensor<2x2x6x6xf32>)" in text
    # Each Q/DQ pair around an op is folded into the op's quantized form.
    for op in ("qedge.quantize", "qedge.conv2d", "qedge.max_pool2d",
               "qedge.reshape", "qedge.fully_connected", "qedge.dequantize"):
        assert op in text, op
    assert "qedge.requantize" not in text
    assert "clamp_min = 0.0 : f32" in text      # the Relu, fused
    assert text.count("rounding = #qedge.rounding<fp32>") == 2


@needs_qedge_run
def test_qdq_model_runs_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    model, weights = qdq_model(rng)
    x = rng.uniform(-1.5, 2.0, size=(2, 2, 6, 6)).astype(F32)
    text = onnx_quant.import_quantized_model(model, batch=2)
    yq, yf = run(text, [x], 2, tmp_path)
    want = qdq_reference(x, *weights)
    assert yq.dtype == np.uint8
    np.testing.assert_array_equal(yq, want)
    want_f = (F32(S_Y) * (want - Z_Y).astype(F32)).astype(F32)
    assert yf.dtype == F32
    np.testing.assert_array_equal(yf.view(np.uint32), want_f.view(np.uint32))
    # The data reaches every path: not all outputs saturate or sit at Z.
    assert len(np.unique(want)) > 4


def test_qnnpack_rounding_marks_the_ops_that_take_it() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    text = onnx_quant.import_quantized_model(model, batch=2,
                                             rounding="qnnpack")
    assert "rounding = #qedge.rounding<fp32>" not in text
    # quantize, conv2d and fully_connected; the fused Relu and the max pool
    # take no rounding.
    assert text.count("rounding = #qedge.rounding<qnnpack>") == 3
    (quantize,) = [line for line in text.splitlines()
                   if "qedge.quantize" in line]
    assert "rounding = #qedge.rounding<qnnpack>" in quantize


def test_qnnpack_rounding_refuses_global_average_pool() -> None:
    pool = helper.make_node("GlobalAveragePool", ["xd"], ["p"], name="gap")
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'gap' \(GlobalAveragePool, opset 13\): "
                             r"'qnnpack' rounding does not cover "
                             r"qedge.global_avg_pool"):
        onnx_quant.import_quantized_model(pool_model(pool, [2, 3, 1, 1]),
                                          rounding="qnnpack")


def test_unknown_rounding_is_rejected() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    with pytest.raises(ValueError, match="rounding must be one of fp32, "
                                         "qnnpack, not 'gemmlowp'"):
        onnx_quant.import_quantized_model(model, rounding="gemmlowp")


# ===---------------------------------------------------------------------=== #
# What torch.onnx.export writes around QDQ pairs
# ===---------------------------------------------------------------------=== #


def rebuilt(model: onnx.ModelProto, nodes: list, init: list) -> \
        onnx.ModelProto:
    graph = helper.make_graph(nodes, model.graph.name,
                              list(model.graph.input),
                              list(model.graph.output), init)
    result = helper.make_model(graph, opset_imports=list(model.opset_import))
    onnx.checker.check_model(result)
    return result


def test_identity_cast_after_quantize_is_folded() -> None:
    # torch.onnx.export: QuantizeLinear -> Cast (uint8 to uint8) ->
    # DequantizeLinear. The Cast is its input: the same MLIR as without it.
    model, _ = qdq_model(np.random.default_rng(0))
    nodes = []
    for node in model.graph.node:
        if node.op_type == "DequantizeLinear" and node.input[0].endswith("q"):
            node.input[0] += "_cast"
        nodes.append(node)
        if node.op_type == "QuantizeLinear":
            nodes.append(helper.make_node(
                "Cast", [node.output[0]], [node.output[0] + "_cast"],
                to=TensorProto.UINT8))
    plain, _ = qdq_model(np.random.default_rng(0))
    cast = rebuilt(model, nodes, list(model.graph.initializer))
    assert sum(n.op_type == "Cast" for n in cast.graph.node) == 5
    assert onnx_quant.import_quantized_model(cast, batch=2) == \
        onnx_quant.import_quantized_model(plain, batch=2)


def test_cast_to_another_type_is_rejected() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    nodes = list(model.graph.node)
    nodes[1].input[0] = "xq_cast"
    nodes.insert(1, helper.make_node("Cast", ["xq"], ["xq_cast"],
                                     name="cast", to=TensorProto.INT8))
    model = rebuilt(model, nodes, list(model.graph.initializer))
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'cast' \(Cast, opset 13\).*own element "
                             r"type.*UINT8 to INT8"):
        onnx_quant.import_quantized_model(model)


def test_constant_of_shape_bias_zero_point_is_folded() -> None:
    # torch.onnx.export: the int32 bias zero point is Cast(ConstantOfShape(
    # [C])) of an int64 0. Folded with numpy, it is the initializer.
    model, _ = qdq_model(np.random.default_rng(0))
    init = [i for i in model.graph.initializer if i.name != "zb"]
    nodes = [
        helper.make_node("Constant", [], ["zb_shape"],
                         value=numpy_helper.from_array(
                             np.array([4], np.int64))),
        helper.make_node("ConstantOfShape", ["zb_shape"], ["zb_i64"],
                         value=numpy_helper.from_array(
                             np.array([0], np.int64))),
        helper.make_node("Cast", ["zb_i64"], ["zb"], to=TensorProto.INT32),
    ] + list(model.graph.node)
    folded = rebuilt(model, nodes, init)
    plain, _ = qdq_model(np.random.default_rng(0))
    assert onnx_quant.import_quantized_model(folded, batch=2) == \
        onnx_quant.import_quantized_model(plain, batch=2)


def test_zero_pad_is_folded() -> None:
    # An all-zero Pad (torch.onnx.export writes one before AveragePool) is
    # its input, here before the MaxPool.
    model, _ = qdq_model(np.random.default_rng(0))
    nodes = list(model.graph.node)
    nodes[8].input[0] = "rd_pad"                        # the MaxPool
    nodes.insert(8, helper.make_node("Pad", ["rd", "zero_pads"], ["rd_pad"],
                                     mode="constant"))
    init = list(model.graph.initializer) + [
        numpy_helper.from_array(np.zeros(8, np.int64), "zero_pads")]
    padded = rebuilt(model, nodes, init)
    plain, _ = qdq_model(np.random.default_rng(0))
    assert onnx_quant.import_quantized_model(padded, batch=2) == \
        onnx_quant.import_quantized_model(plain, batch=2)


# ===---------------------------------------------------------------------=== #
# QDQ AveragePool and GlobalAveragePool
# ===---------------------------------------------------------------------=== #
#
# Reference: the fp32 average of docs/QuantizationSpec.md, section 11.3, in
# numpy: d = Σ (q - Z_x) over the window's valid taps, n = the valid taps or
# the whole window (count_include_pad), y = the requantization above of d by
# fl32(fl32(S_x) / fl32(fl32(S_y) * n)).

S_P, Z_P = 0.05, 100            # pool input, uint8
S_Q, Z_Q = 0.03, 90             # pool output, uint8


def ref_avg_pool(q: np.ndarray, kernel: int, stride: int, pad: int,
                 include: bool) -> np.ndarray:
    n, c, h, w = q.shape
    centred = np.pad(q.astype(np.int64) - Z_P,
                     ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    valid = np.pad(np.ones((h, w), np.int64), pad)
    oh = (h + 2 * pad - kernel) // stride + 1
    ow = (w + 2 * pad - kernel) // stride + 1
    y = np.zeros((n, c, oh, ow), np.int64)
    for i in range(oh):
        for j in range(ow):
            rows = slice(i * stride, i * stride + kernel)
            cols = slice(j * stride, j * stride + kernel)
            d = centred[:, :, rows, cols].sum(axis=(2, 3))
            count = kernel * kernel if include else valid[rows, cols].sum()
            m = F32(S_P) / (F32(S_Q) * F32(count))
            y[:, :, i, j] = ref_requantize(d, np.array(m, F32), Z_Q, 0, 255)
    return y


def pool_model(pool: onnx.NodeProto, out_shape: list,
               pad: list | None = None) -> onnx.ModelProto:
    """x -> QuantizeLinear -> DequantizeLinear [-> Pad] -> `pool` (input
    "xd" or "xp") -> QuantizeLinear -> y (uint8)."""
    init = [numpy_helper.from_array(np.array(S_P, F32), "sp"),
            numpy_helper.from_array(np.array(Z_P, np.uint8), "zp"),
            numpy_helper.from_array(np.array(S_Q, F32), "sq"),
            numpy_helper.from_array(np.array(Z_Q, np.uint8), "zq")]
    nodes = [helper.make_node("QuantizeLinear", ["x", "sp", "zp"], ["xq"]),
             helper.make_node("DequantizeLinear", ["xq", "sp", "zp"],
                              ["xd"])]
    if pad is not None:
        init.append(numpy_helper.from_array(np.array(pad, np.int64),
                                            "pads"))
        nodes.append(helper.make_node("Pad", ["xd", "pads"], ["xp"],
                                      name="pad", mode="constant"))
    nodes += [pool, helper.make_node("QuantizeLinear", ["p", "sq", "zq"],
                                     ["y"])]
    graph = helper.make_graph(
        nodes, "pool",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       [2, 3, 7, 7])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, out_shape)],
        init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("",
                                                                        13)])
    onnx.checker.check_model(model)
    return model


def average_pool(source: str = "xd", pads=(1, 1, 1, 1),
                 count_include_pad: int = 0) -> onnx.NodeProto:
    return helper.make_node("AveragePool", [source], ["p"], name="pool",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=list(pads),
                            count_include_pad=count_include_pad)


def pool_input() -> tuple[np.ndarray, np.ndarray]:
    x = np.random.default_rng(11).uniform(-5.0, 7.0, (2, 3, 7, 7)).astype(F32)
    return x, ref_quantize(x, S_P, Z_P, 0, 255)


@needs_qedge_run
@pytest.mark.parametrize("include", [0, 1])
def test_qdq_average_pool_runs_exactly(include: int, tmp_path: Path) -> None:
    model = pool_model(average_pool(count_include_pad=include), [2, 3, 4, 4])
    text = onnx_quant.import_quantized_model(model)
    assert "qedge.avg_pool2d" in text
    assert ("count_include_pad" in text) == bool(include)
    assert "rounding = #qedge.rounding<fp32>" in text
    x, q = pool_input()
    (y,) = run(text, [x], 1, tmp_path)
    want = ref_avg_pool(q, 3, 2, 1, bool(include))
    # The border windows are where the two counts differ.
    assert not np.array_equal(want, ref_avg_pool(q, 3, 2, 1,
                                                 not include))
    assert y.dtype == np.uint8
    np.testing.assert_array_equal(y, want)


@needs_qedge_run
def test_nonzero_pad_becomes_pool_padding(tmp_path: Path) -> None:
    # Pad's zeros are input elements of the pool: counted in every window,
    # as count_include_pad counts the pool's own padding.
    model = pool_model(average_pool("xp", pads=(0, 0, 0, 0)), [2, 3, 4, 4],
                       pad=[0, 0, 1, 1, 0, 0, 1, 1])
    text = onnx_quant.import_quantized_model(model)
    assert "padding = array<i64: 1, 1, 1, 1>" in text
    assert "count_include_pad" in text
    x, q = pool_input()
    (y,) = run(text, [x], 1, tmp_path)
    np.testing.assert_array_equal(y, ref_avg_pool(q, 3, 2, 1, True))


def test_nonzero_pad_with_excluding_pool_padding_is_rejected() -> None:
    model = pool_model(average_pool("xp", pads=(1, 1, 1, 1)), [2, 3, 5, 5],
                       pad=[0, 0, 1, 1, 0, 0, 1, 1])
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'pool' \(AveragePool, opset 13\): the "
                             r"zeros of the Pad"):
        onnx_quant.import_quantized_model(model)


def test_nonzero_pad_before_max_pool_is_rejected() -> None:
    pool = helper.make_node("MaxPool", ["xp"], ["p"], kernel_shape=[3, 3],
                            strides=[2, 2])
    model = pool_model(pool, [2, 3, 4, 4], pad=[0, 0, 1, 1, 0, 0, 1, 1])
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'pad' \(Pad, opset 13\).*before an "
                             r"AveragePool"):
        onnx_quant.import_quantized_model(model)


@needs_qedge_run
def test_qdq_global_average_pool_runs_exactly(tmp_path: Path) -> None:
    pool = helper.make_node("GlobalAveragePool", ["xd"], ["p"])
    text = onnx_quant.import_quantized_model(pool_model(pool, [2, 3, 1, 1]))
    assert "qedge.global_avg_pool" in text
    x, q = pool_input()
    (y,) = run(text, [x], 1, tmp_path)
    # A window of the whole 7x7 input (49 valid taps).
    want = ref_avg_pool(q, 7, 1, 0, False)
    assert len(np.unique(want)) > 2
    np.testing.assert_array_equal(y, want)


# ===---------------------------------------------------------------------=== #
# QLinearMatMul per column, ConvInteger with a re-biased filter
# ===---------------------------------------------------------------------=== #


@needs_qedge_run
def test_qlinearmatmul_per_column(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    b = rng.integers(-128, 128, size=(6, 3)).astype(np.int8)
    sb = np.array([0.01, 0.02, 0.015], F32)
    zb = np.array([0, 3, -2], np.int8)
    init = [numpy_helper.from_array(v, n) for v, n in [
        (np.array(0.05, F32), "sa"), (np.array(-7, np.int8), "za"),
        (b, "b"), (sb, "sb"), (zb, "zb"),
        (np.array(0.3, F32), "sy"), (np.array(4, np.int8), "zy")]]
    graph = helper.make_graph(
        [helper.make_node("QLinearMatMul", ["a", "sa", "za", "b", "sb", "zb",
                                            "sy", "zy"], ["y"])],
        "qmm", [helper.make_tensor_value_info("a", TensorProto.INT8, [4, 6])],
        [helper.make_tensor_value_info("y", TensorProto.INT8, [4, 3])], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("",
                                                                        10)])
    a = rng.integers(-128, 128, size=(4, 6)).astype(np.int8)
    (y,) = run(onnx_quant.import_quantized_model(model), [a], 1, tmp_path)
    acc = (a.astype(np.int64) + 7) @ (b.astype(np.int64) - zb)
    want = ref_requantize(acc, ref_multiplier(0.05, sb, 0.3), 4, -128, 127)
    np.testing.assert_array_equal(y, want)


@needs_qedge_run
def test_convinteger_int8_input_uint8_filter(tmp_path: Path) -> None:
    # s8 x u8 is no storage pair of qedge.int_conv2d: a constant filter is
    # re-biased (w - 128, Zw - 128), which keeps every (w - Zw).
    rng = np.random.default_rng(5)
    w = rng.integers(0, 256, size=(3, 2, 2, 2)).astype(np.uint8)
    init = [numpy_helper.from_array(w, "w"),
            numpy_helper.from_array(np.array(-9, np.int8), "zx"),
            numpy_helper.from_array(np.array([200, 0, 131], np.uint8), "zw")]
    graph = helper.make_graph(
        [helper.make_node("ConvInteger", ["x", "w", "zx", "zw"], ["y"],
                          pads=[1, 0, 0, 1])],
        "ci", [helper.make_tensor_value_info("x", TensorProto.INT8,
                                             [1, 2, 4, 5])],
        [helper.make_tensor_value_info("y", TensorProto.INT32,
                                       [1, 3, 4, 5])], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("",
                                                                        10)])
    x = rng.integers(-128, 128, size=(1, 2, 4, 5)).astype(np.int8)
    (y,) = run(onnx_quant.import_quantized_model(model), [x], 1, tmp_path)
    centred = np.pad(x.astype(np.int64) + 9, ((0, 0), (0, 0), (1, 0),
                                              (0, 1)))
    wc = w.astype(np.int64) - np.array([200, 0, 131]).reshape(-1, 1, 1, 1)
    want = np.zeros((1, 3, 4, 5), np.int64)
    for i in range(4):
        for j in range(5):
            want[:, :, i, j] = np.einsum(
                "nchw,ochw->no", centred[:, :, i:i + 2, j:j + 2], wc)
    assert y.dtype == np.int32
    np.testing.assert_array_equal(y, want)


# ===---------------------------------------------------------------------=== #
# Errors
# ===---------------------------------------------------------------------=== #


def single_node_model(node, inputs, outputs, init=(), opset=13):
    graph = helper.make_graph([node], "g", inputs, outputs, list(init))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid(
        "", opset)])


def test_unsupported_operator_names_node_type_and_opset() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    model.graph.node[8].op_type = "LpPool"           # the MaxPool
    with pytest.raises(onnx_quant.UnsupportedModelError) as info:
        onnx_quant.import_quantized_model(model)
    message = str(info.value)
    assert "'pool'" in message and "LpPool" in message
    assert "opset 13" in message
    assert isinstance(info.value, ValueError)


def test_float_op_without_quantize_after_it() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    # The Gemm's output goes straight to the graph output.
    del model.graph.node[-2:]
    model.graph.output[0].name = "y"
    model.graph.output[0].type.tensor_type.elem_type = TensorProto.FLOAT
    del model.graph.output[1]
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'fc' \(Gemm, opset 13\).*QuantizeLinear"):
        onnx_quant.import_quantized_model(model)


def test_scale_as_graph_input_needs_binding() -> None:
    model = single_node_model(
        helper.make_node("QuantizeLinear", ["x", "s", "z"], ["y"], name="q"),
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4]),
         helper.make_tensor_value_info("s", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, [4])],
        [numpy_helper.from_array(np.array(3, np.uint8), "z")])
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'q' \(QuantizeLinear, opset 13\).*"
                             r"scale 's' must be a constant.*bind_inputs"):
        onnx_quant.import_quantized_model(model)
    bound = onnx_quant.bind_inputs(model, {"s": np.array(0.5, F32)})
    text = onnx_quant.import_quantized_model(bound)
    assert "qedge.quantize %arg0 : tensor<4xf32> -> " \
           "tensor<4x!quant.uniform<u8:f32, 0.5:3>>" in text


def test_other_domain_is_rejected() -> None:
    node = helper.make_node("QLinearAdd", ["a"], ["y"], name="add",
                            domain="com.microsoft")
    model = single_node_model(
        node, [helper.make_tensor_value_info("a", TensorProto.UINT8, [4])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, [4])])
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'add' \(com\.microsoft\.QLinearAdd, "
                             r"opset 13\): operators of domain"):
        onnx_quant.import_quantized_model(model)


def test_unsupported_attribute() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    model.graph.node[8].attribute.append(helper.make_attribute("ceil_mode",
                                                               1))
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'pool' \(MaxPool, opset 13\): ceil_mode"):
        onnx_quant.import_quantized_model(model)


def test_runtime_uint8_filter_with_int8_input() -> None:
    model = single_node_model(
        helper.make_node("ConvInteger", ["x", "w"], ["y"], name="ci"),
        [helper.make_tensor_value_info("x", TensorProto.INT8, [1, 1, 3, 3]),
         helper.make_tensor_value_info("w", TensorProto.UINT8,
                                       [1, 1, 2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.INT32,
                                       [1, 1, 2, 2])], opset=10)
    with pytest.raises(onnx_quant.UnsupportedModelError,
                       match=r"node 'ci' \(ConvInteger, opset 10\).*"
                             r"storage pair"):
        onnx_quant.import_quantized_model(model)


def test_opset_out_of_range() -> None:
    model, _ = qdq_model(np.random.default_rng(0))
    model.opset_import[0].version = 9
    with pytest.raises(onnx_quant.UnsupportedModelError, match="opset 9"):
        onnx_quant.import_quantized_model(model)


def test_float_model_is_not_quantized() -> None:
    model = single_node_model(
        helper.make_node("Relu", ["x"], ["y"]),
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    assert not onnx_quant.is_quantized_model(model)
