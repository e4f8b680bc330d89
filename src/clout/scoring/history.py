"""A run's history and live values as ``scoring/history.cypher`` takes them (pure).

Parallel columns, one entry per scored person, rather than a map per person: Bolt decodes a
list of numbers far faster than a million small maps (docs/benchmarks.md, "Measured choices"),
and the columns are built with numpy instead of a Python loop over people.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from clout.scoring import people
from clout.scoring.influence import Measured
from clout.scoring.store import Columns
from clout.scoring.topic_runs import TopicScores


def columns(
    scored: people.Scored, measured: Measured[people.Found], topical: TopicScores | None
) -> tuple[Columns, list[str]]:
    """The columns of ``scored`` and the run's networks (``$networks``, what the network
    indices in ``rank_networks`` and the keys of ``sub`` and ``live`` name).

    ``sub`` is each person's sub-score per network (None: not recorded); ``live`` what their
    Person gets: the sub-score, else 1 on a network they have an account on, else None (no
    property). ``rank_networks`` / ``rank_handles`` / ``ranks`` are their ranked accounts (what
    ``clout show`` explains); ``topics`` (indices into the run's topic names) / ``topic_scores``
    / ``topic_raws`` their topic scores."""
    who = pd.Index(scored.person)
    owners = measured.owners.frame if measured.owners is not None else None
    owner_network = None if owners is None else owners["network"].astype(str).to_numpy()
    owned = set() if owner_network is None else set(owner_network.tolist())
    networks = sorted(owned | set(scored.by_network))
    nobody: list[Any] = [None] * len(who)
    sub = {n: scored.by_network.get(n, nobody) for n in networks}
    live = {
        n: sub[n] if owners is None else _live(who, sub[n], owners["person"][owner_network == n])
        for n in networks
    }
    ranks = measured.ranks
    if len(ranks):
        code = pd.Index(networks).get_indexer(pd.Index(ranks["network"].astype(str)))
        ranked = people.lists_per(
            scored.person,
            ranks["person"],
            rank_networks=code,
            rank_handles=ranks["handle"],
            ranks=ranks["score"].to_numpy(dtype=np.float64),
        )
    else:
        ranked = _no_lists(len(who), "rank_networks", "rank_handles", "ranks")
    found = topical.found if topical is not None else pd.DataFrame()
    if len(found):
        topic = people.lists_per(
            scored.person,
            found["person"],
            topics=found["topic"].to_numpy(dtype=np.int64),
            topic_scores=found["score"].to_numpy(dtype=np.int64),
            topic_raws=found["score_raw"].to_numpy(dtype=np.float64),
        )
    else:
        topic = _no_lists(len(who), "topics", "topic_scores", "topic_raws")
    result: Columns = {
        "person": scored.person,
        "score": scored.score,
        "score_raw": scored.raw,
        "score_percentile": scored.percentile,
        "sub": sub,
        "live": live,
        **ranked,
        **topic,
    }
    return result, networks


def _no_lists(rows: int, *names: str) -> dict[str, list[list[Any]]]:
    """An empty list per row for each column of ``names``."""
    return {name: [[] for _ in range(rows)] for name in names}


def _live(who: pd.Index, sub: list[int | None], owning: pd.Series) -> list[int | None]:
    """A network's live sub-scores: ``sub``, else 1 for the people in ``owning`` (the owners
    of an account on it), else None."""
    owns = np.zeros(len(who), dtype=bool)
    at = who.get_indexer(pd.Index(owning))
    owns[at[at >= 0]] = True
    return [
        v if v is not None else (1 if o else None) for v, o in zip(sub, owns.tolist(), strict=True)
    ]
