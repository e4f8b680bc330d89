"""Load the real datasets of ../shared/data into a test database through ``clout.loader``.

CollegeMsg and Enron are read with the loader options ``clout evaluate --suite`` defines for them
(``clout.evaluate.suite.SETS``): one definition, so a test and the evaluation never load a set
two different ways. Every account is its own (automatic) person, ``"<network>:<handle>"``.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from clout import config
from clout.db import Database
from clout.evaluate import suite
from clout.loader import LoadOptions, load_interactions
from clout.loader.model import Columns

KINDS = config.load().kinds


def _suite_set(db: Database, data: Path, name: str) -> None:
    [real] = suite.chosen([name])
    for path, options in suite.files(real, data):
        load_interactions(db, path, options, KINDS)


def collegemsg(db: Database, data: Path) -> None:
    """CollegeMsg's private messages (network ``college``)."""
    _suite_set(db, data, "collegemsg")


CONGRESS_AS_OF = datetime(2022, 6, 9, tzinfo=UTC)
# Mentions between members of Congress, weighted by their probability (the ``weight`` column,
# loaded as each edge's count) and without timestamps: all at CONGRESS_AS_OF.
CONGRESS = LoadOptions(
    network="twitter",
    kind="mention",
    time=CONGRESS_AS_OF.isoformat(),
    columns=Columns(
        actor="actor_handle",
        target="target_handle",
        type=None,
        timestamp=None,
        network=None,
        event_id=None,
        count="weight",
        topics=None,
    ),
)


def congress(db: Database, data: Path) -> None:
    load_interactions(db, data / "congress_interactions.csv", CONGRESS, KINDS)


def enron(db: Database, data: Path) -> dict[str, str]:
    """Enron's e-mails (network ``email``); returns each handle's job title."""
    _suite_set(db, data, "enron")
    with (data / "enron_people.csv").open() as f:
        return {r["person_id"]: r["title"] for r in csv.DictReader(f)}
