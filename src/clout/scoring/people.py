"""From per-account raw influence to per-person scores (pure: pandas and numpy, no I/O).

A person's raw influence adds up, over their accounts, the influence above the baseline
``1 - damping`` (what an account nobody engages with has), so impact on two networks adds up.
Per-network sub-scores use the same map on the person's raw influence on that network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
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


def score_rows(found: Influence, calibration: Calibration) -> list[dict[str, Any]]:
    """One row ``{person, props}`` per person with raw > 0, ready for history and write-back."""
    scored = found.raw[found.raw > 0]
    population = found.population
    person_scores = calibrate.scores(calibration, scored.to_numpy())
    pct = calibrate.percentiles(population, scored.to_numpy())
    # by_network is grouped by person, so a groupby sum lines each row up with its person's raw
    # (isin on a million strings costs seconds).
    person_raw = found.by_network.groupby("person", sort=False)["raw"].transform("sum")
    nets = found.by_network[person_raw.to_numpy() > 0]
    net_scores = calibrate.scores(calibration, nets["raw"].to_numpy())
    # Plain lists: iterating pandas' Arrow-backed strings costs microseconds per element.
    per_person: dict[str, dict[str, int]] = {}
    for person, network, value in zip(
        nets["person"].tolist(), nets["network"].tolist(), net_scores.tolist(), strict=True
    ):
        per_person.setdefault(str(person), {})[f"score_{network}"] = value
    rows = []
    columns = (scored.index.tolist(), scored.tolist(), person_scores.tolist(), pct.tolist())
    for person, raw, value, share in zip(*columns, strict=True):
        props: dict[str, Any] = {"score": value, "score_raw": raw, "score_percentile": share}
        props.update(per_person.get(str(person), {}))
        rows.append({"person": str(person), "props": props})
    return rows


def grouped(person: Any, **columns: Any) -> dict[str, dict[str, list[Any]]]:
    """Parallel ``columns`` (array-likes) as lists per ``person``, in order of first appearance
    (values keep their order within a person): ``{person: {column: [values]}}``."""
    codes, uniques = pd.factorize(np.asarray(person))
    if len(codes) == 0:
        return {}
    order = np.argsort(codes, kind="stable")
    ends = [*(np.flatnonzero(np.diff(codes[order])) + 1).tolist(), len(order)]
    values = {name: np.asarray(column)[order].tolist() for name, column in columns.items()}
    result: dict[str, dict[str, list[Any]]] = {}
    start = 0
    for end in ends:
        who = str(uniques[codes[order[start]]])
        result[who] = {name: column[start:end] for name, column in values.items()}
        start = end
    return result
