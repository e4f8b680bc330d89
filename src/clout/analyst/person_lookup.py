"""Who the user means: a person id, a handle, or ``network:handle``, with closest matches.

Every spelling of a handle finds its account: ``alice``, ``@alice``, ``twitter:alice`` and
``twitter:@alice`` all find an account stored as ``twitter:@alice`` (Twitter data writes handles
with ``@``), and the person id (``twitter:@alice`` for an automatic person) finds its person.
The spelling as typed wins over the other one when both exist.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from clout.db import Database
from clout.errors import InputError, UnknownPerson

log = logging.getLogger(__name__)
# Enough to suggest names for typical graphs without reading a huge one whole.
MAX_CANDIDATES = 200_000


@dataclass(frozen=True)
class PersonRef:
    person_id: str
    name: str | None

    @property
    def label(self) -> str:
        """``Name (person_id)``, or the id alone when there is no name."""
        return f"{self.name} ({self.person_id})" if self.name else self.person_id


def spellings(handle: str) -> list[str]:
    """``handle`` as typed, then with a leading ``@`` added or removed."""
    bare = handle.removeprefix("@")
    other = f"@{bare}" if handle == bare else bare
    return [handle, other] if bare else [handle]


def resolve(db: Database, text: str) -> PersonRef:
    """The one person ``text`` names; :class:`UnknownPerson` with the closest matches if none,
    :class:`InputError` when a bare handle belongs to several people."""
    wanted = text.strip()
    network, sep, handle = wanted.partition(":")
    rows = db.read(
        "@analyst/internal/resolve_person",
        text=wanted,
        network=network.lower() if sep else None,
        handle=handle,
        handles=spellings(handle) if sep else [],
        spellings=spellings(wanted),
    )
    if not rows:
        raise UnknownPerson(unknown_message(text, suggestions(db, wanted.removeprefix("@"))))
    best = min(row["priority"] for row in rows)
    people = sorted({(r["person_id"], r["name"]) for r in rows if r["priority"] == best})
    if len(people) > 1:
        listed = ", ".join(PersonRef(pid, name).label for pid, name in people)
        raise InputError(
            f"{text!r} is the handle of several people: {listed}; "
            "give network:handle or the person id"
        )
    person_id, name = people[0]
    return PersonRef(person_id, name)


def suggestions(db: Database, text: str, n: int = 5) -> list[str]:
    """Up to ``n`` person ids whose id, name or handles are closest to ``text``."""
    rows = db.read("@analyst/internal/person_names", max=MAX_CANDIDATES)
    labels = ((str(label), row["person_id"]) for row in rows for label in row["labels"] if label)
    return closest(text, labels, n)


def closest(text: str, labels: Iterable[tuple[str, str]], n: int = 5) -> list[str]:
    """The ids of the ``n`` best (label, id) pairs for ``text`` (case-insensitive, difflib)."""
    by_label: dict[str, list[str]] = {}
    for label, person_id in labels:
        by_label.setdefault(label.lower(), []).append(person_id)
    matches = difflib.get_close_matches(text.lower(), list(by_label), n=n * 3, cutoff=0.5)
    ids: list[str] = []
    for label in matches:
        ids.extend(pid for pid in by_label[label] if pid not in ids)
    return ids[:n]


def unknown_message(text: str, matches: list[str]) -> str:
    hint = f"closest matches: {', '.join(matches)}" if matches else "no similar names either"
    return f"no person {text!r} (give a person id, a handle or network:handle)\n{hint}"
