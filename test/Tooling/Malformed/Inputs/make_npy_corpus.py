"""Writes the malformed .npy corpus of the tests beside this script into a
directory: `python3 make_npy_corpus.py DIR`.

Each file is a well-formed [2, 3] float32 array (`good.npy`, what the test
program takes) broken in one way, built from numpy's own bytes so that only
the broken part differs. The files are a few hundred bytes: "huge" shapes
are headers that claim more data than they hold.
"""

import sys
from pathlib import Path

import numpy as np

MAGIC = b"\x93NUMPY"


def npy(header: str, data: bytes = b"", version: int = 1) -> bytes:
    """A .npy file of `header` (padded as numpy pads it) and `data`."""
    text = header.encode("latin1")
    preamble = 10 if version == 1 else 12
    text += b" " * ((64 - (preamble + len(text) + 1) % 64) % 64) + b"\n"
    size = len(text).to_bytes(2 if version == 1 else 4, "little")
    return MAGIC + bytes([version, 0]) + size + text + data


def header(descr: str = "'<f4'", fortran: str = "False",
           shape: str = "(2, 3)") -> str:
    return (f"{{'descr': {descr}, 'fortran_order': {fortran}, "
            f"'shape': {shape}, }}")


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    good = np.arange(6, dtype=np.float32).reshape(2, 3)
    data = good.tobytes()
    np.save(out / "good.npy", good)
    whole = (out / "good.npy").read_bytes()

    files = {
        # The preamble.
        "empty.npy": b"",
        "bad-magic.npy": b"\x93NUMPZ" + whole[6:],
        "text.npy": b"x = [[0, 1, 2], [3, 4, 5]]\n",
        "truncated-preamble.npy": whole[:8],
        "bad-version.npy": MAGIC + bytes([9, 0]) + whole[8:],
        "huge-header-length.npy": MAGIC + bytes([2, 0]) +
        (1 << 31).to_bytes(4, "little") + b"{",
        # The header.
        "truncated-header.npy": whole[:40],
        "no-dict.npy": npy(" ", data),
        "unclosed-dict.npy": npy(header()[:-1] + " ", data),
        "not-a-dict.npy": npy("['descr', '<f4']", data),
        "negative-dim.npy": npy(header(shape="(-2, 3)"), data),
        "float-dim.npy": npy(header(shape="(2.0, 3)"), data),
        "string-dim.npy": npy(header(shape="('2', 3)"), data),
        "rank-65.npy": npy(header(shape="(" + "1, " * 65 + ")"), data[:4]),
        "overflow.npy": npy(header(shape=f"({1 << 62}, {1 << 62})"), data),
        "huge.npy": npy(header(shape="(1048576, 1048576)"), data),
        "fortran.npy": npy(header(fortran="True"), data),
        "big-endian.npy": npy(header(descr="'>f4'"), good.astype(">f4")
                              .tobytes()),
        "dtype-complex.npy": npy(header(descr="'<c8'"), data * 2),
        "dtype-float16.npy": npy(header(descr="'<f2'"), data[:12]),
        "dtype-bool.npy": npy(header(descr="'|b1'"), data[:6]),
        "dtype-unicode.npy": npy(header(descr="'<U1'"), data),
        "dtype-object.npy": npy(header(descr="'|O'"), data),
        "dtype-structured.npy": npy(header(descr="[('a', '<f4')]"), data),
        # The data.
        "truncated-data.npy": whole[:-4],
        "trailing.npy": whole + b"\0\0\0\0",
        # Well formed, but not what the program takes.
        "zero-sized.npy": npy(header(shape="(0, 3)")),
        "zero-rank.npy": npy(header(shape="()"), data[:4]),
        "int32.npy": npy(header(descr="'<i4'"), data),
        "four-rows.npy": npy(header(shape="(4, 3)"), data * 2),
    }
    for name, contents in files.items():
        (out / name).write_bytes(contents)


if __name__ == "__main__":
    main()
