"""The NetworkX GML adapter: a reply graph without timestamps.

Nodes give handles (``label``, else ``id``); each edge becomes one interaction from ``source`` to
``target`` with ``count = weight`` (default 1). GML carries no time and no type: the caller gives
``--time`` (required) and ``--type`` (default ``REPLIED_TO``). The file is read line by line (the
layout NetworkX writes: one key and value per line), nodes before edges.
"""

from __future__ import annotations

import gzip
import shlex
from collections.abc import Iterator
from pathlib import Path

from clout.loader.model import RawRow, RowError
from clout.loader.readers import text_lines


def _value(text: str) -> str:
    text = text.strip()
    if text.startswith('"'):
        return shlex.split(text)[0] if text.count('"') >= 2 else text.strip('"')
    return text


def gml_rows(path: Path) -> Iterator[RawRow | RowError]:
    """One :class:`RawRow` per edge; ``type`` and ``timestamp`` are left to the options."""
    labels: dict[str, str] = {}
    block: str | None = None
    item: dict[str, str] = {}
    start = 0
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for number, text in text_lines(path, fh):  # type: ignore[arg-type]
            if isinstance(text, RowError):
                yield text
                continue
            line = text.strip()
            if line in ("node [", "edge ["):
                block, item, start = line[:4], {}, number
            elif line == "]" and block is not None:
                if block == "node":
                    labels[item.get("id", "")] = item.get("label", item.get("id", ""))
                else:
                    yield _edge(path, start, item, labels)
                block = None
            elif block is not None and " " in line:
                key, value = line.split(" ", 1)
                item.setdefault(key, _value(value))


def _edge(path: Path, line: int, item: dict[str, str], labels: dict[str, str]) -> RawRow | RowError:
    try:
        source, target = labels[item["source"]], labels[item["target"]]
    except KeyError as exc:
        return RowError(str(path), line, "edge", f"refers to an unknown node {exc.args[0]!r}")
    return RawRow(line, source, target, None, None, count=item.get("weight"))
