"""Writes the malformed .mlir corpus of the tests beside this script into a
directory: `python3 make_mlir_corpus.py DIR`.

The deeply nested files (100,000 levels of each kind of bracket) and the
large constant are generated here rather than checked in. Each file but the
binary one is otherwise valid MLIR, with a `@main` as the test program's
(tensor<2x3xf32> in and out), so that the one problem is the only one.
"""

import sys
from pathlib import Path

DEPTH = 100_000
MAIN = ("func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {{\n"
        "{body}"
        "  return %x : tensor<2x3xf32>\n"
        "}}\n")


def main_with(body: str) -> str:
    return MAIN.format(body=body)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "empty.mlir": "",
        # Nested regions, attributes, types and locations.
        "deep-regions.mlir": "func.func @main() {\n"
        + "scf.execute_region {\n" * DEPTH + "}\n" * DEPTH + "}\n",
        "deep-arrays.mlir": "func.func @main() attributes {a = "
        + "[" * DEPTH + "]" * DEPTH + "} {\n  return\n}\n",
        "deep-types.mlir": "func.func private @f("
        + "tuple<" * DEPTH + "i32" + ">" * DEPTH + ")\n",
        "deep-locations.mlir": "func.func private @f() loc("
        + "callsite(" * DEPTH + '"a"' + ' at "b")' * DEPTH + ")\n",
        # Within the limit: parsed and printed as any program.
        "nested-999.mlir": "func.func @main() attributes {a = "
        + "[" * 998 + "]" * 998 + "} {\n  return\n}\n",
        # Tensors whose bytes exceed the limit, or overflow 64 bits.
        "huge-splat.mlir": main_with(
            "  %big = arith.constant dense<1.0> : "
            "tensor<1048576x1048576xf32>\n"),
        "huge-argument.mlir": "func.func @main(%x: tensor<2x3xf32>, "
        "%y: tensor<?x1048576x1048576xf32>) -> tensor<2x3xf32> {\n"
        "  return %x : tensor<2x3xf32>\n}\n",
        "overflow-shape.mlir": main_with(
            "  %big = tensor.empty() : "
            "tensor<4611686018427387904x4611686018427387904xi8>\n"),
        "huge-global.mlir": main_with("")
        + 'memref.global "private" constant @table : '
        "memref<1099511627776xi8> = dense<0>\n",
        "huge-vector.mlir": main_with(
            "  %v = arith.constant dense<0> : vector<1099511627776xi8>\n"),
        # 64 KiB of distinct values: within the default limit.
        "constant-64k.mlir": main_with(
            '  %c = arith.constant dense<"0x'
            + "".join(f"{i % 251:02X}{i % 241:02X}00BF"
                      for i in range(16384))
            + '"> : tensor<16384xf32>\n'),
    }
    for name, text in files.items():
        (out / name).write_text(text)
    # An ELF header: NUL bytes, as in any binary file.
    (out / "binary.mlir").write_bytes(
        b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00")
    # No NUL, but not text: the parser's own located error.
    (out / "latin1.mlir").write_bytes(b"\xff\xfe\x80 func.func")


if __name__ == "__main__":
    main()
