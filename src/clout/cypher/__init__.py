"""The Cypher clout runs, kept in ``.cypher`` files beside this module.

Values always go in as ``$parameters``; nothing here formats user text into a query. The one
substitution is a relationship type (:func:`for_kind`), and only a name on the kinds' allow-list.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from clout.config import Kinds

_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


@cache
def load(name: str) -> str:
    """The text of ``<name>.cypher`` (``name`` may contain a sub-folder: ``analyst/top``)."""
    path = resources.files("clout.cypher").joinpath(*f"{name}.cypher".split("/"))
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file, split on ``;``, comments dropped."""
    text = _COMMENT.sub("", load(name))
    return [s.strip() for s in text.split(";") if s.strip()]


def for_kind(name: str, kind: str, kinds: Kinds) -> str:
    """The text of ``<name>.cypher`` for one relationship type: ``KIND`` is replaced by ``kind``,
    checked against the allow-list first (a dynamic type in ``MATCH`` is planned as a scan of
    every relationship, so index seeks need the type in the text)."""
    return load(name).replace("KIND", kinds.check(kind))
