"""The scoring model's constants, from the versioned ``clout/defaults/clout.toml``.

``CLOUT_CONFIG`` may name a user TOML file whose ``[scoring]``, ``[gaming]``,
``[calibration]`` and ``[topics]`` values override the shipped ones (and should carry their
own ``version``). The files are read and merged by :func:`clout.config.read_toml`, the one
reader of the configuration; this module only types and checks the scoring sections.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from clout.config import read_toml
from clout.errors import InputError

ALGORITHMS = ("pagerank", "articlerank")


@dataclass(frozen=True)
class GamingConfig:
    """How interactions become edges (``clout.scoring.weights``, steps 2-6). The defaults of
    the constants added by scoring-6 are the rules before it (``log(1 + sum)`` per pair, no
    circles, no co-engagement, no minimum out-weight): a run that did not record them is
    explained with them."""

    reciprocity_discount: float = 0.0
    standing_floor: float = 0.0
    standing_half_saturation: float = 1.0
    standing_vouching: float = 1.0
    pair_exponent: float = 0.0
    circle_scale: float = 0.0
    circle_ratio: float = 0.0
    circle_exponent: float = 3.0
    coengagement: float = 0.0
    min_out_weight: float = 0.0


@dataclass(frozen=True)
class CalibrationConfig:
    target_mean: float = 40.0
    target_p95: float = 63.0
    drift_warning: float = 3.0
    knots: int = 256
    tail_exponent: float = 0.5


@dataclass(frozen=True)
class TopicsConfig:
    """Which topics get topic scores: enough interactions and receivers in the window."""

    enabled: bool = True
    min_interactions: int = 30
    min_people: int = 10
    max_topics: int = 200
    min_score: int = 60
    leaders: int = 25
    # Topic graphs have no standing, so their own discount keeps removing mutual engagement.
    reciprocity_discount: float = 1.0


@dataclass(frozen=True)
class ScoringConfig:
    version: str
    window_days: int
    algorithm: str
    damping: float
    max_iterations: int
    tolerance: float
    half_life_days: float
    kind_weights: dict[str, float]
    gaming: GamingConfig = field(default_factory=GamingConfig)
    calibration: CalibrationConfig = field(default_factory=CalibrationConfig)
    topics: TopicsConfig = field(default_factory=TopicsConfig)
    # Age fades what an account passes on (weights step 6); False: scoring-3 and before.
    fade_with_age: bool = True
    # The share of an interaction's weight that does not decay within the window (step 1).
    lasting_share: float = 0.0

    @property
    def baseline(self) -> float:
        """The raw rank of an account nobody engages with: 1 - damping."""
        return 1.0 - self.damping

    def as_dict(self) -> dict[str, Any]:
        """Flat parameters recorded on each run."""
        return {
            "config_version": self.version,
            "damping": self.damping,
            "max_iterations": self.max_iterations,
            "tolerance": self.tolerance,
            "half_life_days": self.half_life_days,
            "lasting_share": self.lasting_share,
            "fade_with_age": self.fade_with_age,
            **{name: float(value) for name, value in asdict(self.gaming).items()},
            "topic_reciprocity_discount": self.topics.reciprocity_discount,
        }


def from_toml(data: dict[str, Any]) -> ScoringConfig:
    """A validated config from parsed TOML with ``scoring``/``gaming``/``calibration`` tables."""
    scoring = dict(data["scoring"])
    weights = {str(k): float(v) for k, v in scoring.pop("kind_weights").items()}
    if any(w <= 0 for w in weights.values()):
        raise InputError("every [scoring.kind_weights] value must be positive")
    config = ScoringConfig(
        kind_weights=weights,
        gaming=GamingConfig(**data.get("gaming", {})),
        calibration=CalibrationConfig(**data.get("calibration", {})),
        topics=TopicsConfig(**data.get("topics", {})),
        **scoring,
    )
    if config.topics.min_people < 2 or config.topics.min_interactions < 1:
        raise InputError("[topics] min_people must be at least 2 and min_interactions at least 1")
    if config.algorithm not in ALGORITHMS:
        raise InputError(f"[scoring].algorithm must be one of {', '.join(ALGORITHMS)}")
    return config


@cache
def _load(config_path: str | None) -> ScoringConfig:
    return from_toml(read_toml())


def load() -> ScoringConfig:
    """The shipped config, with the ``CLOUT_CONFIG`` file's values on top when set (read again
    when ``CLOUT_CONFIG`` names another file)."""
    return _load(os.environ.get("CLOUT_CONFIG"))
