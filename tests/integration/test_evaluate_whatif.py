"""``--gaming`` and ``--stability`` rescore a scratch copy and leave the database as it was."""

from __future__ import annotations

from typing import Any

from tests.support import synth

from clout import config
from clout.db import Database
from clout.evaluate import gaming, stability, world


def _state(db: Database) -> tuple[Any, ...]:
    counts = db.read("@evaluate/counts")[0]
    live = db.read("MATCH (p:Person) WHERE p.score IS NOT NULL RETURN count(p) AS n")[0]["n"]
    return counts["nodes"], counts["relationships"], live


def test_farms_and_growth_are_rescored_and_cleaned_up(database: Database) -> None:
    synth.load(database, synth.generate(people=400, interactions=6000, days=120, seed=3))
    cfg = config.load()
    before = _state(database)
    attacks = (gaming.Attack(5), gaming.Attack(20, 3))
    farms = gaming.gaming(database, cfg, attacks=attacks)
    assert [(f.size, f.seeds) for f in farms] == [(5, 0), (20, 3)]
    for f in farms:
        assert 1 <= f.best_member <= 100
        assert f.gain == f.beneficiary_after - f.beneficiary_before == f.gains["clout"]
        assert f.interactions == f.size * (f.size - 1) * 2 + f.size * 20 + f.seeds
        assert 1 <= f.median <= 100
        assert f.gains["received"] > f.gains["clout"]
    assert _state(database) == before
    grown = stability.growth(database, cfg, shares=(0.1,))
    assert grown[0]["people_added"] == 40
    # Unrelated newcomers cannot move anybody under the same calibration (no normalisation).
    assert grown[0]["same_calibration"] == {"median": 0.0, "p95": 0.0, "max": 0.0}
    assert grown[0]["refitted_calibration"]["max"] >= 0.0
    daily = stability.daily(database, cfg, days=1)
    assert 0.0 <= daily["median"] <= daily["p95"] <= daily["max"] <= 99.0
    continuing = daily["continuing"]
    assert 0.0 <= continuing["median"] <= continuing["p95"] <= continuing["max"] <= daily["max"]
    assert _state(database) == before
    assert database.read("@evaluate/planted", network=world.NETWORK)[0]["accounts"] == 0


def test_clean_up_also_on_failure(database: Database) -> None:
    synth.load(database, synth.generate(people=100, interactions=1000, days=60, seed=4))
    before = _state(database)
    try:
        with world.scratch(database):
            world.plant(database, [{"person_id": f"{world.NETWORK}:x", "handle": "x"}], [])
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert _state(database) == before
