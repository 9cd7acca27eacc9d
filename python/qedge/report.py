"""Plots of a calibration report: the JSON that `qedge-opt
--qedge-quantize-calibrated="... report=PATH.json"` writes.

For each calibrated tensor, `<index>-<name>.png` shows its signed histogram
(bin centres from -R to R, counts on a log scale) with the range of every
method as a pair of vertical lines, labelled with the method's SQNR, the
chosen method drawn bold; `summary.png` shows the SQNR of every method on
every tensor, in program order.

    python3 -m qedge report REPORT.json -o DIR

The schema is described in docs/Calibration.md, section "Report". Reading
checks it and fails with a `ReportError` naming the offending field, so that
a malformed report gives one clear line rather than a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from qedge.output import describe_os_error, open_output

SUMMARY_FILE = "summary.png"
# Figure sizes (inches) and resolution of the PNGs.
TENSOR_FIGURE_SIZE = (12.0, 5.5)
SUMMARY_FIGURE_SIZE = (10.0, 5.5)
DPI = 100
# Bars on the log scale start here: every non-empty bin holds at least one
# element, so 0.5 lies below them all and empty bins draw nothing.
LOG_BASELINE = 0.5


class ReportError(Exception):
    """A report that cannot be read: missing, not JSON, or not of the
    schema. The message is one line and names the file and the field."""


# ===---------------------------------------------------------------------=== #
# The report
# ===---------------------------------------------------------------------=== #


@dataclass(frozen=True)
class MethodResult:
    """One range method applied to one tensor: its range `[min, max]`, the
    quantization parameters that range gives, the share of calibration
    values outside it and the SQNR (dB) of quantizing with it; or, when the
    method failed on this tensor, only `error`."""

    name: str
    min: Optional[float] = None
    max: Optional[float] = None
    scale: Optional[float] = None
    zero_point: Optional[int] = None
    clipped: Optional[float] = None
    sqnr_db: Optional[float] = None
    error: Optional[str] = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class TensorReport:
    """The statistics of one calibrated tensor and every method's result.
    `positive[i]` counts the x >= 0 with i R/B <= x < (i+1) R/B,
    `negative[i]` the x < 0 with i R/B <= -x < (i+1) R/B (B = `bins`,
    R = `histogram_range`)."""

    name: str
    count: int
    min: float
    max: float
    mean: float
    std: float
    bins: int
    histogram_range: float
    positive: np.ndarray
    negative: np.ndarray
    bits: Optional[int]
    scheme: Optional[str]
    chosen: Optional[str]
    methods: tuple[MethodResult, ...]

    def method(self, name: str) -> Optional[MethodResult]:
        """The result of method `name`, or None if the report has none."""
        return next((m for m in self.methods if m.name == name), None)


@dataclass(frozen=True)
class Report:
    """A whole report: the pass's options and the tensors in program
    order."""

    options: dict[str, Any]
    tensors: tuple[TensorReport, ...]

    def method_names(self) -> list[str]:
        """Every method named by some tensor, in order of first
        appearance."""
        names: list[str] = []
        for tensor in self.tensors:
            names.extend(m.name for m in tensor.methods if m.name not in names)
        return names


def _field(obj: dict, key: str, where: str) -> Any:
    if key not in obj:
        raise ReportError(f"{where}: missing field '{key}'")
    return obj[key]


def _number(value: Any, where: str, *, optional: bool = False,
            finite: bool = True) -> Optional[float]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ReportError(f"{where}: expected a number, got "
                          f"{json.dumps(value)[:40]}")
    if finite and not math.isfinite(value):
        raise ReportError(f"{where}: expected a finite number, got {value}")
    return float(value)


def _integer(value: Any, where: str, *, optional: bool = False,
             minimum: Optional[int] = None) -> Optional[int]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReportError(f"{where}: expected an integer, got "
                          f"{json.dumps(value)[:40]}")
    if minimum is not None and value < minimum:
        raise ReportError(f"{where}: expected at least {minimum}, got {value}")
    return value


def _string(value: Any, where: str, *, optional: bool = False
            ) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ReportError(f"{where}: expected a string, got "
                          f"{json.dumps(value)[:40]}")
    return value


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        raise ReportError(f"{where}: expected an object, got {kind}")
    return value


def _counts(value: Any, bins: int, where: str, *,
            allow_empty: bool) -> np.ndarray:
    if not isinstance(value, list):
        raise ReportError(f"{where}: expected a list of counts")
    if allow_empty and not value:
        return np.zeros(bins, dtype=np.int64)
    if len(value) != bins:
        raise ReportError(f"{where}: expected {bins} counts, got {len(value)}")
    for i, count in enumerate(value):
        _integer(count, f"{where}[{i}]", minimum=0)
    return np.asarray(value, dtype=np.int64)


def _parse_method(name: str, value: Any, where: str) -> MethodResult:
    obj = _object(value, where)
    if "error" in obj:
        return MethodResult(name, error=_string(obj["error"],
                                                f"{where}.error"))
    low = _number(_field(obj, "min", where), f"{where}.min")
    high = _number(_field(obj, "max", where), f"{where}.max")
    # An SQNR may be unbounded (a range that reproduces every value): null
    # or a non-finite number, both read as +inf.
    sqnr = _number(obj.get("sqnr_db"), f"{where}.sqnr_db", optional=True,
                   finite=False)
    return MethodResult(
        name, min=low, max=high,
        scale=_number(obj.get("scale"), f"{where}.scale", optional=True),
        zero_point=_integer(obj.get("zero_point"), f"{where}.zero_point",
                            optional=True),
        clipped=_number(obj.get("clipped"), f"{where}.clipped",
                        optional=True),
        sqnr_db=sqnr)


def _parse_tensor(value: Any, where: str) -> TensorReport:
    obj = _object(value, where)
    histogram = _object(_field(obj, "histogram", where), f"{where}.histogram")
    hwhere = f"{where}.histogram"
    bins = _integer(_field(histogram, "bins", hwhere), f"{hwhere}.bins",
                    minimum=1)
    histogram_range = _number(_field(histogram, "range", hwhere),
                              f"{hwhere}.range")
    if histogram_range <= 0:
        raise ReportError(f"{hwhere}.range: expected a positive number, got "
                          f"{histogram_range}")
    positive = _counts(_field(histogram, "positive", hwhere), bins,
                       f"{hwhere}.positive", allow_empty=False)
    # No negative element: the list may be empty, as in #qedge.stats.
    negative = _counts(_field(histogram, "negative", hwhere), bins,
                       f"{hwhere}.negative", allow_empty=True)
    methods = _object(_field(obj, "methods", where), f"{where}.methods")
    return TensorReport(
        name=_string(_field(obj, "name", where), f"{where}.name"),
        count=_integer(_field(obj, "count", where), f"{where}.count",
                       minimum=0),
        min=_number(_field(obj, "min", where), f"{where}.min"),
        max=_number(_field(obj, "max", where), f"{where}.max"),
        mean=_number(_field(obj, "mean", where), f"{where}.mean"),
        std=_number(_field(obj, "std", where), f"{where}.std"),
        bins=bins, histogram_range=histogram_range,
        positive=positive, negative=negative,
        bits=_integer(obj.get("bits"), f"{where}.bits", optional=True),
        scheme=_string(obj.get("scheme"), f"{where}.scheme", optional=True),
        chosen=_string(obj.get("chosen"), f"{where}.chosen", optional=True),
        methods=tuple(_parse_method(name, result, f"{where}.methods.{name}")
                      for name, result in methods.items()))


def parse_report(data: Any, source: str = "report") -> Report:
    """A `Report` from decoded JSON. ReportError, with `source` and the
    path of the field (`tensors[2].histogram.bins`), if it does not follow
    the schema."""
    obj = _object(data, source)
    options = _object(obj.get("options", {}), f"{source}: options")
    tensors = _field(obj, "tensors", source)
    if not isinstance(tensors, list):
        raise ReportError(f"{source}: tensors: expected a list")
    return Report(options=dict(options), tensors=tuple(
        _parse_tensor(tensor, f"{source}: tensors[{i}]")
        for i, tensor in enumerate(tensors)))


def load_report(path: Path | str) -> Report:
    """Reads and checks the report at `path`. ReportError if the file
    cannot be read, is not JSON, or does not follow the schema."""
    path = Path(path)
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path}: cannot read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not valid JSON: {error.msg} at line "
                          f"{error.lineno} column {error.colno}") from None
    return parse_report(data, str(path))


# ===---------------------------------------------------------------------=== #
# Plots
# ===---------------------------------------------------------------------=== #


def sanitize_name(name: str) -> str:
    """`name` as part of a file name: every run of characters other than
    letters, digits, `.`, `_` and `-` becomes one `_`; leading and trailing
    `.` and `_` go. An empty result is `tensor`."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return cleaned or "tensor"


def signed_histogram(tensor: TensorReport) -> tuple[np.ndarray, np.ndarray]:
    """The histogram in value order, from -R to R: `(edges, counts)` with
    2B + 1 edges and 2B counts, negative bins B-1 down to 0 first."""
    width = tensor.histogram_range / tensor.bins
    edges = np.arange(-tensor.bins, tensor.bins + 1) * width
    counts = np.concatenate([tensor.negative[::-1], tensor.positive])
    return edges, counts


def _format_sqnr(result: MethodResult) -> str:
    if result.sqnr_db is None or math.isinf(result.sqnr_db):
        return "SQNR inf"
    return f"SQNR {result.sqnr_db:.1f} dB"


def _method_colors(names: Sequence[str]) -> dict[str, Any]:
    from matplotlib import colormaps
    palette = colormaps["tab10"]
    return {name: palette(i % 10) for i, name in enumerate(names)}


def plot_tensor(tensor: TensorReport, index: int, path: Path,
                colors: Optional[dict[str, Any]] = None) -> None:
    """Writes the histogram of `tensor` with every method's range to
    `path` (PNG)."""
    colors = colors or _method_colors([m.name for m in tensor.methods])
    figure = Figure(figsize=TENSOR_FIGURE_SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()

    edges, counts = signed_histogram(tensor)
    axes.stairs(np.where(counts > 0, counts, LOG_BASELINE), edges,
                baseline=LOG_BASELINE, fill=True, color="0.6",
                label="histogram")
    axes.set_yscale("log")
    axes.set_ylim(bottom=LOG_BASELINE,
                  top=max(float(counts.max()), 1.0) * 2.0)
    axes.set_xlim(-tensor.histogram_range, tensor.histogram_range)
    axes.set_xlabel("value")
    axes.set_ylabel("count")

    for result in tensor.methods:
        if result.failed:
            # No range to draw: the legend still says why.
            axes.plot([], [], " ", label=f"{result.name}: failed: "
                                         f"{result.error}")
            continue
        chosen = result.name == tensor.chosen
        style = dict(color=colors.get(result.name, "black"),
                     linewidth=2.8 if chosen else 1.2,
                     linestyle="-" if chosen else "--",
                     alpha=1.0 if chosen else 0.8,
                     zorder=3 if chosen else 2)
        label = (f"{result.name}{' (chosen)' if chosen else ''}: "
                 f"[{result.min:.4g}, {result.max:.4g}], "
                 f"{_format_sqnr(result)}")
        axes.axvline(result.min, label=label, **style)
        axes.axvline(result.max, **style)

    scheme = " ".join(str(part) for part in (
        f"{tensor.bits}-bit" if tensor.bits is not None else None,
        tensor.scheme) if part)
    title = f"{index}: {tensor.name}"
    if scheme:
        title += f" ({scheme})"
    axes.set_title(title)
    figure.text(0.01, 0.01,
                f"count {tensor.count}, min {tensor.min:.4g}, "
                f"max {tensor.max:.4g}, mean {tensor.mean:.4g}, "
                f"std {tensor.std:.4g}, {tensor.bins} bins per sign, "
                f"R = {tensor.histogram_range:g}",
                fontsize=8, color="0.3")
    # Outside the axes, right of them: it would hide the tails otherwise.
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    with open_output(path, "wb") as file:
        figure.savefig(file, format="png")


def plot_summary(report: Report, path: Path,
                 colors: Optional[dict[str, Any]] = None) -> None:
    """Writes the SQNR of every method on every tensor to `path` (PNG):
    one line per method over the tensors in order, the chosen method of
    each tensor circled. A method that failed on a tensor leaves a gap; an
    unbounded SQNR is drawn at the top of the axes."""
    names = report.method_names()
    colors = colors or _method_colors(names)
    figure = Figure(figsize=SUMMARY_FIGURE_SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = np.arange(len(report.tensors))

    def sqnr(tensor: TensorReport, name: str) -> float:
        result = tensor.method(name)
        if result is None or result.failed:
            return math.nan
        return math.inf if result.sqnr_db is None else result.sqnr_db

    table = np.array([[sqnr(t, name) for t in report.tensors]
                      for name in names]).reshape(len(names),
                                                  len(report.tensors))
    finite = table[np.isfinite(table)]
    ceiling = float(finite.max()) + 5.0 if finite.size else 1.0
    shown = np.where(np.isposinf(table), ceiling, table)
    for row, name in zip(shown, names):
        axes.plot(positions, row, marker="o", markersize=4, linewidth=1.4,
                  color=colors[name], label=name)
    for column, tensor in enumerate(report.tensors):
        if tensor.chosen in names:
            value = shown[names.index(tensor.chosen), column]
            if not math.isnan(value):
                axes.plot(column, value, marker="o", markersize=11,
                          markerfacecolor="none", markeredgecolor="black",
                          linestyle="none")
    axes.plot([], [], marker="o", markersize=11, markerfacecolor="none",
              markeredgecolor="black", linestyle="none", label="chosen")

    axes.set_xticks(positions)
    axes.set_xticklabels([f"{i}: {t.name}" for i, t in
                          enumerate(report.tensors)],
                         rotation=30, ha="right", fontsize=8)
    axes.set_ylabel("SQNR (dB)")
    options = report.options
    title = "SQNR per tensor and method"
    details = [f"{options[key]}{suffix}" for key, suffix in
               (("activation_bits", "-bit activations"),
                ("weight_bits", "-bit weights"), ("scheme", ""))
               if options.get(key) is not None]
    if details:
        title += f" ({', '.join(details)})"
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    if names:
        axes.legend(fontsize=8, loc="best")
    figure.tight_layout()
    with open_output(path, "wb") as file:
        figure.savefig(file, format="png")


def tensor_file_name(index: int, tensor: TensorReport, total: int) -> str:
    """`<index>-<sanitized name>.png`, the index zero-padded to the width
    of the largest one so that the files sort in program order."""
    width = len(str(max(total - 1, 0)))
    return f"{index:0{width}d}-{sanitize_name(tensor.name)}.png"


def write_report(report: Report, directory: Path | str) -> list[Path]:
    """Writes one PNG per tensor and `summary.png` into `directory`
    (created if needed); returns the files written, in order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    colors = _method_colors(report.method_names())
    written = []
    for index, tensor in enumerate(report.tensors):
        path = directory / tensor_file_name(index, tensor,
                                            len(report.tensors))
        plot_tensor(tensor, index, path, colors)
        written.append(path)
    summary = directory / SUMMARY_FILE
    plot_summary(report, summary, colors)
    written.append(summary)
    return written


# ===---------------------------------------------------------------------=== #
# Command line: `python3 -m qedge report`
# ===---------------------------------------------------------------------=== #


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the `report` subcommand."""
    parser.add_argument("report", type=Path, metavar="REPORT.json",
                        help="the report written by "
                             "--qedge-quantize-calibrated=\"report=...\"")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="DIR",
                        help="directory for the PNGs (created if needed)")


def run(args: argparse.Namespace) -> int:
    """Runs the `report` subcommand: prints each file written, one per
    line; on an unreadable report prints one error line and returns 1."""
    try:
        report = load_report(args.report)
        written = write_report(report, args.output)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {describe_os_error(error, args.output)}",
              file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
