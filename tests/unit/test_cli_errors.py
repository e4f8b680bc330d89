"""The CLI's error contract: one ``Error: …`` line with the fix, a non-zero exit, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clout.cli import app

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    result = runner.invoke(app, ["--uri", uri, "doctor"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no Neo4j server answers at {uri}; start it")
    assert "Traceback" not in result.output


def test_missing_java_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CLOUT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CLOUT_JAVA", str(tmp_path / "no-such-java"))
    result = runner.invoke(app, ["server", "start"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: CLOUT_JAVA={tmp_path}/no-such-java is not a Java 17 or 21"
    )
    assert "Traceback" not in result.output


def test_spark_without_pyspark_is_one_error_line_before_any_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clout import connection

    def connect(*_: object, **__: object) -> None:
        raise AssertionError("connected to the database before saying pyspark is missing")

    monkeypatch.setitem(sys.modules, "pyspark", None)  # `import pyspark` fails
    monkeypatch.setattr(connection, "connect", connect)
    result = runner.invoke(app, ["score", "--engine", "spark"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the Spark engine needs pyspark: pip install 'clout[spark]' (and Java 17 or 21)\n"
    )
    assert "Traceback" not in result.output


def test_help_never_shows_the_password() -> None:
    env = {**os.environ, "NEO4J_PASSWORD": "hunter2-very-secret", "COLUMNS": "200"}
    for args in (
        ["--help"],
        ["doctor", "--help"],
        ["server", "--help"],
        ["server", "start", "--help"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "clout", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "hunter2" not in done.stdout + done.stderr
        assert "Usage:" in done.stdout


@pytest.mark.parametrize(
    "command", ["doctor", "demo", "server start", "server stop", "server status", "server logs"]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: clout" in result.stdout
