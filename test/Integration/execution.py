"""Runs a test module's entry function on every target; keeps and compares
its outputs byte for byte.

Shared by the integer-level (`run_cases.py`) and the quantized-level
(`Quantized/run_quantized.py`) execution tests, which generate the module,
its inputs and the expected values; this module only runs and compares:

- `Executor`: JIT-compiled by `qedge-run [--target=T]`, or compiled by
  `qedge-compile --emit=exe --target=T` into a standalone executable with
  qedge-run's .npy command line, run natively or under a runner prefix (e.g.
  `qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu`). A `qedge-run` target the
  host cannot execute raises `TargetUnavailable` (the caller says it skipped).
- `run_batched`: one module for all the items of a group; if it fails, each
  item alone, to name the one that fails.
- `save_outputs` / `save_reference` / `compare_saved`: the output .npy files
  as DIR/GROUP/NAME.npy, the reference written in the same bytes, and the byte
  comparison of such directories (every target against the same reference
  files, so all targets are byte-identical with each other).
- `add_options` / `run_groups`: the command-line options for all this, and
  running the groups as they ask; each group's counts checked against
  expected_counts.py (`check_counts`, called by the runners).
- `run_on_target` (`--on-target=T`): the per-target test, all of the above
  for one target.
"""

from __future__ import annotations

import argparse
import io
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
from qedge import mlir_text as mt


class TargetUnavailable(Exception):
    """qedge-run cannot execute code for the requested target here."""


UNAVAILABLE_TARGET = "cannot execute code for target"


def timed(command: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True,
                          errors="replace")
    return proc, time.monotonic() - start


def failure(command: list[str], proc: subprocess.CompletedProcess) -> str:
    if proc.returncode < 0:
        try:
            how = f"killed by {signal.Signals(-proc.returncode).name}"
        except ValueError:
            how = f"killed by signal {-proc.returncode}"
        if proc.returncode == -signal.SIGILL:
            how += " (an instruction this CPU does not have?)"
    else:
        how = f"exit code {proc.returncode}"
    return (f"{how}: {shlex.join(command)}\n"
            + (proc.stderr or proc.stdout)[-3000:])


@dataclass
class Executor:
    """How a module's `entry` runs: JIT-compiled by qedge-run (`--target`), or
    compiled by `qedge-compile --emit=exe --target=COMPILE_TARGET` into a
    standalone executable with qedge-run's .npy command line, run natively or
    under `runner` (e.g. qemu-aarch64). Counts the calls and their time."""
    entry: str
    qedge_run: str | None = None
    target: str | None = None
    qedge_compile: str | None = None
    compile_target: str | None = None
    runner: list[str] = field(default_factory=list)
    compiles: int = 0
    compile_seconds: float = 0.0
    runs: int = 0
    run_seconds: float = 0.0

    @property
    def compiled(self) -> bool:
        return self.compile_target is not None

    def how(self) -> str:
        """`qedge-run`, or `qedge-compile --emit=exe[, run under RUNNER]`."""
        if not self.compiled:
            return "qedge-run"
        how = "qedge-compile --emit=exe"
        if self.runner:
            how += ", run under " + shlex.join(self.runner)
        return how

    def label(self) -> str:
        target = self.compile_target if self.compiled else self.target
        return f"{target or 'host'} ({self.how()})"

    def counters(self) -> tuple[int, float, int, float]:
        return (self.compiles, self.compile_seconds, self.runs,
                self.run_seconds)

    def usage(self, since=(0, 0.0, 0, 0.0)) -> str:
        compiles, compile_s, runs, run_s = (
            now - before for now, before in zip(self.counters(), since))
        if not self.compiled:
            return f"{runs} qedge-run call(s), {run_s:.1f} s"
        return (f"{compiles} qedge-compile call(s), {compile_s:.1f} s; "
                f"{runs} run(s), {run_s:.1f} s")

    def commands(self, mlir: Path, io_args: list[str]) -> list[list[str]]:
        """The command lines that run the module's entry on `io_args`: the
        compile, then the executable; or qedge-run alone."""
        if self.compiled:
            exe = mlir.with_suffix(".exe")
            return [[self.qedge_compile, str(mlir), f"--entry={self.entry}",
                     "--emit=exe", f"--target={self.compile_target}",
                     "-o", str(exe)],
                    [*self.runner, str(exe), *io_args]]
        command = [self.qedge_run, str(mlir), f"--entry={self.entry}"]
        if self.target:
            command.append(f"--target={self.target}")
        return [command + io_args]

    def execute(self, mlir: Path, io_args: list[str]) -> str | None:
        """Runs the module's entry on the files of `io_args`; None on
        success, else what failed."""
        commands = self.commands(mlir, io_args)
        if self.compiled:
            mlir.with_suffix(".exe").unlink(missing_ok=True)
            proc, seconds = timed(commands[0])
            self.compiles += 1
            self.compile_seconds += seconds
            if proc.returncode != 0:
                return "qedge-compile: " + failure(commands[0], proc)
        command = commands[-1]
        proc, seconds = timed(command)
        self.runs += 1
        self.run_seconds += seconds
        if proc.returncode == 0:
            return None
        if not self.compiled and UNAVAILABLE_TARGET in proc.stderr:
            raise TargetUnavailable(proc.stderr.strip())
        return failure(command, proc)


# ===---------------------------------------------------------------------=== #
# Running a batch
# ===---------------------------------------------------------------------=== #


def entry_module(entry: str, items: list, emit: Callable, origin: str) -> str:
    """`func.func @ENTRY` computing every item: its arguments those of the
    items in turn (`item.arg_types()`), its results theirs.
    `emit(prefix, item, names)` gives an item's lines, given its arguments'
    names, and its results as (value, type) pairs."""
    params, results, body = [], [], []
    for i, item in enumerate(items):
        names = []
        for ty in item.arg_types():
            names.append(f"%arg{len(params)}")
            params.append((names[-1], ty))
        lines, values = emit(f"c{i}", item, names)
        body.append(f"// case {i}: {item.name}")
        body += lines
        results += values
    return (f"// Generated by {origin}\n"
            + mt.function(entry, params, results, body))


def prepare(directory: Path, stem: str, module: str,
            inputs: Sequence[np.ndarray], outputs: int
            ) -> tuple[Path, list[str], list[Path]]:
    """Writes STEM.mlir and its inputs STEM.inK.npy; returns the module, the
    --input / --output arguments and the output files STEM.outK.npy (any old
    one removed)."""
    mlir = directory / f"{stem}.mlir"
    mlir.write_text(module)
    io_args = []
    for k, array in enumerate(inputs):
        path = directory / f"{stem}.in{k}.npy"
        np.save(path, array)
        io_args.append(f"--input={path}")
    paths = [directory / f"{stem}.out{k}.npy" for k in range(outputs)]
    for path in paths:
        path.unlink(missing_ok=True)
        io_args.append(f"--output={path}")
    return mlir, io_args, paths


def invoke(executor: Executor, directory: Path, stem: str, module: str,
           inputs: Sequence[np.ndarray], outputs: int
           ) -> tuple[list[np.ndarray] | None, list[bytes] | None, str]:
    """Runs the module; its outputs as arrays and as the files' bytes, or
    None, None and what failed."""
    mlir, io_args, paths = prepare(directory, stem, module, inputs, outputs)
    error = executor.execute(mlir, io_args)
    if error is not None:
        return None, None, error
    try:
        files = [path.read_bytes() for path in paths]
        return [np.load(io.BytesIO(data)) for data in files], files, ""
    except (OSError, ValueError) as error:
        return None, None, f"cannot read outputs: {error}"


# What a batch of items is: the module computing all of them, its input
# arrays in argument order, and how many results each item returns.
Batch = tuple[str, list[np.ndarray], list[int]]


@dataclass
class Outcome:
    """Per item: its outputs (arrays, and the .npy files byte for byte), or
    None where it failed to run, with what failed in `errors`."""
    outputs: list[list[np.ndarray] | None]
    files: list[list[bytes] | None]
    errors: dict[int, str]


def run_batched(executor: Executor, directory: Path, items: list,
                batch: Callable[[list], Batch]) -> Outcome:
    """Runs every item in one module (`batch(items)`); if that fails, each
    item alone (`batch([item])`) to find the one(s) that fail."""
    directory.mkdir(parents=True, exist_ok=True)
    module, inputs, counts = batch(items)
    outputs, files, error = invoke(executor, directory, "all", module, inputs,
                                   sum(counts))
    if outputs is not None:
        outcome = Outcome([], [], {})
        start = 0
        for count in counts:
            outcome.outputs.append(outputs[start:start + count])
            outcome.files.append(files[start:start + count])
            start += count
        return outcome
    print(f"batched run failed ({error.splitlines()[0]}); "
          f"re-running each case")
    outcome = Outcome([], [], {})
    for i, item in enumerate(items):
        module, inputs, counts = batch([item])
        single, data, message = invoke(executor, directory, f"case{i}",
                                       module, inputs, sum(counts))
        if single is None:
            outcome.errors[i] = message
        outcome.outputs.append(single)
        outcome.files.append(data)
    return outcome


def repro(executor: Executor, directory: Path, stem: str,
          batch: Batch) -> str:
    """Writes a one-item module and its inputs; the commands that run it."""
    module, inputs, counts = batch
    mlir, io_args, _ = prepare(directory, stem, module, inputs, sum(counts))
    return "\n".join(shlex.join(c) for c in executor.commands(mlir, io_args))


# ===---------------------------------------------------------------------=== #
# Saved outputs: byte comparison across targets
# ===---------------------------------------------------------------------=== #
#
# `--save-outputs=DIR` keeps each output file as DIR/GROUP/NAME.npy, byte for
# byte; `--save-reference=DIR` writes the numpy reference in the same layout,
# as the programs write their results (the signless iN container as intN,
# numpy's .npy header). `--compare-outputs DIR DIR...` then checks that the
# directories hold the same files with the same bytes. Every target's outputs
# compared with the same (deterministic) reference files are thereby
# byte-identical across targets as well.


def save_outputs(directory: Path, group: str,
                 files: dict[str, bytes]) -> None:
    (directory / group).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / group / f"{name}.npy").write_bytes(data)


def save_reference(directory: Path, group: str,
                   arrays: dict[str, np.ndarray]) -> None:
    (directory / group).mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        np.save(directory / group / f"{name}.npy", array)


def first_difference(a: bytes, b: bytes) -> str:
    try:
        x, y = np.load(io.BytesIO(a)), np.load(io.BytesIO(b))
    except ValueError as error:
        return f"unreadable: {error}"
    if x.dtype != y.dtype or x.shape != y.shape:
        return f"{x.dtype}{list(x.shape)} vs {y.dtype}{list(y.shape)}"
    if np.array_equal(x, y):
        return "equal values, different headers"
    wrong = np.argwhere(x != y)
    index = tuple(int(i) for i in wrong[0])
    return (f"{len(wrong)} of {x.size} elements differ, first at {index}: "
            f"{x[index]} vs {y[index]}")


def compare_saved(directories: list[Path]) -> bool:
    """Byte comparison of the .npy files of several --save-outputs /
    --save-reference directories."""
    listings = []
    for directory in directories:
        if not directory.is_dir():
            print(f"error: no directory '{directory}'")
            return False
        listings.append(sorted(p.relative_to(directory).as_posix()
                               for p in directory.rglob("*.npy")))
    ok = True
    base = set(listings[0])
    for directory, names in zip(directories[1:], listings[1:]):
        problems = ([f"MISSING: {directory}/{name}"
                     for name in sorted(base - set(names))]
                    + [f"EXTRA: {directory}/{name} (not in {directories[0]})"
                       for name in sorted(set(names) - base)])
        for line in problems[:10]:
            print(line)
        if len(problems) > 10:
            print(f"... and {len(problems) - 10} more")
        ok &= not problems
    if not base:
        print(f"error: no outputs in '{directories[0]}'")
        return False
    elements = size = 0
    groups = set()
    for name in listings[0]:
        first = (directories[0] / name).read_bytes()
        groups.add(name.split("/")[0])
        elements += np.load(io.BytesIO(first)).size
        size += len(first)
        for directory in directories[1:]:
            path = directory / name
            if not path.is_file():
                continue
            data = path.read_bytes()
            if data != first:
                ok = False
                print(f"DIFFERENT: {path} vs {directories[0] / name}: "
                      f"{first_difference(data, first)}")
    if ok:
        print(f"byte-identical across {len(directories)} output sets: "
              f"{len(groups)} groups, {len(base)} outputs, {elements} "
              f"elements, {size} bytes")
    else:
        print("NOT byte-identical")
    return ok


# ===---------------------------------------------------------------------=== #
# Command line
# ===---------------------------------------------------------------------=== #


def parse_groups(spec: str, groups: Sequence[str],
                 others: Sequence[str] = (),
                 sets: Mapping[str, Sequence[str]] | None = None
                 ) -> list[str]:
    """'all' (every one of `groups`, sorted), the name of one of `sets`, or
    a comma-separated list of `groups` and `others`."""
    if spec == "all":
        return sorted(groups)
    if sets and spec in sets:
        return list(sets[spec])
    chosen = spec.split(",")
    known = {*groups, *others}
    for group in chosen:
        if group not in known:
            names = ["all", *sorted(sets or {}), *sorted(known)]
            raise SystemExit(f"error: unknown group '{group}' (known: "
                             f"{', '.join(names)})")
    return chosen


def find_tool(name: str, option: str) -> str | None:
    path = shutil.which(name)
    if path is None:
        print(f"error: cannot find {option.lstrip('-')} ('{name}')")
    return path


def add_options(parser: argparse.ArgumentParser) -> None:
    """Where and how to run (qedge-run or executables, the target, a
    runner), the saved outputs and their byte comparison, and the
    per-target test that does all of it."""
    parser.add_argument("--workdir", type=Path,
                        help="where the modules, their inputs and outputs "
                             "and the executables go")
    parser.add_argument("--qedge-run", default="qedge-run")
    parser.add_argument("--target", default=None,
                        help="qedge-run --target (default: qedge-run's, "
                             "host); a target this host cannot execute is "
                             "skipped")
    parser.add_argument("--compile-target", default=None,
                        help="instead of qedge-run, compile each group with "
                             "qedge-compile --emit=exe --target=T and run the "
                             "executable")
    parser.add_argument("--qedge-compile", default="qedge-compile")
    parser.add_argument("--runner", default="",
                        help="command prefix the executables run under, "
                             "e.g. 'qemu-aarch64 -cpu max -L "
                             "/usr/aarch64-linux-gnu'")
    parser.add_argument("--save-outputs", type=Path, metavar="DIR",
                        help="keep each output file as DIR/GROUP/NAME.npy")
    parser.add_argument("--save-reference", type=Path, metavar="DIR",
                        help="write the numpy reference as "
                             "DIR/GROUP/NAME.npy (the bytes the programs "
                             "must write) and exit")
    parser.add_argument("--compare-outputs", type=Path, nargs="+",
                        metavar="DIR",
                        help="check that these --save-outputs / "
                             "--save-reference directories are byte-identical "
                             "and exit")
    parser.add_argument("--on-target", metavar="T",
                        help="the per-target test (run_on_target): the "
                             "groups by qedge-run --target=T (not with "
                             "--runner: T is then not the host's) and as "
                             "qedge-compile --emit=exe --target=T "
                             "executables, every output file byte for byte "
                             "against the reference's")


def make_executor(args: argparse.Namespace, entry: str,
                  target: str | None = None,
                  compile_target: str | None = None) -> Executor | None:
    """qedge-run --target=TARGET, or with `compile_target` qedge-compile
    executables run under --runner; None (after an error message) when the
    tool is missing."""
    if compile_target:
        qedge_compile = find_tool(args.qedge_compile, "--qedge-compile")
        if qedge_compile is None:
            return None
        return Executor(entry, qedge_compile=qedge_compile,
                        compile_target=compile_target,
                        runner=shlex.split(args.runner))
    qedge_run = find_tool(args.qedge_run, "--qedge-run")
    if qedge_run is None:
        return None
    return Executor(entry, qedge_run=qedge_run, target=target)


def executor_from(args: argparse.Namespace, parser: argparse.ArgumentParser,
                  entry: str) -> Executor | None:
    """The executor the options of `add_options` ask for; None (after an
    error message) when a tool is missing."""
    if args.compile_target and args.target:
        parser.error("--target and --compile-target exclude each other")
    if args.runner and not args.compile_target:
        parser.error("--runner needs --compile-target")
    return make_executor(args, entry, args.target, args.compile_target)


def compare_command(args: argparse.Namespace,
                    parser: argparse.ArgumentParser) -> int:
    """--compare-outputs DIR DIR...: the exit status."""
    if len(args.compare_outputs) < 2:
        parser.error("--compare-outputs needs two directories or more")
    return 0 if compare_saved(args.compare_outputs) else 1


# A group's reference outputs: file name -> the array the program must write.
ReferenceFiles = Callable[[str], dict[str, np.ndarray]]


def write_reference(directory: Path, groups: list[str],
                    files: ReferenceFiles) -> int:
    """--save-reference=DIR: every group's `files(group)`."""
    elements = 0
    for group in groups:
        arrays = files(group)
        save_reference(directory, group, arrays)
        elements += sum(array.size for array in arrays.values())
    print(f"reference: {len(groups)} groups, {elements} elements written to "
          f"{directory}")
    return 0


# ===---------------------------------------------------------------------=== #
# Running groups
# ===---------------------------------------------------------------------=== #


def check_counts(group: str, counted: object,
                 table: Mapping[str, object]) -> bool:
    """Whether a group ran and compared as many cases and elements as its
    entry of `table` (one of expected_counts.py's) says; prints which."""
    expected = table.get(group)
    if expected is None:
        print(f"  NO EXPECTED COUNTS for '{group}' in expected_counts.py")
        return False
    if counted != expected:
        print(f"  COUNTS DIFFER from expected_counts.py: ran {counted}, "
              f"expected {expected}")
        return False
    print("  counts as in expected_counts.py")
    return True


# What running one group gives: all equal (and counts as expected), and
# (cases, elements) per key of the totals (a mode, a group).
GroupResult = tuple[bool, dict[str, list[int]]]

# Runs a group: (group, executor, WORKDIR, SAVE_OUTPUTS or None).
RunGroup = Callable[[str, Executor, Path, Path | None], GroupResult]


def compare_arrays(expected: np.ndarray, got: np.ndarray,
                   label: str) -> str | None:
    """None when equal, else a description of the first differences."""
    if got.shape != expected.shape:
        return f"{label}: shape {got.shape}, expected {expected.shape}"
    if np.array_equal(got, expected):
        return None
    diff = np.argwhere(got != expected)
    lines = [f"{label}: {len(diff)} of {expected.size} elements differ"]
    for idx in diff[:8]:
        t = tuple(int(i) for i in idx)
        lines.append(f"    at {list(t)}: expected {int(expected[t])}, "
                     f"got {int(got[t])}")
    return "\n".join(lines)


@dataclass
class GroupCheck:
    """How a differential test compares one group of cases. Each case has
    `name` and `outputs()` ((label, type, shape) per output); `expected`
    holds the reference's arrays per case, and `decode(array, type)` turns
    a program's output into comparable integers (storage values, or the bit
    patterns of floats). `on_case(index, expected, got)` sees each case's
    outputs by label (for statistics a test prints); `extra_lines()` adds
    lines after the per-label counts; `bound(type)` is the largest value a
    planted difference may step to."""
    labels: Sequence[str]
    counts: Mapping[str, object]
    decode: Callable[[np.ndarray, object], np.ndarray]
    bound: Callable[[object], int]
    on_case: Callable[[int, dict, dict], None] | None = None
    extra_lines: Callable[[], list[str]] | None = None


def compare_group(group: str, cases: list, expected: list, outcome: Outcome,
                  executor: Executor, directory: Path,
                  batch: Callable[[list], Batch], before: tuple,
                  check: GroupCheck, self_check: bool) -> GroupResult:
    """Compares every output of every case with the reference and prints
    the group's verdict: `GROUP: N cases, M elements compared, all equal`,
    the outputs and elements per label, the counts against `check.counts`
    (check_counts), and with `self_check` a planted one-element difference
    that the comparison must report. A case that differs gets a repro
    module (repro)."""
    failures = []
    per_label = {label: [0, 0] for label in check.labels}
    elements = 0
    for i, (c, exp, got) in enumerate(zip(cases, expected, outcome.outputs)):
        if got is None:
            failures.append(f"case {i} ({c.name}) FAILED to run:\n"
                            f"{outcome.errors[i]}")
            continue
        wrong = False
        ref_out, run_out = {}, {}
        for (label, t, _), e, g in zip(c.outputs(), exp, got):
            g = check.decode(g, t)
            message = compare_arrays(e, g, f"case {i} ({c.name}) [{label}]")
            if message:
                failures.append(message)
                wrong = True
            per_label[label][0] += 1
            per_label[label][1] += e.size
            elements += e.size
            ref_out[label], run_out[label] = e, g
        if wrong:
            commands = repro(executor, directory, f"repro-case{i}",
                             batch([c]))
            failures.append("    repro:\n" + "\n".join(
                "      " + line for line in commands.splitlines()))
        if check.on_case:
            check.on_case(i, ref_out, run_out)
    totals = {group: [len(cases), elements]}
    if failures:
        verdict = "FAILED" if outcome.errors else "MISMATCH"
        print(f"{group}: {len(cases)} cases, {elements} elements compared, "
              f"{verdict}")
        for f in failures:
            print(f)
        print(f"  ({executor.usage(before)})")
        return False, totals
    print(f"{group}: {len(cases)} cases, {elements} elements compared, "
          f"all equal")
    for label, (n, m) in per_label.items():
        if n:
            print(f"  {label}: {n} outputs, {m} elements")
    for line in check.extra_lines() if check.extra_lines else []:
        print(line)
    counted = (len(cases), {label: (n, m) for label, (n, m)
                            in per_label.items() if n})
    counts_ok = check_counts(group, counted, check.counts)
    print(f"  ({executor.usage(before)})")
    if self_check and not plant_difference(cases, expected, outcome, check):
        return False, totals
    return counts_ok, totals


def plant_difference(cases: list, expected: list, outcome: Outcome,
                     check: GroupCheck) -> bool:
    """Changes one expected value of case 0 by one step and checks that
    the comparison reports exactly that element; prints the outcome."""
    e = np.array(expected[0][0], copy=True)
    t = cases[0].outputs()[0][1]
    g = check.decode(outcome.outputs[0][0], t)
    flat_index = int(np.random.default_rng(1).integers(e.size))
    idx = np.unravel_index(flat_index, e.shape)
    e[idx] = e[idx] + 1 if e[idx] < check.bound(t) else e[idx] - 1
    message = compare_arrays(e, g, "self-check")
    if message is None or f"1 of {e.size} elements differ" not in message:
        print("self-check FAILED: a planted difference was not reported")
        return False
    print(f"self-check: a planted difference in case 0 at flat index "
          f"{flat_index} was reported (1 of {e.size} elements differ)")
    return True


def which_groups(args: argparse.Namespace, groups: list[str]) -> str:
    return "all groups" if args.group == "all" else f"{len(groups)} group(s)"


def run_all(executor: Executor, groups: list[str], which: str,
            workdir: Path, save_outputs: Path | None,
            run_group: RunGroup) -> bool | None:
    """Runs every group on `executor` (its module and files in
    WORKDIR/GROUP, its outputs kept in SAVE_OUTPUTS/GROUP); with several
    groups, an executable or a --target, prints the totals for the target
    (`print_totals`). Each group must run as one module: one call per group.
    Whether all went well; None when qedge-run cannot execute the target
    here (saying so)."""
    workdir.mkdir(parents=True, exist_ok=True)
    all_ok = True
    totals: dict[str, list[int]] = {}
    started = time.monotonic()
    for group in groups:
        try:
            ok, counts = run_group(group, executor, workdir, save_outputs)
        except TargetUnavailable as reason:
            print(f"skipped: target {executor.target}: {reason}")
            return None
        all_ok &= ok
        for key, (n, m) in counts.items():
            total = totals.setdefault(key, [0, 0])
            total[0] += n
            total[1] += m
    if len(groups) > 1 or executor.compiled or executor.target:
        print_totals(which, executor, all_ok, totals, started)
    calls = executor.compiles if executor.compiled else executor.runs
    if calls != len(groups):
        print(f"NOT ONE MODULE PER GROUP: {calls} calls for {len(groups)} "
              f"group(s) (a group's module failed, its cases ran alone)")
        return False
    return all_ok


def run_groups(args: argparse.Namespace, parser: argparse.ArgumentParser,
               groups: list[str], entry: str, run_group: RunGroup,
               reference: ReferenceFiles) -> int:
    """Runs every group as the options ask (`run_all`, or with --on-target
    `run_on_target`, which compares with `reference`). A qedge-run target
    the host cannot execute is skipped, saying so. The exit status."""
    if args.workdir is None:
        parser.error("--workdir is required")
    if args.on_target:
        return run_on_target(args, parser, groups, entry, run_group,
                             reference)
    executor = executor_from(args, parser, entry)
    if executor is None:
        return 2
    ok = run_all(executor, groups, which_groups(args, groups), args.workdir,
                 args.save_outputs, run_group)
    return 0 if ok is not False else 1


def run_command(args: argparse.Namespace, parser: argparse.ArgumentParser,
                groups: list[str], entry: str,
                module_of: Callable[[str], str],
                reference: ReferenceFiles,
                run_group: Callable[..., GroupResult]) -> int:
    """What a differential test's main does once its groups are parsed:
    with --emit-only prints each group's module (`module_of(group)`), with
    --save-reference writes the reference's outputs, else runs the groups
    (`run_group(group, executor, workdir, save_outputs, self_check)`) as
    run_groups does. The exit status."""
    if args.emit_only:
        for group in groups:
            print(module_of(group))
        return 0
    if args.save_reference:
        return write_reference(args.save_reference, groups, reference)
    return run_groups(
        args, parser, groups, entry,
        lambda group, executor, workdir, save_outputs: run_group(
            group, executor, workdir, save_outputs, args.self_check),
        reference)


def run_on_target(args: argparse.Namespace, parser: argparse.ArgumentParser,
                  groups: list[str], entry: str, run_group: RunGroup,
                  reference: ReferenceFiles) -> int:
    """--on-target=T, the test of one target: the same program gives the
    same bits on every target. Writes the numpy reference's outputs as the
    programs write them (WORKDIR/saved/reference), runs every group
    JIT-compiled by qedge-run --target=T (only without --runner: with one,
    T is not the host's) and as qedge-compile --emit=exe --target=T
    executables (natively, or under --runner), compares each output with
    the reference (the group's counts with expected_counts.py's), and every
    output file byte for byte with the reference's: every target's test
    compares with the same files, so all targets are byte-identical with
    each other. Ends with one line that says what ran and whether all of it
    went well; the exit status."""
    if args.target or args.compile_target:
        parser.error("--on-target excludes --target and --compile-target")
    target = args.on_target
    saved = args.workdir / "saved"
    shutil.rmtree(saved, ignore_errors=True)
    write_reference(saved / "reference", groups, reference)
    ways = [] if args.runner else [("jit", dict(target=target))]
    ways.append(("exe", dict(compile_target=target)))
    which = which_groups(args, groups)
    ok = True
    hows = []
    for name, how in ways:
        executor = make_executor(args, entry, **how)
        if executor is None:
            return 2
        hows.append(executor.how())
        ok &= run_all(executor, groups, which, args.workdir / name,
                      saved / name, run_group) is True
    ok &= compare_saved([saved / "reference",
                         *(saved / name for name, _ in ways)])
    verdict = ("counts as expected, all equal, byte-identical" if ok
               else "FAILED")
    print(f"{which} on {target} ({'; '.join(hows)}): {verdict}")
    return 0 if ok else 1


def print_totals(which: str, executor: Executor, ok: bool,
                 totals: dict[str, list[int]], started: float) -> None:
    """`WHICH on TARGET (how): N cases, M elements compared, all equal`, a
    line per key of `totals` (cases, elements) and the calls made."""
    n = sum(c[0] for c in totals.values())
    m = sum(c[1] for c in totals.values())
    print(f"{which} on {executor.label()}: {n} cases, {m} elements "
          f"compared, {'all equal' if ok else 'FAILED'}")
    for key, (n, m) in sorted(totals.items()):
        print(f"  {key}: {n} cases, {m} elements")
    print(f"  {executor.usage()}; {time.monotonic() - started:.1f} s in all")
