"""``clout runs``: the scoring runs, for people and for scripts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from clout.cli import output
from clout.cli._common import err, settings
from clout.cli.output import Column


class Status(StrEnum):
    done = "done"
    failed = "failed"
    running = "running"


@output.options
def runs(
    shown: output.Output,
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="At most N runs.")] = 20,
    status: Annotated[
        Status | None,
        typer.Option(case_sensitive=False, show_default=False, help="Only runs in this state."),
    ] = None,
) -> None:
    """The scoring runs, newest first: when each describes, its window, how many people it
    scored, its score distribution, and whether it failed (the live run is marked).

    Example: clout runs --status failed --json
    """
    from clout.analyst.run_lookup import listing
    from clout.connection import connect

    with connect(settings(ctx)) as db:
        rows = listing(db, limit, status.value if status else None)
    records = [{k: _json(v) for k, v in row.items()} for row in rows]
    shown.emit(records, [Column(key) for key in records[0]] if records else [], table_columns=TABLE)
    if not rows and not shown.quiet:
        err.print("No scoring runs yet; run `clout score`.", highlight=False, markup=False)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _when(value: str | None) -> str:
    return "" if value is None else value[:16].replace("T", " ")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


TABLE = [
    Column("run_id", "run"),
    Column("status"),
    Column("live", show=lambda live: "live" if live else ""),
    Column("as_of", "as of", show=_when),
    Column("window_days", "days", right=True),
    Column("network", show=lambda n: n or "all"),
    Column("algorithm"),
    Column("scored", right=True, show=lambda n: "" if n is None else f"{n:,}"),
    Column("mean", right=True, show=_number),
    Column("p95", right=True, show=_number),
    Column("seconds", right=True, show=_number),
    Column("error"),
]
