"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

    python3 fuzz/make_corpus.py [npy] [parse] [quantmath] [differential]

(all of them without arguments). The output is deterministic, so the checked-in
corpora can be regenerated and compared.

* npy: arrays of every supported dtype and a few shapes written by numpy in
  format versions 1.0, 2.0 and 3.0, and the files the reader must reject
  (big-endian, Fortran order, structured, truncated, bad magic).
* parse: every lit test under test/ split at `// -----`, without its comment
  lines (FileCheck directives), one file per distinct piece.
* quantmath, differential: short random byte strings; the fuzzers decode
  any bytes, so these only save the first minutes of a run.

Reproducers of fixed findings are added by hand under names starting with
`regression-`, and this script leaves them alone.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# The parse corpus stays small: libFuzzer reads it at every start.
MAX_PIECE_BYTES = 6000


def reset(target: str) -> Path:
    """Empties fuzz/corpus/<target>/ but for the regression reproducers."""
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        if not path.name.startswith("regression-"):
            path.unlink()
    return directory


def npy_bytes(array: np.ndarray, version: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


def write_npy() -> None:
    directory = reset("npy")
    rng = np.random.default_rng(0)
    seeds: dict[str, bytes] = {}
    dtypes = ["i1", "u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f4",
              "<f8"]
    shapes = [(), (0,), (3,), (2, 3), (1, 2, 2, 3), (2, 0, 5)]
    for dtype in dtypes:
        for shape in shapes:
            array = rng.integers(-100, 100, size=shape).astype(dtype)
            name = f"{np.dtype(dtype).name}-{'x'.join(map(str, shape)) or 'scalar'}"
            seeds[name] = npy_bytes(array, (1, 0))
    small = np.arange(6, dtype="<i2").reshape(2, 3)
    seeds["v2-int16"] = npy_bytes(small, (2, 0))
    seeds["v3-int16"] = npy_bytes(small, (3, 0))
    # Rejected: each names a reason the reader gives.
    seeds["big-endian"] = npy_bytes(small.astype(">i2"), (1, 0))
    seeds["fortran"] = npy_bytes(np.asfortranarray(small.astype("<i4")),
                                 (1, 0))
    seeds["structured"] = npy_bytes(
        np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]), (1, 0))
    seeds["complex"] = npy_bytes(np.zeros(2, dtype="<c8"), (1, 0))
    valid = npy_bytes(small, (1, 0))
    seeds["truncated-data"] = valid[:-3]
    seeds["truncated-header"] = valid[:20]
    seeds["bad-magic"] = b"\x93NUMPX" + valid[6:]
    seeds["empty"] = b""
    for name, data in seeds.items():
        (directory / f"{name}.npy").write_bytes(data)


def strip_comments(text: str) -> str:
    """Drops comment lines (RUN lines, FileCheck directives), keeps the IR."""
    lines = [line for line in text.splitlines()
             if not line.lstrip().startswith("//")]
    return "\n".join(lines).strip() + "\n"


def write_parse() -> None:
    directory = reset("parse")
    seen: set[str] = set()
    for path in sorted((ROOT / "test").rglob("*.mlir")):
        text = path.read_text()
        for piece in re.split(r"^// -----.*$", text, flags=re.M):
            ir = strip_comments(piece)
            data = ir.encode()
            if len(ir.strip()) == 0 or len(data) > MAX_PIECE_BYTES:
                continue
            digest = hashlib.sha1(data).hexdigest()[:16]
            if digest in seen:
                continue
            seen.add(digest)
            (directory / f"{digest}.mlir").write_bytes(data)


def write_random(target: str, count: int, size: int) -> None:
    directory = reset(target)
    rng = random.Random(target)
    for i in range(count):
        data = bytes(rng.randrange(256) for _ in range(size))
        (directory / f"seed-{i:02d}").write_bytes(data)


def main(argv: list[str]) -> int:
    targets = argv[1:] or ["npy", "parse", "quantmath", "differential"]
    for target in targets:
        if target == "npy":
            write_npy()
        elif target == "parse":
            write_parse()
        elif target == "quantmath":
            write_random("quantmath", 24, 64)
        elif target == "differential":
            write_random("differential", 16, 256)
        else:
            print(f"unknown target {target!r}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
