"""What an evaluation compares, per person: clout's raw influence and the baselines a skeptic
would propose, all from one window's counted events (pure: the database backtest and the
offline one share it).

- ``received``: the interactions a person received, weighted by kind (``kind_weight * count``);
- ``engagers``: the distinct other people who engaged them;
- ``recent``: ``received`` over the window's last 30 days only;
- ``pagerank``: unweighted PageRank over the distinct (actor, target) account pairs, above the
  baseline ``1 - d``, added up per person (ranked by GDS or by the numpy reference).

The population ranked is everybody who received at least one counted interaction in the
window: the people a score tells apart. Everybody else gets 0 from every method (and scores 1),
so including them adds a block of ties that is the same for every method, and rank
correlation over it rewards a method for discarding information (docs/evidence.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.evaluate import metrics
from clout.scoring import people
from clout.scoring.config import ScoringConfig
from clout.scoring.influence import Counted, edges_of
from clout.scoring.weights import FloatArray, IntArray

BASELINES = ("received", "engagers", "recent", "pagerank")
METHODS = ("clout", *BASELINES)
RECENT_DAYS = 30
DAY_S = 86400
# Ranks weighted edges (source, target, weight): every node and its rank. GDS in the database
# (``clout.scoring.influence.rank_edges``), the numpy reference offline.
Ranker = Callable[[IntArray, IntArray, FloatArray], tuple[IntArray, FloatArray]]


@dataclass(frozen=True)
class PersonEvents:
    """A window's counted events as people: ``source``/``target`` index ``people``."""

    source: IntArray
    target: IntArray
    weight: FloatArray  # kind weight * count: the event's full strength
    at: IntArray  # epoch seconds
    people: npt.NDArray[np.object_]

    @classmethod
    def of(cls, counted: Counted) -> PersonEvents:
        """The events of ``counted`` between their accounts' owners."""
        ev = counted.events
        source, names = counted.owners.owners_of(ev.source)
        target, _ = counted.owners.owners_of(ev.target)
        keep = (source >= 0) & (target >= 0)
        return cls(source[keep], target[keep], counted.undecayed[keep], ev.at[keep], names)

    def received(self) -> FloatArray:
        received = np.bincount(self.target, weights=self.weight, minlength=len(self.people))
        return received.astype(np.float64)


def baselines(events: PersonEvents, as_of: int) -> pd.DataFrame:
    """``received``, ``engagers`` and ``recent`` of every person of ``events.people``."""
    n = len(events.people)
    pairs = np.unique(events.source * n + events.target)
    recent = events.at > as_of - RECENT_DAYS * DAY_S
    return pd.DataFrame(
        {
            "received": events.received(),
            "engagers": np.bincount(pairs % n, minlength=n).astype(np.float64),
            "recent": np.bincount(
                events.target[recent], weights=events.weight[recent], minlength=n
            ),
        },
        index=pd.Index(events.people, name="person"),
    )


def account_pairs(counted: Counted) -> tuple[IntArray, IntArray]:
    """The distinct (actor, target) account pairs of the window: unweighted PageRank's edges."""
    ev = counted.events
    if len(ev) == 0:
        return ev.source, ev.target
    top = int(max(ev.source.max(), ev.target.max())) + 1
    keys = np.unique(ev.source * top + ev.target)
    return keys // top, keys % top


def per_person(counted: Counted, node: IntArray, rank: FloatArray, baseline: float) -> pd.Series:
    """Ranks of account ids added up per person above ``baseline`` (clout's own rule)."""
    return people.influence(counted.owners.label(node, rank), baseline).raw


def table(counted: Counted, as_of: int, clout: pd.Series, pagerank: pd.Series) -> pd.DataFrame:
    """Every method's value for the population (people who received something), sorted by
    person id; ``clout`` and ``pagerank`` per person as ``per_person`` gives them."""
    found = baselines(PersonEvents.of(counted), as_of)
    found = found[found["received"] > 0]
    found["clout"] = clout.reindex(found.index).fillna(0.0)
    found["pagerank"] = pagerank.reindex(found.index).fillna(0.0)
    return found.sort_index()[list(METHODS)]


def compare(counted: Counted, config: ScoringConfig, as_of: int, rank: Ranker) -> pd.DataFrame:
    """Every method's value per person of the window's population (``table``): clout on the
    model's edges, PageRank on the unweighted account pairs, both ranked by ``rank``."""
    edges = edges_of(config, counted)
    node, score = rank(edges.source, edges.target, edges.weight)
    clout = per_person(counted, node, score, config.baseline)
    source, target = account_pairs(counted)
    node, score = rank(source, target, np.ones(len(source)))
    pagerank = per_person(counted, node, score, config.baseline)
    return table(counted, as_of, clout, pagerank)


def scores(frame: pd.DataFrame, truth: pd.Series, k: int = 100) -> dict[str, dict[str, float]]:
    """Every method's metrics (``metrics.all_metrics``) against ``truth`` (per person, missing
    people engaged nobody: 0)."""
    actual = truth.reindex(frame.index).fillna(0.0).to_numpy(dtype=np.float64)
    return {
        name: metrics.all_metrics(frame[name].to_numpy(dtype=np.float64), actual, k)
        for name in frame.columns
    }
