"""The one place that creates Neo4j drivers and runs Cypher, and the one module that imports
the ``neo4j`` driver (ruff's banned-api rule keeps it so).

:class:`Database` is the seam: a Protocol that the real :class:`Neo4jDatabase` and the recording
fake of the unit tests (``tests/support/fake_db.py``) both satisfy; the rest of clout types its
database as :class:`Database`. :func:`open_database` checks, in one query, that a database
answers, runs Neo4j 5.23 or newer (:data:`MIN_NEO4J`) and has GDS, and hands back a
:class:`Neo4jDatabase`; the schema is applied only when asked (the write paths: load, score,
demo, ``server start``), so read-only commands need no write rights.
``clout.connection.connect`` finds the database first (the managed server when ``NEO4J_URI``
is unset). The driver's error and transaction types the other modules need are re-exported
here.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError as AuthError
from neo4j.exceptions import ClientError as ClientError
from neo4j.exceptions import ConstraintError as ConstraintError
from neo4j.exceptions import DatabaseError as DatabaseError
from neo4j.exceptions import Neo4jError as Neo4jError
from neo4j.exceptions import ServiceUnavailable as ServiceUnavailable
from neo4j.exceptions import SessionExpired as SessionExpired
from neo4j.exceptions import TransientError as TransientError

from clout import cypher
from clout.errors import ConnectionFailed, GdsMissing, Neo4jTooOld
from clout.settings import ConnectionSettings

log = logging.getLogger(__name__)
# clout's Cypher uses `CALL (x) { … }` subqueries (variable scope clauses): Neo4j 5.23 or newer.
MIN_NEO4J = (5, 23)
T = TypeVar("T")
R = TypeVar("R")
# Transactions a bulk read or write keeps in flight at once (in_parallel): with one,
# the server idles while the client packs or unpacks and the client idles while the server
# works; two keep both busy on a 2-core machine.
WORKERS = 2
# The driver's types the rest of clout names (through this module, never from ``neo4j``).
Tx = neo4j.ManagedTransaction  # what a transaction function (execute_write) receives
Transaction = neo4j.Transaction
Session = neo4j.Session
Record = neo4j.Record
Driver = neo4j.Driver
# The server stopped answering: cleanup that would wait for it is left to the next command.
GONE = (ServiceUnavailable, SessionExpired)


class Column(list[Any]):
    """A batch's column of query parameters (a list, packed to Bolt as one) whose ``repr`` is
    its length, not its values. The driver formats every RUN message's parameters for its debug
    log before it asks whether debug logging is on (neo4j 6.4, ``Bolt5x5.run``), so a batch of
    plain lists was turned into a string of about 1.4 MB per 20,000 events and thrown away:
    0.9 s of the client's CPU per million events, taken from the server on a 2-core machine."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<column of {len(self):,}>"


def open_driver(uri: str, username: str, password: str | None) -> neo4j.Driver:
    """A driver for ``uri`` (any scheme: ``neo4j://`` routes, so clusters and Aura work)."""
    auth = (username, password) if password is not None else None
    return GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")


def check_connection(driver: neo4j.Driver, uri: str, username: str, database: str) -> str:
    """The GDS version, asked with the Neo4j version in one query; else
    :class:`ConnectionFailed`, :class:`GdsMissing` or :class:`Neo4jTooOld` with the fix."""
    try:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query(
            cypher.load("connection"), database_=database, routing_=RoutingControl.READ
        )
    except AuthError as exc:
        raise ConnectionFailed(
            f"wrong username or password for {username!r} at {uri}; set NEO4J_USERNAME / "
            "NEO4J_PASSWORD (or --username / --password) to the database's credentials"
        ) from exc
    except ServiceUnavailable as exc:
        raise ConnectionFailed(
            f"no Neo4j server answers at {uri}; start it (for the managed server: "
            "`clout server start`), or fix NEO4J_URI"
        ) from exc
    except ClientError as exc:
        if "gds.version" in (exc.message or "") or exc.code.endswith("ProcedureNotFound"):
            raise GdsMissing(
                f"the database at {uri} has no Graph Data Science library; install the GDS "
                "plugin (https://neo4j.com/docs/graph-data-science/current/installation/) or "
                "unset NEO4J_URI to use clout's managed server"
            ) from exc
        if exc.code.endswith("DatabaseNotFound"):
            raise ConnectionFailed(
                f"there is no database {database!r} at {uri}; set NEO4J_DATABASE to one that exists"
            ) from exc
        raise
    version = str(records[0]["neo4j"])
    if too_old(version):
        raise Neo4jTooOld(too_old_message(version, uri))
    return str(records[0]["gds"])


def too_old(version: str) -> bool:
    """Whether Neo4j ``version`` is older than clout's Cypher needs (calendar versions such as
    2025.01 are newer; a version of another form is given the benefit of the doubt)."""
    found = re.match(r"(\d+)\.(\d+)", version)
    return found is not None and (int(found[1]), int(found[2])) < MIN_NEO4J


def too_old_message(version: str, uri: str) -> str:
    least = ".".join(map(str, MIN_NEO4J))
    return (
        f"Neo4j {version} at {uri} is too old: clout's Cypher needs Neo4j {least} or newer "
        "(CALL (x) { … } subqueries); upgrade the server, or unset NEO4J_URI to use clout's "
        "managed server"
    )


class Database(Protocol):
    """The database seam: a query is a text or ``@part/name`` (a ``.cypher`` file)."""

    name: str
    uri: str

    @property
    def driver(self) -> neo4j.Driver:
        """The driver (only ``clout.gds`` uses it, for the GDS client)."""
        ...

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]: ...

    def read_row(self, query: str, **params: Any) -> dict[str, Any]: ...

    def write(self, query: str, **params: Any) -> list[dict[str, Any]]: ...

    def execute_write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T: ...

    def session(self) -> AbstractContextManager[neo4j.Session]: ...

    def transaction(self) -> AbstractContextManager[neo4j.Transaction]: ...

    def apply_schema(self) -> None: ...


@dataclass
class Neo4jDatabase:
    """A driver bound to one database, with helpers to run the package's ``.cypher`` files."""

    driver: neo4j.Driver
    name: str
    uri: str

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a read query (text, or ``@name`` of a ``.cypher`` file) and return its rows."""
        records, _, _ = self.driver.execute_query(
            _text(query), params, database_=self.name, routing_=RoutingControl.READ
        )
        return [r.data() for r in records]

    def read_row(self, query: str, **params: Any) -> dict[str, Any]:
        """The one row of a read query that returns parallel lists (``collect``), as is.

        ``read`` converts values recursively, which costs seconds on lists of a million.
        """
        records, _, _ = self.driver.execute_query(
            _text(query), params, database_=self.name, routing_=RoutingControl.READ
        )
        return dict(zip(records[0].keys(), records[0].values(), strict=True))

    def write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a write query in its own transaction and return its rows."""
        records, _, _ = self.driver.execute_query(
            _text(query), params, database_=self.name, routing_=RoutingControl.WRITE
        )
        return [r.data() for r in records]

    def execute_write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in a retried write transaction (``work`` must be idempotent)."""
        with self.driver.session(database=self.name) as session:
            return session.execute_write(work)

    @contextmanager
    def session(self) -> Iterator[neo4j.Session]:
        with self.driver.session(database=self.name) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[neo4j.Transaction]:
        """One explicit write transaction, committed when the block ends normally and rolled
        back otherwise; never retried (for work that must happen whole or not at all, once)."""
        with (
            self.driver.session(database=self.name) as session,
            session.begin_transaction() as tx,
        ):
            yield tx
            tx.commit()

    def apply_schema(self) -> None:
        """Create the constraints and indexes of ``schema.cypher`` (idempotent)."""
        for statement in cypher.statements("schema"):
            self.driver.execute_query(statement, database_=self.name)

    def close(self) -> None:
        self.driver.close()


def in_parallel(work: Callable[[T], R], items: Iterable[T], workers: int = WORKERS) -> Iterator[R]:
    """``work(item)`` for each item, ``workers`` calls at a time, results in ``items``' order.

    For bulk reads and writes: each call opens its own transactions (the driver is thread-safe,
    sessions are not). ``items`` is read as the calls go (a generator of large batches is never
    held whole: at most ``2 * workers`` items are taken ahead of the results given back). The
    first failure is raised once the calls under way have ended; the calls not yet started are
    dropped, also when the consumer stops early.
    """
    if workers <= 1:
        yield from map(work, items)
        return
    pending: deque[Future[R]] = deque()
    source = iter(items)
    with ThreadPoolExecutor(workers, thread_name_prefix="clout-db") as pool:
        try:
            for item in source:
                pending.append(pool.submit(work, item))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _text(query: str) -> str:
    return cypher.load(query[1:]) if query.startswith("@") else query


@contextmanager
def open_database(settings: ConnectionSettings, *, schema: bool = False) -> Iterator[Database]:
    """A checked connection to the database ``settings`` name (its URI given); closed on exit.
    With ``schema``, the constraints and indexes are applied first (write paths only)."""
    if settings.uri is None:
        raise ValueError("open_database needs a URI; clout.connection.connect finds it")
    driver = open_driver(settings.uri, settings.username, settings.password)
    try:
        check_connection(driver, settings.uri, settings.username, settings.database)
        db = Neo4jDatabase(driver, settings.database, settings.uri)
        if schema:
            db.apply_schema()
        yield db
    finally:
        driver.close()
