"""``clout evaluate --help`` explains itself with an example; bad input is an ``Error:`` line."""

from __future__ import annotations

from typer.testing import CliRunner

from clout.cli import app


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "Example: clout evaluate" in result.stdout
    for option in ("--cutoff", "--horizon-days", "--json"):
        assert option in result.stdout


def test_a_bad_cutoff_says_what_to_do() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--cutoff", "yesterday"])
    assert result.exit_code == 1
    assert "not an ISO date" in result.stderr
