"""Runs a digits program on many images with one `qedge-run` call
(`--batched`: the program's batch-1 `@main` runs on each image and the
logits come back stacked), and finds and runs the tools. Shared by
`check_float.py` and `accuracy.py`; needs only numpy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
ENTRY = "main"


def find_tool(name: str, given: str | None,
              build: Path | None = None) -> str:
    """The tool `name` to use: the one given (a path, or a name looked up
    on PATH), else the one in `build`/bin (default: the repository's
    build/bin), else the one on PATH. Exits with a message if none is
    found."""
    if given is not None:
        found = given if Path(given).is_file() else shutil.which(given)
        if found is None:
            sys.exit(f"error: no {name} at '{given}'")
        return found
    built = (build or REPOSITORY_ROOT / "build") / "bin" / name
    if built.is_file():
        return str(built)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"error: {name} is neither in {built.parent} nor on PATH")
    return found


class ToolError(Exception):
    """A tool that exited with a non-zero status: `command` (the words of
    the command line) and `message` (what it wrote to stderr)."""

    def __init__(self, command: list[str], message: str) -> None:
        super().__init__(f"{' '.join(command)}: {message}")
        self.command = command
        self.message = message


def run_tool(command: list[str]) -> str:
    """Runs `command`, returns its stdout. ToolError if it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        message = done.stderr.strip() or f"exit status {done.returncode}"
        raise ToolError(command, message)
    return done.stdout


def run_model(qedge_run: str, model: Path, images: np.ndarray) -> np.ndarray:
    """The logits of `@main` in `model` for each of `images` (NHWC), from
    one `qedge-run --batched` call. ToolError if qedge-run fails."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        np.save(work_dir / "images.npy", images.astype(np.float32))
        run_tool([qedge_run, str(model), f"--entry={ENTRY}", "--batched",
                  f"--input={work_dir / 'images.npy'}",
                  f"--output={work_dir / 'logits.npy'}"])
        return np.load(work_dir / "logits.npy")
