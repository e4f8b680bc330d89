"""Explanations people understand: engagers, moments and changes, in words (no database)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from tests.support import fake_db
from typer.testing import CliRunner

from clout import config
from clout.analyst import explain
from clout.analyst.contributions import Contributor, Explanation
from clout.analyst.explain import Side, compare, engagers, split_flows
from clout.analyst.person_lookup import PersonRef
from clout.analyst.profile import Mix, Profile
from clout.analyst.run_lookup import Run
from clout.analyst.timeline import History, Point
from clout.cli import app, score
from clout.scoring.runs import RunResult

AS_OF = datetime(2024, 5, 31, tzinfo=UTC)
CFG = config.load().scoring


def _event(event_id: str, who: str, kind: str, days_ago: float, count: float = 1) -> dict:
    return {
        "event_id": event_id,
        "kind": kind,
        "network": "twitter",
        "handle": f"@{who}",
        "account": f"acc-{who}",
        "person_id": who,
        "name": who.title(),
        "at": AS_OF - timedelta(days=days_ago),
        "count": count,
    }


EVENTS = [
    _event("twitter:1", "bob", "SHARED", 1, 2),
    _event("twitter:2", "bob", "LIKED", 20),
    _event("twitter:3", "carol", "LIKED", 3),
]
FLOWS = {"acc-bob": 0.3, "acc-carol": 0.1}


def _explanation(flows: dict[str, float]) -> Explanation:
    total = sum(flows.values())
    people = [Contributor(a.removeprefix("acc-"), None, 1, f, f / total) for a, f in flows.items()]
    return Explanation(base=0.15, total=total, contributors=people, accounts=flows)


def test_moments_split_each_flow_by_decayed_weight_and_add_up() -> None:
    moments = split_flows(EVENTS, FLOWS, CFG, AS_OF)
    assert [m.event_id for m in moments] == ["twitter:1", "twitter:3", "twitter:2"]
    assert sum(m.contribution for m in moments) == pytest.approx(0.4)
    bob = [m for m in moments if m.person_id == "bob"]
    assert sum(m.contribution for m in bob) == pytest.approx(0.3)
    # A share of two, a day old, against a like twenty days old: by decayed weight.
    shared = 3.0 * 2 * (0.25 + 0.75 * 0.5 ** (1 / CFG.half_life_days))
    liked = 0.5 * (0.25 + 0.75 * 0.5 ** (20 / CFG.half_life_days))
    assert bob[0].contribution == pytest.approx(0.3 * shared / (shared + liked))
    assert sum(m.share for m in moments) == pytest.approx(1.0)


def test_engagers_say_what_they_did_how_often_and_when() -> None:
    moments = split_flows(EVENTS, FLOWS, CFG, AS_OF)
    found = engagers(EVENTS, moments, _explanation(FLOWS), {"bob": 55})
    assert [(g.person_id, g.score) for g in found] == [("bob", 55), ("carol", 1)]
    bob = found[0]
    assert bob.kinds == {"SHARED": 2.0, "LIKED": 1.0}
    assert (bob.interactions, bob.first, bob.last) == (
        3.0,
        AS_OF - timedelta(days=20),
        AS_OF - timedelta(days=1),
    )
    assert bob.share == pytest.approx(0.75)


def _side(
    run_id: str,
    as_of: datetime,
    score: int,
    raw: float,
    events: list[dict],
    flows: dict[str, float],
    scores: dict[str, int],
) -> Side:
    explanation = _explanation(flows) if flows else Explanation(0.15, 0.0, [])
    moments = split_flows(events, flows, CFG, as_of)
    return Side(
        Run(run_id, as_of, window_days=90),
        score,
        raw,
        engagers(events, moments, explanation, scores),
        moments,
        explanation.total,
        explanation,
    )


def test_a_person_who_fell_gets_the_cause_in_words() -> None:
    then = _side("r1", AS_OF, 27, 0.4, EVENTS, FLOWS, {"bob": 55, "carol": 30})
    now = _side("r2", AS_OF + timedelta(days=91), 1, 0.0, [], {}, {})
    change = compare(now, then, 90)
    assert [(a.person_id, a.kinds, a.gone) for a in change.aged_out] == [
        ("bob", {"SHARED": 2.0, "LIKED": 1.0}, True),
        ("carol", {"LIKED": 1.0}, True),
    ]
    assert change.aged_out[0].last == AS_OF - timedelta(days=1)
    assert sum(a.share for a in change.aged_out) == pytest.approx(1.0)
    assert (change.new, change.moved) == ([], [])
    assert change.cause == (
        "Your score fell from 27 to 1: the engagement of Bob and Carol aged out of the 90-day "
        "window (100% of your influence then); nobody new engaged with you."
    )


def test_new_engagers_and_engagers_whose_score_moved() -> None:
    then = _side("r1", AS_OF, 30, 0.3, EVENTS[:2], {"acc-bob": 0.3}, {"bob": 70})
    later = AS_OF + timedelta(days=1)
    events = [*EVENTS, _event("twitter:4", "dave", "SHARED", 0)]
    flows = {"acc-bob": 0.2, "acc-carol": 0.1, "acc-dave": 0.3}
    now = _side("r2", later, 41, 0.6, events, flows, {"bob": 60, "carol": 20, "dave": 80})
    change = compare(now, then, 90)
    assert [g.person_id for g in change.new] == ["dave", "carol"]
    assert [(m.person_id, m.before, m.after) for m in change.moved] == [("bob", 70, 60)]
    assert change.cause == (
        "Your score rose from 30 to 41: new engagement from Dave and Carol (67% of your "
        "influence now)."
    )


def test_older_interactions_of_a_remaining_engager_aged_out() -> None:
    then = _side("r1", AS_OF, 40, 0.4, EVENTS, FLOWS, {"bob": 55, "carol": 30})
    later = AS_OF + timedelta(days=15)
    now = _side(
        "r2",
        later,
        30,
        0.2,
        EVENTS[:1] + EVENTS[2:],
        {"acc-bob": 0.1, "acc-carol": 0.1},
        {"bob": 55, "carol": 30},
    )
    change = compare(now, then, 90)
    assert [(a.person_id, a.kinds, a.gone) for a in change.aged_out] == [
        ("bob", {"LIKED": 1.0}, False)
    ]
    assert change.cause.startswith(
        "Your score fell from 40 to 30: older interactions of Bob aged out of the 90-day window ("
    )


def test_a_change_with_the_same_influence_is_the_population() -> None:
    then = _side("r1", AS_OF, 50, 0.4, EVENTS, FLOWS, {"bob": 55, "carol": 30})
    now = replace(then, run=Run("r2", AS_OF, window_days=90), score=48)
    assert compare(now, then, 90).cause == (
        "Your score fell from 50 to 48: nobody new engaged with you; your own influence barely "
        "moved: others' did (scores compare you with everybody)."
    )


def _profile() -> Profile:
    run = Run("20240531-xyz", AS_OF, window_days=90, calibration_version="v1")
    person = PersonRef("alice", "Alice")
    points = [
        Point("r0", AS_OF - timedelta(days=7), 65, 0.5, 90.0, {}),
        Point(run.run_id, AS_OF, 72, 0.4, 99.04, {"twitter": 72}),
    ]
    now = _side(run.run_id, AS_OF, 72, 0.4, EVENTS, FLOWS, {"bob": 55})
    then = _side(
        "r0", AS_OF - timedelta(days=7), 65, 0.5, EVENTS[2:], {"acc-carol": 0.5}, {"carol": 1}
    )
    return Profile(
        person=person,
        run=run,
        score=72,
        score_raw=0.4,
        score_percentile=99.04,
        networks={"twitter": 72},
        handles=["twitter:@alice"],
        topics={"python": 80},
        history=History(person, points, run.run_id),
        interactions=[Mix("SHARED", "twitter", 2, 1)],
        base=0.15000000000000002,
        contributors=now.explanation.contributors,
        others=0.0,
        why_total=0.4,
        engagers=tuple(now.engagers),
        moments=tuple(now.moments[:5]),
        change=compare(now, then, 90),
        calibration_population=15,
    )


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Profile:
    found = _profile()
    monkeypatch.setattr("clout.analyst.profile.profile", lambda *a, **k: found)
    fake_db.install(monkeypatch, fake_db.FakeDatabase())
    return found


def test_show_speaks_in_words_and_rounds(shown: Profile) -> None:
    result = CliRunner().invoke(app, ["show", "@alice"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "teleport" not in text
    assert not re.search(r"\d\.\d{5,}", text), "a raw float reached the terminal"
    lines = text.splitlines()
    assert lines[1] == (
        "Score 72 of 100, at or above 99% of the people scored (run as of 2024-05-31, 90-day "
        "window)."
    )
    assert "Change: +7 since the previous run, +7 over 7 days, n/a over 30 days." in lines
    engager = next(line for line in lines if "Bob (bob)" in line)
    assert engager.split()[0] == "75%"
    assert "55  shared twice, liked once  2024-05-11 to 2024-05-30" in engager
    assert "Moments that counted most:" in lines
    assert any(line.endswith("shared twice  twitter:1") for line in lines)
    assert lines[-2].startswith("Since the run as of 2024-05-24: Your score rose from 65 to 72")
    assert lines[-1] == "  New engagers: Bob (bob) (score 55)."
    assert lines[lines.index("Interactions received in the window:") + 2].split() == [
        "shared",
        "twitter",
        "2",
        "1",
    ]
    assert result.stderr == (
        "Note: the calibration was fitted on only 15 people (fewer than 1,000): the scores are "
        "little more than ranks; load more data, then refit with `clout calibrate`\n"
    )


def test_show_json_keeps_full_precision_and_csv_lists_engagers(shown: Profile) -> None:
    data = json.loads(CliRunner().invoke(app, ["show", "alice", "--json", "-q"]).stdout)
    assert data["why"]["base"] == 0.15000000000000002
    assert data["score_percentile"] == 99.04
    assert data["engagers"][0]["first"] == "2024-05-11T00:00:00+00:00"
    assert data["moments"][0]["event_id"] == "twitter:1"
    assert data["since"]["new_engagers"][0]["person_id"] == "bob"
    assert data["since"]["cause"].startswith("Your score rose from 65 to 72")
    rows = CliRunner().invoke(app, ["show", "alice", "--csv", "-q"]).stdout.splitlines()
    assert rows[0] == (
        "person_id,name,score,share,contribution,interactions,first,last,kind_liked,kind_shared"
    )
    assert rows[1].startswith("bob,Bob,55,0.749999")  # full precision


def _result(run_id: str, mean: float, drift: bool, version: str = "v1") -> RunResult:
    return RunResult(
        run_id,
        AS_OF,
        90,
        "pagerank",
        None,
        mean=mean,
        p95=70.0,
        calibration_version=version,
        drift="drifted" if drift else None,
    )


def test_scoring_warns_once_with_the_command_to_refit() -> None:
    results = [_result("a", 44.0, True), _result("b", 45.0, True), _result("c", 46.5, True)]
    refit = score.refit_command("2024-05-31", 30, "Twitter", score.Algorithm.articlerank)
    assert refit == (
        "clout calibrate --as-of 2024-05-31 --window-days 30 --network twitter --algorithm "
        "articlerank"
    )
    said = score.warnings(results, {"v1": 15}, CFG.calibration, refit)
    assert said == [
        "the calibration was fitted on only 15 people (fewer than 1,000): the scores are little "
        "more than ranks; load more data, then refit with `clout calibrate`",
        "the scores drifted from the calibration targets (mean 46.5, 95th percentile 70.0; "
        f"targets 40 and 63); refit with: {refit}",
    ]
    assert score.warnings([_result("d", 40.0, False)], {"v1": 5000}, CFG.calibration, "x") == []


def test_explain_names_few_people_then_counts_the_rest() -> None:
    people = [explain.Engager(f"p{i}", None, 1, {}, 1, AS_OF, AS_OF, 0, 0) for i in range(7)]
    assert explain._names(people[:2]) == "p0 and p1"
    assert explain._names(people) == "p0, p1, p2, p3, p4 and 2 others"
