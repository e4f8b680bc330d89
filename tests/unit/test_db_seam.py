"""The database seam: the fake offers what the Protocol names, and db.py needs no server."""

from __future__ import annotations

import subprocess
import sys

from tests.support.fake_db import FakeDatabase

from clout.db import Database


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
