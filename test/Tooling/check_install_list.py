#!/usr/bin/env python3
"""Proves that scripts/packages.txt is a complete install list.

A fresh Debian 12 machine gets only the base system (packages of Priority
required or important, or Essential: yes) plus what scripts/setup.sh installs:
the packages named in scripts/packages.txt and, because apt installs them, the
closure of their Depends and Pre-Depends. This check collects every system file
that a finished build and its test suite use:

* the headers of every compiled object (ninja's deps log) and the TableGen
  files mlir-tblgen read (its depfiles);
* the CMake files the configure step read (inputs of ninja's re-run-CMake
  edge);
* every library, start file and linker script that the links use, including
  those the compiler driver adds on its own (asked of the driver with -###),
  and the shared libraries the built binaries load at run time (ldd);
* every program the build runs (first word of each command, the linker the
  driver picks, CMake, Ninja) and every program the lit tests run (FileCheck,
  not, count, mlir-opt, lit, the Python interpreter, words in RUN lines);
* the Python modules the test scripts import (numpy) and lit's own package.

It maps each file, and each symbolic link met on the way to it, to its package
with dpkg -S, and fails, naming file and package, if any package lies outside
that set or if a file belongs to no package at all (/usr/local, pip, pyenv).
It also fails when it finds too little to be meaningful, so that an unbuilt or
misread build directory cannot make it pass.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

# Without these minimums an unbuilt build directory would pass vacuously.
MIN_HEADERS = 50
MIN_LIBRARIES = 1
MIN_TOOLS = 1

# dpkg -S takes many paths at once; chunks keep the argument list well below
# the kernel's limit.
DPKG_CHUNK = 1000

# Debian 12's merged /usr: a file reached under /usr/lib may be registered by
# dpkg under /lib, and the other way round.
MERGED_USR_DIRS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")

# Words of RUN lines that lit's internal shell runs itself.
LIT_BUILTINS = {
    ":", "cd", "echo", "export", "mkdir", "popd", "pushd", "rm", "diff",
    "cat", "true", "false", "env", "not", "ulimit", "umask",
}

# Programs the lit configuration resolves in the LLVM tools directory;
# test/lit.cfg.py marks mlir-opt fatal when missing, the defaults do the rest.
LIT_KNOWN_TOOLS = ("FileCheck", "not", "count", "mlir-opt")

# Kinds of use, singular to plural, in the order the summary gives them.
KINDS = {
    "header": "headers",
    "tablegen input": "tablegen inputs",
    "cmake input": "cmake inputs",
    "library": "libraries",
    "runtime library": "runtime libraries",
    "tool": "tools",
    "python module": "python modules",
}

LINK_DRIVER = re.compile(r"(^|/)(clang|gcc|cc|c\+\+|g\+\+)(\+\+)?(-[0-9.]+)?$")
CACHE_ENTRY = re.compile(r"^([A-Za-z_0-9]+):[A-Z]+=(.*)$")

MODULE_ORIGIN_HELPER = r"""
import importlib.util, json, sys
sys.path[:0] = json.loads(sys.argv[1])
found = {}
for name in sys.argv[2:]:
    try:
        spec = importlib.util.find_spec(name)
    except Exception:
        spec = None
    if spec is None:
        found[name] = None
    elif spec.origin in ("built-in", "frozen"):
        found[name] = ""
    elif spec.origin is None:
        found[name] = (list(spec.submodule_search_locations or []) or [""])[0]
    else:
        found[name] = spec.origin
print(json.dumps(found))
"""


@dataclass
class Use:
    """One system file the build or the tests use, and why."""

    kind: str
    reason: str


@dataclass
class Collection:
    """System files in use, keyed by path as the build named it."""

    source_dir: str
    build_dir: str
    uses: Dict[str, Use] = field(default_factory=dict)
    errors: List[str] = field(default_factory=list)

    def skip(self, path: str) -> bool:
        """Files of the project itself belong to no package by design."""
        real = os.path.realpath(path)
        for root in (self.source_dir, self.build_dir):
            for candidate in (path, real):
                if candidate == root or candidate.startswith(root + os.sep):
                    return True
        return False

    def add(self, path: str, kind: str, reason: str) -> None:
        if not os.path.isabs(path) or self.skip(path):
            return
        self.uses.setdefault(path, Use(kind, reason))

    def count(self, kind: str) -> int:
        return sum(1 for use in self.uses.values() if use.kind == kind)


def run(argv: Sequence[str],
        cwd: Optional[str] = None) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True,
                          check=False)


def read_cmake_cache(build_dir: str) -> Dict[str, str]:
    cache: Dict[str, str] = {}
    path = os.path.join(build_dir, "CMakeCache.txt")
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            for line in stream:
                match = CACHE_ENTRY.match(line.rstrip("\n"))
                if match:
                    cache[match.group(1)] = match.group(2)
    except OSError:
        pass
    return cache


def which(name: str, dirs: Iterable[str] = ()) -> Optional[str]:
    for directory in dirs:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(name)


def shell_split(command: str) -> List[List[str]]:
    """Splits a shell command line into its simple commands."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:
        words = command.split()
    commands: List[List[str]] = [[]]
    for word in words:
        if word and set(word) <= set(";&|"):
            commands.append([])
        else:
            commands[-1].append(word)
    return [argv for argv in commands if argv]


# --- What the build uses -------------------------------------------------


def collect_headers(ninja: str, col: Collection) -> None:
    targets = run([ninja, "-C", col.build_dir, "-t", "targets", "all"])
    objects = [line.rsplit(": ", 1)[0] for line in targets.stdout.splitlines()
               if line.rsplit(": ", 1)[0].endswith((".o", ".obj"))]
    if not objects:
        return
    # Naming the objects keeps stale deps-log entries of removed sources out.
    deps = run([ninja, "-C", col.build_dir, "-t", "deps", *objects])
    current = ""
    for line in deps.stdout.splitlines():
        if not line.startswith((" ", "\t")):
            current = line.split(":", 1)[0]
        elif line.strip():
            col.add(line.strip(), "header", f"included by {current}")


def manifest_files(build_dir: str) -> List[str]:
    files, pending = [], ["build.ninja"]
    while pending:
        name = os.path.join(build_dir, pending.pop())
        files.append(name)
        try:
            with open(name, encoding="utf-8", errors="replace") as stream:
                for line in stream:
                    match = re.match(r"^(?:include|subninja)\s+(\S+)", line)
                    if match:
                        pending.append(match.group(1))
        except OSError:
            pass
    return files


def collect_tablegen_inputs(col: Collection) -> None:
    for manifest in manifest_files(col.build_dir):
        try:
            with open(manifest, encoding="utf-8", errors="replace") as stream:
                depfiles = re.findall(r"^\s+depfile\s*=\s*(\S+)\s*$",
                                      stream.read(), re.MULTILINE)
        except OSError:
            continue
        for depfile in depfiles:
            depfile = os.path.join(col.build_dir, depfile)
            try:
                with open(depfile, encoding="utf-8",
                          errors="replace") as stream:
                    text = stream.read().replace("\\\n", " ")
            except OSError:
                continue
            for rule in text.splitlines():
                target, _, inputs = rule.partition(": ")
                for word in re.split(r"(?<!\\)\s+", inputs.strip()):
                    col.add(word.replace("\\ ", " "), "tablegen input",
                            f"read to generate {target}")


def collect_configure_inputs(ninja: str, col: Collection) -> None:
    query = run([ninja, "-C", col.build_dir, "-t", "query", "build.ninja"])
    for line in query.stdout.splitlines():
        word = line.strip().lstrip("|").strip()
        if word.startswith("/"):
            col.add(word, "cmake input", "read by the CMake configure step")


def resolve_library(name: str, search: Sequence[str], static: bool,
                    driver: str) -> Optional[str]:
    """Finds -lNAME the way the linker does: -L dirs in order, .so first."""
    if name.startswith(":"):
        candidates = [name[1:]]
    elif static:
        candidates = [f"lib{name}.a"]
    else:
        candidates = [f"lib{name}.so", f"lib{name}.a"]
    for directory in search:
        for candidate in candidates:
            path = os.path.join(directory, candidate)
            if os.path.isfile(path):
                return path
    answer = run([driver, f"-print-file-name={candidates[0]}"]).stdout.strip()
    return answer if os.path.isabs(answer) and os.path.isfile(answer) else None


def linker_script_inputs(path: str) -> List[str]:
    """Libraries a linker script (such as libc.so) pulls in."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return []
    if head.startswith((b"\x7fELF", b"!<arch>")) or b"\0" in head:
        return []
    text = re.sub(r"/\*.*?\*/", " ", head.decode("utf-8", "replace"),
                  flags=re.S)
    found = []
    for group in re.findall(r"\b(?:GROUP|INPUT|AS_NEEDED)\s*\(([^()]*)", text):
        found += [word for word in group.split() if word.startswith("/")]
    return found


def collect_link(argv: List[str], cwd: str, col: Collection) -> List[str]:
    """Libraries and linker of one link; returns the outputs it writes."""
    outputs = [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "-o"]
    output = outputs[0] if outputs else "?"
    # -### prints the jobs the driver would run, the linker's among them,
    # with every library and start file it adds on its own.
    jobs = run([argv[0], "-###", *argv[1:]], cwd=cwd)
    for line in jobs.stderr.splitlines():
        if not line.startswith(' "'):
            continue
        try:
            job = shlex.split(line)
        except ValueError:
            continue
        if len(job) > 1 and job[1] in ("-cc1", "-cc1as"):
            continue
        col.add(job[0], "tool", f"links {output}")
        search: List[str] = []
        static = False
        pending_libraries: List[Tuple[str, bool]] = []
        words = iter(job[1:])
        for word in words:
            if word in ("-L", "-l", "-o", "--sysroot", "-rpath", "-soname"):
                value = next(words, "")
                if word == "-L":
                    search.append(value)
                elif word == "-l":
                    pending_libraries.append((value, static))
                continue
            if word.startswith("-L"):
                search.append(word[2:])
            elif word.startswith("-l"):
                pending_libraries.append((word[2:], static))
            elif word in ("-Bstatic", "-static", "--static", "-dn",
                          "-non_shared"):
                static = True
            elif word in ("-Bdynamic", "-dy", "-call_shared"):
                static = False
            elif word.startswith("/") and os.path.isfile(word):
                col.add(word, "library", f"linked into {output}")
        for name, is_static in pending_libraries:
            path = resolve_library(name, search, is_static, argv[0])
            if path is None:
                col.errors.append(
                    f"-l{name} (linking {output}) resolves to no file")
                continue
            col.add(path, "library", f"-l{name} linking {output}")
            for inner in linker_script_inputs(path):
                col.add(inner, "library", f"named by linker script {path}")
    return [os.path.join(cwd, out) for out in outputs]


def collect_commands(ninja: str, col: Collection) -> List[str]:
    """Programs the build runs; returns the binaries its links write."""
    commands = run([ninja, "-C", col.build_dir, "-t", "commands", "all"])
    linked: List[str] = []
    seen_links: Set[str] = set()
    for command in commands.stdout.splitlines():
        cwd = col.build_dir
        for argv in shell_split(command):
            program = argv[0]
            if program == "cd" and len(argv) > 1:
                cwd = os.path.join(cwd, argv[1])
                continue
            if program in (":", "cd", "true", "echo"):
                continue
            if os.path.isabs(program) or "/" in program:
                path: Optional[str] = os.path.join(cwd, program)
            else:
                path = which(program)
            if path is None:
                col.errors.append(
                    f"{program} (run by the build) is not on PATH")
                continue
            col.add(path, "tool", "run by the build")
            is_link = (LINK_DRIVER.search(program) and "-c" not in argv
                       and "-E" not in argv and "-S" not in argv)
            key = " ".join(argv)
            if is_link and key not in seen_links:
                seen_links.add(key)
                linked += collect_link(argv, cwd, col)
    return linked


def collect_runtime_libraries(binaries: Iterable[str],
                              col: Collection) -> None:
    for binary in sorted(set(binaries)):
        if not os.path.isfile(binary):
            continue
        result = run(["ldd", binary])
        name = os.path.relpath(binary, col.build_dir)
        for line in result.stdout.splitlines():
            if "not found" in line:
                col.errors.append(
                    f"{name} needs {line.split()[0]}, which is not found")
                continue
            match = re.search(r"(?:=>\s*)?(/\S+)\s+\(0x", line)
            if match:
                col.add(match.group(1), "runtime library", f"loaded by {name}")


def collect_cache_tools(cache: Dict[str, str], col: Collection) -> None:
    for key in ("CMAKE_COMMAND", "CMAKE_MAKE_PROGRAM", "CMAKE_C_COMPILER",
                "CMAKE_CXX_COMPILER"):
        value = cache.get(key, "")
        if not value:
            continue
        path = value if os.path.isabs(value) else which(value)
        if path:
            col.add(path, "tool", f"{key} of the configure step")


# --- What the tests use --------------------------------------------------


def read_lit_site_config(build_dir: str) -> Dict[str, str]:
    values: Dict[str, str] = {}
    path = os.path.join(build_dir, "test", "lit.site.cfg.py")
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except OSError:
        return values
    pattern = r'^config\.(\w+)\s*=\s*(?:lit_config\.substitute\()?"([^"]*)"'
    for match in re.finditer(pattern, text, re.MULTILINE):
        values[match.group(1)] = match.group(2)
    return values


def shebang_interpreter(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as stream:
            first = stream.readline().decode("utf-8", "replace")
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    words = first[2:].split()
    if not words:
        return None
    if os.path.basename(words[0]) == "env" and len(words) > 1:
        return which(words[1])
    return words[0]


def module_origins(python: str, names: Iterable[str],
                   extra_path: Sequence[str]) -> Dict[str, Optional[str]]:
    names = sorted(set(names))
    if not names:
        return {}
    result = run([python, "-c", MODULE_ORIGIN_HELPER,
                  json.dumps(list(extra_path)), *names])
    try:
        found: Dict[str, Optional[str]] = json.loads(result.stdout)
    except ValueError:
        found = {name: None for name in names}
    return found


def imported_modules(path: str) -> Set[str]:
    try:
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read(), path)
    except (OSError, SyntaxError, ValueError):
        return set()
    names: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif (isinstance(node, ast.ImportFrom) and node.level == 0
              and node.module):
            names.add(node.module.split(".")[0])
    names.discard("__future__")
    return names


def run_line_programs(test_dir: str) -> Set[str]:
    """First words of the commands in every RUN line of the lit tests."""
    words: Set[str] = set()
    for root, dirs, files in os.walk(test_dir):
        dirs[:] = [d for d in dirs if d != "Unit"]
        for name in files:
            if not name.endswith((".mlir", ".test")):
                continue
            try:
                with open(os.path.join(root, name), encoding="utf-8",
                          errors="replace") as stream:
                    lines = [line.split("RUN:", 1)[1] for line in stream
                             if "RUN:" in line]
            except OSError:
                continue
            # lit joins a RUN line ending in a backslash with the next one.
            commands = "\n".join(line.strip() for line in lines)
            commands = commands.replace("\\\n", " ")
            for argv in (argv for command in commands.splitlines()
                         for argv in shell_split(command)):
                # Wrappers run the program that follows them.
                while argv and argv[0] in ("not", "env"):
                    words.add(argv[0])
                    argv = [w for w in argv[1:] if not w.startswith("--")
                            and "=" not in w]
                if argv:
                    words.add(argv[0])
    return words


def collect_test_tools(col: Collection, cache: Dict[str, str]) -> None:
    site = read_lit_site_config(col.build_dir)
    if not site:
        col.errors.append(
            "build/test/lit.site.cfg.py is missing or unreadable")
        return
    tools_dir = site.get("llvm_tools_dir", "")
    own_dir = site.get("qedge_tools_dir", "")
    python = site.get("python_executable", "")
    if python:
        col.add(python, "tool", "runs the Python tests (%python)")
    for name in LIT_KNOWN_TOOLS:
        path = which(name, [own_dir, tools_dir])
        if path is None:
            col.errors.append(f"{name} (run by the lit tests) is not found")
        else:
            col.add(path, "tool", "run by the lit tests")
    for word in run_line_programs(os.path.join(col.source_dir, "test")):
        if word.startswith("%") or word in LIT_BUILTINS - {"not"}:
            continue
        path = which(word, [own_dir, tools_dir])
        if path:
            col.add(path, "tool", "run by a RUN line")

    lit = cache.get("LLVM_EXTERNAL_LIT") or os.path.join(tools_dir, "lit")
    if not os.path.isfile(lit):
        col.errors.append(f"lit ({lit}) is not found")
        return
    col.add(lit, "tool", "runs the test suite")
    lit_python = shebang_interpreter(lit) or python
    col.add(lit_python, "tool", f"interpreter of {lit}")
    try:
        with open(lit, encoding="utf-8", errors="replace") as stream:
            lit_path = re.findall(r'sys\.path\.insert\(\s*\d+\s*,\s*"([^"]+)"',
                                  stream.read())
    except OSError:
        lit_path = []
    collect_modules(col, lit_python, {"lit": f"imported by {lit}"}, lit_path)

    scripts: Dict[str, Set[str]] = defaultdict(set)
    for root, _, files in os.walk(os.path.join(col.source_dir, "test")):
        for name in files:
            # lit configurations import lit, which only lit's own path holds.
            if name.endswith(".py") and not name.startswith("lit."):
                path = os.path.join(root, name)
                for module in imported_modules(path):
                    scripts[module].add(os.path.relpath(path, col.source_dir))
    directories = sorted({os.path.join(col.source_dir, os.path.dirname(p))
                          for users in scripts.values() for p in users})
    # The project's own Python package, which the test scripts import.
    directories.append(os.path.join(col.source_dir, "python"))
    collect_modules(col, python, {
        module: f"imported by {', '.join(sorted(users))}"
        for module, users in scripts.items()}, directories)


def collect_modules(col: Collection, python: str, reasons: Dict[str, str],
                    extra_path: Sequence[str]) -> None:
    for name, origin in module_origins(python, reasons, extra_path).items():
        if origin is None:
            col.errors.append(f"Python module {name} ({reasons[name]}) is "
                              f"not importable by {python}")
        elif origin:
            col.add(origin, "python module", f"{name} {reasons[name]}")


# --- Files to packages ---------------------------------------------------


def walk_links(path: str) -> Tuple[List[str], str]:
    """The symbolic links met resolving path, and the file reached."""
    links: List[str] = []
    pending = list(reversed(path.split("/")))
    current = "/"
    hops = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, part)
        if not os.path.islink(candidate) or hops > 40:
            current = candidate
            continue
        hops += 1
        target = os.readlink(candidate)
        # The merged-/usr links at the root and update-alternatives links are
        # made by maintainer scripts, not shipped, so dpkg owns none of them.
        if (current != "/" and not target.startswith("/etc/alternatives/")
                and not candidate.startswith("/etc/alternatives/")):
            links.append(candidate)
        if target.startswith("/"):
            current = "/"
        pending.extend(reversed(target.split("/")))
    return links, current


def merged_usr_variants(path: str) -> List[str]:
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in MERGED_USR_DIRS:
        return [path, "/usr" + path]
    if len(parts) > 3 and parts[1] == "usr" and parts[2] in MERGED_USR_DIRS:
        return [path, path[len("/usr"):]]
    return [path]


def dpkg_owners(paths: Iterable[str]) -> Dict[str, List[str]]:
    owners: Dict[str, List[str]] = {}
    paths = sorted(set(paths))
    for start in range(0, len(paths), DPKG_CHUNK):
        result = run(["dpkg-query", "-S", *paths[start:start + DPKG_CHUNK]])
        for line in result.stdout.splitlines():
            if line.startswith("diversion ") or ": " not in line:
                continue
            packages, path = line.split(": ", 1)
            names = [p.strip().split(":")[0] for p in packages.split(",")]
            owners.setdefault(path, []).extend(names)
    return owners


@dataclass
class Requirement:
    """A path that must be owned by a package: a file or a link to it."""

    path: str
    candidates: List[str]
    use: str


def requirements(col: Collection) -> List[Requirement]:
    required: List[Requirement] = []
    for path, use in col.uses.items():
        links, real = walk_links(path)
        # dpkg knows a file by the path it was shipped under, which may pass
        # through a directory link; any of the names will do for the file.
        names = [real, path, os.path.normpath(path)]
        candidates = [v for name in names for v in merged_usr_variants(name)]
        label = f"{path} ({use.kind}, {use.reason})"
        required.append(
            Requirement(real, list(dict.fromkeys(candidates)), label))
        for link in links:
            why = (f"link {label}" if link == path
                   else f"link {link} on the way to {label}")
            required.append(Requirement(link, merged_usr_variants(link), why))
    return required


# --- Packages the set-up guarantees --------------------------------------


@dataclass
class Package:
    name: str
    priority: str = ""
    essential: bool = False
    depends: List[List[str]] = field(default_factory=list)


def parse_relations(text: str) -> List[List[str]]:
    groups = []
    for group in text.split(","):
        alternatives = []
        for alternative in group.split("|"):
            # Versions, architecture lists and build profiles do not
            # change which package satisfies the relation here.
            alternative = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "",
                                 alternative).strip()
            if alternative:
                alternatives.append(alternative.split(":")[0])
        if alternatives:
            groups.append(alternatives)
    return groups


def installed_packages() -> Tuple[Dict[str, Package], Dict[str, List[str]]]:
    fmt = ("${Package}\t${db:Status-Status}\t${Priority}\t${Essential}\t"
           "${Depends}\t${Pre-Depends}\t${Provides}\n")
    result = run(["dpkg-query", "-W", f"-f={fmt}"])
    packages: Dict[str, Package] = {}
    providers: Dict[str, List[str]] = defaultdict(list)
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 7 or fields[1] != "installed":
            continue
        name, _, priority, essential, depends, pre_depends, provides = fields
        package = packages.setdefault(name, Package(name))
        package.priority = priority
        package.essential = package.essential or essential == "yes"
        package.depends += parse_relations(depends)
        package.depends += parse_relations(pre_depends)
        for group in parse_relations(provides):
            providers[group[0]].append(name)
    return packages, dict(providers)


def satisfiers(name: str, packages: Dict[str, Package],
               providers: Dict[str, List[str]]) -> List[str]:
    if name in packages:
        return [name]
    # Which provider apt would choose on a fresh machine is not knowable
    # here; any installed one is accepted.
    return sorted(set(providers.get(name, [])))


def closure(roots: Iterable[str], packages: Dict[str, Package],
            providers: Dict[str, List[str]]) -> Set[str]:
    done: Set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in done or name not in packages:
            continue
        done.add(name)
        for alternatives in packages[name].depends:
            # apt satisfies a | b with one of them; the installed one is
            # the one this machine proves to work.
            for alternative in alternatives:
                chosen = satisfiers(alternative, packages, providers)
                if chosen:
                    pending += chosen
                    break
    return done


def read_install_list(path: str) -> Tuple[List[str], List[str]]:
    names, errors = [], []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            # setup.sh passes each line to apt-get as one word.
            if len(line.split()) != 1:
                errors.append(
                    f"{path}:{number}: not a single package name: {line}")
                continue
            names.append(line)
    return names, errors


# --- Main -----------------------------------------------------------------


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True,
                        help="a configured and fully built build directory")
    parser.add_argument("--source-dir", required=True,
                        help="the repository root")
    parser.add_argument("--packages-file",
                        help="install list (default: scripts/packages.txt)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every file with its package")
    args = parser.parse_args(argv)
    started = time.monotonic()

    source_dir = os.path.realpath(args.source_dir)
    build_dir = os.path.realpath(args.build_dir)
    packages_file = args.packages_file or os.path.join(
        source_dir, "scripts", "packages.txt")
    shown_list = os.path.relpath(packages_file, source_dir) \
        if os.path.realpath(packages_file).startswith(source_dir + os.sep) \
        else packages_file
    col = Collection(source_dir, build_dir)

    cache = read_cmake_cache(build_dir)
    ninja = cache.get("CMAKE_MAKE_PROGRAM") or which("ninja")
    if not cache or not ninja or not os.path.isfile(
            os.path.join(build_dir, "build.ninja")):
        print(f"check_install_list: {build_dir} is not a configured Ninja "
              "build directory", file=sys.stderr)
        return 1

    collect_headers(ninja, col)
    collect_tablegen_inputs(col)
    collect_configure_inputs(ninja, col)
    collect_cache_tools(cache, col)
    linked = collect_commands(ninja, col)
    collect_runtime_libraries(linked, col)
    collect_test_tools(col, cache)

    problems: List[str] = list(col.errors)
    counts = {kind: col.count(kind) for kind in KINDS}
    for kind, minimum in (("header", MIN_HEADERS), ("library", MIN_LIBRARIES),
                          ("tool", MIN_TOOLS)):
        if counts[kind] < minimum:
            problems.append(f"found only {counts[kind]} system files of kind "
                            f"'{kind}' (expected at least {minimum}); is "
                            f"{build_dir} fully built?")

    listed, list_errors = read_install_list(packages_file)
    problems += list_errors
    packages, providers = installed_packages()
    roots: List[str] = []
    for name in listed:
        chosen = satisfiers(name, packages, providers)
        if not chosen:
            problems.append(f"{name} (in {shown_list}) is not installed here; "
                            "run scripts/setup.sh first")
        roots += chosen
    base = [p.name for p in packages.values()
            if p.essential or p.priority in ("required", "important")]
    guaranteed = closure(roots + base, packages, providers)

    required = requirements(col)
    owners = dpkg_owners(c for r in required for c in r.candidates)
    missing: Dict[str, List[str]] = defaultdict(list)
    unowned: List[str] = []
    involved: Set[str] = set()
    for req in required:
        found = next((owners[c] for c in req.candidates if c in owners), None)
        if found is None:
            unowned.append(req.use if req.path in req.use else
                           f"{req.path}, reached from {req.use}")
            continue
        involved.update(found)
        if args.verbose:
            print(f"{', '.join(found)}: {req.use}")
        if not guaranteed.intersection(found):
            missing[found[0]].append(req.use)

    for name in sorted(missing):
        problems.append(f"package {name} is not installed by {shown_list} "
                        f"or the base system; add it to {shown_list}. "
                        "It provides:\n    "
                        + "\n    ".join(sorted(missing[name])))
    for use in sorted(unowned):
        problems.append(f"owned by no Debian package: {use}")

    elapsed = time.monotonic() - started
    if problems:
        plural = "s" if len(problems) != 1 else ""
        print(f"check_install_list: FAIL ({len(problems)} problem{plural}):",
              file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    detail = ", ".join(f"{n} {KINDS[k] if n != 1 else k}"
                       for k, n in counts.items() if n)
    print(f"check_install_list: OK: {len(col.uses)} system files ({detail}) "
          f"come from {len(involved)} packages, all installed by {shown_list} "
          f"or the base system ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
