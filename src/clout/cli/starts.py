"""What a command says on stderr when it starts the managed server on its way.

The root command installs :class:`StartReporter` for every command (``clout runs`` on a stopped
server says it is starting it, and shows the first use's download in bytes). This module is
imported by ``clout.cli`` itself, so it imports no more than the start observer's contract;
the bar and the download's size are imported when a first use needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clout.cli._common import err, quiet_mode
from clout.progress import Progress
from clout.server.starts import observe_starts


class StartReporter:
    """Says on stderr that a command is starting the managed server, with a byte-count bar for
    the first use's download (nothing with ``-q``)."""

    @contextmanager
    def starting(self, home: Path, first_use: bool) -> Iterator[Progress | None]:
        if quiet_mode():
            yield None
            return
        if not first_use:
            _say(f"starting the managed Neo4j server in {home}…")
            yield None
            return
        from clout.cli.bars import download_bar
        from clout.server import provision

        size = provision.download_size() / 1e6
        _say(
            f"first use: downloading Neo4j + GDS ({size:.0f} MB, verified), then starting "
            f"the managed Neo4j server in {home}…"
        )
        with download_bar("downloading Neo4j + GDS") as progress:
            yield progress


def _say(line: str) -> None:
    err.print(line, markup=False, highlight=False, soft_wrap=True)


def install_start_reporter() -> None:
    """Have every command that starts the managed server say so on stderr."""
    observe_starts(StartReporter())
