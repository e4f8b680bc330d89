"""The in-place ceiling of ``bench.load`` writes into the kinds a load writes into, between
the accounts the database holds: it must write every row it times and leave the database as
it was."""

from __future__ import annotations

from pathlib import Path

from bench.ceiling import file_rows, measure_in_place

from clout import config
from clout.db import Database
from clout.loader import LoadOptions, load_interactions

HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"
ROWS = [
    "bob,alice,retweet,2024-03-05T10:00:00Z,twitter,1,,news;tech",
    "carol,@alice,like,2024-03-20T10:00:00Z,twitter,2,3,",
    "alice,bob,reply,2024-03-07T10:00:00Z,twitter,3,,",
    "erin,bob,comment,1709900000,mastodon,4,,",
    "frank,erin,mention,1709900000,mastodon,5,,",
]


def _state(db: Database) -> dict[str, object]:
    return db.read(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN collect([type(r), r.eid, r.at]) AS events } "
        "RETURN nodes, events"
    )[0]


def test_the_in_place_ceiling_writes_every_row_and_leaves_the_database_as_it_was(
    database: Database, tmp_path: Path
) -> None:
    loaded = tmp_path / "loaded.csv"
    loaded.write_text(HEADER + "\n".join(ROWS[:3]) + "\n")
    load_interactions(database, loaded, LoadOptions(), config.load().kinds)
    before = _state(database)
    # Rows between accounts the database holds (bob, alice) and ones it does not (erin, frank),
    # of every kind, written twice over (12 rows from 5, in batches of 5, two writers).
    like = tmp_path / "like.csv"
    like.write_text(HEADER + "\n".join(ROWS) + "\n")
    rows = file_rows(like, 5)
    assert rows.kinds == ["SHARED", "LIKED", "REPLIED_TO", "COMMENTED_ON", "MENTIONED"]
    assert rows.keys[:2] == [("twitter", "bob"), ("twitter", "alice")]  # `@alice` as stored
    assert measure_in_place(database, rows, 12, 5, writers=2) > 0
    assert _state(database) == before
