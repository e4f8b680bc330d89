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
    assert mix == {("LIKED", "twitter"): 6, ("SHARED", "twitter"): 2,
                   ("SHARED", "mastodon"): 1, ("REPLIED_TO", "mastodon"): 1}  # fmt: skip
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
    assert text.startswith("Alice Liddell (alice)  mastodon:alice_m, twitter:alice\n")
    assert "score 72  percentile 99.0" in text
    assert "change: +7 since the previous run, +12 over 7 days, +22 over 30 days" in text
    shown = json.loads(cli("show", "alice", "--json").stdout)["why"]
    assert f"{shown['contributors'][0]['share']:.1%}  Bob Stone (bob)" in text
    # Dave and erin engage, but nobody engages with them: no standing, they pass on nothing.
    assert text.index("Bob Stone") < text.index("Carol King") < text.index("Erin Quiet")
    assert f"contributions add up to {shown['total']:.4g}" in text


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
    assert " run-2  2024-05-20  20 " in result.stdout
    assert result.stdout.splitlines()[-1] == "▁▄▇█  1 → 48"


def test_history_plot_writes_a_png(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "alice.png"
    result = cli("history", "alice", "--plot", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote the chart to {target}.\n"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 10_000
