"""``clout score`` and ``clout calibrate``: influence scores 1-100, runs and history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from clout.cli._common import err, out, parse_time, print_json, settings
from clout.cli.progress import ScoringBars
from clout.db import connect
from clout.scoring import config as scoring_config
from clout.scoring import runs

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", show_default=False,
        help="Score the window ending at this ISO time [default: the newest interaction].",
    ),
]  # fmt: skip
WindowDays = Annotated[
    int | None,
    typer.Option("--window-days", min=1, show_default=False, help="Window length [default: 90]."),
]
Network = Annotated[
    str | None, typer.Option("--network", show_default=False, help="Only this network.")
]
Algorithm = Annotated[
    str | None,
    typer.Option(
        "--algorithm", show_default=False, help="pagerank or articlerank [default: pagerank]."
    ),
]


def _as_of(value: str | None) -> datetime | None:
    return parse_time(value, "--as-of", "2024-06-30")


def score(
    ctx: typer.Context,
    as_of: AsOf = None,
    window_days: WindowDays = None,
    network: Network = None,
    algorithm: Algorithm = None,
    backfill_days: Annotated[
        int, typer.Option("--backfill-days", min=0, help="Also score each of the D days before.")
    ] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Clear a scoring lock left by a process that died.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable summary.")] = False,
) -> None:
    """Score every person 1-100 from the interactions in the window; record the run.

    Example: clout score --window-days 90 --backfill-days 30
    """
    request = runs.ScoreRequest(
        as_of=_as_of(as_of), window_days=window_days, network=network, algorithm=algorithm,
        backfill_days=backfill_days, force=force,
    )  # fmt: skip
    bars = ScoringBars(json_ or ctx.find_root().params.get("quiet", False))
    try:
        with connect(settings(ctx)) as db:
            results = runs.score(db, scoring_config.load(), request, progress=bars)
    finally:
        bars.close()
    if json_:
        print_json([r.as_dict() for r in results])
        return
    out.print(_summary(results))
    for drift in {r.drift for r in results if r.drift}:
        err.print(f"Warning: {drift}", markup=False, highlight=False)


def _summary(results: list[runs.RunResult]) -> Table:
    table = Table(title="scoring runs", title_justify="left")
    for column in ("run", "as of", "scored", "interactions", "mean", "p95", "seconds"):
        table.add_column(column, justify="left" if column in ("run", "as of") else "right")
    for r in results:
        phases = " ".join(f"{k}={v:.1f}" for k, v in r.seconds.items() if k != "total")
        table.add_row(
            r.run_id, f"{r.as_of:%Y-%m-%d %H:%M}", f"{r.scored:,}", f"{r.interactions:,}",
            f"{r.mean:.1f}", f"{r.p95:.1f}", f"{r.seconds.get('total', 0):.1f} ({phases})",
        )  # fmt: skip
    return table


def calibrate(
    ctx: typer.Context,
    as_of: AsOf = None,
    window_days: WindowDays = None,
    network: Network = None,
    algorithm: Algorithm = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Refit the raw-to-score map on the window's population and store it as a new version.

    Later `clout score` runs use it. Example: clout calibrate
    """
    request = runs.ScoreRequest(
        as_of=_as_of(as_of), window_days=window_days, network=network, algorithm=algorithm
    )
    with connect(settings(ctx)) as db:
        fitted = runs.recalibrate(db, scoring_config.load(), request)
    if json_:
        print_json(fitted)
    else:
        out.print(
            f"calibration {fitted['version']}: fitted on {fitted['population']:,} people "
            f"(mean {fitted['mean']:.1f}, 95th percentile {fitted['p95']:.1f})",
            highlight=False,
        )
