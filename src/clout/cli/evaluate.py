"""``clout evaluate``: evidence that the score measures influence (backtest, gaming, stability)."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from clout import config
from clout.cli._common import out, parse_time, print_json, quiet_mode, settings
from clout.cli.bars import step_bar
from clout.connection import connect
from clout.errors import InputError
from clout.evaluate import backtest, gaming, stability, suite

SET_NAMES = [s.name for s in suite.SETS]
LABELS = {
    "clout": "clout score",
    "received": "interactions received, weighted (baseline)",
    "engagers": "distinct engagers (baseline)",
    "recent": "received in the last 30 days (baseline)",
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
    for column in ("Spearman", f"NDCG@{result.k}", f"precision@{result.k}", "top decile"):
        table.add_column(column, justify="right")
    for name, values in result.metrics.items():
        table.add_row(
            LABELS[name],
            _fmt(values["spearman"]),
            _fmt(values["ndcg"]),
            _fmt(values["precision"]),
            _fmt(values["top_decile"]),
        )
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
    suite_: Annotated[
        bool,
        typer.Option(
            "--suite",
            help="Instead: the backtest at 11 cutoffs and the like-farms on every real set, "
            "each in a scratch database of its own, as one leaderboard.",
        ),
    ] = False,
    sets: Annotated[
        str | None,
        typer.Option(
            "--sets",
            show_default=False,
            help=f"With --suite: only these sets, comma-separated ({', '.join(SET_NAMES)}).",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data",
            show_default=False,
            help="With --suite: the folder of the real sets [default: $CLOUT_SHARED_DATA, else "
            "../shared/data].",
        ),
    ] = None,
    keep: Annotated[
        bool,
        typer.Option("--keep", help="With --suite: keep the scratch databases for a rerun."),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Backtest the score: does it predict the engagement people receive next?

    Scores the world as of the cutoff without touching the live scores, then compares the
    ranking of everybody who received an interaction in the window with the interactions each
    receives in (cutoff, cutoff + horizon]: Spearman, NDCG@100, precision@100 and the top
    decile's mean, next to four baselines over the same window (interactions received,
    distinct people who engaged, interactions received in the window's last 30 days,
    unweighted PageRank).

    --gaming and --stability plant like-farms or unrelated people on a reserved network
    (clout_eval) in the same database, rescore with the scoring library without writing
    scores, and delete everything they planted afterwards, also on failure.

    --suite runs the backtest at 11 cutoffs and the like-farms on every real timestamped set
    (Twitter15/16, Weibo, MathOverflow, AskUbuntu, Digg; and CollegeMsg, Enron, the quantum
    Stack Exchange), each loaded into an empty scratch database of clout's managed server
    (your own database is not touched); --json then prints one row per set, cutoff and
    method: set, cutoff, method, spearman, ndcg_at_100, top_decile_future, farm_gain.

    Example: clout evaluate --cutoff 2004-06-01 --horizon-days 30 --json
    """
    if suite_:
        _suite(ctx, sets, data_dir, keep, json_)
        return
    cfg, at = config.load(), _cutoff(cutoff)
    data: dict[str, Any] = {}
    with connect(settings(ctx), schema=True) as db:
        result = backtest.backtest(db, cfg.scoring, at, horizon_days, window_days)
        data["backtest"] = result.as_dict()
        if gaming_:
            data["gaming"] = [f.as_dict() for f in gaming.gaming(db, cfg)]
        if stability_:
            data["stability"] = {
                "growth": stability.growth(db, cfg),
                "daily": stability.daily(db, cfg),
            }
    if json_:
        print_json(data)
        return
    out.print(_backtest_table(result))
    if gaming_:
        out.print(_gaming_table(data["gaming"]))
    if stability_:
        out.print(_stability_table(data["stability"]))


def _gaming_table(rows: list[dict[str, Any]]) -> Table:
    median = f"{rows[0]['median']:.0f}" if rows else "n/a"
    table = Table(
        title=f"like-farms: the beneficiary's gain in points by each method (clout's "
        f"population median {median})",
        title_justify="left",
    )
    methods = list(rows[0]["gains"]) if rows else []
    for column in ("farm", "likes", "best member", "beneficiary", *methods):
        table.add_column(column, justify="left" if column == "farm" else "right")
    for r in rows:
        table.add_row(
            gaming.Attack(r["size"], r["seeds"]).label,
            f"{r['interactions']:,}",
            str(r["best_member"]),
            f"{r['beneficiary_before']}->{r['beneficiary_after']}",
            *(f"{r['gains'][m]:+d}" for m in methods),
        )
    return table


def _suite(
    ctx: typer.Context, names: str | None, data: Path | None, keep: bool, json_: bool
) -> None:
    if settings(ctx).uri is not None:
        raise InputError(
            "--suite loads each set into a scratch database of clout's managed server; "
            "unset NEO4J_URI (your database is not touched)"
        )
    cfg = config.load()
    chosen = suite.chosen([n.strip() for n in names.split(",") if n.strip()] if names else None)
    folder = suite.data_dir(data)
    home = scratch_home()
    steps = sum(len(s.sources) + len(suite.CUTOFF_SHARES) for s in chosen)
    results = []
    with step_bar(steps, quiet_mode()) as step:
        for real in chosen:
            results.append(suite.database_rows(real, folder, cfg, home, keep, step))
    if json_:
        print_json([row.as_dict() for r in results for row in r.rows])
        return
    out.print(_leaderboard(results))
    for r in results:
        out.print(_gaming_table([f.as_dict() for f in r.farms]))


def scratch_home() -> Path:
    """Where the suite's scratch servers live: CLOUT_HOME/evaluate-suite."""
    from clout.server.paths import ServerPaths

    return ServerPaths.from_env().home / "evaluate-suite"


def _leaderboard(results: list[suite.SetResult]) -> Table:
    table = Table(
        title="clout vs counting on real data: means over each set's cutoffs (farm: the "
        "largest gain any like-farm gave its beneficiary)",
        title_justify="left",
    )
    for column in ("set", "method", "Spearman", "NDCG@100", "top decile", "farm gain"):
        table.add_column(column, justify="left" if column in ("set", "method") else "right")
    for r in results:
        found = suite.means(r.rows)
        gains = {row.method: row.farm_gain for row in r.rows if row.farm_gain is not None}
        for method, values in found.items():
            table.add_row(
                r.name if method == "clout" else "",
                method,
                _fmt(values["spearman"]),
                _fmt(values["ndcg_at_100"]),
                f"{values['top_decile_future']:.2f}",
                f"{gains[method]:+d}" if method in gains else "n/a",
            )
        table.add_row(
            "",
            "clout vs the best baseline",
            *(_margin(c) for c in suite.cells(r.rows)),
            "",
            end_section=True,
        )
    return table


def _margin(cell: suite.Cell) -> str:
    """Spearman's difference or the relative difference, and the baseline it is against."""
    value = f"{cell.margin:+.3f}" if cell.metric == "spearman" else f"{cell.margin:+.1%}"
    return f"{value} ({cell.best_method}){'' if cell.holds else ' behind'}"


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
    table.add_row(
        f"day to day ({d['days']} days)", f"{d['median']:g}", f"{d['p95']:g}", f"{d['max']:g}"
    )
    table.add_row(
        "day to day, people scored on both days",
        f"{c['median']:g}",
        f"{c['p95']:g}",
        f"{c['max']:g}",
    )
    return table
