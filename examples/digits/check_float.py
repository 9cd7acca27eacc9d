"""Runs digits_float.mlir on every test image with `qedge-run` and compares
its logits with the ones PyTorch computed when the model was trained
(test_logits.npy, written by train.py).

`@main` takes one image; `qedge-run --batched` runs it on every test image
in one call.

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
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from qedge.tools import ToolError, find_tool, run_tool  # noqa: E402

HERE = Path(__file__).resolve().parent


def run_model(qedge_run: str, model: Path, images: np.ndarray) -> np.ndarray:
    """The logits of `@main` in `model` for each of `images`, from one
    `qedge-run --batched` call. ToolError if qedge-run fails."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        np.save(work_dir / "images.npy", images.astype(np.float32))
        run_tool([qedge_run, str(model), "--entry=main", "--batched",
                  f"--input={work_dir / 'images.npy'}",
                  f"--output={work_dir / 'logits.npy'}"])
        return np.load(work_dir / "logits.npy")
# Largest |qedge-run logit - PyTorch logit| accepted (the logits are of
# order 10; float32 rounding in a different summation order differs by a
# few units in the last place of the partial sums).
TOLERANCE = 1e-4

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qedge-run", metavar="PATH",
                        help="the qedge-run to use (default: build/bin of "
                             "the repository, else PATH)")
    args = parser.parse_args()

    images = np.load(HERE / "test_images.npy")
    labels = np.load(HERE / "test_labels.npy")
    reference = np.load(HERE / "test_logits.npy")

    try:
        logits = run_model(find_tool("qedge-run", args.qedge_run),
                           HERE / "digits_float.mlir", images)
    except ToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
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
