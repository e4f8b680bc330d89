"""``clout top`` and ``clout export`` on the scored world."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import Result

from clout.db import Database
from clout.settings import ConnectionSettings

Invoke = Callable[..., Result]
pytestmark = pytest.mark.usefixtures("world")


def test_top_table_ranks_by_score(cli: Invoke) -> None:
    result = cli("top", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "rank",
        "name",
        "person_id",
        "score",
        "percentile",
        "raw",
        "networks",
    ]
    assert [line.split()[0:3] for line in lines[1:]] == [
        ["1", "Alice", "Liddell"],
        ["2", "Bob", "Stone"],
        ["3", "Carol", "King"],
    ]
    assert "mastodon 45, twitter 70" in lines[1]
    assert result.stderr == ""


def test_top_json_has_the_documented_fields(cli: Invoke) -> None:
    result = cli("top", "--json", "--min-score", "30")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "rank": 1,
        "person_id": "alice",
        "name": "Alice Liddell",
        "score": 72,
        "score_raw": 1.2,
        "score_percentile": 99.0,
        "networks": {"mastodon": 45, "twitter": 70},
    }
    assert [r["person_id"] for r in rows] == ["alice", "bob", "carol", "dave"]


def test_top_per_network_and_topic(cli: Invoke) -> None:
    mastodon = json.loads(cli("top", "--json", "--network", "mastodon").stdout)
    assert [(r["person_id"], r["networks"]["mastodon"]) for r in mastodon][:3] == [
        ("alice", 45),
        ("carol", 30),
        ("dave", 30),
    ]
    python = json.loads(cli("top", "--json", "--topic", "python").stdout)
    assert [(r["person_id"], r["topic_score"]) for r in python] == [("alice", 80), ("bob", 40)]


def test_top_by_network_shows_its_score_and_percentile(cli: Invoke) -> None:
    result = cli("top", "--network", "MASTODON")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "rank",
        "name",
        "person_id",
        "score",
        "percentile",
        "overall",
        "networks",
    ]
    # Four people have a mastodon sub-score: alice 45, carol 30, dave 30, mastodon:sam 1.
    assert lines[1].split()[:7] == ["1", "Alice", "Liddell", "alice", "45", "100.0", "72"]
    assert lines[2].split()[:7] == ["2", "Carol", "King", "carol", "30", "75.0", "48"]
    rows = json.loads(cli("top", "--network", "mastodon", "--json").stdout)
    assert [(r["network_score"], r["network_percentile"]) for r in rows][-1] == (1, 25.0)
    assert rows[0]["score"] == 72  # the overall score stays in the JSON
    topic = json.loads(cli("top", "--topic", "PYTHON", "--json").stdout)
    assert [r["person_id"] for r in topic] == ["alice", "bob"]


def test_top_unknown_topic_names_the_known_ones(cli: Invoke) -> None:
    result = cli("top", "--topic", "pyhton")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no topic 'pyhton'; did you mean python? known topics: graphs, python\n"
    )


def test_top_nobody_above_min_score_is_a_message(cli: Invoke) -> None:
    result = cli("top", "--min-score", "99")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Nobody has a score of at least 99 here.\n"


def test_export_csv_to_stdout_has_stable_columns(cli: Invoke) -> None:
    result = cli("export", "--limit", "2")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "rank",
        "person_id",
        "name",
        "score",
        "score_percentile",
        "score_raw",
        "score_mastodon",
        "score_twitter",
        "top_topics",
        "handles",
    ]
    assert rows[1] == [
        "1",
        "alice",
        "Alice Liddell",
        "72",
        "99.0",
        "1.2",
        "45",
        "70",
        "python;graphs",
        "mastodon:alice_m;twitter:alice",
    ]
    assert rows[2][:4] == ["2", "bob", "Bob Stone", "55"]
    assert rows[2][6] == ""  # bob has no mastodon account
    assert result.stderr == "Exported 2 people.\n"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_to_a_file(cli: Invoke, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"influencers.{fmt}"
    result = cli("export", "--format", fmt, "--topic", "python", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Exported 2 people to {target}.\n"
    if fmt == "jsonl":
        rows = [json.loads(line) for line in target.read_text().splitlines()]
    else:
        rows = pq.read_table(target).to_pylist()
    assert [(r["rank"], r["person_id"], r["topic_score"]) for r in rows] == [
        (1, "alice", 80),
        (2, "bob", 40),
    ]
    assert rows[0]["handles"] == ["mastodon:alice_m", "twitter:alice"]
    assert list(rows[0])[6] == "topic_score"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_an_unknown_topic_never_replaces_an_export(cli: Invoke, tmp_path: Path) -> None:
    keep = tmp_path / "keep.csv"
    keep.write_text("precious\n" * 1000)
    result = cli("export", "--topic", "nope", "-o", str(keep))
    assert result.exit_code == 1
    assert result.stderr == ("Error: no topic 'nope'; known topics: graphs, python\n")
    assert keep.read_text() == "precious\n" * 1000
    network = cli("export", "--network", "mastodn", "-o", str(keep))
    assert network.exit_code == 1
    assert network.stderr.startswith("Error: no network 'mastodn'; did you mean mastodon?")
    assert keep.read_text() == "precious\n" * 1000


def test_export_into_a_closed_pipe_exits_0(neo4j_settings: ConnectionSettings) -> None:
    env = {
        **os.environ,
        "NEO4J_URI": str(neo4j_settings.uri),
        "NEO4J_PASSWORD": str(neo4j_settings.password),
        "NEO4J_USERNAME": neo4j_settings.username,
        "NEO4J_DATABASE": neo4j_settings.database,
    }
    for reader in ("head -2", "true"):  # `true` has gone before clout writes: a broken pipe
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", f"{sys.executable} -m clout export -q | {reader}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, ""), reader
    assert done.stdout == ""


def test_the_world_is_as_documented(world: Database) -> None:
    runs = world.read("MATCH (r:ScoringRun) RETURN count(r) AS n")[0]["n"]
    assert runs == 6
