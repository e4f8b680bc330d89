"""The managed server's process and files: finding its Java process by its home (whatever
``server.json`` says), and keeping ``CLOUT_HOME`` private to its user.

A server is found by its Java command line (``--home-dir=<CLOUT_HOME>/server`` and Neo4j's
entry point), first through Neo4j's own pid file (``run/neo4j.pid``), then by scanning the
processes; so a lost or corrupt ``server.json`` never orphans a running server.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"


def _command_line(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.decode(errors="replace").split("\0")


def runs_server(pid: int, server_dir: Path) -> bool:
    """True when ``pid`` runs and is the server of ``server_dir`` (not a recycled pid)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    args = _command_line(pid)
    if args is None:
        return not Path("/proc").is_dir()  # no /proc (macOS): trust the pid
    return f"--home-dir={server_dir}" in args


def _pids() -> Iterator[int]:
    try:
        names = os.listdir("/proc")
    except OSError:
        return
    for name in names:
        if name.isdigit():
            yield int(name)


def find_server(server_dir: Path) -> int | None:
    """The pid of the Java process serving ``server_dir``, found without ``server.json``."""
    pid_file = server_dir / "run" / "neo4j.pid"
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and runs_server(pid, server_dir):
        return pid
    wanted = f"--home-dir={server_dir}"
    for candidate in _pids():
        args = _command_line(candidate)
        if args and MAIN_CLASS in args and wanted in args:
            return candidate
    return None


def conf_value(conf: Path, key: str) -> str | None:
    """A setting of the server's ``neo4j.conf`` (None when absent)."""
    try:
        lines = conf.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return None


def write_private(path: Path, text: str) -> None:
    """Write ``path`` readable by its user only, atomically (a crash leaves the old file)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(part, 0o600)
    os.replace(part, path)


def make_private(folder: Path) -> int:
    """``folder`` and the folders under it 700, the files 600 (for homes made before clout did
    so); how many entries were changed."""
    changed = 0
    for root, dirs, files in os.walk(folder):
        for name, mode in [(d, 0o700) for d in dirs] + [(f, 0o600) for f in files]:
            path = os.path.join(root, name)
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) & 0o077 == 0:
                    continue
                os.chmod(path, mode if stat.S_ISDIR(info.st_mode) else 0o600)
                changed += 1
            except OSError as exc:
                log.debug("could not make %s private: %s", path, exc)
    os.chmod(folder, 0o700)
    return changed


def rotate(path: Path, limit: int, keep: int = 2) -> bool:
    """Move ``path`` to ``path.1`` (and so on, ``keep`` old files) when it is over ``limit``
    bytes; True when it was rotated."""
    try:
        if path.stat().st_size <= limit:
            return False
    except FileNotFoundError:
        return False
    for number in range(keep, 1, -1):
        older = path.with_name(f"{path.name}.{number - 1}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{number}"))
    os.replace(path, path.with_name(f"{path.name}.1"))
    return True
