"""``clout top`` and ``clout export`` against a recording fake database: names in any case,
the ranked score's columns, formats, quiet mode, and exports that never spoil a file."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase, install
from typer.testing import CliRunner

from clout.cli import app

runner = CliRunner()
RUNS = [
    {
        "run_id": "run-1",
        "as_of": datetime(2024, 5, 31, tzinfo=UTC),
        "finished_at": None,
        "window_days": 90,
        "scored": 3,
        "people": 3,
        "mean": 40.0,
        "p95": 63.0,
        "calibration_version": "v1",
        "network": None,
    }
]
ALICE = {
    "person_id": "alice",
    "name": "=Alice",
    "score": 72,
    "score_raw": 1.2,
    "score_percentile": 99.0,
    "networks": [{"network": "mastodon", "score": 45}, {"network": "twitter", "score": 70}],
    "handles": ["twitter:@alice"],
    "top_topics": ["python"],
}
BOB = {
    "person_id": "bob",
    "name": "Bob\x1b[31m",
    "score": 55,
    "score_raw": 0.6,
    "score_percentile": 90.0,
    "networks": [{"network": "twitter", "score": 80}],
    "handles": ["twitter:bob"],
    "top_topics": [],
}


def _world(**more: Any) -> dict[str, Any]:
    return {
        "@analyst/internal/runs": RUNS,
        "@analyst/internal/networks": [{"network": "mastodon"}, {"network": "twitter"}],
        "@analyst/internal/topics": [{"topic": "Python"}, {"topic": "graphs"}],
        "@analyst/internal/network_exists": lambda p: (
            [{"network": p["network"]}] if p["network"] in ("mastodon", "twitter") else []
        ),
        "@analyst/internal/topic_named": lambda p: (
            [{"topic": "Python"}] if p["topic"].lower() == "python" else []
        ),
        "@analyst/top_influencers": [ALICE, BOB],
        "@analyst/top_by_network": [
            BOB | {"network_score": 80, "network_percentile": 100.0},
            ALICE | {"network_score": 70, "network_percentile": 50.0},
        ],
        "@analyst/top_by_topic": [ALICE | {"topic_score": 80}],
    } | more


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch) -> FakeDatabase:
    return install(monkeypatch, FakeDatabase(_world()))


def test_top_by_network_shows_the_ranked_score_and_its_percentile(db: FakeDatabase) -> None:
    result = runner.invoke(app, ["top", "--network", "Twitter"])
    assert result.exit_code == 0, result.output
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
    assert lines[1].split()[:6] == ["1", "Bob", "bob", "80", "100.0", "55"]
    assert lines[2].split()[:6] == ["2", "=Alice", "alice", "70", "50.0", "72"]
    assert "\x1b" not in result.stdout  # escape sequences in names never reach a terminal
    assert ("@analyst/internal/network_exists", {"network": "twitter"}) in db.calls
    ranked = [params for query, params in db.calls if "score_' + toLower($network)" in query]
    assert ranked[0]["network"] == "twitter"


def test_top_json_keeps_the_overall_score_and_adds_the_networks(db: FakeDatabase) -> None:
    rows = json.loads(runner.invoke(app, ["top", "--network", "twitter", "--json"]).stdout)
    assert rows[0] == {
        "rank": 1,
        "person_id": "bob",
        "name": "Bob\x1b[31m",
        "score": 55,
        "score_raw": 0.6,
        "score_percentile": 90.0,
        "networks": {"twitter": 80},
        "network": "twitter",
        "network_score": 80,
        "network_percentile": 100.0,
    }


def test_top_as_csv_tsv_and_json_lines(db: FakeDatabase) -> None:
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["top", "--csv"]).stdout)))
    assert list(rows[0]) == [
        "rank",
        "person_id",
        "name",
        "score",
        "score_percentile",
        "score_raw",
        "score_mastodon",
        "score_twitter",
    ]
    assert (rows[0]["name"], rows[0]["score_mastodon"], rows[1]["score_mastodon"]) == (
        "'=Alice",
        "45",
        "",
    )  # a formula in a name is neutralised; a missing sub-score is empty
    tsv = runner.invoke(app, ["top", "--tsv"]).stdout.splitlines()
    assert tsv[1].split("\t")[:4] == ["1", "alice", "'=Alice", "72"]
    lines = runner.invoke(app, ["top", "--nl"]).stdout.splitlines()
    assert [json.loads(line)["person_id"] for line in lines] == ["alice", "bob"]


def test_topic_names_match_in_any_case(db: FakeDatabase) -> None:
    result = runner.invoke(app, ["top", "--topic", "PYTHON", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["topic_score"] == 80
    ranked = [params for query, params in db.calls if "toLower($topic)" in query]
    assert ranked[-1]["topic"] == "Python"  # the graph's spelling


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--network",
            "twiter",
            "Error: no network 'twiter'; did you mean twitter? known networks: mastodon, twitter\n",
        ),
        (
            "--topic",
            "pyton",
            "Error: no topic 'pyton'; did you mean Python? known topics: Python, graphs\n",
        ),
    ],
)
def test_unknown_names_are_errors_with_a_suggestion(
    db: FakeDatabase, option: str, value: str, message: str
) -> None:
    result = runner.invoke(app, ["top", option, value])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_top_quiet_like_the_other_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeDatabase(_world(**{"@analyst/top_influencers": []})))
    said = runner.invoke(app, ["top", "--min-score", "99"])
    assert said.stderr == "Nobody has a score of at least 99 here.\n"
    for args in (["top", "-q", "--min-score", "99"], ["-q", "top", "--min-score", "99"]):
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_fixed_choices_are_listed_in_help() -> None:
    export = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--format <csv|jsonl|parquet>" in export
    score = runner.invoke(app, ["score", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--algorithm <pagerank|articlerank>" in score
    calibrate = runner.invoke(app, ["calibrate", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--algorithm <pagerank|articlerank>" in calibrate
    wrong = runner.invoke(app, ["score", "--algorithm", "hits"])
    assert wrong.exit_code == 2
    assert "'hits' is not one of 'pagerank', 'articlerank'" in wrong.stderr


def _keep(tmp_path: Path) -> Path:
    keep = tmp_path / "keep.csv"
    keep.write_text("rank,person_id\n" + "1,someone\n" * 1000)
    keep.chmod(0o640)
    return keep


@pytest.mark.parametrize(("option", "value"), [("--topic", "nope"), ("--network", "nope")])
def test_an_export_of_an_unknown_name_leaves_the_file_alone(
    db: FakeDatabase, tmp_path: Path, option: str, value: str
) -> None:
    keep = _keep(tmp_path)
    before = keep.read_bytes()
    result = runner.invoke(app, ["export", option, value, "-o", str(keep)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no {option[2:]} 'nope'; ")
    assert keep.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["keep.csv"]


def test_an_export_replaces_a_file_keeping_its_permissions(
    db: FakeDatabase, tmp_path: Path
) -> None:
    keep = _keep(tmp_path)
    result = runner.invoke(app, ["export", "--format", "CSV", "-o", str(keep)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Exported 2 people to {keep}.\n"
    rows = list(csv.reader(io.StringIO(keep.read_text())))
    assert rows[1][:3] == ["1", "alice", "'=Alice"]
    assert stat.S_IMODE(keep.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["keep.csv"]


def test_an_export_to_a_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "missing-dir" / "x.csv")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {tmp_path}/missing-dir/x.csv: the folder {tmp_path}/missing-dir "
        "does not exist\n"
    )


def test_an_export_never_replaces_a_device_or_a_folder(tmp_path: Path) -> None:
    for target in ("/dev/full", "/dev/null", str(tmp_path)):
        result = runner.invoke(app, ["export", "-o", target])
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: cannot write {target}: it is not a regular file (a folder, a device or a "
            "pipe); give a file name, or leave -o out to write to stdout\n"
        )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
