"""``clout report``: one self-contained HTML page (inline CSS and SVG, no external assets)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from clout.analyst import charts, page
from clout.analyst.files import atomic_write
from clout.analyst.history import History, person_history
from clout.analyst.people import PersonRef
from clout.analyst.ranking import Ranked, Selection, top
from clout.analyst.runs import Run, baseline, current, done_runs
from clout.db import Database

log = logging.getLogger(__name__)
TOP = 20
MOVERS = 5
MOVER_DAYS = 30


@dataclass(frozen=True)
class Mover:
    history: History
    before: int
    score: int

    @property
    def change(self) -> int:
        return self.score - self.before


@dataclass(frozen=True)
class ReportData:
    run: Run
    runs: int
    since: Run | None  # the run the movers are measured against
    counts: dict[int, int]  # score -> people in the current run
    top: list[Ranked]
    movers: list[Mover]


def gather(db: Database) -> ReportData:
    """Everything the report shows; :class:`NoScores` before the first run."""
    runs = done_runs(db)
    run, since = current(runs), baseline(runs, MOVER_DAYS)
    return ReportData(
        run=run,
        runs=len(runs),
        since=since,
        counts=distribution(db, run),
        top=top(db, Selection(limit=TOP)),
        movers=movers(db, run, since),
    )


def distribution(db: Database, run: Run) -> dict[int, int]:
    """People per score in ``run`` (those without SCORED history scored 1)."""
    row = db.read("@analyst/internal/distribution", run_id=run.run_id)[0]
    counts = {int(c["score"]): int(c["people"]) for c in row["counts"] if c["score"] is not None}
    if row["population"] is not None:
        ones = int(row["population"]) - sum(n for s, n in counts.items() if s != 1)
        counts[1] = max(ones, counts.get(1, 0))
    return {s: n for s, n in sorted(counts.items()) if n > 0}


def movers(db: Database, run: Run, since: Run | None) -> list[Mover]:
    """The people whose score changed most since ``since``, with their history."""
    if since is None:
        return []
    rows = db.read(
        "@analyst/internal/movers", run_id=run.run_id, base_run_id=since.run_id, limit=MOVERS
    )
    return [
        Mover(
            person_history(db, PersonRef(r["person_id"], r["name"]), run.run_id),
            r["before"],
            r["score"],
        )
        for r in rows
    ]


def write_report(db: Database, directory: Path) -> Path:
    """Write ``directory/index.html`` (atomically); returns its path."""
    data = gather(db)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.html"
    histories = [m.history for m in data.movers]
    histogram = charts.svg(charts.histogram_figure(data.counts))
    movers_chart = charts.svg(charts.history_figure(histories, "Top movers")) if histories else ""
    html = page.render(data, histogram=histogram, movers_chart=movers_chart)
    with atomic_write(path) as handle:
        handle.write(html.encode("utf-8"))
    log.info("wrote %s", path)
    return path
