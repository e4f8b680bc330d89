"""``clout show`` and ``clout history`` on the scored world."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Invoke = Callable[..., Result]
pytestmark = pytest.mark.usefixtures("world")


def test_show_json_explains_the_score(cli: Invoke) -> None:
    result = cli("show", "twitter:alice", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["person_id"] == "alice"
    assert (shown["score"], shown["score_percentile"]) == (72, 99.0)
    assert shown["networks"] == {"mastodon": 45, "twitter": 70}
    assert shown["run"]["run_id"] == "run-4"  # not the failed or running ones
    assert shown["change"] == {"since_previous_run": 7, "days_7": 12, "days_30": 22}
    mix = {(m["kind"], m["network"]): m["interactions"] for m in shown["interactions"]}
    assert mix == {
        ("LIKED", "twitter"): 6,
        ("SHARED", "twitter"): 2,
        ("SHARED", "mastodon"): 1,
        ("REPLIED_TO", "mastodon"): 1,
    }
    why = shown["why"]
    assert why["base"] == pytest.approx(0.15)
    assert why["note"] is None  # every engager has a rank stored for run-4
    people = {c["person_id"]: c["contribution"] for c in why["contributors"]}
    assert set(people) == {"bob", "carol", "dave", "erin"}  # never alice's own self-share
    assert people["bob"] == pytest.approx(_bob_to_alice())
    assert why["contributors"][0]["person_id"] == "bob"
    assert sum(c["share"] for c in why["contributors"]) == pytest.approx(1.0)
    assert why["total"] == pytest.approx(sum(people.values()))


def _bob_to_alice() -> float:
    """Bob's contribution to alice by hand, with the model of run-4's time (conftest.SCORING_5:
    as of 2024-05-31, half-life 30 days; kinds SHARED 3, MENTIONED 1.5, LIKED 0.5; no
    reciprocity discount; standing earned / (earned + 1); log(1 + sum) per pair; no fading)."""
    decay = 0.5 ** (1 / 30)  # per day of age
    given = math.log1p(3 * 2 * decay**20.5)  # bob SHARED x2 alice, May 10 12:00
    open_ = math.log1p(3 * decay**14.5)  # carol SHARED bob (bob does not engage back)
    # Alice engages bob back (MENTIONED, May 15 12:00), so she vouches for him: her own
    # first-step standing (carol LIKED her May 11, erin LIKED her x5 May 14: she engages neither
    # back) times the share of her weight she gives bob (all of it: nothing else in the window).
    alice_open = math.log1p(0.5 * decay**19.5) + math.log1p(0.5 * 5 * decay**16.5)
    vouched = alice_open / (alice_open + 1) * 1.0
    earned = open_ + vouched
    standing = earned / (earned + 1)
    kept = given * standing
    # Bob gives nothing else in the window (his self-like and his 2023 like of erin never count),
    # so he divides his rank (0.5) by `given`: the kept edge plus the sink's rest.
    return 0.85 * 0.5 * kept / given


def test_show_text_names_the_contributors(cli: Invoke) -> None:
    result = cli("show", "alice")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    lines = text.splitlines()
    assert lines[0] == "Alice Liddell (alice)  mastodon:alice_m, twitter:alice"
    assert lines[1] == (
        "Score 72 of 100, at or above 99% of the people scored (run as of 2024-05-31, 90-day "
        "window)."
    )
    assert "Change: +7 since the previous run, +12 over 7 days, +22 over 30 days." in lines
    shown = json.loads(cli("show", "alice", "--json").stdout)
    bob = next(line for line in lines if "Bob Stone (bob)" in line)
    assert bob.split()[0] == f"{shown['engagers'][0]['share']:.0%}"
    assert bob.split()[4:] == ["55", "shared", "twice", "2024-05-10"]
    # Dave and erin engage, but nobody engages with them: no standing, they pass on nothing.
    assert text.index("Bob Stone") < text.index("Carol King") < text.index("Erin Quiet")
    assert "teleport" not in text
    assert "Since the run as of 2024-05-27: Your score rose from 65 to 72" in text


def test_show_lists_engagers_moments_and_changes(cli: Invoke) -> None:
    shown = json.loads(cli("show", "@alice", "--json").stdout)
    engagers = {g["person_id"]: g for g in shown["engagers"]}
    assert engagers["bob"]["score"] == 55  # their own score
    assert engagers["erin"]["kinds"] == {"LIKED": 5}
    assert engagers["carol"]["kinds"] == {"LIKED": 1, "SHARED": 1}
    assert (engagers["carol"]["first"], engagers["carol"]["last"]) == (
        "2024-05-11T12:00:00+00:00",
        "2024-05-12T12:00:00+00:00",
    )
    assert sum(g["contribution"] for g in shown["engagers"]) == pytest.approx(shown["why"]["total"])
    moments = shown["moments"]
    assert moments[0] == moments[0] | {
        "event_id": "twitter:0",
        "kind": "SHARED",
        "person_id": "bob",
    }
    assert sum(m["share"] for m in moments) <= 1.0 + 1e-9
    since = shown["since"]
    assert (since["run"]["run_id"], since["score_before"], since["score"]) == ("run-3", 65, 72)
    earlier = json.loads(cli("show", "alice", "--since", "2024-05-21", "--json").stdout)
    assert earlier["since"]["run"]["run_id"] == "run-2"
    assert earlier["since"]["cause"].startswith("Your score rose from 60 to 72")
    rows = cli("show", "alice", "--csv").stdout.splitlines()
    assert rows[0].startswith("person_id,name,score,share,contribution,interactions,first,last")
    assert rows[1].startswith("bob,Bob Stone,55,")


def test_show_since_a_date_before_every_run(cli: Invoke) -> None:
    result = cli("show", "alice", "--since", "2020-01-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no scoring run is as of 2020-01-01 00:00 or earlier; the oldest is as of "
        "2024-04-01 00:00\n"
    )


def test_show_a_person_nobody_engages_with(cli: Invoke) -> None:
    result = cli("show", "erin", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["score"], shown["why"]["contributors"], shown["interactions"]) == (1, [], [])
    assert shown["change"]["since_previous_run"] == 0


def test_show_unknown_person_suggests_the_closest(cli: Invoke) -> None:
    result = cli("show", "alcie")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: no person 'alcie' (give a person id, a handle or network:handle)"
    assert lines[1].startswith("closest matches: alice")


def test_show_an_ambiguous_handle_asks_for_the_network(cli: Invoke) -> None:
    result = cli("show", "sam")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'sam' is the handle of several people: mastodon:sam, twitter:sam; "
        "give network:handle or the person id\n"
    )
    assert cli("show", "mastodon:sam").exit_code == 0


def test_history_json_and_sparkline(cli: Invoke) -> None:
    data = json.loads(cli("history", "carol", "--json").stdout)
    assert [(p["run_id"], p["score"]) for p in data["history"]] == [
        ("run-1", 1),
        ("run-2", 20),
        ("run-3", 40),
        ("run-4", 48),
    ]
    assert data["history"][3]["networks"] == {"mastodon": 30, "twitter": 48}
    result = cli("history", "carol")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Carol King (carol)\n")
    assert "run-2  2024-05-20     20 " in result.stdout
    assert result.stdout.splitlines()[-1] == "▁▄▇█  1 → 48"
    csv_rows = cli("history", "carol", "--csv").stdout.splitlines()
    assert csv_rows[0] == (
        "run_id,as_of,score,score_percentile,score_raw,score_mastodon,score_twitter"
    )
    assert csv_rows[4].startswith("run-4,2024-05-31T00:00:00+00:00,48,48.0,0.4,30,48")
    lines = cli("history", "carol", "--nl").stdout.splitlines()
    assert [json.loads(line)["score"] for line in lines] == [1, 20, 40, 48]


def test_history_plot_writes_a_png(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "alice.png"
    result = cli("history", "alice", "--plot", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote the chart to {target}.\n"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 10_000
