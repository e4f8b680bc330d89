"""The ``clout`` command: a thin Typer layer over the library, one file per command group.

Each command's module is imported only when the command runs (:mod:`clout.cli._lazy`), so
``clout --help`` starts in a fraction of a second; ``COMMANDS`` lists them in ``--help`` order.
"""

from __future__ import annotations

import signal
from typing import Annotated, Any

import typer

from clout import __version__
from clout.cli._common import configure_logging, flush_stdout
from clout.cli._lazy import Lazy, LazyGroup
from clout.cli.starts import install_start_reporter
from clout.settings import ConnectionSettings

COMMANDS = {
    "doctor": Lazy(
        "clout.cli.doctor",
        "doctor",
        "Check Java, the server, the credentials and GDS; print versions and graph size.",
    ),
    "demo": Lazy(
        "clout.cli.demo",
        "demo",
        "Generate a seeded world (10,000 people, 300,000 interactions, 3 networks, 120 days, "
        "one like-farm), load it, score it with a 30-day daily backfill, and show the results: "
        "the top 20, each topic's three leaders, the like-farm's outcome.",
    ),
    "generate": Lazy(
        "clout.cli.generate",
        "generate_command",
        "Generate interactions.csv, accounts.csv and world.json in OUT.",
    ),
    "score": Lazy(
        "clout.cli.score",
        "score",
        "Score every person 1-100 from the interactions in the window; record the run.",
    ),
    "calibrate": Lazy(
        "clout.cli.score",
        "calibrate",
        "Refit the raw-to-score map on the window's population and store it as a new version.",
    ),
    "runs": Lazy(
        "clout.cli.runs",
        "runs",
        "The scoring runs, newest first: when each describes, its window, how many people it "
        "scored, its score distribution, and whether it failed (the live run is marked).",
    ),
    "top": Lazy(
        "clout.cli.ranking",
        "top",
        "The most influential people of the latest scoring run, best first.",
    ),
    "show": Lazy(
        "clout.cli.person",
        "show",
        "A person's score explained: percentile, sub-scores per network, change over time, "
        "the interactions received, and who contributed most to the score (PageRank flow).",
    ),
    "history": Lazy(
        "clout.cli.person",
        "history",
        "A person's score in every scoring run: a table, a sparkline, and a PNG chart on request.",
    ),
    "export": Lazy(
        "clout.cli.export",
        "app",
        "Export an influencer list (CSV, JSON Lines or Parquet) with stable columns: rank, "
        "person_id, name, score, score_percentile, score_raw, [topic_score], score_<network> "
        "for each network, top_topics, handles.",
    ),
    "report": Lazy(
        "clout.cli.report",
        "report",
        "Write a self-contained HTML page (no external assets): the score distribution, the "
        "top influencers and the history of the top movers. Prints the page's path.",
    ),
    "evaluate": Lazy(
        "clout.cli.evaluate",
        "evaluate",
        "Backtest the score: does it predict the engagement people receive next?",
    ),
    "server": Lazy(
        "clout.cli.server", "app", "Run the managed local Neo4j + GDS server (state in CLOUT_HOME)."
    ),
    "load": Lazy("clout.cli.load", "app", "Load interactions and identities into the graph."),
    "migrate": Lazy(
        "clout.cli.migrate",
        "migrate",
        "Rewrite the interactions of a database loaded by an earlier clout as lean records "
        "(times as epoch seconds, event ids as 64-bit keys) and record the version; nothing to "
        "do on a current database. Safe to interrupt and run again.",
    ),
    "query": Lazy(
        "clout.cli.query", "app", "The library of analyst Cypher queries: list, show and run them."
    ),
}


class RootGroup(LazyGroup):
    LAZY = COMMANDS


app = typer.Typer(
    name="clout",
    cls=RootGroup,
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


def _setting(envvar: str, help_: str, *, show_envvar: bool = True) -> Any:
    """A connection option, also read from ``envvar``; unset, the connection's own default."""
    return typer.Option(envvar=envvar, show_envvar=show_envvar, show_default=False, help=help_)


@app.callback()
def root(
    ctx: typer.Context,
    uri: Annotated[
        str | None,
        _setting(
            "NEO4J_URI",
            "Neo4j URI (neo4j://, neo4j+s://, bolt://). Unset: the managed local server.",
        ),
    ] = None,
    username: Annotated[
        str | None, _setting("NEO4J_USERNAME", "Neo4j user [default: neo4j].")
    ] = None,
    password: Annotated[
        str | None,
        _setting(
            "NEO4J_PASSWORD",
            "Neo4j password (better: the NEO4J_PASSWORD environment variable).",
            show_envvar=False,
        ),
    ] = None,
    database: Annotated[
        str | None, _setting("NEO4J_DATABASE", "Database name [default: neo4j].")
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
    install_start_reporter()  # a command that starts the managed server says so on stderr
    ctx.obj = ConnectionSettings.from_env().with_overrides(uri, username, password, database)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (a service manager, `kill`) stops a command as Ctrl-C does: its clean-ups run
    # (a scoring run restores the previous scores, an evaluation removes what it planted).
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        app()
    finally:
        flush_stdout()
