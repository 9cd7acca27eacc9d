"""Tests of qedge.mlir_text: the spellings MLIR's parser reads, exactly."""

from __future__ import annotations

import re
import struct

import numpy as np
import pytest

from qedge import mlir_text as mt

# MLIR's decimal float literal: [-+]?[0-9]+[.][0-9]*([eE][-+]?[0-9]+)?
MLIR_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*([eE][-+]?[0-9]+)?")


@pytest.mark.parametrize("value, text", [
    (0.5, "0.5"), (-2.0, "-2.0"), (1e-05, "1.0e-05"), (1e16, "1.0e+16"),
    (1.5e-300, "1.5e-300"), (0.1, "0.1"), (-0.0, "-0.0"),
])
def test_float_literal(value: float, text: str) -> None:
    assert mt.float_literal(value) == text


def test_float_literal_reads_back_exactly() -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([
        10.0 ** rng.uniform(-40, 40, size=500),
        rng.uniform(-1, 1, size=500),
        rng.standard_normal(500).astype(np.float32),
        [5e-324, 1.7976931348623157e308, 2.0 ** -149, 3.4028234663852886e38],
    ])
    for value in values:
        text = mt.float_literal(value)
        assert MLIR_FLOAT.fullmatch(text), text
        assert float(text) == float(value)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_float_literal_rejects_non_finite(value: float) -> None:
    with pytest.raises(ValueError):
        mt.float_literal(value)


def test_signless() -> None:
    held = mt.signless([0, 127, 128, 200, 255, -1, -128], 8)
    assert held.tolist() == [0, 127, -128, -56, -1, -1, -128]
    assert mt.signless([65535, -32768], 16).tolist() == [-1, -32768]
    assert mt.signless([-(1 << 63), (1 << 63) - 1], 64).tolist() == [
        -(1 << 63), (1 << 63) - 1]
    with pytest.raises(ValueError):
        mt.signless([256], 8)
    with pytest.raises(ValueError):
        mt.signless([-129], 8)


def test_dense_elements() -> None:
    assert (mt.dense_elements([[1, -2], [3, 4]], 32)
            == "dense<[[1, -2], [3, 4]]>")
    assert mt.dense_elements(np.full((2, 3), 255), 8) == "dense<-1>"
    assert mt.dense_elements(np.array(7), 64) == "dense<7>"
    assert mt.dense_elements([200, 1], 8) == "dense<[-56, 1]>"
    assert mt.dense_elements(np.zeros((0, 2), np.int64), 8) == "dense<[]>"


def test_dense_f32_hex() -> None:
    assert mt.dense_f32_hex([1.0]) == 'dense<"0x0000803F">'
    values = np.array([1.5, -0.0, np.inf, -np.inf, 2.0 ** -149], np.float32)
    nan = np.frombuffer(struct.pack("<I", 0x7FC01234), np.float32)
    values = np.concatenate([values, nan])
    text = mt.dense_f32_hex(values.reshape(2, 3))
    data = bytes.fromhex(re.fullmatch(r'dense<"0x([0-9A-F]*)">', text)[1])
    assert data == values.astype("<f4").tobytes()


def test_tensor_type() -> None:
    assert mt.tensor_type((1, 8, 8, 3), "i8") == "tensor<1x8x8x3xi8>"
    assert mt.tensor_type(np.zeros((2, 5)).shape, "f32") == "tensor<2x5xf32>"
    assert mt.tensor_type((), "i32") == "tensor<i32>"


def test_quant_storage_type() -> None:
    assert mt.quant_storage_type(8, True) == "i8"
    assert mt.quant_storage_type(8, True, -128, 127) == "i8"
    assert mt.quant_storage_type(8, True, -127, 127) == "i8<-127:127>"
    assert mt.quant_storage_type(8, False, 0, 15) == "u8<0:15>"
    assert mt.quant_storage_type(16, False) == "u16"
    with pytest.raises(ValueError):
        mt.quant_storage_type(8, False, -1, 15)
    with pytest.raises(ValueError):
        mt.quant_storage_type(8, True, 5, 4)


def test_quant_uniform_type() -> None:
    assert (mt.quant_uniform_type("i8", [0.5], [3])
            == "!quant.uniform<i8:f32, 0.5:3>")
    assert (mt.quant_uniform_type("u8", [1e-05], [0])
            == "!quant.uniform<u8:f32, 1.0e-05>")
    assert (mt.quant_uniform_type("i8<-127:127>", [0.5, 0.25], [0], axis=0)
            == "!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>")
    assert (mt.quant_uniform_type("i16", [0.5, 0.25], [3, -4], axis=3)
            == "!quant.uniform<i16:f32:3, {0.5:3, 0.25:-4}>")
    with pytest.raises(ValueError):
        mt.quant_uniform_type("i8", [0.5, 0.25], [0])
    with pytest.raises(ValueError):
        mt.quant_uniform_type("i8", [0.5, 0.25, 0.125], [1, 2], axis=0)


def test_dense_array() -> None:
    assert mt.dense_array("i64", (1, 1, 2, 0)) == "array<i64: 1, 1, 2, 0>"
    assert mt.dense_array("i32", np.array([-7])) == "array<i32: -7>"
    assert mt.dense_array("f32", [0.5, 1e-05]) == "array<f32: 0.5, 1.0e-05>"
    assert mt.dense_array("i64", []) == "array<i64>"
    with pytest.raises(ValueError):
        mt.dense_array("tensor", [1])


def test_attributes() -> None:
    assert mt.integer_attr(-3) == "-3 : i64"
    assert mt.float_attr(6.0) == "6.0 : f32"
    assert mt.attr_dict({}) == ""
    assert (mt.attr_dict({"pad_value": mt.integer_attr(4),
                          "input_unsigned": None})
            == "{pad_value = 4 : i64, input_unsigned}")


def test_qedge_attributes() -> None:
    assert mt.rounding_attr("fp32") == "#qedge.rounding<fp32>"
    assert mt.conv_geometry_attrs() == {}
    assert mt.conv_geometry_attrs((2, 1), [0, 1, 1, 0], (1, 1), 3) == {
        "strides": "array<i64: 2, 1>", "padding": "array<i64: 0, 1, 1, 0>",
        "groups": "3 : i64"}
    assert (mt.attr_dict(mt.conv_geometry_attrs(dilations=(2, 2)))
            == "{dilations = array<i64: 2, 2>}")


def test_ops() -> None:
    assert (mt.constant("%w", "dense<3>", "tensor<4xi8>")
            == "%w = arith.constant dense<3> : tensor<4xi8>")
    assert (mt.storage_cast("%q", "%x", "tensor<4xi8>",
                            "tensor<4x!quant.uniform<i8:f32, 0.5>>")
            == "%q = quant.scast %x : tensor<4xi8> to "
               "tensor<4x!quant.uniform<i8:f32, 0.5>>")


def test_function() -> None:
    text = mt.function(
        "main", [("%arg0", "tensor<4xi8>")],
        [("%c", "tensor<4xi8>"), ("%arg0", "tensor<4xi8>")],
        ["// a constant", mt.constant("%c", "dense<1>", "tensor<4xi8>")])
    assert text == (
        "func.func @main(%arg0: tensor<4xi8>) -> (tensor<4xi8>, "
        "tensor<4xi8>) {\n"
        "  // a constant\n"
        "  %c = arith.constant dense<1> : tensor<4xi8>\n"
        "  return %c, %arg0 : tensor<4xi8>, tensor<4xi8>\n"
        "}\n")
    assert mt.function("nothing", [], [], []) == (
        "func.func @nothing() {\n  return\n}\n")
