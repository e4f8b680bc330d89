"""Every analyst command on a database without scores: one clear error line, no table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clout.db import Database

Invoke = Callable[..., Result]

NO_SCORES = "Error: no scores yet; run `clout score` first\n"


@pytest.mark.parametrize(
    "args",
    [
        ["top"],
        ["top", "--json"],
        ["show", "alice"],
        ["history", "alice"],
        ["export"],
        ["report"],
    ],
)
def test_no_scores_is_one_clear_error(database: Database, cli: Invoke, args: list[str]) -> None:
    database.write("CREATE (:Person {person_id: 'alice', name: 'Alice'})")
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr == NO_SCORES
    assert result.stdout == ""


def test_export_to_a_file_without_scores_writes_nothing(
    database: Database, cli: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    result = cli("export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == NO_SCORES
    assert list(tmp_path.iterdir()) == []


def test_query_run_without_scores_says_so(database: Database, cli: Invoke) -> None:
    result = cli("query", "run", "top_influencers")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "The query returned no rows.\n"
