"""The Stack Exchange dump in ``../shared/data`` as interactions with topics (tests only).

Answers (``PostTypeId=2``) are ``REPLIED_TO`` the question's owner; comments are
``COMMENTED_ON`` the commented post's owner; both carry the question's tags as topics. Posts or
comments without a known owner or author are skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clout.db import Database

NETWORK = "stackexchange"
TAG = re.compile(r"<([^<>]+)>")


@dataclass(frozen=True)
class Event:
    event_id: str
    actor: str
    target: str
    kind: str
    at: datetime
    topics: list[str]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    for _, element in ET.iterparse(path):
        if element.tag == "row":
            yield dict(element.attrib)
            element.clear()


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def users(folder: Path) -> dict[str, tuple[str, int]]:
    """User id -> (display name, reputation)."""
    return {
        r["Id"]: (r.get("DisplayName", r["Id"]), int(r.get("Reputation", "0")))
        for r in _rows(folder / "Users.xml")
    }


def events(folder: Path) -> list[Event]:
    """Every answer and comment as an interaction, with its question's tags."""
    posts = {r["Id"]: r for r in _rows(folder / "Posts.xml")}

    def tags(post: dict[str, str]) -> list[str]:
        question = posts.get(post.get("ParentId", ""), post) if post["PostTypeId"] == "2" else post
        return TAG.findall(question.get("Tags", ""))

    found = []
    for post in posts.values():
        parent = posts.get(post.get("ParentId", ""), {})
        if post["PostTypeId"] == "2" and "OwnerUserId" in post and "OwnerUserId" in parent:
            at = _time(post["CreationDate"])
            owners = post["OwnerUserId"], parent["OwnerUserId"]
            found.append(Event(f"a{post['Id']}", *owners, "REPLIED_TO", at, tags(post)))
    for comment in _rows(folder / "Comments.xml"):
        post = posts.get(comment["PostId"], {})
        if "OwnerUserId" in post and "UserId" in comment:
            at = _time(comment["CreationDate"])
            owners = comment["UserId"], post["OwnerUserId"]
            found.append(Event(f"c{comment['Id']}", *owners, "COMMENTED_ON", at, tags(post)))
    return found


EVENTS = """
UNWIND $rows AS row
MERGE (p:Person {person_id: 'stackexchange:' + row.actor}) ON CREATE SET p.name = row.actor_name
MERGE (a:Account {network: 'stackexchange', handle: row.actor})
MERGE (p)-[:OWNS]->(a)
MERGE (q:Person {person_id: 'stackexchange:' + row.target}) ON CREATE SET q.name = row.target_name
MERGE (b:Account {network: 'stackexchange', handle: row.target})
MERGE (q)-[:OWNS]->(b)
CREATE (a)-[r:$(row.kind)]->(b)
SET r.at = row.at, r.network = 'stackexchange', r.event_id = 'stackexchange:' + row.id,
    r.count = 1, r.topics = row.topics, r.self = row.actor = row.target
"""


def load(db: Database, folder: Path) -> list[Event]:
    """Write the dump's interactions (by the contract in docs/design.md) and return them."""
    names = users(folder)
    found = events(folder)
    rows: list[dict[str, Any]] = [
        {"id": e.event_id, "actor": e.actor, "target": e.target, "kind": e.kind, "at": e.at,
         "topics": e.topics, "actor_name": names.get(e.actor, (e.actor, 0))[0],
         "target_name": names.get(e.target, (e.target, 0))[0]}
        for e in found
    ]  # fmt: skip
    for start in range(0, len(rows), 2000):
        db.write(EVENTS, rows=rows[start : start + 2000])
    return found
