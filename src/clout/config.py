"""clout's configuration: the versioned ``defaults/clout.toml``, overridden by ``CLOUT_CONFIG``.

``read_toml`` is the one reader: it merges the files (tables key by key, lists replaced). Each
part types its own sections: the loader's ``[kinds]`` / ``[aliases]`` here (their names end up as
relationship types), the scoring sections in ``clout.scoring.config``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from clout.errors import InputError

KIND_NAME = re.compile(r"^[A-Z][A-Z_]{0,40}$")
NETWORK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def user_file() -> Path | None:
    """The user file named by ``CLOUT_CONFIG``, if any (it overrides the packaged file)."""
    user = os.environ.get("CLOUT_CONFIG")
    return Path(user) if user else None


def read_toml() -> dict[str, Any]:
    """The packaged ``clout.toml`` merged with the user file named by ``CLOUT_CONFIG`` (if set)."""
    text = resources.files("clout").joinpath("defaults", "clout.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if user := user_file():
        try:
            data = _merge(data, tomllib.loads(user.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(
                f"CLOUT_CONFIG={user} is not a readable TOML file ({exc}); fix it or unset "
                "CLOUT_CONFIG"
            ) from exc
    return data


@dataclass(frozen=True)
class Kinds:
    """The allow-list of interaction kinds and the input spellings that map onto them."""

    allowed: tuple[str, ...]
    aliases: dict[str, str]

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> Kinds:
        allowed = tuple(data.get("kinds", {}).get("allowed", ()))
        bad = [k for k in allowed if not isinstance(k, str) or not KIND_NAME.match(k)]
        if bad or not allowed:
            raise InputError(
                f"[kinds] allowed must list names matching {KIND_NAME.pattern}; fix {bad or '[]'} "
                "in the configuration (CLOUT_CONFIG)"
            )
        aliases = {k.lower(): k for k in allowed}
        for alias, kind in data.get("aliases", {}).items():
            if kind not in allowed:
                raise InputError(
                    f"[aliases] {alias} = {kind!r} is not an allowed kind; "
                    "add it to [kinds] allowed"
                )
            aliases[str(alias).lower()] = kind
        return cls(allowed, aliases)

    def resolve(self, raw: str) -> str | None:
        """The kind ``raw`` denotes (case-insensitive), or None when it is unknown."""
        return self.aliases.get(raw.strip().lower())

    def check(self, kind: str) -> str:
        """``kind`` itself when it is on the allow-list; else :class:`InputError`."""
        if kind not in self.allowed or not KIND_NAME.match(kind):
            raise InputError(
                f"{kind!r} is not an allowed interaction kind ({', '.join(self.allowed)})"
            )
        return kind


@cache
def _kinds_cached(config_path: str | None) -> Kinds:
    return Kinds.from_toml(read_toml())


def kinds() -> Kinds:
    """The kinds of the current configuration (re-read when ``CLOUT_CONFIG`` changes)."""
    return _kinds_cached(os.environ.get("CLOUT_CONFIG"))


def check_network(name: str) -> str:
    """``name`` when it is a valid network name; else :class:`InputError`."""
    if not NETWORK_NAME.match(name):
        raise InputError(
            f"network name {name!r} must match {NETWORK_NAME.pattern} (lower-case, e.g. twitter)"
        )
    return name
