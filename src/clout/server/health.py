"""Whether the managed server's database has panicked, read from its log.

When a write finds the disk full, Neo4j marks the database unhealthy ("Database panic") and
refuses every transaction until the server is restarted; queries then fail or hang. The panic
and its cause are in ``logs/debug.log``: clout reads the log's tail for a panic logged since
the server started and says what to do at once, instead of waiting for the server to answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

PANIC = "Database panic"
DISK_FULL = (
    "OutOfDiskSpaceException",
    "No space left on device",
    "out of disk space",
    "running out of disk space",
)
TAIL_BYTES = 4 << 20


def _tail(path: Path, size: int = TAIL_BYTES) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            end = fh.tell()
            fh.seek(max(0, end - size))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _when(line: str) -> datetime | None:
    """The time at the start of a Neo4j log line (``2026-12-05 23:39:38.939+0000 ...``)."""
    try:
        return datetime.strptime(line[:28], "%Y-%m-%d %H:%M:%S.%f%z")
    except ValueError:
        return None


def _since(text: str, moment: datetime) -> str:
    """The part of a log's text logged at ``moment`` or later."""
    at = 0
    for line in text.splitlines(keepends=True):
        when = _when(line) if line[:2] == "20" else None
        if when is not None and when >= moment:
            return text[at:]
        at += len(line)
    return ""


def panic(logs: Path, home: Path, since: float) -> str | None:
    """What to tell the user when the database panicked after ``since`` (epoch seconds, the
    server's start), or None when it did not."""
    text = _tail(logs / "debug.log")
    if PANIC not in text:
        return None
    after = _since(text, datetime.fromtimestamp(since, UTC))
    if PANIC not in after:
        return None
    if any(sign in after for sign in DISK_FULL):
        return (
            f"disk full under CLOUT_HOME ({home}): the database stopped writing to protect its "
            "data; free space there and run `clout server start` (a load then resumes where it "
            "stopped)"
        )
    return (
        "the database hit a critical error and stopped; run `clout server start` to restart it "
        f"(the cause is in {logs / 'debug.log'})"
    )
