"""Two loads of the same events at once (issue 21, 1): a batch the uniqueness constraint refuses
because another load committed one of its events first is tried again
(``loader/writer.py`` ``_write_batch``), against a recording fake session. That the retry then
skips those events is the query's doing (the fault tier's test_1 shows it on a real server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clout.db import ConstraintError
from clout.loader import writer

EID = "Relationship(7) already exists with type `LIKED` and property `eid` = 42"


class Refused(ConstraintError):
    """The server's refusal of a batch, with its message (the driver's are made by the
    driver)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    @property
    def message(self) -> str:
        return self.text


class Session:
    """Records each attempt of a transaction function; refuses the first ``refusals``."""

    def __init__(self, refusals: list[str]) -> None:
        self.refusals = refusals
        self.attempts = 0

    def execute_write(self, work: Callable[[Any], int]) -> int:
        self.attempts += 1
        if self.refusals:
            raise Refused(self.refusals.pop(0))
        return work("tx")


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.time, "sleep", lambda seconds: None)


def test_a_batch_refused_for_an_event_another_load_wrote_is_tried_again() -> None:
    session = Session([EID, EID])
    assert writer._write_batch(session, lambda tx: 1990, 3) == 1990
    assert session.attempts == 3


def test_a_refusal_not_about_event_ids_is_raised_at_once() -> None:
    session = Session(["Node(1) already exists with label `Account` and property `handle`"])
    with pytest.raises(ConstraintError):
        writer._write_batch(session, lambda tx: 1, 0)
    assert session.attempts == 1


def test_a_batch_refused_every_time_fails_after_its_tries() -> None:
    session = Session([EID] * writer.BATCH_TRIES)
    with pytest.raises(ConstraintError):
        writer._write_batch(session, lambda tx: 1, 0)
    assert session.attempts == writer.BATCH_TRIES
