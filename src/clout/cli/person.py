"""``clout show`` and ``clout history``: one person's score, explained and over time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from clout.analyst.charts import history_png
from clout.analyst.history import History, sparkline
from clout.analyst.history import history as person_history
from clout.analyst.profile import Profile, profile
from clout.cli._common import err, out, print_json, settings
from clout.db import connect

Person = Annotated[str, typer.Argument(help="A person id, a handle, or network:handle.")]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def show(ctx: typer.Context, person: Person, json_: Json = False) -> None:
    """A person's score explained: percentile, sub-scores per network, change over time,
    the interactions received, and who contributed most to the score (PageRank flow).

    Example: clout show twitter:alice
    """
    with connect(settings(ctx)) as db:
        found = profile(db, person)
    if json_:
        print_json(found.as_dict())
    else:
        _print_profile(found)


def _print_profile(p: Profile) -> None:
    handles = ", ".join(p.handles)
    out.print(f"{p.person.label}  {handles}", highlight=False, markup=False)
    pct = "n/a" if p.score_percentile is None else f"{p.score_percentile:.1f}"
    score = "not scored" if p.score is None else str(p.score)
    out.print(f"score {score}  percentile {pct}  raw {p.score_raw or 0:.4g}", highlight=False)
    out.print(f"run {p.run.run_id} as of {p.run.as_of:%Y-%m-%d %H:%M} UTC", highlight=False)
    networks = ", ".join(f"{n} {s}" for n, s in p.networks.items() if s is not None)
    out.print(f"networks: {networks or 'none'}", highlight=False, markup=False)
    if p.topics:
        out.print("topics: " + ", ".join(f"{t} {s}" for t, s in p.topics.items()), markup=False)
    changes = [(p.history.change(), "since the previous run")]
    changes += [(p.history.change(d), f"over {d} days") for d in (7, 30)]
    text = ", ".join(f"{'n/a' if c is None else f'{c:+d}'} {label}" for c, label in changes)
    out.print(f"change: {text}", highlight=False)
    _print_mix(p)
    _print_why(p)


def _print_mix(p: Profile) -> None:
    if not p.interactions:
        out.print("interactions received: none in the run's window", highlight=False)
        return
    table = Table(
        "kind", "network", "interactions", "people", box=None, title="interactions received"
    )
    for m in p.interactions:
        table.add_row(m.kind, m.network, str(m.interactions), str(m.people))
    out.print(table)


def _print_why(p: Profile) -> None:
    if p.why_note:
        err.print(f"Note: {p.why_note}", highlight=False, markup=False)
    if not p.contributors:
        out.print("why: nobody else's interactions count toward this score yet", highlight=False)
        return
    table = Table(
        "share", "person", "interactions", "contribution", box=None, title="why: who contributed"
    )
    for c in p.contributors:
        name = f"{c.name} ({c.person_id})" if c.name else c.person_id
        table.add_row(f"{c.share:.1%}", name, str(c.interactions), f"{c.contribution:.4g}")
    if p.others > 0:
        table.add_row(f"{p.others:.1%}", "everybody else", "", "")
    out.print(table)
    out.print(
        f"contributions add up to {p.why_total:.4g} (the raw influence they explain), plus the "
        f"base (teleport) part every account gets: {p.base:.3g}",
        highlight=False,
    )


def history(
    ctx: typer.Context,
    person: Person,
    json_: Json = False,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the history as a PNG chart.", show_default=False)
    ] = None,
) -> None:
    """A person's score in every scoring run: a table, a sparkline, and a PNG chart on request.

    Example: clout history alice --plot alice.png
    """
    with connect(settings(ctx)) as db:
        found = person_history(db, person)
    if plot is not None:
        history_png(found, plot)
        err.print(f"Wrote the chart to {plot}.", highlight=False, markup=False)
    if json_:
        print_json(_history_json(found))
        return
    table = Table("run", "as of", "score", "percentile", "raw", "networks", box=None)
    for pt in found.points:
        pct = "" if pt.score_percentile is None else f"{pt.score_percentile:.1f}"
        networks = ", ".join(f"{n} {s}" for n, s in pt.networks.items())
        table.add_row(pt.run_id, f"{pt.as_of:%Y-%m-%d}", str(pt.score), pct, f"{pt.score_raw:.4g}",
                      networks)  # fmt: skip
    out.print(found.person.label, highlight=False, markup=False)
    out.print(table)
    scores = found.scores
    out.print(f"{sparkline(scores)}  {scores[0]} → {scores[-1]}", highlight=False)


def _history_json(h: History) -> dict[str, object]:
    points = [{**vars(p), "as_of": p.as_of.isoformat()} for p in h.points]
    return {"person_id": h.person.person_id, "name": h.person.name, "history": points}
