"""``clout migrate``: bring a database loaded by an earlier clout to the current record."""

from __future__ import annotations

from typing import Annotated

import typer

from clout.cli import output
from clout.cli._common import err, print_json, quiet_mode, settings
from clout.cli.bars import phase_bars


def migrate(
    ctx: typer.Context,
    keep_event_ids: Annotated[
        bool,
        typer.Option(
            "--keep-event-ids",
            help="Keep each interaction's event id text (event_id) beside its key (eid).",
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
    quiet: output.Quiet = False,
) -> None:
    """Rewrite the interactions of a database loaded by an earlier clout as lean records (times
    as epoch seconds, event ids as 64-bit keys) and record the version; nothing to do on a
    current database. Safe to interrupt and run again.

    Example: clout migrate
    """
    from pathlib import Path

    from clout import config
    from clout.connection import connect
    from clout.loader import guard
    from clout.loader.migrate import migrate as run

    kinds = config.load().kinds
    quiet = quiet_mode(quiet)
    with (
        connect(settings(ctx)) as db,
        guard.loading(db, Path("(migrate)")),
        phase_bars(quiet or json_) as progress,
    ):
        summary = run(db, kinds, keep_event_ids, progress)
    if json_:
        print_json(summary.as_dict())
        return
    if quiet:
        return
    moved = sum(summary.migrated.values())
    if summary.before == summary.after:
        message = f"the database holds record {summary.after} already: nothing to do"
    else:
        message = (
            f"migrated {moved:,} interactions to record {summary.after} in {summary.seconds:.1f} s"
        )
    err.print(message, markup=False, highlight=False)
