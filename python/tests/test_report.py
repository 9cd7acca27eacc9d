"""Tests of qedge.report and `python3 -m qedge report`: a synthetic report
(histograms binned with numpy as docs/Calibration.md defines them) gives one
PNG per tensor and a summary; unreadable reports give one error line and
exit status 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qedge import report as rp
from qedge.__main__ import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
BINS = 256


def histogram(values: np.ndarray, bins: int) -> dict:
    """The report's histogram of `values`: R the smallest power of two
    above max |x|, positive bin i counts x >= 0 in [i R/B, (i+1) R/B),
    negative bin i counts x < 0 with -x in that interval."""
    magnitude = float(np.max(np.abs(values)))
    histogram_range = 2.0 ** (np.floor(np.log2(magnitude)) + 1)
    index = np.floor(np.abs(values) / histogram_range * bins).astype(int)
    positive = np.bincount(index[values >= 0], minlength=bins)
    negative = np.bincount(index[values < 0], minlength=bins)
    return {"bins": bins, "range": histogram_range,
            "positive": positive.tolist(), "negative": negative.tolist()}


def method_entry(values: np.ndarray, low: float, high: float,
                 bits: int) -> dict:
    """An asymmetric quantization of `values` to [low, high]: its
    parameters, clipped share and SQNR (numpy, on the values themselves)."""
    levels = 2 ** bits - 1
    scale = (high - low) / levels
    zero_point = int(round(-2 ** (bits - 1) - low / scale))
    q = np.clip(np.round(values / scale) + zero_point, -2 ** (bits - 1),
                2 ** (bits - 1) - 1)
    error = (q - zero_point) * scale - values
    return {"min": low, "max": high, "scale": scale,
            "zero_point": zero_point,
            "clipped": float(np.mean((values < low) | (values > high))),
            "sqnr_db": float(10 * np.log10(np.sum(values ** 2) /
                                           np.sum(error ** 2)))}


def synthetic_report() -> dict:
    """Three tensors: two-sided Gaussian data, ReLU output (no negative
    element: an empty `negative` list) and heavy-tailed data on which
    `mse` failed; a name that needs sanitizing."""
    rng = np.random.default_rng(0)
    data = {
        "conv1": rng.normal(0.4, 0.6, 20000),
        "block/relu:0": np.maximum(rng.normal(0.5, 1.0, 20000), 0.0),
        "fc": rng.standard_t(3, 20000) * 2.0,
    }
    tensors = []
    for name, values in data.items():
        low, high = float(values.min()), float(values.max())
        mean, std = float(values.mean()), float(values.std())
        methods = {
            "minmax": method_entry(values, low, high, 8),
            "mean-std": method_entry(values, max(mean - 3 * std, low),
                                     min(mean + 3 * std, high), 8),
            "percentile": method_entry(
                values, float(np.percentile(values, 0.01)),
                float(np.percentile(values, 99.99)), 8),
        }
        if name == "fc":
            methods["mse"] = {"error": "no candidate threshold"}
        else:
            methods["mse"] = method_entry(values, low * 0.8, high * 0.8, 8)
        entry = {"name": name, "count": values.size, "min": low, "max": high,
                 "mean": mean, "std": std,
                 "histogram": histogram(values, BINS),
                 "bits": 8, "scheme": "asymmetric",
                 "chosen": "percentile" if name == "fc" else "mse",
                 "methods": methods}
        if low >= 0:
            entry["histogram"]["negative"] = []
        tensors.append(entry)
    return {"options": {"method": "mse", "method_param": None,
                        "activation_bits": 8, "weight_bits": 8,
                        "scheme": "asymmetric", "per_channel": True,
                        "rounding": "gemmlowp"},
            "tensors": tensors}


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(synthetic_report()))
    return path


def assert_png(path: Path) -> None:
    assert path.is_file(), path
    assert path.read_bytes()[:8] == PNG_SIGNATURE, path


# ===---------------------------------------------------------------------=== #
# Reading
# ===---------------------------------------------------------------------=== #


def test_load_report(report_file: Path) -> None:
    report = rp.load_report(report_file)
    assert [t.name for t in report.tensors] == ["conv1", "block/relu:0", "fc"]
    assert report.options["per_channel"] is True
    assert report.method_names() == ["minmax", "mean-std", "percentile",
                                     "mse"]
    conv1, relu, fc = report.tensors
    assert conv1.bins == BINS and conv1.histogram_range == 4.0
    assert conv1.positive.sum() + conv1.negative.sum() == conv1.count
    # An empty negative list reads as B empty bins.
    assert relu.negative.shape == (BINS,) and relu.negative.sum() == 0
    assert fc.method("mse").failed
    assert fc.method("mse").error == "no candidate threshold"
    assert not fc.method("minmax").failed
    assert fc.method("entropy") is None


def test_signed_histogram(report_file: Path) -> None:
    tensor = rp.load_report(report_file).tensors[0]
    edges, counts = rp.signed_histogram(tensor)
    width = tensor.histogram_range / tensor.bins
    assert edges[0] == -tensor.histogram_range
    assert edges[-1] == tensor.histogram_range
    assert edges[tensor.bins] == 0.0
    np.testing.assert_array_equal(np.diff(edges), width)
    # Value order: negative bin B-1 (the most negative) first.
    assert counts[0] == tensor.negative[-1]
    assert counts[tensor.bins - 1] == tensor.negative[0]
    assert counts[tensor.bins] == tensor.positive[0]


@pytest.mark.parametrize("name, file_name", [
    ("conv1", "conv1"), ("block/relu:0", "block_relu_0"),
    ("%arg0", "arg0"), ("a  b", "a_b"), ("...", "tensor"), ("", "tensor"),
    ("x.y-z_1", "x.y-z_1"),
])
def test_sanitize_name(name: str, file_name: str) -> None:
    assert rp.sanitize_name(name) == file_name


@pytest.mark.parametrize("edit, message", [
    (lambda r: r.pop("tensors"), "missing field 'tensors'"),
    (lambda r: r.update(tensors={}), "tensors: expected a list"),
    (lambda r: r["tensors"][1]["histogram"]["positive"].pop(),
     f"tensors[1].histogram.positive: expected {BINS} counts, got "
     f"{BINS - 1}"),
    (lambda r: r["tensors"][0]["histogram"].update(bins="many"),
     "tensors[0].histogram.bins: expected an integer"),
    (lambda r: r["tensors"][0]["histogram"].update(range=0),
     "tensors[0].histogram.range: expected a positive number"),
    (lambda r: r["tensors"][2]["histogram"]["negative"].__setitem__(3, -1),
     "tensors[2].histogram.negative[3]: expected at least 0"),
    (lambda r: r["tensors"][0]["methods"]["minmax"].pop("max"),
     "tensors[0].methods.minmax: missing field 'max'"),
    (lambda r: r["tensors"][2].pop("name"),
     "tensors[2]: missing field 'name'"),
])
def test_schema_errors(tmp_path: Path, edit, message: str) -> None:
    data = synthetic_report()
    edit(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(rp.ReportError) as error:
        rp.load_report(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


# ===---------------------------------------------------------------------=== #
# Plots and the command line
# ===---------------------------------------------------------------------=== #


def test_write_report(report_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plots" / "nested"
    written = rp.write_report(rp.load_report(report_file), out)
    assert [p.name for p in written] == ["0-conv1.png", "1-block_relu_0.png",
                                         "2-fc.png", "summary.png"]
    for path in written:
        assert path.parent == out
        assert_png(path)


def test_file_names_sort_in_program_order(tmp_path: Path) -> None:
    data = synthetic_report()
    data["tensors"] = [dict(data["tensors"][0], name=f"t{i}")
                       for i in range(11)]
    path = tmp_path / "eleven.json"
    path.write_text(json.dumps(data))
    written = rp.write_report(rp.load_report(path), tmp_path / "out")
    names = [p.name for p in written[:-1]]
    assert names[0] == "00-t0.png" and names[10] == "10-t10.png"
    assert sorted(names) == names


def test_unbounded_sqnr_and_no_tensors(tmp_path: Path) -> None:
    data = synthetic_report()
    data["tensors"][0]["methods"]["minmax"]["sqnr_db"] = None
    data["tensors"][1]["chosen"] = None
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data))
    for written in rp.write_report(rp.load_report(path), tmp_path / "a"):
        assert_png(written)
    path.write_text(json.dumps({"options": {}, "tensors": []}))
    written = rp.write_report(rp.load_report(path), tmp_path / "b")
    assert [p.name for p in written] == ["summary.png"]
    assert_png(written[0])


def test_command_line(report_file: Path, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", str(report_file), "-o", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out / name) for name in (
        "0-conv1.png", "1-block_relu_0.png", "2-fc.png", "summary.png")]
    for path in printed:
        assert_png(Path(path))


def run_module(*args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT))
    return subprocess.run([sys.executable, "-m", "qedge", *args],
                          capture_output=True, text=True, env=environment)


def test_python_m_qedge(report_file: Path, tmp_path: Path) -> None:
    done = run_module("report", str(report_file), "-o", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 4
    assert_png(tmp_path / "o" / "summary.png")


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ('{"tensors": [', "not valid JSON"),
    ("", "not valid JSON"),
    ("[1, 2]", "expected an object"),
])
def test_command_line_errors(tmp_path: Path, content: str | None,
                             message: str) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content)
    done = run_module("report", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {path}")
    assert message in lines[0]
    assert not (tmp_path / "out").exists()
