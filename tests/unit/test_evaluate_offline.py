"""The evaluation's shared parts on small worlds: predictors by hand, the offline backtest, the
like-farms, monotonicity of the score in its engagers, and the suite's verdict per cell."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clout import config
from clout.evaluate import gaming, offline, predictors, suite
from clout.loader.model import LoadOptions

KINDS = config.load().kinds

DAY = 86400
END = 200 * DAY


def _log(events: list[tuple[int, int, str, int]], accounts: int) -> offline.Log:
    """Accounts ``0 .. accounts - 1`` on network ``t`` (person ``t:<i>``)."""
    handles = [("t", str(i)) for i in range(accounts)]
    source, target, kind, at = zip(*events, strict=True) if events else ((), (), (), ())
    return offline.Log.of(handles, source, target, kind, at, [1] * len(events))


def _clout(log: offline.Log, as_of: int = END) -> pd.Series:
    return offline.compare(log, config.load().scoring, as_of, 90)["clout"]


def test_baselines_by_hand() -> None:
    # 1 and 2 share 0's posts (1 twice: 60 and 10 days ago); 0 replies to 3 (5 days ago).
    log = _log(
        [
            (1, 0, "SHARED", END - 60 * DAY),
            (1, 0, "SHARED", END - 10 * DAY),
            (2, 0, "SHARED", END - 40 * DAY),
            (0, 3, "REPLIED_TO", END - 5 * DAY),
        ],
        4,
    )
    frame = offline.compare(log, config.load().scoring, END, 90)
    assert list(frame.index) == ["t:0", "t:3"]  # the people who received something
    assert frame.loc["t:0", "received"] == 9.0  # three shares of weight 3
    assert frame.loc["t:0", "engagers"] == 2.0
    assert frame.loc["t:0", "recent"] == 3.0  # only the share of 10 days ago
    assert frame.loc["t:3", "received"] == 2.0
    assert (frame["clout"] > 0).all()
    assert (frame["pagerank"] > 0).all()


def test_the_offline_backtest_scores_every_method() -> None:
    rng = np.random.default_rng(1)
    events = [
        (int(a), int(b), "REPLIED_TO", int(t))
        for a, b, t in zip(
            rng.integers(0, 60, 3000),
            rng.zipf(1.6, 3000) % 60,
            rng.integers(0, END, 3000),
            strict=True,
        )
        if a != b % 60
    ]
    log = _log(events, 60)
    result = offline.backtest(log, config.load().scoring, log.cutoff(0.7), 30)
    assert set(result.metrics) == set(predictors.METHODS)
    assert result.people > 10
    assert 0 < result.engaged_after <= result.people
    for values in result.metrics.values():
        assert set(values) == {"spearman", "ndcg", "precision", "top_decile"}
    assert result.metrics["clout"]["spearman"] > 0.3


def test_percentile_cutoff_is_cyphers_percentile_disc() -> None:
    log = _log([(0, 1, "LIKED", t) for t in (10, 20, 30, 40)], 2)
    assert [log.cutoff(s) for s in (0.25, 0.5, 0.7, 1.0)] == [10, 20, 30, 40]


def _world() -> offline.Log:
    """200 people: ordinary fans (100..199) engage a few of 0..99, and 0..99 engage each
    other now and then, over the last 90 days."""
    rng = np.random.default_rng(7)
    events = []
    for fan in range(100, 200):
        for star in rng.choice(100, size=3, replace=False).tolist():
            events.append((fan, star, "SHARED", int(END - rng.integers(0, 90 * DAY))))
    for _ in range(300):
        a, b = rng.choice(100, size=2, replace=False).tolist()
        events.append((a, b, "REPLIED_TO", int(END - rng.integers(0, 90 * DAY))))
    return _log(events, 200)


def test_like_farms_pay_counting_but_not_clout() -> None:
    results = offline.farms(_world(), config.load().scoring, END)
    assert [(f.size, f.seeds) for f in results] == [(a.size, a.seeds) for a in gaming.ATTACKS]
    for farm in results:
        assert farm.gains["clout"] <= 5, farm
        assert farm.gains["received"] >= 20, farm
        assert farm.gains["engagers"] >= 10, farm
        if farm.seeds == 0:
            assert farm.best_member < farm.median, farm  # nobody outside engages them


def test_a_farm_that_got_real_likes_plants_them_from_ordinary_accounts() -> None:
    world = _world()
    counted = world.window(config.load().scoring, END, 90)
    ordinary = gaming.ordinary_accounts(counted)
    # The fans (nobody engages them), and any star that happens to have received nothing.
    assert set(range(100, 200)) <= set(ordinary.tolist())
    assert not set(ordinary.tolist()) & set(counted.events.target.tolist())
    plan = gaming.plan(gaming.Attack(10, 3), "t:5", END, ordinary)
    assert len(plan.likes) == 3
    assert {r["actor_id"] for r in plan.likes} <= set(ordinary.tolist())
    assert [r["target"] for r in plan.likes] == ["farm10_0", "farm10_1", "farm10_2"]
    assert len(plan.events) == 10 * 9 * 2 + 10 * 20


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), target=st.integers(0, 29), fans=st.integers(1, 5))
def test_more_distinct_real_engagers_never_lower_a_score(seed: int, target: int, fans: int) -> None:
    rng = np.random.default_rng(seed)
    events = [
        (int(a), int(b), str(k), int(END - rng.integers(0, 90 * DAY)))
        for a, b, k in zip(
            rng.integers(0, 30, 200),
            rng.integers(0, 30, 200),
            rng.choice(["LIKED", "SHARED", "REPLIED_TO"], 200),
            strict=True,
        )
        if a != b
    ]
    before = _clout(_log(events, 30 + fans)).get(f"t:{target}", 0.0)
    more = events + [(30 + i, target, "LIKED", END - DAY) for i in range(fans)]
    after = _clout(_log(more, 30 + fans))[f"t:{target}"]
    assert after > before


def test_the_log_reads_files_as_clout_load_does(tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text(
        "actor,target,type,timestamp\na,b,retweet,2024-01-02\nb,a,reply,2024-01-03\n"
        "c,c,like,2024-01-03\nx,y,nonsense,2024-01-04\n"
    )
    with pytest.raises(Exception, match=r"few\.csv:5: type: unknown interaction type"):
        offline.Log.read([(path, LoadOptions(network="t"))], KINDS)
    log = offline.Log.read([(path, LoadOptions(network="t", on_error="skip"))], KINDS)
    assert len(log.events) == 2  # the self-interaction and the bad row are left out
    assert log.events.kind.tolist() == ["SHARED", "REPLIED_TO"]
    assert log.owners.frame["person"].tolist() == ["t:a", "t:b"]


def test_a_cell_holds_within_the_tolerance() -> None:
    rows = [
        suite.Row("s", "c", "clout", 0.30, 0.50, 10.0),
        suite.Row("s", "c", "received", 0.305, 0.40, 10.2),
        suite.Row("s", "c", "engagers", 0.311, 0.45, 9.0),
    ]
    spearman, ndcg, top = suite.cells(rows)
    assert (spearman.best_method, round(spearman.margin, 3), spearman.holds) == (
        "engagers",
        -0.011,
        False,
    )
    assert (ndcg.best_method, ndcg.holds) == ("engagers", True)
    assert math.isclose(top.margin, 10.0 / 10.2 - 1)
    assert not top.holds
