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


def test_the_suite_refuses_a_database_of_ones_own() -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "--suite"], env={"NEO4J_URI": "neo4j://example.invalid:7687"}
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --suite loads each set into a scratch database")


def test_the_suite_names_its_sets(tmp_path: object) -> None:
    result = CliRunner().invoke(
        app,
        ["evaluate", "--suite", "--sets", "twiter", "--data", str(tmp_path)],
        env={"NEO4J_URI": ""},
    )
    assert result.exit_code == 1
    assert "unknown set 'twiter'; the sets are twitter1516, weibo, mathoverflow" in result.stderr


def test_the_suite_says_where_the_data_is_missing(tmp_path: object) -> None:
    missing = f"{tmp_path}/nowhere"
    result = CliRunner().invoke(
        app, ["evaluate", "--suite", "--data", missing], env={"NEO4J_URI": ""}
    )
    assert result.exit_code == 1
    assert f"the real data sets are not at {missing}; give --data DIR" in result.stderr
