"""Runs quantized convolutions through the AArch64 kernels under qemu and
compares their bytes with the generic scalar path on the host.

One module `@main` computes every case (a quantized `qedge.conv2d` with
constant weights and bias, the input an argument with its `!quant.uniform`
type) in each of the three rounding modes. The reference is `qedge-run
--target=x86-64`: the x86-64 baseline has no int8 kernel, so there every
convolution takes the generic linalg lowering, which the numpy-checked
integration tests (../Quantized, ../IntConv2D) pin to the spec. For each
AArch64 target the script checks that every convolution becomes a vector
kernel (`convert-qedge-to-vector=print-schedule` remarks), compiles the module
with `qedge-compile --emit=exe`, runs it under `--runner` (qemu-aarch64) on the
same .npy inputs and requires every output file to have the reference's
bytes. Prints one line per target; exits non-zero on any difference.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

TARGETS = ("aarch64", "aarch64+dotprod", "aarch64+i8mm")
MODES = ("gemmlowp", "rndnu", "fp32")


@dataclass(frozen=True)
class Case:
    """A quantized convolution: NHWC input [1, H, W, C], OHWI filter
    [K, KH, KW, C / groups]."""
    name: str
    h: int
    w: int
    c: int
    k: int
    kernel: tuple[int, int]
    strides: tuple[int, int] = (1, 1)
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)
    dilations: tuple[int, int] = (1, 1)
    unsigned_input: bool = False
    unsigned_output: bool = False
    relu: bool = False
    groups: int = 1
    # "random", or the largest sums plain NEON's i16 pairs can hold:
    # "min-pairs" (weights -128 on input channels 0-7 of every 16, -127 on
    # 8-15: each pair of products sums to 32640 for inputs of -128), or
    # "all-min" (every weight -128: the pairs would overflow, so plain NEON
    # widens every product instead).
    weights: str = "random"

    def output_hw(self) -> tuple[int, int]:
        (kh, kw), (sh, sw) = self.kernel, self.strides
        dh, dw = self.dilations
        pt, pb, pl, pr = self.padding
        return ((self.h + pt + pb - dh * (kh - 1) - 1) // sh + 1,
                (self.w + pl + pr - dw * (kw - 1) - 1) // sw + 1)


CASES = (
    Case("3x3-pad1", 6, 9, 8, 8, (3, 3), padding=(1, 1, 1, 1)),
    Case("3x3-stride2-c3-k5", 9, 9, 3, 5, (3, 3), strides=(2, 2),
         padding=(0, 1, 0, 1), unsigned_input=True, unsigned_output=True),
    Case("3x3-dilation2-c18-k12", 7, 10, 18, 12, (3, 3), dilations=(2, 2),
         padding=(2, 2, 2, 2)),
    Case("1x1-c16-k20-relu", 4, 11, 16, 20, (1, 1), unsigned_input=True,
         relu=True),
    Case("5x3-c7-k36", 6, 13, 7, 36, (5, 3), strides=(1, 2),
         padding=(2, 2, 1, 1), unsigned_input=True),
    Case("depthwise-3x3-c10", 7, 9, 10, 10, (3, 3), strides=(2, 1),
         padding=(1, 1, 1, 1), groups=10),
    # smmla on aarch64+i8mm: an odd row (the last pixel pair overlaps the
    # one before it), u8 input, 12 output channels (a block past a pair of
    # blocks).
    Case("3x3-pad1-c24-k12-w7", 7, 7, 24, 12, (3, 3), padding=(1, 1, 1, 1),
         unsigned_input=True),
    # Border columns as strips down the image (sdot, smlal): two on the
    # left, one on the right, each skipping the kernel columns in padding.
    Case("3x3-strips-c16-k20", 9, 10, 16, 20, (3, 3), padding=(0, 2, 2, 1)),
    # The extremes of i16 pair sums, and weights that forbid them.
    Case("1x1-c32-k8-min-pairs", 3, 5, 32, 8, (1, 1), weights="min-pairs"),
    Case("1x1-c16-k4-all-min", 2, 3, 16, 4, (1, 1), weights="all-min"),
    # Pixel pairs strideW apart, taps dilationW apart.
    Case("3x3-stride2-dilation2-c16-k8", 9, 12, 16, 8, (3, 3),
         strides=(2, 2), dilations=(2, 2), padding=(2, 1, 2, 1)),
)


def storage(unsigned: bool) -> tuple[str, int, int]:
    """The !quant.uniform storage spelling, qmin and qmax."""
    return ("u8", 0, 255) if unsigned else ("i8", -128, 127)


def dense(values: np.ndarray) -> str:
    return np.array2string(values, separator=",", threshold=1 << 30,
                           max_line_width=1 << 30).replace("\n", "")


class Generator:
    """Random operands of fixed seed; the MLIR text of every case."""

    def __init__(self, seed: int = 11):
        self.rng = np.random.default_rng(seed)
        self.args: list[str] = []
        self.results: list[str] = []
        self.body: list[str] = []
        self.inputs: list[np.ndarray] = []

    def add(self, case: Case, mode: str) -> None:
        rng, i = self.rng, len(self.inputs)
        in_st, in_min, in_max = storage(case.unsigned_input)
        out_st, out_min, out_max = storage(case.unsigned_output)
        kh, kw = case.kernel
        # Every extreme of the storage ranges occurs.
        x = rng.integers(in_min, in_max + 1, (1, case.h, case.w, case.c))
        x.flat[:2] = (in_min, in_max)
        cg = case.c // case.groups
        w = rng.integers(-128, 128, (case.k, kh, kw, cg))
        w.flat[:2] = (-128, 127)
        if case.weights != "random":
            w[...] = -128
            if case.weights == "min-pairs":
                w[..., np.arange(cg) % 16 >= 8] = -127
            # Mostly the input extreme whose products with -128 are largest.
            x[rng.random(x.shape) < 0.8] = in_min
        zx = int(rng.integers(in_min, in_max + 1))
        sx = 0.05
        sw = rng.uniform(0.002, 0.004, case.k)
        # Outputs spread over the storage range: the accumulator's standard
        # deviation is about sqrt(taps) * 74 * 74.
        taps = kh * kw * cg
        sy = float(sx * sw.mean() * np.sqrt(taps) * 74 * 74 / 60)
        zy = int(rng.integers(out_min + 40, out_max - 40))
        b = rng.integers(-20000, 20000, case.k)
        if case.weights != "random":
            # 1x1: the bias cancels each channel's median accumulator and
            # the output scale spreads the rest over the storage range.
            acc = np.einsum("nhwc,kc->nhwk", x - zx, w[:, 0, 0, :])
            b = -np.round(np.median(acc, axis=(0, 1, 2))).astype(np.int64)
            sy = float(sx * sw.mean() * max(np.std(acc), 1.0) / 40)
        oh, ow = case.output_hw()

        x_type = (f"tensor<1x{case.h}x{case.w}x{case.c}x"
                  f"!quant.uniform<{in_st}:f32, {sx!r}:{zx}>>")
        w_scales = ", ".join(repr(float(s)) for s in sw)
        w_type = (f"tensor<{case.k}x{kh}x{kw}x{cg}x"
                  f"!quant.uniform<i8:f32:0, {{{w_scales}}}>>")
        b_scales = ", ".join(repr(float(sx * s)) for s in sw)
        b_type = f"tensor<{case.k}x!quant.uniform<i32:f32:0, {{{b_scales}}}>>"
        y_type = (f"tensor<1x{oh}x{ow}x{case.k}x"
                  f"!quant.uniform<{out_st}:f32, {sy!r}:{zy}>>")
        attrs = [f"strides = array<i64: {case.strides[0]}, {case.strides[1]}>",
                 "padding = array<i64: " + ", ".join(map(str, case.padding))
                 + ">",
                 f"dilations = array<i64: {case.dilations[0]}, "
                 f"{case.dilations[1]}>",
                 f"groups = {case.groups}",
                 f"rounding = #qedge.rounding<{mode}>"]
        if case.relu:
            attrs.append("clamp_min = 0.0 : f32")
        self.args.append(f"%x{i}: {x_type}")
        self.results.append(y_type)
        self.body += [
            f"  // {case.name}, {mode}",
            f"  %wi{i} = arith.constant dense<{dense(w)}> : "
            f"tensor<{case.k}x{kh}x{kw}x{cg}xi8>",
            f"  %w{i} = quant.scast %wi{i} : "
            f"tensor<{case.k}x{kh}x{kw}x{cg}xi8> to {w_type}",
            f"  %bi{i} = arith.constant dense<{dense(b)}> : "
            f"tensor<{case.k}xi32>",
            f"  %b{i} = quant.scast %bi{i} : tensor<{case.k}xi32> to {b_type}",
            f"  %y{i} = qedge.conv2d %x{i}, %w{i}, %b{i} "
            f"{{{', '.join(attrs)}}}",
            f"      : ({x_type}, {w_type}, {b_type}) -> {y_type}",
        ]
        dtype = np.uint8 if case.unsigned_input else np.int8
        self.inputs.append(x.astype(dtype))

    def module(self) -> str:
        values = ", ".join(f"%y{i}" for i in range(len(self.results)))
        return ("// Generated by arm_kernels.py\n"
                f"func.func @main({', '.join(self.args)})\n"
                f"    -> ({', '.join(self.results)}) {{\n"
                + "\n".join(self.body)
                + f"\n  return {values} : {', '.join(self.results)}\n}}\n")


def run(command: list[str]) -> subprocess.CompletedProcess:
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {shlex.join(command)}\n"
                 + proc.stderr[-3000:])
    return proc


def outputs(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [directory / f"y{k}.npy" for k in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--qedge-opt", default="qedge-opt")
    parser.add_argument("--qedge-run", default="qedge-run")
    parser.add_argument("--qedge-compile", default="qedge-compile")
    parser.add_argument("--runner", default="",
                        help="prefix that runs AArch64 executables")
    parser.add_argument("--targets", default=",".join(TARGETS))
    args = parser.parse_args()

    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    gen = Generator()
    for case in CASES:
        for mode in MODES:
            gen.add(case, mode)
    mlir = work / "cases.mlir"
    mlir.write_text(gen.module())
    count = len(gen.inputs)
    in_args = []
    for k, x in enumerate(gen.inputs):
        np.save(work / f"x{k}.npy", x)
        in_args.append(f"--input={work / f'x{k}.npy'}")

    ref_files = outputs(work / "x86-64", count)
    run([args.qedge_run, str(mlir), "--entry=main", "--target=x86-64",
         *in_args, *(f"--output={p}" for p in ref_files)])
    reference = [p.read_bytes() for p in ref_files]
    spread = min(len(np.unique(np.load(p))) for p in ref_files)
    print(f"reference: {count} convolutions ({len(CASES)} shapes x "
          f"{len(MODES)} rounding modes) on x86-64 (qedge-run), at least "
          f"{spread} distinct output values each")

    failed = False
    for target in args.targets.split(","):
        remarks = run([args.qedge_opt, str(mlir),
                       f"--qedge-set-target=target={target}", "--canonicalize",
                       "--qedge-fold-quant", "--canonicalize",
                       "--convert-qedge-to-vector=print-schedule",
                       "-o", "/dev/null"]).stderr
        kernels = (remarks.count("remark: convolution kernel:")
                   + remarks.count("remark: depthwise kernel:"))
        exe = work / f"{target}.exe"
        run([args.qedge_compile, str(mlir), "--entry=main", "--emit=exe",
             f"--target={target}", "-o", str(exe)])
        files = outputs(work / target, count)
        run([*shlex.split(args.runner), str(exe), *in_args,
             *(f"--output={p}" for p in files)])
        different = [k for k, p in enumerate(files)
                     if p.read_bytes() != reference[k]]
        print(f"{target}: {kernels} of {count} convolutions as vector "
              f"kernels; {count - len(different)} of {count} outputs "
              "byte-identical to x86-64")
        for k in different:
            diff = np.load(files[k]).astype(int) - np.load(ref_files[k])
            print(f"  output {k} differs in {np.count_nonzero(diff)} "
                  f"elements, by at most {np.abs(diff).max()}")
        failed |= bool(different) or kernels != count
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
