"""``clout top`` and ``clout export`` on the scored world."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import Result

from clout.db import Database

Invoke = Callable[..., Result]
pytestmark = pytest.mark.usefixtures("world")


def test_top_table_ranks_by_score(cli: Invoke) -> None:
    result = cli("top", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "name", "person_id", "score", "percentile", "raw",
                                "networks"]  # fmt: skip
    assert [line.split()[0:3] for line in lines[1:]] == [
        ["1", "Alice", "Liddell"], ["2", "Bob", "Stone"], ["3", "Carol", "King"],
    ]  # fmt: skip
    assert "mastodon 45, twitter 70" in lines[1]
    assert result.stderr == ""


def test_top_json_has_the_documented_fields(cli: Invoke) -> None:
    result = cli("top", "--json", "--min-score", "30")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "rank": 1, "person_id": "alice", "name": "Alice Liddell", "score": 72,
        "score_raw": 1.2, "score_percentile": 99.0,
        "networks": {"mastodon": 45, "twitter": 70},
    }  # fmt: skip
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
        "rank", "person_id", "name", "score", "score_percentile", "score_raw",
        "score_mastodon", "score_twitter", "top_topics", "handles",
    ]  # fmt: skip
    assert rows[1] == ["1", "alice", "Alice Liddell", "72", "99.0", "1.2", "45", "70",
                       "python;graphs", "mastodon:alice_m;twitter:alice"]  # fmt: skip
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


def test_the_world_is_as_documented(world: Database) -> None:
    runs = world.read("MATCH (r:ScoringRun) RETURN count(r) AS n")[0]["n"]
    assert runs == 6
