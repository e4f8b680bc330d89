"""The database seam: the fake offers what the Protocol names, and db.py needs no server."""

from __future__ import annotations

import subprocess
import sys

from tests.support.fake_db import FakeDatabase

from clout.db import Column, Database


def test_the_recording_fake_offers_every_member_of_the_seam() -> None:
    members = {m for m in vars(Database) if not m.startswith("_")} | set(Database.__annotations__)
    assert {"read", "write", "execute_write", "transaction", "session", "driver"} <= members
    fake = FakeDatabase()
    assert [m for m in sorted(members) if not hasattr(fake, m)] == []


def test_the_driver_seam_does_not_import_the_server() -> None:
    code = (
        "import sys, clout.db; "
        "print(sorted(m for m in sys.modules if m.startswith('clout.server')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_column_is_a_list_whose_repr_is_its_length() -> None:
    # The driver formats every RUN message's parameters with repr() for its debug log, logging
    # on or not: a batch's columns must not turn into megabytes of text there.
    column = Column(range(20_000))
    assert column == list(range(20_000))
    assert isinstance(column, list)
    assert repr({"eid": column}) == "{'eid': <column of 20,000>}"
    column.clear()
    assert repr(column) == "<column of 0>"
