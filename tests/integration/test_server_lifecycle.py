"""The managed server's life: start, no-op start, kill -9 recovery, clean stop, secrets kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clout.cli import app
from clout.server.manager import ManagedServer
from clout.server.paths import ServerPaths
from clout.settings import ConnectionSettings

runner = CliRunner()


def _java_processes_of(home: Path) -> list[str]:
    listing = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True)
    return [line for line in listing.stdout.splitlines() if "java" in line and str(home) in line]


@pytest.fixture
def own_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ManagedServer]:
    """A second managed server in its own throw-away home, driven through the CLI."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CLOUT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CLOUT_HEAP", "1g")
    monkeypatch.setenv("CLOUT_PAGECACHE", "256m")
    server = ManagedServer(ServerPaths(tmp_path / "home", ServerPaths.from_env().cache))
    yield server
    server.stop()


def test_start_kill_recover_stop(own_server: ManagedServer) -> None:
    first = runner.invoke(app, ["server", "start"])
    assert first.exit_code == 0, first.output
    state = own_server.state()
    assert state is not None
    assert "running at neo4j://127.0.0.1:" in first.stderr

    again = runner.invoke(app, ["server", "start"])
    assert again.exit_code == 0
    assert f"already running at {state.uri} (pid {state.pid}" in again.stderr

    os.kill(state.pid, signal.SIGKILL)
    crashed = runner.invoke(app, ["server", "status"])
    assert crashed.exit_code == 1
    assert "state: crashed" in crashed.stdout

    recovered = runner.invoke(app, ["server", "start"])
    assert recovered.exit_code == 0, recovered.output
    new_state = own_server.state()
    assert new_state is not None
    assert new_state.pid != state.pid
    status = runner.invoke(app, ["server", "status", "--json"])
    assert '"state": "running"' in status.stdout
    assert '"gds_version": "2.13.' in status.stdout

    stopped = runner.invoke(app, ["server", "stop"])
    assert stopped.exit_code == 0
    assert "stopped" in stopped.stderr
    assert _java_processes_of(own_server.paths.home) == []
    assert runner.invoke(app, ["server", "status"]).exit_code == 1


def test_wrong_password_is_one_error_line(neo4j_settings: ConnectionSettings) -> None:
    assert neo4j_settings.uri is not None
    result = runner.invoke(
        app, ["doctor"], env={"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "not-the-password"}
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: wrong username or password for 'neo4j' at ")
    assert "NEO4J_PASSWORD" in result.stderr
    assert "Traceback" not in result.output


def test_password_stays_out_of_process_listings_and_logs(
    neo4j_settings: ConnectionSettings, managed_homes: list[Path]
) -> None:
    password = neo4j_settings.password
    assert password
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    assert password not in listing.stdout
    for home in managed_homes:
        logs = list(home.rglob("*.log"))
        assert logs, f"the managed server in {home} wrote no logs"
        for log in logs:
            assert password not in log.read_text(errors="replace"), log


def test_doctor_reports_versions_and_counts(neo4j_settings: ConnectionSettings) -> None:
    assert neo4j_settings.uri is not None
    assert neo4j_settings.password is not None
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": neo4j_settings.password}
    result = runner.invoke(app, ["doctor", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert '"gds_version": "2.' in result.stdout
    assert '"relationships":' in result.stdout


def _listening_on(port: int) -> set[str]:
    """The local addresses (hex, as in /proc/net/tcp) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_browser_on_localhost_and_the_credentials(own_server: ManagedServer) -> None:
    import urllib.request

    started = runner.invoke(app, ["server", "start", "--browser"])
    assert started.exit_code == 0, started.output
    url = started.stdout.strip()
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/browser/")
    assert "clout server credentials --show-password" in started.stderr
    with urllib.request.urlopen(url, timeout=30) as page:
        assert b"Neo4j Browser" in page.read()
    port = int(url.split(":")[2].split("/")[0])
    loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, ::ffff:127.0.0.1
    assert _listening_on(port), "the HTTP connector listens"
    assert _listening_on(port) <= loopback, "the HTTP connector listens on 127.0.0.1 only"
    status = runner.invoke(app, ["server", "status"])
    assert f"browser: {url}" in status.stdout

    password = own_server.password()
    shown = runner.invoke(app, ["server", "credentials"])
    assert shown.exit_code == 0
    state = own_server.state()
    assert state is not None
    assert shown.stdout.splitlines() == [
        f"uri:           {state.uri}",
        "user:          neo4j",
        f"password_file: {own_server.paths.password_file}",
        f"browser_url:   {url}",
    ]
    assert password not in shown.output
    revealed = runner.invoke(app, ["server", "credentials", "--show-password", "--json"])
    assert f'"password": "{password}"' in revealed.stdout


def test_browser_needs_a_restart_of_a_server_started_without_it(
    own_server: ManagedServer,
) -> None:
    assert runner.invoke(app, ["server", "start"]).exit_code == 0
    again = runner.invoke(app, ["server", "start", "--browser"])
    assert again.exit_code == 1
    assert again.stderr.strip().splitlines()[-1] == (
        "Error: the managed server runs without its HTTP connector; stop it (`clout server "
        "stop`) and start it with `clout server start --browser`"
    )


def test_a_command_on_a_stopped_server_says_it_starts_it(own_server: ManagedServer) -> None:
    """A read command says so in the CLI's own line, not in the library's ``WARNING:`` log
    line (which reads the same after its prefix)."""
    done = subprocess.run(
        [sys.executable, "-m", "clout", "runs"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "300"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert f"starting the managed Neo4j server in {own_server.paths.home}…" in lines
    assert [line for line in lines if line.startswith("WARNING:")] == []
