"""``clout evaluate``: evidence that the score measures influence (backtest, gaming, stability)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from clout.cli._common import out, parse_time, print_json, settings
from clout.db import connect
from clout.evaluate import backtest, gaming, stability
from clout.scoring import config as scoring_config

LABELS = {
    "clout": "clout score",
    "received": "interactions received (baseline)",
    "engagers": "distinct engagers (baseline)",
    "pagerank": "unweighted PageRank (baseline)",
}


def _cutoff(value: str | None) -> datetime | None:
    return parse_time(value, "--cutoff", "2004-08-01")


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
    gaming_: Annotated[
        bool, typer.Option("--gaming", help="Also plant like-farms of 10, 50, 200 and rescore.")
    ] = False,
    stability_: Annotated[
        bool,
        typer.Option(
            "--stability", help="Also add unrelated people (10%, 50%) and measure daily change."
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Backtest the score: does it predict the engagement people receive next?

    Scores the world as of the cutoff without touching the live scores, then compares the
    ranking with the interactions each person receives in (cutoff, cutoff + horizon]:
    Spearman, NDCG@100 and precision@100, next to three baselines over the same window
    (interactions received, distinct people who engaged, unweighted PageRank).

    --gaming and --stability plant like-farms or unrelated people on a reserved network
    (clout_eval) in the same database, rescore with the scoring library without writing
    scores, and delete everything they planted afterwards, also on failure.

    Example: clout evaluate --cutoff 2004-06-01 --horizon-days 30 --json
    """
    cfg, at = scoring_config.load(), _cutoff(cutoff)
    data: dict[str, Any] = {}
    with connect(settings(ctx)) as db:
        result = backtest.backtest(db, cfg, at, horizon_days, window_days)
        data["backtest"] = result.as_dict()
        if gaming_:
            data["gaming"] = [f.as_dict() for f in gaming.gaming(db, cfg)]
        if stability_:
            data["stability"] = {
                "growth": stability.growth(db, cfg), "daily": stability.daily(db, cfg),
            }  # fmt: skip
    if json_:
        print_json(data)
        return
    out.print(_backtest_table(result))
    if gaming_:
        out.print(_gaming_table(data["gaming"]))
    if stability_:
        out.print(_stability_table(data["stability"]))


def _gaming_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="like-farms (scores 1-100)", title_justify="left")
    for column in ("farm size", "interactions", "best member", "beneficiary", "gain", "median"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(
            str(r["size"]), f"{r['interactions']:,}", str(r["best_member"]),
            f"{r['beneficiary_before']} -> {r['beneficiary_after']}", f"{r['gain']:+d}",
            f"{r['median']:.1f}",
        )  # fmt: skip
    return table


def _stability_table(data: dict[str, Any]) -> Table:
    table = Table(title="stability: |score change| of everybody else", title_justify="left")
    for column in ("change", "median", "p95", "max"):
        table.add_column(column, justify="left" if column == "change" else "right")
    for g in data["growth"]:
        for key in ("same_calibration", "refitted_calibration"):
            m = g[key]
            label = f"+{g['share']:.0%} people ({key.replace('_', ' ')})"
            table.add_row(label, f"{m['median']:g}", f"{m['p95']:g}", f"{m['max']:g}")
    d, c = data["daily"], data["daily"]["continuing"]
    table.add_row(f"day to day ({d['days']} days)", f"{d['median']:g}", f"{d['p95']:g}",
                  f"{d['max']:g}")  # fmt: skip
    table.add_row("day to day, people scored on both days", f"{c['median']:g}", f"{c['p95']:g}",
                  f"{c['max']:g}")  # fmt: skip
    return table
