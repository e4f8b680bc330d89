"""``clout top`` and ``clout export``: ranked influencer lists."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clout.cli import output
from clout.cli._common import err, quiet_mode, reading
from clout.cli.output import Column
from clout.errors import InputError

if TYPE_CHECKING:
    from clout.analyst.ranking import Ranked

Limit = Annotated[int | None, typer.Option(min=1, help="At most N people.", show_default=False)]
Network = Annotated[
    str | None,
    typer.Option(help="Rank by this network's sub-score (any case).", show_default=False),
]
Topic = Annotated[
    str | None, typer.Option(help="Rank by this topic's score (any case).", show_default=False)
]


class Format(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


MinScore = Annotated[
    int, typer.Option(min=1, max=100, help="Only scores >= S (of the ranking score).")
]


@output.options
def top(
    shown: output.Output,
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="At most N people.")] = 20,
    network: Network = None,
    topic: Topic = None,
    min_score: MinScore = 1,
) -> None:
    """The most influential people of the latest scoring run, best first.

    With --network the score and percentile columns are the network's (the list's ranking);
    "overall" is the overall score.

    Example: clout top --limit 10 --network twitter
    """
    from clout.analyst.ranking import Selection
    from clout.analyst.ranking import top as top_list

    selection = Selection(limit=limit, network=network, topic=topic, min_score=min_score)
    with reading(ctx) as db:
        rows = top_list(db, selection)
    records = [_record(r, selection.network, topic is not None) for r in rows]
    shown.emit(
        records,
        _columns(records, selection.network, topic),
        table_columns=_table(selection.network, topic),
    )
    if not rows and not shown.quiet:
        err.print(f"Nobody has a score of at least {min_score} here.", highlight=False)


def _record(row: Ranked, network: str | None, topic: bool) -> dict[str, Any]:
    """One ``clout top --json`` object."""
    keys = ["rank", "person_id", "name", "score", "score_raw", "score_percentile", "networks"]
    record: dict[str, Any] = {k: getattr(row, k) for k in keys}
    if topic:
        record["topic_score"] = row.topic_score
    if network is not None:
        record |= {
            "network": network,
            "network_score": row.network_score,
            "network_percentile": row.network_percentile,
        }
    return record


def _columns(records: list[dict[str, Any]], network: str | None, topic: str | None) -> list[Column]:
    """CSV/TSV: the JSON fields, with one ``score_<network>`` column per network listed."""
    return [
        *(Column(k) for k in ("rank", "person_id", "name", "score", "score_percentile")),
        Column("score_raw"),
        *([Column("topic_score")] if topic else []),
        *(
            [Column("network"), Column("network_score"), Column("network_percentile")]
            if network
            else []
        ),
        *output.spread(records, "networks", "score_"),
    ]


def _table(network: str | None, topic: str | None) -> list[Column]:
    """The terminal table: with a network, its score and percentile in those columns."""
    score, pct = "score", "score_percentile"
    if network:
        score, pct = "network_score", "network_percentile"
    columns = [
        Column("rank", right=True),
        Column("name"),
        Column("person_id"),
        Column(score, "score", right=True),
        Column(pct, "percentile", show=_percent, right=True),
    ]
    if network:
        columns.append(Column("score", "overall", right=True))
    else:
        columns.append(Column("score_raw", "raw", right=True))
    if topic:
        columns.append(Column("topic_score", f"topic {topic}", right=True))
    columns.append(Column("networks", show=networks_text))
    return columns


def networks_text(networks: dict[str, int | None]) -> str:
    """``mastodon 45, twitter 70`` (networks where the person has no sub-score left out)."""
    return ", ".join(f"{n} {s}" for n, s in networks.items() if s is not None)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", case_sensitive=False, help="File format.")
    ] = Format.csv,
    limit: Limit = None,
    network: Network = None,
    topic: Topic = None,
    min_score: MinScore = 1,
    output_: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            help="Write to FILE (a new or regular file, replaced only by a complete export); "
            "else stdout.",
        ),
    ] = None,
    quiet: output.Quiet = False,
) -> None:
    """Export an influencer list (CSV, JSON Lines or Parquet) with stable columns:
    rank, person_id, name, score, score_percentile, score_raw, [topic_score],
    score_<network> for each network, top_topics, handles.

    Example: clout export --format csv --limit 1000 -o influencers.csv

    `clout export interactions` writes the event log instead (see its --help).
    """
    if ctx.invoked_subcommand is not None:
        return
    from clout.analyst.export import export as export_to
    from clout.analyst.export import export_file
    from clout.analyst.files import check_target
    from clout.analyst.ranking import Selection

    selection = Selection(limit=limit, network=network, topic=topic, min_score=min_score)
    if output_ is None and fmt is Format.parquet and sys.stdout.isatty():
        raise InputError("Parquet is binary; give -o FILE or redirect stdout to a file")
    if output_ is not None:
        check_target(output_)  # before connecting: a bad path fails at once
    with reading(ctx) as db:
        if output_ is None:
            count = export_to(db, selection, fmt.value, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            count = export_file(db, selection, fmt.value, output_)
    if not quiet_mode(quiet):
        where = f" to {output_}" if output_ else ""
        err.print(f"Exported {count} people{where}.", highlight=False, markup=False)
