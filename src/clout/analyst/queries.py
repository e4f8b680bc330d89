"""The Cypher library (``src/clout/cypher/analyst/*.cypher``): list, show and run its queries.

Each file starts with ``//`` comments: ``Purpose: …`` and one ``// :param name => value`` line per
parameter, in Neo4j Browser's syntax, so the lines can be pasted into the Browser as they are.
The example values are the defaults of ``clout query run``, except for the scoring model's own
constants (:func:`model_values`: the kind weights and the damping), which come from the
scoring configuration so that a query reproduces the model the scores were computed with.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from clout import cypher
from clout.errors import InputError
from clout.eventkey import event_key

if TYPE_CHECKING:
    from clout.config import Kinds
    from clout.db import Database
    from clout.scoring.config import ScoringConfig

FOLDER = "analyst"
_PARAM = re.compile(r"^//\s*:param\s+([A-Za-z_]\w*)\s*=>\s*(.+?)\s*$")
_USED = re.compile(r"\$([A-Za-z_]\w*)")
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_]\w*)\s*:")


@dataclass(frozen=True)
class Query:
    name: str
    purpose: str
    examples: dict[str, Any]  # parameter -> example value, from the header
    text: str

    @property
    def summary(self) -> str:
        """The purpose's first clause (up to the first colon or full stop)."""
        return re.split(r"[:.](?:\s|$)", self.purpose, maxsplit=1)[0]

    @property
    def parameters(self) -> list[str]:
        """The ``$parameters`` the query's body uses, in order of first use."""
        body = "\n".join(line for line in self.text.splitlines() if not line.startswith("//"))
        return list(dict.fromkeys(_USED.findall(body)))


def names() -> list[str]:
    """The library's query names, alphabetically."""
    folder = resources.files("clout.cypher").joinpath(FOLDER)
    files = [p.name for p in folder.iterdir() if p.is_file()]
    return sorted(f.removesuffix(".cypher") for f in files if f.endswith(".cypher"))


@cache
def get(name: str) -> Query:
    """The query ``name``; :class:`InputError` with the closest names if there is none."""
    known = names()
    if name not in known:
        close = difflib.get_close_matches(name, known, n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise InputError(f"no query {name!r}; {hint}see `clout query list`")
    return parse(name, cypher.load(f"{FOLDER}/{name}"))


def parse(name: str, text: str) -> Query:
    """A query from its file's text: purpose and example parameters from the header."""
    header = [line for line in text.splitlines() if line.startswith("//")]
    purpose: list[str] = []
    for line in header:
        content = line.removeprefix("//").strip()
        if content.startswith(("Parameters", ":param")):
            break
        if content or purpose:
            purpose.append(content)
    examples = {m[1]: literal(m[2]) for line in header if (m := _PARAM.match(line))}
    return Query(name, " ".join(purpose).removeprefix("Purpose:").strip(), examples, text)


def literal(text: str) -> Any:
    """A parameter value in the headers' Cypher subset (JSON values; map keys may be bare)."""
    try:
        return json.loads(_BARE_KEY.sub(r'\1"\2":', text))
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a JSON-like Cypher literal: {text}") from exc


def parse_param(option: str) -> tuple[str, Any]:
    """``key=value`` from ``--param``: the value as JSON if it parses (5, true, null, [1, 2],
    {"a": 1}), else as a string."""
    key, sep, value = option.partition("=")
    if not sep or not key.strip():
        raise InputError(f"--param {option!r} is not key=value (e.g. --param limit=5)")
    try:
        return key.strip(), literal(value)
    except ValueError:
        return key.strip(), value


def model_values(config: ScoringConfig) -> dict[str, Any]:
    """The parameters that are the scoring model's constants, from ``config``."""
    return {"kind_weights": dict(config.kind_weights), "damping": config.damping}


def run(
    db: Database, name: str, params: dict[str, Any], model: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run library query ``name``: ``params`` over ``model`` (:func:`model_values`) over its
    example values; returns its rows."""
    query = get(name)
    unknown = sorted(set(params) - set(query.parameters))
    if unknown:
        expected = ", ".join(query.parameters) or "none"
        raise InputError(f"query {name!r} has no parameter {unknown[0]!r}; it takes: {expected}")
    values = {key: query.examples.get(key) for key in query.parameters}
    values |= {key: value for key, value in (model or {}).items() if key in values}
    return db.read(query.text, **(values | params))


def find_event(db: Database, kinds: Kinds, event_id: str) -> list[dict[str, Any]]:
    """The interactions (one per kind at most) whose event id is ``event_id`` — as loaded,
    ``"<network>:<id>"`` — or whose key is ``"eid:<key>"`` (as ``clout show`` prints it)."""
    if match := re.fullmatch(r"eid:(-?\d+)", event_id.strip()):
        key = int(match.group(1))
    elif ":" in event_id:
        key = event_key(event_id.strip())
    else:
        raise InputError(
            f"{event_id!r} names no network: give the event id as loaded, "
            f"<network>:<id> (e.g. twitter:{event_id}), or eid:<key>"
        )
    found = []
    for kind in kinds.allowed:
        found.extend(db.read(cypher.for_kind("analyst/internal/event", kind, kinds), eid=key))
    return found
