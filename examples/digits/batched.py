"""Runs a digits program on many images with one `qedge-run` call.

The digits programs (the float `digits_float.mlir` and the quantized ones
`qedge-quantize-calibrated` derives from it) have an `@main` of batch 1,
`tensor<1xHxWxCxf32> -> tensor<1xKxf32>`, and each `qedge-run` call compiles
its module anew. `run_model` therefore adds a `@main_batched` that loops over
all the images (`scf.for`, one `func.call @main` per image) and runs that
once. Shared by `check_float.py` and `accuracy.py`; needs only numpy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
ENTRY = "main"
BATCHED_ENTRY = "main_batched"

# `func.func @main(%x: tensor<1xHxWxCxf32>) -> tensor<1xKxf32>`, the result
# type with or without parentheses, as written by hand or printed by
# qedge-opt.
MAIN_SIGNATURE = re.compile(
    r"func\.func\s+@" + ENTRY + r"\(\s*%[\w.$-]+\s*:\s*"
    r"tensor<1x(\d+)x(\d+)x(\d+)xf32>\s*\)\s*->\s*\(?\s*"
    r"tensor<1x(\d+)xf32>")


def batched_function(count: int, height: int, width: int, channels: int,
                     classes: int) -> str:
    """`@main_batched`: `@main` applied to each of `count` images in an
    `scf.for`, the logits stacked into one [count, classes] tensor.

    The image is gathered element by element (`tensor.generate`) and the
    logits scattered the same way (`tensor.insert`), not sliced with
    `tensor.extract_slice` / `tensor.insert_slice`: a slice at a loop-
    dependent offset becomes a `memref.subview` whose offset arithmetic
    (an `affine.apply`) the runner's pipeline does not lower."""
    images = f"tensor<{count}x{height}x{width}x{channels}xf32>"
    image = f"tensor<1x{height}x{width}x{channels}xf32>"
    logits = f"tensor<{count}x{classes}xf32>"
    one = f"tensor<1x{classes}xf32>"
    return f"""
func.func @{BATCHED_ENTRY}(%images: {images}) -> {logits} {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %count = arith.constant {count} : index
  %classes = arith.constant {classes} : index
  %empty = tensor.empty() : {logits}
  %all = scf.for %i = %c0 to %count step %c1
      iter_args(%acc = %empty) -> ({logits}) {{
    %image = tensor.generate {{
    ^bb0(%n: index, %h: index, %w: index, %c: index):
      %pixel = tensor.extract %images[%i, %h, %w, %c] : {images}
      tensor.yield %pixel : f32
    }} : {image}
    %one = func.call @{ENTRY}(%image) : ({image}) -> {one}
    %next = scf.for %k = %c0 to %classes step %c1
        iter_args(%row = %acc) -> ({logits}) {{
      %logit = tensor.extract %one[%c0, %k] : {one}
      %updated = tensor.insert %logit into %row[%i, %k] : {logits}
      scf.yield %updated : {logits}
    }}
    scf.yield %next : {logits}
  }}
  return %all : {logits}
}}
"""


def with_batched_entry(source: str, count: int) -> str:
    """`source` (the text of a module with `@main`) with `@main_batched`
    for `count` images added: inside the module when `source` spells one
    out (`module {...}` or `module attributes {...} {...}`, as qedge-opt
    prints), after the top-level functions otherwise. ValueError if `@main`
    does not have the digits signature."""
    match = MAIN_SIGNATURE.search(source)
    if match is None:
        raise ValueError(f"no 'func.func @{ENTRY}(tensor<1xHxWxCxf32>) -> "
                         "tensor<1xKxf32>' in the program")
    height, width, channels, classes = map(int, match.groups())
    function = batched_function(count, height, width, channels, classes)
    text = source.rstrip()
    if re.match(r"\s*(//[^\n]*\n\s*)*module\b", source):
        if not text.endswith("}"):
            raise ValueError("the module does not end with '}'")
        return text[:-1] + function + "}\n"
    return text + "\n" + function


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
    one `qedge-run` call. ToolError if qedge-run fails."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        batched = work_dir / "batched.mlir"
        batched.write_text(with_batched_entry(model.read_text(),
                                              len(images)))
        np.save(work_dir / "images.npy", images.astype(np.float32))
        run_tool([qedge_run, str(batched), f"--entry={BATCHED_ENTRY}",
                  f"--input={work_dir / 'images.npy'}",
                  f"--output={work_dir / 'logits.npy'}"])
        return np.load(work_dir / "logits.npy")
