"""quant-edge's Python command line: `python3 -m qedge SUBCOMMAND ...`.

Subcommands:

- `import`: an ONNX model into quant-edge's IR (`qedge.importer`).
- `quantize`: import, calibrate and quantize a float ONNX model
  (`qedge.quantize`).
- `report`: plots of a calibration report (`qedge.report`).

Each subcommand is a module with `add_arguments(parser)`, which declares
its arguments, and `run(args) -> int`, which returns the exit status; adding
one is adding a line to `SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

# Subcommand name -> (module under `qedge`, one-line help).
SUBCOMMANDS = {
    "import": ("importer", "import an ONNX model (float: the TOSA float level "
                           "with calibration markers; quantized: the qedge "
                           "quantized level)"),
    "quantize": ("quantize", "import, calibrate and quantize a float ONNX "
                             "model in one command"),
    "report": ("report", "plot a calibration report (histograms, ranges, "
                         "SQNR per method)"),
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of `python3 -m qedge`, with one subparser per entry of
    `SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="python3 -m qedge",
        description="quant-edge's Python tools.")
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND",
                                       required=True)
    for name, (module_name, summary) in SUBCOMMANDS.items():
        module = importlib.import_module(f"qedge.{module_name}")
        subparser = subparsers.add_parser(
            name, help=summary, description=(module.__doc__ or "").split(
                "\n\n")[0])
        module.add_arguments(subparser)
        subparser.set_defaults(run=module.run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parses `argv` (default: the process's arguments) and runs the
    subcommand; returns its exit status. A file error a subcommand does not
    report itself is one line, not a traceback. Every subcommand writes its
    files with `qedge.output`, so none is left half-written."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except OSError as error:
        where = f"{error.filename}: " if error.filename is not None else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
