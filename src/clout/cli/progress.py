"""Progress bars on stderr (rich), shared by every long-running command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from clout.cli._common import err


@contextmanager
def download_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A byte-count bar; yields ``update(done, total)``."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        console=err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def count_bar(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A row-count bar with rate; yields ``advance(n)``."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.speed:>10.0f} rows/s" if False else ""), TimeElapsedColumn(),
        console=err, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task(description, total=total)

        def advance(n: int) -> None:
            bar.advance(task, n)

        yield advance
