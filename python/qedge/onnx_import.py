"""ONNX float models as TOSA float MLIR, the level quant-edge calibrates.

`import_float_model` turns a float ONNX CNN into one `func.func @main` on
`f32` tensors, written with the TOSA ops of MLIR 22:

- `@main` takes and returns the model's own tensors in the model's own
  layout (an NCHW image in, logits out). Inside, 4-D activations live in
  NHWC, the compiler's layout: the importer transposes where a value
  crosses between the two (`tosa.transpose` with perms [0, 2, 3, 1] or
  [0, 3, 1, 2], a `tosa.reshape` when only unit dimensions move).
- Weights are `"tosa.const"` ops holding the exact float32 bytes, already
  in TOSA's layouts (OHWI for `tosa.conv2d`, [KH, KW, C, M] for
  `tosa.depthwise_conv2d`, [1, K, N] for `tosa.matmul`).
- Each op carries a name location made from its ONNX node's name,
  `loc("conv1")`; the op that computes the node's result carries the name
  itself, helper ops a suffixed one (`loc("fc/matmul")`). The calibration
  tools name the tensors they observe by these locations.

Supported operators (default domain): Conv (any group; depthwise as
`tosa.depthwise_conv2d`, 1 < group < channels as one convolution per group
and a `tosa.concat`), Relu, Clip, Add, Sub, Mul, MaxPool, AveragePool,
GlobalAveragePool, Gemm, MatMul, Flatten, Reshape, Transpose, Concat,
Sigmoid, HardSigmoid, HardSwish, BatchNormalization (folded into the
preceding Conv when it is the Conv's only consumer, else a per-channel
multiply and add), Identity, Dropout (inference: identity), Constant and
Cast (float to float, or of a constant). Nodes whose inputs are all
constants are evaluated with numpy where that is simple (elementwise
arithmetic, shape ops, casts). Anything else raises `OnnxImportError`
naming the node, its operator and the model's opset.

Choices worth knowing:

- A fully connected layer (Gemm, or MatMul by a constant) is a
  `tosa.reshape` to [1, M, K], a `tosa.matmul` by the [1, K, N] weights and
  a `tosa.add` of the bias (zeros when the node has none): the pattern
  `qedge-quantize-calibrated` turns into one quantized layer.
- AveragePool with `count_include_pad = 1` and non-zero pads: TOSA's
  `avg_pool2d` divides by the number of input elements a window covers
  (padding excluded), so the importer multiplies its result by a constant
  [1, OH, OW, 1] tensor of (valid count / divisor), where the divisor counts
  the window's cells inside the padded input, as PyTorch and ONNX Runtime
  do.
- TOSA wants (in - 1 + pads - (k - 1) * dilation) divisible by the stride;
  ONNX floors. Rows and columns that no window reaches are dropped from the
  end padding first. What remains (a 1x1 stride-2 convolution of an even
  input) a convolution covers with zero taps at the end of its kernel
  (1x1 becomes 2x2: exact, and quantizable as it is); a pool, or a
  dilation that does not fit, crops its input with a `tosa.slice`.

`MlirWriter` (SSA names, cached constants, reshape / transpose / slice
lines) and the layout helpers `to_nhwc_shape` / `NCHW_TO_NHWC` are public
so that other importers can emit the same kind of text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

import numpy as np
import onnx
from onnx import numpy_helper

from qedge.mlir_text import (dense_array, dense_f32_hex, float_attr,
                             function, tensor_type)

__all__ = [
    "NCHW_TO_NHWC", "NHWC_TO_NCHW", "OnnxImportError", "MlirWriter",
    "import_float_model", "load_model", "location", "to_nhwc_shape",
]

# ===---------------------------------------------------------------------=== #
# Errors and loading
# ===---------------------------------------------------------------------=== #


class OnnxImportError(ValueError):
    """A model the importer cannot turn into TOSA: an unsupported operator
    or attribute, a missing constant, a dynamic shape. `node`, `op_type`
    and `opset` say where, when the problem belongs to a node."""

    def __init__(self, message: str, node: Optional[str] = None,
                 op_type: Optional[str] = None,
                 opset: Optional[int] = None) -> None:
        if node is not None or op_type is not None:
            message = (f"node '{node}' ({op_type}, opset {opset}): "
                       f"{message}")
        super().__init__(message)
        self.node = node
        self.op_type = op_type
        self.opset = opset


def load_model(path: Union[str, Path]) -> onnx.ModelProto:
    """The ONNX model stored at `path`, checked by `onnx.checker`.
    FileNotFoundError if there is no such file; OnnxImportError if it is
    not a valid ONNX model."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no ONNX model at '{path}'")
    try:
        model = onnx.load(str(path))
    except Exception as error:  # protobuf's DecodeError and friends
        raise OnnxImportError(
            f"'{path}' is not an ONNX model: {error}") from error
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as error:
        first = str(error).strip().splitlines()[0]
        raise OnnxImportError(
            f"'{path}' is not a valid ONNX model: {first}") from error
    return model


# ===---------------------------------------------------------------------=== #
# Layouts
# ===---------------------------------------------------------------------=== #

#: The permutation from NCHW to NHWC, as `tosa.transpose` takes it.
NCHW_TO_NHWC = (0, 2, 3, 1)
#: The permutation from NHWC back to NCHW.
NHWC_TO_NCHW = (0, 3, 1, 2)

FLOAT32_MAX = float(np.finfo(np.float32).max)


def to_nhwc_shape(shape: Sequence[int]) -> tuple[int, ...]:
    """The NHWC shape of an NCHW `shape`."""
    return tuple(shape[i] for i in NCHW_TO_NHWC)


def _permute(shape: Sequence[int], perms: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(shape[p]) for p in perms)


def _moves_only_unit_dims(shape: Sequence[int],
                          perms: Sequence[int]) -> bool:
    """Whether transposing `shape` by `perms` keeps the elements in the
    same order (the non-unit dimensions keep their relative order), so
    that a reshape does the same."""
    kept = [p for p in perms if shape[p] != 1]
    return kept == sorted(kept)


# ===---------------------------------------------------------------------=== #
# MLIR text
# ===---------------------------------------------------------------------=== #


def location(name: str) -> str:
    """A name location, `loc("conv1")`, the name escaped as an MLIR string."""
    return f"loc({json.dumps(name, ensure_ascii=False)})"


class MlirWriter:
    """The body of one function as it is written: unique SSA names made
    from hints, the op lines, and constants emitted once (the float zero
    point of TOSA's float ops, the `tosa.mul` shift, shapes)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._taken: set[str] = set()
        self._shapes: dict[tuple[int, ...], str] = {}
        self._zero: Optional[str] = None
        self._shift: Optional[str] = None

    def name(self, hint: str) -> str:
        """A fresh SSA name, `%hint` made legal (letters, digits, `_$.-`,
        not starting with a digit) and unique with a numeric suffix."""
        base = re.sub(r"[^A-Za-z0-9_$.\-]", "_", hint).strip("_") or "v"
        if base[0].isdigit():
            base = "v" + base
        candidate, counter = base, 0
        while candidate in self._taken:
            counter += 1
            candidate = f"{base}_{counter}"
        self._taken.add(candidate)
        return "%" + candidate

    def emit(self, line: str) -> None:
        """Appends one line (an op or a `//` comment) to the body."""
        self.lines.append(line)

    def comment(self, text: str) -> None:
        self.emit(f"// {text}")

    def op(self, hint: str, text: str, loc: Optional[str] = None) -> str:
        """Emits `%result = TEXT loc("LOC")`, returns `%result`."""
        result = self.name(hint)
        suffix = f" {location(loc)}" if loc is not None else ""
        self.emit(f"{result} = {text}{suffix}")
        return result

    # -- constants ---------------------------------------------------------

    def const_f32(self, values: np.ndarray, hint: str) -> str:
        """A `"tosa.const"` holding `values` as float32, exactly."""
        values = np.asarray(values, dtype=np.float32)
        type_ = tensor_type(values.shape, "f32")
        return self.op(hint, f'"tosa.const"() {{values = '
                             f'{dense_f32_hex(values)} : {type_}}} : () -> '
                             f'{type_}')

    def zero(self) -> str:
        """The `tensor<1xf32>` zero that float TOSA ops take as their
        input and weight zero points."""
        if self._zero is None:
            self._zero = self.op(
                "zero", '"tosa.const"() {values = dense<0.0> : '
                        'tensor<1xf32>} : () -> tensor<1xf32>')
        return self._zero

    def shift(self) -> str:
        """The `tensor<1xi8>` zero shift of a float `tosa.mul`."""
        if self._shift is None:
            self._shift = self.op(
                "shift", '"tosa.const"() {values = dense<0> : '
                         'tensor<1xi8>} : () -> tensor<1xi8>')
        return self._shift

    def const_shape(self, dims: Sequence[int]) -> str:
        """A `tosa.const_shape` of `dims` (emitted once per shape)."""
        dims = tuple(int(d) for d in dims)
        if dims not in self._shapes:
            values = json.dumps(list(dims))
            self._shapes[dims] = self.op(
                "shape", f"tosa.const_shape {{values = dense<{values}> : "
                         f"tensor<{len(dims)}xindex>}} : () -> "
                         f"!tosa.shape<{len(dims)}>")
        return self._shapes[dims]

    # -- data movement -----------------------------------------------------

    def reshape(self, value: str, shape: Sequence[int],
                new_shape: Sequence[int], loc: str) -> str:
        """`tosa.reshape` of an f32 `value` from `shape` to `new_shape`."""
        target = self.const_shape(new_shape)
        return self.op(loc, f"tosa.reshape {value}, {target} : "
                            f"({tensor_type(shape, 'f32')}, "
                            f"!tosa.shape<{len(new_shape)}>) -> "
                            f"{tensor_type(new_shape, 'f32')}", loc)

    def transpose(self, value: str, shape: Sequence[int],
                  perms: Sequence[int], loc: str) -> str:
        """`tosa.transpose` of an f32 `value` of `shape` by `perms`."""
        return self.op(loc, f"tosa.transpose {value} "
                            f"{{perms = {dense_array('i32', perms)}}} : "
                            f"({tensor_type(shape, 'f32')}) -> "
                            f"{tensor_type(_permute(shape, perms), 'f32')}",
                       loc)

    def slice(self, value: str, shape: Sequence[int], start: Sequence[int],
              size: Sequence[int], loc: str) -> str:
        """`tosa.slice` of an f32 `value`: `size` elements from `start`."""
        starts, sizes = self.const_shape(start), self.const_shape(size)
        rank = len(shape)
        return self.op(loc, f"tosa.slice {value}, {starts}, {sizes} : "
                            f"({tensor_type(shape, 'f32')}, "
                            f"!tosa.shape<{rank}>, !tosa.shape<{rank}>) -> "
                            f"{tensor_type(size, 'f32')}", loc)


# ===---------------------------------------------------------------------=== #
# The importer
# ===---------------------------------------------------------------------=== #


@dataclass
class _Value:
    """An ONNX tensor as the importer holds it: its logical (ONNX) shape,
    and either a constant (`array`, in the logical layout) or an SSA value
    (`ssa`), stored NHWC when `nhwc` (4-D only). A reshape is written only
    when its result is used: until then `ssa` is None and `pending` holds
    its source (SSA name and shape) and location, so that a chain of
    reshapes becomes one. `converted` caches the value in the other
    layout."""
    shape: tuple[int, ...]
    ssa: Optional[str] = None
    nhwc: bool = False
    array: Optional[np.ndarray] = None
    pending: Optional[tuple[str, tuple[int, ...], str]] = None
    converted: dict = field(default_factory=dict)

    @property
    def is_const(self) -> bool:
        return self.array is not None

    @property
    def physical_shape(self) -> tuple[int, ...]:
        return to_nhwc_shape(self.shape) if self.nhwc else self.shape


def _const(array: np.ndarray) -> _Value:
    array = np.asarray(array)
    return _Value(shape=tuple(int(d) for d in array.shape), array=array)


def _tensor_dtype_to_numpy(elem_type: int) -> np.dtype:
    helper = getattr(onnx.helper, "tensor_dtype_to_np_dtype", None)
    if helper is not None:
        return np.dtype(helper(elem_type))
    return np.dtype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[elem_type])


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a)
            for a in node.attribute}


def _decode(value):
    return value.decode() if isinstance(value, bytes) else value


def _window(size: int, kernel: int, stride: int, dilation: int,
            begin: int, end: int, ceil_mode: bool = False
            ) -> tuple[int, int, int, int]:
    """One spatial dimension of a sliding window as TOSA needs it: the
    output size (ONNX's floor, or ceil with `ceil_mode`), and the begin
    pad, end pad and input rows to drop at the end, such that
    (size - crop - 1 + begin + end - (kernel - 1) * dilation) is a multiple
    of the stride."""
    extent = (kernel - 1) * dilation + 1
    span = size + begin + end - extent
    if span < 0:
        raise ValueError(f"a window of {extent} is larger than the padded "
                         f"input ({size} + {begin} + {end})")
    out = span // stride + 1
    if ceil_mode:
        out = -(-span // stride) + 1
        # The last window must start inside the input or the begin pad.
        if (out - 1) * stride >= size + begin:
            out -= 1
    needed = (out - 1) * stride + extent
    excess = size + begin + end - needed
    crop = 0
    if excess >= 0:
        trimmed = min(end, excess)
        end -= trimmed
        crop = excess - trimmed
    else:
        end -= excess
    return out, begin, end, crop


class _Importer:
    """Imports one graph; `run` returns the function text."""

    def __init__(self, model: onnx.ModelProto, batch: Optional[int]) -> None:
        self.model = model
        self.graph = model.graph
        self.batch = batch
        self.opset = 1
        for entry in model.opset_import:
            if entry.domain in ("", "ai.onnx"):
                self.opset = int(entry.version)
        self.values: dict[str, _Value] = {}
        self.out = MlirWriter()
        self.skip: set[int] = set()
        self.node: Optional[onnx.NodeProto] = None
        self.node_name = ""
        self.consumers: dict[str, list[int]] = {}
        for index, node in enumerate(self.graph.node):
            for name in node.input:
                if name:
                    self.consumers.setdefault(name, []).append(index)
        self.graph_outputs = {o.name for o in self.graph.output}

    # -- errors and attributes ---------------------------------------------

    def error(self, message: str) -> OnnxImportError:
        node = self.node
        return OnnxImportError(message, self.node_name,
                               node.op_type if node else None, self.opset)

    def attrs(self) -> dict:
        return _attributes(self.node)

    # -- values ------------------------------------------------------------

    def get(self, name: str) -> _Value:
        if name not in self.values:
            raise self.error(f"input '{name}' is not produced by any earlier "
                             f"node, initializer or graph input")
        return self.values[name]

    def input(self, index: int, optional: bool = False) -> Optional[_Value]:
        """The node's input `index`; when it is absent or empty, None if
        it is `optional`, else an error."""
        names = self.node.input
        if index >= len(names) or not names[index]:
            if optional:
                return None
            raise self.error(f"input {index} is missing")
        return self.get(names[index])

    def const_input(self, index: int, what: str) -> Optional[np.ndarray]:
        value = self.input(index, optional=True)
        if value is None:
            return None
        if not value.is_const:
            raise self.error(f"{what} (input {index}, "
                             f"'{self.node.input[index]}') must be a "
                             f"constant")
        return value.array

    def define(self, value: _Value, name: Optional[str] = None) -> None:
        self.values[name or self.node.output[0]] = value

    def materialize(self, value: _Value, nhwc: bool, hint: str) -> str:
        """The SSA name of `value` in the requested layout (`nhwc` only for
        4-D values), converting or emitting a constant as needed."""
        if nhwc and len(value.shape) != 4:
            raise self.error(f"a {len(value.shape)}-D tensor has no NHWC "
                             f"layout")
        if nhwc in value.converted:
            return value.converted[nhwc]
        if value.ssa is None and value.pending is not None:
            source, shape, loc = value.pending
            value.ssa = self.out.reshape(source, shape, value.shape, loc)
        if value.is_const:
            array = np.asarray(value.array, dtype=np.float32)
            if nhwc:
                array = array.transpose(NCHW_TO_NHWC)
            ssa = self.out.const_f32(array, hint)
        elif value.nhwc == nhwc:
            return value.ssa
        else:
            perms = NCHW_TO_NHWC if nhwc else NHWC_TO_NCHW
            shape = value.physical_shape
            loc = f"{hint}/{'nhwc' if nhwc else 'nchw'}"
            if _moves_only_unit_dims(shape, perms):
                ssa = self.out.reshape(value.ssa, shape,
                                       _permute(shape, perms), loc)
            else:
                ssa = self.out.transpose(value.ssa, shape, perms, loc)
        value.converted[nhwc] = ssa
        return ssa

    def hint(self, role: str = "") -> str:
        return f"{self.node_name}/{role}" if role else self.node_name

    # -- driving -----------------------------------------------------------

    def live_nodes(self) -> set[int]:
        """The nodes some graph output depends on."""
        producers = {}
        for index, node in enumerate(self.graph.node):
            for name in node.output:
                producers[name] = index
        live, work = set(), [o.name for o in self.graph.output]
        while work:
            name = work.pop()
            index = producers.get(name)
            if index is None or index in live:
                continue
            live.add(index)
            work.extend(n for n in self.graph.node[index].input if n)
        return live

    def run(self) -> str:
        initializers = {t.name for t in self.graph.initializer}
        for tensor in self.graph.initializer:
            self.values[tensor.name] = _const(numpy_helper.to_array(tensor))
        arguments = []
        for graph_input in self.graph.input:
            if graph_input.name in initializers:
                continue
            shape = self.input_shape(graph_input)
            ssa = self.out.name(graph_input.name)
            self.values[graph_input.name] = _Value(shape=shape, ssa=ssa)
            arguments.append((ssa, tensor_type(shape, "f32")))
        live = self.live_nodes()
        names: set[str] = set()
        for index, node in enumerate(self.graph.node):
            if index not in live or index in self.skip:
                continue
            self.node = node
            # Locations name tensors: unique, even when node names are not.
            self.node_name = node.name or f"{node.op_type}_{index}"
            if self.node_name in names:
                self.node_name = f"{self.node_name}_{index}"
            names.add(self.node_name)
            if node.domain not in ("", "ai.onnx"):
                raise self.error(f"operators of domain '{node.domain}' are "
                                 f"not supported")
            handler = self.HANDLERS.get(node.op_type)
            if handler is None:
                raise self.error("unsupported operator")
            handler(self)
        self.node, self.node_name = None, ""
        results = []
        for graph_output in self.graph.output:
            value = self.get(graph_output.name)
            ssa = self.materialize(value, False, graph_output.name)
            results.append((ssa, tensor_type(value.shape, "f32")))
        header = (f"// ONNX graph '{self.graph.name}' (opset {self.opset}) "
                  f"as TOSA on f32, imported by qedge.onnx_import.\n")
        return header + function("main", arguments, results, self.out.lines)

    def input_shape(self, graph_input: onnx.ValueInfoProto
                    ) -> tuple[int, ...]:
        tensor = graph_input.type.tensor_type
        if tensor.elem_type != onnx.TensorProto.FLOAT:
            raise OnnxImportError(
                f"graph input '{graph_input.name}' is not float32 (element "
                f"type {onnx.TensorProto.DataType.Name(tensor.elem_type)})")
        if not tensor.HasField("shape"):
            raise OnnxImportError(
                f"graph input '{graph_input.name}' has no shape")
        shape = []
        for axis, dim in enumerate(tensor.shape.dim):
            static = dim.HasField("dim_value") and dim.dim_value > 0
            if axis == 0 and self.batch is not None:
                if static and dim.dim_value != self.batch:
                    raise OnnxImportError(
                        f"graph input '{graph_input.name}' has a static "
                        f"batch of {dim.dim_value}, not {self.batch}")
                shape.append(self.batch)
            elif static:
                shape.append(int(dim.dim_value))
            else:
                label = dim.dim_param or "?"
                hint = (" (pass `batch` to fix it)" if axis == 0 else "")
                raise OnnxImportError(
                    f"graph input '{graph_input.name}' has a dynamic "
                    f"dimension '{label}' at axis {axis}{hint}")
        return tuple(shape)

    # -- building blocks ---------------------------------------------------

    def elementwise(self, kind: str, a: _Value, b: _Value,
                    loc: str) -> _Value:
        """`tosa.add` / `tosa.sub` / `tosa.mul` of `a` and `b`, with ONNX's
        (numpy's) broadcasting; NHWC when a non-constant 4-D operand is."""
        if a.is_const and b.is_const:
            fn = {"add": np.add, "sub": np.subtract, "mul": np.multiply}
            return _const(fn[kind](a.array, b.array))
        try:
            shape = tuple(int(d) for d in np.broadcast_shapes(a.shape,
                                                              b.shape))
        except ValueError:
            raise self.error(f"shapes {list(a.shape)} and {list(b.shape)} "
                             f"do not broadcast") from None
        rank = len(shape)
        nhwc = rank == 4 and any(v.nhwc and len(v.shape) == 4
                                 for v in (a, b) if not v.is_const)
        operands = []
        for i, v in enumerate((a, b)):
            if len(v.shape) < rank:
                padded = (1,) * (rank - len(v.shape)) + v.shape
                if v.is_const:
                    v = _const(v.array.reshape(padded))
                else:
                    ssa = self.materialize(v, False, loc)
                    v = _Value(shape=padded, ssa=self.out.reshape(
                        ssa, v.shape, padded, f"{loc}/rank{i}"))
            operands.append(v)
        names = [self.materialize(v, nhwc, f"{loc}/{'ab'[i]}")
                 for i, v in enumerate(operands)]
        types = [tensor_type(to_nhwc_shape(v.shape) if nhwc else v.shape,
                             "f32") for v in operands]
        result = _Value(shape=shape, nhwc=nhwc)
        out_type = tensor_type(result.physical_shape, "f32")
        if kind == "mul":
            names.append(self.out.shift())
            types.append("tensor<1xi8>")
        result.ssa = self.out.op(
            loc, f"tosa.{kind} {', '.join(names)} : ({', '.join(types)}) -> "
                 f"{out_type}", loc)
        return result

    def clamp(self, value: _Value, low: float, high: float,
              loc: str) -> _Value:
        """`tosa.clamp` of `value` to [low, high] (infinite bounds become
        float32's largest finite values)."""
        low = max(float(low), -FLOAT32_MAX)
        high = min(float(high), FLOAT32_MAX)
        if value.is_const:
            return _const(np.clip(value.array, low, high))
        ssa = self.materialize(value, value.nhwc, loc)
        type_ = tensor_type(value.physical_shape, "f32")
        result = _Value(shape=value.shape, nhwc=value.nhwc)
        result.ssa = self.out.op(
            loc, f"tosa.clamp {ssa} {{min_val = {float_attr(low)}, "
                 f"max_val = {float_attr(high)}}} : ({type_}) -> {type_}",
            loc)
        return result

    def scalar(self, value: float, rank: int) -> _Value:
        return _const(np.full((1,) * rank, value, dtype=np.float32))

    def plain(self, value: _Value, hint: str) -> str:
        return self.materialize(value, False, hint)

    def reshape_value(self, value: _Value, shape: Sequence[int],
                      loc: str) -> _Value:
        shape = tuple(int(d) for d in shape)
        if value.is_const:
            return _const(value.array.reshape(shape))
        if value.ssa is None and value.pending is not None:
            source, source_shape = value.pending[:2]
        elif value.nhwc and _moves_only_unit_dims(value.physical_shape,
                                                  NHWC_TO_NCHW):
            source, source_shape = value.ssa, value.physical_shape
        else:
            source, source_shape = self.plain(value, loc), value.shape
        if shape == source_shape:
            return _Value(shape=shape, ssa=source)
        return _Value(shape=shape, pending=(source, source_shape, loc))

    def spatial_input(self, role: str = "input") -> _Value:
        x = self.input(0)
        if len(x.shape) != 4:
            raise self.error(f"expects a 4-D NCHW {role}, got "
                             f"{list(x.shape)}")
        return x

    def geometry(self, attrs: dict, size: Sequence[int],
                 kernel: Sequence[int], ceil_mode: bool = False
                 ) -> tuple[list[int], list[int], list[int], list[int],
                            list[int]]:
        """Strides, dilations, output size, TOSA pads [top, bottom, left,
        right] and the rows / columns to crop, from a node's `strides`,
        `dilations`, `pads` and `auto_pad`."""
        strides = list(attrs.get("strides", [1, 1]))
        dilations = list(attrs.get("dilations", [1, 1]))
        pads = list(attrs.get("pads", [0, 0, 0, 0]))
        auto_pad = _decode(attrs.get("auto_pad", "NOTSET"))
        if len(strides) != 2 or len(dilations) != 2 or len(pads) != 4:
            raise self.error("only 2-D windows are supported")
        if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            pads = [0, 0, 0, 0]
            for axis in range(2):
                extent = (kernel[axis] - 1) * dilations[axis] + 1
                out = -(-size[axis] // strides[axis])
                total = max((out - 1) * strides[axis] + extent - size[axis],
                            0)
                small, large = total // 2, total - total // 2
                if auto_pad == "SAME_UPPER":
                    pads[axis], pads[axis + 2] = small, large
                else:
                    pads[axis], pads[axis + 2] = large, small
            ceil_mode = False
        elif auto_pad == "VALID":
            pads = [0, 0, 0, 0]
        elif auto_pad != "NOTSET":
            raise self.error(f"unknown auto_pad '{auto_pad}'")
        out, tosa_pad, crop = [], [], []
        for axis in range(2):
            try:
                o, begin, end, c = _window(size[axis], kernel[axis],
                                           strides[axis], dilations[axis],
                                           pads[axis], pads[axis + 2],
                                           ceil_mode)
            except ValueError as error:
                raise self.error(str(error)) from None
            out.append(o)
            tosa_pad += [begin, end]
            crop.append(c)
        return strides, dilations, out, tosa_pad, crop

    def cropped(self, x: _Value, crop: Sequence[int], hint: str
                ) -> tuple[str, tuple[int, ...]]:
        """`x` in NHWC, without the last crop[0] rows and crop[1] columns
        (that no window reaches); its SSA name and NHWC shape."""
        ssa = self.materialize(x, True, hint)
        shape = to_nhwc_shape(x.shape)
        if any(crop):
            size = (shape[0], shape[1] - crop[0], shape[2] - crop[1],
                    shape[3])
            ssa = self.out.slice(ssa, shape, (0, 0, 0, 0), size,
                                 self.hint("crop"))
            shape = size
        return ssa, shape

    # -- operators ---------------------------------------------------------

    def conv(self) -> None:
        attrs = self.attrs()
        x = self.spatial_input()
        weights = self.const_input(1, "the weight")
        if weights is None or weights.ndim != 4:
            raise self.error("only 2-D convolutions (4-D weights) are "
                             "supported")
        weights = weights.astype(np.float64)
        bias = self.const_input(2, "the bias")
        out_channels = weights.shape[0]
        bias = (np.zeros(out_channels) if bias is None
                else bias.astype(np.float64))
        group = int(attrs.get("group", 1))
        channels = x.shape[1]
        if channels != weights.shape[1] * group or out_channels % group:
            raise self.error(f"{channels} input channels, weights "
                             f"{list(weights.shape)} and group {group} do "
                             f"not agree")
        if "kernel_shape" in attrs and \
                list(attrs["kernel_shape"]) != list(weights.shape[2:]):
            raise self.error("kernel_shape does not match the weights")
        weights, bias, output = self.fold_batch_norm(self.node.output[0],
                                                     weights, bias)
        strides, dilations, out, pad, crop = self.geometry(
            attrs, x.shape[2:], weights.shape[2:])
        if any(crop) and all(c % d == 0 for c, d in zip(crop, dilations)):
            # Zero taps at the end of the kernel reach the rows that TOSA
            # would otherwise need cropped (adding 0 * x leaves each sum
            # exact): a 1x1 stride-2 convolution of an even input becomes
            # 2x2, and no tosa.slice is needed.
            taps = [c // d for c, d in zip(crop, dilations)]
            weights = np.pad(weights, ((0, 0), (0, 0), (0, taps[0]),
                                       (0, taps[1])))
            crop = [0, 0]
        ssa, in_shape = self.cropped(x, crop, self.hint("input"))
        result = _Value(shape=(x.shape[0], out_channels, out[0], out[1]),
                        nhwc=True)
        geometry = (f"acc_type = f32, dilation = "
                    f"{dense_array('i64', dilations)}, pad = "
                    f"{dense_array('i64', pad)}, stride = "
                    f"{dense_array('i64', strides)}")
        zero = self.out.zero()

        def conv_op(op: str, input_ssa: str, input_shape: Sequence[int],
                    filter_: np.ndarray, bias_: np.ndarray, loc: str,
                    out_shape: Sequence[int]) -> str:
            w = self.out.const_f32(filter_, f"{loc}/weight")
            b = self.out.const_f32(bias_, f"{loc}/bias")
            return self.out.op(
                loc, f"{op} {input_ssa}, {w}, {b}, {zero}, {zero} "
                     f"{{{geometry}}} : ({tensor_type(input_shape, 'f32')}, "
                     f"{tensor_type(filter_.shape, 'f32')}, "
                     f"{tensor_type(bias_.shape, 'f32')}, tensor<1xf32>, "
                     f"tensor<1xf32>) -> {tensor_type(out_shape, 'f32')}",
                loc)

        out_shape = result.physical_shape
        if group == 1:
            result.ssa = conv_op("tosa.conv2d", ssa, in_shape,
                                 weights.transpose(0, 2, 3, 1), bias,
                                 self.node_name, out_shape)
        elif group == channels:
            multiplier = out_channels // channels
            filter_ = weights.reshape(channels, multiplier,
                                      *weights.shape[2:]).transpose(2, 3, 0,
                                                                    1)
            result.ssa = conv_op("tosa.depthwise_conv2d", ssa, in_shape,
                                 filter_, bias, self.node_name, out_shape)
        else:
            per_in, per_out = channels // group, out_channels // group
            parts, part_types = [], []
            part_shape = out_shape[:3] + (per_out,)
            for g in range(group):
                loc = self.hint(f"group{g}")
                piece = self.out.slice(
                    ssa, in_shape, (0, 0, 0, g * per_in),
                    in_shape[:3] + (per_in,), f"{loc}/input")
                rows = slice(g * per_out, (g + 1) * per_out)
                parts.append(conv_op(
                    "tosa.conv2d", piece, in_shape[:3] + (per_in,),
                    weights[rows].transpose(0, 2, 3, 1), bias[rows], loc,
                    part_shape))
                part_types.append(tensor_type(part_shape, "f32"))
            result.ssa = self.out.op(
                self.node_name,
                f"tosa.concat {', '.join(parts)} {{axis = 3 : i32}} : "
                f"({', '.join(part_types)}) -> "
                f"{tensor_type(out_shape, 'f32')}", self.node_name)
        self.define(result, output)

    def fold_batch_norm(self, output: str, weights: np.ndarray,
                        bias: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray, str]:
        """Folds a BatchNormalization that is the only consumer of the
        Conv output `output` into the Conv's weights and bias (in float64):
        the new weights and bias, and the name of the tensor the Conv now
        defines (the normalization's output, or `output` unchanged)."""
        users = self.consumers.get(output, [])
        if len(users) != 1 or output in self.graph_outputs:
            return weights, bias, output
        index = users[0]
        node = self.graph.node[index]
        if node.op_type != "BatchNormalization" or node.input[0] != output \
                or len([o for o in node.output if o]) != 1:
            return weights, bias, output
        params = []
        for name in node.input[1:5]:
            value = self.values.get(name)
            if value is None or not value.is_const:
                return weights, bias, output
            params.append(value.array.astype(np.float64).reshape(-1))
        scale, offset, mean, var = params
        epsilon = float(_attributes(node).get("epsilon", 1e-5))
        factor = scale / np.sqrt(var + epsilon)
        self.skip.add(index)
        return (weights * factor[:, None, None, None],
                (bias - mean) * factor + offset, node.output[0])

    def batch_norm(self) -> None:
        x = self.input(0)
        if len([o for o in self.node.output if o]) != 1:
            raise self.error("only inference (one output) is supported")
        if len(x.shape) < 2:
            raise self.error("expects an input of rank 2 or more")
        scale, offset, mean, var = (
            self.const_input(i, what).astype(np.float64)
            for i, what in ((1, "scale"), (2, "B"), (3, "mean"),
                            (4, "var")))
        epsilon = float(self.attrs().get("epsilon", 1e-5))
        factor = scale / np.sqrt(var + epsilon)
        shift = offset - mean * factor
        channel_shape = (1, x.shape[1]) + (1,) * (len(x.shape) - 2)
        scaled = self.elementwise(
            "mul", x, _const(factor.astype(np.float32).reshape(channel_shape)),
            self.hint("scale"))
        self.define(self.elementwise(
            "add", scaled,
            _const(shift.astype(np.float32).reshape(channel_shape)),
            self.node_name))

    def binary(self) -> None:
        kind = {"Add": "add", "Sub": "sub", "Mul": "mul"}[self.node.op_type]
        self.define(self.elementwise(kind, self.input(0), self.input(1),
                                     self.node_name))

    def relu(self) -> None:
        self.define(self.clamp(self.input(0), 0.0, FLOAT32_MAX,
                               self.node_name))

    def clip(self) -> None:
        if self.opset < 11:
            attrs = self.attrs()
            low = attrs.get("min", -FLOAT32_MAX)
            high = attrs.get("max", FLOAT32_MAX)
        else:
            low = self.const_input(1, "min")
            high = self.const_input(2, "max")
            low = -FLOAT32_MAX if low is None else float(low.reshape(-1)[0])
            high = FLOAT32_MAX if high is None else float(high.reshape(-1)[0])
        self.define(self.clamp(self.input(0), low, high, self.node_name))

    def sigmoid(self) -> None:
        x = self.input(0)
        if x.is_const:
            self.define(_const(1.0 / (1.0 + np.exp(-x.array))))
            return
        ssa = self.materialize(x, x.nhwc, self.node_name)
        type_ = tensor_type(x.physical_shape, "f32")
        result = _Value(shape=x.shape, nhwc=x.nhwc)
        result.ssa = self.out.op(
            self.node_name, f"tosa.sigmoid {ssa} : ({type_}) -> {type_}",
            self.node_name)
        self.define(result)

    def hard_sigmoid_of(self, x: _Value, alpha: float, beta: float,
                        loc: str) -> _Value:
        rank = len(x.shape)
        scaled = self.elementwise("mul", x, self.scalar(alpha, rank),
                                  f"{loc}/alpha")
        shifted = self.elementwise("add", scaled, self.scalar(beta, rank),
                                   f"{loc}/beta")
        return self.clamp(shifted, 0.0, 1.0, loc)

    def hard_sigmoid(self) -> None:
        attrs = self.attrs()
        self.define(self.hard_sigmoid_of(
            self.input(0), attrs.get("alpha", 0.2), attrs.get("beta", 0.5),
            self.node_name))

    def hard_swish(self) -> None:
        x = self.input(0)
        gate = self.hard_sigmoid_of(x, 1.0 / 6.0, 0.5, self.hint("gate"))
        self.define(self.elementwise("mul", x, gate, self.node_name))

    def max_pool(self) -> None:
        self.pool("max")

    def average_pool(self) -> None:
        self.pool("avg")

    def pool(self, kind: str) -> None:
        attrs = self.attrs()
        x = self.spatial_input()
        if kind == "max" and len([o for o in self.node.output if o]) > 1:
            raise self.error("the Indices output is not supported")
        kernel = list(attrs.get("kernel_shape", []))
        if len(kernel) != 2:
            raise self.error("only 2-D pooling is supported")
        if list(attrs.get("dilations", [1, 1])) != [1, 1]:
            raise self.error("dilated pooling is not supported")
        ceil_mode = bool(attrs.get("ceil_mode", 0))
        include_pad = bool(attrs.get("count_include_pad", 0))
        strides, _, out, pad, crop = self.geometry(
            {k: v for k, v in attrs.items() if k != "dilations"},
            x.shape[2:], kernel, ceil_mode)
        ssa, in_shape = self.cropped(x, crop, self.hint("input"))
        result = _Value(shape=(x.shape[0], x.shape[1], out[0], out[1]),
                        nhwc=True)
        out_type = tensor_type(result.physical_shape, "f32")
        window = (f"kernel = {dense_array('i64', kernel)}, pad = "
                  f"{dense_array('i64', pad)}, stride = "
                  f"{dense_array('i64', strides)}")
        in_type = tensor_type(in_shape, "f32")
        if kind == "max":
            result.ssa = self.out.op(
                self.node_name, f"tosa.max_pool2d {ssa} {{{window}}} : "
                                f"({in_type}) -> {out_type}", self.node_name)
            self.define(result)
            return
        factor = self.include_pad_factor(x.shape[2:], kernel, strides, out,
                                         attrs) if include_pad else None
        zero = self.out.zero()
        loc = self.hint("exclusive") if factor is not None \
            else self.node_name
        result.ssa = self.out.op(
            loc, f"tosa.avg_pool2d {ssa}, {zero}, {zero} {{acc_type = f32, "
                 f"{window}}} : ({in_type}, tensor<1xf32>, tensor<1xf32>) "
                 f"-> {out_type}", loc)
        if factor is not None:
            result = self.elementwise(
                "mul", result, _const(factor.reshape(1, 1, *out)),
                self.node_name)
        self.define(result)

    def include_pad_factor(self, size: Sequence[int], kernel: Sequence[int],
                           strides: Sequence[int], out: Sequence[int],
                           attrs: dict) -> Optional[np.ndarray]:
        """For count_include_pad: per output position, (input cells in the
        window) / (cells of the window inside the padded input), the factor
        that turns TOSA's average (over input cells) into ONNX's; None when
        it is 1 everywhere."""
        auto_pad = _decode(attrs.get("auto_pad", "NOTSET"))
        if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            # The pads `geometry` derived; recompute the begin pads.
            pads = []
            for axis in range(2):
                total = max((out[axis] - 1) * strides[axis] + kernel[axis]
                            - size[axis], 0)
                pads.append(total // 2 if auto_pad == "SAME_UPPER"
                            else total - total // 2)
            ends = [max((out[a] - 1) * strides[a] + kernel[a] - size[a]
                        - pads[a], 0) for a in range(2)]
        elif auto_pad == "VALID":
            return None
        else:
            given = list(attrs.get("pads", [0, 0, 0, 0]))
            pads, ends = given[:2], given[2:]
        counts = []
        for axis in range(2):
            start = np.arange(out[axis]) * strides[axis] - pads[axis]
            stop = start + kernel[axis]
            valid = np.minimum(stop, size[axis]) - np.maximum(start, 0)
            padded = (np.minimum(stop, size[axis] + ends[axis])
                      - np.maximum(start, -pads[axis]))
            counts.append((valid, padded))
        valid = np.outer(counts[0][0], counts[1][0]).astype(np.float64)
        padded = np.outer(counts[0][1], counts[1][1]).astype(np.float64)
        factor = valid / padded
        if np.all(factor == 1.0):
            return None
        return factor.astype(np.float32)

    def global_average_pool(self) -> None:
        x = self.spatial_input()
        n, c, h, w = x.shape
        if h == 1 and w == 1:
            self.define(x)
            return
        ssa = self.materialize(x, True, self.hint("input"))
        result = _Value(shape=(n, c, 1, 1), nhwc=True)
        zero = self.out.zero()
        result.ssa = self.out.op(
            self.node_name,
            f"tosa.avg_pool2d {ssa}, {zero}, {zero} {{acc_type = f32, "
            f"kernel = {dense_array('i64', [h, w])}, pad = "
            f"{dense_array('i64', [0, 0, 0, 0])}, stride = "
            f"{dense_array('i64', [1, 1])}}} : "
            f"({tensor_type(to_nhwc_shape(x.shape), 'f32')}, tensor<1xf32>, "
            f"tensor<1xf32>) -> "
            f"{tensor_type(result.physical_shape, 'f32')}", self.node_name)
        self.define(result)

    def reduce_mean(self) -> None:
        """ReduceMean over the spatial axes of an NCHW tensor (what
        `x.mean(dim=(2, 3))` exports): a global average pool, then a
        reshape when keepdims is 0. Other axes are not supported."""
        x = self.input(0)
        axes = self.attrs().get("axes")
        if axes is None or len(x.shape) != 4 or sorted(
                int(a) % 4 for a in axes) != [2, 3]:
            raise self.error("only the mean over the spatial axes [2, 3] of "
                             "an NCHW tensor is supported")
        self.global_average_pool()
        if not int(self.attrs().get("keepdims", 1)):
            pooled = self.values[self.node.output[0]]
            n, c = x.shape[:2]
            self.define(self.reshape_value(pooled, (n, c),
                                           self.hint("squeeze")))

    def matmul_3d(self, a: str, a_shape: Sequence[int], b: str,
                  b_shape: Sequence[int], loc: str) -> str:
        zero = self.out.zero()
        out_shape = (a_shape[0], a_shape[1], b_shape[2])
        return self.out.op(
            loc, f"tosa.matmul {a}, {b}, {zero}, {zero} : "
                 f"({tensor_type(a_shape, 'f32')}, "
                 f"{tensor_type(b_shape, 'f32')}, tensor<1xf32>, "
                 f"tensor<1xf32>) -> {tensor_type(out_shape, 'f32')}", loc)

    def fully_connected(self, a: _Value, weights: np.ndarray,
                        bias: np.ndarray) -> _Value:
        """`a` [..., K] times constant `weights` [K, N] plus `bias`
        (broadcast to [M, N], M the product of a's leading dimensions):
        reshape to [1, M, K], matmul, add, reshape back."""
        k, n = weights.shape
        m = int(np.prod(a.shape[:-1]))
        flat = self.reshape_value(a, (1, m, k), self.hint("flatten"))
        flat_ssa = self.plain(flat, self.hint("flatten"))
        w = self.out.const_f32(weights.reshape(1, k, n), self.hint("weight"))
        product = self.matmul_3d(flat_ssa, (1, m, k), w, (1, k, n),
                                 self.hint("matmul"))
        try:
            rows = np.broadcast_to(bias, (m, n))
        except ValueError:
            raise self.error(f"a bias of shape {list(bias.shape)} does not "
                             f"broadcast to [{m}, {n}]") from None
        if np.all(rows == rows[:1]):
            rows = rows[:1]
        bias = rows.reshape(1, -1, n).astype(np.float32)
        b = self.out.const_f32(bias, self.hint("bias"))
        out3 = (1, m, n)
        added = self.out.op(
            self.node_name, f"tosa.add {product}, {b} : "
                            f"({tensor_type(out3, 'f32')}, "
                            f"{tensor_type(bias.shape, 'f32')}) -> "
                            f"{tensor_type(out3, 'f32')}", self.node_name)
        return self.reshape_value(_Value(shape=out3, ssa=added),
                                  tuple(a.shape[:-1]) + (n,),
                                  self.hint("reshape"))

    def gemm(self) -> None:
        attrs = self.attrs()
        a, b = self.input(0), self.input(1)
        alpha = float(attrs.get("alpha", 1.0))
        beta = float(attrs.get("beta", 1.0))
        if len(a.shape) != 2 or len(b.shape) != 2:
            raise self.error("expects 2-D A and B")
        if attrs.get("transA", 0):
            if a.is_const:
                a = _const(a.array.T)
            else:
                ssa = self.out.transpose(self.plain(a, self.node_name),
                                         a.shape, (1, 0), self.hint("transA"))
                a = _Value(shape=a.shape[::-1], ssa=ssa)
        c = self.input(2, optional=True)
        if not b.is_const:
            if alpha != 1.0 or beta != 1.0:
                raise self.error("alpha and beta must be 1 when B is not a "
                                 "constant")
            if attrs.get("transB", 0):
                ssa = self.out.transpose(self.plain(b, self.node_name),
                                         b.shape, (1, 0), self.hint("transB"))
                b = _Value(shape=b.shape[::-1], ssa=ssa)
            product = self.batched_matmul(a, b)
            self.define(product if c is None else self.elementwise(
                "add", product, c, self.hint("bias")))
            return
        weights = b.array.astype(np.float64)
        if attrs.get("transB", 0):
            weights = weights.T
        weights = (weights * alpha).astype(np.float32)
        if c is not None and not c.is_const:
            if beta != 1.0:
                raise self.error("beta must be 1 when C is not a constant")
            product = self.fully_connected(
                a, weights, np.zeros(weights.shape[1], np.float32))
            self.define(self.elementwise("add", product, c,
                                         self.hint("add_c")))
            return
        bias = (np.zeros(weights.shape[1]) if c is None
                else c.array.astype(np.float64) * beta)
        self.define(self.fully_connected(a, weights, bias))

    def batched_matmul(self, a: _Value, b: _Value) -> _Value:
        """`a` [..., M, K] times `b` [..., K, N], the leading dimensions
        equal, as one `tosa.matmul` on [B, M, K] x [B, K, N]."""
        if len(a.shape) != len(b.shape) or a.shape[:-2] != b.shape[:-2] \
                or a.shape[-1] != b.shape[-2]:
            raise self.error(f"MatMul of {list(a.shape)} by {list(b.shape)} "
                             f"needs broadcasting, which is not supported")
        batch = int(np.prod(a.shape[:-2]))
        m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
        a3 = self.reshape_value(a, (batch, m, k), self.hint("a"))
        b3 = self.reshape_value(b, (batch, k, n), self.hint("b"))
        names = [self.materialize(v, False, self.hint(r))
                 for v, r in ((a3, "a"), (b3, "b"))]
        out3 = (batch, m, n)
        product = _Value(shape=out3, ssa=self.matmul_3d(
            names[0], a3.shape, names[1], b3.shape, self.node_name))
        return self.reshape_value(product, a.shape[:-1] + (n,),
                                  self.hint("reshape"))

    def matmul(self) -> None:
        a, b = self.input(0), self.input(1)
        if a.is_const and b.is_const:
            self.define(_const(np.matmul(a.array, b.array)))
            return
        if len(a.shape) < 2 or len(b.shape) < 2:
            raise self.error("1-D operands are not supported")
        if b.is_const and len(b.shape) == 2:
            n = b.shape[1]
            self.define(self.fully_connected(
                a, b.array.astype(np.float32), np.zeros((1, n), np.float32)))
            return
        self.define(self.batched_matmul(a, b))

    def flatten(self) -> None:
        x = self.input(0)
        rank = len(x.shape)
        axis = int(self.attrs().get("axis", 1))
        axis = axis + rank if axis < 0 else axis
        shape = (int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))
        self.define(self.reshape_value(x, shape, self.node_name))

    def reshape(self) -> None:
        x = self.input(0)
        target = self.const_input(1, "the shape")
        if target is None:
            raise self.error("needs a shape")
        allow_zero = bool(self.attrs().get("allowzero", 0))
        shape = [int(d) for d in target.reshape(-1)]
        if not allow_zero:
            shape = [x.shape[i] if d == 0 else d for i, d in enumerate(shape)]
        if shape.count(-1) > 1:
            raise self.error("more than one -1 in the shape")
        if -1 in shape:
            known = int(np.prod([d for d in shape if d != -1]))
            shape[shape.index(-1)] = int(np.prod(x.shape)) // max(known, 1)
        if int(np.prod(shape)) != int(np.prod(x.shape)):
            raise self.error(f"cannot reshape {list(x.shape)} to {shape}")
        self.define(self.reshape_value(x, shape, self.node_name))

    def transpose(self) -> None:
        x = self.input(0)
        rank = len(x.shape)
        perm = [int(p) for p in self.attrs().get("perm",
                                                 range(rank - 1, -1, -1))]
        shape = tuple(x.shape[p] for p in perm)
        if x.is_const:
            self.define(_const(x.array.transpose(perm)))
            return
        if x.nhwc:
            # Logical axis j is physical axis position[j].
            position = [NCHW_TO_NHWC.index(j) for j in range(4)]
            physical = [position[p] for p in perm]
        else:
            physical = perm
        source = self.materialize(x, x.nhwc, self.node_name)
        if physical == list(range(rank)):
            self.define(_Value(shape=shape, ssa=source))
            return
        ssa = self.out.transpose(source, x.physical_shape, physical,
                                 self.node_name)
        self.define(_Value(shape=shape, ssa=ssa))

    def concat(self) -> None:
        inputs = [self.get(name) for name in self.node.input if name]
        rank = len(inputs[0].shape)
        axis = int(self.attrs()["axis"])
        axis = axis + rank if axis < 0 else axis
        if all(v.is_const for v in inputs):
            self.define(_const(np.concatenate([v.array for v in inputs],
                                              axis)))
            return
        shape = list(inputs[0].shape)
        shape[axis] = sum(v.shape[axis] for v in inputs)
        nhwc = rank == 4 and any(v.nhwc for v in inputs if not v.is_const)
        result = _Value(shape=tuple(shape), nhwc=nhwc)
        physical_axis = NCHW_TO_NHWC.index(axis) if nhwc else axis
        names = [self.materialize(v, nhwc, self.hint(f"input{i}"))
                 for i, v in enumerate(inputs)]
        types = [tensor_type(to_nhwc_shape(v.shape) if nhwc else v.shape,
                             "f32") for v in inputs]
        result.ssa = self.out.op(
            self.node_name, f"tosa.concat {', '.join(names)} {{axis = "
                            f"{physical_axis} : i32}} : ({', '.join(types)}) "
                            f"-> {tensor_type(result.physical_shape, 'f32')}",
            self.node_name)
        self.define(result)

    def identity(self) -> None:
        if self.node.op_type == "Dropout" and \
                len([o for o in self.node.output if o]) > 1:
            raise self.error("the mask output is not supported")
        self.define(self.input(0))

    def constant(self) -> None:
        attrs = self.attrs()
        if "value" in attrs:
            array = numpy_helper.to_array(attrs["value"])
        elif "value_float" in attrs:
            array = np.array(attrs["value_float"], np.float32)
        elif "value_floats" in attrs:
            array = np.array(attrs["value_floats"], np.float32)
        elif "value_int" in attrs:
            array = np.array(attrs["value_int"], np.int64)
        elif "value_ints" in attrs:
            array = np.array(attrs["value_ints"], np.int64)
        else:
            raise self.error(f"unsupported value attribute "
                             f"{sorted(attrs)}")
        self.define(_const(array))

    def cast(self) -> None:
        x = self.input(0)
        to = int(self.attrs()["to"])
        if x.is_const:
            self.define(_const(x.array.astype(_tensor_dtype_to_numpy(to))))
        elif to == onnx.TensorProto.FLOAT:
            self.define(x)
        else:
            raise self.error(f"a cast of a float tensor to "
                             f"{onnx.TensorProto.DataType.Name(to)} is not "
                             f"supported")

    HANDLERS: dict[str, Callable[[_Importer], None]] = {
        "Conv": conv,
        "BatchNormalization": batch_norm,
        "Relu": relu,
        "Clip": clip,
        "Add": binary,
        "Sub": binary,
        "Mul": binary,
        "Sigmoid": sigmoid,
        "HardSigmoid": hard_sigmoid,
        "HardSwish": hard_swish,
        "MaxPool": max_pool,
        "AveragePool": average_pool,
        "GlobalAveragePool": global_average_pool,
        "ReduceMean": reduce_mean,
        "Gemm": gemm,
        "MatMul": matmul,
        "Flatten": flatten,
        "Reshape": reshape,
        "Transpose": transpose,
        "Concat": concat,
        "Identity": identity,
        "Dropout": identity,
        "Constant": constant,
        "Cast": cast,
    }


# ===---------------------------------------------------------------------=== #
# Entry point
# ===---------------------------------------------------------------------=== #


def import_float_model(model: onnx.ModelProto,
                       batch: Optional[int] = None) -> str:
    """The float ONNX `model` as MLIR text: one `func.func @main` in TOSA on
    f32 (see the module's documentation). `batch` fixes the first dimension
    of the graph inputs (required when it is dynamic; it must agree with a
    static one). OnnxImportError for what cannot be imported."""
    if batch is not None and batch < 1:
        raise ValueError(f"batch must be positive, got {batch}")
    if not isinstance(model, onnx.ModelProto):
        raise TypeError("import_float_model takes an onnx.ModelProto")
    return _Importer(model, batch).run()
