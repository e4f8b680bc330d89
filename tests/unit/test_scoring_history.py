"""A run's history columns: per-person scores, sub-scores, live values, ranks, topic scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clout import config
from clout.scoring import calibrate, history, people
from clout.scoring.events import Owners
from clout.scoring.influence import Measured
from clout.scoring.topic_runs import TopicScores
from clout.scoring.weights import IntArray

EMPTY: IntArray = np.zeros(0, dtype=np.int64)


def test_lists_per_follows_the_keys_order_and_leaves_others_out() -> None:
    lists = people.lists_per(
        ["a", "b", "c"],
        np.array(["b", "x", "a", "b"], dtype=object),
        value=np.array([1, 2, 3, 4]),
        name=["v", "w", "x", "y"],
    )
    assert lists == {"value": [[3], [1, 4], []], "name": [["x"], ["v", "y"], []]}
    assert people.lists_per([], np.array([], dtype=object), value=np.array([])) == {"value": []}


def _world() -> tuple[people.Scored, Measured]:
    # "a" has accounts on twitter (ranked) and reddit (never engaged); "b" on twitter and
    # facebook, both ranked; "c" received nothing (raw 0: not scored).
    accounts = pd.DataFrame(
        {
            "person": ["a", "b", "b", "c"],
            "network": ["twitter", "twitter", "facebook", "twitter"],
            "handle": ["a1", "b1", "b2", "c1"],
            "score": [0.9, 0.4, 0.3, 0.15],
        }
    )
    found = people.influence(accounts, baseline=0.15)
    fitted = calibrate.fit(found.population, config.load().scoring.calibration, "t")
    owners = Owners(
        pd.DataFrame(
            {
                "id": [1, 2, 3, 4, 5],
                "person": ["a", "a", "b", "b", "c"],
                "network": ["twitter", "reddit", "twitter", "facebook", "twitter"],
                "handle": ["a1", "a2", "b1", "b2", "c1"],
            }
        ).set_index("id", drop=False)
    )
    measured = Measured(
        found=found, interactions=0, accounts=4, seconds={}, ranks=accounts, owners=owners
    )
    return people.scored(found, fitted), measured


def test_scored_people_get_scores_and_a_sub_score_on_each_ranked_network() -> None:
    scored, _ = _world()
    assert scored.person == ["a", "b"]
    assert scored.raw == pytest.approx([0.75, 0.4])
    assert scored.score[0] > scored.score[1] >= 1
    assert scored.by_network == {
        "facebook": [None, scored.by_network["facebook"][1]],
        "twitter": [scored.by_network["twitter"][0], scored.by_network["twitter"][1]],
    }
    assert all(v is not None and 1 <= v <= 100 for v in scored.by_network["twitter"])


def test_history_columns_line_up_per_person() -> None:
    scored, measured = _world()
    topical = TopicScores(
        names=["rust", "go"],
        found=pd.DataFrame(
            {
                "person": ["b", "b", "z"],
                "topic": [1, 0, 0],
                "score": [70, 50, 90],
                "score_raw": [0.2, 0.1, 0.5],
            }
        ),
    )
    columns, networks = history.columns(scored, measured, topical)
    assert networks == ["facebook", "reddit", "twitter"]
    assert columns["person"] == ["a", "b"]
    assert columns["sub"]["reddit"] == [None, None]
    assert columns["sub"]["facebook"] == [None, scored.by_network["facebook"][1]]
    # Live: the sub-score, else 1 on a network the person has an account on, else nothing.
    assert columns["live"]["reddit"] == [1, None]
    assert columns["live"]["facebook"] == [None, scored.by_network["facebook"][1]]
    assert columns["rank_networks"] == [[2], [2, 0]]
    assert columns["rank_handles"] == [["a1"], ["b1", "b2"]]
    assert columns["ranks"] == [[0.9], [0.4, 0.3]]
    assert columns["topics"] == [[], [1, 0]]
    assert columns["topic_scores"] == [[], [70, 50]]
    assert columns["topic_raws"] == [[], [0.2, 0.1]]
