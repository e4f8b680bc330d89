"""The analyst Cypher takes the model's weights from the configuration; every connection (and
``clout doctor``) names a Neo4j too old for clout's Cypher; every spelling of a handle is looked
up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase, install
from typer.testing import CliRunner

from clout import config, cypher
from clout.analyst import queries
from clout.analyst.person_lookup import resolve, spellings
from clout.cli import app
from clout.db import check_connection
from clout.doctor import neo4j_version
from clout.errors import InputError, Neo4jTooOld

runner = CliRunner()


def test_influencers_of_runs_with_the_configured_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    db = install(monkeypatch, FakeDatabase({queries.get("influencers_of").text: []}))
    result = runner.invoke(app, ["query", "run", "influencers_of", "-p", "person_id=alice"])
    assert result.exit_code == 0, result.output
    # Readers check the record, then wait for a live run's copy.
    assert db.queries()[:2] == ["@record/version", "@scoring/publishing"]
    params = db.calls[2][1]
    shipped = config.load().scoring
    assert params["kind_weights"] == shipped.kind_weights
    assert params["kind_weights"]["LIKED"] == 0.5  # not the 1.0 the query once assumed
    assert (params["damping"], params["person_id"]) == (shipped.damping, "alice")


def test_influencers_of_follows_a_user_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A LIKED weight and a damping other than the shipped ones (and than the query's example
    values) reach the query: they come from CLOUT_CONFIG, not from the query file."""
    user = tmp_path / "clout.toml"
    user.write_text(
        '[scoring]\nversion = "mine-1"\ndamping = 0.7\n\n[scoring.kind_weights]\nLIKED = 0.125\n'
    )
    monkeypatch.setenv("CLOUT_CONFIG", str(user))
    db = install(monkeypatch, FakeDatabase({queries.get("influencers_of").text: []}))
    result = runner.invoke(app, ["query", "run", "influencers_of", "-p", "person_id=alice"])
    assert result.exit_code == 0, result.output
    params = db.calls[-1][1]
    shipped = queries.get("influencers_of").examples["kind_weights"]
    assert params["kind_weights"] == {**shipped, "LIKED": 0.125}
    assert params["damping"] == 0.7


def test_the_browser_example_weights_are_the_shipped_ones() -> None:
    examples = queries.get("influencers_of").examples
    shipped = config.load().scoring
    assert examples["kind_weights"] == shipped.kind_weights
    assert examples["damping"] == shipped.damping


def test_a_user_given_weight_still_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    db = install(monkeypatch, FakeDatabase({queries.get("influencers_of").text: []}))
    runner.invoke(app, ["query", "run", "influencers_of", "-p", "damping=0.5", "-q"])
    assert db.calls[-1][1]["damping"] == 0.5


@pytest.mark.parametrize(
    ("version", "ok"),
    [("5.26.0", True), ("5.23.0", True), ("2025.01.0", True), ("5.22.0", False), ("4.4.30", False)],
)
def test_the_minimum_neo4j_version(version: str, ok: bool) -> None:
    check = neo4j_version(version, "bolt://db:7687")
    assert check.ok is ok
    if not ok:
        assert check.detail == (
            f"Neo4j {version} at bolt://db:7687 is too old: clout's Cypher needs Neo4j 5.23 or "
            "newer (CALL (x) { … } subqueries); upgrade the server, or unset NEO4J_URI to use "
            "clout's managed server"
        )


def test_doctor_says_so_in_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = {
        "neo4j_version": "5.20.0",
        "edition": "community",
        "gds_version": "2.6.0",
        "nodes": 0,
        "relationships": 0,
        "people": 0,
        "accounts": 0,
    }
    install(monkeypatch, FakeDatabase({"@doctor": [facts]}))
    result = runner.invoke(app, ["--uri", "bolt://db:7687", "doctor"])
    assert result.exit_code == 1
    assert "FAIL neo4j" in result.stdout
    assert result.stderr.splitlines() == [
        "Error: Neo4j 5.20.0 at bolt://db:7687 is too old: clout's Cypher needs Neo4j 5.23 or "
        "newer (CALL (x) { … } subqueries); upgrade the server, or unset NEO4J_URI to use "
        "clout's managed server"
    ]


TOO_OLD = (
    "Neo4j 5.20.0 at bolt://db:7687 is too old: clout's Cypher needs Neo4j 5.23 or newer "
    "(CALL (x) { … } subqueries); upgrade the server, or unset NEO4J_URI to use clout's "
    "managed server"
)


class Driver:
    """What a connection's check asks of the driver, from a server of Neo4j ``version``; the
    queries it was sent are recorded."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.queries: list[str] = []

    def verify_connectivity(self) -> None:
        pass

    def execute_query(self, query: str, **config: Any) -> tuple[list[dict[str, str]], None, None]:
        self.queries.append(query)
        return [{"neo4j": self.version, "gds": "2.13.2"}], None, None

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("version", "ok"),
    [("5.26.0", True), ("5.23.0", True), ("2025.01.0", True), ("5.22.0", False), ("4.4.30", False)],
)
def test_a_connection_checks_the_version_in_its_one_query(version: str, ok: bool) -> None:
    driver: Any = Driver(version)
    if ok:
        assert check_connection(driver, "bolt://db:7687", "neo4j", "neo4j") == "2.13.2"
    else:
        with pytest.raises(Neo4jTooOld, match=f"^Neo4j {version} at bolt://db:7687 is too old"):
            check_connection(driver, "bolt://db:7687", "neo4j", "neo4j")
    assert driver.queries == [cypher.load("connection")]


@pytest.mark.parametrize("command", [["runs"], ["top"], ["load", "dedupe"]])
def test_a_command_on_a_neo4j_too_old_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    driver = Driver("5.20.0")
    monkeypatch.setattr("clout.db.open_driver", lambda uri, username, password: driver)
    result = runner.invoke(app, ["--uri", "bolt://db:7687", *command])
    assert (result.exit_code, result.stderr) == (1, f"Error: {TOO_OLD}\n")
    assert driver.queries == [cypher.load("connection")]  # asked once, before anything else


def test_doctor_names_the_version_a_connection_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("clout.db.open_driver", lambda uri, username, password: Driver("5.20.0"))
    result = runner.invoke(app, ["--uri", "bolt://db:7687", "doctor"])
    assert result.exit_code == 1
    assert "FAIL neo4j" in result.stdout
    assert "FAIL connection" not in result.stdout
    assert result.stderr.splitlines() == [f"Error: {TOO_OLD}"]


def test_handle_spellings() -> None:
    assert spellings("alice") == ["alice", "@alice"]
    assert spellings("@alice") == ["@alice", "alice"]
    assert spellings("@") == ["@"]


ACCOUNTS = [("twitter:@alice", None, "twitter", "@alice"), ("bob", "Bob", "twitter", "bob")]


def _resolver(params: dict[str, object]) -> list[dict[str, object]]:
    """resolve_person.cypher over ACCOUNTS, in Python."""
    rows = []
    for person, name, network, handle in ACCOUNTS:
        if person == params["text"]:
            rows.append({"person_id": person, "name": name, "priority": 0})
        if network == params["network"] and handle in params["handles"]:
            rows.append(
                {
                    "person_id": person,
                    "name": name,
                    "priority": 1 if handle == params["handle"] else 2,
                }
            )
        if handle in params["spellings"]:
            rows.append(
                {
                    "person_id": person,
                    "name": name,
                    "priority": 3 if handle == params["text"] else 4,
                }
            )
    return rows


@pytest.mark.parametrize(
    "typed", ["alice", "@alice", "twitter:alice", "twitter:@alice", "Twitter:alice", " @alice "]
)
def test_every_spelling_finds_a_handle_stored_with_an_at(typed: str) -> None:
    db = FakeDatabase({"@analyst/internal/resolve_person": _resolver})
    assert resolve(db, typed).person_id == "twitter:@alice"


def test_a_handle_stored_without_an_at_is_found_with_one() -> None:
    db = FakeDatabase({"@analyst/internal/resolve_person": _resolver})
    assert resolve(db, "@bob").label == "Bob (bob)"
    assert resolve(db, "twitter:@bob").person_id == "bob"


def test_the_spelling_as_typed_wins() -> None:
    rows = [
        {"person_id": "a", "name": None, "priority": 3},
        {"person_id": "b", "name": None, "priority": 4},
    ]
    db = FakeDatabase({"@analyst/internal/resolve_person": rows})
    assert resolve(db, "alice").person_id == "a"
    tied = FakeDatabase({"@analyst/internal/resolve_person": [r | {"priority": 3} for r in rows]})
    with pytest.raises(InputError, match="'alice' is the handle of several people: a, b"):
        resolve(tied, "alice")
