"""``clout demo``: the main job on built-in demo data."""

from __future__ import annotations

import time

import typer
from rich.table import Table

from clout import demo as demo_lib
from clout.cli._common import err, out, settings
from clout.cli.progress import ScoringBars, phase_bars
from clout.db import connect
from clout.server.paths import ServerPaths


def demo(ctx: typer.Context) -> None:
    """Generate a seeded world (10,000 people, 300,000 interactions, 3 networks, 120 days, one
    like-farm), load it, score it with a 30-day daily backfill, and show the results: the top
    20, each topic's three leaders, the like-farm's outcome.

    Uses the managed server unless NEO4J_URI is set; afterwards `clout top`, `clout show`,
    `clout history` and `clout report` work on the demo world.

    Example: clout demo
    """
    started = time.monotonic()
    quiet = bool(ctx.find_root().params.get("quiet", False))
    bars = ScoringBars(quiet)
    with connect(settings(ctx)) as db, phase_bars(quiet) as load_progress:
        try:
            result = demo_lib.run(
                db, ServerPaths.from_env().home, load_progress, bars,
                log=lambda line: err.print(line, markup=False, highlight=False),
            )  # fmt: skip
        finally:
            bars.close()
    _print(result)
    err.print(
        f"demo finished in {time.monotonic() - started:.0f} s; try `clout show "
        f"{result.top[0].person_id}` or `clout report`",
        markup=False,
        highlight=False,
    )


def _print(result: demo_lib.DemoResult) -> None:
    table = Table(title="top 20 influencers", title_justify="left")
    for column in ("rank", "person", "score", "percentile", "networks"):
        table.add_column(column, justify="right" if column in ("rank", "score") else "left")
    for r in result.top:
        networks = " ".join(f"{n}:{s}" for n, s in sorted(r.networks.items()) if s)
        pct = f"{r.score_percentile:.1f}" if r.score_percentile is not None else ""
        table.add_row(str(r.rank), r.name or r.person_id, str(r.score), pct, networks)
    out.print(table)
    last = result.runs[-1]
    out.print(
        f"{len(result.runs)} runs (30-day daily backfill); latest as of {last.as_of:%Y-%m-%d}: "
        f"{last.scored:,} people scored from {last.interactions:,} interactions, "
        f"mean {last.mean:.1f}, 95th percentile {last.p95:.1f}",
        highlight=False,
    )
    if result.topic_leaders:
        leaders = Table(title="topic leaders (topic score)", title_justify="left")
        leaders.add_column("topic")
        for place in range(1, demo_lib.TOPIC_LEADERS + 1):
            leaders.add_column(f"#{place}")
        for topic, ranked in result.topic_leaders.items():
            names = [f"{r.name or r.person_id} ({r.topic_score})" for r in ranked]
            leaders.add_row(topic, *names, *[""] * (demo_lib.TOPIC_LEADERS - len(names)))
        out.print(leaders)
    if result.farm:
        f = result.farm
        out.print(
            f"like-farm of {f.members} accounts: best member score {f.members_best} "
            f"(population median {f.population_median:.0f}); beneficiary {f.beneficiary} "
            f"scores {f.beneficiary_score}",
            highlight=False,
        )
