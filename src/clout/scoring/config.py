"""The scoring model's constants: the ``[scoring]``, ``[gaming]``, ``[calibration]`` and
``[topics]`` sections of the configuration, typed and checked.

:func:`clout.config.load` is the one reader of the files (the shipped
``clout/defaults/clout.toml`` and the ``CLOUT_CONFIG`` file, which should carry its own
``version``); its ``Config.scoring`` is a :class:`ScoringConfig` made by :func:`from_toml`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

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
        }


def from_toml(data: dict[str, Any]) -> ScoringConfig:
    """A validated config from parsed TOML with ``scoring``/``gaming``/``calibration``/``topics``
    tables (:class:`InputError` says which value is wrong)."""
    scoring = dict(data.get("scoring", {}))
    given = scoring.pop("kind_weights", {})
    if not all(isinstance(w, int | float) and w > 0 for w in given.values()):
        raise InputError("every [scoring.kind_weights] value must be a positive number")
    weights = {str(k): float(v) for k, v in given.items()}
    config = ScoringConfig(
        kind_weights=weights,
        gaming=GamingConfig(**_known("gaming", GamingConfig, data.get("gaming", {}))),
        calibration=CalibrationConfig(
            **_known("calibration", CalibrationConfig, data.get("calibration", {}))
        ),
        topics=TopicsConfig(**_known("topics", TopicsConfig, data.get("topics", {}))),
        **_known("scoring", ScoringConfig, scoring),
    )
    if config.topics.min_people < 2 or config.topics.min_interactions < 1:
        raise InputError("[topics] min_people must be at least 2 and min_interactions at least 1")
    if config.algorithm not in ALGORITHMS:
        raise InputError(f"[scoring].algorithm must be one of {', '.join(ALGORITHMS)}")
    return config


def _known(section: str, kind: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` when each names a setting of ``kind`` (the tables of their own excepted);
    else :class:`InputError`."""
    tables = {"kind_weights", "gaming", "calibration", "topics"}
    unknown = sorted(set(values) - ({f.name for f in fields(kind)} - tables))
    if unknown:
        raise InputError(f"[{section}] has no setting {', '.join(unknown)}")
    return values
