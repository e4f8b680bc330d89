"""``clout export``: the influencer list (``clout.cli.ranking.export``), and ``clout export
interactions``: the event log the Spark engine reads."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from clout.cli import output
from clout.cli._common import err, print_json, quiet_mode, settings
from clout.cli.ranking import export

app = typer.Typer(no_args_is_help=False, rich_markup_mode=None)
app.callback(invoke_without_command=True)(export)


class LogFormat(StrEnum):
    parquet = "parquet"


@app.command("interactions")
def interactions(
    ctx: typer.Context,
    output_: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The log folder (its events/ and accounts/ are replaced)."
        ),
    ],
    fmt: Annotated[
        LogFormat, typer.Option("--format", "-f", case_sensitive=False, help="Log format.")
    ] = LogFormat.parquet,
    json_: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    quiet: output.Quiet = False,
) -> None:
    """Write every interaction to an event log in Parquet, partitioned by day
    (DIR/events/day=YYYY-MM-DD/), with every account and its owner in DIR/accounts/: what
    `clout score --engine spark --events DIR` reads.

    Example: clout export interactions --format parquet -o events
    """
    from clout import config
    from clout.connection import connect
    from clout.spark import log as event_log

    kinds = list(config.load().scoring.kind_weights)
    with connect(settings(ctx)) as db:
        counts = event_log.export(db, output_, kinds)
    if json_:
        print_json(counts)
    elif not quiet_mode(quiet):
        err.print(
            f"Wrote {counts['events']:,} interactions over {counts['days']:,} days and "
            f"{counts['accounts']:,} accounts to {output_}.",
            highlight=False,
            markup=False,
        )
