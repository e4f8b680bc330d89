"""A command that starts the stopped managed server on its way says so on stderr, in a plain
line (not a ``WARNING:`` log line), and shows the first use's download in bytes; ``-q`` says
nothing. The start itself is cut short: the server is the integration tier's."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from clout.cli import app
from clout.errors import ServerError
from clout.server import provision
from clout.server.manager import ManagedServer
from clout.server.paths import ServerPaths
from clout.server.starts import LogObserver

runner = CliRunner()
CUT = "cut short: no server in the unit tier"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stopped managed server's home; the library's own observer until a command runs."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CLOUT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CLOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("clout.server.starts._OBSERVER", [LogObserver()])
    return ServerPaths.from_env().home


def _start_cut_short(monkeypatch: pytest.MonkeyPatch, *chunks: int) -> None:
    """The start downloads ``chunks`` bytes as the provisioning reports them, then fails."""

    def start(self: ManagedServer, st: Any, progress: Any, browser: bool) -> None:
        for n in chunks:
            progress("downloading", n, provision.download_size())
        raise ServerError(CUT)

    monkeypatch.setattr(ManagedServer, "_start", start)


def test_a_read_command_on_a_stopped_server_says_it_starts_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provision, "is_complete", lambda cache: True)
    _start_cut_short(monkeypatch)
    result = runner.invoke(app, ["runs"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"starting the managed Neo4j server in {home}…",
        f"Error: {CUT}",
    ]


def test_quiet_says_nothing_of_the_start(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision, "is_complete", lambda cache: True)
    _start_cut_short(monkeypatch)
    result = runner.invoke(app, ["-q", "top"])
    assert (result.exit_code, result.stderr) == (1, f"Error: {CUT}\n")


def test_the_first_use_shows_the_download_in_bytes(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr("clout.cli.starts.err", terminal)
    monkeypatch.setattr("clout.cli.bars.err", terminal)
    _start_cut_short(monkeypatch, 50_000_000, 33_000_000)
    result = runner.invoke(app, ["runs"])
    assert (result.exit_code, result.stderr) == (1, f"Error: {CUT}\n")
    shown = terminal.file.getvalue()
    size = provision.download_size() / 1e6
    assert shown.startswith(
        f"first use: downloading Neo4j + GDS ({size:.0f} MB, verified), then starting the "
        f"managed Neo4j server in {home}…\n"
    )
    assert "downloading Neo4j + GDS " in shown
    assert f"83.0/{size:.1f} MB" in shown  # as far as the download got before the failure
