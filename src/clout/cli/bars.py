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
from clout.progress import Phases


class RateColumn(ProgressColumn):
    """Rows per second of a task."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:>9,.0f} rows/s" if speed else "          rows/s")


class Bars(Phases):
    """Progress bars on stderr, one per phase (a :class:`clout.progress.Progress`): nothing is
    drawn before the first phase starts (an error before that stays one line); a finished
    phase's bar shows it whole. As a ``with`` block's, they finish and stop at its end."""

    def __init__(
        self,
        *columns: ProgressColumn | str,
        quiet: bool = False,
        transient: bool = False,
        label: str | None = None,
    ) -> None:
        self.bar = Progress(*columns, console=err, transient=transient, disable=quiet)
        self.label = label  # one description for every phase (a download's)
        self.task: TaskID | None = None
        self.started = False

    def start(self, phase: str, total: int | None) -> None:
        if not self.started:
            self.bar.start()
            self.started = True
        self._phase = phase
        self.task = self.bar.add_task(self.label or phase, total=total)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)

    def finish(self) -> None:
        if self.task is not None:
            task = self.bar.tasks[-1]
            total = task.total if task.total is not None else (task.completed or 1)
            self.bar.update(self.task, total=total, completed=total)
        self.task, self._phase = None, None

    def close(self) -> None:
        """Stop drawing (a phase cut off by an error stays as far as it got)."""
        if self.started:
            self.bar.stop()

    def __enter__(self) -> Bars:
        return self

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        """The last phase shown whole when the block ends well; drawing stops either way."""
        try:
            if error is None:
                self.finish()
        finally:
            self.close()


def download_bar(description: str) -> Bars:
    """A byte-count bar (transient) labelled ``description``, for a ``with`` block."""
    return Bars(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
        label=description,
    )


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


def phase_bars(quiet: bool = False) -> Bars:
    """One row-count bar with rows/s per phase (loads, ``clout generate``), for a ``with``
    block."""
    return Bars(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        quiet=quiet,
    )


def scoring_bars(quiet: bool) -> Bars:
    """One bar per scoring phase on stderr; the caller closes it."""
    return Bars(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        quiet=quiet,
    )
