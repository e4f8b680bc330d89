"""The window a scoring run counts, and the parameters of the query that reads it.

Kept apart from the GDS code so that ``clout show`` rebuilds a run's edge weights with the very
constants its run used, without importing Graph Data Science.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from clout.scoring.config import ScoringConfig


@dataclass(frozen=True)
class Window:
    """The interactions a run counts: ``as_of - days < at <= as_of``, optionally one network."""

    as_of: datetime
    days: int
    network: str | None
    algorithm: str

    @property
    def start(self) -> datetime:
        return self.as_of - timedelta(days=self.days)

    def as_props(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "window_days": self.days,
            "network": self.network,
            "algorithm": self.algorithm,
        }


def window_params(config: ScoringConfig, window: Window) -> dict[str, Any]:
    """The parameters of ``scoring/events.cypher`` for ``window``."""
    return {
        "start": epoch_seconds(window.start),
        "as_of": epoch_seconds(window.as_of),
        "kinds": list(config.kind_weights),
        "network": window.network,
    }


def epoch_seconds(moment: datetime) -> int:
    """``moment`` as an interaction's ``at`` is stored: whole seconds since the epoch (a time
    without a zone is UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return math.floor(aware.timestamp())
