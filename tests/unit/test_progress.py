"""The one progress contract (clout.progress): phases by start/advance/finish or counted as
they go, and the CLI's bars implement it."""

from __future__ import annotations

from clout.cli.bars import Bars, download_bar, phase_bars, scoring_bars
from clout.progress import NO_PROGRESS, Phases


class Log(Phases):
    def __init__(self) -> None:
        self.said: list[tuple[str, object]] = []

    def start(self, phase: str, total: int | None) -> None:
        self.said.append(("start", (phase, total)))

    def advance(self, n: int) -> None:
        self.said.append(("advance", n))

    def finish(self) -> None:
        self.said.append(("finish", None))


def test_counting_as_it_goes_starts_each_phase_and_finishes_the_one_before() -> None:
    log = Log()
    log("checking", 2, None)
    log("checking", 3, None)
    log("loading", 4, 10)
    assert log.said == [
        ("start", ("checking", None)),
        ("advance", 2),
        ("advance", 3),
        ("finish", None),
        ("start", ("loading", 10)),
        ("advance", 4),
    ]


def test_no_progress_takes_both_forms() -> None:
    NO_PROGRESS.start("x", None)
    NO_PROGRESS.advance(1)
    NO_PROGRESS.finish()
    NO_PROGRESS("y", 1, 2)


def test_the_cli_bars_count_each_phase_and_show_it_whole_when_finished() -> None:
    bars = scoring_bars(quiet=True)
    bars.start("history", 5)
    bars.advance(5)
    bars.finish()
    bars("calibration", 0, None)
    bars.finish()
    bars.close()
    assert [(t.description, t.completed, t.total) for t in bars.bar.tasks] == [
        ("history", 5, 5),
        ("calibration", 1, 1),
    ]
    with phase_bars(quiet=True) as rows:
        rows("checking", 7, None)
        rows("loading", 7, 7)
    assert isinstance(rows, Bars)
    assert [(t.description, t.completed, t.total) for t in rows.bar.tasks] == [
        ("checking", 7, 7),
        ("loading", 7, 7),
    ]
    with download_bar("downloading jars") as got:
        got("downloading", 300, 1000)
        got("downloading", 700, 1000)
    assert [(t.description, t.completed) for t in got.bar.tasks] == [("downloading jars", 1000)]
