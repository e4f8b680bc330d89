"""Atomic file writes: the target is either the old file or the complete new one.

Only a regular file (or a path that does not exist yet, in a folder that does) is written: a
device such as ``/dev/full``, a folder or a pipe is refused before anything is written, since
renaming over it would replace the device node itself. A replaced file keeps its permissions
(and, where allowed, its owner); a symbolic link keeps pointing at the file it names, which is
the one replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from clout.errors import InputError


def check_target(path: Path) -> os.stat_result | None:
    """The status of the regular file at ``path`` (None for a new path); :class:`InputError`
    when ``path`` is something else or its folder does not exist."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise InputError(
                f"cannot write {path}: the folder {path.parent} does not exist"
            ) from None
        return None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            f"cannot write {path}: it is not a regular file (a folder, a device or a pipe); "
            "give a file name, or leave -o out to write to stdout"
        )
    return status


@contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` only when the block finishes without error.

    Written to a temporary file in the same folder, fsynced, then ``os.replace``d; on any
    error or interruption the temporary file is removed and ``path`` is left untouched.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    existing = check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write in {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(tmp, existing)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            kept = "left as it was" if existing else "not written"
            raise InputError(f"could not write {path} ({exc.strerror}); it is {kept}") from exc
        raise
    _fsync_dir(path.parent)


def _copy_mode(tmp: str, existing: os.stat_result | None) -> None:
    """The replaced file's permissions (and owner, where allowed); a new file's follow umask."""
    if existing is None:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(existing.st_mode))
    with suppress(OSError):
        os.chown(tmp, existing.st_uid, existing.st_gid)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (not supported everywhere: best effort)."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
