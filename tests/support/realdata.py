"""Load the real datasets of ../shared/data into a test database, following docs/design.md.

Small Cypher inserts for tests only, until the loaders (``clout load ...``) are on main. Each
account is its own person (``person_id = "<network>:<handle>"``).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clout.db import Database

ACCOUNTS = """
UNWIND $rows AS row
MERGE (p:Person {person_id: row.network + ':' + row.handle}) ON CREATE SET p.name = row.name
MERGE (a:Account {network: row.network, handle: row.handle})
MERGE (p)-[:OWNS]->(a)
"""
EVENTS = """
UNWIND $rows AS row
MATCH (a:Account {network: row.network, handle: row.actor})
MATCH (b:Account {network: row.network, handle: row.target})
CREATE (a)-[r:$(row.kind)]->(b)
SET r.at = datetime({epochSeconds: row.at}), r.network = row.network,
    r.event_id = row.network + ':' + row.id, r.count = row.count, r.topics = [],
    r.self = row.actor = row.target
"""
Event = tuple[str, str, int, int]  # actor, target, epoch seconds, count


def load_events(
    db: Database, network: str, kind: str, events: list[Event], names: dict[str, str] | None = None
) -> None:
    handles = sorted({h for e in events for h in e[:2]} | set(names or {}))
    accounts = [{"network": network, "handle": h, "name": (names or {}).get(h, h)} for h in handles]
    for start in range(0, len(accounts), 10000):
        db.write(ACCOUNTS, rows=accounts[start : start + 10000])
    rows: list[dict[str, Any]] = [
        {
            "network": network,
            "actor": a,
            "target": t,
            "at": at,
            "count": c,
            "kind": kind,
            "id": str(i),
        }
        for i, (a, t, at, c) in enumerate(events)
    ]
    for start in range(0, len(rows), 20000):
        db.write(EVENTS, rows=rows[start : start + 20000])


def collegemsg(db: Database, data: Path) -> None:
    lines = (data / "collegemsg.txt").read_text().split("\n")
    events = [(s, d, int(t), 1) for s, d, t in (line.split() for line in lines if line.strip())]
    load_events(db, "college", "REPLIED_TO", events)


CONGRESS_AS_OF = datetime(2022, 6, 9, tzinfo=UTC)


def congress(db: Database, data: Path) -> None:
    """Edges with their probability as a count of 1..n (no timestamps: all at the end)."""
    with (data / "congress_interactions.csv").open() as f:
        rows = list(csv.DictReader(f))
    smallest = min(float(r["weight"]) for r in rows)
    at = int(CONGRESS_AS_OF.timestamp())
    events = [
        (r["actor_handle"], r["target_handle"], at, max(1, round(float(r["weight"]) / smallest)))
        for r in rows
    ]
    with (data / "congress_members.csv").open() as f:
        names = {r["Username"]: r["Congressperson"] for r in csv.DictReader(f)}
    load_events(db, "twitter", "MENTIONED", events, names)


def enron(db: Database, data: Path) -> dict[str, str]:
    """E-mails as MENTIONED (bogus 1979 dates dropped); returns handle -> title."""
    with (data / "enron_emails.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if not r["time"].startswith("1979")]
    events = [
        (
            r["sender_id"],
            r["recipient_id"],
            int(datetime.fromisoformat(r["time"]).replace(tzinfo=UTC).timestamp()),
            1,
        )
        for r in rows
    ]
    with (data / "enron_people.csv").open() as f:
        titles = {r["person_id"]: r["title"] for r in csv.DictReader(f)}
    load_events(db, "email", "MENTIONED", events)
    return titles
