"""Ranked influencer lists: overall, on one network, or on one topic (``clout top``/``export``)."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from clout import cypher
from clout.analyst.runs import done_runs
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
            check_network(self.network)

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


def top(db: Database, selection: Selection) -> list[Ranked]:
    """The ranked list; :class:`NoScores` before any run, :class:`InputError` for a network or
    topic nobody has a score on; an empty list when nobody reaches ``min_score``."""
    rows = list(ranked(db, selection))
    if not rows:
        check_exists(db, selection)
    return rows


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
    )


def check_exists(db: Database, selection: Selection) -> None:
    """:class:`InputError` naming the known values when the network or topic is unknown."""
    if selection.network is not None:
        known = [r["network"] for r in db.read("@analyst/internal/networks")]
        _check_known("network", selection.network, known)
    if selection.topic is not None:
        known = [r["topic"] for r in db.read("@analyst/internal/topics")]
        _check_known("topic", selection.topic, known)


def _check_known(kind: str, value: str, known: list[str]) -> None:
    if value in known:
        return
    close = difflib.get_close_matches(value, known, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    listed = ", ".join(known[:20]) + (", …" if len(known) > 20 else "") if known else "none"
    raise InputError(f"no {kind} {value!r}; {hint}known {kind}s: {listed}")
