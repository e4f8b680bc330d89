"""From per-account raw influence to per-person scores (pure: pandas and numpy, no I/O).

A person's raw influence adds up, over their accounts, the influence above the baseline
``1 - damping`` (what an account nobody engages with has), so impact on two networks adds up.
Per-network sub-scores use the same map on the person's raw influence on that network.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.scoring import calibrate
from clout.scoring.calibrate import Calibration

# Below this, rank above the baseline is rounding noise: the person received nothing counted.
EPSILON = 1e-12


@dataclass(frozen=True)
class Influence:
    """Raw influence per person (``raw``) and per person and network (``by_network``)."""

    raw: pd.Series
    by_network: pd.DataFrame

    @property
    def population(self) -> np.ndarray:
        """The calibration population's raw values (people who received something)."""
        values = self.raw.to_numpy(dtype=np.float64)
        return values[values > 0]

    def score(self, calibration: Calibration) -> Scored:
        return scored(self, calibration)


def influence(accounts: pd.DataFrame, baseline: float) -> Influence:
    """Add up ``accounts`` (columns ``person``, ``network``, ``score``) per person."""
    above = (accounts["score"].astype(float) - baseline).to_numpy(copy=True)
    above[above < EPSILON] = 0.0
    frame = pd.DataFrame(
        {"person": accounts["person"], "network": accounts["network"], "raw": above}
    )
    by_network = frame.groupby(["person", "network"])["raw"].sum().reset_index()
    raw = by_network.groupby("person")["raw"].sum()
    return Influence(raw=raw, by_network=by_network)


class Found(Protocol):
    """A window's raw influence as a run calibrates and scores it: ``Influence`` (in memory,
    the GDS engine's) or the Spark engine's, which stays in Spark."""

    @property
    def population(self) -> npt.NDArray[np.float64]:
        """The calibration population's raw values (what ``calibrate.fit`` takes)."""
        ...

    def score(self, calibration: Calibration) -> Scored:
        """Everybody with raw > 0, scored with ``calibration``."""
        ...


@dataclass(frozen=True)
class Scored:
    """The people with raw > 0 and their scores, as parallel columns: ``person`` (person_id),
    ``score``, ``raw``, ``percentile``, and per network the sub-score (None where the run ranked
    no account of the person on that network)."""

    person: list[str]
    score: list[int]
    raw: list[float]
    percentile: list[float]
    by_network: dict[str, list[int | None]]

    def __len__(self) -> int:
        return len(self.person)


def scored(found: Influence, calibration: Calibration) -> Scored:
    """Everybody with raw > 0 in ``found``, scored with ``calibration``."""
    ranked = found.raw[found.raw > 0]
    values = ranked.to_numpy(dtype=np.float64)
    who = pd.Index(ranked.index)
    # Every network of a person with raw > 0 gets a sub-score (1 where their raw there is 0).
    nets = found.by_network[who.get_indexer(pd.Index(found.by_network["person"])) >= 0]
    return Scored(
        person=[str(p) for p in who.tolist()],
        score=calibrate.scores(calibration, values).tolist(),
        raw=values.tolist(),
        percentile=calibrate.percentiles(found.population, values).tolist(),
        by_network=sub_scores(
            who,
            nets["person"],
            nets["network"].to_numpy(),
            calibrate.scores(calibration, nets["raw"].to_numpy()),
        ),
    )


def sub_scores(who: pd.Index, person: Any, network: Any, score: Any) -> dict[str, list[int | None]]:
    """Per network, a column parallel to ``who``: the sub-score of each person of ``who``
    there (from the parallel ``person``, ``network``, ``score``), None where none is given."""
    at = who.get_indexer(pd.Index(np.asarray(person, dtype=object)))
    network, score = np.asarray(network)[at >= 0], np.asarray(score)[at >= 0]
    at = at[at >= 0]
    by_network: dict[str, list[int | None]] = {}
    for name in sorted(set(network.tolist())):
        column = np.full(len(who), -1, dtype=np.int64)
        on = network == name
        column[at[on]] = score[on]
        by_network[str(name)] = [None if v < 0 else v for v in column.tolist()]
    return by_network


def lists_per(keys: list[str], person: Any, **columns: Any) -> dict[str, list[list[Any]]]:
    """Parallel ``columns`` (array-likes, one value per entry of ``person``) as one list per
    entry of ``keys`` (unique), in ``keys``' order: ``{column: [values of keys[0], ...]}``.
    Values keep their order within a key; a key without values gets empty lists, and values of
    a person not in ``keys`` are left out."""
    at = pd.Index(keys).get_indexer(pd.Index(np.asarray(person, dtype=object)))
    keep = np.flatnonzero(at >= 0)
    order = keep[np.argsort(at[keep], kind="stable")]
    bounds = np.searchsorted(at[order], np.arange(len(keys) + 1)).tolist()
    spans = list(itertools.pairwise(bounds))
    result: dict[str, list[list[Any]]] = {}
    for name, column in columns.items():
        values = np.asarray(column)[order].tolist()
        result[name] = [values[a:b] for a, b in spans]
    return result
