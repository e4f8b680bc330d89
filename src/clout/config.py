"""clout's configuration: one typed :class:`Config`, read once at the command's edge.

The versioned defaults ship with the package as ``clout/defaults/clout.toml``; the file named by
``CLOUT_CONFIG`` (if set) overrides them table by table (tables merged key by key, lists
replaced). :func:`load` is the one reader: a command calls it once and passes the
:class:`Config` (or the part a function needs: ``kinds``, ``scoring``) down; library code never
reads the file or ``CLOUT_CONFIG`` itself. Every problem with the file is one
:class:`ConfigError` that names the file and what to fix. The loader's ``[kinds]`` /
``[aliases]`` are typed here (their names end up as relationship types), the scoring sections by
``clout.scoring.config``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from clout.errors import InputError
from clout.scoring.config import ScoringConfig, from_toml

KIND_NAME = re.compile(r"^[A-Z][A-Z_]{0,40}$")
NETWORK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
DEFAULTS = ("defaults", "clout.toml")


class ConfigError(InputError):
    """The configuration file cannot be read or holds a value clout cannot use."""


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
                f"[kinds] allowed must list names matching {KIND_NAME.pattern}, not {bad or '[]'}"
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


@dataclass(frozen=True)
class Config:
    """The whole configuration: the loader's kinds and the scoring model. ``user_file`` is the
    file merged over the shipped defaults (None: the defaults alone)."""

    kinds: Kinds
    scoring: ScoringConfig
    user_file: Path | None = None


def user_file(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The user file named by ``CLOUT_CONFIG``, if any (it overrides the shipped defaults)."""
    user = environ.get("CLOUT_CONFIG")
    return Path(user) if user else None


def load(environ: Mapping[str, str] = os.environ) -> Config:
    """The shipped defaults with the ``CLOUT_CONFIG`` file (of ``environ``) merged over them,
    read now (nothing is cached: a later ``CLOUT_CONFIG`` names a later file)."""
    defaults = resources.files("clout").joinpath(*DEFAULTS)
    user = user_file(environ)
    where = f"CLOUT_CONFIG={user}" if user else f"the shipped {'/'.join(DEFAULTS)}"
    fix = "fix it or unset CLOUT_CONFIG" if user else "reinstall clout"
    try:
        data = tomllib.loads(defaults.read_text(encoding="utf-8"))
        if user:
            data = _merge(data, tomllib.loads(user.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{where} is not a readable TOML file ({exc}); {fix}") from exc
    try:
        return Config(Kinds.from_toml(data), from_toml(data), user)
    except (InputError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}; {fix}") from exc


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def check_network(name: str) -> str:
    """``name`` when it is a valid network name; else :class:`InputError`."""
    if not NETWORK_NAME.match(name):
        raise InputError(
            f"network name {name!r} must match {NETWORK_NAME.pattern} (lower-case, e.g. twitter)"
        )
    return name
