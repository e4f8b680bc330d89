"""The NetworkX GML adapter: a reply graph without timestamps.

Nodes give handles (``label``, else ``id``); each edge becomes one interaction from ``source`` to
``target`` with ``count = weight`` (default 1). GML carries no time and no type: the caller gives
``--time`` (required) and ``--type`` (default ``REPLIED_TO``).

The file is read as GML tokens (keys, values, ``[`` and ``]``), whatever the layout: NetworkX's
one key per line and a whole graph on one line read the same. Nodes come before the edges that
name them. A file that is no ``graph [ ... ]``, that ends inside a list (truncated), or that is
not UTF-8 is refused whole, with the line where it went wrong; nothing is loaded from it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from clout.errors import InputError
from clout.loader.model import RawRow, RowError
from clout.loader.readers import open_input, text_lines

TOKEN = re.compile(r'"[^"]*"|\[|\]|[^\s\[\]"]+|"')
BLOCKS = ("node", "edge")


def _tokens(path: Path) -> Iterator[tuple[int, str]]:
    """(line, token) for every GML token of the file."""
    with open_input(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError):
                raise InputError(str(text))
            if text.lstrip().startswith("#"):
                continue
            for match in TOKEN.finditer(text):
                token = match.group()
                if token == '"':
                    raise InputError(f"{path}:{number}: gml: a string is not closed on its line")
                yield number, token


def _value(token: str) -> str:
    return html.unescape(token[1:-1]) if token.startswith('"') else token


def gml_rows(path: Path) -> Iterator[RawRow | RowError]:
    """One :class:`RawRow` per edge; ``type`` and ``timestamp`` are left to the options."""
    labels: dict[str, str] = {}
    open_lists: list[tuple[str, int]] = []  # (key, line) of every list not closed yet
    item: dict[str, str] = {}
    key: str | None = None
    graphs = 0
    for number, token in _tokens(path):
        if key is None:
            if token == "]":
                if not open_lists:
                    raise InputError(f"{path}:{number}: gml: a `]` closes nothing")
                name, start = open_lists.pop()
                if name in BLOCKS and [k for k, _ in open_lists] == ["graph"]:
                    if name == "node":
                        labels[item.get("id", "")] = item.get("label", item.get("id", ""))
                    else:
                        yield _edge(path, start, item, labels)
            elif token == "[" or token.startswith('"'):
                raise InputError(f"{path}:{number}: gml: expected a key, found {token[:40]!r}")
            else:
                key = token
            continue
        if token == "[":
            open_lists.append((key, number))
            graphs += [k for k, _ in open_lists] == ["graph"]
            if key in BLOCKS and [k for k, _ in open_lists] == ["graph", key]:
                item = {}
        elif token == "]":
            raise InputError(f"{path}:{number}: gml: the key {key!r} has no value")
        elif len(open_lists) == 2 and open_lists[0][0] == "graph":
            item.setdefault(key, _value(token))
        key = None
    if open_lists or key is not None:
        name, start = open_lists[-1] if open_lists else (key or "", 0)
        raise InputError(
            f"{path}: gml: the file ends inside `{name} [` opened on line {start} (truncated?); "
            "nothing was loaded"
        )
    if not graphs:
        raise InputError(f"{path}: gml: no `graph [ ... ]` in the file; is it GML?")


def _edge(path: Path, line: int, item: dict[str, str], labels: dict[str, str]) -> RawRow | RowError:
    raw = "edge [ " + " ".join(f"{k} {v}" for k, v in item.items()) + " ]"
    for end in ("source", "target"):
        if end not in item:
            return RowError(str(path), line, "edge", f"has no {end}", raw)
        if item[end] not in labels:
            reason = f"refers to an unknown node {item[end]!r}"
            return RowError(str(path), line, "edge", reason, raw)
    source, target = labels[item["source"]], labels[item["target"]]
    return RawRow(line, source, target, None, None, count=item.get("weight"), raw=raw)
