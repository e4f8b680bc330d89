"""Progress bars on stderr (rich), shared by every long-running command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from clout.cli._common import err


class RateColumn(ProgressColumn):
    """Rows per second of a task."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:>9,.0f} rows/s" if speed else "          rows/s")


@contextmanager
def download_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A byte-count bar; yields ``update(done, total)``."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def step_bar(total: int, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A bar of ``total`` steps; yields ``step(description)``: the step now under way."""
    with Progress(
        TextColumn("{task.description:<44}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=quiet,
    ) as bar:
        task = bar.add_task("starting", total=total)
        started = [False]

        def step(description: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=description)

        yield step
        bar.update(task, completed=total, description="done")


@contextmanager
def phase_bars(quiet: bool = False) -> Iterator[Callable[[str, int, int | None], None]]:
    """One row-count bar with rows/s per phase; yields ``advance(phase, rows, total)``.

    Nothing reaches stderr before the first phase starts (an error before that stays one line).
    """
    bar = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=quiet,
    )
    tasks: dict[str, TaskID] = {}

    def advance(phase: str, rows: int, total: int | None) -> None:
        if not tasks:
            bar.start()
        if phase not in tasks:
            _finish(bar, tasks)
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], advance=rows, total=total)

    try:
        yield advance
        _finish(bar, tasks)
    finally:
        if tasks:
            bar.stop()


def _finish(bar: Progress, tasks: dict[str, TaskID]) -> None:
    for task in tasks.values():
        bar.update(task, total=bar.tasks[task].completed)


class ScoringBars:
    """One progress bar per scoring phase on stderr (a ``clout.scoring.progress.Progress``)."""

    def __init__(self, quiet: bool) -> None:
        self.bar = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
        )
        self.task: TaskID | None = None

    def start(self, phase: str, total: int | None) -> None:
        self.bar.start()
        self.task = self.bar.add_task(phase, total=total)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)

    def finish(self) -> None:
        if self.task is not None:
            total = self.bar.tasks[-1].total or 1
            self.bar.update(self.task, total=total, completed=total)
        self.task = None

    def close(self) -> None:
        self.bar.stop()
