"""Run a clout command that stops at a chosen point and waits there, so that a test can kill it
(or the server) at exactly that point: ``python paused.py WHERE MARK GO -- ARGS...``.

WHERE is one of
- ``phase:<name>``: a scoring progress phase has started (``phase:pagerank``: the projection
  exists and the algorithm is about to run);
- ``hook:<phase>:<n>``: a scoring write hook is called (``hook:history:2``: two history batches
  are committed; ``hook:write-back-commit:0``: the switch transaction holds every change and is
  about to commit); history batches are 50 people here, so a small world has several;
- ``load:<n>``: a load has committed ``n`` batches of interactions (and none more: its writers
  wait before the next ones);
- ``open:<n>``: as ``load:<n>``, but one writer has gone on into the next batch's transaction:
  its relationships are created and it waits before the commit (holding their locks), the
  other writer waits before its batch; MARK holds that batch's number (from 0);
- ``graph:<kind>``: a projection named ``clout-<kind>-...`` exists (``graph:eval``: one of
  ``clout evaluate``'s); MARK holds its name.
- ``query:<@name>``: the command is about to send the package query ``@name`` for the first
  time (``query:@load/identities``: an identity load holds its lease and is about to merge).

``hook:publish:0`` also makes every run "too large for one transaction" (``store.switch``'s
batched path): the run is live and about to copy its values onto its people.

When it gets there it writes MARK and waits until GO exists (or ten minutes), then goes on. The
command runs through ``clout.cli.main``, so SIGTERM is handled as in the real ``clout``.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

WHERE, MARK, GO = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ARGS = sys.argv[sys.argv.index("--") + 1 :]


def pause(here: str = "here") -> None:
    MARK.write_text(f"{here}\n")
    wait_go()


def wait_go() -> None:
    deadline = time.monotonic() + 600
    while not GO.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def install() -> None:
    kind, _, rest = WHERE.partition(":")
    if kind == "phase":
        from clout.cli import bars

        start = bars.Bars.start

        def started(self: Any, phase: str, total: int | None) -> None:
            start(self, phase, total)
            if phase == rest:
                pause()

        bars.Bars.start = started  # type: ignore[method-assign]
    elif kind == "hook":
        from clout.scoring import runs, store

        phase, _, number = rest.partition(":")
        store.BATCH = 50
        if phase == "publish":
            store.at_once_capacity = lambda db: 10  # type: ignore[assignment]
        score = runs.score

        def hook(at: str, batch: int) -> None:
            if (at, batch) == (phase, int(number)):
                pause()

        def scored(*args: Any, **kwargs: Any) -> Any:
            kwargs["hook"] = hook
            return score(*args, **kwargs)

        runs.score = scored  # type: ignore[assignment]
    elif kind in ("load", "open"):
        from clout.loader import writer

        # The writers commit batches at once: exactly n batches start (and commit), a writer
        # about to start one more waits, and the mark is written once the n have committed
        # (``open``: once the first writer beyond them has created its batch, uncommitted).
        write = writer._write_batch
        count = int(rest)
        lock, committed = threading.Lock(), threading.Event()
        started, done = [0], [0]
        if count == 0:
            committed.set()

        def written(session: Any, work: Any, number: int) -> int:
            with lock:
                started[0] += 1
                beyond = started[0] - count
            if beyond > 0:
                committed.wait()
                if kind == "open" and beyond == 1:

                    def held(tx: Any) -> Any:
                        created = work(tx)
                        pause(str(number))
                        return created

                    return write(session, held, number)
                if kind == "open":
                    wait_go()
                else:
                    pause()
            created = write(session, work, number)
            with lock:
                done[0] += 1
                if done[0] == count:
                    committed.set()
            return created

        writer._write_batch = written  # type: ignore[assignment]
    elif kind == "graph":
        from contextlib import contextmanager

        from clout import gds

        projection = gds.scoring_projection

        @contextmanager
        def projected(client: Any, graph_name: str, *args: Any) -> Any:
            with projection(client, graph_name, *args) as facts:
                if graph_name.startswith(f"clout-{rest}-"):
                    pause(graph_name)
                yield facts

        gds.scoring_projection = projected  # type: ignore[assignment]
    elif kind == "query":
        from clout.db import Neo4jDatabase as Database

        sent = threading.Event()

        def before(method: Any) -> Any:
            def send(self: Any, query: str, **params: Any) -> Any:
                if query == rest and not sent.is_set():
                    sent.set()
                    pause()
                return method(self, query, **params)

            return send

        Database.read = before(Database.read)  # type: ignore[method-assign]
        Database.write = before(Database.write)  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown pause point {WHERE}")


if __name__ == "__main__":
    install()
    from clout.cli import main

    sys.argv = ["clout", *ARGS]
    main()
