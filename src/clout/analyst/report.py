"""``clout report``: one self-contained HTML page (inline CSS and SVG, no external assets).

The page is titled by the date the scores describe, not by a run id. It shows the score
distribution, the top influencers, each network's and the busiest topics' leaders, and what
moved since the run about 30 days earlier: risers and fallers among the people both runs
scored, and the newcomers apart (a first score is not a rise).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from clout.analyst.files import atomic_write
from clout.analyst.person_lookup import PersonRef
from clout.analyst.ranking import Ranked, Selection, top
from clout.analyst.run_lookup import Run, baseline, current, done_runs
from clout.analyst.timeline import History, person_history
from clout.db import Database
from clout.errors import InputError

log = logging.getLogger(__name__)
TOP = 20
MOVERS = 5
MOVER_DAYS = 30
LEADERS = 3
TOPICS = 20


@dataclass(frozen=True)
class Mover:
    history: History
    before: int | None  # None for a newcomer
    score: int

    @property
    def change(self) -> int:
        return self.score - (self.before or 1)


@dataclass(frozen=True)
class Leader:
    person_id: str
    name: str | None
    score: int


@dataclass(frozen=True)
class Leaders:
    """A network's or a topic's leaders, and how many people score on it."""

    name: str
    people: int
    leaders: list[Leader]


@dataclass(frozen=True)
class ReportData:
    run: Run
    runs: int
    since: Run | None  # the run the movers are measured against
    counts: dict[int, int]  # score -> people in the current run
    top: list[Ranked]
    risers: list[Mover]
    fallers: list[Mover] = field(default_factory=list)
    newcomers: list[Mover] = field(default_factory=list)
    newcomer_count: int = 0
    networks: list[Leaders] = field(default_factory=list)
    topics: list[Leaders] = field(default_factory=list)

    @property
    def movers(self) -> list[Mover]:
        """The risers and the fallers (whose histories the chart draws)."""
        return [*self.risers, *self.fallers]


def gather(db: Database) -> ReportData:
    """Everything the report shows; :class:`NoScores` before the first run."""
    runs = done_runs(db)
    run, since = current(runs), baseline(runs, MOVER_DAYS)
    newcomers, count = _newcomers(db, run, since)
    return ReportData(
        run=run,
        runs=len(runs),
        since=since,
        counts=distribution(db, run),
        top=top(db, Selection(limit=TOP)),
        risers=movers(db, run, since, 1),
        fallers=movers(db, run, since, -1),
        newcomers=newcomers,
        newcomer_count=count,
        networks=[
            _leaders(r["network"], r)
            for r in db.read("@analyst/internal/network_leaders", leaders=LEADERS)
        ],
        topics=[
            _leaders(r["topic"], r)
            for r in db.read("@analyst/internal/topic_leaders", limit=TOPICS, leaders=LEADERS)
        ],
    )


def _leaders(name: str, row: dict[str, object]) -> Leaders:
    found = row["leaders"]
    assert isinstance(found, list)
    return Leaders(name, int(str(row["people"])), [Leader(**leader) for leader in found])


def distribution(db: Database, run: Run) -> dict[int, int]:
    """People per score in ``run`` (those without SCORED history scored 1)."""
    row = db.read("@analyst/internal/distribution", run_id=run.run_id)[0]
    counts = {int(c["score"]): int(c["people"]) for c in row["counts"] if c["score"] is not None}
    if row["population"] is not None:
        ones = int(row["population"]) - sum(n for s, n in counts.items() if s != 1)
        counts[1] = max(ones, counts.get(1, 0))
    return {s: n for s, n in sorted(counts.items()) if n > 0}


def movers(db: Database, run: Run, since: Run | None, direction: int) -> list[Mover]:
    """The largest risers (``direction`` 1) or fallers (-1) since ``since`` among the people
    both runs scored, with their history."""
    if since is None:
        return []
    rows = db.read(
        "@analyst/internal/movers",
        run_id=run.run_id,
        base_run_id=since.run_id,
        direction=direction,
        limit=MOVERS,
    )
    return [_mover(db, run, r, r["before"]) for r in rows]


def _newcomers(db: Database, run: Run, since: Run | None) -> tuple[list[Mover], int]:
    if since is None:
        return [], 0
    row = db.read(
        "@analyst/internal/newcomers", run_id=run.run_id, base_run_id=since.run_id, limit=MOVERS
    )[0]
    return [_mover(db, run, r, None) for r in row["best"]], int(row["people"])


def _mover(db: Database, run: Run, row: dict[str, object], before: object) -> Mover:
    ref = PersonRef(str(row["person_id"]), row["name"] if isinstance(row["name"], str) else None)
    return Mover(
        person_history(db, ref, run.run_id),
        int(str(before)) if before is not None else None,
        int(str(row["score"])),
    )


def write_report(db: Database, directory: Path) -> Path:
    """Write ``directory/index.html`` (atomically); returns its path."""
    from clout.analyst import charts, page

    if directory.exists() and not directory.is_dir():
        raise InputError(f"cannot write the report into {directory}: it is not a folder")
    data = gather(db)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the folder {directory}: {exc.strerror}") from None
    path = directory / "index.html"
    chart = [*data.risers[:3], *data.fallers[:3]]
    histogram = charts.svg(charts.histogram_figure(data.counts))
    movers_chart = (
        charts.svg(charts.history_figure([m.history for m in chart], "Risers and fallers"))
        if chart
        else ""
    )
    html = page.render(data, histogram=histogram, movers_chart=movers_chart)
    with atomic_write(path) as handle:
        handle.write(html.encode("utf-8"))
    log.info("wrote %s", path)
    return path
