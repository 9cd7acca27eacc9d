"""Writing output files that are never left half-written.

The Python side of the rule the C++ tools follow (`OutputFile` in
`lib/Tools/ToolSupport.cpp`): a regular file, or a new one, is written as a
temporary beside it and renamed over it once complete, so that a failed
write leaves the old file (or none) and no temporary; a device or a pipe
(`/dev/null`, `/dev/full`) is written in place, as renaming over it would
replace the node; a directory or a read-only file fails before anything is
written. Every failure is an `OSError` naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from typing import IO, Iterator, Union

PathLike = Union[str, "os.PathLike[str]"]

_counter = itertools.count()


def _create_temporary(target: str, mode: int) -> tuple[int, str]:
    """Creates a new file beside `target` (the umask applies to `mode`)."""
    while True:
        temporary = f"{target}.tmp{os.getpid()}.{next(_counter)}"
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                           mode), temporary
        except FileExistsError:
            continue


@contextlib.contextmanager
def open_output(path: PathLike, mode: str = "w",
                encoding: str | None = None) -> Iterator[IO]:
    """Opens `path` for writing (`mode` "w" or "wb"); the file is complete,
    or untouched, when the block ends. An exception in the block discards
    what was written."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_output: unsupported mode {mode!r}")
    if encoding is None and mode == "w":
        encoding = "utf-8"
    name = os.fspath(path)
    try:
        status = os.stat(name)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if status is not None and not stat.S_ISREG(status.st_mode):
        with open(name, mode, encoding=encoding) as file:
            yield file
        return

    file_mode = 0o666
    target = name
    if status is not None:
        # Renaming needs no permission on the file itself: check the one
        # writing in place would need.
        if not os.access(name, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                                  name)
        file_mode = stat.S_IMODE(status.st_mode)
        target = os.path.realpath(name)
    descriptor, temporary = _create_temporary(target, file_mode)
    try:
        if status is not None:
            # The umask applies to new files only.
            os.fchmod(descriptor, file_mode)
        with os.fdopen(descriptor, mode, encoding=encoding) as file:
            yield file
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_output(path: PathLike, data: str | bytes) -> None:
    """Writes `data` (text or bytes) to `path` as `open_output` does."""
    with open_output(path, "wb" if isinstance(data, bytes) else "w") as file:
        file.write(data)


def describe_os_error(error: OSError, path: PathLike | None = None) -> str:
    """One line for an `OSError`: the file, then the problem
    ("out.mlir: cannot write: No space left on device")."""
    name = error.filename if error.filename is not None else path
    reason = error.strerror or str(error)
    return f"{os.fspath(name) if name is not None else '?'}: cannot write: " \
           f"{reason}"


__all__ = ["open_output", "write_output", "describe_os_error"]
