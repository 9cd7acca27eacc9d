"""`python3 -m qedge import` and `python3 -m qedge quantize` on the digits
CNN checked in as ONNX (examples/digits/digits.onnx), end to end through
the C++ tools: the quantized program classifies the test images as the
float one does (358/360, 8-bit minmax, asymmetric)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qedge.tools import ToolError, find_tool

REPO = Path(__file__).resolve().parents[2]
DIGITS = REPO / "examples" / "digits"


def tool_or_none(name: str) -> str | None:
    try:
        return find_tool(name)
    except ToolError:
        return None


needs_tools = pytest.mark.skipif(
    any(tool_or_none(t) is None
        for t in ("qedge-opt", "qedge-run", "qedge-calibrate")),
    reason="the quant-edge tools are not built")


def qedge(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    return subprocess.run([sys.executable, "-m", "qedge", *args],
                          capture_output=True, text=True, env=env)


def nchw(path: Path, out: Path) -> Path:
    np.save(out, np.load(path).transpose(0, 3, 1, 2).copy())
    return out


@needs_tools
def test_import_marks_the_float_model(tmp_path: Path) -> None:
    done = qedge("import", str(DIGITS / "digits.onnx"), "-o",
                 str(tmp_path / "marked.mlir"))
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "marked.mlir").read_text()
    assert "func.func @main(%arg0: tensor<1x1x8x8xf32>)" in text
    assert text.count("qedge.calibrate") == 6
    assert 'name = "arg0"' in text


@needs_tools
def test_quantize_then_run(tmp_path: Path) -> None:
    calibration = nchw(DIGITS / "calibration.npy", tmp_path / "cal.npy")
    images = nchw(DIGITS / "test_images.npy", tmp_path / "test.npy")
    out = tmp_path / "quantized.mlir"
    done = qedge("quantize", str(DIGITS / "digits.onnx"), "--calibration",
                 str(calibration), "--batch-size", "64", "-o", str(out),
                 "--report", str(tmp_path / "report"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report" / "report.json").is_file()
    assert (tmp_path / "report" / "summary.png").is_file()
    text = out.read_text()
    assert "qedge.conv2d" in text and "qedge.fully_connected" in text
    subprocess.run([find_tool("qedge-run"), str(out), "--batched",
                    f"--input={images}", f"--output={tmp_path / 'y.npy'}"],
                   check=True)
    logits = np.load(tmp_path / "y.npy")
    labels = np.load(DIGITS / "test_labels.npy")
    assert int((logits.argmax(axis=1) == labels).sum()) == 358


def test_errors_are_one_line(tmp_path: Path) -> None:
    done = qedge("import", str(tmp_path / "missing.onnx"), "-o",
                 str(tmp_path / "x.mlir"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: ")
    assert len(done.stderr.strip().splitlines()) == 1
    done = qedge("quantize", str(DIGITS / "digits.onnx"), "--calibration",
                 "x.npy", "--bits", "4", "--weight-bits", "8", "-o",
                 str(tmp_path / "x.mlir"))
    assert done.returncode == 1
    assert "--bits sets both widths" in done.stderr
