"""Whole-layer cycle estimates of the AArch64 convolution kernels.

No ARM hardware needed. For each benchmark layer (`bench/conv/layers.py`
writes the quantized programs) and each AArch64 target, this script

1. compiles the layer into an AArch64 executable (`qedge-compile --emit=exe`);
2. runs it once under `qemu-aarch64 -cpu max` on a random input and requires
   its output to have the bytes of `qedge-run --target=x86-64` (the generic
   scalar lowering) on the same input;
3. from the same run, with qemu's `-d in_asm,exec,nochain` log, counts how
   often every translated block of straight-line code (from an entry point to
   the next branch) executed while the layer's function ran, the calls it
   makes (`memcpy`, `memset`) included: the measured trip counts of every
   loop, the borders and the epilogues;
4. times every one of those blocks with `llvm-mca -mcpu=CPU` (its steady
   state: cycles per execution when the block repeats), and sums count x
   cycles into the layer's estimated cycles.

It prints, per layer, target and CPU model: the estimated cycles, the useful
MACs (those that do not touch padding) per cycle, and their share of the
bound of the target's multiply-accumulate: `sdot` (16 MACs) on
`aarch64+dotprod`, `smmla` (32 MACs) on `aarch64+i8mm`, and on plain
`aarch64` the `smull` + `smlal2` + `sadalp` sequence (16 MACs), each at its
throughput in that CPU's scheduling model, measured by llvm-mca on
independent instructions. `hot` is the share of the estimate spent in the
block that holds the most multiply-accumulates (the kernel's inner loop), and
`loop` that block's own share of the bound.

    python3 bench/arm/mca.py --layers L4,L5 --cpus neoverse-n1,neoverse-n2
    python3 bench/arm/mca.py --tune=cpu

By default each target is compiled once, with LLVM's generic tuning, and that
one executable is timed on every CPU model: what a binary built for any core
gets. `--tune=cpu` compiles it once per CPU model with `--mcpu=CPU`, as a
build for one known core would be (on Cortex-A55 this also keeps the in-order
core's 128-bit loads unpaired).

The estimate is the scheduling model's, not a measurement: blocks are timed
one at a time in their steady state, so the latency between a block and the
next one, branch mispredictions and cache misses are not counted.
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench/conv"))
from layers import LAYERS_BY_NAME, Layer  # noqa: E402

LLVM = Path(os.environ.get("QEDGE_LLVM_DIR", "/usr/lib/llvm-22")) / "bin"
ITERATIONS = 100
ENTRY = "qedge_entry_conv"
# The functions of the runtime that call the layer: reaching one of them
# again ends the layer's run.
CALLERS = ("qedge_main", "main", "call")

# The multiply-accumulate instructions of each target's kernels and the MACs
# one instruction does: sdot and smmla; on plain NEON, one sadalp per
# smull + smlal2 + sadalp on 16 bytes, or the by-element smlal on i16 (4
# lanes) where the weights cannot take i16 pair sums.
DOT_MACS = {
    "aarch64+dotprod": {"sdot": 16},
    "aarch64+i8mm": {"smmla": 32, "sdot": 16},
    "aarch64": {"sadalp": 16, "smlal": 4},
}
TARGET_DOT = {"aarch64+dotprod": "sdot", "aarch64+i8mm": "smmla",
              "aarch64": "smull"}
# Each bound's instruction sequence for twelve independent accumulators (in
# steps, so that an in-order model does not wait on one chain), and the MACs
# of one instance.
BOUND_KERNELS = {
    "sdot": (["\tsdot\tv{a}.4s, v30.16b, v31.16b\n"], 16),
    "smmla": (["\tsmmla\tv{a}.4s, v30.16b, v31.16b\n"], 32),
    "smull": (["\tsmull\tv{a}.8h, v28.8b, v29.8b\n",
               "\tsmlal2\tv{a}.8h, v28.16b, v29.16b\n",
               "\tsadalp\tv{b}.4s, v{a}.8h\n"], 16),
}
# The models of cores that have i8mm: llvm-mca would time smmla on the others
# too.
I8MM_CPUS = ("neoverse-n2", "neoverse-v1", "neoverse-v2", "cortex-a510",
             "cortex-a710", "cortex-x2")
TB_HEADER = re.compile(r"^IN:")
TB_INSN = re.compile(r"^0x([0-9a-f]+):\s+([0-9a-f]{8})\s")
TRACE = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
CALL = re.compile(r"^\s*(bl|blr)\s")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in command], capture_output=True,
                          text=True, **kwargs)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, command))}"
                 f"\n{proc.stderr[-3000:]}")
    return proc


def useful_macs(layer: Layer) -> int:
    """MACs whose input tap lies inside the image (not in the padding)."""
    def taps(size: int, out: int) -> int:
        positions = np.arange(out)[:, None] * layer.stride - layer.pad + \
            np.arange(layer.k)[None, :]
        return int(((positions >= 0) & (positions < size)).sum())
    return (taps(layer.h, layer.oh) * taps(layer.w, layer.ow) * layer.oc *
            layer.icg)


# ===---------------------------------------------------------------------=== #
# Trip counts from qemu
# ===---------------------------------------------------------------------=== #


@dataclass
class Block:
    """A block qemu translated: its first address and instruction words."""
    pc: int
    words: list[int]
    count: int = 0
    asm: list[str] = field(default_factory=list)

    def dots(self, target: str) -> int:
        """The block's multiply-accumulates on `target`, in MACs."""
        macs = DOT_MACS[target]
        return sum(macs.get(line.split()[0], 0) for line in self.asm
                   if line.split())


def symbols(exe: Path) -> dict[str, tuple[int, int]]:
    out = run([LLVM / "llvm-nm", "-S", "--defined-only", exe]).stdout
    table = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in "tT":
            table[fields[3]] = (int(fields[0], 16), int(fields[1], 16))
    return table


def trace_blocks(log: Path, exe: Path) -> list[Block]:
    """The blocks executed while the layer's function ran, with counts."""
    table = symbols(exe)
    entry = table[ENTRY][0]
    blocks: dict[int, Block] = {}
    sequence: list[int] = []
    current: Block | None = None
    with log.open() as lines:
        for line in lines:
            if TB_HEADER.match(line):
                current = None
                continue
            insn = TB_INSN.match(line)
            if insn:
                pc = int(insn.group(1), 16)
                if current is None:
                    current = blocks.setdefault(pc, Block(pc, []))
                    current.words = []
                current.words.append(int(insn.group(2), 16))
                continue
            current = None
            trace = TRACE.match(line)
            if trace:
                sequence.append(int(trace.group(1), 16))
    # qemu loads a position-independent executable at a base of its choice:
    # the layer's entry is the executed block at the entry's page offset whose
    # first word is the function's.
    dump = run([LLVM / "llvm-objdump", "-d", f"--start-address={entry}",
                f"--stop-address={entry + 4}", exe]).stdout
    first = int(re.search(r"^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s", dump,
                          re.M).group(1), 16)
    candidates = [pc for pc in blocks
                  if (pc - entry) % 4096 == 0 and pc >= entry]
    base = None
    for pc in candidates:
        if blocks[pc].words[0] == first:
            base = pc - entry
            break
    if base is None:
        sys.exit(f"{log}: the layer's function never ran")
    callers = [(base + table[name][0], base + table[name][0] + table[name][1])
               for name in CALLERS if name in table]
    counts: collections.Counter[int] = collections.Counter()
    inside = False
    entries = 0
    for pc in sequence:
        if pc == base + entry:
            inside = True
            entries += 1
        elif inside and any(lo <= pc < hi for lo, hi in callers):
            inside = False
        if inside:
            counts[pc] += 1
    if entries != 1:
        sys.exit(f"{log}: the layer's function ran {entries} times")
    for pc, count in counts.items():
        blocks[pc].count = count
    return join_page_splits([blocks[pc] for pc in sorted(counts)])


def is_branch(word: int) -> bool:
    """Whether an A64 instruction word is a branch (B, BL, B.cond, CBZ,
    CBNZ, TBZ, TBNZ, BR, BLR, RET)."""
    return ((word & 0x7C000000) == 0x14000000 or
            (word & 0xFF000010) == 0x54000000 or
            (word & 0x7E000000) in (0x34000000, 0x36000000) or
            (word & 0xFE000000) == 0xD6000000)


def join_page_splits(executed: list[Block]) -> list[Block]:
    """qemu ends a block at a page boundary even where the code runs on:
    such a block is timed joined to the one after it, as the core runs them,
    for as many executions as it had; the one after keeps the rest."""
    by_pc = {block.pc: block for block in executed}
    joined = []
    for block in executed:
        end = block.pc + 4 * len(block.words)
        after = by_pc.get(end)
        if (end % 4096 or after is None or is_branch(block.words[-1]) or
                after.count < block.count):
            joined.append(block)
            continue
        joined.append(Block(block.pc, block.words + after.words, block.count))
        after.count -= block.count
    return [block for block in joined if block.count]


def disassemble(blocks: list[Block]) -> None:
    """LLVM's assembly of every block, calls removed: llvm-mca charges a call
    100 cycles, and the callee's blocks are counted on their own."""
    text = "".join(
        " ".join(f"0x{(w >> (8 * i)) & 0xff:02x}" for w in b.words
                 for i in range(4)) + "\n" for b in blocks)
    # One block per line would merge them; separate with a marker word
    # (udf #0xbeef) that cannot occur in compiled code.
    marker = "0xef 0xbe 0x00 0x00"
    text = f"\n{marker}\n".join(line for line in text.splitlines())
    out = run([LLVM / "llvm-mc", "--disassemble", "-triple=aarch64",
               "-mattr=+v9.2a,+i8mm,+dotprod,+sve2,+bf16,+fp16,+crc,+lse,"
               "+rcpc,+sha2,+aes"], input=text + "\n").stdout
    index, asm = 0, []
    for line in out.splitlines():
        line = line.rstrip()
        if not line.startswith("\t"):
            continue
        if line.split()[0] == "udf" and line.split()[1] == "#48879":
            blocks[index].asm = asm
            index, asm = index + 1, []
            continue
        if not CALL.match(line):
            asm.append(line)
    blocks[index].asm = asm
    if index != len(blocks) - 1:
        sys.exit("llvm-mc did not disassemble every block")


# ===---------------------------------------------------------------------=== #
# Cycles from llvm-mca
# ===---------------------------------------------------------------------=== #


def mca_regions(cpu: str, regions: list[list[str]], path: Path) -> list[float]:
    """Steady-state cycles per iteration of each region, by llvm-mca."""
    text = []
    for k, asm in enumerate(regions):
        text.append(f"# LLVM-MCA-BEGIN r{k}")
        text.extend(asm or ["\tnop"])
        text.append("# LLVM-MCA-END")
    path.write_text("\n".join(text) + "\n")
    out = run([LLVM / "llvm-mca", "-mtriple=aarch64", f"-mcpu={cpu}",
               "-mattr=+dotprod,+i8mm",
               f"-iterations={ITERATIONS}", "-skip-unsupported-instructions=any",
               "-instruction-tables=none", path]).stdout
    totals = [float(m) for m in re.findall(r"Total Cycles:\s+(\d+)", out)]
    if len(totals) != len(regions):
        sys.exit(f"llvm-mca gave {len(totals)} regions of {len(regions)}")
    return [t / ITERATIONS for t in totals]


def bound_macs_per_cycle(cpu: str, dot: str, work: Path) -> float:
    """MACs per cycle of the target's multiply-accumulate at its throughput:
    twelve independent instances, timed by llvm-mca."""
    steps, macs = BOUND_KERNELS[dot]
    asm = "".join(step.format(a=k, b=k + 12) for step in steps
                  for k in range(12))
    cycles = mca_regions(cpu, [asm.splitlines()], work / f"bound.{dot}.{cpu}.s")
    return 12 * macs / cycles[0]


# ===---------------------------------------------------------------------=== #
# Driver
# ===---------------------------------------------------------------------=== #


def write_profile(path: Path, blocks: list[Block], cycles: list[float],
                  total: float) -> None:
    """The blocks by their share of the estimate, with their assembly."""
    rows = sorted(zip(blocks, cycles), key=lambda r: -r[0].count * r[1])
    with path.open("w") as f:
        for block, c in rows:
            f.write(f"# {100 * block.count * c / total:5.1f}%  "
                    f"{block.count} x {c:.2f} cycles  pc 0x{block.pc:x}\n")
            f.write("\n".join(block.asm) + "\n\n")


@dataclass
class Result:
    layer: str
    target: str
    cpu: str
    cycles: float
    useful: int
    bound: float          # MACs per cycle
    hot: float            # share of the cycles in the hottest block
    loop: float           # the hottest block's own share of the bound

    @property
    def share(self) -> float:
        return self.useful / self.cycles / self.bound


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", default="L1,L2,L3,L4,L5,L6,L7,L8",
                        help="bench/conv/layers.py layers, comma separated")
    parser.add_argument("--targets",
                        default="aarch64+i8mm,aarch64+dotprod,aarch64",
                        help="AArch64 targets of qedge-compile")
    parser.add_argument("--cpus",
                        default="neoverse-n1,neoverse-n2,neoverse-v1,"
                        "cortex-a55", help="llvm-mca CPU models")
    parser.add_argument("--rounding", default="gemmlowp")
    parser.add_argument("--tune", choices=("generic", "cpu"),
                        default="generic",
                        help="generic: one executable per target, timed on "
                        "every CPU model (what a binary for any core gets); "
                        "cpu: one per target and CPU model, compiled with "
                        "--mcpu=CPU (what a build for that core gets)")
    parser.add_argument("--compile-flags", default="",
                        help="more qedge-compile options, e.g. --mcpu=CPU")
    parser.add_argument("--build", type=Path, default=ROOT / "build",
                        help="the build directory (its bin/ has the tools)")
    parser.add_argument("--qemu", default="qemu-aarch64 -cpu max -L "
                        "/usr/aarch64-linux-gnu")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench/results/arm",
                        help="where programs, logs, blocks and the CSV go")
    args = parser.parse_args()

    tools = args.build / "bin"
    out = args.out
    programs = out / "programs"
    run([sys.executable, ROOT / "bench/conv/layers.py", "--out", programs,
         "--layers", args.layers, "--rounding", args.rounding])
    rng = np.random.default_rng(7)
    results: list[Result] = []
    print(f"{'layer':6} {'target':16} {'cpu':12} {'cycles':>10} "
          f"{'MACs/cycle':>10} {'share':>7} {'hot':>6} {'loop':>6}")
    for name in args.layers.split(","):
        layer = LAYERS_BY_NAME[name]
        program = programs / f"{name}.mlir"
        work = out / name
        work.mkdir(parents=True, exist_ok=True)
        x = rng.integers(-128, 128, (1, layer.h, layer.w, layer.ic),
                         dtype=np.int8)
        np.save(work / "x.npy", x)
        reference = work / "x86-64.npy"
        run([tools / "qedge-run", program, "--entry=conv", "--target=x86-64",
             f"--input={work / 'x.npy'}", f"--output={reference}"])
        for target in args.targets.split(","):
            cpus = [cpu for cpu in args.cpus.split(",")
                    if target != "aarch64+i8mm" or cpu in I8MM_CPUS]
            builds = ([(target, [], cpus)] if args.tune == "generic" else
                      [(f"{target}.{cpu}", [f"--mcpu={cpu}"], [cpu])
                       for cpu in cpus])
            for build, mcpu, build_cpus in builds:
                results += time_build(args, tools, layer, program, work,
                                      reference, target, build, mcpu,
                                      build_cpus)
    with (out / "estimates.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["layer", "target", "cpu", "tuning", "cycles",
                         "useful_macs", "bound_macs_per_cycle", "share",
                         "hot", "loop"])
        for r in results:
            writer.writerow([r.layer, r.target, r.cpu, args.tune,
                             f"{r.cycles:.0f}", r.useful, f"{r.bound:.2f}",
                             f"{r.share:.4f}", f"{r.hot:.4f}",
                             f"{r.loop:.4f}"])
    return 0


def time_build(args, tools: Path, layer: Layer, program: Path, work: Path,
               reference: Path, target: str, build: str, mcpu: list[str],
               cpus: list[str]) -> list[Result]:
    """Compiles `program` for `target` (files named `build`), checks its
    output under qemu and estimates its cycles on each of `cpus`."""
    name = layer.name
    exe = work / f"{build}.exe"
    run([tools / "qedge-compile", program, "--entry=conv", "--emit=exe",
         f"--target={target}", *mcpu, *args.compile_flags.split(), "-o",
         exe])
    log = work / f"{build}.log"
    output = work / f"{build}.npy"
    run([*args.qemu.split(), "-d", "in_asm,exec,nochain", "-D", log, exe,
         f"--input={work / 'x.npy'}", f"--output={output}"])
    if output.read_bytes() != reference.read_bytes():
        sys.exit(f"{name} on {build}: the output differs from x86-64's")
    blocks = trace_blocks(log, exe)
    log.unlink()
    disassemble(blocks)
    hottest = max(blocks, key=lambda b: b.dots(target) * b.count)
    dot = TARGET_DOT[target]
    results = []
    for cpu in cpus:
        cycles = mca_regions(cpu, [b.asm for b in blocks],
                             work / f"{build}.{cpu}.blocks.s")
        total = sum(c * b.count for c, b in zip(cycles, blocks))
        bound = bound_macs_per_cycle(cpu, dot, work)
        hot_cycles = cycles[blocks.index(hottest)]
        loop = hottest.dots(target) / hot_cycles / bound
        r = Result(name, target, cpu, total, useful_macs(layer), bound,
                   hottest.count * hot_cycles / total, loop)
        results.append(r)
        write_profile(work / f"{build}.{cpu}.profile.txt", blocks, cycles,
                      total)
        print(f"{name:6} {target:16} {cpu:12} {total:10.0f} "
              f"{r.useful / total:10.2f} {100 * r.share:6.1f}% "
              f"{100 * r.hot:5.1f}% {100 * r.loop:5.1f}%", flush=True)
    return results


if __name__ == "__main__":
    sys.exit(main())
