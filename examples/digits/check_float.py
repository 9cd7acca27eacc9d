"""Runs digits_float.mlir on every test image with `qedge-run` and compares
its logits with the ones PyTorch computed when the model was trained
(test_logits.npy, written by train.py).

`@main` takes one image, and each `qedge-run` call compiles the module
anew, so the check wraps it: a temporary module holds `@main` and a
`@main_batched` that loops over all the test images (`scf.for`, one
`func.call @main` per image) and is run once.

The logits agree to within a tolerance, not bit for bit: PyTorch and the
compiled code sum the products of a convolution, the average pool and the
fully connected layer in different orders, and float addition is not
associative. The classifications then agree as well: the accuracy from
`qedge-run`'s logits equals the accuracy from PyTorch's. Prints

    float: N/360 correct (A%), max |logit difference| D

and exits with status 1 if either check fails. Needs only numpy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPOSITORY_ROOT = HERE.parents[1]
# Largest |qedge-run logit - PyTorch logit| accepted (the logits are of
# order 10; float32 rounding in a different summation order differs by a
# few units in the last place of the partial sums).
TOLERANCE = 1e-4

BATCHED_ENTRY = "main_batched"


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
    %one = func.call @main(%image) : ({image}) -> {one}
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


def find_qedge_run(given: str | None) -> str:
    """The `qedge-run` to use: the one given (a path, or a name looked up
    on PATH), else the build tree's, else the one on PATH."""
    if given is not None:
        found = given if Path(given).is_file() else shutil.which(given)
        if found is None:
            sys.exit(f"error: no qedge-run at '{given}'")
        return found
    built = REPOSITORY_ROOT / "build" / "bin" / "qedge-run"
    if built.is_file():
        return str(built)
    found = shutil.which("qedge-run")
    if found is None:
        sys.exit("error: qedge-run is neither in build/bin nor on PATH; "
                 "give --qedge-run")
    return found


def run_model(qedge_run: str, model: Path, images: np.ndarray) -> np.ndarray:
    """The logits of `@main` in `model` for each of `images` (NHWC)."""
    count, height, width, channels = images.shape
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        batched = work_dir / "batched.mlir"
        source = model.read_text()
        # The number of classes: from @main's result type, tensor<1xCxf32>.
        signature = next(line for line in source.splitlines()
                         if line.startswith("func.func @main("))
        classes = int(signature.rsplit("tensor<1x", 1)[1].split("x")[0])
        batched.write_text(source + batched_function(
            count, height, width, channels, classes))
        np.save(work_dir / "images.npy", images.astype(np.float32))
        subprocess.run(
            [qedge_run, str(batched), f"--entry={BATCHED_ENTRY}",
             f"--input={work_dir / 'images.npy'}",
             f"--output={work_dir / 'logits.npy'}"],
            check=True)
        return np.load(work_dir / "logits.npy")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qedge-run", metavar="PATH",
                        help="the qedge-run to use (default: build/bin of "
                             "the repository, else PATH)")
    args = parser.parse_args()

    images = np.load(HERE / "test_images.npy")
    labels = np.load(HERE / "test_labels.npy")
    reference = np.load(HERE / "test_logits.npy")

    logits = run_model(find_qedge_run(args.qedge_run),
                       HERE / "digits_float.mlir", images)
    if logits.shape != reference.shape:
        print(f"error: logits of shape {logits.shape}, expected "
              f"{reference.shape}", file=sys.stderr)
        return 1

    difference = float(np.max(np.abs(logits.astype(np.float64) -
                                      reference.astype(np.float64))))
    correct = int(np.sum(logits.argmax(axis=1) == labels))
    reference_correct = int(np.sum(reference.argmax(axis=1) == labels))
    count = len(labels)
    print(f"float: {correct}/{count} correct "
          f"({100.0 * correct / count:.2f}%), "
          f"max |logit difference| {difference:.2e}")

    ok = True
    if difference > TOLERANCE:
        print(f"error: logits differ from PyTorch's by {difference:.3g} "
              f"> {TOLERANCE:g}", file=sys.stderr)
        ok = False
    if correct != reference_correct:
        print(f"error: {correct} correct, PyTorch's logits give "
              f"{reference_correct}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
