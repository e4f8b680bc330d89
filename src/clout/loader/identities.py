"""``load_accounts``: identity files that say which accounts belong to the same person.

Formats:

- ``csv`` (default): ``person_id,network,handle[,name]`` with a header;
- ``same-ids``: one id per line that denotes the same person on every network given with
  ``networks`` (the Twitter-Foursquare pair: ``same_person_ids.txt``); the person id is the id,
  the handle on each network is the id too.

The whole file is checked before anything is written (handles lose a leading ``@``, as in the
interactions loader; ids, handles and names must fit the database's index keys). Accounts
already owned by an automatic person move to the named person; automatic people left without
accounts are removed. The writes hold a load lease (:mod:`clout.loader.guard`), as a load of
interactions does: ``clout score`` does not start while people are being merged.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clout import config
from clout.db import Database
from clout.errors import InputError
from clout.loader import guard
from clout.loader.model import RowError, Summary
from clout.loader.readers import open_input, text_lines
from clout.loader.validate import BadField, check_key, handle

BATCH = 10_000
FIELDS = ("person_id", "network", "handle", "name")
Line = tuple[int, list[str | None]]


@dataclass
class AccountsSummary(Summary):
    """What an identity load did."""

    relinked_people_removed: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _csv_identities(path: Path) -> Iterator[Line | RowError]:
    with open_input(path) as fh:
        lines = ((n, t) for n, t in text_lines(path, fh))
        first = next(lines, None)
        if first is None or isinstance(first[1], RowError):
            raise InputError(f"{path}: the first line must be the header person_id,network,handle")
        header = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first[1]]))]
        missing = {"person_id", "network", "handle"} - set(header)
        if missing:
            raise InputError(f"{path}: no column {', '.join(sorted(missing))} (columns: {header})")
        idx = [
            header.index(h) if h in header else None
            for h in ("person_id", "network", "handle", "name")
        ]
        for number, text in lines:
            if isinstance(text, RowError):
                yield text
                continue
            if not text.strip():
                continue
            rec = next(csv.reader([text]))
            values = [rec[i].strip() if i is not None and i < len(rec) else None for i in idx]
            yield number, [v or None for v in values]


def _same_ids(path: Path, networks: list[str]) -> Iterator[Line | RowError]:
    with open_input(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError):
                yield text
            elif text.strip() and not text.startswith("#"):
                ident = text.strip()
                for network in networks:
                    yield number, [ident, network, ident, None]


def _check(path: Path, rows: Iterator[Line | RowError]) -> list[list[str | None]]:
    good: list[list[str | None]] = []
    for item in rows:
        if isinstance(item, RowError):
            raise InputError(str(item))
        number, (person, network, account, name) = item
        for field_name, value in (("person_id", person), ("network", network), ("handle", account)):
            if not value:
                raise InputError(str(RowError(str(path), number, field_name, "missing")))
        assert network is not None
        if not config.NETWORK_NAME.match(network):
            reason = f"{network!r} must match {config.NETWORK_NAME.pattern}"
            raise InputError(str(RowError(str(path), number, "network", reason)))
        try:
            account = handle(account, "handle")
            check_key(f"{network}:{account}", "handle", " with its network")
            check_key(str(person), "person_id")
            check_key(name or "", "name")
        except BadField as exc:
            raise InputError(str(RowError(str(path), number, exc.field, exc.reason))) from None
        good.append([person, network, account, name])
    return good


def load_accounts(
    db: Database,
    path: Path,
    fmt: str = "csv",
    networks: list[str] | None = None,
    log_dir: Path | None = None,
) -> AccountsSummary:
    """Link the accounts of an identity file to their people (see the module doc); with
    ``log_dir``, rewrite the accounts of the Parquet event log there to match."""
    started = time.monotonic()
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    if log_dir is not None and log_dir.exists() and not log_dir.is_dir():
        raise InputError(f"--log {log_dir} is a file; give a folder")
    if fmt == "same-ids":
        if not networks or len(networks) < 2:
            raise InputError(
                "--format same-ids needs --networks with two or more names, e.g. twitter,foursquare"
            )
        for network in networks:
            config.check_network(network)
        rows = _check(path, _same_ids(path, networks))
    elif fmt == "csv":
        rows = _check(path, _csv_identities(path))
    else:
        raise InputError(f"--format {fmt!r} is unknown for accounts; use csv or same-ids")
    with guard.loading(db, path):  # a scoring run never sees people half merged
        before = db.read("@load/counts")[0]
        for start in range(0, len(rows), BATCH):
            db.write("@load/identities", rows=rows[start : start + BATCH])
        removed = db.write("@load/orphans")[0]["removed"]
        after = db.read("@load/counts")[0]
    summary = AccountsSummary(
        file=str(path),
        rows=len(rows),
        people=after["people"] - before["people"] + removed,
        accounts=after["accounts"] - before["accounts"],
        relinked_people_removed=removed,
    )
    if log_dir is not None:
        _refresh_log(db, log_dir, summary)
    summary.seconds = time.monotonic() - started
    return summary


def _refresh_log(db: Database, folder: Path, summary: AccountsSummary) -> None:
    """The event log's accounts rewritten from the database: its events name accounts, and the
    accounts say whose they are, so a merge reaches the Spark engine without a new export."""
    from clout.scoring.events import Owners
    from clout.spark import log as event_log

    try:
        written = event_log.write_accounts(folder, Owners.read(db))
    except OSError as exc:
        raise InputError(
            f"--log {folder}: cannot write the event log ({exc.strerror or exc}); the database "
            "has the identities: load the file again with --log to write them"
        ) from exc
    summary.notes.append(f"{written:,} accounts rewritten in the event log in {folder}")
