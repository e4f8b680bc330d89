"""A recording fake of the database seam (:class:`clout.db.Database`) for tests without a server.

Answers are given per query (``"@analyst/internal/runs"``, or a query's text) as rows or as a
function of the parameters; every call is recorded as ``(query, params)``, also the queries run
inside transactions (``execute_write``, ``transaction``; as ``tx:<query>``) and sessions. A
query text run in a transaction that is one of the package's ``.cypher`` files is recorded and
answered by its ``@part/name``; a file with a kind put in (``cypher.for_kind``) likewise, with
the kind as the parameter ``KIND``. A
transaction's end is recorded as ``("COMMIT", {})`` or ``("ROLLBACK", {})``. ``install`` makes
``clout.connection.connect`` hand out the fake, so a command runs its real library code
against it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import pytest

from clout import cypher, record

Rows = list[dict[str, Any]]
Answer = Rows | Callable[[dict[str, Any]], Rows]
T = TypeVar("T")
COMMIT, ROLLBACK = ("COMMIT", {}), ("ROLLBACK", {})


class Record:
    """What a driver record offers the code under test: ``data()``, ``record[key]``."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    def data(self) -> dict[str, Any]:
        return dict(self.row)

    def __getitem__(self, key: str) -> Any:
        return self.row[key]

    def keys(self) -> list[str]:
        return list(self.row)

    def values(self) -> list[Any]:
        return list(self.row.values())


class Result:
    """What a driver result offers: iteration, ``single()``, ``consume()``."""

    def __init__(self, rows: Rows) -> None:
        self.records = [Record(row) for row in rows]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def single(self, strict: bool = False) -> Record | None:
        if strict and len(self.records) != 1:
            raise AssertionError(f"expected one record, the fake has {len(self.records)}")
        return self.records[0] if self.records else None

    def consume(self) -> None:
        return None


@cache
def _files() -> list[tuple[str, re.Pattern[str]]]:
    """Every ``.cypher`` file as (``@name``, a pattern of its text with any kind put in)."""
    root = resources.files("clout.cypher")
    found: list[tuple[str, re.Pattern[str]]] = []

    def walk(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".cypher"):
                name = f"{prefix}{entry.name.removesuffix('.cypher')}"
                first, *rest = re.escape(cypher.load(name)).split("KIND")
                text = first + "".join(
                    ("(?P<KIND>[A-Z][A-Z_]{0,40})" if i == 0 else "(?P=KIND)") + part
                    for i, part in enumerate(rest)
                )
                found.append((f"@{name}", re.compile(text)))

    walk(root, "")
    return found


def name_of(text: str) -> tuple[str, dict[str, Any]]:
    """The ``@name`` of a query text (and the kind put in, if any), else the text itself."""
    if text.startswith("@"):
        return text, {}
    for name, pattern in _files():
        if found := pattern.fullmatch(text):
            return name, found.groupdict()
    return text, {}


class FakeDatabase:
    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        # Readers first ask which interaction record the database holds (the current one, by
        # default) and whether the live run is still being copied (it is not, by default).
        self.answers: dict[str, Answer] = {
            "@record/version": [{"version": record.VERSION}],
            "@scoring/publishing": [],
            **(answers or {}),
        }
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.name, self.uri = "neo4j", "bolt://fake:7687"
        self.driver: Any = None  # no GDS behind the fake

    def read(self, query: str, **params: Any) -> Rows:
        self.calls.append((query, params))
        key = query if query in self.answers else self._name_of(query)
        if key not in self.answers:
            raise AssertionError(f"the fake database has no answer for {query[:80]!r}")
        answer = self.answers[key]
        return [dict(r) for r in (answer(params) if callable(answer) else answer)]

    write = read

    def read_row(self, query: str, **params: Any) -> dict[str, Any]:
        return self.read(query, **params)[0]

    def execute_write(self, work: Callable[[FakeTransaction], T]) -> T:
        """``work`` in one transaction (tried once: the fake never asks for a retry)."""
        with self.transaction() as tx:
            return work(tx)

    @contextmanager
    def transaction(self) -> Iterator[FakeTransaction]:
        try:
            yield FakeTransaction(self)
        except BaseException:
            self.calls.append(ROLLBACK)
            raise
        self.calls.append(COMMIT)

    @contextmanager
    def session(self) -> Iterator[FakeSession]:
        yield FakeSession(self)

    def apply_schema(self) -> None:
        self.calls.append(("@schema", {}))

    def queries(self) -> list[str]:
        """The queries run, in order."""
        return [query for query, _ in self.calls]

    def committed(self) -> list[str]:
        """The queries of the transactions that committed, and those run outside any."""
        kept: list[str] = []
        pending: list[str] = []
        for query, _ in self.calls:
            if query in ("COMMIT", "ROLLBACK"):
                kept.extend(pending if query == "COMMIT" else [])
                pending = []
            elif query.startswith("tx:"):
                pending.append(query[3:])
            else:
                kept.append(query)
        return kept

    def _name_of(self, text: str) -> str:
        for name in self.answers:
            if name.startswith("@") and cypher.load(name[1:]) == text:
                return name
        return name_of(text)[0]

    def run_in_tx(self, text: str, params: dict[str, Any] | None, **kw: Any) -> Result:
        name, kind = name_of(text)
        key = text if text in self.answers else name
        # As sent (Bolt packs the values then): list parameters copied, since the loader empties
        # a batch's columns once it has committed.
        sent = {k: list(v) if isinstance(v, list) else v for k, v in (params or {}).items()}
        self.calls.append((f"tx:{key}", {**sent, **kw, **kind}))
        if key not in self.answers:
            raise AssertionError(f"the fake database has no answer for {text[:80]!r}")
        answer = self.answers[key]
        args = {**(params or {}), **kw, **kind}
        return Result([dict(r) for r in (answer(args) if callable(answer) else answer)])


class FakeTransaction:
    """A transaction of the fake: its queries are recorded as ``tx:<query>``."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def run(self, text: str, params: dict[str, Any] | None = None, **kw: Any) -> Result:
        return self.db.run_in_tx(text, params, **kw)


class FakeSession:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def run(self, text: str, params: dict[str, Any] | None = None, **kw: Any) -> Result:
        """Recorded with the text as given (``name_of`` tells the file)."""
        return Result(self.db.read(text, **(params or {}), **kw))

    def execute_write(self, work: Callable[..., T], *args: Any) -> T:
        return self.db.execute_write(lambda tx: work(tx, *args))

    def execute_read(self, work: Callable[..., T], *args: Any) -> T:
        return self.db.execute_write(lambda tx: work(tx, *args))


def load_answers(kinds: tuple[str, ...]) -> dict[str, Answer]:
    """What an online load asks, answered as by an empty graph that never saw the file: no
    manifest yet, every account new, every interaction of a batch created; ``kinds``: the
    allowed kinds, each with its unique event constraint."""
    ids = itertools.count()
    return {
        "@load/manifest_get": [{"done": False, "batches_done": 0}],
        "@load/manifest_start": [{"batches_done": 0, "ahead": []}],
        "@load/interactions": lambda p: [{"created": len(p["eid"])}],
        "@load/accounts_found": [{"at": [], "id": [], "person": []}],
        "@load/accounts_new": lambda p: [
            {"at": list(range(len(p["handles"]))), "id": [next(ids) for _ in p["handles"]]}
        ],
        "@load/at_handles": [{"found": False}],
        "@load/event_schema": [{"kind": k, "unique": True, "name": k} for k in kinds],
        "@load/counts": [{"people": 0, "accounts": 0}],
        **{
            name: []
            for name in (
                "@load/manifest_batch",
                "@load/manifest_done",
                "@load/gate",
                "@scoring/lock",
                "@load/lease_start",
                "@load/lease_beat",
                "@load/lease_end",
            )
        },
    }


def install(monkeypatch: pytest.MonkeyPatch, db: FakeDatabase) -> FakeDatabase:
    """Make ``clout.connection.connect`` yield ``db`` (whatever the settings)."""

    @contextmanager
    def connect(settings: Any, *, schema: bool = False) -> Iterator[FakeDatabase]:
        if schema:
            db.apply_schema()
        yield db

    monkeypatch.setattr("clout.connection.connect", connect)
    return db
