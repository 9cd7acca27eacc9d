"""MLIR written as text: types, attributes, literals, a few ops, functions.

The programs that quant-edge's tests generate, and that its importers emit,
are MLIR text handed to `qedge-opt`, `qedge-run` or `qedge-compile`. This
module spells the pieces they share once, in the syntax MLIR's own printer
uses, and exactly: an integer literal is the two's-complement value a
signless integer holds, a float literal reads back as the very same double,
a float32 tensor can be written as its bytes. It only formats; the tools'
parser and verifier check the IR.

    >>> tensor_type((1, 8, 8, 3), "i8")
    'tensor<1x8x8x3xi8>'
    >>> quant_uniform_type(quant_storage_type(8, True, -8, 7), [0.5], [3])
    '!quant.uniform<i8<-8:7>:f32, 0.5:3>'
"""

from __future__ import annotations

import json
import math
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np
from numpy.typing import ArrayLike

# ===---------------------------------------------------------------------=== #
# Literals
# ===---------------------------------------------------------------------=== #


def float_literal(value: float) -> str:
    """A decimal MLIR float literal that reads back as exactly `value` (a
    double): Python's shortest round-trip spelling, with the `.0` that
    MLIR's lexer needs before an exponent (`1e-05` is written `1.0e-05`).

    Infinities and NaN have no decimal literal: ValueError."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value} has no decimal MLIR float literal")
    text = repr(value)
    mantissa, exponent_mark, exponent = text.partition("e")
    if exponent_mark and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


def signless(values: ArrayLike, bits: int) -> np.ndarray:
    """Integers, signed or unsigned, as the two's-complement values a
    signless `iBITS` holds (int64): 200 in i8 is -56. Values outside
    [-2^(bits-1), 2^bits - 1] fit neither reading: ValueError."""
    v = np.asarray(values, dtype=np.int64)
    if not 1 <= bits <= 64:
        raise ValueError(f"no signless integer type of {bits} bits")
    if bits == 64:
        return v
    if v.size and (v.min() < -(1 << (bits - 1)) or v.max() >= 1 << bits):
        raise ValueError(f"values outside [{-(1 << (bits - 1))}, "
                         f"{(1 << bits) - 1}] do not fit in i{bits}")
    return np.where(v >= 1 << (bits - 1), v - (1 << bits), v)


def dense_elements(values: ArrayLike, bits: int) -> str:
    """A dense integer elements literal for an `iBITS` tensor, the values as
    `signless` writes them: `dense<7>` when every element is the same (a
    splat), else nested lists in row-major order, `dense<[[1, -2], [3,
    4]]>`."""
    held = signless(values, bits)
    flat = held.reshape(-1)
    if flat.size and np.all(flat == flat[0]):
        return f"dense<{int(flat[0])}>"
    return f"dense<{json.dumps(held.tolist())}>"


def dense_f32_hex(values: ArrayLike) -> str:
    """A float32 elements literal as the little-endian bytes of the values in
    hex, `dense<"0x0000803F">` for [1.0]: exact for every float32, the
    infinities, NaN payloads and -0.0 included."""
    data = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return f'dense<"0x{data.hex().upper()}">'


# ===---------------------------------------------------------------------=== #
# Types
# ===---------------------------------------------------------------------=== #


def tensor_type(shape: Sequence[int], element: str) -> str:
    """A ranked tensor type, `tensor<2x3xi8>`; the empty shape gives the
    rank-0 `tensor<i8>`."""
    return "tensor<" + "".join(f"{int(d)}x" for d in shape) + element + ">"


def quant_storage_type(bits: int, signed: bool, qmin: Optional[int] = None,
                       qmax: Optional[int] = None) -> str:
    """The storage type of a quantized type: `i8`, `u8`, or with a range
    narrower than the container's `i8<-8:7>` (a bound left None is the
    container's)."""
    if signed:
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        low, high = 0, (1 << bits) - 1
    qmin = low if qmin is None else qmin
    qmax = high if qmax is None else qmax
    if not low <= qmin <= qmax <= high:
        raise ValueError(f"[{qmin}, {qmax}] is not a range of "
                         f"{'signed' if signed else 'unsigned'} {bits}-bit "
                         f"storage")
    name = f"{'i' if signed else 'u'}{bits}"
    return name if (qmin, qmax) == (low, high) else f"{name}<{qmin}:{qmax}>"


def quant_uniform_type(storage: str, scales: Sequence[float],
                       zero_points: Sequence[int],
                       axis: Optional[int] = None,
                       expressed: str = "f32") -> str:
    """A `!quant.uniform` type. Per tensor (`axis` None), one scale and one
    zero point: `!quant.uniform<i8:f32, 0.5:3>`. Per axis, a scale per index
    of `axis` and one zero point for all or one each:
    `!quant.uniform<i8:f32:0, {0.5:3, 0.25}>`. Scales are written as
    `float_literal` writes them; a zero point of 0 is left out, as MLIR
    prints it."""
    scales, zero_points = list(scales), list(zero_points)
    if axis is None and (len(scales), len(zero_points)) != (1, 1):
        raise ValueError("a per-tensor type has one scale and one zero point")
    if len(zero_points) == 1:
        zero_points = zero_points * len(scales)
    if not scales or len(zero_points) != len(scales):
        raise ValueError(f"{len(scales)} scales and {len(zero_points)} zero "
                         f"points")

    def entry(scale: float, zero_point: int) -> str:
        text = float_literal(scale)
        return text if zero_point == 0 else f"{text}:{int(zero_point)}"

    if axis is None:
        return (f"!quant.uniform<{storage}:{expressed}, "
                f"{entry(scales[0], zero_points[0])}>")
    body = ", ".join(entry(s, z) for s, z in zip(scales, zero_points))
    return f"!quant.uniform<{storage}:{expressed}:{axis}, {{{body}}}>"


# ===---------------------------------------------------------------------=== #
# Attributes
# ===---------------------------------------------------------------------=== #


def dense_array(element: str, values: Iterable) -> str:
    """A dense array attribute, `array<i64: 1, 2>` or `array<f32: 0.5>`:
    integers for an `iN` element type, `float_literal`s for `f32` / `f64`
    (MLIR rounds each to the element type when it parses it); the empty
    array is `array<i64>`."""
    if element in ("f32", "f64"):
        items = [float_literal(v) for v in values]
    elif element.startswith("i") and element[1:].isdigit():
        items = [str(int(v)) for v in values]
    else:
        raise ValueError(f"no dense array of '{element}'")
    if not items:
        return f"array<{element}>"
    return f"array<{element}: {', '.join(items)}>"


def integer_attr(value: int, type_: str = "i64") -> str:
    """A typed integer attribute, `3 : i64`."""
    return f"{int(value)} : {type_}"


def float_attr(value: float, type_: str = "f32") -> str:
    """A typed float attribute, `0.5 : f32` (`float_literal`; MLIR rounds
    it to the type)."""
    return f"{float_literal(value)} : {type_}"


def attr_dict(attributes: Mapping[str, Optional[str]]) -> str:
    """An attribute dictionary as an op's `attr-dict` is written, in the
    order given: `{pad_value = 4 : i64, input_unsigned}` (a value of None is
    a unit attribute), or the empty string when there are none."""
    if not attributes:
        return ""
    entries = [name if value is None else f"{name} = {value}"
               for name, value in attributes.items()]
    return "{" + ", ".join(entries) + "}"


# ===---------------------------------------------------------------------=== #
# qedge attributes
# ===---------------------------------------------------------------------=== #


def rounding_attr(mode: str) -> str:
    """The requantization mode of a qedge op, `#qedge.rounding<fp32>`
    (`gemmlowp`, `rndnu` or `fp32`)."""
    return f"#qedge.rounding<{mode}>"


def conv_geometry_attrs(strides: Sequence[int] = (1, 1),
                        padding: Sequence[int] = (0, 0, 0, 0),
                        dilations: Sequence[int] = (1, 1),
                        groups: int = 1) -> dict[str, str]:
    """The geometry attributes of `qedge.conv2d` / `qedge.int_conv2d` that
    differ from their defaults, for `attr_dict`: strides [h, w], padding
    [top, bottom, left, right], dilations [h, w], groups."""
    attrs = {}
    if tuple(strides) != (1, 1):
        attrs["strides"] = dense_array("i64", strides)
    if tuple(padding) != (0, 0, 0, 0):
        attrs["padding"] = dense_array("i64", padding)
    if tuple(dilations) != (1, 1):
        attrs["dilations"] = dense_array("i64", dilations)
    if groups != 1:
        attrs["groups"] = integer_attr(groups)
    return attrs


# ===---------------------------------------------------------------------=== #
# Operations and functions
# ===---------------------------------------------------------------------=== #


def constant(result: str, literal: str, type_: str) -> str:
    """An `arith.constant`: `%w = arith.constant dense<3> : tensor<4xi8>`."""
    return f"{result} = arith.constant {literal} : {type_}"


def storage_cast(result: str, operand: str, from_type: str,
                 to_type: str) -> str:
    """A `quant.scast` between a quantized type and its storage type:
    `%q = quant.scast %x : tensor<4xi8> to tensor<4x!quant.uniform<...>>`."""
    return f"{result} = quant.scast {operand} : {from_type} to {to_type}"


def function(name: str, arguments: Sequence[tuple[str, str]],
             results: Sequence[tuple[str, str]], body: Sequence[str]) -> str:
    """A `func.func @NAME` taking `arguments` ((name, type) pairs, e.g.
    ("%arg0", "tensor<4xi8>")) and returning `results` ((value, type)
    pairs), with the `body` lines (ops and comments) indented by two
    spaces, then the `return`. The result types are written in parentheses;
    the text ends with a newline."""
    signature = ", ".join(f"{arg}: {type_}" for arg, type_ in arguments)
    types = ", ".join(type_ for _, type_ in results)
    values = ", ".join(value for value, _ in results)
    header = f"func.func @{name}({signature})"
    if results:
        header += f" -> ({types})"
    lines = [header + " {"]
    lines += ["  " + line for line in body]
    lines.append(f"  return {values} : {types}" if results else "  return")
    lines.append("}")
    return "\n".join(lines) + "\n"
