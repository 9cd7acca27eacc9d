"""Runs every guard-page program (programs.py) on every given target.

For each target: `qedge-opt` prints the convolution planner's choices, which
must include the kernel paths programs.py expects on that target (so that a
change of the cost model cannot quietly stop covering one); `qedge-compile`
makes one object of the whole module (every
program an entry point) and its header; llvm-objcopy renames its malloc and
free to the harness's guarded ones (so that the kernels' own buffers sit
against guard pages too); clang links it with guard_harness.c and the
generated table of entries; the harness runs natively, or under
`--runner` for AArch64 (`qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu`,
the default when qemu-aarch64 is on PATH). The targets compile in parallel
(`--jobs`), the harness then runs every program with its buffers against a
PROT_NONE page at the end and at the start (guard_harness.c), and with
`--self-check` proves on each target that planted out-of-bounds accesses,
and buffers declared one element short, are caught.

Prints the harness's lines per target and a summary line; exits non-zero
on any out-of-bounds access, difference or failed self-check. From a build
directory BUILD, to rerun by hand:

    python3 test/Integration/GuardPages/guard_pages.py --build-dir=BUILD \\
        --targets=all --self-check [--only=dw3x3_c24,stem_c3]

(`all` is every target this host can run: the x86 levels its CPU has, and the
AArch64 ones when qemu-aarch64 and the AArch64 C library are present.)
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import programs as gp  # noqa: E402

X86_TARGETS = ("x86-64", "x86-64-v3", "x86-64-v4", "x86-64-v4+vnni")
AARCH64_TARGETS = ("aarch64", "aarch64+dotprod", "aarch64+i8mm")
AARCH64_SYSROOT = "/usr/aarch64-linux-gnu"
DEFAULT_QEMU = f"qemu-aarch64 -cpu max -L {AARCH64_SYSROOT}"

# The CPU flags each x86 level needs (as test/lit.cfg.py's features).
_V3 = {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave"}
_V4 = _V3 | {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"}
X86_FLAGS = {"x86-64": set(), "x86-64-v3": _V3, "x86-64-v4": _V4,
             "x86-64-v4+vnni": _V4 | {"avx512_vnni"}}


def host_targets() -> list[str]:
    """The targets this host runs: natively, or AArch64 under qemu."""
    targets = []
    if platform.machine() == "x86_64":
        flags = set()
        try:
            with open("/proc/cpuinfo") as cpuinfo:
                for line in cpuinfo:
                    if line.startswith("flags"):
                        flags = set(line.split(":", 1)[1].split())
                        break
        except OSError:
            pass
        targets += [t for t in X86_TARGETS if X86_FLAGS[t] <= flags]
    if platform.machine() == "aarch64" or (
            shutil.which("qemu-aarch64") and os.path.isdir(AARCH64_SYSROOT)):
        targets += list(AARCH64_TARGETS)
    return targets


def triple(target: str) -> str:
    return ("aarch64-linux-gnu" if target.startswith("aarch64")
            else "x86_64-linux-gnu")


def needs_runner(target: str) -> bool:
    return target.startswith("aarch64") and platform.machine() != "aarch64"


def run(cmd: list[str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if result.returncode != 0 and what:
        raise RuntimeError(f"{what} failed (exit {result.returncode}): "
                           f"{shlex.join(cmd)}\n{result.stdout}{result.stderr}")
    return result


def check_kernel_paths(target: str, args, workdir: Path,
                       programs: list[gp.Program]) -> int:
    """Checks the planner's remark on each program that expects a kernel path
    on `target`; returns how many were checked."""
    expected = {p.name: p.expect[target] for p in programs
                if target in p.expect}
    if not expected:
        return 0
    module = workdir / "programs.mlir"
    result = run([args.qedge_opt, str(module),
                  f"--qedge-set-target=target={target}",
                  "--qedge-strip-calibration", "--qedge-fold-quant",
                  "--canonicalize", "--convert-qedge-to-vector=print-schedule",
                  "-o", os.devnull], f"qedge-opt for {target}")
    # Each remark is located at its op: map lines to functions.
    starts = []
    for number, line in enumerate(module.read_text().splitlines(), 1):
        match = re.match(r"func\.func @(\w+)\(", line)
        if match:
            starts.append((number, match.group(1)))
    remarks: dict[str, list[str]] = {}
    for line in result.stderr.splitlines():
        match = re.search(r":(\d+):\d+: remark: (.*)", line)
        if match:
            owner = [name for start, name in starts
                     if start <= int(match.group(1))][-1]
            remarks.setdefault(owner, []).append(match.group(2))
    missing = [f"{name}: expected '{phrase}', got "
               f"{remarks.get(name, ['no remark'])}"
               for name, phrase in expected.items()
               if not any(phrase in r for r in remarks.get(name, []))]
    if missing:
        raise RuntimeError(f"the planner did not take the kernel paths "
                           f"these programs are for:\n" + "\n".join(missing))
    return len(expected)


def build_target(target: str, args, workdir: Path) -> Path:
    """Compiles the module for `target` and links the harness; the executable."""
    tdir = workdir / target.replace("+", "_")
    tdir.mkdir(parents=True, exist_ok=True)
    obj = tdir / "programs.o"
    run([args.qedge_compile, str(workdir / "programs.mlir"),
         f"--target={target}", "-o", str(obj),
         f"--header={tdir / 'programs.h'}"], f"qedge-compile --target={target}")
    # The entry's own allocations go through the harness's guarded malloc.
    guarded = tdir / "programs-guarded.o"
    run([args.objcopy, "--redefine-sym=malloc=qedge_guard_malloc",
         "--redefine-sym=free=qedge_guard_free", str(obj), str(guarded)],
        f"llvm-objcopy for {target}")
    exe = tdir / "guard_harness"
    run([args.clang, f"--target={triple(target)}", "-fuse-ld=lld", "-O2",
         "-std=c99", "-pedantic-errors", "-Wall", "-Werror",
         "-I", str(HERE), "-I", str(tdir),
         str(HERE / "guard_harness.c"), str(workdir / "entries.c"),
         str(guarded), "-lm", "-o", str(exe)], f"linking the harness for {target}")
    return exe


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default=None,
                        help="comma-separated targets, or `all` (every target "
                             "this host can run; the default)")
    parser.add_argument("--target", action="append", default=[],
                        help="a target (repeatable; added to --targets)")
    parser.add_argument("--build-dir", type=Path,
                        help="where qedge-compile is (BUILD/bin)")
    parser.add_argument("--qedge-compile", help="the qedge-compile to use")
    parser.add_argument("--qedge-opt", help="the qedge-opt that prints the "
                        "planner's choices (default: beside qedge-compile)")
    parser.add_argument("--clang", default=None,
                        help="the clang that links (default: clang beside "
                             "llvm-config, else on PATH)")
    parser.add_argument("--runner", default=None,
                        help="runs AArch64 executables (default: "
                             f"`{DEFAULT_QEMU}`)")
    parser.add_argument("--workdir", type=Path, default=Path("guard-pages"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default=None,
                        help="comma-separated program names")
    parser.add_argument("--self-check", action="store_true")
    parser.add_argument("--list", action="store_true",
                        help="print the programs and exit")
    args = parser.parse_args(argv)

    if args.list:
        for p in gp.build_programs():
            print(f"{p.name:18s} {p.what}")
        return 0
    if not args.qedge_compile:
        args.qedge_compile = (str(args.build_dir / "bin" / "qedge-compile")
                              if args.build_dir else
                              shutil.which("qedge-compile"))
    if not args.qedge_compile or not os.path.exists(args.qedge_compile):
        print("guard_pages.py: no qedge-compile (--build-dir or "
              "--qedge-compile)", file=sys.stderr)
        return 2
    if not args.qedge_opt:
        compiler = shutil.which(args.qedge_compile) or args.qedge_compile
        args.qedge_opt = str(Path(compiler).parent / "qedge-opt")
    if not args.clang:
        llvm_bin = subprocess.run(["llvm-config", "--bindir"], text=True,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL).stdout.strip() \
            if shutil.which("llvm-config") else ""
        candidate = Path(llvm_bin) / "clang" if llvm_bin else None
        args.clang = (str(candidate) if candidate and candidate.exists()
                      else shutil.which("clang"))
    args.objcopy = str(Path(args.clang).parent / "llvm-objcopy")
    if args.targets is None and not args.target:
        args.targets = "all"
    targets = (host_targets() if args.targets == "all"
               else [t for t in (args.targets or "").split(",") if t])
    targets += [t for t in args.target if t not in targets]
    unknown = [t for t in targets if t not in X86_TARGETS + AARCH64_TARGETS]
    if unknown or not targets:
        print(f"guard_pages.py: unknown targets {unknown}; known: "
              f"{', '.join(X86_TARGETS + AARCH64_TARGETS)}", file=sys.stderr)
        return 2
    runner = shlex.split(args.runner if args.runner is not None
                         else DEFAULT_QEMU)

    only = [n for n in args.only.split(",")] if args.only else None
    programs = gp.write(args.workdir, only)
    if not programs:
        print(f"guard_pages.py: no program named {args.only}", file=sys.stderr)
        return 2

    failed = []
    paths_checked = 0
    for t in targets:
        try:
            paths_checked += check_kernel_paths(t, args, args.workdir,
                                                programs)
        except RuntimeError as error:
            print(f"{t}: {error}")
            failed.append(t)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        built = {t: pool.submit(build_target, t, args, args.workdir)
                 for t in targets}

        def run_harness(target: str) -> tuple[int, str]:
            exe = built[target].result()
            cmd = ([*runner] if needs_runner(target) else []) + [
                str(exe), f"--label={target}"]
            if args.self_check:
                cmd.append("--self-check")
            result = run(cmd, "")
            return result.returncode, result.stdout + result.stderr

        runs = {t: pool.submit(run_harness, t) for t in targets}
        for t in targets:
            try:
                code, output = runs[t].result()
            except RuntimeError as error:
                code, output = 1, f"{t}: {error}\n"
            sys.stdout.write(output)
            if code != 0 and t not in failed:
                failed.append(t)
    sys.stdout.flush()
    names = ", ".join(targets)
    if failed:
        print(f"guard pages: FAILED on {', '.join(failed)} "
              f"({len(programs)} programs x {len(targets)} targets)")
        return 1
    print(f"guard pages: {len(programs)} programs x {len(targets)} targets "
          f"({names}), 2 placements each: every access within bounds"
          + ("; self-check caught every planted fault" if args.self_check
             else "")
          + f"; {paths_checked} expected kernel paths taken")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
