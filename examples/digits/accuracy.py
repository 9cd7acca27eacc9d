"""The accuracy of the digits classifier quantized by every range method,
in both schemes, at several bit widths.

Calibrates `digits_float.mlir` once (`qedge-opt --qedge-insert-calibration`,
then `qedge-calibrate` on `calibration.npy`), then for each method, scheme
and bit width quantizes the calibrated program
(`qedge-opt --qedge-quantize-calibrated`, activations and weights with the
same number of bits, the pass's defaults otherwise) and runs it on the 360
test images with one `qedge-run` call (`batched.py`). The float program is
run the same way. Prints, and writes to `--output`, a markdown table: one
row per method and scheme, one column per bit width, each cell the accuracy
and its difference from float in percentage points.

With `--require-within POINTS`, the configurations named by
`--require-config` (default: minmax at 8 bits, both schemes) must lose at
most POINTS points against float; the script prints one line per check,

    minmax asymmetric 8 bits: 99.17% (float 99.44%, within 1 point)

and exits with status 1 if one fails. It exits with status 1 too when a
tool fails on a configuration, after printing the command and its message.
Needs only numpy.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from batched import REPOSITORY_ROOT, ToolError, find_tool, run_model, run_tool

HERE = Path(__file__).resolve().parent
METHODS = ("minmax", "moving-average", "mean-std", "percentile", "entropy",
           "mse")
SCHEMES = ("symmetric", "asymmetric")
DEFAULT_BITS = (8, 6, 4)
# Samples per calibration batch: the per-batch extremes that
# moving-average averages come from batches of this size.
CALIBRATION_BATCH_SIZE = 64
# Accuracies are multiples of 100/360 computed in double: a loss equal to
# the allowed points must not fail by a rounding error.
ACCURACY_TOLERANCE = 1e-9


@dataclass
class Tools:
    """The paths of the three tools the script runs."""

    opt: str
    run: str
    calibrate: str


@dataclass
class Outcome:
    """One configuration: its accuracy in percent, or the tool failure."""

    method: str
    scheme: str
    bits: int
    accuracy: Optional[float] = None
    error: Optional[ToolError] = None


def accuracy_percent(logits: np.ndarray, labels: np.ndarray) -> float:
    """Share of the images whose largest logit is their label, in %."""
    return 100.0 * float(np.mean(logits.argmax(axis=1) == labels))


def calibrate(tools: Tools, work: Path) -> Path:
    """`digits_float.mlir` with statistics on every calibration marker."""
    inserted = work / "inserted.mlir"
    calibrated = work / "calibrated.mlir"
    # Each marker is named after the op it observes (`loc("relu1")`); the
    # report's tensors carry these names.
    run_tool([tools.opt, str(HERE / "digits_float.mlir"),
              "--qedge-insert-calibration", "-o", str(inserted)])
    run_tool([tools.calibrate, str(inserted), "--entry=main",
              f"--input={HERE / 'calibration.npy'}",
              f"--batch-size={CALIBRATION_BATCH_SIZE}",
              "-o", str(calibrated)])
    return calibrated


def quantize(tools: Tools, calibrated: Path, work: Path, method: str,
             scheme: str, bits: int) -> Path:
    """The calibrated program quantized with `method`, `scheme` and `bits`
    bits of activations and weights (and its report, next to it)."""
    stem = work / f"{method}-{scheme}-{bits}"
    options = (f"method={method} activation-bits={bits} weight-bits={bits} "
               f"scheme={scheme} report={stem}.json")
    quantized = stem.with_suffix(".mlir")
    run_tool([tools.opt, str(calibrated),
              f"--qedge-quantize-calibrated={options}",
              "-o", str(quantized)])
    return quantized


def format_table(outcomes: list[Outcome], methods: list[str],
                 schemes: list[str], bits: list[int],
                 float_accuracy: float) -> str:
    """The markdown table: rows method x scheme, columns bit widths."""
    cells = {(o.method, o.scheme, o.bits): o for o in outcomes}
    header = ["method", "scheme"] + [f"{b} bits" for b in bits]
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(["---"] * 2 + ["---:"] * len(bits)) + " |"]
    for method in methods:
        for scheme in schemes:
            row = [method, scheme]
            for width in bits:
                outcome = cells[(method, scheme, width)]
                if outcome.accuracy is None:
                    row.append("failed")
                else:
                    delta = outcome.accuracy - float_accuracy
                    row.append(f"{outcome.accuracy:.2f}% ({delta:+.2f})")
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def parse_list(text: str, allowed: Optional[tuple[str, ...]] = None
               ) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("empty list")
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise argparse.ArgumentTypeError(
                    f"'{item}' is not one of {', '.join(allowed)}")
    return items


def parse_bits(text: str) -> list[int]:
    try:
        bits = [int(item) for item in parse_list(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of integers") from None
    for width in bits:
        if not 2 <= width <= 16:
            raise argparse.ArgumentTypeError(
                f"{width} bits: not in 2 to 16")
    return bits


def parse_config(text: str) -> tuple[str, int]:
    method, _, width = text.partition(":")
    if method not in METHODS or not width.isdigit():
        raise argparse.ArgumentTypeError(
            f"'{text}' is not METHOD:BITS (METHOD one of "
            f"{', '.join(METHODS)})")
    return method, int(width)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path,
                        default=REPOSITORY_ROOT / "build", metavar="DIR",
                        help="build tree whose bin/ holds qedge-opt, "
                             "qedge-calibrate and qedge-run (default: "
                             "build/ in the repository)")
    parser.add_argument("--workdir", type=Path, metavar="DIR",
                        help="keep the intermediate programs and reports "
                             "here (default: a temporary directory)")
    parser.add_argument("--output", type=Path, metavar="FILE.md",
                        help="also write the table to this file")
    parser.add_argument("--methods", type=lambda t: parse_list(t, METHODS),
                        default=list(METHODS),
                        help="comma-separated range methods (default: all)")
    parser.add_argument("--schemes", type=lambda t: parse_list(t, SCHEMES),
                        default=list(SCHEMES),
                        help="comma-separated schemes (default: "
                             "symmetric,asymmetric)")
    parser.add_argument("--bits", type=parse_bits, default=list(DEFAULT_BITS),
                        help="comma-separated bit widths, activations and "
                             "weights alike (default: 8,6,4)")
    parser.add_argument("--require-within", type=float, metavar="POINTS",
                        help="fail unless each --require-config loses at "
                             "most POINTS percentage points against float")
    parser.add_argument("--require-config", type=parse_config,
                        action="append", metavar="METHOD:BITS",
                        help="a configuration --require-within checks, in "
                             "every scheme run (repeatable; default: "
                             "minmax:8)")
    return parser


def check_requirements(outcomes: list[Outcome], configs: list[tuple[str, int]],
                       points: float, float_accuracy: float) -> bool:
    """Prints one line per checked configuration; False if one fails."""
    ok = True
    unit = "point" if points == 1 else "points"
    for method, width in configs:
        checked = [o for o in outcomes
                   if o.method == method and o.bits == width]
        if not checked:
            print(f"{method} {width} bits: not run (add it to --methods and "
                  f"--bits)")
            ok = False
        for outcome in checked:
            name = f"{method} {outcome.scheme} {width} bits"
            if outcome.accuracy is None:
                print(f"{name}: failed")
                ok = False
                continue
            loss = float_accuracy - outcome.accuracy
            within = loss <= points + ACCURACY_TOLERANCE
            verdict = "within" if within else "NOT within"
            print(f"{name}: {outcome.accuracy:.2f}% (float "
                  f"{float_accuracy:.2f}%, {verdict} {points:g} {unit})")
            ok = ok and within
    return ok


def evaluate(tools: Tools, work: Path, args: argparse.Namespace,
             images: np.ndarray, labels: np.ndarray) -> list[Outcome]:
    calibrated = calibrate(tools, work)
    outcomes = []
    for method in args.methods:
        for scheme in args.schemes:
            for width in args.bits:
                outcome = Outcome(method, scheme, width)
                try:
                    quantized = quantize(tools, calibrated, work, method,
                                         scheme, width)
                    logits = run_model(tools.run, quantized, images)
                    outcome.accuracy = accuracy_percent(logits, labels)
                except ToolError as error:
                    outcome.error = error
                outcomes.append(outcome)
    return outcomes


def main() -> int:
    args = build_parser().parse_args()
    configs = args.require_config or [("minmax", 8)]
    tools = Tools(*(find_tool(name, None, args.build)
                    for name in ("qedge-opt", "qedge-run", "qedge-calibrate")))
    images = np.load(HERE / "test_images.npy")
    labels = np.load(HERE / "test_labels.npy")

    try:
        float_logits = run_model(tools.run, HERE / "digits_float.mlir",
                                 images)
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            outcomes = evaluate(tools, args.workdir, args, images, labels)
        else:
            with tempfile.TemporaryDirectory() as work:
                outcomes = evaluate(tools, Path(work), args, images, labels)
    except ToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    float_accuracy = accuracy_percent(float_logits, labels)
    correct = int(np.sum(float_logits.argmax(axis=1) == labels))

    text = (f"Float: {float_accuracy:.2f}% ({correct}/{len(labels)}). "
            f"Each cell: accuracy on the {len(labels)} test images "
            f"(difference from float, in points).\n\n"
            + format_table(outcomes, args.methods, args.schemes, args.bits,
                           float_accuracy) + "\n")
    print(text)
    if args.output is not None:
        args.output.write_text(text)

    ok = True
    for outcome in outcomes:
        if outcome.error is not None:
            print(f"error: {outcome.method} {outcome.scheme} {outcome.bits} "
                  f"bits: {outcome.error}", file=sys.stderr)
            ok = False
    if args.require_within is not None:
        ok = check_requirements(outcomes, configs, args.require_within,
                                float_accuracy) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
