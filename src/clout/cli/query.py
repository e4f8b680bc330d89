"""``clout query``: the library of analyst Cypher queries (``src/clout/cypher/analyst``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from clout.analyst import queries
from clout.cli import output
from clout.cli._common import CloutGroup, err, print_json, reading
from clout.cli.output import Column

app = typer.Typer(
    cls=CloutGroup,
    no_args_is_help=True,
    help="The library of analyst Cypher queries: list, show and run them.",
    rich_markup_mode=None,
)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command("list")
def list_(json_: Json = False) -> None:
    """List the queries with their purpose.

    Example: clout query list
    """
    found = [queries.get(name) for name in queries.names()]
    if json_:
        print_json(
            [{"name": q.name, "purpose": q.purpose, "parameters": q.examples} for q in found]
        )
        return
    output.table(
        [{"name": q.name, "purpose": q.summary} for q in found], [Column("name"), Column("purpose")]
    )


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="The query's name.")]) -> None:
    """Print a query's Cypher (runnable as it is in Neo4j Browser after its :param lines).

    Example: clout query show top_influencers
    """
    typer.echo(queries.get(name).text, nl=False)


@app.command("run")
@output.options
def run(
    shown: output.Output,
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The query's name.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (JSON values: 5, true, null, [1])."),
    ] = None,
) -> None:
    """Run a query; parameters not given take the example values of its header (the model's
    kind weights come from the scoring configuration).

    Example: clout query run top_by_network --param network=twitter --param limit=5
    """
    from clout import config

    params = dict(queries.parse_param(p) for p in param or [])
    model = queries.model_values(config.load().scoring)
    with reading(ctx) as db:
        found = queries.run(db, name, params, model)
    _emit(shown, found, "The query returned no rows.")


def _native(value: Any) -> Any:
    """Driver values (dates and times) as JSON-ready ones; lists and maps looked through."""
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else value


@app.command("event")
@output.options
def event(
    shown: output.Output,
    ctx: typer.Context,
    event_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The event id as loaded, <network>:<id> (e.g. twitter:1234), or eid:<key> as "
            "`clout show` prints it.",
        ),
    ],
) -> None:
    """Find an interaction by its event id: who did what to whom, when, how often, on which
    topics (ids are stored as 64-bit keys; the text too with `load --keep-event-ids`).

    Example: clout query event twitter:1234
    """
    from clout import config

    kinds = config.load().kinds
    with reading(ctx) as db:
        found = queries.find_event(db, kinds, event_id)
    _emit(shown, found, f"No interaction has the event id {event_id}.")


def _emit(shown: output.Output, found: list[dict[str, Any]], empty: str) -> None:
    """Query rows as ``shown`` asks; ``empty`` on stderr when there are none."""
    rows = [{k: _native(v) for k, v in row.items()} for row in found]
    shown.emit(rows, [Column(key) for key in rows[0]] if rows else [])
    if not rows and not shown.quiet:
        err.print(empty, highlight=False)
