"""The accounts of a load: looked up first unless the database holds none, sent and answered as
columns. A recording fake database: what the writer asks, not what the server does (that is
tests/integration/test_loader.py)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.fake_db import FakeDatabase, load_answers

from clout import config
from clout.loader import writer

ACCOUNTS = {("twitter", "alice"), ("twitter", "bob"), ("mastodon", "alice")}
ACCOUNT = ("twitter", "alice")  # the one the database holds already


def _found(params: dict[str, Any]) -> list[dict[str, Any]]:
    """alice on twitter exists (id 70, owned by person p:alice); the others do not."""
    at = [i for i, h in enumerate(params["handles"]) if (params["networks"][i], h) == ACCOUNT]
    return [{"at": at, "id": [70] * len(at), "person": ["p:alice"] * len(at)}]


@pytest.mark.parametrize("fresh", [False, True])
def test_accounts_are_looked_up_unless_the_database_holds_none(fresh: bool) -> None:
    db = FakeDatabase({**load_answers(config.load().kinds.allowed), "@load/accounts_found": _found})
    ids = writer.write_accounts(db, ACCOUNTS, fresh=fresh)  # type: ignore[arg-type]
    asked = [params for query, params in db.calls if query == "tx:@load/accounts_found"]
    created = [params for query, params in db.calls if query == "tx:@load/accounts_new"]
    new = [(n, h) for p in created for n, h in zip(p["networks"], p["handles"], strict=True)]
    assert set(ids) == ACCOUNTS
    if fresh:
        assert not asked
        assert sorted(new) == sorted(ACCOUNTS)
    else:
        assert len(asked) == 1
        assert sorted(new) == [("mastodon", "alice"), ("twitter", "bob")]
        assert ids[ACCOUNT] == (70, "p:alice")
    assert ids[("twitter", "bob")][1] == "twitter:bob"  # a new account's automatic person
