"""The analyst commands' help and the errors they give before touching a database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from clout.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [
        "top",
        "show",
        "history",
        "export",
        "report",
        "query",
        "query list",
        "query show",
        "query run",
    ],
)
def test_every_analyst_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    if command != "query":
        assert "Example: clout " in result.stdout


def test_network_and_topic_together_is_an_error() -> None:
    result = runner.invoke(app, ["top", "--network", "twitter", "--topic", "python"])
    assert result.exit_code == 1
    assert result.stderr == "Error: give --network or --topic, not both\n"


def test_a_bad_network_name_is_an_error() -> None:
    result = runner.invoke(app, ["export", "--network", "Twitter!"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'Twitter!' is not a network name")


def test_query_list_and_show_need_no_database() -> None:
    listed = runner.invoke(app, ["query", "list"])
    assert listed.exit_code == 0
    assert "\ntop_influencers  the most influential people overall\n" in listed.stdout
    shown = runner.invoke(app, ["query", "show", "rising_stars"])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("// Purpose: rising stars")
    assert "// :param days => 30\n" in shown.stdout


def test_query_show_unknown_name() -> None:
    result = runner.invoke(app, ["query", "show", "rising_star"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no query 'rising_star'; did you mean rising_stars? see `clout query list`\n"
    )
