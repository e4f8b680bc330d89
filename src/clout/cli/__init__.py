"""The ``clout`` command: a thin Typer layer over the library, one file per command group."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from clout import __version__
from clout.cli import (
    demo,
    doctor,
    evaluate,
    generate,
    load,
    person,
    query,
    ranking,
    report,
    score,
    server,
)
from clout.cli._common import CloutGroup, configure_logging
from clout.settings import ConnectionSettings

app = typer.Typer(
    name="clout",
    cls=CloutGroup,
    help="Social-influence scores (1-100) on Neo4j + Graph Data Science.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clout {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    uri: Annotated[
        str | None,
        typer.Option(
            envvar="NEO4J_URI",
            show_default=False,
            help="Neo4j URI (neo4j://, neo4j+s://, bolt://). Unset: the managed local server.",
        ),
    ] = None,
    username: Annotated[
        str | None,
        typer.Option(
            envvar="NEO4J_USERNAME", show_default=False, help="Neo4j user [default: neo4j]."
        ),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            envvar="NEO4J_PASSWORD",
            show_default=False,
            show_envvar=False,
            help="Neo4j password (better: the NEO4J_PASSWORD environment variable).",
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            envvar="NEO4J_DATABASE", show_default=False, help="Database name [default: neo4j]."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log details to stderr.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Connection options apply to every command; the environment variables work the same."""
    configure_logging(verbose, quiet)
    ctx.obj = ConnectionSettings.from_env().with_overrides(uri, username, password, database)


app.add_typer(server.app, name="server")
app.command("doctor")(doctor.doctor)
app.command("demo")(demo.demo)
app.add_typer(load.app, name="load")
app.command("generate")(generate.generate_command)
app.command("score")(score.score)
app.command("calibrate")(score.calibrate)
app.command("top")(ranking.top)
app.command("show")(person.show)
app.command("history")(person.history)
app.command("export")(ranking.export)
app.command("report")(report.report)
app.command("evaluate")(evaluate.evaluate)
app.add_typer(query.app, name="query")


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (a service manager, `kill`) stops a command as Ctrl-C does: its clean-ups run
    # (a scoring run restores the previous scores, an evaluation removes what it planted).
    signal.signal(signal.SIGTERM, _interrupted)
    app()
