"""The Stack Exchange data-dump adapter: answers and comments as interactions with topics.

Given a dump's ``Posts.xml`` (``Comments.xml`` is read from the same folder when present):

- an answer (``PostTypeId=2``) is ``REPLIED_TO`` from its owner to the question's owner;
- a comment is ``COMMENTED_ON`` from its author to the commented post's owner;
- both carry the question's tags (``<qubit><entanglement>``) as topics, the network
  ``stackexchange``, the post's or comment's ``CreationDate`` (UTC) and an event id ``a<Id>`` /
  ``c<Id>``. Posts or comments without a known owner or author (deleted users) are skipped.

``users`` reads ``Users.xml`` (display name and reputation per user id).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from clout.errors import InputError
from clout.loader.model import RawRow

NETWORK = "stackexchange"
TAG = re.compile(r"<([^<>]+)>")


def _rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        for _, element in ET.iterparse(path):
            if element.tag == "row":
                yield dict(element.attrib)
                element.clear()
    except ET.ParseError as exc:
        raise InputError(f"{path} is not a Stack Exchange dump file: {exc}") from exc


def _time(text: str) -> str:
    return text if text.endswith("Z") else text + "Z"


def users(folder: Path) -> dict[str, tuple[str, int]]:
    """User id -> (display name, reputation), from ``Users.xml``."""
    return {
        r["Id"]: (r.get("DisplayName", r["Id"]), int(r.get("Reputation", "0")))
        for r in _rows(folder / "Users.xml")
    }


# The event id of an interaction: ``a<Id>`` for an answer, ``c<Id>`` for a comment.
PREFIX = {"REPLIED_TO": "a", "COMMENTED_ON": "c"}
Post = dict[str, str]


def stackexchange_rows(posts_file: Path) -> Iterator[RawRow]:
    """One :class:`RawRow` per answer and comment (see the module docstring)."""
    posts = {r["Id"]: r for r in _rows(posts_file)}

    def tags(post: Post) -> list[str]:
        question = posts.get(post.get("ParentId", ""), post) if post["PostTypeId"] == "2" else post
        return TAG.findall(question.get("Tags", ""))

    def row(number: int, record: Post, actor: str, target: str, kind: str, tagged: Post) -> RawRow:
        """``record`` (an answer or a comment) with the tags of ``tagged``'s question."""
        event_id = f"{PREFIX[kind]}{record['Id']}"
        when = _time(record["CreationDate"])
        return RawRow(number, actor, target, kind, when, NETWORK, event_id, 1, tags(tagged))

    for number, post in enumerate(posts.values(), 1):
        parent = posts.get(post.get("ParentId", ""), {})
        if post["PostTypeId"] == "2" and "OwnerUserId" in post and "OwnerUserId" in parent:
            yield row(number, post, post["OwnerUserId"], parent["OwnerUserId"], "REPLIED_TO", post)
    comments = posts_file.with_name("Comments.xml")
    if not comments.is_file():
        return
    for number, comment in enumerate(_rows(comments), 1):
        post = posts.get(comment["PostId"], {})
        if "OwnerUserId" in post and "UserId" in comment:
            yield row(number, comment, comment["UserId"], post["OwnerUserId"], "COMMENTED_ON", post)
