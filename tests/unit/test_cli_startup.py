"""``clout`` starts fast: the CLI imports a command's module only when the command runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer._click.utils import make_default_short_help
from typer.testing import CliRunner

from clout.cli import COMMANDS, app

HEAVY = ["pandas", "numpy", "scipy", "matplotlib", "graphdatascience", "neo4j", "pyarrow"]


def _imported_after(code: str, **env: str) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``code`` (with ``env``
    added to the environment)."""
    probe = f"{code}\nimport json, sys\n" + (
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_cli_imports_no_heavy_module() -> None:
    assert _imported_after("import clout.cli") == []


def test_help_imports_no_heavy_module() -> None:
    code = (
        "from clout.cli import app\n"
        "try:\n    app(['--help'], prog_name='clout')\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []


def test_server_status_imports_no_heavy_module(tmp_path: Path) -> None:
    """``clout server status`` answers in a fraction of a second: the root command (which
    installs the start reporter for every command) and the server group import no driver."""
    code = (
        "from clout.cli import app\n"
        "try:\n    app(['server', 'status'], prog_name='clout')\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code, CLOUT_HOME=str(tmp_path / "home")) == []


def test_help_lists_every_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_summary_is_the_commands_own(name: str) -> None:
    command = COMMANDS[name].load(name)
    own = command.get_short_help_str(1000)
    assert make_default_short_help(COMMANDS[name].summary, 1000) == own, (
        f"update the summary of {name!r} in clout/cli/__init__.py to: {own}"
    )
