"""Imports an ONNX model into quant-edge's IR.

    python3 -m qedge import MODEL.onnx -o OUT.mlir [--batch N]
        [--rounding fp32|qnnpack]

A float model becomes the float level (TOSA on f32, `qedge.onnx_import`)
with calibration markers on the tensors whose ranges calibration learns
(`qedge-opt --qedge-insert-calibration`); an already quantized model
(QuantizeLinear / DequantizeLinear graphs, QLinearConv, QLinearMatMul,
ConvInteger, MatMulInteger) becomes the quantized `qedge` level directly
(`qedge.onnx_quant`). Either way the function is `@main`, taking and
returning the model's own tensors in the model's own layout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

import onnx

from qedge import onnx_import, onnx_quant
from qedge.output import describe_os_error, write_output
from qedge.tools import ToolError, find_tool, run_tool


def import_model(model: onnx.ModelProto, batch: Optional[int] = None,
                 mark: bool = True, qedge_opt: Optional[str] = None,
                 rounding: str = "fp32") -> str:
    """The MLIR text of `model`: the quantized level for a quantized
    model (requantizing by `rounding`), else the float level, with
    calibration markers when `mark`."""
    if onnx_quant.is_quantized_model(model):
        return onnx_quant.import_quantized_model(model, batch or 1, rounding)
    text = onnx_import.import_float_model(model, batch)
    if not mark:
        return text
    return run_tool([find_tool("qedge-opt", qedge_opt), "-",
                     "--qedge-insert-calibration"], stdin=text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the `import` subcommand."""
    parser.add_argument("model", type=Path, metavar="MODEL.onnx")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="OUT.mlir")
    parser.add_argument("--batch", type=int, default=None, metavar="N",
                        help="the batch a dynamic first dimension is fixed "
                             "to (default: 1 for a dynamic batch)")
    parser.add_argument("--no-calibration-markers", action="store_true",
                        help="a float model without qedge.calibrate markers")
    parser.add_argument("--rounding", choices=onnx_quant.ROUNDINGS,
                        default="fp32",
                        help="the requantization of a quantized model: "
                             "ONNX Runtime's (fp32, the default) or, for a "
                             "model exported from PyTorch's quantized "
                             "modules, PyTorch qnnpack's (qnnpack)")
    parser.add_argument("--qedge-opt", metavar="PATH",
                        help="the qedge-opt to use")


def run(args: argparse.Namespace) -> int:
    """Runs the `import` subcommand; the exit status."""
    try:
        model = onnx_import.load_model(args.model)
        batch = args.batch if args.batch is not None else (
            1 if has_dynamic_batch(model) else None)
        text = import_model(model, batch, not args.no_calibration_markers,
                            args.qedge_opt, args.rounding)
    except (ValueError, FileNotFoundError, ToolError) as error:
        print(f"error: {args.model}: {error}", file=sys.stderr)
        return 1
    try:
        write_output(args.output, text)
    except OSError as error:
        print(f"error: {describe_os_error(error, args.output)}",
              file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0


def has_dynamic_batch(model: onnx.ModelProto) -> bool:
    """Whether a graph input has a symbolic or unknown first dimension."""
    initializers = {i.name for i in model.graph.initializer}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        dims = value.type.tensor_type.shape.dim
        if dims and not dims[0].HasField("dim_value"):
            return True
    return False
