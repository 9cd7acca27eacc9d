"""ONNX's conformance tests for quantization, run through quant-edge.

Each quantization node test of ONNX's test data (Debian's libonnx-testdata,
`data/node/<test>/`: `model.onnx` and `test_data_set_*/{input,output}_*.pb`)
is imported with `qedge.onnx_quant.import_quantized_model`, run, and every
output compared exactly (integers by value, floats bit for bit) with the
test's `output_*.pb` (read with `onnx.numpy_helper.to_array`). The reference
is ONNX's own test data; nothing here computes expected values.

The inputs that quant-edge's types hold at compile time (scales, zero
points, QLinearConv's filter; `PARAMETER_SLOTS`) are bound as initializers
from the data set (`qedge.onnx_quant.bind_inputs`); the others are saved as
.npy files and passed to the function.

Targets: the host, JIT-compiled by `qedge-run`; or, with `--qedge-compile`,
a `qedge-compile --emit=exe --target=T` executable run under `--runner`
(e.g. `qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu`). One line per test,
then `N of 14 ONNX node tests equal on <target>`. `--self-check` plants a
one-element difference in one output and checks that it is reported.

Usage (from the repository root, with Debian's Python):

    python3 test/ONNX/run_node_tests.py --workdir=/tmp/onnx-node
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from qedge import onnx_quant  # noqa: E402

DEFAULT_DATA = Path("/usr/share/libonnx-testdata/data/node")

# Every quantization node test of ONNX 1.12's data (the `_expanded` copies
# of the DynamicQuantizeLinear tests spell it in float ops, and are left out).
NODE_TESTS = (
    "test_qlinearconv",
    "test_qlinearmatmul_2D",
    "test_qlinearmatmul_3D",
    "test_quantizelinear",
    "test_quantizelinear_axis",
    "test_dequantizelinear",
    "test_dequantizelinear_axis",
    "test_basic_convinteger",
    "test_convinteger_with_padding",
    "test_convinteger_without_padding",
    "test_matmulinteger",
    "test_dynamicquantizelinear",
    "test_dynamicquantizelinear_max_adjusted",
    "test_dynamicquantizelinear_min_adjusted",
)

# Tests expected to fail, with the reason (a compiler problem to fix).
EXPECTED_FAILURES: dict[str, str] = {}

# The input slots, per op type, that quant-edge needs as constants: scales
# and zero points (part of the `!quant.uniform` types), and QLinearConv's
# filter and bias (qedge.conv2d folds zero-point terms at compile time).
PARAMETER_SLOTS = {
    "QuantizeLinear": (1, 2),
    "DequantizeLinear": (1, 2),
    "QLinearConv": (1, 2, 3, 4, 5, 6, 7, 8),
    "QLinearMatMul": (1, 2, 4, 5, 6, 7),
    "ConvInteger": (2, 3),
    "MatMulInteger": (2, 3),
}


def read_tensor(path: Path) -> np.ndarray:
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(tensor)


def parameter_inputs(model: onnx.ModelProto) -> set[str]:
    names = set()
    for node in model.graph.node:
        for slot in PARAMETER_SLOTS.get(node.op_type, ()):
            if slot < len(node.input) and node.input[slot]:
                names.add(node.input[slot])
    return names


def compare(got: np.ndarray, want: np.ndarray) -> Optional[str]:
    """None when equal exactly: the same shape, integers of the same width
    equal as the expected type reads them (quant-edge's signless i8 is
    written as int8), floats equal bit for bit. Else what differs."""
    if got.shape != want.shape:
        return f"shape {list(got.shape)}, expected {list(want.shape)}"
    if got.dtype.kind in "iu" and want.dtype.kind in "iu" and \
            got.dtype.itemsize == want.dtype.itemsize:
        got = got.view(want.dtype)
        same = got == want
    elif got.dtype == want.dtype and got.dtype.kind == "f":
        bits = f"u{got.dtype.itemsize}"
        same = got.view(bits) == want.view(bits)
    else:
        return f"dtype {got.dtype}, expected {want.dtype}"
    if same.all():
        return None
    where = np.argwhere(~np.asarray(same).reshape(got.shape) if got.ndim
                        else ~np.atleast_1d(same))
    first = tuple(int(i) for i in where[0]) if got.ndim else ()
    return (f"{len(where)} of {got.size} elements differ, first at "
            f"{list(first)}: got {got[first]!r}, expected {want[first]!r}")


class Runner:
    def __init__(self, args: argparse.Namespace):
        self.qedge_run = args.qedge_run
        self.qedge_compile = args.qedge_compile
        self.target = args.target
        self.runner = shlex.split(args.runner) if args.runner else []

    def label(self) -> str:
        if not self.qedge_compile:
            return "host (qedge-run)"
        how = f"{self.target} (qedge-compile --emit=exe"
        if self.runner:
            how += ", run under " + shlex.join(self.runner)
        return how + ")"

    def run(self, mlir: Path, inputs: Sequence[Path],
            outputs: Sequence[Path]) -> Optional[str]:
        """Runs @main; None, or the failure (command and its stderr)."""
        io_args = [f"--input={p}" for p in inputs] + \
                  [f"--output={p}" for p in outputs]
        commands = []
        if self.qedge_compile:
            exe = mlir.with_suffix(".exe")
            commands.append([self.qedge_compile, str(mlir), "--entry=main",
                             "--emit=exe", f"--target={self.target}", "-o",
                             str(exe)])
            commands.append(self.runner + [str(exe)] + io_args)
        else:
            commands.append([self.qedge_run, str(mlir), "--entry=main"] +
                            io_args)
        for command in commands:
            proc = subprocess.run(command, capture_output=True, text=True,
                                  errors="replace")
            if proc.returncode != 0:
                message = (proc.stderr or proc.stdout).strip().splitlines()
                return (f"{Path(command[0]).name} exit code "
                        f"{proc.returncode}: "
                        f"{message[0] if message else '(no message)'}")
        return None


def run_test(name: str, data: Path, workdir: Path, runner: Runner,
             plant: bool = False) -> tuple[bool, str]:
    """(equal, the line to print) for one node test, every data set."""
    directory = data / name
    model = onnx.load(str(directory / "model.onnx"))
    opset = max((o.version for o in model.opset_import
                 if o.domain in ("", "ai.onnx")), default=0)
    graph_inputs = [i.name for i in model.graph.input
                    if i.name not in {t.name for t in model.graph.initializer}]
    parameters = parameter_inputs(model)
    sets = sorted(directory.glob("test_data_set_*"))
    if not sets:
        return False, f"{name}: no test_data_set_* in {directory}"
    outputs_compared = 0
    for data_set in sets:
        values = {graph_inputs[i]: read_tensor(p) for i, p in enumerate(
            sorted(data_set.glob("input_*.pb"),
                   key=lambda p: int(p.stem.split("_")[1])))}
        expected = [read_tensor(p) for p in sorted(
            data_set.glob("output_*.pb"),
            key=lambda p: int(p.stem.split("_")[1]))]
        bound = onnx_quant.bind_inputs(
            model, {k: v for k, v in values.items() if k in parameters})
        try:
            text = onnx_quant.import_quantized_model(bound)
        except onnx_quant.UnsupportedModelError as error:
            return False, f"{name}: NOT IMPORTED: {error}"
        case = workdir / f"{name}.{data_set.name}"
        case.mkdir(parents=True, exist_ok=True)
        mlir = case / "model.mlir"
        mlir.write_text(text)
        inputs = []
        for input_name in graph_inputs:
            if input_name in parameters:
                continue
            path = case / f"input_{len(inputs)}.npy"
            np.save(path, values[input_name])
            inputs.append(path)
        outputs = [case / f"output_{i}.npy" for i in range(len(expected))]
        failure = runner.run(mlir, inputs, outputs)
        if failure:
            return False, f"{name}: FAILED: {failure}"
        for index, want in enumerate(expected):
            got = np.load(outputs[index])
            if plant and index == 0:
                got = planted(got)
            difference = compare(got, want)
            if difference:
                return False, (f"{name}: DIFFERENT ({data_set.name}, output "
                               f"{index}): {difference}")
            outputs_compared += 1
    ops = sorted({n.op_type for n in model.graph.node})
    return True, (f"{name}: equal ({'/'.join(ops)}, opset {opset}; "
                  f"{outputs_compared} output(s) in {len(sets)} data "
                  f"set(s))")


def planted(array: np.ndarray) -> np.ndarray:
    """`array` with its first element changed by one step (one unit of an
    integer, one ulp of a float)."""
    changed = np.array(array, copy=True)
    flat = changed.reshape(-1)
    if changed.dtype.kind == "f":
        flat[0] = np.nextafter(flat[0], changed.dtype.type(np.inf))
    else:
        flat[0] = flat[0] ^ 1
    return changed


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="ONNX's node test directory (default: "
                             "%(default)s)")
    parser.add_argument("--qedge-run", default="qedge-run",
                        help="qedge-run to run on the host")
    parser.add_argument("--qedge-compile",
                        help="compile executables with this qedge-compile "
                             "instead of running qedge-run")
    parser.add_argument("--target", default="aarch64",
                        help="qedge-compile's --target (default: "
                             "%(default)s)")
    parser.add_argument("--runner", default="",
                        help="command prefix that runs the executables, "
                             "e.g. 'qemu-aarch64 -cpu max -L "
                             "/usr/aarch64-linux-gnu'")
    parser.add_argument("--workdir", type=Path,
                        help="where the .mlir, .npy and executables go "
                             "(default: a temporary directory)")
    parser.add_argument("--tests", default="",
                        help="comma-separated subset of the tests")
    parser.add_argument("--self-check", action="store_true",
                        help="plant a one-element difference in the first "
                             "output of the first test and check that it is "
                             "reported")
    args = parser.parse_args(argv)

    tests = [t for t in args.tests.split(",") if t] or list(NODE_TESTS)
    unknown = [t for t in tests if t not in NODE_TESTS]
    if unknown:
        parser.error(f"unknown test(s): {', '.join(unknown)}")
    if not args.data.is_dir():
        print(f"error: no ONNX node test data in {args.data} (Debian "
              f"package libonnx-testdata)", file=sys.stderr)
        return 2
    runner = Runner(args)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.self_check:
            name = tests[0]
            equal, line = run_test(name, args.data, workdir, runner,
                                   plant=True)
            if equal or "DIFFERENT" not in line or \
                    "1 of " not in line.split("DIFFERENT", 1)[1]:
                print(f"self-check FAILED: the planted difference in {name} "
                      f"was not reported as one element: {line}")
                return 1
            print(f"self-check: the planted one-element difference is "
                  f"reported: {line}")
            return 0
        equal_count, unexpected = 0, 0
        for name in tests:
            equal, line = run_test(name, args.data, workdir, runner)
            reason = EXPECTED_FAILURES.get(name)
            if reason and not equal:
                line = f"{name}: XFAIL ({reason}): {line.split(': ', 1)[1]}"
            elif reason and equal:
                line = f"{name}: XPASS (expected to fail: {reason})"
                unexpected += 1
            elif not equal:
                unexpected += 1
            equal_count += equal
            print(line, flush=True)
        print(f"{equal_count} of {len(tests)} ONNX node tests equal on "
              f"{runner.label()}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
