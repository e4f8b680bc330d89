"""Loading into a real Neo4j: counts, idempotency, crash-resume, atomicity, self flags,
identity re-linking, real datasets, and the analyst's plain Cypher question."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clout import config
from clout.db import Database
from clout.errors import InputError
from clout.eventkey import event_key, event_keys
from clout.loader import LoadOptions, load_accounts, load_interactions, writer
from clout.loader.model import Columns
from clout.scoring import store

KINDS = config.load().kinds
HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"
ROWS = [
    "bob,alice,retweet,2024-03-05T10:00:00Z,twitter,1,,news;tech",
    "carol,alice,RT,2024-03-20T10:00:00Z,twitter,2,,",
    "dave,alice,quote,2024-04-02T10:00:00Z,twitter,3,,",
    "bob,alice,like,2024-03-06T10:00:00Z,twitter,4,3,",
    "alice,bob,reply,2024-03-07T10:00:00Z,twitter,5,,",
    "alice,alice,like,2024-03-08T10:00:00Z,twitter,6,,",
    "erin,bob,comment,1709900000,mastodon,7,,",
]


def _csv(tmp_path: Path, rows: list[str], name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def _counts(db: Database) -> dict[str, int]:
    return db.read(
        "CALL () { MATCH (p:Person) RETURN count(p) AS people } "
        "CALL () { MATCH (a:Account) RETURN count(a) AS accounts } "
        "CALL () { MATCH (:Account)-[r]->(:Account) RETURN count(r) AS interactions } "
        "RETURN people, accounts, interactions"
    )[0]


def test_load_and_ask_who_shared_alice_in_march(database: Database, tmp_path: Path) -> None:
    summary = load_interactions(database, _csv(tmp_path, ROWS), LoadOptions(), KINDS)
    assert (summary.rows, summary.interactions, summary.accounts, summary.people) == (7, 7, 6, 6)
    assert summary.self_interactions == 1
    # Where the load's time went, stage by stage (the writing phase last).
    assert list(summary.stages) == ["check", "connect", "schema", "accounts", "interactions"]
    assert all(seconds >= 0 for seconds in summary.stages.values())
    who = database.read(
        "MATCH (p:Person)-[:OWNS]->(:Account)-[s:SHARED]->(:Account {handle: 'alice'}) "
        "WHERE s.at >= datetime('2024-03-01').epochSeconds "
        "  AND s.at < datetime('2024-04-01').epochSeconds "
        "RETURN collect(DISTINCT p.name) AS who"
    )[0]["who"]
    assert sorted(who) == ["bob", "carol"]
    # The lean record: `at` in epoch seconds, the event key, no count of 1, nothing that follows
    # from the accounts, and no event id text unless asked for.
    rel = database.read(
        "MATCH ()-[r:SHARED {eid: $eid}]->() "
        "RETURN properties(r) AS p, toString(datetime({epochSeconds: r.at})) AS at",
        eid=event_key("twitter:1"),
    )[0]
    assert rel == {
        "p": {"at": 1709632800, "eid": event_key("twitter:1"), "topics": ["news", "tech"]},
        "at": "2024-03-05T10:00:00Z",
    }
    liked = database.read("MATCH ()-[r:LIKED]->() RETURN properties(r) AS p ORDER BY r.at")
    assert [set(row["p"]) for row in liked] == [{"at", "eid", "count"}, {"at", "eid"}]
    assert sorted(row["p"].get("count", 1) for row in liked) == [1, 3]


def test_loading_twice_changes_nothing(database: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, ROWS)
    load_interactions(database, path, LoadOptions(), KINDS)
    before = _counts(database)
    again = load_interactions(database, path, LoadOptions(), KINDS)
    assert (again.interactions, again.skipped) == (0, 7)
    assert list(again.stages) == ["check", "connect"]  # the manifest says it is loaded
    assert _counts(database) == before


def test_overlapping_files_share_event_ids(database: Database, tmp_path: Path) -> None:
    load_interactions(database, _csv(tmp_path, ROWS[:4], "a.csv"), LoadOptions(), KINDS)
    second = load_interactions(database, _csv(tmp_path, ROWS[2:], "b.csv"), LoadOptions(), KINDS)
    assert (second.interactions, second.skipped) == (3, 2)
    assert _counts(database)["interactions"] == 7


def test_the_manifest_keeps_batches_committed_out_of_order(database: Database) -> None:
    """Two writers commit batches in any order: ``batches_done`` counts the leading run of
    committed batches, ``ahead`` the ones beyond it (manifest_batch.cypher)."""
    database.write("@load/manifest_start", key="k", file="f", sha256="s", batches=5, rows=500)
    seen = []
    for batch in (1, 3, 0, 4, 2):
        database.write("@load/manifest_batch", key="k", batch=batch)
        row = database.write(
            "@load/manifest_start", key="k", file="f", sha256="s", batches=5, rows=500
        )
        seen.append((row[0]["batches_done"], row[0]["ahead"]))
    assert seen == [(0, [1]), (0, [1, 3]), (2, [3]), (2, [3, 4]), (5, [])]
    assert database.read("MATCH (l:Load {key: 'k'}) RETURN l.writing AS w") == [{"w": None}]


def test_accounts_another_load_made_meanwhile_are_used_not_repeated(database: Database) -> None:
    """A load into a database without accounts creates them without looking them up; when
    another load made some of them in the meantime, the server refuses the batch (uniqueness)
    and the batch is MERGEd: those accounts keep their node and owner, the rest are created."""
    first = writer.write_accounts(database, {("twitter", "alice"), ("twitter", "bob")})
    wanted = {("twitter", "alice"), ("twitter", "bob"), ("twitter", "carol")}
    ids = writer.write_accounts(database, wanted, fresh=True)  # as if the database were empty
    assert set(ids) == wanted
    assert ids[("twitter", "alice")] == first[("twitter", "alice")]
    assert ids[("twitter", "carol")][1] == "twitter:carol"
    assert _counts(database)["accounts"] == 3
    assert _counts(database)["people"] == 3


def test_crash_resume_finishes_without_duplicates(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text(
        "".join(f"u{i % 37} u{(i * 7) % 41} {1_700_000_000 + i} RT\n" for i in range(500))
    )
    options = LoadOptions(batch_size=100)
    batches = []

    def crash(phase: str, rows: int, total: int | None) -> None:
        if phase == "loading":
            batches.append(rows)
            if len(batches) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_interactions(database, path, options, KINDS, crash)
    # Batches 0 and 1 committed; the writers may have committed some later ones beside them.
    manifest = database.read("MATCH (l:Load) RETURN l.batches_done AS done, l.ahead AS ahead")[0]
    committed = manifest["done"] + len(manifest["ahead"] or [])
    assert manifest["done"] >= 2
    assert _counts(database)["interactions"] == 100 * committed
    resumed = load_interactions(database, path, options, KINDS)
    assert (resumed.interactions, resumed.skipped) == (500 - 100 * committed, 100 * committed)
    if manifest["ahead"]:
        assert resumed.notes[0].startswith(f"resumed: {committed} of 5 batches were committed")
    else:
        assert resumed.notes == [f"resumed after batch {committed} of 5"]
    assert _counts(database)["interactions"] == 500
    ids = database.read(
        "MATCH (:Account)-[r]->() WHERE r.eid IS NOT NULL RETURN count(DISTINCT r.eid) AS n"
    )
    assert ids[0]["n"] == 500


def test_a_bad_row_leaves_the_database_unchanged(database: Database, tmp_path: Path) -> None:
    load_interactions(database, _csv(tmp_path, ROWS[:2], "good.csv"), LoadOptions(), KINDS)
    before = _counts(database)
    bad = _csv(tmp_path, [*ROWS, "frank,alice,poke,2024-03-01,twitter,9,,"], "bad.csv")
    with pytest.raises(InputError, match=r"bad.csv:9: type: unknown interaction type 'poke'"):
        load_interactions(database, bad, LoadOptions(), KINDS)
    assert _counts(database) == before
    rejects = tmp_path / "rejects.csv"
    skipped = load_interactions(database, bad, LoadOptions(on_error="skip", rejects=rejects), KINDS)
    assert (skipped.interactions, skipped.rejected, skipped.skipped) == (5, 1, 2)
    with rejects.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1:] == [
        "9",
        "type",
        "unknown interaction type 'poke' (known: REPLIED_TO, "
        "SHARED, LIKED, MENTIONED, COMMENTED_ON)",
        "frank,alice,poke,2024-03-01,twitter,9,,",
    ]


def test_an_identity_merge_rewrites_the_event_logs_accounts(
    database: Database, tmp_path: Path
) -> None:
    import pandas as pd

    folder = tmp_path / "log"
    load_interactions(database, _csv(tmp_path, ROWS), LoadOptions(), KINDS, log_dir=folder)
    ids = tmp_path / "people.csv"
    ids.write_text("person_id,network,handle\nP-bob,twitter,bob\nP-bob,mastodon,bob\n")
    summary = load_accounts(database, ids, log_dir=folder)
    accounts = pd.read_parquet(folder / "accounts" / "part-0.parquet")
    owner = accounts.set_index(["network", "handle"])["person_id"]
    assert owner["twitter", "bob"] == owner["mastodon", "bob"] == "P-bob"
    assert summary.notes == [f"{len(accounts)} accounts rewritten in the event log in {folder}"]


def test_identity_file_relinks_accounts(database: Database, tmp_path: Path) -> None:
    load_interactions(database, _csv(tmp_path, ROWS), LoadOptions(), KINDS)
    assert _counts(database)["people"] == 6
    ids = tmp_path / "people.csv"
    ids.write_text(
        "person_id,network,handle,name\nP-bob,twitter,bob,Bob B\nP-bob,mastodon,bob,Bob B\n"
        "P-bob,twitter,dave,\nP-erin,mastodon,erin,\nP-erin,twitter,carol,\n"
    )
    summary = load_accounts(database, ids)
    assert summary.relinked_people_removed == 5  # all automatic people but alice's
    assert _counts(database) == {"people": 3, "accounts": 6, "interactions": 7}
    owned = database.read(
        "MATCH (p:Person {person_id: 'P-bob'})-[:OWNS]->(a) RETURN p.name AS n, count(a) AS c"
    )
    assert owned == [{"n": "Bob B", "c": 3}]
    # after linking, an interaction between two accounts of one person is counted as self (it
    # is stored as any other: readers leave out same-owner pairs)
    later = _csv(tmp_path, ["dave,bob,like,2024-05-01,,10,,", "alice,bob,like,2024-05-01,,11,,"])
    summary = load_interactions(database, later, LoadOptions(network="twitter"), KINDS)
    assert (summary.interactions, summary.self_interactions) == (2, 1)
    kept = database.read(
        "MATCH ()-[r:LIKED]->() WHERE r.eid IN $keys RETURN count(r) AS n, "
        "count(r.self) AS flagged",
        keys=event_keys(["twitter:10", "twitter:11"]).tolist(),
    )
    assert kept == [{"n": 2, "flagged": 0}]


def test_configured_kind_loads(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "clout.toml"
    user.write_text(
        '[kinds]\nallowed = ["REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON", '
        '"FOLLOWED"]\n[aliases]\nfollow = "FOLLOWED"\n'
    )
    monkeypatch.setenv("CLOUT_CONFIG", str(user))
    path = tmp_path / "follows.txt"
    path.write_text("1 2\n2 3\n")
    load_interactions(
        database, path, LoadOptions(kind="follow", time="2015-01-01"), config.load().kinds
    )
    assert database.read("MATCH ()-[r:FOLLOWED]->() RETURN count(r) AS n") == [{"n": 2}]
    names = {row["name"] for row in database.read("SHOW INDEXES YIELD name RETURN name")}
    assert {"FOLLOWED_eid_unique", "FOLLOWED_at"} <= names
    # The default --as-of: the newest interaction of the counted kinds on the allow-list.
    newest = store.newest_interaction(
        database, ["FOLLOWED", "LIKED", "NOT_ALLOWED"], config.load().kinds
    )
    assert newest == datetime(2015, 1, 1, tzinfo=UTC)


@pytest.mark.data
def test_real_sets_load_with_their_counts(database: Database, shared_data: Path) -> None:
    college = load_interactions(
        database,
        shared_data / "collegemsg.txt",
        LoadOptions(kind="message", network="college"),
        KINDS,
    )
    assert (college.interactions, college.accounts) == (59_835, 1_899)
    congress = load_interactions(
        database,
        shared_data / "congress_interactions.csv",
        LoadOptions(
            kind="mention",
            network="twitter",
            time="2022-06-09",
            columns=Columns(actor="actor_handle", target="target_handle", type=None),
        ),
        KINDS,
    )
    assert (congress.interactions, congress.accounts) == (13_289, 475)
    enron = load_interactions(
        database,
        shared_data / "enron_emails.csv",
        LoadOptions(
            kind="email",
            network="enron",
            columns=Columns(actor="sender_id", target="recipient_id", type=None, timestamp="time"),
        ),
        KINDS,
    )
    assert (enron.interactions, enron.accounts) == (125_409, 184)
    assert 16_000 < enron.self_interactions < 17_000
    own = database.read("MATCH (a:Account {network: 'enron'})-[r]->(a) RETURN count(r) AS n")[0][
        "n"
    ]
    assert own == enron.self_interactions  # stored; scoring leaves them out


@pytest.mark.data
def test_twitter_foursquare_identities(database: Database, shared_data: Path) -> None:
    pair = shared_data / "twitter_foursquare"
    summary = load_accounts(
        database, pair / "same_person_ids.txt", "same-ids", ["twitter", "foursquare"]
    )
    assert (summary.people, summary.accounts) == (1_609, 3_218)
    two = database.read("MATCH (p:Person) WHERE COUNT { (p)-[:OWNS]->() } = 2 RETURN count(p) AS n")
    assert two == [{"n": 1_609}]


def test_fractional_counts_load_and_score_as_weights(database: Database, tmp_path: Path) -> None:
    from tests.support import synth

    from clout.scoring import runs

    synth.load(database, synth.generate(people=120, interactions=2000, days=20, seed=4))
    rows = [
        f"w{i},w{i + 1},like,{synth.END:%Y-%m-%d},weights,f{i},{0.0021 * (i + 1)},"
        for i in range(40)
    ]
    load_interactions(database, _csv(tmp_path, rows), LoadOptions(), KINDS)
    stored = database.read("MATCH (:Account {network: 'weights'})-[r]->() RETURN r.count AS n")
    assert sorted(r["n"] for r in stored) == pytest.approx([0.0021 * (i + 1) for i in range(40)])
    [result] = runs.score(database, config.load(), runs.ScoreRequest(as_of=synth.END))
    assert result.scored > 0
    assert result.interactions >= 2000


def test_a_handle_stored_with_its_at_before_is_the_same_account(
    database: Database, tmp_path: Path
) -> None:
    database.write(  # as a load made before handles were normalised left it
        "CREATE (:Person {person_id: 'twitter:@alice', name: '@alice', automatic: true})"
        "-[:OWNS]->(:Account {network: 'twitter', handle: '@alice'})"
    )
    rows = ["@bob,@alice,like,2024-03-01,twitter,1,,", "carol,alice,like,2024-03-02,twitter,2,,"]
    load_interactions(database, _csv(tmp_path, rows), LoadOptions(), KINDS)
    handles = sorted(r["h"] for r in database.read("MATCH (a:Account) RETURN a.handle AS h"))
    assert handles == ["@alice", "bob", "carol"]
    received = database.read(
        "MATCH (:Account {handle: '@alice'})<-[r:LIKED]-(a) RETURN a.handle AS h ORDER BY h"
    )
    assert [r["h"] for r in received] == ["bob", "carol"]


def test_repeated_event_ids_of_an_old_database_are_refused_until_deduped(
    database: Database, tmp_path: Path
) -> None:
    from clout.loader import writer

    database.write("DROP CONSTRAINT `MENTIONED_eid_unique` IF EXISTS")
    database.write("CREATE INDEX mentioned_eid IF NOT EXISTS FOR ()-[r:MENTIONED]-() ON (r.eid)")
    database.write(
        "CREATE (a:Account {network: 'x', handle: 'a'})-[:MENTIONED {eid: $eid, "
        "at: 1700000000}]->(b:Account {network: 'x', handle: 'b'}) "
        "CREATE (a)-[:MENTIONED {eid: $eid, at: 1700000000}]->(b)",
        eid=event_key("x:1"),
    )
    path = _csv(tmp_path, ["c,d,mention,2024-03-01,x,2,,"])
    with pytest.raises(InputError) as refused:
        load_interactions(database, path, LoadOptions(), KINDS)
    assert str(refused.value) == (
        "1 MENTIONED interactions repeat an event id (1 ids; left by loads that ran at the same "
        "time before clout enforced unique event ids); remove the repeats with `clout load "
        "dedupe`, then load again"
    )
    removed = writer.dedupe(database, config.load().kinds)
    assert removed["MENTIONED"] == 1
    summary = load_interactions(database, path, LoadOptions(), KINDS)
    assert summary.interactions == 1
    assert database.read("MATCH ()-[r:MENTIONED]->() RETURN count(r) AS n") == [{"n": 2}]


def _record_one(db: Database) -> None:
    """A database as clout wrote it before the lean record: DATETIME times, string event ids
    under a uniqueness constraint, and network/count/topics/self on every relationship."""
    db.write("MATCH (s:CloutSchema) DELETE s")
    db.write("DROP CONSTRAINT `SHARED_eid_unique` IF EXISTS")
    db.write(
        "CREATE CONSTRAINT `SHARED_event_unique` IF NOT EXISTS "
        "FOR ()-[r:SHARED]-() REQUIRE r.event_id IS UNIQUE"
    )
    db.write(
        "CREATE (pa:Person {person_id: 'tw:ann', name: 'ann', automatic: true})-[:OWNS]->"
        "(a:Account {network: 'tw', handle: 'ann'}), "
        "(pb:Person {person_id: 'tw:ben', name: 'ben', automatic: true})-[:OWNS]->"
        "(b:Account {network: 'tw', handle: 'ben'}), "
        "(a)-[:SHARED {at: datetime('2024-03-05T10:00:00.750Z'), network: 'tw', "
        "event_id: 'tw:1', count: 1, topics: ['news'], self: false}]->(b), "
        "(b)-[:SHARED {at: datetime('2024-03-06T10:00:00Z'), network: 'tw', "
        "event_id: 'tw:2', count: 2.5, topics: [], self: false}]->(a)"
    )


def test_a_database_of_the_first_record_is_refused_then_migrated(
    database: Database, tmp_path: Path
) -> None:
    from clout import record
    from clout.loader.migrate import migrate

    _record_one(database)
    assert record.version(database) == 1
    with pytest.raises(record.OldRecord, match="clout migrate"):
        record.check(database)
    steps: list[int] = []
    summary = migrate(database, KINDS, progress=lambda phase, n, total: steps.append(n))
    assert (summary.before, summary.after, summary.migrated["SHARED"]) == (1, 2, 2)
    assert summary.dropped == ["SHARED_event_unique"]
    assert sum(steps) == 2
    rels = database.read("MATCH ()-[r:SHARED]->() RETURN properties(r) AS p ORDER BY r.at")
    assert [row["p"] for row in rels] == [
        {"at": 1709632800, "eid": event_key("tw:1"), "topics": ["news"]},
        {"at": 1709719200, "eid": event_key("tw:2"), "count": 2.5},
    ]
    assert record.version(database) == 2
    record.check(database)
    # The keys meet those of a load of the same events: nothing is added twice.
    path = _csv(tmp_path, ["ann,ben,share,2024-03-05T10:00:00Z,tw,1,,news"])
    again = load_interactions(database, path, LoadOptions(), KINDS)
    assert (again.interactions, again.skipped) == (0, 1)
    assert migrate(database, KINDS).migrated == {}  # a second run has nothing to do


def test_event_ids_are_found_by_key_and_kept_on_request(database: Database, tmp_path: Path) -> None:
    from clout.analyst.queries import find_event

    load_interactions(database, _csv(tmp_path, ROWS[:2]), LoadOptions(), KINDS)
    kept = _csv(tmp_path, ["dave,alice,like,2024-03-09T10:00:00Z,twitter,8,,"], "kept.csv")
    load_interactions(database, kept, LoadOptions(keep_event_ids=True), KINDS)
    found = find_event(database, KINDS, "twitter:1")
    assert [(f["kind"], f["actor"], f["target"], f["event_id"]) for f in found] == [
        ("SHARED", "bob", "alice", None)
    ]
    assert find_event(database, KINDS, f"eid:{event_key('twitter:8')}")[0]["event_id"] == (
        "twitter:8"
    )
    assert find_event(database, KINDS, "twitter:404") == []
    with pytest.raises(InputError, match="names no network"):
        find_event(database, KINDS, "1")
