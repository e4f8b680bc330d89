"""``clout query``: the library of analyst Cypher queries (``src/clout/cypher/analyst``)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from clout.analyst import queries
from clout.cli._common import CloutGroup, err, out, print_json, settings
from clout.db import connect

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
    table = Table("name", "purpose", box=None, header_style="bold")
    for q in found:
        table.add_row(q.name, q.summary)
    out.print(table)


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="The query's name.")]) -> None:
    """Print a query's Cypher (runnable as it is in Neo4j Browser after its :param lines).

    Example: clout query show top_influencers
    """
    typer.echo(queries.get(name).text, nl=False)


@app.command("run")
def run(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The query's name.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (JSON values: 5, true, null, [1])."),
    ] = None,
    json_: Json = False,
) -> None:
    """Run a query; parameters not given take the example values of its header.

    Example: clout query run top_by_network --param network=twitter --param limit=5
    """
    params = dict(queries.parse_param(p) for p in param or [])
    with connect(settings(ctx)) as db:
        rows = queries.run(db, name, params)
    if json_:
        print_json(rows)
    elif rows:
        out.print(_table(rows))
    if not rows:
        err.print("The query returned no rows.", highlight=False)


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table(*rows[0], box=None, header_style="bold")
    for row in rows:
        table.add_row(*(_cell(v) for v in row.values()))
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)
