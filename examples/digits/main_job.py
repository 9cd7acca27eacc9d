"""quant-edge's main job on the digits CNN checked in as ONNX: import,
calibrate once, quantize with every range method, scheme and bit width, run
each program on the host and on AArch64, and compare.

    python3 examples/digits/main_job.py [--output DIR] [--methods M,...]
        [--schemes S,...] [--bits N,...] [--jobs N] [--no-arm]

The steps, each a quant-edge tool driven through the `qedge` package:

1. `digits.onnx` (NCHW `image` [batch, 1, 8, 8]) to the TOSA float level
   with calibration markers (`qedge.importer`), and without them for the
   float reference;
2. `qedge-calibrate` over `calibration.npy` in batches of 64, once;
3. for every method, scheme and bit width (activations and weights alike),
   `qedge-opt --qedge-quantize-calibrated` on that one calibrated program
   (options from `qedge.quantize.pass_options`), with its report;
4. AArch64: each program with a batched entry
   (`qedge-opt --qedge-add-batched-entry`), compiled
   by `qedge-compile --emit=exe --target=aarch64+dotprod` and run under
   `qemu-aarch64 -cpu max` on the 360 test images in one process;
5. the calibration plots (`qedge.report`) of one configuration per method
   (8-bit asymmetric when it was run);
6. the host: each program on the same images with `qedge-run --batched`
   (the JIT, `--target=host`), timed with `--benchmark`, one at a time;
7. the table: one row per method and scheme, one column per bit width; each
   cell the accuracy, its difference from float in points, whether the host
   and AArch64 logits are the same bytes (✓ / ✗), and the host time per
   image in µs.

Steps 3 and 4 run `--jobs` configurations at once (default: one per CPU).
Everything is written under `--output` (default: `digits-job` in the build
directory): the imported and calibrated programs, `programs/` (each
quantized program, its report, its AArch64 executable and both outputs),
`plots/<method>/` and `table.md`. Exits with status 1 if a tool fails (after
printing its command and message), if the host and AArch64 outputs differ,
or if `--require-within` is not met. Needs numpy, onnx and matplotlib.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

HERE = Path(__file__).resolve().parent
REPOSITORY_ROOT = HERE.parents[1]
# The package of this clone (python/qedge), before any installed one.
sys.path.insert(0, str(REPOSITORY_ROOT / "python"))

from qedge import onnx_import, report  # noqa: E402
from qedge.importer import import_model  # noqa: E402
from qedge.quantize import METHODS, pass_options  # noqa: E402
from qedge.tools import ToolError, find_tool, run_tool  # noqa: E402

SCHEMES = ("symmetric", "asymmetric")
DEFAULT_BITS = (8, 6, 4)
ENTRY = "main"
ARM_TARGET = "aarch64+dotprod"
# Debian's qemu-user with the C library of gcc's aarch64-linux-gnu cross
# toolchain; `-cpu max` has the dot product instructions.
DEFAULT_QEMU = "qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu"
# Samples per calibration batch: the per-batch extremes that
# moving-average averages come from batches of this size.
CALIBRATION_BATCH_SIZE = 64
# Timed calls of the batched program on the host (after a warm-up call);
# the float program, a hundred times slower, is timed fewer times.
BENCHMARK_CALLS = 20
FLOAT_BENCHMARK_CALLS = 3
# The configuration whose report is plotted for each method, when run.
PLOT_SCHEME, PLOT_BITS = "asymmetric", 8
# Accuracies are multiples of 100/360 computed in double: a loss equal to
# the allowed points must not fail by a rounding error.
ACCURACY_TOLERANCE = 1e-9
_BENCHMARK_LINE = re.compile(r"median ([0-9.]+) us")


@dataclass
class Tools:
    """The tools the job runs: quant-edge's and qemu's command words."""

    opt: str
    run: str
    calibrate: str
    compile: str
    qemu: Optional[list[str]]


@dataclass
class Outcome:
    """One configuration: accuracy (%), host time per image (us), whether
    the AArch64 logits are the host's bytes (None: not run), and the tool
    failures: `error` when quantizing or the host run failed, `arm_error`
    when compiling for or running on AArch64 did."""

    method: str
    scheme: str
    bits: int
    accuracy: Optional[float] = None
    host_us: Optional[float] = None
    identical: Optional[bool] = None
    report: Optional[Path] = None
    error: Optional[ToolError] = None
    arm_error: Optional[ToolError] = None

    @property
    def name(self) -> str:
        return f"{self.method} {self.scheme} {self.bits} bits"

    @property
    def stem(self) -> str:
        """The name of its files, without extension."""
        return f"{self.method}-{self.scheme}-{self.bits}"


# ===---------------------------------------------------------------------=== #
# Steps
# ===---------------------------------------------------------------------=== #


def to_nchw(images: np.ndarray) -> np.ndarray:
    """NHWC images (as the .npy files hold them) in the model's NCHW."""
    return np.ascontiguousarray(images.transpose(0, 3, 1, 2),
                                dtype=np.float32)


def accuracy_percent(logits: np.ndarray, labels: np.ndarray) -> float:
    """Share of the images whose largest logit is their label, in %."""
    return 100.0 * float(np.mean(logits.argmax(axis=1) == labels))


def run_host(tools: Tools, program: Path, images: Path, output: Path,
             samples: int, calls: int) -> float:
    """Runs `@main` of `program` on every image with one `qedge-run
    --batched` call, writing the logits to `output`; returns the median of
    `calls` timed calls over all images divided by their number, in us."""
    printed = run_tool([tools.run, str(program), f"--entry={ENTRY}",
                        "--batched", f"--input={images}",
                        f"--output={output}",
                        f"--benchmark={calls}"])
    match = _BENCHMARK_LINE.search(printed)
    if not match:
        raise ToolError([tools.run], f"no timing in its output: {printed!r}")
    return float(match.group(1)) / samples


def run_arm(tools: Tools, program: Path, images: Path, output: Path,
            samples: int) -> None:
    """Compiles `program` with a batched entry over `samples` images for
    AArch64 and runs it under qemu on `images`, writing the logits to
    `output`."""
    batched = program.with_name(program.stem + "-batched.mlir")
    run_tool([tools.opt, str(program),
              f"--qedge-add-batched-entry=entry={ENTRY} samples={samples}",
              "-o", str(batched)])
    executable = program.with_name(program.stem + "-aarch64")
    run_tool([tools.compile, str(batched), f"--entry={ENTRY}_batched",
              "--emit=exe", f"--target={ARM_TARGET}", "-o", str(executable)])
    run_tool(tools.qemu + [str(executable), f"--input={images}",
                           f"--output={output}"])


def same_bytes(a: Path, b: Path) -> bool:
    """Whether two .npy files hold arrays of the same dtype, shape and
    bytes."""
    x, y = np.load(a), np.load(b)
    return x.dtype == y.dtype and x.shape == y.shape and \
        x.tobytes() == y.tobytes()


def quantize_and_run_arm(tools: Tools, calibrated: Path, programs: Path,
                        images: Path, samples: int, outcome: Outcome
                        ) -> Outcome:
    """Quantizes the calibrated program for `outcome`'s configuration and,
    unless AArch64 is off, runs it under qemu; records the tool failures in
    `outcome`. Safe to run several at once."""
    stem = programs / outcome.stem
    options = pass_options(argparse.Namespace(
        method=outcome.method, method_param=None, bits=outcome.bits,
        activation_bits=None, weight_bits=None, scheme=outcome.scheme,
        no_per_channel=False, rounding="gemmlowp"),
        stem.with_suffix(".json"))
    try:
        run_tool([tools.opt, str(calibrated),
                  f"--qedge-quantize-calibrated={options}",
                  "-o", str(stem.with_suffix(".mlir"))])
    except ToolError as error:
        outcome.error = error
        return outcome
    outcome.report = stem.with_suffix(".json")
    if tools.qemu is not None:
        try:
            run_arm(tools, stem.with_suffix(".mlir"), images,
                    stem.with_name(stem.name + "-aarch64.npy"), samples)
        except ToolError as error:
            outcome.arm_error = error
    return outcome


def run_and_compare(tools: Tools, programs: Path, images: Path,
                    labels: np.ndarray, outcome: Outcome) -> None:
    """Runs and times the quantized program on the host, and compares its
    logits with AArch64's; fills in `outcome`. Run one at a time, so that
    the timing has the machine to itself."""
    stem = programs / outcome.stem
    host = stem.with_name(stem.name + "-host.npy")
    try:
        outcome.host_us = run_host(tools, stem.with_suffix(".mlir"), images,
                                   host, len(labels), BENCHMARK_CALLS)
    except ToolError as error:
        outcome.error = error
        return
    outcome.accuracy = accuracy_percent(np.load(host), labels)
    if tools.qemu is not None and outcome.arm_error is None:
        outcome.identical = same_bytes(
            host, stem.with_name(stem.name + "-aarch64.npy"))


def plot_report(path: Path, directory: Path) -> list[Path]:
    """The plots of one report (`qedge.report`), in a worker process."""
    return report.write_report(report.load_report(path), directory)


def plotted_configuration(outcomes: list[Outcome], method: str
                          ) -> Optional[Outcome]:
    """The configuration of `method` whose report is plotted: 8-bit
    asymmetric if run, else the widest asymmetric one, else the widest."""
    done = [o for o in outcomes if o.method == method and o.report]
    preferred = [o for o in done
                 if (o.scheme, o.bits) == (PLOT_SCHEME, PLOT_BITS)]
    if preferred:
        return preferred[0]
    return max(done, key=lambda o: (o.scheme == PLOT_SCHEME, o.bits),
               default=None)


# ===---------------------------------------------------------------------=== #
# The table
# ===---------------------------------------------------------------------=== #


def format_cell(outcome: Outcome, float_accuracy: float) -> str:
    if outcome.error is not None or outcome.accuracy is None:
        return "failed"
    delta = outcome.accuracy - float_accuracy
    same = "AArch64 failed" if outcome.arm_error else \
        {True: "✓", False: "✗", None: "–"}[outcome.identical]
    return f"{outcome.accuracy:.2f}% ({delta:+.2f}) {same} " \
           f"{outcome.host_us:.1f} µs"


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
            row = [method, scheme] + [
                format_cell(cells[(method, scheme, width)], float_accuracy)
                for width in bits]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


# ===---------------------------------------------------------------------=== #
# Command line
# ===---------------------------------------------------------------------=== #


def parse_list(text: str, allowed: Optional[tuple[str, ...]] = None
               ) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("empty list")
    for item in items:
        if allowed is not None and item not in allowed:
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
            raise argparse.ArgumentTypeError(f"{width} bits: not in 2 to 16")
    return bits


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def default_build() -> Path:
    return Path(os.environ.get("QEDGE_BUILD_DIR")
                or REPOSITORY_ROOT / "build")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=default_build(),
                        metavar="DIR",
                        help="build tree whose bin/ holds the tools "
                             "(default: $QEDGE_BUILD_DIR, else build/ in "
                             "the repository)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="where the programs, plots and table go "
                             "(default: BUILD/digits-job)")
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
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        metavar="N", help="configurations run at once "
                                          "(default: the number of CPUs)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU, metavar="COMMAND",
                        help=f"how to run AArch64 executables (default: "
                             f"'{DEFAULT_QEMU}')")
    parser.add_argument("--no-arm", action="store_true",
                        help="run on the host only")
    parser.add_argument("--require-within", type=float, metavar="POINTS",
                        help="fail unless every configuration loses at most "
                             "POINTS percentage points against float")
    return parser


def find_tools(args: argparse.Namespace) -> Tools:
    def tool(name: str) -> str:
        built = args.build / "bin" / name
        return find_tool(name, str(built) if built.is_file() else None)

    qemu = None
    if not args.no_arm:
        qemu = shlex.split(args.qemu)
        if not qemu or shutil.which(qemu[0]) is None:
            raise ToolError([], f"no '{qemu[0] if qemu else ''}' to run "
                                f"AArch64 executables (Debian's qemu-user; "
                                f"--no-arm runs the host only)")
    return Tools(tool("qedge-opt"), tool("qedge-run"), tool("qedge-calibrate"),
                 tool("qedge-compile"), qemu)


def prepare(tools: Tools, output: Path) -> tuple[Path, Path, Path, Path]:
    """Writes the NCHW data and the float, marked and calibrated programs
    under `output`; returns (the NCHW test images, the float program, the
    calibrated program, the data directory)."""
    data = output / "data"
    data.mkdir(parents=True, exist_ok=True)
    images = data / "test_images_nchw.npy"
    calibration = data / "calibration_nchw.npy"
    np.save(images, to_nchw(np.load(HERE / "test_images.npy")))
    np.save(calibration, to_nchw(np.load(HERE / "calibration.npy")))

    model = onnx_import.load_model(HERE / "digits.onnx")
    float_program = output / "float.mlir"
    marked = output / "marked.mlir"
    calibrated = output / "calibrated.mlir"
    float_program.write_text(import_model(model, 1, mark=False))
    marked.write_text(import_model(model, 1, qedge_opt=tools.opt))
    run_tool([tools.calibrate, str(marked), f"--entry={ENTRY}",
              f"--input={calibration}",
              f"--batch-size={CALIBRATION_BATCH_SIZE}",
              "-o", str(calibrated)])
    return images, float_program, calibrated, data


def write_plots(outcomes: list[Outcome], methods: list[str], plots: Path,
                jobs: int) -> dict[str, tuple[Outcome, Optional[Exception]]]:
    """Plots one report per method (`plotted_configuration`) into
    `plots/<method>/`; returns, per method plotted, its configuration and
    the error if plotting failed."""
    chosen = {m: plotted_configuration(outcomes, m) for m in methods}
    done = {}
    with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
        futures = {method: pool.submit(plot_report, outcome.report,
                                       plots / method)
                   for method, outcome in chosen.items() if outcome}
        for method, future in futures.items():
            try:
                future.result()
                done[method] = (chosen[method], None)
            except (report.ReportError, OSError) as error:
                done[method] = (chosen[method], error)
    return done


def check(outcomes: list[Outcome], float_accuracy: float,
          require_within: Optional[float]) -> bool:
    """Prints every failure, and with `require_within` one line per
    configuration; False if a tool failed, the outputs differ or a
    configuration loses more than `require_within` points."""
    ok = True
    for outcome in outcomes:
        for error in (outcome.error, outcome.arm_error):
            if error is not None:
                print(f"error: {outcome.name}: {error}", file=sys.stderr)
                ok = False
    differing = [o.name for o in outcomes if o.identical is False]
    if differing:
        print("error: the AArch64 output differs from the host's: "
              + ", ".join(differing), file=sys.stderr)
        ok = False
    if require_within is None:
        return ok
    unit = "point" if require_within == 1 else "points"
    for outcome in outcomes:
        if outcome.accuracy is None:
            continue
        loss = float_accuracy - outcome.accuracy
        within = loss <= require_within + ACCURACY_TOLERANCE
        verdict = "within" if within else "NOT within"
        print(f"{outcome.name}: {outcome.accuracy:.2f}% (float "
              f"{float_accuracy:.2f}%, {verdict} {require_within:g} {unit})")
        ok = ok and within
    return ok


def main() -> int:
    args = build_parser().parse_args()
    start = time.monotonic()
    jobs = max(args.jobs, 1)
    output = args.output or args.build / "digits-job"
    labels = np.load(HERE / "test_labels.npy")
    samples = len(labels)
    try:
        tools = find_tools(args)
        images, float_program, calibrated, data = prepare(tools, output)
        float_logits = data / "float-host.npy"
        float_us = run_host(tools, float_program, images, float_logits,
                            samples, FLOAT_BENCHMARK_CALLS)
    except (ToolError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    float_accuracy = accuracy_percent(np.load(float_logits), labels)
    correct = int(np.sum(np.load(float_logits).argmax(axis=1) == labels))
    print(f"imported digits.onnx; calibrated once (calibration.npy, batches "
          f"of {CALIBRATION_BATCH_SIZE}): {calibrated}", flush=True)

    programs = output / "programs"
    programs.mkdir(parents=True, exist_ok=True)
    outcomes = [Outcome(m, s, b) for m in args.methods
                for s in args.schemes for b in args.bits]
    # Quantizing and AArch64 (compiling, qemu) in parallel, then the plots;
    # then the host runs one at a time, since they are timed.
    phase = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda o: quantize_and_run_arm(
            tools, calibrated, programs, images, samples, o), outcomes))
    arm_done = "" if tools.qemu is None else \
        f", compiled for {ARM_TARGET} and run under qemu"
    print(f"{plural(len(outcomes), 'configuration')} quantized{arm_done}: "
          f"{time.monotonic() - phase:.0f} s", flush=True)
    phase = time.monotonic()
    plots = write_plots(outcomes, args.methods, output / "plots", jobs)
    print(f"calibration plots of {plural(len(plots), 'report')}: "
          f"{time.monotonic() - phase:.0f} s", flush=True)
    phase = time.monotonic()
    for outcome in outcomes:
        if outcome.error is None:
            run_and_compare(tools, programs, images, labels, outcome)
    print(f"{plural(len(outcomes), 'configuration')} run and timed on the "
          f"host: {time.monotonic() - phase:.0f} s", flush=True)

    arm = "AArch64 not run (–)" if tools.qemu is None else \
        f"AArch64 ({ARM_TARGET}, under qemu) gave the host's bytes: " \
        f"✓ yes, ✗ no"
    text = (f"Float: {float_accuracy:.2f}% ({correct}/{samples}), "
            f"{float_us:.1f} µs per image on the host.\n"
            f"Each cell: accuracy on the {samples} test images "
            f"(difference from float, in points); {arm}; host time per "
            f"image (qedge-run --batched JIT, the median of "
            f"{BENCHMARK_CALLS} calls over all {samples} images, "
            f"divided by {samples}; float: of {FLOAT_BENCHMARK_CALLS}).\n\n"
            + format_table(outcomes, args.methods, args.schemes, args.bits,
                           float_accuracy) + "\n")
    (output / "table.md").write_text(text)

    for method, (outcome, error) in plots.items():
        if error is not None:
            print(f"error: plots of {method}: {error}", file=sys.stderr)
        else:
            print(f"plots of {method} ({outcome.scheme}, {outcome.bits} "
                  f"bits): {output / 'plots' / method}/")
    ok = check(outcomes, float_accuracy, args.require_within)
    ok = ok and all(error is None for _, error in plots.values())
    print(f"table: {output / 'table.md'}; total {time.monotonic() - start:.0f}"
          f" s\n")
    print(text, end="")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
