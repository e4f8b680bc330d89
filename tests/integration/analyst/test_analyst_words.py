"""A user's own Twitter-style file (handles written ``@alice``), loaded and scored twice by the
CLI: every spelling of a handle finds its person, a person whose engagement aged out learns why
in words, scoring warns about a tiny calibration and its drift once, the runs are listed, and
``clout doctor`` accepts the server's Neo4j version."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.integration.conftest import wipe
from typer.testing import Result

from clout.db import Database

Invoke = Callable[..., Result]
JANUARY = "2024-01-31T00:00:00Z"
APRIL = "2024-04-30T00:00:00Z"


def _rows() -> list[str]:
    rows = ["actor,target,type,timestamp"]
    rows += [
        "@bob,@alice,retweet,2024-01-10T12:00:00Z",
        "@bob,@alice,retweet,2024-01-12T12:00:00Z",
        "@carol,@alice,like,2024-01-11T12:00:00Z",
    ]
    for fan in range(12):  # fans make bob and carol someone, in January and in April
        for star, day in (("bob", 5), ("carol", 6)):
            rows.append(f"@fan{fan},@{star},like,2024-01-{day + fan % 3:02d}T09:00:00Z")
            rows.append(f"@fan{fan},@{star},reply,2024-04-{day + 10 + fan % 5:02d}T09:00:00Z")
    return rows


@pytest.fixture(scope="module")
def twice(
    database_session: Database, cli: Invoke, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Result]]:
    """The file loaded, then scored as of the end of January and of April (30-day windows)."""
    wipe(database_session)
    path = tmp_path_factory.mktemp("words") / "tweets.csv"
    path.write_text("\n".join(_rows()) + "\n")
    loaded = cli("load", "interactions", str(path), "--network", "twitter")
    assert loaded.exit_code == 0, loaded.output
    first = cli("score", "--as-of", JANUARY, "--window-days", "30")
    assert first.exit_code == 0, first.output
    second = cli("score", "--as-of", APRIL, "--window-days", "30")
    assert second.exit_code == 0, second.output
    yield {"first": first, "second": second}
    wipe(database_session)


@pytest.mark.parametrize(
    "typed", ["alice", "@alice", "twitter:alice", "twitter:@alice", "Twitter:@alice"]
)
def test_every_spelling_of_a_handle_finds_the_person(
    twice: dict[str, Result], cli: Invoke, typed: str
) -> None:
    result = cli("show", typed, "--json", "-q")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["person_id"] in ("twitter:@alice", "twitter:alice")
    history = cli("history", typed, "--nl")
    assert [json.loads(line)["score"] for line in history.stdout.splitlines()][-1] == 1


def test_a_person_whose_engagement_aged_out_learns_why(
    twice: dict[str, Result], cli: Invoke
) -> None:
    result = cli("show", "@alice")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    shown = json.loads(cli("show", "@alice", "--json", "-q").stdout)
    before = shown["since"]["score_before"]
    assert before > 1
    assert shown["score"] == 1
    aged = shown["since"]["aged_out"]
    # The loader may keep the @ of a handle or drop it: names follow the handles.
    bob, carol = (g["name"] for g in aged)
    assert [(g["person_id"], g["kinds"], g["gone"]) for g in aged] == [
        (f"twitter:{bob}", {"SHARED": 2}, True),
        (f"twitter:{carol}", {"LIKED": 1}, True),
    ]
    assert (
        f"Since the run as of 2024-01-31: Your score fell from {before} to 1: the engagement of "
        f"{bob} and {carol} aged out of the 30-day window (100% of your influence then); nobody "
        "new engaged with you."
    ) in text
    assert (
        f"  Aged out of the 30-day window: {bob} (twitter:{bob}) shared twice (the last on "
        f"2024-01-12); {carol} (twitter:{carol}) liked once (the last on 2024-01-11)."
    ) in text
    assert "Nobody's interactions count toward this score in the run's window." in text
    assert "Score 1 of 100 (run as of 2024-04-30, 30-day window)." in text
    assert "teleport" not in text


def test_bob_s_moments_and_engagers(twice: dict[str, Result], cli: Invoke) -> None:
    shown = json.loads(cli("show", "bob", "--json", "-q").stdout)
    assert len(shown["engagers"]) == 12
    assert {g["kinds"].get("REPLIED_TO") for g in shown["engagers"]} == {1}
    assert shown["moments"][0]["kind"] == "REPLIED_TO"
    # Ids are stored as keys (no --keep-event-ids): a moment names its key, which finds it.
    moment = shown["moments"][0]["event_id"]
    assert moment.startswith("eid:")
    found = json.loads(cli("query", "event", moment, "--json").stdout)
    assert [(f["kind"], f["target"]) for f in found] == [("REPLIED_TO", "bob")]
    assert shown["since"]["aged_out"]  # January's likes left the window
    assert sum(g["share"] for g in shown["engagers"]) == pytest.approx(1.0)


def test_scoring_warns_about_the_small_calibration_and_drift_once(twice: dict[str, Result]) -> None:
    first = twice["first"].stderr
    assert "Warning: the calibration was fitted on only " in first
    assert "(fewer than 1,000): the scores are little more than ranks" in first
    second = twice["second"].stderr
    # April's two receivers are scored with January's calibration of three: far off target.
    drift = [line for line in second.splitlines() if "drifted" in line]
    assert len(drift) == 1
    assert drift[0].startswith("Warning: the scores drifted from the calibration targets (mean ")
    assert drift[0].endswith(
        "refit with: clout calibrate --as-of 2024-04-30T00:00:00Z --window-days 30"
    )


def test_runs_lists_both_runs(twice: dict[str, Result], cli: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("runs", "--csv").stdout)))
    assert [(r["as_of"][:10], r["status"], r["live"]) for r in rows] == [
        ("2024-04-30", "done", "true"),
        ("2024-01-31", "done", "false"),
    ]
    table = cli("runs").stdout.splitlines()
    assert table[1].split()[1:4] == ["done", "live", "2024-04-30"]


def test_doctor_accepts_the_server_version(twice: dict[str, Result], cli: Invoke) -> None:
    result = cli("doctor", "--json")
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["neo4j"]["ok"] is True
    assert checks["neo4j"]["detail"].startswith("Neo4j 5.")


def test_export_writes_only_regular_files(
    twice: dict[str, Result], cli: Invoke, tmp_path: Path
) -> None:
    device = cli("export", "-o", "/dev/full")
    assert device.exit_code == 1
    assert device.stderr.startswith("Error: cannot write /dev/full: it is not a regular file")
    missing = cli("export", "-o", str(tmp_path / "missing-dir" / "x.csv"))
    assert missing.stderr == (
        f"Error: cannot write {tmp_path}/missing-dir/x.csv: the folder {tmp_path}/missing-dir "
        "does not exist\n"
    )
