"""``clout evaluate``: evidence that the score measures influence (backtest, gaming, stability)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from clout.cli._common import out, print_json, settings
from clout.db import connect
from clout.errors import InputError
from clout.evaluate import backtest
from clout.scoring import config as scoring_config

LABELS = {
    "clout": "clout score",
    "received": "interactions received (baseline)",
    "engagers": "distinct engagers (baseline)",
    "pagerank": "unweighted PageRank (baseline)",
}


def _cutoff(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"--cutoff {value!r} is not an ISO date or time, e.g. 2004-08-01") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _backtest_table(result: backtest.Backtest) -> Table:
    title = (
        f"backtest at {result.cutoff:%Y-%m-%d %H:%M} UTC: {result.people:,} people in the "
        f"{result.window_days}-day window, {result.engaged_after:,} engaged in the next "
        f"{result.horizon_days} days"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("predictor")
    for column in ("Spearman", f"NDCG@{result.k}", f"precision@{result.k}"):
        table.add_column(column, justify="right")
    for name, values in result.metrics.items():
        table.add_row(
            LABELS[name], _fmt(values["spearman"]), _fmt(values["ndcg"]),
            _fmt(values["precision"]),
        )  # fmt: skip
    return table


def evaluate(
    ctx: typer.Context,
    cutoff: Annotated[
        str | None,
        typer.Option(
            "--cutoff",
            show_default=False,
            help="Score as of this ISO time and predict what follows [default: the moment by "
            "which 70% of the interactions had happened].",
        ),
    ] = None,
    horizon_days: Annotated[
        int, typer.Option("--horizon-days", min=1, help="Days after the cutoff to predict.")
    ] = 30,
    window_days: Annotated[
        int | None,
        typer.Option("--window-days", min=1, show_default=False, help="Window [default: 90]."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Backtest the score: does it predict the engagement people receive next?

    Scores the world as of the cutoff without touching the live scores, then compares the
    ranking with the interactions each person receives in (cutoff, cutoff + horizon]:
    Spearman, NDCG@100 and precision@100, next to three baselines over the same window
    (interactions received, distinct people who engaged, unweighted PageRank).

    Example: clout evaluate --cutoff 2004-06-01 --horizon-days 30 --json
    """
    cfg, at = scoring_config.load(), _cutoff(cutoff)
    with connect(settings(ctx)) as db:
        result = backtest.backtest(db, cfg, at, horizon_days, window_days)
    data: dict[str, Any] = {"backtest": result.as_dict()}
    if json_:
        print_json(data)
        return
    out.print(_backtest_table(result))
