"""A like-farm lifts neither its members above the median nor its beneficiary by > 5 points."""

from __future__ import annotations

import numpy as np
import pytest
from tests.integration.conftest import wipe
from tests.support import synth

from clout import config
from clout.db import Database
from clout.scoring import runs

SIZES = (10, 50, 200)


def _scores(db: Database) -> dict[str, int]:
    rows = db.read("MATCH (p:Person) RETURN p.person_id AS id, p.score AS score")
    return {r["id"]: int(r["score"]) for r in rows}


def _remove_farm(db: Database) -> None:
    db.write("MATCH (a:Account) WHERE a.handle STARTS WITH 'farm' DETACH DELETE a")
    db.write("MATCH (p:Person) WHERE p.person_id STARTS WITH 'farm' DETACH DELETE p")


@pytest.fixture(scope="module")
def world(database_session: Database) -> synth.World:
    wipe(database_session)
    generated = synth.generate(people=2000, interactions=40_000, days=120, seed=3)
    synth.load(database_session, generated)
    return generated


def test_like_farms_of_several_sizes_do_not_pay(
    world: synth.World, database_session: Database
) -> None:
    db, cfg = database_session, config.load()
    request = runs.ScoreRequest(as_of=synth.END)
    runs.score(db, cfg, request)  # fits the calibration on the world without a farm
    before = _scores(db)
    for size in SIZES:
        _remove_farm(db)
        farmed = synth.plant_farm(world, size)
        synth.load(db, farmed, first_event=len(world.actor))
        runs.score(db, cfg, request)
        after = _scores(db)
        honest = [s for pid, s in after.items() if s > 1 and not pid.startswith("farm")]
        median = float(np.median(honest))
        members = [after[f"farm{i}"] for i in range(size)]
        beneficiary = farmed.person_of(farmed.beneficiary or 0)
        gain = after[beneficiary] - before[beneficiary]
        assert max(members) <= median, (size, max(members), median)
        assert gain <= 5, (size, before[beneficiary], after[beneficiary])
