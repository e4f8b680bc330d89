"""The version of the interaction record a database holds, and the check every command makes.

Record 1 (clout before the lean record) stored each interaction with ``at`` as a DATETIME, its
event id as a string with a uniqueness constraint per kind, and ``network``, ``self``, ``count``
and ``topics`` on every relationship. Record 2 is the lean record of ``schema.cypher``. The
readers of record 2 would misread record 1 (a DATETIME never compares with an integer), so a
database still in record 1 is refused, once, with the command that migrates it
(``clout migrate``, :mod:`clout.loader.migrate`).

A database records its version on a ``(:CloutSchema {name: 'record'})`` node. One that records
none is in record 1 when record 1's event-id indexes are there (every record-1 load made them
before it wrote), and new otherwise: the loaders record version 2 when they first write
(:func:`ensure`; nothing else does, so an empty database stays empty for ``--bulk``).
"""

from __future__ import annotations

from clout.db import Database
from clout.errors import InputError

VERSION = 2


class OldRecord(InputError):
    """The database holds interactions in a record this clout does not read."""


def version(db: Database) -> int | None:
    """The record version the database holds: 1, 2, or None for one that holds nothing yet."""
    found = db.read("@record/version")[0]["version"]
    if found is not None:
        return int(found)
    return 1 if db.read("@record/legacy_indexes") else None


def check(db: Database) -> None:
    """Raise :class:`OldRecord` unless the database holds the current record (or none)."""
    found = version(db)
    if found is None or found == VERSION:
        return
    if found > VERSION:
        raise OldRecord(
            f"this database holds interactions in record {found}, written by a newer clout; "
            "upgrade clout (pip install -U clout)"
        )
    raise OldRecord(
        f"this database holds interactions in record {found} (times as DATETIME, string event "
        f"ids); migrate it once to record {VERSION} with `clout migrate` (a progress bar shows "
        "how far it is; nothing is lost)"
    )


def ensure(db: Database) -> None:
    """For the loaders: :func:`check`, then record the current version if none is."""
    check(db)
    if db.read("@record/version")[0]["version"] is None:
        db.write("@record/stamp", version=VERSION)
