"""A recording fake of :class:`clout.db.Database` for CLI tests without a server.

Answers are given per query (``"@analyst/internal/runs"``, or a query's text) as rows or as a
function of the parameters; every call is recorded as ``(query, params)``. ``install`` makes
``clout.db.connect`` hand out the fake, so a command runs its real library code against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from clout import cypher

Rows = list[dict[str, Any]]
Answer = Rows | Callable[[dict[str, Any]], Rows]


class Record:
    """What a driver record offers the code under test: ``data()``."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    def data(self) -> dict[str, Any]:
        return dict(self.row)


class FakeDatabase:
    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        # Readers first ask whether the live run is still being copied (it is not, by default).
        self.answers: dict[str, Answer] = {"@scoring/publishing": [], **(answers or {})}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.name, self.uri = "neo4j", "bolt://fake:7687"

    def read(self, query: str, **params: Any) -> Rows:
        self.calls.append((query, params))
        key = query if query in self.answers else self._name_of(query)
        if key not in self.answers:
            raise AssertionError(f"the fake database has no answer for {query[:80]!r}")
        answer = self.answers[key]
        return [dict(r) for r in (answer(params) if callable(answer) else answer)]

    write = read

    def queries(self) -> list[str]:
        """The queries run, in order."""
        return [query for query, _ in self.calls]

    def _name_of(self, text: str) -> str:
        for name in self.answers:
            if name.startswith("@") and cypher.load(name[1:]) == text:
                return name
        return text

    @contextmanager
    def session(self) -> Iterator[FakeSession]:
        yield FakeSession(self)


class FakeSession:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def run(self, text: str, params: dict[str, Any] | None = None) -> list[Record]:
        return [Record(row) for row in self.db.read(text, **(params or {}))]


def install(monkeypatch: pytest.MonkeyPatch, db: FakeDatabase) -> FakeDatabase:
    """Make ``clout.db.connect`` yield ``db`` (whatever the settings)."""

    @contextmanager
    def connect(settings: Any, *, schema: bool = True) -> Iterator[FakeDatabase]:
        yield db

    monkeypatch.setattr("clout.db.connect", connect)
    return db
