"""What a calibration's size means for the scores it gives.

A calibration maps raw influence to 1-100 by the raw values' quantiles in its population. On
a few hundred people each score step is a handful of people: the scores are then little more
than ranks, and the next data changes them a lot. Commands warn below :data:`MIN_POPULATION`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clout.db import Database

MIN_POPULATION = 1_000


def small_population(population: int | None) -> str | None:
    """The warning for a calibration fitted on ``population`` people (None when enough)."""
    if population is None or population >= MIN_POPULATION:
        return None
    return (
        f"the calibration was fitted on only {population:,} people (fewer than "
        f"{MIN_POPULATION:,}): the scores are little more than ranks; load more data, then "
        "refit with `clout calibrate`"
    )


def populations(db: Database, versions: list[str]) -> dict[str, int]:
    """How many people each calibration ``version`` was fitted on."""
    rows = db.read("@analyst/internal/calibration_population", versions=versions)
    return {r["version"]: int(r["population"]) for r in rows if r["population"] is not None}
