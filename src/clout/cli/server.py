"""``clout server start | stop | status | logs``: the managed local Neo4j + GDS server."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from clout.cli._common import CloutGroup, err, out, print_json
from clout.cli.progress import download_bar
from clout.server.manager import ManagedServer

app = typer.Typer(
    cls=CloutGroup,
    no_args_is_help=True,
    help="Run the managed local Neo4j + GDS server (state in CLOUT_HOME).",
)


@app.command()
def start() -> None:
    """Download (first time), verify and start the server; a no-op when it already runs.

    Example: clout server start
    """
    server = ManagedServer.from_env()
    before = server.status()
    if before.state == "running":
        err.print(f"already running at {before.uri} (pid {before.pid}, home {before.home})")
        return
    err.print(f"starting the managed server in {server.paths.home} ...")
    started = time.monotonic()
    with download_bar("downloading Neo4j + GDS jars") as progress:
        state = server.ensure_running(progress)
    err.print(f"running at {state.uri} (pid {state.pid}) after {time.monotonic() - started:.0f} s")


@app.command()
def stop() -> None:
    """Stop the server cleanly (no Java process is left behind).

    Example: clout server stop
    """
    server = ManagedServer.from_env()
    if server.stop():
        err.print("stopped")
    else:
        err.print("not running")


@app.command()
def status(
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Whether the server runs, where, and its Neo4j and GDS versions. Exit 1 when not running.

    Example: clout server status --json
    """
    st = ManagedServer.from_env().status()
    if json_:
        print_json(
            {
                "state": st.state,
                "home": str(st.home),
                "uri": st.uri,
                "pid": st.pid,
                "neo4j_version": st.neo4j_version,
                "gds_version": st.gds_version,
            }
        )
    else:
        out.print(f"state: {st.state}\nhome:  {st.home}", highlight=False)
        if st.uri:
            out.print(f"uri:   {st.uri}\npid:   {st.pid}", highlight=False)
        if st.neo4j_version:
            out.print(f"neo4j: {st.neo4j_version}\ngds:   {st.gds_version}", highlight=False)
    if st.state != "running":
        raise typer.Exit(1)


@app.command()
def logs(
    lines: Annotated[int, typer.Option("--lines", "-n", help="How many of the last lines.")] = 50,
) -> None:
    """Print the last lines of the server's log.

    Example: clout server logs -n 100
    """
    typer.echo(ManagedServer.from_env().tail(lines))
