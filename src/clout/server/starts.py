"""Who is told when a command has to start the managed server on its way (the start observer).

Apart from :mod:`clout.server.manager` so that the CLI can install its observer for every
command without importing the manager (and what it imports) in commands that never start it.
The library's default logs one line; the CLI's (``clout.cli.starts``) says so on stderr, with a
byte-count bar for the first use's download.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from clout.progress import Progress

log = logging.getLogger(__name__)


class StartObserver(Protocol):
    """Told when a command has to start the server (``first_use``: the jars are downloaded
    first); may return a :class:`clout.progress.Progress` for the download (in bytes)."""

    def starting(self, home: Path, first_use: bool) -> AbstractContextManager[Progress | None]: ...


class LogObserver:
    """The observer when the CLI installed none: one log line."""

    @contextmanager
    def starting(self, home: Path, first_use: bool) -> Iterator[Progress | None]:
        extra = " (first use: downloading Neo4j and GDS first)" if first_use else ""
        log.warning("starting the managed Neo4j server in %s%s…", home, extra)
        yield None


_OBSERVER: list[StartObserver] = [LogObserver()]


def observe_starts(observer: StartObserver) -> None:
    """Have ``observer`` told about every start a command causes (the CLI's progress)."""
    _OBSERVER[0] = observer


def observer() -> StartObserver:
    """The observer told about the next start."""
    return _OBSERVER[0]
