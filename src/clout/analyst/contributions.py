"""Why a person scores what they score: each engager's PageRank flow into them.

The contribution of engager ``j`` to person ``p`` in a run is

    d * (1 - d + raw_j) * w(j -> p) / W(j)

where ``d`` is the damping factor, ``raw_j`` the engager's ``score_raw`` in the run (0 when the run
scored them 1), ``w(j -> p)`` the kind-weighted count of ``j``'s interactions with ``p``'s
accounts in the run's window and ``W(j)`` the same over everybody ``j`` interacted with. So a
reshare by an influential person who reshares little counts more than one by a prolific nobody.
The teleport part ``1 - d`` every person gets is reported separately as ``base``.

ALIGN WITH SCORING: the kind weights and damping below are a documented simple model (no time
decay, no diminishing returns, no anti-gaming discounts); the scoring model is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from clout.analyst.runs import Run
from clout.db import Database

DAMPING = 0.85
KIND_WEIGHTS = MappingProxyType(
    {"SHARED": 3.0, "REPLIED_TO": 2.0, "COMMENTED_ON": 2.0, "MENTIONED": 1.5, "LIKED": 1.0}
)


@dataclass(frozen=True)
class Contributor:
    person_id: str
    name: str | None
    interactions: int
    contribution: float
    share: float  # of the sum of all contributions, 0..1


@dataclass(frozen=True)
class Explanation:
    """Every contributor, largest first; ``total`` = the sum of their contributions."""

    base: float
    total: float
    contributors: list[Contributor]

    def top(self, n: int) -> tuple[list[Contributor], float]:
        """The ``n`` largest contributors and the share left to everybody else."""
        shown = self.contributors[:n]
        return shown, max(0.0, 1.0 - sum(c.share for c in shown)) if shown else 0.0


def contributions(
    db: Database, person_id: str, run: Run, *, kind_weights: dict[str, float] | None = None,
    damping: float = DAMPING,
) -> Explanation:  # fmt: skip
    """The engagers of ``person_id`` in ``run`` with their contribution and share."""
    rows = db.read(
        "@analyst/internal/contributions",
        person_id=person_id,
        run_id=run.run_id,
        kind_weights=dict(kind_weights or KIND_WEIGHTS),
        damping=damping,
    )
    total = sum(float(r["contribution"]) for r in rows)
    people = [
        Contributor(
            person_id=r["person_id"],
            name=r["name"],
            interactions=int(r["interactions"]),
            contribution=float(r["contribution"]),
            share=float(r["contribution"]) / total if total > 0 else 0.0,
        )
        for r in rows
    ]
    return Explanation(base=1.0 - damping, total=total, contributors=people)
