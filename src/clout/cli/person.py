"""``clout show`` and ``clout history``: one person's score, explained and over time.

The terminal gets words and rounded numbers; ``--json`` keeps every value at full precision.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clout.cli import output
from clout.cli._common import err, out, parse_time, reading
from clout.cli.output import Column
from clout.text import printable

if TYPE_CHECKING:
    from clout.analyst.explain import Change, Engager, Moment
    from clout.analyst.profile import Profile
    from clout.analyst.timeline import History

Person = Annotated[
    str, typer.Argument(help="A person id, a handle (alice or @alice), or network:handle.")
]
SHOWN = 10  # engagers listed in the terminal


@output.options
def show(
    shown: output.Output,
    ctx: typer.Context,
    person: Person,
    since: Annotated[
        str | None,
        typer.Option(
            show_default=False,
            help="Compare with the run as of this ISO date or earlier [default: the previous run].",
        ),
    ] = None,
) -> None:
    """A person's score explained: percentile, sub-scores per network, change over time,
    the interactions received, and who contributed most to the score (PageRank flow).

    In words: who lifted the score (each engager with their own score, what they did, how
    often, when), the moments (the interactions that counted most), and what changed since
    the previous run or --since: new engagers, engagement that aged out of the window, engagers
    whose own score moved. --csv, --tsv and --nl give one row per engager; --json everything.

    Example: clout show @alice --since 2024-05-01
    """
    from clout import config
    from clout.analyst.profile import profile

    when = parse_time(since, "--since", "2024-05-01")
    model = config.load().scoring
    with reading(ctx) as db:
        found = profile(db, person, model, since=when)
    if shown.format is output.Format.table:
        _print_profile(found)
    else:
        rows = [_engager_json(g) for g in found.engagers]
        columns = [*ENGAGER_COLUMNS, *output.spread(rows, "kinds", "kind_")]
        shown.emit(rows, columns, document=found.as_dict())
    if not shown.quiet:
        _notes(found)


def _engager_json(g: Engager) -> dict[str, Any]:
    return {
        "person_id": g.person_id,
        "name": g.name,
        "score": g.score,
        "share": g.share,
        "contribution": g.contribution,
        "interactions": g.interactions,
        "kinds": g.kinds,
        "first": g.first.isoformat(),
        "last": g.last.isoformat(),
    }


ENGAGER_COLUMNS = [
    Column("person_id"),
    Column("name"),
    Column("score"),
    Column("share"),
    Column("contribution"),
    Column("interactions"),
    Column("first"),
    Column("last"),
]


def _notes(p: Profile) -> None:
    from clout.analyst.calibration import small_population

    for note in (p.why_note, small_population(p.calibration_population)):
        if note:
            err.print(f"Note: {note}", highlight=False, markup=False)


def _line(text: str) -> None:
    out.print(printable(text), highlight=False, markup=False)


def _section(title: str) -> None:
    out.print()
    _line(title)


def _print_profile(p: Profile) -> None:
    _line(f"{p.person.label}  {', '.join(p.handles)}")
    window = f", {p.run.window_days}-day window" if p.run.window_days else ""
    if p.score is None:
        _line(f"Not scored yet (run as of {p.run.as_of:%Y-%m-%d}{window}).")
    else:
        pct = ""
        if p.score_percentile:  # unscored people have 0: nobody to be above
            pct = f", at or above {p.score_percentile:.0f}% of the people scored"
        _line(f"Score {p.score} of 100{pct} (run as of {p.run.as_of:%Y-%m-%d}{window}).")
    networks = ", ".join(f"{n} {s}" for n, s in p.networks.items() if s is not None)
    _line(f"Networks: {networks or 'none'}.")
    if p.topics:
        _line("Topics: " + ", ".join(f"{t} {s}" for t, s in p.topics.items()) + ".")
    changes = [(p.history.change(), "since the previous run")]
    changes += [(p.history.change(d), f"over {d} days") for d in (7, 30)]
    text = ", ".join(f"{'n/a' if c is None else f'{c:+d}'} {label}" for c, label in changes)
    _line(f"Change: {text}.")
    if p.interactions:
        _section("Interactions received in the window:")
        rows = [
            {
                "kind": _verb(m.kind),
                "network": m.network,
                "times": m.interactions,
                "people": m.people,
            }
            for m in p.interactions
        ]
        output.table(rows, MIX_TABLE)
    _print_engagers(p)
    _print_moments(p.moments)
    if p.change is not None:
        _print_change(p.change, p.run.window_days)


MIX_TABLE = [
    Column("kind"),
    Column("network"),
    Column("times", right=True),
    Column("people", right=True),
]


def _print_engagers(p: Profile) -> None:
    if not p.engagers:
        _section("Nobody's interactions count toward this score in the run's window.")
        return
    _section("Who lifted the score (their interactions in the window, the largest part first):")
    shown = list(p.engagers[:SHOWN])
    output.table([_engager_row(g) for g in shown], ENGAGER_TABLE)
    rest = p.engagers[SHOWN:]
    if rest:
        share = sum(g.share for g in rest)
        _line(f"... and {len(rest):,} more people: {_share(share)} together.")


def _engager_row(g: Engager) -> dict[str, Any]:
    return {
        "share": _share(g.share),
        "who": _who(g.person_id, g.name),
        "score": g.score,
        "did": _did(g.kinds),
        "when": _span(g.first, g.last),
    }


ENGAGER_TABLE = [
    Column("share", right=True),
    Column("who", "engager"),
    Column("score", "their score", right=True),
    Column("did", "what they did"),
    Column("when"),
]


def _print_moments(moments: tuple[Moment, ...]) -> None:
    if not moments:
        return
    _section("Moments that counted most:")
    rows = [
        {
            "share": _share(m.share),
            "when": f"{m.at:%Y-%m-%d %H:%M}",
            "who": _who(m.person_id, m.name),
            "did": f"{_verb(m.kind)} {_times(m.count)}",
            "event": m.event_id,
        }
        for m in moments
    ]
    output.table(rows, MOMENT_TABLE)


MOMENT_TABLE = [
    Column("share", right=True),
    Column("when"),
    Column("who"),
    Column("did"),
    Column("event"),
]


def _print_change(c: Change, window_days: int | None) -> None:
    _section(f"Since the run as of {c.then.as_of:%Y-%m-%d}: {c.cause}")
    window = f"the {window_days}-day window" if window_days else "the window"
    parts = [
        ("New engagers", [f"{_who(g.person_id, g.name)} (score {g.score})" for g in c.new]),
        (
            f"Aged out of {window}",
            [
                f"{_who(a.person_id, a.name)} {_did(a.kinds)} (the last on {a.last:%Y-%m-%d})"
                for a in c.aged_out
            ],
        ),
        (
            "Engagers whose own score moved",
            [f"{_who(m.person_id, m.name)} {m.before} → {m.after}" for m in c.moved],
        ),
    ]
    for label, items in parts:
        if items:
            more = f" and {len(items) - SHOWN:,} more" if len(items) > SHOWN else ""
            _line(f"  {label}: {'; '.join(items[:SHOWN])}{more}.")


def _who(person_id: str, name: str | None) -> str:
    return f"{name} ({person_id})" if name else person_id


def _verb(kind: str) -> str:
    """``SHARED`` as "shared", ``REPLIED_TO`` as "replied", ``COMMENTED_ON`` as "commented"."""
    return kind.lower().removesuffix("_to").removesuffix("_on").replace("_", " ")


def _did(kinds: dict[str, float]) -> str:
    """``shared twice, liked once``."""
    return ", ".join(f"{_verb(kind)} {_times(n)}" for kind, n in kinds.items())


def _times(count: float) -> str:
    return {1.0: "once", 2.0: "twice"}.get(count, f"{count:g} times")


def _share(share: float) -> str:
    """A share rounded for reading: 62%, 2.4%, <0.1%."""
    if share >= 0.095 or share == 0:
        return f"{share:.0%}"
    return f"{share:.1%}" if share >= 0.0005 else "<0.1%"


def _span(first: datetime, last: datetime) -> str:
    a, b = f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"
    return a if a == b else f"{a} to {b}"


@output.options
def history(
    shown: output.Output,
    ctx: typer.Context,
    person: Person,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the history as a PNG chart.", show_default=False)
    ] = None,
) -> None:
    """A person's score in every scoring run: a table, a sparkline, and a PNG chart on request.

    Example: clout history @alice --plot alice.png
    """
    from clout.analyst.timeline import history as person_history

    with reading(ctx) as db:
        found = person_history(db, person)
    if plot is not None:
        from clout.analyst.charts import history_png

        history_png(found, plot)
        if not shown.quiet:
            err.print(f"Wrote the chart to {plot}.", highlight=False, markup=False)
    rows = [{**vars(p), "as_of": p.as_of.isoformat()} for p in found.points]
    if shown.format is not output.Format.table:
        columns = [*HISTORY_COLUMNS, *output.spread(rows, "networks", "score_")]
        shown.emit(rows, columns, document=_history_json(found, rows))
        return
    from clout.analyst.timeline import sparkline

    _line(found.person.label)
    output.table(rows, HISTORY_TABLE)
    scores = found.scores
    _line(f"{sparkline(scores)}  {scores[0]} → {scores[-1]}")


def _history_json(h: History, rows: list[dict[str, Any]]) -> dict[str, object]:
    return {"person_id": h.person.person_id, "name": h.person.name, "history": rows}


HISTORY_COLUMNS = [
    Column("run_id"),
    Column("as_of"),
    Column("score"),
    Column("score_percentile"),
    Column("score_raw"),
]
HISTORY_TABLE = [
    Column("run_id", "run"),
    Column("as_of", "as of", show=lambda v: v[:10]),
    Column("score", right=True),
    Column(
        "score_percentile", "percentile", right=True, show=lambda v: "" if v is None else f"{v:.1f}"
    ),
    Column("networks", show=lambda n: ", ".join(f"{k} {v}" for k, v in n.items())),
]
