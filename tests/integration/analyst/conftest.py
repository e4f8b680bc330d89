"""A small scored world written with Cypher by the contract of ``docs/design.md``, and a CLI
runner against the test server.

People (live score, history over run-1 .. run-4):
  alice  Alice Liddell  twitter:alice, mastodon:alice_m  72  (50, 60, 65, 72)  python 80, graphs 50
  bob    Bob Stone      twitter:bob                      55  (70, 60, 58, 55)  python 40
  carol  Carol King     twitter:carol, mastodon:carol    48  ( 1, 20, 40, 48)
  dave   Dave Null      mastodon:dave                    30  (30, 30, 30, 30)
  erin   Erin Quiet     twitter:erin                      1  never above 1
  twitter:sam / mastodon:sam  two automatic people sharing the handle "sam", score 1

Runs: run-1 2024-04-01, run-2 2024-05-20, run-3 2024-05-27, run-4 2024-05-31 (current, 90-day
window), then a failed run-5 and a running run-6 that must be ignored.

Interactions received by alice in run-4's window: bob SHARED x2 (twitter), carol LIKED
(twitter), carol SHARED (mastodon), dave REPLIED_TO (mastodon), erin LIKED x5 (twitter); plus a
self-share between alice's own accounts that never counts. run-4's history keeps the raw rank it
gave each account of the people it scored (``RANKS``, on their SCORED relationship; erin, never
above 1, has none: her rank is the baseline 0.15), which ``clout show`` explains with
the scoring model's weights (see test_analyst_person.py for bob's contribution by hand).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from clout.cli import app
from clout.db import Database
from clout.eventkey import event_key
from clout.settings import ConnectionSettings

PEOPLE = [
    # person_id, name, live score, raw, percentile, {network: sub-score}, history run-1..run-4
    ("alice", "Alice Liddell", 72, 1.2, 99.0, {"twitter": 70, "mastodon": 45}, [50, 60, 65, 72]),
    ("bob", "Bob Stone", 55, 0.6, 90.0, {"twitter": 55}, [70, 60, 58, 55]),
    ("carol", "Carol King", 48, 0.4, 80.0, {"twitter": 48, "mastodon": 30}, [1, 20, 40, 48]),
    ("dave", "Dave Null", 30, 0.1, 60.0, {"mastodon": 30}, [30, 30, 30, 30]),
    ("erin", "Erin Quiet", 1, 0.0, 10.0, {"twitter": 1}, [1, 1, 1, 1]),
    ("twitter:sam", None, 1, 0.0, 10.0, {"twitter": 1}, [1, 1, 1, 1]),
    ("mastodon:sam", None, 1, 0.0, 10.0, {"mastodon": 1}, [1, 1, 1, 1]),
]
ACCOUNTS = [
    ("alice", "twitter", "alice"),
    ("alice", "mastodon", "alice_m"),
    ("bob", "twitter", "bob"),
    ("carol", "twitter", "carol"),
    ("carol", "mastodon", "carol"),
    ("dave", "mastodon", "dave"),
    ("erin", "twitter", "erin"),
    ("twitter:sam", "twitter", "sam"),
    ("mastodon:sam", "mastodon", "sam"),
]
INTERACTIONS = [
    # actor (network, handle), kind, target handle, count, day in May 2024 (None: Jan 2023)
    ("twitter", "bob", "SHARED", "alice", 2, 10),
    ("twitter", "carol", "LIKED", "alice", 1, 11),
    ("mastodon", "carol", "SHARED", "alice_m", 1, 12),
    ("mastodon", "dave", "REPLIED_TO", "alice_m", 1, 13),
    ("twitter", "erin", "LIKED", "alice", 5, 14),
    ("twitter", "alice", "MENTIONED", "bob", 1, 15),
    ("twitter", "carol", "SHARED", "bob", 1, 16),
    ("twitter", "erin", "LIKED", "carol", 1, 17),
    ("mastodon", "dave", "LIKED", "carol", 1, 18),
    ("twitter", "bob", "LIKED", "bob", 1, 19),
    ("twitter", "bob", "LIKED", "erin", 1, None),
]
# The raw rank run-4 stored on each account (made up, but what `clout show` reads).
RANKS = {
    ("twitter", "alice"): 0.9,
    ("mastodon", "alice_m"): 0.45,
    ("twitter", "bob"): 0.5,
    ("twitter", "carol"): 0.4,
    ("mastodon", "carol"): 0.3,
    ("mastodon", "dave"): 0.25,
    ("twitter", "erin"): 0.15,
}
# The runs were scored with scoring-5's constants (but without its fading): `clout show`
# explains them with the rules of their time, whatever the shipped config says now.
SCORING_5 = {
    "config_version": "scoring-5",
    "damping": 0.85,
    "half_life_days": 30.0,
    "reciprocity_discount": 0.0,
    "standing_floor": 0.0,
    "standing_half_saturation": 1.0,
    "standing_vouching": 1.0,
}
RUNS = [
    ("run-1", "2024-04-01", "done"),
    ("run-2", "2024-05-20", "done"),
    ("run-3", "2024-05-27", "done"),
    ("run-4", "2024-05-31", "done"),
    ("run-5", "2024-06-01", "failed"),
    ("run-6", "2024-06-02", "running"),
]
TOPICS = [("alice", "python", 80, 0.9), ("alice", "graphs", 50, 0.5), ("bob", "python", 40, 0.3)]


def build_world(db: Database) -> None:
    """Write the world above (the database must be empty)."""
    db.write(
        "UNWIND $runs AS r CREATE (s:ScoringRun {run_id: r[0], as_of: datetime(r[1]), "
        "status: r[2], window_days: 90, finished_at: datetime(r[1]), people: 7}) "
        "SET s += $constants",
        runs=[list(r) for r in RUNS],
        constants=SCORING_5,
    )
    for pid, name, score, raw, pct, networks, history in PEOPLE:
        subs = {f"score_{n}": s for n, s in networks.items()}
        live = {"score": score, "score_raw": raw, "score_percentile": pct, "score_run": "run-4"}
        db.write(
            "CREATE (p:Person {person_id: $pid}) SET p.name = $name, p += $live",
            pid=pid,
            name=name,
            live=live | subs,
        )
        ranked = [(n, h, r) for (n, h), r in RANKS.items() if (pid, n, h) in ACCOUNTS]
        scored = [
            {
                "run": f"run-{i}",
                "props": {"score": s, "score_percentile": float(s)}
                | {"score_raw": raw if i == len(history) else s / 60}
                | {k: min(v, s) for k, v in subs.items()}
                | (
                    {
                        "rank_networks": [n for n, _, _ in ranked],
                        "rank_handles": [h for _, h, _ in ranked],
                        "ranks": [r for _, _, r in ranked],
                    }
                    if i == len(history)
                    else {}
                ),
            }
            for i, s in enumerate(history, start=1)
            if s > 1
        ]
        db.write(
            "MATCH (p:Person {person_id: $pid}) UNWIND $scored AS s "
            "MATCH (r:ScoringRun {run_id: s.run}) CREATE (p)-[h:SCORED]->(r) SET h = s.props",
            pid=pid,
            scored=scored,
        )
    _write_accounts_and_interactions(db)


def _write_accounts_and_interactions(db: Database) -> None:
    db.write(
        "UNWIND $rows AS a MATCH (p:Person {person_id: a[0]}) "
        "CREATE (p)-[:OWNS]->(:Account {network: a[1], handle: a[2]})",
        rows=[list(a) for a in ACCOUNTS],
    )
    rows = [
        {
            "network": net,
            "actor": actor,
            "kind": kind,
            "target": target,
            "count": count,
            "at": f"2024-05-{day:02d}T12:00:00Z" if day else "2023-01-01T12:00:00Z",
            "event": f"{net}:{i}",
            "eid": event_key(f"{net}:{i}"),
        }
        for i, (net, actor, kind, target, count, day) in enumerate(INTERACTIONS)
    ]
    db.write(
        "UNWIND $rows AS row "
        "MATCH (a:Account {network: row.network, handle: row.actor})<-[:OWNS]-(pa:Person) "
        "MATCH (b:Account {network: row.network, handle: row.target})<-[:OWNS]-(pb:Person) "
        "CREATE (a)-[:$(row.kind) {at: datetime(row.at).epochSeconds, eid: row.eid, "
        "event_id: row.event, count: CASE WHEN row.count = 1 THEN null ELSE row.count END}]->(b)",
        rows=rows,
    )
    # A self-share between alice's own two accounts (different networks): never counts.
    db.write(
        "MATCH (a:Account {handle: 'alice'}), (b:Account {handle: 'alice_m'}) "
        "CREATE (a)-[:SHARED {at: datetime('2024-05-20T00:00:00Z').epochSeconds, eid: $eid, "
        "event_id: 'twitter:self'}]->(b)",
        eid=event_key("twitter:self"),
    )
    db.write(
        "UNWIND $rows AS t MATCH (p:Person {person_id: t[0]}) MERGE (topic:Topic {name: t[1]}) "
        "CREATE (p)-[:EXPERT_IN {score: t[2], score_raw: t[3], run: 'run-4'}]->(topic)",
        rows=[list(t) for t in TOPICS],
    )


def wipe(db: Database) -> None:
    db.write("MATCH (n) DETACH DELETE n")


@pytest.fixture(scope="module")
def world(database_session: Database) -> Iterator[Database]:
    """The scored world, built once per module (tests using it must not write)."""
    wipe(database_session)
    build_world(database_session)
    yield database_session
    wipe(database_session)


Invoke = Callable[..., Result]


@pytest.fixture(scope="session")
def cli(neo4j_settings: ConnectionSettings) -> Invoke:
    """``cli("top", "--json")`` runs the CLI against the test server."""
    env = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USERNAME": neo4j_settings.username,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
        "COLUMNS": "200",
    }
    runner = CliRunner()

    def invoke(*args: str, **kwargs: Any) -> Result:
        return runner.invoke(app, list(args), env=env, **kwargs)

    return invoke
