"""``clout top`` and ``clout export``: ranked influencer lists."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from clout.analyst.export import export as export_to
from clout.analyst.export import export_file
from clout.analyst.ranking import Ranked, Selection
from clout.analyst.ranking import top as top_list
from clout.cli._common import err, out, print_json, settings
from clout.db import connect
from clout.errors import InputError

Limit = Annotated[int | None, typer.Option(min=1, help="At most N people.", show_default=False)]
Network = Annotated[
    str | None, typer.Option(help="Rank by this network's sub-score.", show_default=False)
]
Topic = Annotated[str | None, typer.Option(help="Rank by this topic's score.", show_default=False)]


class Format(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


MinScore = Annotated[
    int, typer.Option(min=1, max=100, help="Only scores >= S (of the ranking score).")
]


def top(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="At most N people.")] = 20,
    network: Network = None,
    topic: Topic = None,
    min_score: MinScore = 1,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The most influential people of the latest scoring run, best first.

    Example: clout top --limit 10 --network twitter
    """
    selection = Selection(limit=limit, network=network, topic=topic, min_score=min_score)
    with connect(settings(ctx)) as db:
        rows = top_list(db, selection)
    if json_:
        print_json([_json(r, topic is not None) for r in rows])
    elif rows:
        out.print(_table(rows, topic))
    if not rows:
        err.print(f"Nobody has a score of at least {min_score} here.", highlight=False)


def _json(row: Ranked, topic: bool) -> dict[str, object]:
    keys = ["rank", "person_id", "name", "score", "score_raw", "score_percentile", "networks"]
    return {k: getattr(row, k) for k in keys} | ({"topic_score": row.topic_score} if topic else {})


def _table(rows: list[Ranked], topic: str | None) -> Table:
    table = Table(box=None, header_style="bold")
    for name in ("rank", "name", "person_id", "score", "percentile", "raw"):
        table.add_column(name, justify="right" if name in {"rank", "score"} else "left")
    if topic:
        table.add_column(f"topic {topic}", justify="right")
    table.add_column("networks")
    for r in rows:
        networks = ", ".join(f"{n} {s}" for n, s in r.networks.items() if s is not None)
        pct = "" if r.score_percentile is None else f"{r.score_percentile:.1f}"
        extra = [str(r.topic_score)] if topic else []
        cells = [str(r.rank), r.name or "", r.person_id, str(r.score), pct, f"{r.score_raw:.4g}"]
        table.add_row(*cells, *extra, networks)
    return table


def export(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="File format.")] = Format.csv,
    limit: Limit = None,
    network: Network = None,
    topic: Topic = None,
    min_score: MinScore = 1,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE (atomically); else stdout."),
    ] = None,
) -> None:
    """Export an influencer list (CSV, JSON Lines or Parquet) with stable columns:
    rank, person_id, name, score, score_percentile, score_raw, [topic_score],
    score_<network> for each network, top_topics, handles.

    Example: clout export --format csv --limit 1000 -o influencers.csv
    """
    selection = Selection(limit=limit, network=network, topic=topic, min_score=min_score)
    if output is None and fmt is Format.parquet and sys.stdout.isatty():
        raise InputError("Parquet is binary; give -o FILE or redirect stdout to a file")
    with connect(settings(ctx)) as db:
        if output is None:
            count = export_to(db, selection, fmt.value, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            count = export_file(db, selection, fmt.value, output)
    where = f" to {output}" if output else ""
    err.print(f"Exported {count} people{where}.", highlight=False, markup=False)
