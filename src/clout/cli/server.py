"""``clout server start | stop | status | logs | credentials``: the managed Neo4j + GDS server."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from clout.cli._common import CloutGroup, err, out, print_json
from clout.cli.bars import download_bar
from clout.server.manager import ManagedServer
from clout.settings import ConnectionSettings

app = typer.Typer(
    cls=CloutGroup,
    no_args_is_help=True,
    help="Run the managed local Neo4j + GDS server (state in CLOUT_HOME).",
)


@app.command()
def start(
    browser: Annotated[
        bool,
        typer.Option(
            "--browser",
            help="Also open Neo4j's HTTP connector on 127.0.0.1 for Neo4j Browser and print "
            "its URL (downloads the Browser the first time).",
        ),
    ] = False,
) -> None:
    """Download (first time), verify and start the server; a no-op when it already runs. A
    server whose database stopped (disk full) is restarted.

    Example: clout server start --browser
    """
    server = ManagedServer.from_env()
    before = server.status()
    if before.state != "running":
        server.check_home()
    if before.state == "running" and (before.browser_url or not browser):
        err.print(
            f"already running at {before.uri} (pid {before.pid}, home {before.home})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        _browser_line(before.browser_url)
        return
    err.print(
        f"starting the managed server in {server.paths.home} ...",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    started = time.monotonic()
    with download_bar("downloading Neo4j + GDS jars") as progress:
        state = server.ensure_running(progress, browser=browser, restart=True)
    from clout.connection import connect  # the driver is imported only now: status stays fast
    from clout.record import OldRecord

    # The schema is applied here and by the write paths, so read-only commands need no writes.
    try:
        with connect(ConnectionSettings(uri=state.uri, password=server.password()), schema=True):
            pass
    except OldRecord as exc:  # the server runs; the user's next step is the migration
        err.print(f"note: {exc}", markup=False, highlight=False, soft_wrap=True)
    err.print(
        f"running at {state.uri} (pid {state.pid}) after {time.monotonic() - started:.0f} s",
        markup=False,
        highlight=False,
    )
    _browser_line(state.browser_url)


def _browser_line(url: str | None) -> None:
    if url:
        out.print(url, markup=False, highlight=False, soft_wrap=True)
        err.print(
            "Neo4j Browser: user neo4j; the password: `clout server credentials --show-password`",
            markup=False,
            highlight=False,
        )


@app.command()
def stop() -> None:
    """Stop the server cleanly (no Java process is left behind, also when server.json is lost).

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
    """Whether the server runs, where, and its Neo4j and GDS versions. Exit 1 when it does not
    run (state stopped or crashed) or its database stopped (state failed: disk full).

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
                "browser_url": st.browser_url,
                "problem": st.problem,
            }
        )
    else:
        out.print(f"state: {st.state}\nhome:  {st.home}", highlight=False, markup=False)
        if st.uri:
            out.print(f"uri:   {st.uri}\npid:   {st.pid}", highlight=False)
        if st.neo4j_version:
            out.print(f"neo4j: {st.neo4j_version}\ngds:   {st.gds_version}", highlight=False)
        if st.browser_url:
            out.print(f"browser: {st.browser_url}", highlight=False, markup=False)
        if st.problem:
            err.print(f"Error: {st.problem}", markup=False, highlight=False, soft_wrap=True)
    if st.state != "running":
        raise typer.Exit(1)


@app.command()
def credentials(
    show_password: Annotated[
        bool, typer.Option("--show-password", help="Also print the password itself.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """How to connect to the managed server (Neo4j Browser, cypher-shell, a driver): its URI,
    the user and where the password file is; the password only with --show-password.

    Example: clout server credentials --show-password
    """
    server = ManagedServer.from_env()
    state = server.state()
    facts = {
        "uri": state.uri if state is not None else None,
        "user": "neo4j",
        "password_file": str(server.paths.password_file),
        "browser_url": state.browser_url if state is not None else None,
    }
    if show_password:
        facts["password"] = server.password()
    if json_:
        print_json(facts)
        return
    for key, value in facts.items():
        if value is not None:
            out.print(f"{key + ':':<15}{value}", markup=False, highlight=False, soft_wrap=True)
    if state is None:
        err.print("the server is not running; `clout server start` starts it", markup=False)


@app.command()
def logs(
    lines: Annotated[int, typer.Option("--lines", "-n", help="How many of the last lines.")] = 50,
) -> None:
    """Print the last lines of the server's log.

    Example: clout server logs -n 100
    """
    typer.echo(ManagedServer.from_env().tail(lines))
