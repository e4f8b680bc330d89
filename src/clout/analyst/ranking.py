"""Ranked influencer lists: overall, on one network, or on one topic (``clout top``/``export``).

Network and topic names match case-insensitively: :func:`resolve_names` turns what the user
typed into the graph's spelling, or fails with the known names ("did you mean …") before
anything is listed or written.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from clout import cypher
from clout.analyst.run_lookup import done_runs
from clout.analyst.values import check_network, network_map
from clout.db import Database
from clout.errors import InputError

log = logging.getLogger(__name__)
EVERYONE = 2**62  # LIMIT when the caller wants the whole list


@dataclass(frozen=True)
class Selection:
    """Which list: ``network`` or ``topic`` (not both) ranks by that sub-score; ``min_score``
    applies to the score the list is ranked by."""

    limit: int | None = None
    network: str | None = None
    topic: str | None = None
    min_score: int = 1

    def __post_init__(self) -> None:
        if self.network is not None and self.topic is not None:
            raise InputError("give --network or --topic, not both")
        if self.network is not None:
            # Networks are lower-case (the loader's contract): "Twitter" means twitter.
            given = self.network
            object.__setattr__(self, "network", check_network(given.lower(), given=given))

    @property
    def query(self) -> str:
        if self.network is not None:
            return "analyst/top_by_network"
        return "analyst/top_by_topic" if self.topic is not None else "analyst/top_influencers"

    @property
    def params(self) -> dict[str, Any]:
        return {
            "limit": EVERYONE if self.limit is None else self.limit,
            "min_score": self.min_score,
            "network": self.network,
            "topic": self.topic,
        }


@dataclass(frozen=True)
class Ranked:
    """One line of an influencer list (the ``clout top --json`` object, plus extras)."""

    rank: int
    person_id: str
    name: str | None
    score: int
    score_raw: float
    score_percentile: float | None
    networks: dict[str, int | None]
    handles: list[str] = field(default_factory=list)
    top_topics: list[str] = field(default_factory=list)
    topic_score: int | None = None
    network_score: int | None = None  # with a network: the score the list is ranked by
    network_percentile: float | None = None  # ... and its percentile on that network


def top(db: Database, selection: Selection) -> list[Ranked]:
    """The ranked list; :class:`NoScores` before any run, :class:`InputError` for a network or
    topic nobody has a score on; an empty list when nobody reaches ``min_score``."""
    done_runs(db)
    return list(ranked(db, resolve_names(db, selection)))


def ranked(db: Database, selection: Selection) -> Iterator[Ranked]:
    """The ranked list, streamed (for exports of any size). Checks for scores first."""
    done_runs(db)
    with db.session() as session:
        result = session.run(cypher.load(selection.query), selection.params)
        for rank, record in enumerate(result, start=1):
            yield _ranked(rank, record.data())


def _ranked(rank: int, row: dict[str, Any]) -> Ranked:
    return Ranked(
        rank=rank,
        person_id=row["person_id"],
        name=row["name"],
        score=int(row["score"]),
        score_raw=float(row["score_raw"] or 0.0),
        score_percentile=row["score_percentile"],
        networks=network_map(row["networks"]),
        handles=list(row["handles"]),
        top_topics=list(row["top_topics"]),
        topic_score=row.get("topic_score"),
        network_score=row.get("network_score"),
        network_percentile=row.get("network_percentile"),
    )


def resolve_names(db: Database, selection: Selection) -> Selection:
    """``selection`` with its network and topic spelled as in the graph (matched
    case-insensitively); :class:`InputError` naming the known ones when one is unknown."""
    if selection.network is not None and not db.read(
        "@analyst/internal/network_exists", network=selection.network
    ):
        known = [r["network"] for r in db.read("@analyst/internal/networks")]
        raise_unknown("network", selection.network, known)
    if selection.topic is not None:
        found = db.read("@analyst/internal/topic_named", topic=selection.topic)
        if not found:
            known = [r["topic"] for r in db.read("@analyst/internal/topics")]
            raise_unknown("topic", selection.topic, known)
        return replace(selection, topic=found[0]["topic"])
    return selection


def raise_unknown(kind: str, value: str, known: list[str]) -> None:
    """:class:`InputError`: no such ``kind``, with the closest known names and the list."""
    lowered = {name.lower(): name for name in known}
    close = [lowered[m] for m in difflib.get_close_matches(value.lower(), list(lowered), n=3)]
    hint = f"did you mean {', '.join(close)}? " if close else ""
    listed = ", ".join(known[:20]) + (", …" if len(known) > 20 else "") if known else "none"
    raise InputError(f"no {kind} {value!r}; {hint}known {kind}s: {listed}")
