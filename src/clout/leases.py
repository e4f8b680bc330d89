"""Who holds a lock node in the database, and whether that process is still there.

A scoring run holds ``(:ScoringLock)``, a load ``(:LoadLease)``; each records its holder (pid,
host, the process's start time) and a heartbeat its process refreshes every ``HEARTBEAT_S``
seconds. A holder is

- ``gone`` when it ran on this host and its process has ended (or its pid now names another
  process, told by the start time): anyone may clear its lock;
- ``silent`` when it ran on another host and its heartbeat is older than ``SILENT_AFTER_S``
  (the process may be gone, or its host cut off): ``--force`` may clear its lock;
- ``alive`` otherwise: nobody clears its lock.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)
HEARTBEAT_S = 15.0
SILENT_AFTER_S = 180.0
State = Literal["alive", "gone", "silent"]


def process_start(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot, Linux), or None when unknown."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(text.rsplit(")", 1)[1].split()[19])


def me() -> dict[str, Any]:
    """This process as a lock holder: ``pid``, ``host``, ``proc_start``."""
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "proc_start": process_start(pid)}


def _pid_runs(pid: int, started: int | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it runs
    now = process_start(pid)
    return started is None or now is None or now == started


def state(holder: dict[str, Any], now: datetime | None = None) -> State:
    """Whether the process of a lock's ``holder`` (a row with ``pid``, ``host``, ``proc_start``
    and ``heartbeat``) is alive, gone or silent (see the module doc)."""
    if holder.get("host") == socket.gethostname() and holder.get("pid") is not None:
        return "alive" if _pid_runs(int(holder["pid"]), holder.get("proc_start")) else "gone"
    beat = holder.get("heartbeat") or holder.get("started_at")
    if beat is None:
        return "silent"
    moment = beat.to_native() if hasattr(beat, "to_native") else beat
    age = ((now or datetime.now(UTC)) - moment).total_seconds()
    return "silent" if age > SILENT_AFTER_S else "alive"


def describe(holder: dict[str, Any]) -> str:
    """``pid N on HOST, started T`` for messages."""
    started: Any = holder.get("started_at")
    if hasattr(started, "to_native"):
        started = started.to_native()
    shown = f"{started:%Y-%m-%d %H:%M:%S} UTC" if isinstance(started, datetime) else started
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {shown}"


@contextmanager
def heartbeat(beat: Callable[[], object], every: float = HEARTBEAT_S) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds on a background thread while the block runs (a
    failing beat is logged and retried at the next tick)."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every):
            try:
                beat()
            except Exception as exc:  # the database may be restarting; the next beat retries
                log.debug("heartbeat failed: %s", exc)

    thread = threading.Thread(target=run, name="clout-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5.0)
