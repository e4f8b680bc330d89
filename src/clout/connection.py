"""``connect()``: the database the settings name, the managed server started when they name none.

Above both :mod:`clout.db` (the driver) and :mod:`clout.server` (the managed server), so neither
imports the other's way up: the server uses ``clout.db`` to ask whether it answers, and this
module asks the server for its address before it opens the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from clout import record
from clout.db import Database, open_database
from clout.settings import ConnectionSettings


def resolve(settings: ConnectionSettings) -> ConnectionSettings:
    """Settings with a URI and password: for the managed server, start it if needed."""
    if not settings.managed:
        return settings
    from clout.server.manager import ManagedServer  # imported late: only the managed case needs it

    server = ManagedServer.from_env()
    info = server.ensure_running()
    return settings.with_overrides(uri=info.uri, password=server.password())


@contextmanager
def connect(settings: ConnectionSettings, *, schema: bool = False) -> Iterator[Database]:
    """A checked connection to the database ``settings`` name; closed on exit. ``schema``
    (the write paths: load, score, demo, ``server start``) applies the constraints and indexes
    first and makes sure the database holds the interaction record this clout writes
    (:mod:`clout.record`; a database in an older one is refused, naming ``clout migrate``);
    read-only commands leave it off and need no write rights."""
    with open_database(resolve(settings), schema=schema) as db:
        if schema:
            record.check(db)
        yield db
