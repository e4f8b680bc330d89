"""The suite's verdict on a real held-out set, offline (the numpy reference in place of GDS):
Digg's replies, whose data chose none of the model's constants."""

from __future__ import annotations

from pathlib import Path

import pytest

from clout import config
from clout.evaluate import suite

pytestmark = pytest.mark.data


def test_on_digg_clout_holds_every_cell_and_farms_do_not_pay(shared_data: Path) -> None:
    digg = suite.chosen(["digg"])[0]
    result = suite.offline_rows(digg, shared_data, config.load())
    assert len({r.cutoff for r in result.rows}) == len(suite.CUTOFF_SHARES)
    for cell in suite.cells(result.rows):
        assert cell.holds, cell
    assert sum(c.margin > 0 for c in suite.cells(result.rows)) >= 2
    for farm in result.farms:
        assert farm.gains["clout"] <= 5, farm
        # Counting pays the farm: every baseline lifts the beneficiary far more.
        assert min(g for m, g in farm.gains.items() if m != "clout") >= 15, farm
        if farm.seeds == 0:
            assert farm.best_member < farm.median, farm
