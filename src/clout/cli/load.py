"""``clout load``: interactions and identity files into the graph."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from clout import config
from clout.cli._common import err, out, print_json, quiet_mode, settings
from clout.cli.bars import phase_bars
from clout.errors import CloutError
from clout.loader import LoadOptions, run_load, run_load_accounts
from clout.loader.interactions import run_dedupe
from clout.loader.model import Columns
from clout.loader.validate import parse_type_map

app = typer.Typer(help="Load interactions and identities into the graph.", no_args_is_help=True)
# The exit status of a load that finished but rejected rows, with --strict.
STRICT_EXIT = 3


class Format(StrEnum):
    """The formats of ``clout load interactions --format``."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    snap = "snap"
    konect = "konect"
    gml = "gml"
    stackexchange = "stackexchange"


class OnError(StrEnum):
    """What a bad row does: ``fail`` loads nothing, ``skip`` loads the good rows."""

    fail = "fail"
    skip = "skip"


class AccountsFormat(StrEnum):
    """The formats of ``clout load accounts --format``."""

    csv = "csv"
    same_ids = "same-ids"


class RowsRejected(CloutError):
    """A ``--strict`` load rejected rows (it loaded the others)."""

    exit_code = STRICT_EXIT


def _col(field: str) -> Any:
    return typer.Option(show_default=False, help=f"Input column holding {field}.")


@app.command("interactions")
def interactions(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV, JSON Lines, Parquet, SNAP edge list, KONECT out.* file, GML or Posts.xml."
        ),
    ],
    network: Annotated[str | None, typer.Option(help="Network of rows that name none.")] = None,
    format_: Annotated[
        Format | None,
        typer.Option(
            "--format",
            show_default=False,
            help="The file's format [default: by suffix, .gz looked through; out.* is konect].",
        ),
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="One interaction type for every row.")
    ] = None,
    type_map: Annotated[
        list[str] | None,
        typer.Option(
            "--type-map",
            metavar="VALUE=TYPE",
            show_default=False,
            help="Read this value of the type column as TYPE, e.g. 1=retweet (repeatable; "
            "other values go through the aliases).",
        ),
    ] = None,
    time: Annotated[
        str | None, typer.Option(help="Timestamp for files without one (ISO-8601 or Unix s).")
    ] = None,
    actor_col: Annotated[str | None, _col("the actor")] = None,
    target_col: Annotated[str | None, _col("the account credited")] = None,
    type_col: Annotated[str | None, _col("the interaction type")] = None,
    time_col: Annotated[str | None, _col("the timestamp")] = None,
    count_col: Annotated[str | None, _col("the count")] = None,
    network_col: Annotated[str | None, _col("the network")] = None,
    event_col: Annotated[str | None, _col("the event id")] = None,
    topics_col: Annotated[str | None, _col("the ;-separated topics")] = None,
    on_error: Annotated[
        OnError,
        typer.Option(help="fail: load nothing and list the bad rows; skip: load the good rows."),
    ] = OnError.fail,
    rejects: Annotated[
        Path | None,
        typer.Option(
            help="With --on-error skip: write rejected rows here (CSV: file, line, field, "
            "reason, row)."
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=f"With --on-error skip: exit with status {STRICT_EXIT} when rows were rejected.",
        ),
    ] = False,
    bulk: Annotated[
        bool, typer.Option("--bulk", help="First load into an EMPTY managed database (offline).")
    ] = False,
    log_dir: Annotated[
        Path | None,
        typer.Option(
            "--log",
            metavar="DIR",
            help="Also append the file's events to the Parquet event log in DIR (for "
            "`clout score --engine spark --events DIR`).",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.")] = 20_000,
    keep_event_ids: Annotated[
        bool,
        typer.Option(
            "--keep-event-ids",
            help="Also store each event id's text (event_id); by default only its 64-bit key "
            "(eid) is stored, which `clout query event ID` finds.",
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Load an interactions file: actor, target, type, timestamp[, network, event_id, count,
    topics].

    Exit status: 0 loaded, 1 error (nothing loaded from the file), 3 loaded but rows were
    rejected (only with --strict).

    Example: clout load interactions messages.txt --type message --network college
    """
    default = Columns()
    columns = Columns(
        actor=actor_col or default.actor,
        target=target_col or default.target,
        type=None if type_ and not type_col else (type_col or default.type),
        timestamp=time_col or default.timestamp,
        network=network_col or default.network,
        event_id=event_col or default.event_id,
        count=count_col or default.count,
        topics=topics_col or default.topics,
    )
    options = LoadOptions(
        format=format_.value if format_ else None,
        network=network,
        kind=type_,
        type_map=parse_type_map(type_map or []),
        time=time,
        columns=columns,
        on_error=on_error.value,
        rejects=rejects,
        batch_size=batch_size,
        keep_event_ids=keep_event_ids,
    )
    kinds = config.load().kinds
    with phase_bars(quiet_mode()) as progress:
        summary = run_load(
            settings(ctx), file, options, kinds, bulk=bulk, progress=progress, log_dir=log_dir
        )
    _render(summary.as_dict(), json_)
    if strict and summary.rejected:
        where = f" (see {summary.rejects_file})" if summary.rejects_file else ""
        raise RowsRejected(
            f"{summary.rejected:,} rows were rejected{where}; the other rows were loaded "
            f"(--strict: exit status {STRICT_EXIT})"
        )


@app.command("dedupe")
def dedupe(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print what was removed as JSON.")] = False,
) -> None:
    """Remove interactions that repeat an event id (left by loads that ran at the same time
    before clout enforced unique event ids), keeping one of each; then event ids are unique.

    Example: clout load dedupe
    """
    removed = run_dedupe(settings(ctx), config.load().kinds)
    if json_:
        print_json(removed)
        return
    total = sum(removed.values())
    detail = ", ".join(f"{kind} {n:,}" for kind, n in removed.items() if n)
    err.print(
        f"removed {total:,} repeated interactions{f' ({detail})' if detail else ''}",
        markup=False,
        highlight=False,
    )


@app.command("accounts")
def accounts(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="person_id,network,handle[,name] CSV.")],
    format_: Annotated[
        AccountsFormat,
        typer.Option("--format", help="csv, or same-ids (one shared id per line)."),
    ] = AccountsFormat.csv,
    networks: Annotated[
        str | None, typer.Option(help="With same-ids: the networks, e.g. twitter,foursquare.")
    ] = None,
    log_dir: Annotated[
        Path | None,
        typer.Option(
            "--log",
            metavar="DIR",
            help="Also rewrite the accounts of the Parquet event log in DIR, so that `clout "
            "score --engine spark --events DIR` sees the merged people.",
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Link accounts to people from an identity file (re-links automatic owners).

    Example: clout load accounts people.csv
    """
    names = [n.strip() for n in networks.split(",")] if networks else None
    summary = run_load_accounts(settings(ctx), file, format_.value, names, log_dir)
    _render(vars(summary), json_)


# Counts shown in the one-line summary only when not zero.
QUIET_ZEROS = frozenset({"duplicates"})


def _render(data: dict[str, Any], json_: bool) -> None:
    if json_:
        print_json(data)
        return
    shown = ", ".join(
        f"{k.replace('_', ' ')} {v:,}" if isinstance(v, int) else f"{k} {v:.1f}"
        for k, v in data.items()
        if isinstance(v, int | float)
        and not isinstance(v, bool)
        and v is not None
        and (v or k not in QUIET_ZEROS)
    )
    out.print(f"{data['file']}: {shown}", markup=False, highlight=False)
    for note in data.get("notes", []):
        out.print(f"note: {note}", markup=False, highlight=False)
