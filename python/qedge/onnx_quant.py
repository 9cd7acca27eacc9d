"""Already-quantized ONNX models as MLIR at quant-edge's quantized level.

`import_quantized_model(model)` writes one `func.func @main` that takes and
returns the model's own tensors, in the model's layout, with the quantized
ONNX operators expressed as `qedge` ops:

* `QuantizeLinear` / `DequantizeLinear` (per tensor and per axis):
  `qedge.quantize` / `qedge.dequantize`.
* `QLinearConv`: `qedge.conv2d`; `QLinearMatMul` (2-D and 3-D):
  `qedge.matmul`. NCHW activations are transposed to NHWC around the ops
  that need it (`qedge.transpose`), OIHW weights to OHWI at import time.
* `ConvInteger`: `qedge.int_conv2d` into an `i32` accumulator, and
  `MatMulInteger`: a `linalg.generic` of centred products, the integer-only
  level's accumulators (`docs/QuantizationSpec.md`, sections 9.1 and 19).
* `DynamicQuantizeLinear`: float32 tensor ops (`tosa.reduce_min` /
  `tosa.reduce_max`, `arith` on rank-0 tensors, a `linalg.generic` with
  `math.roundeven`) that compute ONNX's scale and zero point at run time.
* QDQ graphs, as `torch.onnx.export` and ONNX Runtime's quantizer write
  them: `DequantizeLinear -> Conv / MatMul / Gemm / Relu / MaxPool / Add
  -> QuantizeLinear` becomes the op's quantized form, with a `Relu` between
  the op and its `QuantizeLinear` fused as `clamp_min = 0`. `Flatten` and
  `Reshape` move quantized values unchanged (`qedge.reshape`).
  `DequantizeLinear -> AveragePool / GlobalAveragePool -> QuantizeLinear`:
  `qedge.avg_pool2d` / `qedge.global_avg_pool`.
* What `torch.onnx.export` writes around its QDQ pairs: nodes whose inputs
  are all constants (`ConstantOfShape`, `Cast`, elementwise arithmetic,
  shape ops: `CONSTANT_FOLDERS`) are evaluated with numpy; a `Cast` of a
  run-time value to its own element type is that value; a `Pad` whose pads
  are all 0 is its input, and other pads of real zeros around H and W
  become the padding of the `AveragePool` after them.

Every op that requantizes gets `rounding = #qedge.rounding<fp32>`, the
requantization of ONNX Runtime (float32 multiplier, round half to even),
or `qnnpack` when asked: the arithmetic of PyTorch's qnnpack engine, for a
model that `torch.onnx.export` wrote from PyTorch's own quantized modules
(its `QuantizeLinear` then multiplies by the reciprocal of the scale, and
a convolution's multiplier is PyTorch's). `qnnpack` covers the ops PyTorch
runs that way (conv, linear, pooling, ReLU); a model with others is
refused, since PyTorch's quantized add, for one, rounds differently.

Scales and zero points are part of quant-edge's types, so they must be
constants (initializers or `Constant` nodes), as are the weights of
`QLinearConv` and of QDQ `Conv` / `Gemm`. ONNX's node tests pass them as
graph inputs; `bind_inputs` turns such inputs into initializers first.

Anything else raises `UnsupportedModelError` (a `ValueError`) naming the
node, its op type and the opset. `docs/ONNX.md` describes the mapping.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Optional, Sequence, Union

import numpy as np
import onnx
from onnx import numpy_helper

from qedge import mlir_text as mt

__all__ = [
    "UnsupportedModelError",
    "bind_inputs",
    "import_quantized_model",
    "is_quantized_model",
]

# The operators that only a quantized model holds.
QUANTIZED_OPS = frozenset({
    "QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul",
    "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear",
})

# Float operators that a QDQ graph wraps in DequantizeLinear / QuantizeLinear.
QDQ_COMPUTE_OPS = frozenset({"Conv", "MatMul", "Gemm", "Add"})
# Float operators that commute with dequantization exactly (monotone or
# data movement): on a dequantized input they keep its scale and zero point.
QDQ_MOVEMENT_OPS = frozenset({"Relu", "MaxPool", "Flatten", "Reshape"})

# The opsets of the default domain this importer reads.
MIN_OPSET, MAX_OPSET = 10, 19

# ONNX element types of quantized storage, as `(bits, signed)`.
STORAGE = {
    onnx.TensorProto.UINT8: (8, False),
    onnx.TensorProto.INT8: (8, True),
}

# The rounding modes the importer writes, and the ops `qnnpack` describes.
ROUNDINGS = ("fp32", "qnnpack")
QNNPACK_OPS = frozenset({"qedge.quantize", "qedge.conv2d",
                         "qedge.fully_connected", "qedge.avg_pool2d",
                         "qedge.clamp"})

# NCHW <-> NHWC.
TO_NHWC = (0, 2, 3, 1)
TO_NCHW = (0, 3, 1, 2)


class UnsupportedModelError(ValueError):
    """A model, node or attribute the importer cannot express. The message
    names the node, its op type and the opset."""

    def __init__(self, message: str, node: Optional[onnx.NodeProto] = None,
                 opset: Optional[int] = None):
        if node is not None:
            name = node.name or (node.output[0] if node.output else "?")
            domain = f"{node.domain}." if node.domain else ""
            message = (f"node '{name}' ({domain}{node.op_type}, opset "
                       f"{opset}): {message}")
        super().__init__(message)
        self.node = node
        self.opset = opset


def is_quantized_model(model: onnx.ModelProto) -> bool:
    """True when the model holds a quantized operator (QuantizeLinear,
    DequantizeLinear, QLinearConv, QLinearMatMul, ConvInteger,
    MatMulInteger, DynamicQuantizeLinear), in its graph or a subgraph."""

    def graph_has(graph: onnx.GraphProto) -> bool:
        for node in graph.node:
            if node.domain in ("", "ai.onnx") and \
                    node.op_type in QUANTIZED_OPS:
                return True
            for attribute in node.attribute:
                if attribute.type == onnx.AttributeProto.GRAPH and graph_has(
                        attribute.g):
                    return True
                if any(graph_has(g) for g in attribute.graphs):
                    return True
        return False

    return graph_has(model.graph)


def bind_inputs(model: onnx.ModelProto,
                values: Mapping[str, np.ndarray]) -> onnx.ModelProto:
    """A copy of `model` in which the graph inputs named in `values` are
    initializers holding those values: what a model that carries its
    scales, zero points and weights looks like. ONNX's node tests pass them
    as inputs; quant-edge's types need them at compile time."""
    bound = onnx.ModelProto()
    bound.CopyFrom(model)
    graph = bound.graph
    names = {i.name for i in graph.input}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ValueError(f"no graph input named {', '.join(unknown)}")
    kept = [i for i in graph.input if i.name not in values]
    del graph.input[:]
    graph.input.extend(kept)
    for name, value in values.items():
        graph.initializer.append(numpy_helper.from_array(np.asarray(value),
                                                         name))
    return bound


# ===---------------------------------------------------------------------=== #
# Values
# ===---------------------------------------------------------------------=== #


@dataclasses.dataclass(frozen=True)
class QParams:
    """The quantization of a tensor: storage, scales (float32 values, held
    as doubles) and zero points, per tensor (`axis` None) or per axis."""
    bits: int
    signed: bool
    scales: tuple
    zero_points: tuple
    axis: Optional[int] = None

    def element(self) -> str:
        return mt.quant_uniform_type(
            mt.quant_storage_type(self.bits, self.signed), self.scales,
            self.zero_points, self.axis)

    def with_axis(self, axis: Optional[int]) -> "QParams":
        return dataclasses.replace(self, axis=axis)

    def storage_name(self) -> str:
        return f"{'i' if self.signed else 'u'}{self.bits}"


@dataclasses.dataclass
class Tensor:
    """A run-time tensor of the function. `kind` is `float` (f32), `quant`
    (a `!quant.uniform` tensor with `qparams`) or `int` (signless storage or
    accumulator of `bits`, read as unsigned when `unsigned`). `shape` is the
    ONNX shape; `forms` maps a layout (`onnx`, or `nhwc` for a 4-D NCHW
    tensor) to the SSA value that holds it."""
    kind: str
    shape: tuple
    forms: dict
    qparams: Optional[QParams] = None
    bits: int = 32
    unsigned: bool = False


@dataclasses.dataclass
class Dequantized:
    """The float output of a DequantizeLinear: what `source` (a quantized
    `Tensor`, or a `QuantConst`) stands for. It becomes a `qedge.dequantize`
    only where a float value is really needed."""
    source: Union[Tensor, "QuantConst"]


@dataclasses.dataclass
class QuantConst:
    """A constant quantized tensor (an integer initializer with its
    `qparams`, in the ONNX layout)."""
    array: np.ndarray
    qparams: QParams


@dataclasses.dataclass
class Padded:
    """The output of a `Pad` of real zeros (non-zero pads) on a dequantized
    value, waiting for the `AveragePool` that consumes it to take `pads`
    (`[top, bottom, left, right]`) into its own padding."""
    source: Dequantized
    pads: tuple


Value = Union[Tensor, Dequantized, QuantConst, Padded, np.ndarray]


def layout_shape(shape: Sequence[int], layout: str) -> tuple:
    if layout == "nhwc":
        return tuple(shape[i] for i in TO_NHWC)
    return tuple(shape)


def permuted_axis(axis: Optional[int], permutation: Sequence[int]):
    return None if axis is None else list(permutation).index(axis)


# ===---------------------------------------------------------------------=== #
# Constant folding
# ===---------------------------------------------------------------------=== #


def numpy_dtype(elem_type: int) -> np.dtype:
    """The numpy dtype of an ONNX element type."""
    helper = getattr(onnx.helper, "tensor_dtype_to_np_dtype", None)
    if helper is not None:
        return np.dtype(helper(elem_type))
    return np.dtype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[elem_type])


def _same_dtype(result, *operands: np.ndarray) -> np.ndarray:
    """`result` as an array of the operands' common dtype (numpy turns
    rank-0 results into scalars, and may widen)."""
    return np.asarray(result).astype(np.result_type(*operands), copy=False)


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if np.issubdtype(np.result_type(a, b), np.integer):
        # ONNX's integer Div truncates toward zero, as C does.
        quotient = np.abs(a.astype(np.int64)) // np.abs(b.astype(np.int64))
        return _same_dtype(np.sign(a) * np.sign(b) * quotient, a, b)
    return _same_dtype(a / b, a, b)


def _axes(attrs: dict, inputs: list, slot: int) -> Optional[list[int]]:
    """Axes from the input at `slot` (opset 13 and later) or the attribute."""
    if len(inputs) > slot and inputs[slot] is not None:
        return [int(a) for a in inputs[slot]]
    return list(attrs["axes"]) if "axes" in attrs else None


def _reshape(attrs: dict, x: np.ndarray, shape: np.ndarray) -> np.ndarray:
    target = [int(d) for d in shape]
    if not attrs.get("allowzero", 0):
        target = [x.shape[i] if d == 0 else d for i, d in enumerate(target)]
    return x.reshape(target)


def _unsqueeze(attrs: dict, inputs: list) -> np.ndarray:
    x = inputs[0]
    axes = _axes(attrs, inputs, 1)
    rank = x.ndim + len(axes)
    for axis in sorted(a % rank for a in axes):
        x = np.expand_dims(x, axis)
    return x


def _squeeze(attrs: dict, inputs: list) -> np.ndarray:
    x = inputs[0]
    axes = _axes(attrs, inputs, 1)
    if axes is None:
        return np.squeeze(x)
    return np.squeeze(x, tuple(a % x.ndim for a in axes))


def _slice(attrs: dict, inputs: list) -> np.ndarray:
    x = inputs[0]
    if len(inputs) > 1:
        starts, ends = inputs[1], inputs[2]
        axes = inputs[3] if len(inputs) > 3 and inputs[3] is not None \
            else range(len(starts))
        steps = inputs[4] if len(inputs) > 4 and inputs[4] is not None \
            else [1] * len(starts)
    else:
        starts, ends = attrs["starts"], attrs["ends"]
        axes = attrs.get("axes", range(len(starts)))
        steps = [1] * len(starts)
    index = [slice(None)] * x.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps):
        index[int(axis) % x.ndim] = slice(int(start), int(end), int(step))
    return x[tuple(index)]


def _constant_of_shape(attrs: dict, shape: np.ndarray) -> np.ndarray:
    value = attrs.get("value")
    fill = numpy_helper.to_array(value).reshape(-1)[0] if value is not None \
        else np.float32(0)
    return np.full(tuple(int(d) for d in shape), fill, np.asarray(fill).dtype)


def _shape(attrs: dict, x: np.ndarray) -> np.ndarray:
    dims = np.array(x.shape, np.int64)
    return dims[attrs.get("start", 0):attrs.get("end", x.ndim)]


def _unary(function):
    return lambda attrs, inputs: _same_dtype(function(inputs[0]), inputs[0])


def _binary(function):
    return lambda attrs, inputs: _same_dtype(function(inputs[0], inputs[1]),
                                             inputs[0], inputs[1])


# The operators whose outputs the importer computes with numpy when all
# their inputs are constants: `(attributes, inputs) -> output`, an input
# that the node leaves out being None. Torch's exports build bias zero
# points this way (`ConstantOfShape`, then `Cast`).
CONSTANT_FOLDERS = {
    "Identity": lambda attrs, inputs: inputs[0],
    "Cast": lambda attrs, inputs: inputs[0].astype(numpy_dtype(attrs["to"])),
    "ConstantOfShape": lambda attrs, inputs: _constant_of_shape(attrs,
                                                                inputs[0]),
    "Shape": lambda attrs, inputs: _shape(attrs, inputs[0]),
    "Reshape": lambda attrs, inputs: _reshape(attrs, inputs[0], inputs[1]),
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Slice": _slice,
    "Concat": lambda attrs, inputs: np.concatenate(inputs, attrs["axis"]),
    "Gather": lambda attrs, inputs: np.take(inputs[0], inputs[1],
                                            attrs.get("axis", 0)),
    "Transpose": lambda attrs, inputs: np.transpose(inputs[0],
                                                    attrs.get("perm")),
    "Add": _binary(np.add),
    "Sub": _binary(np.subtract),
    "Mul": _binary(np.multiply),
    "Div": lambda attrs, inputs: _divide(inputs[0], inputs[1]),
    "Neg": _unary(np.negative),
    "Abs": _unary(np.abs),
    "Sqrt": _unary(np.sqrt),
    "Reciprocal": _unary(np.reciprocal),
    "Floor": _unary(np.floor),
    "Ceil": _unary(np.ceil),
    # ONNX's Round is half to even, as numpy's rint.
    "Round": _unary(np.rint),
}


# ===---------------------------------------------------------------------=== #
# The importer
# ===---------------------------------------------------------------------=== #


class _Importer:
    def __init__(self, model: onnx.ModelProto, batch: int, rounding: str):
        if rounding not in ROUNDINGS:
            raise ValueError(f"rounding must be one of {', '.join(ROUNDINGS)}"
                             f", not '{rounding}'")
        self.mode = rounding
        self.graph = model.graph
        self.opset = 0
        for entry in model.opset_import:
            if entry.domain in ("", "ai.onnx"):
                self.opset = entry.version
        if batch < 1:
            raise ValueError(f"batch must be at least 1, not {batch}")
        self.batch = batch
        self.lines: list[str] = []
        self.count = 0
        self.values: dict[str, Value] = {}
        self.done: set[int] = set()
        self.consumers: dict[str, list[tuple[int, int]]] = {}
        for index, node in enumerate(self.graph.node):
            for slot, name in enumerate(node.input):
                if name:
                    self.consumers.setdefault(name, []).append((index, slot))
        self.outputs = {o.name for o in self.graph.output}

    # -- Errors and attributes ---------------------------------------------

    def error(self, node: onnx.NodeProto, message: str):
        return UnsupportedModelError(message, node, self.opset)

    def rounding(self, node: Optional[onnx.NodeProto], op: str) -> dict:
        """The `rounding` attribute of `op`; an error when the `qnnpack`
        mode does not cover it."""
        if self.mode == "qnnpack" and op not in QNNPACK_OPS:
            message = (f"'qnnpack' rounding does not cover {op} (PyTorch "
                       f"runs it differently); import with --rounding fp32")
            if node is None:
                raise UnsupportedModelError(message, None, self.opset)
            raise self.error(node, message)
        return {"rounding": mt.rounding_attr(self.mode)}

    @staticmethod
    def attributes(node: onnx.NodeProto) -> dict:
        return {a.name: onnx.helper.get_attribute_value(a)
                for a in node.attribute}

    def check_attributes(self, node: onnx.NodeProto, allowed: Sequence[str]):
        for attribute in node.attribute:
            if attribute.name not in allowed:
                raise self.error(node, f"attribute '{attribute.name}' is not "
                                       f"supported")

    # -- SSA names and text ------------------------------------------------

    def fresh(self, stem: str = "v") -> str:
        self.count += 1
        return f"%{stem}{self.count}"

    def emit(self, line: str):
        self.lines.append(line)

    # -- Reading inputs ----------------------------------------------------

    def operand(self, node: onnx.NodeProto, slot: int) -> Optional[Value]:
        if slot >= len(node.input) or not node.input[slot]:
            return None
        name = node.input[slot]
        if name not in self.values:
            raise self.error(node, f"input '{name}' is not defined before "
                                   f"the node")
        return self.values[name]

    def constant(self, node: onnx.NodeProto, slot: int,
                 what: str) -> Optional[np.ndarray]:
        value = self.operand(node, slot)
        if value is None:
            return None
        if not isinstance(value, np.ndarray):
            raise self.error(
                node, f"the {what} '{node.input[slot]}' must be a constant "
                      f"(an initializer): quant-edge's types hold it at "
                      f"compile time (bind_inputs makes a graph input one)")
        return value

    def qparams(self, node: onnx.NodeProto, scale_slot: int, zp_slot: int,
                rank: Optional[int], axis: Optional[int] = None,
                what: str = "tensor", per_axis_ok: bool = True) -> QParams:
        """The quantization that a node's scale and zero-point inputs give a
        tensor of `rank` (None: unknown)."""
        scale = self.constant(node, scale_slot, f"{what} scale")
        if scale is None:
            raise self.error(node, f"the {what} scale is missing")
        zero_point = self.constant(node, zp_slot, f"{what} zero point")
        if zero_point is None:
            zero_point = np.zeros(scale.shape, np.uint8)
        if zero_point.dtype not in (np.uint8, np.int8, np.int32):
            raise self.error(node, f"{what} storage {zero_point.dtype} is "
                                   f"not supported (uint8, int8, and int32 "
                                   f"for biases, are)")
        bits = 32 if zero_point.dtype == np.int32 else 8
        signed = zero_point.dtype != np.uint8
        scales = [float(s) for s in np.asarray(scale, np.float32).ravel()]
        zps = [int(z) for z in zero_point.ravel()]
        if any(not np.isfinite(s) or s <= 0 for s in scales):
            raise self.error(node, f"the {what} scale must be positive and "
                                   f"finite")
        if len(scales) == 1 and len(zps) == 1:
            return QParams(bits, signed, (scales[0],), (zps[0],))
        if not per_axis_ok:
            raise self.error(node, f"the {what} must be quantized per tensor")
        if len(zps) == 1:
            zps = zps * len(scales)
        if len(zps) != len(scales):
            raise self.error(node, f"{len(scales)} {what} scales but "
                                   f"{len(zps)} zero points")
        if axis is None:
            raise self.error(node, f"per-axis {what} quantization is not "
                                   f"supported here")
        if rank is not None:
            if not -rank <= axis < rank:
                raise self.error(node, f"axis {axis} is out of range for "
                                       f"rank {rank}")
            axis %= rank
        return QParams(bits, signed, tuple(scales), tuple(zps), axis)

    # -- Types -------------------------------------------------------------

    def type_of(self, value: Tensor, layout: str = "onnx") -> str:
        shape = layout_shape(value.shape, layout)
        if value.kind == "float":
            return mt.tensor_type(shape, "f32")
        if value.kind == "quant":
            qparams = value.qparams
            if layout == "nhwc":
                qparams = qparams.with_axis(permuted_axis(qparams.axis,
                                                          TO_NHWC))
            return mt.tensor_type(shape, qparams.element())
        return mt.tensor_type(shape, f"i{value.bits}")

    def form(self, value: Tensor, layout: str) -> str:
        """The SSA value of `value` in `layout`, transposing (and caching)
        when it only exists in the other one."""
        if layout in value.forms:
            return value.forms[layout]
        if len(value.shape) != 4:
            raise ValueError(f"no {layout} form of a rank-{len(value.shape)} "
                             f"tensor")
        source_layout = "nhwc" if layout == "onnx" else "onnx"
        permutation = TO_NCHW if layout == "onnx" else TO_NHWC
        source = value.forms[source_layout]
        source_type = self.type_of(value, source_layout)
        result_type = self.type_of(value, layout)
        result = self.fresh("t")
        if value.kind == "quant":
            self.emit(f"{result} = qedge.transpose {source} {{permutation = "
                      f"{mt.dense_array('i64', permutation)}}} : "
                      f"{source_type} -> {result_type}")
        else:
            init = self.fresh("init")
            self.emit(f"{init} = tensor.empty() : {result_type}")
            self.emit(f"{result} = linalg.transpose ins({source} : "
                      f"{source_type}) outs({init} : {result_type}) "
                      f"permutation = [{', '.join(map(str, permutation))}]")
        value.forms[layout] = result
        return result

    def any_form(self, value: Tensor) -> str:
        """`onnx` when it exists (no transpose needed), else `nhwc`."""
        return "onnx" if "onnx" in value.forms else "nhwc"

    def materialize_const(self, const: QuantConst, layout_array: np.ndarray,
                          qparams: QParams) -> str:
        """An `arith.constant` of storage plus `quant.scast` to `qparams`."""
        storage = mt.tensor_type(layout_array.shape, f"i{qparams.bits}")
        quant = mt.tensor_type(layout_array.shape, qparams.element())
        raw = self.fresh("c")
        self.emit(mt.constant(raw, mt.dense_elements(layout_array,
                                                     qparams.bits), storage))
        result = self.fresh("w")
        self.emit(mt.storage_cast(result, raw, storage, quant))
        return result

    def as_quant(self, node: onnx.NodeProto, value: Value,
                 what: str) -> Union[Tensor, QuantConst]:
        """The quantized value behind a DequantizeLinear output."""
        if isinstance(value, Dequantized):
            return value.source
        raise self.error(node, f"the {what} is not the output of a "
                               f"DequantizeLinear")

    def runtime_quant(self, node: onnx.NodeProto, value: Value,
                      what: str) -> Tensor:
        """A quantized run-time tensor (a constant one is materialized)."""
        source = value.source if isinstance(value, Dequantized) else value
        if isinstance(source, QuantConst):
            ssa = self.materialize_const(source, source.array, source.qparams)
            return Tensor("quant", source.array.shape, {"onnx": ssa},
                          source.qparams)
        if isinstance(source, Tensor) and source.kind == "quant":
            return source
        raise self.error(node, f"the {what} is not quantized")

    # -- The function ------------------------------------------------------

    def shape_of(self, value_info: onnx.ValueInfoProto) -> tuple:
        tensor_type = value_info.type.tensor_type
        if not tensor_type.HasField("shape"):
            raise UnsupportedModelError(
                f"graph input '{value_info.name}' has no shape")
        shape = []
        for index, dim in enumerate(tensor_type.shape.dim):
            if dim.HasField("dim_value") and dim.dim_value > 0:
                shape.append(dim.dim_value)
            elif index == 0:
                shape.append(self.batch)
            else:
                raise UnsupportedModelError(
                    f"graph input '{value_info.name}' has a dynamic "
                    f"dimension {index} (only the batch may be dynamic)")
        return tuple(shape)

    def argument_view(self, name: str) -> Optional[QParams]:
        """The one quantization every consumer of an integer graph input
        reads it with, or None (the input stays signless storage)."""
        views = set()
        for index, slot in self.consumers.get(name, []):
            node = self.graph.node[index]
            pairs = {"DequantizeLinear": {0: (1, 2)},
                     "QLinearConv": {0: (1, 2)},
                     "QLinearMatMul": {0: (1, 2), 3: (4, 5)}}.get(
                         node.op_type, {})
            if slot not in pairs:
                return None
            scale_slot, zp_slot = pairs[slot]
            try:
                axis = None
                if node.op_type == "DequantizeLinear":
                    axis = self.attributes(node).get("axis", 1)
                rank = len(self.values_shape[name])
                if node.op_type == "QLinearMatMul" and slot == 3:
                    axis = rank - 1
                views.add(self.qparams(node, scale_slot, zp_slot, rank, axis))
            except UnsupportedModelError:
                return None
        return views.pop() if len(views) == 1 else None

    def run(self) -> str:
        graph = self.graph
        if self.opset and not MIN_OPSET <= self.opset <= MAX_OPSET:
            raise UnsupportedModelError(
                f"opset {self.opset} of the default domain is not supported "
                f"(opsets {MIN_OPSET} to {MAX_OPSET} are)")
        for initializer in graph.initializer:
            self.values[initializer.name] = numpy_helper.to_array(initializer)
        for node in graph.node:
            if node.op_type == "Constant" and node.domain in ("", "ai.onnx"):
                attrs = self.attributes(node)
                if "value" not in attrs:
                    raise self.error(node, "only tensor constants ('value') "
                                           "are supported")
                self.values[node.output[0]] = numpy_helper.to_array(
                    attrs["value"])
        self.fold_constants()

        arguments = []
        self.values_shape = {}
        inputs = [i for i in graph.input if i.name not in self.values]
        for value_info in inputs:
            self.values_shape[value_info.name] = self.shape_of(value_info)
        for position, value_info in enumerate(inputs):
            name = value_info.name
            shape = self.values_shape[name]
            elem = value_info.type.tensor_type.elem_type
            ssa = f"%arg{position}"
            if elem == onnx.TensorProto.FLOAT:
                tensor = Tensor("float", shape, {"onnx": ssa})
            elif elem in STORAGE:
                bits, signed = STORAGE[elem]
                view = self.argument_view(name)
                if view is not None and (view.bits, view.signed) == (bits,
                                                                     signed):
                    tensor = Tensor("quant", shape, {"onnx": ssa}, view)
                else:
                    tensor = Tensor("int", shape, {"onnx": ssa}, bits=bits,
                                    unsigned=not signed)
            elif elem == onnx.TensorProto.INT32:
                tensor = Tensor("int", shape, {"onnx": ssa}, bits=32)
            else:
                raise UnsupportedModelError(
                    f"graph input '{name}' has element type "
                    f"{onnx.TensorProto.DataType.Name(elem)} (float, uint8, "
                    f"int8 and int32 inputs are supported)")
            self.values[name] = tensor
            arguments.append((ssa, self.type_of(tensor)))

        for index, node in enumerate(graph.node):
            if index in self.done or node.op_type == "Constant":
                continue
            if node.domain not in ("", "ai.onnx"):
                raise self.error(node, f"operators of domain '{node.domain}' "
                                       f"are not supported")
            handler = getattr(self, f"import_{node.op_type}", None)
            if handler is None:
                raise self.error(node, "this operator is not supported by "
                                       "the quantized-model importer")
            self.done.add(index)
            handler(node, index)

        results = []
        for output in graph.output:
            value = self.values.get(output.name)
            if value is None:
                raise UnsupportedModelError(
                    f"graph output '{output.name}' is not computed")
            if isinstance(value, Dequantized):
                value = self.dequantize(self.runtime_quant(
                    None, value, "output"))
            if isinstance(value, (np.ndarray, QuantConst)):
                raise UnsupportedModelError(
                    f"graph output '{output.name}' is a constant")
            results.append((self.form(value, "onnx"), self.type_of(value)))

        header = [f"// Imported from the ONNX model '{graph.name}' (opset "
                  f"{self.opset}) by qedge.onnx_quant."]
        return "\n".join(header) + "\n" + mt.function(
            "main", arguments, results, self.lines)

    def fold_constants(self):
        """Evaluates with numpy, in graph order, every node of
        `CONSTANT_FOLDERS` whose inputs are all constants, so that a scale
        or zero point computed from constants is one."""
        for index, node in enumerate(self.graph.node):
            if node.domain not in ("", "ai.onnx") or \
                    node.op_type not in CONSTANT_FOLDERS:
                continue
            inputs = [self.values.get(name) if name else None
                      for name in node.input]
            if not all(isinstance(self.values.get(name), np.ndarray)
                       for name in node.input if name):
                continue
            try:
                result = CONSTANT_FOLDERS[node.op_type](
                    self.attributes(node), inputs)
            except (ValueError, TypeError, IndexError, KeyError) as error:
                raise self.error(node, f"cannot evaluate it on its constant "
                                       f"inputs: {error}") from error
            self.values[node.output[0]] = np.asarray(result)
            self.done.add(index)

    # -- Helpers for the QDQ form ------------------------------------------

    def only_consumer(self, name: str) -> Optional[tuple[int, int]]:
        users = self.consumers.get(name, [])
        if len(users) != 1 or name in self.outputs:
            return None
        return users[0]

    def quantized_output(self, node: onnx.NodeProto, allow_relu: bool):
        """For a QDQ op: the quantization of the QuantizeLinear that is the
        only consumer of the node's output (through a Relu when
        `allow_relu`), as (qparams, relu, [consumed node indices],
        output name); or None."""
        name = node.output[0]
        fused_relu = False
        consumed = []
        user = self.only_consumer(name)
        if user is None:
            return None
        consumer = self.graph.node[user[0]]
        if allow_relu and consumer.op_type == "Relu" and not consumer.domain:
            fused_relu = True
            consumed.append(user[0])
            user = self.only_consumer(consumer.output[0])
            if user is None:
                return None
            consumer = self.graph.node[user[0]]
        if consumer.op_type != "QuantizeLinear" or consumer.domain:
            return None
        consumed.append(user[0])
        qparams = self.qparams(consumer, 1, 2, None, what="output",
                               per_axis_ok=False)
        return qparams, fused_relu, consumed, consumer.output[0]

    def define(self, name: str, value: Value):
        self.values[name] = value

    def dequantize(self, tensor: Tensor) -> Tensor:
        layout = self.any_form(tensor)
        result_type = mt.tensor_type(layout_shape(tensor.shape, layout),
                                     "f32")
        result = self.fresh("dq")
        self.emit(f"{result} = qedge.dequantize {tensor.forms[layout]} : "
                  f"{self.type_of(tensor, layout)} -> {result_type}")
        return Tensor("float", tensor.shape, {layout: result})

    def requantize(self, tensor: Tensor, qparams: QParams) -> Tensor:
        if tensor.qparams == qparams:
            return tensor
        layout = self.any_form(tensor)
        result = Tensor("quant", tensor.shape, {}, qparams)
        ssa = self.fresh("rq")
        self.emit(f"{ssa} = qedge.requantize {tensor.forms[layout]} "
                  f"{mt.attr_dict(self.rounding(None, 'qedge.requantize'))}"
                  f" : {self.type_of(tensor, layout)}"
                  f" -> {self.type_of(result, layout)}")
        result.forms[layout] = ssa
        return result

    def unquantized(self, node: onnx.NodeProto):
        return self.error(node, "its output does not go to a QuantizeLinear "
                                "(alone, or through a Relu): float "
                                "operators are not imported")

    def conv_geometry(self, node: onnx.NodeProto, attrs: dict,
                      spatial: Sequence[int], kernel: Sequence[int]):
        """(strides, padding [t, b, l, r], dilations) of a Conv-like node."""
        strides = list(attrs.get("strides", [1, 1]))
        dilations = list(attrs.get("dilations", [1, 1]))
        pads = list(attrs.get("pads", [0, 0, 0, 0]))
        auto_pad = attrs.get("auto_pad", b"NOTSET")
        auto_pad = auto_pad.decode() if isinstance(auto_pad, bytes) else \
            auto_pad
        if len(strides) != 2 or len(dilations) != 2 or len(pads) != 4:
            raise self.error(node, "only 2-D geometry is supported")
        if auto_pad == "VALID":
            pads = [0, 0, 0, 0]
        elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            pads = [0, 0, 0, 0]
            for d in range(2):
                out = -(-spatial[d] // strides[d])
                total = max((out - 1) * strides[d] + (kernel[d] - 1) *
                            dilations[d] + 1 - spatial[d], 0)
                small = total // 2
                begin = small if auto_pad == "SAME_UPPER" else total - small
                pads[d], pads[d + 2] = begin, total - begin
        elif auto_pad != "NOTSET":
            raise self.error(node, f"auto_pad '{auto_pad}' is not supported")
        padding = [pads[0], pads[2], pads[1], pads[3]]
        for d in range(2):
            extent = spatial[d] + pads[d] + pads[d + 2]
            if extent < dilations[d] * (kernel[d] - 1) + 1:
                raise self.error(node, "the padded input is smaller than the "
                                       "kernel")
        out = tuple((spatial[d] + pads[d] + pads[d + 2] - dilations[d] *
                     (kernel[d] - 1) - 1) // strides[d] + 1 for d in range(2))
        return strides, padding, dilations, out

    # -- QuantizeLinear / DequantizeLinear ---------------------------------

    def quantize_axis(self, node: onnx.NodeProto) -> int:
        attrs = self.attributes(node)
        self.check_attributes(node, ["axis"] if self.opset >= 13 else [])
        return attrs.get("axis", 1)

    def import_QuantizeLinear(self, node: onnx.NodeProto, index: int):
        value = self.operand(node, 0)
        axis = self.quantize_axis(node)
        if isinstance(value, Dequantized):
            source = self.runtime_quant(node, value, "input")
            qparams = self.qparams(node, 1, 2, len(source.shape), axis)
            if qparams.axis is not None or source.qparams.axis is not None:
                raise self.error(node, "requantizing a per-axis tensor is "
                                       "not supported")
            self.define(node.output[0], self.requantize(source, qparams))
            return
        if not isinstance(value, Tensor) or value.kind != "float":
            raise self.error(node, "the input must be a run-time float "
                                   "tensor")
        qparams = self.qparams(node, 1, 2, len(value.shape), axis)
        layout = self.any_form(value)
        result = Tensor("quant", value.shape, {}, qparams)
        ssa = self.fresh("q")
        # The other modes all divide, as the op's default says.
        attributes = ""
        if self.mode == "qnnpack":
            attributes = " " + mt.attr_dict(
                self.rounding(node, "qedge.quantize"))
        self.emit(f"{ssa} = qedge.quantize {value.forms[layout]}"
                  f"{attributes} : "
                  f"{self.type_of(value, layout)} -> "
                  f"{self.type_of(result, layout)}")
        result.forms[layout] = ssa
        self.define(node.output[0], result)

    def import_DequantizeLinear(self, node: onnx.NodeProto, index: int):
        value = self.operand(node, 0)
        axis = self.quantize_axis(node)
        if isinstance(value, np.ndarray):
            qparams = self.qparams(node, 1, 2, value.ndim, axis)
            if value.dtype not in (np.uint8, np.int8, np.int32):
                raise self.error(node, f"a {value.dtype} constant is not "
                                       f"supported")
            if value.dtype == np.int32 and len(node.input) < 3:
                qparams = dataclasses.replace(qparams, bits=32, signed=True)
            if value.dtype.itemsize * 8 != qparams.bits or \
                    (value.dtype != np.uint8) != qparams.signed:
                raise self.error(node, "the zero point's type differs from "
                                       "the input's")
            self.define(node.output[0], Dequantized(QuantConst(value,
                                                               qparams)))
            return
        if not isinstance(value, Tensor) or value.kind == "float":
            raise self.error(node, "the input must be quantized storage")
        qparams = self.qparams(node, 1, 2, len(value.shape), axis)
        if value.kind == "int":
            if value.bits != qparams.bits or value.unsigned == qparams.signed:
                raise self.error(node, "the zero point's type differs from "
                                       "the input's")
            layout = self.any_form(value)
            quant = Tensor("quant", value.shape, {}, qparams)
            ssa = self.fresh("s")
            self.emit(mt.storage_cast(ssa, value.forms[layout],
                                      self.type_of(value, layout),
                                      self.type_of(quant, layout)))
            quant.forms[layout] = ssa
            value = quant
        elif value.qparams != qparams:
            # The same storage read with other parameters.
            raise self.error(node, "the input is already quantized with "
                                   "another scale or zero point")
        self.define(node.output[0], Dequantized(value))

    # -- QLinearConv / QDQ Conv --------------------------------------------

    def emit_conv(self, node: onnx.NodeProto, x: Tensor, weight: QuantConst,
                  bias: Optional[QuantConst], out: QParams, relu: bool,
                  attrs: dict) -> Tensor:
        if len(x.shape) != 4 or weight.array.ndim != 4:
            raise self.error(node, "only 2-D convolutions (4-D tensors) are "
                                   "supported")
        if x.qparams.axis is not None:
            raise self.error(node, "the input must be quantized per tensor")
        self.check_attributes(node, ["auto_pad", "dilations", "group",
                                     "kernel_shape", "pads", "strides"])
        n, c, h, w = x.shape
        oc, icg, kh, kw = weight.array.shape
        if tuple(attrs.get("kernel_shape", (kh, kw))) != (kh, kw):
            raise self.error(node, "kernel_shape differs from the filter's")
        groups = attrs.get("group", 1)
        if c != icg * groups or oc % groups:
            raise self.error(node, f"{c} input channels, {oc} filters of "
                                   f"{icg} channels and {groups} groups do "
                                   f"not match")
        wq = weight.qparams
        if wq.axis not in (None, 0):
            raise self.error(node, "the filter must be quantized per tensor "
                                   "or per output channel (axis 0)")
        strides, padding, dilations, (oh, ow) = self.conv_geometry(
            node, attrs, (h, w), (kh, kw))
        filter_ssa = self.materialize_const(
            weight, weight.array.transpose(0, 2, 3, 1), wq)
        operands = [self.form(x, "nhwc"), filter_ssa]
        types = [self.type_of(x, "nhwc"), mt.tensor_type(
            (oc, kh, kw, icg), wq.element())]
        if bias is not None:
            operands.append(self.bias_const(node, bias, oc))
            types.append(mt.tensor_type((oc,), bias.qparams.element()))
        result = Tensor("quant", (n, oc, oh, ow), {}, out)
        attributes = mt.conv_geometry_attrs(strides, padding, dilations,
                                            groups)
        if relu:
            attributes["clamp_min"] = mt.float_attr(0.0)
        attributes.update(self.rounding(node, "qedge.conv2d"))
        ssa = self.fresh("conv")
        self.emit(f"{ssa} = qedge.conv2d {', '.join(operands)} "
                  f"{mt.attr_dict(attributes)} : ({', '.join(types)}) -> "
                  f"{self.type_of(result, 'nhwc')}")
        result.forms["nhwc"] = ssa
        return result

    def bias_const(self, node: onnx.NodeProto, bias: QuantConst,
                   channels: int) -> str:
        """The bias as `arith.constant` + `quant.scast` (i32, per tensor or
        per output channel)."""
        array = np.asarray(bias.array).reshape(-1)
        if array.dtype != np.int32 or array.size != channels:
            raise self.error(node, f"the bias must be {channels} int32 "
                                   f"values")
        bq = bias.qparams
        if bq.axis is not None:
            bq = bq.with_axis(0)
        ssa = self.fresh("b")
        storage = mt.tensor_type((channels,), "i32")
        self.emit(mt.constant(ssa + "i", mt.dense_elements(array, 32),
                              storage))
        self.emit(mt.storage_cast(ssa, ssa + "i", storage, mt.tensor_type(
            (channels,), bq.element())))
        return ssa

    @staticmethod
    def int32_bias(array: np.ndarray, xq: QParams,
                   wq: QParams) -> QuantConst:
        """An int32 bias (QLinearConv's B) at scale S_x * S_w[c]."""
        scales = [xq.scales[0] * s for s in wq.scales]
        if len(scales) == 1:
            return QuantConst(array, QParams(32, True, (scales[0],), (0,)))
        return QuantConst(array, QParams(32, True, tuple(scales),
                                         (0,) * len(scales), 0))

    def float_bias(self, node: onnx.NodeProto, array: np.ndarray,
                   xq: QParams, wq: QParams, channels: int) -> QuantConst:
        """A float bias quantized to int32 at scale S_x * S_w[c], round half
        to even (ONNX Runtime's quantizer, in double)."""
        scales = np.array([xq.scales[0] * s for s in wq.scales], np.float64)
        values = np.rint(np.asarray(array, np.float64).reshape(-1) /
                         np.broadcast_to(scales, (channels,)))
        if np.any(np.abs(values) > 2**31 - 1):
            raise self.error(node, "the bias does not fit int32 at scale "
                                   "S_x * S_w")
        return self.int32_bias(values.astype(np.int32), xq, wq)

    def import_QLinearConv(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        x = self.operand(node, 0)
        if not isinstance(x, Tensor) or x.kind != "quant":
            x = self.storage_as_quant(node, x, self.qparams(
                node, 1, 2, None, what="input", per_axis_ok=False))
        w = self.constant(node, 3, "filter")
        wq = self.qparams(node, 4, 5, 4, 0, what="filter")
        xq = self.qparams(node, 1, 2, 4, what="input", per_axis_ok=False)
        if x.qparams != xq:
            raise self.error(node, "the input is quantized with another "
                                   "scale or zero point")
        out = self.qparams(node, 6, 7, 4, what="output", per_axis_ok=False)
        bias = self.constant(node, 8, "bias")
        if bias is not None:
            bias = self.int32_bias(bias, xq, wq)
        self.define(node.output[0], self.emit_conv(
            node, x, QuantConst(w, wq), bias, out, False, attrs))

    def storage_as_quant(self, node: onnx.NodeProto, value: Value,
                         qparams: QParams) -> Tensor:
        if isinstance(value, Tensor) and value.kind == "int" and \
                value.bits == qparams.bits and \
                value.unsigned != qparams.signed:
            layout = self.any_form(value)
            quant = Tensor("quant", value.shape, {}, qparams)
            ssa = self.fresh("s")
            self.emit(mt.storage_cast(ssa, value.forms[layout],
                                      self.type_of(value, layout),
                                      self.type_of(quant, layout)))
            quant.forms[layout] = ssa
            return quant
        raise self.error(node, "the input must be run-time quantized "
                               "storage of the zero point's type")

    def import_Conv(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        found = self.quantized_output(node, allow_relu=True)
        if found is None:
            raise self.unquantized(node)
        out, relu, consumed, output = found
        x = self.runtime_quant(node, self.operand(node, 0), "input")
        weight = self.as_quant(node, self.operand(node, 1), "filter")
        if not isinstance(weight, QuantConst):
            raise self.error(node, "the filter must be a constant")
        bias = self.qdq_bias(node, self.operand(node, 2), x.qparams,
                             weight.qparams, weight.array.shape[0])
        self.define(output, self.emit_conv(node, x, weight, bias, out, relu,
                                           attrs))
        self.done.update(consumed)

    def qdq_bias(self, node: onnx.NodeProto, value: Optional[Value],
                 xq: QParams, wq: QParams, channels: int):
        if value is None:
            return None
        if isinstance(value, Dequantized) and isinstance(value.source,
                                                         QuantConst):
            return value.source
        if isinstance(value, np.ndarray) and value.dtype == np.float32:
            return self.float_bias(node, value, xq, wq, channels)
        raise self.error(node, "the bias must be a constant (int32 through "
                               "DequantizeLinear, or float)")

    # -- Gemm, MatMul, QLinearMatMul ---------------------------------------

    def import_Gemm(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        self.check_attributes(node, ["alpha", "beta", "transA", "transB"])
        if attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 \
                or attrs.get("transA", 0):
            raise self.error(node, "only alpha = beta = 1 and transA = 0 "
                                   "are supported")
        found = self.quantized_output(node, allow_relu=True)
        if found is None:
            raise self.unquantized(node)
        out, relu, consumed, output = found
        x = self.runtime_quant(node, self.operand(node, 0), "input A")
        weight = self.as_quant(node, self.operand(node, 1), "input B")
        if not isinstance(weight, QuantConst) or weight.array.ndim != 2 or \
                len(x.shape) != 2:
            raise self.error(node, "A must be a 2-D run-time tensor and B a "
                                   "2-D constant")
        array, wq = weight.array, weight.qparams
        if not attrs.get("transB", 0):
            array = array.T
            wq = wq.with_axis(permuted_axis(wq.axis, (1, 0)))
        if wq.axis not in (None, 0):
            raise self.error(node, "B must be quantized per tensor or per "
                                   "output column")
        outs, ins = array.shape
        if x.shape[1] != ins:
            raise self.error(node, f"A has {x.shape[1]} columns, B {ins} rows")
        bias = self.qdq_bias(node, self.operand(node, 2), x.qparams, wq, outs)
        operands = [x.forms["onnx"], self.materialize_const(weight, array, wq)]
        types = [self.type_of(x), mt.tensor_type(array.shape, wq.element())]
        if bias is not None:
            operands.append(self.bias_const(node, bias, outs))
            types.append(mt.tensor_type((outs,), bias.qparams.element()))
        result = Tensor("quant", (x.shape[0], outs), {}, out)
        attributes = {"clamp_min": mt.float_attr(0.0)} if relu else {}
        attributes.update(self.rounding(node, "qedge.fully_connected"))
        ssa = self.fresh("fc")
        self.emit(f"{ssa} = qedge.fully_connected {', '.join(operands)} "
                  f"{mt.attr_dict(attributes)} : ({', '.join(types)}) -> "
                  f"{self.type_of(result)}")
        result.forms["onnx"] = ssa
        self.define(output, result)
        self.done.update(consumed)

    def emit_matmul(self, node: onnx.NodeProto, a: Tensor, b: Tensor,
                    out: QParams, relu: bool) -> Tensor:
        ra, rb = len(a.shape), len(b.shape)
        if (ra, rb) not in ((2, 2), (3, 3)) or a.shape[-1] != b.shape[-2] or \
                (ra == 3 and a.shape[0] != b.shape[0]):
            raise self.error(node, f"shapes {list(a.shape)} and "
                                   f"{list(b.shape)}: 2-D x 2-D and batched "
                                   f"3-D x 3-D products are supported")
        if b.qparams.axis not in (None, rb - 1) or a.qparams.axis is not None:
            raise self.error(node, "A must be quantized per tensor and B per "
                                   "tensor or per column")
        result = Tensor("quant", a.shape[:-1] + (b.shape[-1],), {}, out)
        attributes = {"clamp_min": mt.float_attr(0.0)} if relu else {}
        attributes.update(self.rounding(node, "qedge.matmul"))
        ssa = self.fresh("mm")
        self.emit(f"{ssa} = qedge.matmul {self.form(a, 'onnx')}, "
                  f"{self.form(b, 'onnx')} {mt.attr_dict(attributes)} : "
                  f"({self.type_of(a)}, {self.type_of(b)}) -> "
                  f"{self.type_of(result)}")
        result.forms["onnx"] = ssa
        return result

    def import_MatMul(self, node: onnx.NodeProto, index: int):
        found = self.quantized_output(node, allow_relu=True)
        if found is None:
            raise self.unquantized(node)
        out, relu, consumed, output = found
        a = self.runtime_quant(node, self.operand(node, 0), "input A")
        b = self.runtime_quant(node, self.operand(node, 1), "input B")
        self.define(output, self.emit_matmul(node, a, b, out, relu))
        self.done.update(consumed)

    def import_QLinearMatMul(self, node: onnx.NodeProto, index: int):
        a, b = self.operand(node, 0), self.operand(node, 3)
        shapes = [v.shape if isinstance(v, Tensor) else np.shape(v)
                  for v in (a, b)]
        aq = self.qparams(node, 1, 2, len(shapes[0]), what="input A",
                          per_axis_ok=False)
        bq = self.qparams(node, 4, 5, len(shapes[1]), len(shapes[1]) - 1,
                          what="input B")
        out = self.qparams(node, 6, 7, None, what="output",
                           per_axis_ok=False)
        operands = []
        for value, qparams in ((a, aq), (b, bq)):
            if isinstance(value, np.ndarray):
                value = self.runtime_quant(node, QuantConst(value, qparams),
                                           "input")
            elif value.kind != "quant":
                value = self.storage_as_quant(node, value, qparams)
            if value.qparams != qparams:
                raise self.error(node, "an input is quantized with another "
                                       "scale or zero point")
            operands.append(value)
        self.define(node.output[0], self.emit_matmul(node, *operands, out,
                                                     False))

    # -- Add, Relu, MaxPool, Flatten, Reshape ------------------------------

    def import_Add(self, node: onnx.NodeProto, index: int):
        found = self.quantized_output(node, allow_relu=True)
        if found is None:
            raise self.unquantized(node)
        out, relu, consumed, output = found
        a = self.runtime_quant(node, self.operand(node, 0), "input A")
        b = self.runtime_quant(node, self.operand(node, 1), "input B")
        if a.qparams.axis is not None or b.qparams.axis is not None or \
                a.qparams.storage_name() != b.qparams.storage_name():
            raise self.error(node, "both inputs must be quantized per tensor "
                                   "with one storage type")
        if a.shape == b.shape:
            layout = "nhwc" if "nhwc" in a.forms and "nhwc" in b.forms \
                else "onnx"
            shape = a.shape
        elif len(a.shape) == len(b.shape) == 4 and a.shape[1] == b.shape[1] \
                and (b.shape[2:] == (1, 1) or a.shape[2:] == (1, 1)) and \
                {a.shape[0], b.shape[0]} <= {1, max(a.shape[0], b.shape[0])}:
            # [N, C, H, W] + [N or 1, C, 1, 1]: NHWC's [N, 1, 1, C] broadcast.
            layout = "nhwc"
            shape = tuple(max(p, q) for p, q in zip(a.shape, b.shape))
        else:
            raise self.error(node, f"shapes {list(a.shape)} and "
                                   f"{list(b.shape)}: equal shapes, or an "
                                   f"[N, C, 1, 1] operand, are supported")
        result = Tensor("quant", shape, {}, out)
        attributes = {"clamp_min": mt.float_attr(0.0)} if relu else {}
        attributes.update(self.rounding(node, "qedge.add"))
        ssa = self.fresh("add")
        self.emit(f"{ssa} = qedge.add {self.form(a, layout)}, "
                  f"{self.form(b, layout)} {mt.attr_dict(attributes)} : "
                  f"({self.type_of(a, layout)}, {self.type_of(b, layout)}) "
                  f"-> {self.type_of(result, layout)}")
        result.forms[layout] = ssa
        self.define(output, result)
        self.done.update(consumed)

    def movement(self, node: onnx.NodeProto, emit) -> None:
        """A Relu / MaxPool / Flatten / Reshape on a dequantized input:
        computed on the quantized value (exact: these commute with
        dequantization), then requantized when a QuantizeLinear with other
        parameters follows."""
        value = self.operand(node, 0)
        if not isinstance(value, Dequantized) and not (
                isinstance(value, Tensor) and value.kind == "quant"):
            raise self.error(node, "the input must be quantized (the output "
                                   "of a DequantizeLinear)")
        x = self.runtime_quant(node, value, "input")
        if x.qparams.axis is not None:
            raise self.error(node, "the input must be quantized per tensor")
        result = emit(x)
        found = self.quantized_output(node, allow_relu=False)
        if found is not None and isinstance(value, Dequantized):
            out, _, consumed, output = found
            self.define(output, self.requantize(result, out))
            self.done.update(consumed)
        wrapped = Dequantized(result) if isinstance(value, Dequantized) \
            else result
        self.define(node.output[0], wrapped)

    def import_Relu(self, node: onnx.NodeProto, index: int):
        def emit(x: Tensor) -> Tensor:
            layout = self.any_form(x)
            ssa = self.fresh("relu")
            attributes = {"clamp_min": mt.float_attr(0.0)}
            attributes.update(self.rounding(node, "qedge.clamp"))
            self.emit(f"{ssa} = qedge.clamp {x.forms[layout]} "
                      f"{mt.attr_dict(attributes)} : "
                      f"{self.type_of(x, layout)}")
            return Tensor("quant", x.shape, {layout: ssa}, x.qparams)
        self.movement(node, emit)

    def import_MaxPool(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        self.check_attributes(node, ["auto_pad", "ceil_mode", "dilations",
                                     "kernel_shape", "pads",
                                     "storage_order", "strides"])
        if attrs.get("ceil_mode", 0) or attrs.get("storage_order", 0) or \
                list(attrs.get("dilations", [1, 1])) != [1, 1]:
            raise self.error(node, "ceil_mode, storage_order and dilations "
                                   "are not supported")
        if len(node.output) > 1 and node.output[1]:
            raise self.error(node, "the Indices output is not supported")
        kernel = list(attrs.get("kernel_shape", []))
        if len(kernel) != 2:
            raise self.error(node, "only 2-D pooling is supported")

        def emit(x: Tensor) -> Tensor:
            if len(x.shape) != 4:
                raise self.error(node, "the input must be 4-D")
            n, c, h, w = x.shape
            strides, padding, _, (oh, ow) = self.conv_geometry(
                node, attrs, (h, w), kernel)
            if padding[0] >= kernel[0] or padding[1] >= kernel[0] or \
                    padding[2] >= kernel[1] or padding[3] >= kernel[1]:
                raise self.error(node, "padding must be smaller than the "
                                       "kernel")
            result = Tensor("quant", (n, c, oh, ow), {}, x.qparams)
            attributes = {"kernel": mt.dense_array("i64", kernel)}
            if tuple(strides) != (1, 1):
                attributes["strides"] = mt.dense_array("i64", strides)
            if tuple(padding) != (0, 0, 0, 0):
                attributes["padding"] = mt.dense_array("i64", padding)
            ssa = self.fresh("pool")
            self.emit(f"{ssa} = qedge.max_pool2d {self.form(x, 'nhwc')} "
                      f"{mt.attr_dict(attributes)} : "
                      f"{self.type_of(x, 'nhwc')} -> "
                      f"{self.type_of(result, 'nhwc')}")
            result.forms["nhwc"] = ssa
            return result
        self.movement(node, emit)

    # -- AveragePool, GlobalAveragePool -----------------------------------

    def pooled_input(self, node: onnx.NodeProto, value: Value,
                     out: QParams) -> Tensor:
        """The quantized 4-D input of a QDQ average pool whose result is
        quantized by `out`: per tensor, of `out`'s storage type."""
        if not isinstance(value, Dequantized):
            raise self.error(node, "the input must be the output of a "
                                   "DequantizeLinear")
        x = self.runtime_quant(node, value, "input")
        if len(x.shape) != 4:
            raise self.error(node, "the input must be 4-D")
        if x.qparams.axis is not None:
            raise self.error(node, "the input must be quantized per tensor")
        if x.qparams.storage_name() != out.storage_name():
            raise self.error(node, f"the input ({x.qparams.storage_name()}) "
                                   f"and the output "
                                   f"({out.storage_name()}) must have one "
                                   f"storage type")
        return x

    def import_AveragePool(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        self.check_attributes(node, ["auto_pad", "ceil_mode",
                                     "count_include_pad", "dilations",
                                     "kernel_shape", "pads", "strides"])
        if attrs.get("ceil_mode", 0) or \
                list(attrs.get("dilations", [1, 1])) != [1, 1]:
            raise self.error(node, "ceil_mode and dilations are not "
                                   "supported")
        kernel = list(attrs.get("kernel_shape", []))
        if len(kernel) != 2:
            raise self.error(node, "only 2-D pooling is supported")
        found = self.quantized_output(node, allow_relu=True)
        if found is None:
            raise self.unquantized(node)
        out, relu, consumed, output = found
        value = self.operand(node, 0)
        extra = (0, 0, 0, 0)
        if isinstance(value, Padded):
            value, extra = value.source, value.pads
        x = self.pooled_input(node, value, out)
        n, c, h, w = x.shape
        strides, padding, _, (oh, ow) = self.conv_geometry(
            node, attrs, (h + extra[0] + extra[1], w + extra[2] + extra[3]),
            kernel)
        include = bool(attrs.get("count_include_pad", 0))
        if any(extra):
            # The Pad's zeros are elements of the pool's input: they count
            # in every window they fall in, as count_include_pad's do.
            if any(padding) and not include:
                raise self.error(node, "the zeros of the Pad before it "
                                       "count in the average and its own "
                                       "padding (count_include_pad = 0) "
                                       "does not: the two cannot be one "
                                       "padding")
            include = True
            padding = [p + e for p, e in zip(padding, extra)]
        if padding[0] >= kernel[0] or padding[1] >= kernel[0] or \
                padding[2] >= kernel[1] or padding[3] >= kernel[1]:
            raise self.error(node, f"padding {padding} (with that of a Pad "
                                   f"before it) must be smaller than the "
                                   f"kernel {kernel}")
        result = Tensor("quant", (n, c, oh, ow), {}, out)
        attributes = {"kernel": mt.dense_array("i64", kernel)}
        if tuple(strides) != (1, 1):
            attributes["strides"] = mt.dense_array("i64", strides)
        if tuple(padding) != (0, 0, 0, 0):
            attributes["padding"] = mt.dense_array("i64", padding)
        if include:
            attributes["count_include_pad"] = None
        if relu:
            attributes["clamp_min"] = mt.float_attr(0.0)
        attributes.update(self.rounding(node, "qedge.avg_pool2d"))
        ssa = self.fresh("pool")
        self.emit(f"{ssa} = qedge.avg_pool2d {self.form(x, 'nhwc')} "
                  f"{mt.attr_dict(attributes)} : {self.type_of(x, 'nhwc')} "
                  f"-> {self.type_of(result, 'nhwc')}")
        result.forms["nhwc"] = ssa
        self.define(output, result)
        self.done.update(consumed)

    def import_GlobalAveragePool(self, node: onnx.NodeProto, index: int):
        self.check_attributes(node, [])
        found = self.quantized_output(node, allow_relu=False)
        if found is None:
            raise self.unquantized(node)
        out, _, consumed, output = found
        x = self.pooled_input(node, self.operand(node, 0), out)
        n, c = x.shape[:2]
        result = Tensor("quant", (n, c, 1, 1), {}, out)
        ssa = self.fresh("gap")
        self.emit(f"{ssa} = qedge.global_avg_pool {self.form(x, 'nhwc')} "
                  f"{mt.attr_dict(self.rounding(node, 'qedge.global_avg_pool'))}"
                  f" : {self.type_of(x, 'nhwc')} -> "
                  f"{self.type_of(result, 'nhwc')}")
        result.forms["nhwc"] = ssa
        self.define(output, result)
        self.done.update(consumed)

    # -- Export artifacts: Cast to the same type, Pad ----------------------

    @staticmethod
    def element_type(value: Value) -> Optional[int]:
        """The ONNX element type of a run-time value (None: not one)."""
        if isinstance(value, Dequantized):
            return onnx.TensorProto.FLOAT
        if not isinstance(value, Tensor):
            return None
        if value.kind == "float":
            return onnx.TensorProto.FLOAT
        if value.kind == "quant":
            storage = (value.qparams.bits, value.qparams.signed)
        else:
            storage = (value.bits, not value.unsigned)
        return {(8, False): onnx.TensorProto.UINT8,
                (8, True): onnx.TensorProto.INT8,
                (32, True): onnx.TensorProto.INT32}.get(storage)

    def import_Cast(self, node: onnx.NodeProto, index: int):
        """A Cast of a run-time value to its own element type (what
        torch.onnx.export writes after each QuantizeLinear) is the value
        itself; a Cast of constants is folded before (`fold_constants`)."""
        self.check_attributes(node, ["to", "saturate"])
        to = self.attributes(node)["to"]
        value = self.operand(node, 0)
        if self.element_type(value) != to:
            names = onnx.TensorProto.DataType.Name
            source = self.element_type(value)
            raise self.error(node, f"only a Cast of a run-time value to its "
                                   f"own element type is supported (this "
                                   f"one casts "
                                   f"{names(source) if source else '?'} to "
                                   f"{names(to)})")
        self.define(node.output[0], value)

    def import_Pad(self, node: onnx.NodeProto, index: int):
        """A Pad whose pads are all 0 is its input. Other constant pads of
        real zeros around H and W of a dequantized value are taken by the
        AveragePool that alone consumes them (`Padded`)."""
        attrs = self.attributes(node)
        value = self.operand(node, 0)
        if self.opset >= 11:
            self.check_attributes(node, ["mode"])
            pads = self.constant(node, 1, "pads")
            if pads is None:
                raise self.error(node, "the pads are missing")
            fill = self.constant(node, 2, "constant value")
            axes = self.constant(node, 3, "axes")
        else:
            self.check_attributes(node, ["mode", "pads", "value"])
            pads = attrs.get("pads", [])
            fill, axes = attrs.get("value", 0.0), None
        pads = [int(p) for p in np.asarray(pads).ravel()]
        if not any(pads):
            self.define(node.output[0], value)
            return
        if not isinstance(value, Dequantized):
            raise self.error(node, "non-zero pads are supported only on the "
                                   "output of a DequantizeLinear")
        source = value.source
        rank = source.array.ndim if isinstance(source, QuantConst) else \
            len(source.shape)
        if axes is not None:
            axes = [int(a) % rank for a in np.asarray(axes).ravel()]
            if len(pads) != 2 * len(axes):
                raise self.error(node, f"{len(pads)} pads for "
                                       f"{len(axes)} axes")
            full = [0] * (2 * rank)
            for position, axis in enumerate(axes):
                full[axis] = pads[position]
                full[axis + rank] = pads[position + len(axes)]
            pads = full
        if len(pads) != 2 * rank:
            raise self.error(node, f"{len(pads)} pads for a rank-{rank} "
                                   f"input")
        mode = attrs.get("mode", b"constant")
        mode = mode.decode() if isinstance(mode, bytes) else mode
        if mode != "constant" or (fill is not None and np.any(
                np.asarray(fill) != 0)):
            raise self.error(node, "non-zero pads are supported only in "
                                   "mode 'constant' with the value 0")
        if rank != 4 or any(pads[i] for i in (0, 1, 4, 5)) or \
                any(p < 0 for p in pads):
            raise self.error(node, "non-zero pads are supported only "
                                   "around H and W of a 4-D tensor, and "
                                   "not negative")
        user = self.only_consumer(node.output[0])
        if user is None or self.graph.node[user[0]].op_type != \
                "AveragePool" or user[1] != 0:
            raise self.error(node, "non-zero pads are supported only "
                                   "before an AveragePool that alone "
                                   "consumes them (they become its "
                                   "padding)")
        self.define(node.output[0], Padded(value, (pads[2], pads[6],
                                                   pads[3], pads[7])))

    def reshape_to(self, x: Tensor, shape: tuple) -> Tensor:
        result = Tensor("quant", shape, {}, x.qparams)
        ssa = self.fresh("flat")
        self.emit(f"{ssa} = qedge.reshape {self.form(x, 'onnx')} : "
                  f"{self.type_of(x)} -> {self.type_of(result)}")
        result.forms["onnx"] = ssa
        return result

    def import_Flatten(self, node: onnx.NodeProto, index: int):
        axis = self.attributes(node).get("axis", 1)

        def emit(x: Tensor) -> Tensor:
            rank = len(x.shape)
            if not -rank <= axis <= rank:
                raise self.error(node, f"axis {axis} is out of range")
            cut = axis % rank if axis != rank else rank
            shape = (int(np.prod(x.shape[:cut])), int(np.prod(x.shape[cut:])))
            return self.reshape_to(x, shape)
        self.movement(node, emit)

    def import_Reshape(self, node: onnx.NodeProto, index: int):
        target = self.constant(node, 1, "shape")
        if self.attributes(node).get("allowzero", 0):
            raise self.error(node, "allowzero is not supported")

        def emit(x: Tensor) -> Tensor:
            shape = [int(d) for d in target]
            shape = [x.shape[i] if d == 0 else d for i, d in enumerate(shape)]
            if shape.count(-1) > 1:
                raise self.error(node, "more than one -1 in the shape")
            if -1 in shape:
                known = int(np.prod([d for d in shape if d != -1]))
                shape[shape.index(-1)] = int(np.prod(x.shape)) // known
            if int(np.prod(shape)) != int(np.prod(x.shape)):
                raise self.error(node, f"cannot reshape {list(x.shape)} to "
                                       f"{shape}")
            return self.reshape_to(x, tuple(shape))
        self.movement(node, emit)

    # -- ConvInteger, MatMulInteger (the integer-only level) ---------------

    def storage(self, node: onnx.NodeProto, value: Value,
                what: str) -> Union[Tensor, np.ndarray]:
        """Integer storage: a signless run-time tensor, or a constant."""
        if isinstance(value, np.ndarray):
            if value.dtype not in (np.uint8, np.int8):
                raise self.error(node, f"the {what} must be uint8 or int8")
            return value
        if isinstance(value, Tensor) and value.kind == "int" and \
                value.bits == 8:
            return value
        if isinstance(value, Tensor) and value.kind == "quant" and \
                value.qparams.bits == 8:
            layout = self.any_form(value)
            raw = Tensor("int", value.shape, {}, bits=8,
                         unsigned=not value.qparams.signed)
            ssa = self.fresh("s")
            self.emit(mt.storage_cast(ssa, value.forms[layout],
                                      self.type_of(value, layout),
                                      self.type_of(raw, layout)))
            raw.forms[layout] = ssa
            return raw
        raise self.error(node, f"the {what} must be uint8 or int8 storage")

    def zero_point(self, node: onnx.NodeProto, slot: int, what: str,
                   unsigned: bool, count: int = 1) -> list[int]:
        zp = self.constant(node, slot, f"{what} zero point")
        if zp is None:
            return [0]
        if (zp.dtype == np.uint8) != unsigned:
            raise self.error(node, f"the {what} zero point's type differs "
                                   f"from the {what}'s")
        values = [int(z) for z in zp.ravel()]
        if len(values) not in (1, count):
            raise self.error(node, f"{len(values)} {what} zero points: one, "
                                   f"or {count}, are supported")
        return values

    @staticmethod
    def is_unsigned(value: Union[Tensor, np.ndarray]) -> bool:
        if isinstance(value, np.ndarray):
            return value.dtype == np.uint8
        return value.unsigned

    def import_ConvInteger(self, node: onnx.NodeProto, index: int):
        attrs = self.attributes(node)
        self.check_attributes(node, ["auto_pad", "dilations", "group",
                                     "kernel_shape", "pads", "strides"])
        x = self.storage(node, self.operand(node, 0), "input")
        w = self.storage(node, self.operand(node, 1), "filter")
        if isinstance(x, np.ndarray):
            raise self.error(node, "the input must be a run-time tensor")
        if len(x.shape) != 4 or len(np.shape(w) if isinstance(
                w, np.ndarray) else w.shape) != 4:
            raise self.error(node, "only 2-D convolutions (4-D tensors) are "
                                   "supported")
        x_unsigned, w_unsigned = self.is_unsigned(x), self.is_unsigned(w)
        n, c, h, width = x.shape
        oc, icg, kh, kw = w.shape
        groups = attrs.get("group", 1)
        if c != icg * groups or oc % groups:
            raise self.error(node, "channels and groups do not match")
        if tuple(attrs.get("kernel_shape", (kh, kw))) != (kh, kw):
            raise self.error(node, "kernel_shape differs from the filter's")
        zx = self.zero_point(node, 2, "input", x_unsigned)
        if len(zx) != 1:
            raise self.error(node, "the input zero point must be a scalar")
        zx = zx[0]
        zw = self.zero_point(node, 3, "filter", w_unsigned, oc)
        strides, padding, dilations, (oh, ow) = self.conv_geometry(
            node, attrs, (h, width), (kh, kw))
        filter_shape = (oc, kh, kw, icg)
        if isinstance(w, np.ndarray):
            filt = w.astype(np.int64).transpose(0, 2, 3, 1)
            if not x_unsigned and w_unsigned:
                # s8 x u8 is no storage pair of qedge.int_conv2d; w - 128
                # with Zw - 128 is the same (w - Zw), and s8.
                filt, zw, w_unsigned = filt - 128, [z - 128 for z in zw], False
            centred = filt - np.array(zw, np.int64).reshape(-1, 1, 1, 1)
            bias = -zx * centred.reshape(oc, -1).sum(axis=1)
            filter_ssa = self.fresh("c")
            self.emit(mt.constant(filter_ssa, mt.dense_elements(filt, 8),
                                  mt.tensor_type(filter_shape, "i8")))
            bias_ssa = self.fresh("bias")
            if np.any(np.abs(bias) > 2**31 - 1):
                raise self.error(node, "the folded input zero point does "
                                       "not fit int32")
            self.emit(mt.constant(bias_ssa, mt.dense_elements(bias, 32),
                                  mt.tensor_type((oc,), "i32")))
        else:
            if not x_unsigned and w_unsigned:
                raise self.error(
                    node, "an int8 input with a run-time uint8 filter has no "
                          "storage pair in qedge.int_conv2d (s8 x s8, u8 x "
                          "s8, u8 x u8); a constant filter is re-biased")
            filter_ssa = self.form(w, "nhwc")
            bias_ssa = self.runtime_conv_bias(filter_ssa, filter_shape, zx,
                                              zw, w_unsigned)
        attributes = mt.conv_geometry_attrs(strides, padding, dilations,
                                            groups)
        if zx:
            attributes["pad_value"] = mt.integer_attr(zx)
        if any(zw):
            attributes["filter_zp"] = mt.dense_array("i64", zw)
        if x_unsigned:
            attributes["input_unsigned"] = None
        if w_unsigned:
            attributes["filter_unsigned"] = None
        result = Tensor("int", (n, oc, oh, ow), {}, bits=32)
        ssa = self.fresh("acc")
        self.emit(f"{ssa} = qedge.int_conv2d {self.form(x, 'nhwc')}, "
                  f"{filter_ssa}, {bias_ssa} {mt.attr_dict(attributes)} : "
                  f"({self.type_of(x, 'nhwc')}, "
                  f"{mt.tensor_type(filter_shape, 'i8')}, "
                  f"{mt.tensor_type((oc,), 'i32')}) -> "
                  f"{self.type_of(result, 'nhwc')}")
        result.forms["nhwc"] = ssa
        self.define(node.output[0], result)

    def runtime_conv_bias(self, filter_ssa: str, shape: tuple, zx: int,
                          zw: list[int], unsigned: bool) -> str:
        """-Zx * sum over (kh, kw, k) of (w[c] - Zw[c]), computed at run time
        for a run-time filter (a constant filter folds it at import)."""
        oc = shape[0]
        bias_type = mt.tensor_type((oc,), "i32")
        zero = self.fresh("zero")
        self.emit(f"{zero} = arith.constant 0 : i32")
        init = self.fresh("init")
        self.emit(f"{init} = tensor.empty() : {bias_type}")
        filled = self.fresh("fill")
        self.emit(f"{filled} = linalg.fill ins({zero} : i32) outs({init} : "
                  f"{bias_type}) -> {bias_type}")
        zps = self.fresh("zw")
        self.emit(mt.constant(zps, mt.dense_elements(
            np.broadcast_to(np.array(zw, np.int64), (oc,)), 32), bias_type))
        bias = self.fresh("bias")
        extend = "arith.extui" if unsigned else "arith.extsi"
        full = "affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>"
        channel = "affine_map<(d0, d1, d2, d3) -> (d0)>"
        self.emit(
            f"{bias} = linalg.generic {{indexing_maps = [{full}, {channel}, "
            f"{channel}], iterator_types = [\"parallel\", \"reduction\", "
            f"\"reduction\", \"reduction\"]}} ins({filter_ssa}, {zps} : "
            f"{mt.tensor_type(shape, 'i8')}, {bias_type}) outs({filled} : "
            f"{bias_type}) {{")
        self.emit("^bb0(%w: i8, %zw: i32, %sum: i32):")
        self.emit(f"  %wide = {extend} %w : i8 to i32")
        self.emit("  %centred = arith.subi %wide, %zw : i32")
        self.emit(f"  %nzx = arith.constant {-zx} : i32")
        self.emit("  %term = arith.muli %centred, %nzx : i32")
        self.emit("  %next = arith.addi %sum, %term : i32")
        self.emit("  linalg.yield %next : i32")
        self.emit(f"}} -> {bias_type}")
        return bias

    def import_MatMulInteger(self, node: onnx.NodeProto, index: int):
        self.check_attributes(node, [])
        a = self.storage(node, self.operand(node, 0), "input A")
        b = self.storage(node, self.operand(node, 1), "input B")
        shapes = [np.shape(v) if isinstance(v, np.ndarray) else v.shape
                  for v in (a, b)]
        ra, rb = len(shapes[0]), len(shapes[1])
        if not (ra in (2, 3) and rb in (2, 3) and rb <= ra) or \
                shapes[0][-1] != shapes[1][-2] or \
                (ra == rb == 3 and shapes[0][0] != shapes[1][0]):
            raise self.error(node, f"shapes {list(shapes[0])} and "
                                   f"{list(shapes[1])}: 2-D or 3-D A times "
                                   f"2-D or (batched) 3-D B are supported")
        a_unsigned, b_unsigned = self.is_unsigned(a), self.is_unsigned(b)
        za = self.zero_point(node, 2, "input A", a_unsigned)
        if len(za) != 1:
            raise self.error(node, "the A zero point must be a scalar")
        n = shapes[1][-1]
        zb = self.zero_point(node, 3, "input B", b_unsigned, n)
        ssas = []
        for value, shape in ((a, shapes[0]), (b, shapes[1])):
            if isinstance(value, np.ndarray):
                ssa = self.fresh("c")
                self.emit(mt.constant(ssa, mt.dense_elements(value, 8),
                                      mt.tensor_type(shape, "i8")))
                ssas.append(ssa)
            else:
                ssas.append(self.form(value, "onnx"))
        out_shape = tuple(shapes[0][:-1]) + (n,)
        out_type = mt.tensor_type(out_shape, "i32")
        if ra == 3:
            dims = "(d0, d1, d2, d3)"
            maps = [f"{dims} -> (d0, d1, d3)",
                    f"{dims} -> (d0, d3, d2)" if rb == 3 else
                    f"{dims} -> (d3, d2)",
                    f"{dims} -> (d2)", f"{dims} -> (d0, d1, d2)"]
            iterators = ["parallel"] * 3 + ["reduction"]
        else:
            dims = "(d0, d1, d2)"
            maps = [f"{dims} -> (d0, d2)", f"{dims} -> (d2, d1)",
                    f"{dims} -> (d1)", f"{dims} -> (d0, d1)"]
            iterators = ["parallel"] * 2 + ["reduction"]
        zero = self.fresh("zero")
        self.emit(f"{zero} = arith.constant 0 : i32")
        init = self.fresh("init")
        self.emit(f"{init} = tensor.empty() : {out_type}")
        filled = self.fresh("fill")
        self.emit(f"{filled} = linalg.fill ins({zero} : i32) outs({init} : "
                  f"{out_type}) -> {out_type}")
        zb_type = mt.tensor_type((n,), "i32")
        zbs = self.fresh("zb")
        self.emit(mt.constant(zbs, mt.dense_elements(
            np.broadcast_to(np.array(zb, np.int64), (n,)), 32), zb_type))
        acc = self.fresh("acc")
        maps_text = ", ".join(f"affine_map<{m}>" for m in maps)
        iterators_text = ", ".join(f'"{i}"' for i in iterators)
        self.emit(f"{acc} = linalg.generic {{indexing_maps = [{maps_text}], "
                  f"iterator_types = [{iterators_text}]}} "
                  f"ins({ssas[0]}, {ssas[1]}, {zbs} : "
                  f"{mt.tensor_type(shapes[0], 'i8')}, "
                  f"{mt.tensor_type(shapes[1], 'i8')}, {zb_type}) "
                  f"outs({filled} : {out_type}) {{")
        self.emit("^bb0(%a: i8, %b: i8, %zb: i32, %sum: i32):")
        self.emit(f"  %wa = {'arith.extui' if a_unsigned else 'arith.extsi'}"
                  f" %a : i8 to i32")
        self.emit(f"  %za = arith.constant {za[0]} : i32")
        self.emit("  %ca = arith.subi %wa, %za : i32")
        self.emit(f"  %wb = {'arith.extui' if b_unsigned else 'arith.extsi'}"
                  f" %b : i8 to i32")
        self.emit("  %cb = arith.subi %wb, %zb : i32")
        self.emit("  %p = arith.muli %ca, %cb : i32")
        self.emit("  %next = arith.addi %sum, %p : i32")
        self.emit("  linalg.yield %next : i32")
        self.emit(f"}} -> {out_type}")
        self.define(node.output[0], Tensor("int", out_shape, {"onnx": acc},
                                           bits=32))

    # -- DynamicQuantizeLinear ---------------------------------------------

    def import_DynamicQuantizeLinear(self, node: onnx.NodeProto, index: int):
        self.check_attributes(node, [])
        x = self.operand(node, 0)
        if not isinstance(x, Tensor) or x.kind != "float":
            raise self.error(node, "the input must be a run-time float "
                                   "tensor")
        layout = self.any_form(x)
        source = x.forms[layout]
        shape = layout_shape(x.shape, layout)
        rank = len(shape)
        if rank == 0:
            raise self.error(node, "a rank-0 input is not supported")
        scalar = "tensor<f32>"
        extremes = {}
        for reduce in ("min", "max"):
            current, current_shape = source, list(shape)
            for axis in range(rank):
                reduced_shape = list(current_shape)
                reduced_shape[axis] = 1
                ssa = self.fresh(f"r{reduce}")
                self.emit(f"{ssa} = tosa.reduce_{reduce} {current} {{axis = "
                          f"{axis} : i32}} : "
                          f"({mt.tensor_type(current_shape, 'f32')}) -> "
                          f"{mt.tensor_type(reduced_shape, 'f32')}")
                current, current_shape = ssa, reduced_shape
            value = self.fresh(f"x{reduce}")
            self.emit(f"{value} = tensor.collapse_shape {current} [] : "
                      f"{mt.tensor_type(current_shape, 'f32')} into {scalar}")
            extremes[reduce] = value

        def f32(value: float) -> str:
            ssa = self.fresh("k")
            self.emit(f"{ssa} = arith.constant dense<"
                      f"{mt.float_literal(value)}> : {scalar}")
            return ssa

        def op(name: str, *operands: str) -> str:
            ssa = self.fresh("s")
            self.emit(f"{ssa} = {name} {', '.join(operands)} : {scalar}")
            return ssa

        zero, qmax = f32(0.0), f32(255.0)
        # ONNX: x_min = min(0, min(x)), x_max = max(0, max(x)) (the range
        # contains 0), y_scale = (x_max - x_min) / (qmax - qmin), float32.
        low = op("arith.minimumf", extremes["min"], zero)
        high = op("arith.maximumf", extremes["max"], zero)
        scale = op("arith.divf", op("arith.subf", high, low), qmax)
        # Z = saturate(rne(qmin - x_min / y_scale)); a NaN (0 / 0 for an
        # all-zero input) saturates to 0 (maxnumf).
        zero_float = op("arith.minnumf", op("arith.maxnumf", op(
            "math.roundeven", op("arith.subf", zero, op("arith.divf", low,
                                                        scale))), zero), qmax)
        zp = self.fresh("zp")
        self.emit(f"{zp} = arith.fptoui {zero_float} : {scalar} to "
                  f"tensor<i8>")
        # y = saturate(rne(x / y_scale) + Z): round first, then add Z; NaN
        # gives Z (docs/QuantizationSpec.md, section 2).
        dims = ", ".join(f"d{i}" for i in range(rank))
        identity = f"affine_map<({dims}) -> ({dims})>"
        broadcast = f"affine_map<({dims}) -> ()>"
        out_type = mt.tensor_type(shape, "i8")
        init = self.fresh("init")
        self.emit(f"{init} = tensor.empty() : {out_type}")
        parallel = ", ".join(['"parallel"'] * rank)
        y = self.fresh("y")
        self.emit(f"{y} = linalg.generic {{indexing_maps = [{identity}, "
                  f"{broadcast}, {broadcast}, {identity}], iterator_types = "
                  f"[{parallel}]}} ins({source}, "
                  f"{scale}, {zero_float} : {mt.tensor_type(shape, 'f32')}, "
                  f"{scalar}, {scalar}) outs({init} : {out_type}) {{")
        self.emit("^bb0(%x: f32, %scale: f32, %z: f32, %out: i8):")
        self.emit("  %t = arith.divf %x, %scale : f32")
        self.emit("  %r = math.roundeven %t : f32")
        self.emit("  %shifted = arith.addf %r, %z : f32")
        self.emit("  %lo = arith.constant 0.0 : f32")
        self.emit("  %hi = arith.constant 255.0 : f32")
        self.emit("  %above = arith.maximumf %shifted, %lo : f32")
        self.emit("  %clamped = arith.minimumf %above, %hi : f32")
        self.emit("  %nan = arith.cmpf uno, %t, %t : f32")
        self.emit("  %chosen = arith.select %nan, %z, %clamped : f32")
        self.emit("  %q = arith.fptoui %chosen : f32 to i8")
        self.emit("  linalg.yield %q : i8")
        self.emit(f"}} -> {out_type}")
        self.define(node.output[0], Tensor("int", x.shape, {layout: y},
                                           bits=8, unsigned=True))
        if len(node.output) > 1 and node.output[1]:
            self.define(node.output[1], Tensor("float", (), {"onnx": scale}))
        if len(node.output) > 2 and node.output[2]:
            self.define(node.output[2], Tensor("int", (), {"onnx": zp},
                                               bits=8, unsigned=True))


def import_quantized_model(model: onnx.ModelProto, batch: int = 1,
                           rounding: str = "fp32") -> str:
    """MLIR text of one `func.func @main` computing `model` at quant-edge's
    quantized level (module docstring). Arguments and results are the
    model's graph inputs (those that are not initializers) and outputs, in
    order and in the model's layout: float tensors as `f32`, quantized
    storage as its `!quant.uniform` type when every consumer reads it with
    one scale and zero point, else as signless `i8`; `int32` accumulators as
    `i32`. A dynamic first dimension becomes `batch`.

    Raises `UnsupportedModelError` for what it cannot express."""
    return _Importer(model, batch, rounding).run()
