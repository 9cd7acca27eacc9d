"""The hot loops of the AArch64 convolution kernels, timed by llvm-mca.

No ARM hardware needed: for each benchmark layer (`bench/conv/layers.py`
writes the quantized programs) and each AArch64 target, this script compiles
the program with `qedge-compile --emit=asm`, finds the innermost loop that
holds the target's multiply-accumulate instructions (`sdot`, or `smlal` for
plain `aarch64`), and runs `llvm-mca -mtriple=aarch64 -mcpu=CPU` on its body.
It prints, per layer, target and CPU model, the cycles of one iteration, the
cycles the multiply-accumulates alone need at their throughput in that CPU's
scheduling model (their bound), and the share of that bound the loop reaches,
with the MACs per cycle.

This is the kernel's inner loop only: the borders, the requantization and
the input padding around it are not counted.

    python3 bench/arm/mca.py --layers L4 --cpus neoverse-n1,neoverse-n2
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

ROOT = Path(__file__).resolve().parents[2]
LLVM = Path(os.environ.get("QEDGE_LLVM_DIR", "/usr/lib/llvm-22")) / "bin"
ITERATIONS = 200

# The multiply-accumulate of each kernel and the MACs one instruction does:
# sdot, 4 lanes x 4 bytes; smlal on i16, 4 lanes.
DOT_MACS = {"sdot": 16, "smlal": 4, "smmla": 32}
LABEL = re.compile(r"^(\.LBB\w+):")
BRANCH = re.compile(
    r"^\s+(?:b\.\w+|cbn?z|tbn?z|b)\s+(?:\w+,\s*)*(\.LBB\w+)\s*$")


@dataclass
class Loop:
    """An innermost loop of the assembly: a label, its body, and the branch
    back to the label at the end (no other label in between)."""
    label: str
    body: list[str]

    def dots(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.body:
            fields = line.split()
            if fields and fields[0] in DOT_MACS:
                counts[fields[0]] = counts.get(fields[0], 0) + 1
        return counts


def innermost_loops(asm: str) -> list[Loop]:
    """Every block that ends in a branch back to its own label."""
    loops = []
    label, body = None, []
    for line in asm.splitlines():
        match = LABEL.match(line)
        if match:
            label, body = match.group(1), []
            continue
        if label is None or not line.startswith("\t") or \
                line.lstrip().startswith("."):
            continue
        body.append(line)
        branch = BRANCH.match(line)
        if branch and branch.group(1) == label:
            loops.append(Loop(label, list(body)))
    return loops


def hot_loop(asm: str) -> Loop | None:
    """The innermost loop with the most multiply-accumulates."""
    loops = [loop for loop in innermost_loops(asm) if loop.dots()]
    return max(loops, key=lambda loop: sum(loop.dots().values()),
               default=None)


@dataclass
class Timing:
    cycles: float        # per iteration
    bound: float         # the multiply-accumulates alone, per iteration
    macs: int            # per iteration


def run_mca(llvm_mca: str, cpu: str, loop: Loop, path: Path) -> Timing:
    path.write_text("\n".join(loop.body) + "\n")
    proc = subprocess.run(
        [llvm_mca, "-mtriple=aarch64", f"-mcpu={cpu}",
         f"-iterations={ITERATIONS}", "-instruction-info", str(path)],
        capture_output=True, text=True, check=True)
    total = float(re.search(r"Total Cycles:\s+(\d+)", proc.stdout).group(1))
    # Instruction info rows: uOps, latency, reciprocal throughput, flags,
    # then the instruction.
    bound = 0.0
    for line in proc.stdout.splitlines():
        row = re.match(r"^\s*\d+\s+\d+\s+(\d+\.\d+)\s+[*U ]*\s(\w+)\s", line)
        if row and row.group(2) in DOT_MACS:
            bound += float(row.group(1))
    macs = sum(DOT_MACS[name] * n for name, n in loop.dots().items())
    return Timing(total / ITERATIONS, bound, macs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", default="L4",
                        help="bench/conv/layers.py layers, comma separated")
    parser.add_argument("--targets", default="aarch64+dotprod,aarch64",
                        help="AArch64 targets of qedge-compile")
    parser.add_argument("--cpus", default="neoverse-n1",
                        help="llvm-mca CPU models, comma separated")
    parser.add_argument("--rounding", default="gemmlowp")
    parser.add_argument("--qedge-compile", default="qedge-compile")
    parser.add_argument("--llvm-mca", default=str(LLVM / "llvm-mca"))
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench/results/arm",
                        help="where programs, assembly and loops are written")
    args = parser.parse_args()

    programs = args.out / "programs"
    subprocess.run([sys.executable, str(ROOT / "bench/conv/layers.py"),
                    "--out", str(programs), "--layers", args.layers,
                    "--rounding", args.rounding],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"{'layer':6} {'target':16} {'cpu':12} {'MACs':>6} "
          f"{'cycles':>8} {'bound':>8} {'share':>7} {'MACs/cycle':>10}")
    for layer in args.layers.split(","):
        for target in args.targets.split(","):
            directory = args.out / target
            directory.mkdir(parents=True, exist_ok=True)
            asm = directory / f"{layer}.s"
            program = programs / f"{layer}.mlir"
            subprocess.run([args.qedge_compile, str(program), "--emit=asm",
                            f"--target={target}", "-o", str(asm)],
                           check=True)
            loop = hot_loop(asm.read_text())
            if loop is None:
                # LLVM unrolled every loop around them (short reductions).
                print(f"{layer:6} {target:16} no loop of multiply-accumulates")
                continue
            for cpu in args.cpus.split(","):
                t = run_mca(args.llvm_mca, cpu, loop,
                            directory / f"{layer}.{cpu}.loop.s")
                print(f"{layer:6} {target:16} {cpu:12} {t.macs:6d} "
                      f"{t.cycles:8.2f} {t.bound:8.2f} "
                      f"{100 * t.bound / t.cycles:6.1f}% "
                      f"{t.macs / t.cycles:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
