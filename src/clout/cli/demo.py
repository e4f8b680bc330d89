"""``clout demo``: the main job on built-in demo data."""

from __future__ import annotations

import time

import typer

from clout import config
from clout import demo as demo_lib
from clout.cli import output
from clout.cli._common import err, out, quiet_mode, settings
from clout.cli.bars import phase_bars, scoring_bars
from clout.cli.output import Column
from clout.connection import connect
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
    configured = config.load()
    quiet = quiet_mode()
    bars = scoring_bars(quiet)
    with connect(settings(ctx), schema=True) as db, phase_bars(quiet) as load_progress:
        try:
            result = demo_lib.run(
                db,
                configured,
                ServerPaths.from_env().home,
                load_progress,
                bars,
                log=lambda line: err.print(line, markup=False, highlight=False),
            )
        finally:
            bars.close()
    _print(result)
    err.print(
        f"demo finished in {time.monotonic() - started:.0f} s; try `clout show "
        f"{result.top[0].person_id}` or `clout report`",
        markup=False,
        highlight=False,
    )


TOP_COLUMNS = [
    Column("rank", right=True),
    Column("person"),
    Column("score", right=True),
    Column("percentile"),
    Column("networks"),
]


def _print(result: demo_lib.DemoResult) -> None:
    out.print("top 20 influencers", highlight=False)
    rows = [
        {
            "rank": r.rank,
            "person": r.name or r.person_id,
            "score": r.score,
            "percentile": "" if r.score_percentile is None else f"{r.score_percentile:.1f}",
            "networks": " ".join(f"{n}:{s}" for n, s in sorted(r.networks.items()) if s),
        }
        for r in result.top
    ]
    output.table(rows, TOP_COLUMNS)
    last = result.runs[-1]
    out.print(
        f"{len(result.runs)} runs (30-day daily backfill); latest as of {last.as_of:%Y-%m-%d}: "
        f"{last.scored:,} people scored from {last.interactions:,} interactions, "
        f"mean {last.mean:.1f}, 95th percentile {last.p95:.1f}",
        highlight=False,
    )
    if result.topic_leaders:
        out.print("topic leaders (topic score)", highlight=False)
        places = [f"#{place}" for place in range(1, demo_lib.TOPIC_LEADERS + 1)]
        leaders = [
            {"topic": topic}
            | dict(
                zip(
                    places,
                    [f"{r.name or r.person_id} ({r.topic_score})" for r in ranked],
                    strict=False,
                )
            )
            for topic, ranked in result.topic_leaders.items()
        ]
        output.table(leaders, [Column("topic"), *(Column(place) for place in places)])
    if result.farm:
        f = result.farm
        out.print(
            f"like-farm of {f.members} accounts: best member score {f.members_best} "
            f"(population median {f.population_median:.0f}); beneficiary {f.beneficiary} "
            f"scores {f.beneficiary_score}",
            highlight=False,
        )
