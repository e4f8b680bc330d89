"""Reading the score properties of the contract (``docs/design.md``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from clout.errors import InputError

NETWORK = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
# Score properties that are not per-network sub-scores (``score_<network>``).
NOT_NETWORKS = frozenset({"score_raw", "score_percentile", "score_run"})


def network_scores(props: Mapping[str, Any] | None) -> dict[str, int]:
    """The ``score_<network>`` values of a node's or relationship's properties, by network."""
    return {
        key.removeprefix("score_"): int(value)
        for key, value in sorted((props or {}).items())
        if key.startswith("score_") and key not in NOT_NETWORKS and value is not None
    }


def network_map(pairs: Iterable[Mapping[str, Any]]) -> dict[str, int | None]:
    """``[{network, score}, ...]`` (as the queries return it) as ``{network: score}``."""
    return {str(p["network"]): None if p["score"] is None else int(p["score"]) for p in pairs}


def check_network(name: str, *, given: str | None = None) -> str:
    """``name`` if it is a valid network name, else :class:`InputError` (naming ``given``, what
    the user typed, when it differs)."""
    if not NETWORK.match(name) or f"score_{name}" in NOT_NETWORKS:
        raise InputError(
            f"{given or name!r} is not a network name (letters, digits and _, e.g. twitter; "
            "not raw, percentile or run)"
        )
    return name
