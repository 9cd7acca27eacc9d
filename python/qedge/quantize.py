"""Imports, calibrates and quantizes a float ONNX model in one command.

    python3 -m qedge quantize MODEL.onnx --calibration X.npy [...]
        [--method M] [--method-param V]
        [--bits N | --activation-bits N --weight-bits N]
        [--scheme symmetric|asymmetric] [--no-per-channel] [--rounding R]
        [--batch N] [--batch-size N] -o OUT.mlir [--report DIR]

The steps are the compiler's: the float level with calibration markers
(`qedge.importer`), `qedge-calibrate` over the calibration set (one `.npy`
per model input, samples along the first dimension, in the model's own
layout), `qedge-opt --qedge-quantize-calibrated` with the options given
(docs/Calibration.md). Defaults: `minmax`, 8 bits, asymmetric activations,
symmetric per-channel weights, `gemmlowp` rounding. With `--report DIR`,
the per-tensor report (`DIR/report.json`) and its plots (`qedge.report`)
are written too. `--batch` is the compiled batch; `--batch-size` the
calibration batch, which the statistics' batch extremes are taken over.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from qedge import onnx_import, onnx_quant, report
from qedge.importer import has_dynamic_batch, import_model
from qedge.tools import ToolError, find_tool, run_tool

METHODS = ("minmax", "moving-average", "mean-std", "percentile", "entropy",
           "mse")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the `quantize` subcommand."""
    parser.add_argument("model", type=Path, metavar="MODEL.onnx")
    parser.add_argument("--calibration", type=Path, action="append",
                        required=True, metavar="X.npy",
                        help="calibration samples of the next model input "
                             "(repeat, in input order)")
    parser.add_argument("--method", choices=METHODS, default="minmax")
    parser.add_argument("--method-param", type=float, default=None,
                        metavar="V", help="the method's parameter (moving-"
                        "average: c; mean-std: k; percentile: p)")
    parser.add_argument("--bits", type=int, default=None, metavar="N",
                        help="activation and weight bits (default 8)")
    parser.add_argument("--activation-bits", type=int, default=None,
                        metavar="N")
    parser.add_argument("--weight-bits", type=int, default=None, metavar="N")
    parser.add_argument("--scheme", choices=("symmetric", "asymmetric"),
                        default="asymmetric")
    parser.add_argument("--no-per-channel", action="store_true",
                        help="weights per tensor instead of per channel")
    parser.add_argument("--rounding", choices=("gemmlowp", "rndnu", "fp32"),
                        default="gemmlowp")
    parser.add_argument("--batch", type=int, default=None, metavar="N",
                        help="the compiled batch (default: the model's, or "
                             "1 for a dynamic batch)")
    parser.add_argument("--batch-size", type=int, default=None, metavar="N",
                        help="samples per calibration batch (default: the "
                             "compiled batch)")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="OUT.mlir")
    parser.add_argument("--report", type=Path, default=None, metavar="DIR",
                        help="write report.json and its plots here")
    parser.add_argument("--build", type=Path, default=None, metavar="DIR",
                        help="the build directory whose bin/ holds the "
                             "tools (default: see qedge.tools)")


def pass_options(args: argparse.Namespace, report_path: Path | None) -> str:
    """The options of --qedge-quantize-calibrated for `args`."""
    if args.bits is not None and (args.activation_bits or args.weight_bits):
        raise ValueError("--bits sets both widths; give it alone, or "
                         "--activation-bits and --weight-bits")
    bits = args.bits or 8
    options = [f"method={args.method}",
               f"activation-bits={args.activation_bits or bits}",
               f"weight-bits={args.weight_bits or bits}",
               f"scheme={args.scheme}",
               f"per-channel={'false' if args.no_per_channel else 'true'}",
               f"rounding={args.rounding}"]
    if args.method_param is not None:
        options.append(f"method-param={args.method_param}")
    if report_path is not None:
        options.append(f"report={report_path}")
    return " ".join(options)


def run(args: argparse.Namespace) -> int:
    """Runs the `quantize` subcommand; the exit status."""
    def tool(name: str) -> str:
        return find_tool(name, str(args.build / "bin" / name)
                         if args.build else None)

    try:
        model = onnx_import.load_model(args.model)
        if onnx_quant.is_quantized_model(model):
            raise ValueError("the model is quantized already; "
                             "`python3 -m qedge import` imports it as is")
        batch = args.batch or (1 if has_dynamic_batch(model) else None)
        report_path = None
        if args.report is not None:
            args.report.mkdir(parents=True, exist_ok=True)
            report_path = args.report / "report.json"
        options = pass_options(args, report_path)
        with tempfile.TemporaryDirectory() as work:
            marked = Path(work) / "marked.mlir"
            calibrated = Path(work) / "calibrated.mlir"
            marked.write_text(import_model(model, batch,
                                           qedge_opt=tool("qedge-opt")))
            command = [tool("qedge-calibrate"), str(marked), "--entry=main"]
            command += [f"--input={path}" for path in args.calibration]
            if args.batch_size:
                command.append(f"--batch-size={args.batch_size}")
            command += ["-o", str(calibrated)]
            run_tool(command)
            run_tool([tool("qedge-opt"), str(calibrated),
                      f"--qedge-quantize-calibrated={options}",
                      "-o", str(args.output)])
        print(f"wrote {args.output}")
        if report_path is not None:
            for path in report.write_report(report.load_report(report_path),
                                            args.report):
                print(f"wrote {path}")
    except (ValueError, FileNotFoundError, ToolError,
            report.ReportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
