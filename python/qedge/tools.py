"""Finding and running quant-edge's C++ tools (qedge-opt, qedge-run,
qedge-calibrate, qedge-compile) as processes.

A tool is looked up, in order: in `$QEDGE_BUILD_DIR/bin`; in the `build/bin`
of the repository this package sits in (`python/qedge` of a clone); in the
`bin` directory of an installation (`PREFIX/bin` beside
`PREFIX/lib/python3/dist-packages/qedge`, where `cmake --install` puts
them); on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional, Sequence

PACKAGE_DIR = Path(__file__).resolve().parent


class ToolError(Exception):
    """A tool that could not be found, or that failed: `command` (the words
    of the command line, empty when not found) and `message` (what it wrote
    to stderr, or why it was not found)."""

    def __init__(self, command: Sequence[str], message: str) -> None:
        where = " ".join(command) + ": " if command else ""
        super().__init__(where + message)
        self.command = list(command)
        self.message = message


def candidate_dirs() -> list[Path]:
    """The directories searched before PATH, in order."""
    dirs = []
    if os.environ.get("QEDGE_BUILD_DIR"):
        dirs.append(Path(os.environ["QEDGE_BUILD_DIR"]) / "bin")
    dirs.append(PACKAGE_DIR.parents[1] / "build" / "bin")
    for parent in PACKAGE_DIR.parents:
        if parent.name == "lib":
            dirs.append(parent.parent / "bin")
            break
    return dirs


def find_tool(name: str, given: Optional[str] = None) -> str:
    """The path of tool `name`: `given` if set (a path, or a name on PATH),
    else the first of candidate_dirs() that holds it, else PATH. ToolError
    naming every place looked at when there is none."""
    if given:
        found = given if Path(given).is_file() else shutil.which(given)
        if not found:
            raise ToolError([], f"no {name} at '{given}'")
        return found
    for directory in candidate_dirs():
        if (directory / name).is_file():
            return str(directory / name)
    found = shutil.which(name)
    if found:
        return found
    places = ", ".join(str(d) for d in candidate_dirs())
    raise ToolError([], f"cannot find {name}: not in {places}, nor on PATH "
                        f"(build quant-edge, or set QEDGE_BUILD_DIR)")


def run_tool(command: Sequence[str], stdin: Optional[str] = None) -> str:
    """Runs `command` and returns its stdout; ToolError with its stderr
    when it exits with a non-zero status."""
    done = subprocess.run(list(command), input=stdin, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise ToolError(command, done.stderr.strip()
                        or f"exit status {done.returncode}")
    return done.stdout
