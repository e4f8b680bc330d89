"""``clout load interactions --bulk`` (issue 17): what the offline importer leaves in the graph
through both of its paths (vectorised, row by row), read back as the online path's graph is
read. In this tier because ``--bulk`` stops and restarts the server it loads into."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clout.eventkey import event_key

from .conftest import Site, generate_world

HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"
ROWS = (
    "ann,bob,like,1700000000,tw,1,,\n"
    "bob,ann,reply,1700000060,tw,2,3,news;tech\n"
    "ann,ann,share,1700000120,tw,3,1,\n"
    "cy,ann,comment,1700000180,rd,4,2,news\n"
)
# What either path must give, as lean records: (kind, actor, target, at, eid, count, topics,
# the properties stored).
EXPECTED = [
    (
        "COMMENTED_ON",
        "rd:cy",
        "rd:ann",
        1700000180,
        event_key("rd:4"),
        2,
        ["news"],
        ["at", "count", "eid", "topics"],
    ),
    ("LIKED", "tw:ann", "tw:bob", 1700000000, event_key("tw:1"), None, None, ["at", "eid"]),
    (
        "REPLIED_TO",
        "tw:bob",
        "tw:ann",
        1700000060,
        event_key("tw:2"),
        3,
        ["news", "tech"],
        ["at", "count", "eid", "topics"],
    ),
    ("SHARED", "tw:ann", "tw:ann", 1700000120, event_key("tw:3"), None, None, ["at", "eid"]),
]


def _graph(site: Site) -> list[tuple[object, ...]]:
    rows = site.read(
        "MATCH (a:Account)-[r]->(b:Account) "
        "RETURN type(r) AS kind, a.network + ':' + a.handle AS actor, "
        "b.network + ':' + b.handle AS target, r.at AS at, r.eid AS eid, "
        "r.count AS n, r.topics AS topics, [k IN keys(r) | k] AS stored ORDER BY kind"
    )
    return [(*list(r.values())[:-1], sorted(r["stored"])) for r in rows]


@pytest.mark.parametrize(
    "rows",
    [ROWS, ROWS.replace("ann,bob,like", "@ann,bob,like")],  # a handle to normalise: row by row
    ids=["vectorised", "row-by-row"],
)
def test_bulk_gives_the_graph_the_readers_expect(site: Site, tmp_path: Path, rows: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + rows)
    done = site.clout("load", "interactions", str(path), "--bulk", "--json", timeout=900)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["people"], summary["accounts"], summary["interactions"]) == (4, 4, 4)
    assert set(summary["stages"]) == {"files", "stop", "importer", "restart", "indexes"}
    indexes = site.read("SHOW INDEXES YIELD name, state, owningConstraint")
    assert {i["state"] for i in indexes} == {"ONLINE"}  # the plain ones and the constraints'
    names = {i["name"] for i in indexes if i["owningConstraint"] is None}
    assert {"account_handle", "person_score", "replied_to_at", "liked_at"} <= names
    constraints = {i["owningConstraint"] for i in indexes} - {None}
    assert {"person_id", "account_key", "REPLIED_TO_eid_unique", "LIKED_eid_unique"} <= constraints
    assert _graph(site) == EXPECTED
    people = site.read(
        "MATCH (p:Person)-[:OWNS]->(a:Account) "
        "RETURN p.person_id AS id, p.name AS name, p.automatic AS auto, a.handle AS handle "
        "ORDER BY id"
    )
    assert [tuple(p.values()) for p in people] == [
        ("rd:ann", "ann", True, "ann"),
        ("rd:cy", "cy", True, "cy"),
        ("tw:ann", "ann", True, "ann"),
        ("tw:bob", "bob", True, "bob"),
    ]
    assert site.read("MATCH (n) WHERE n.topics = [] RETURN count(n) AS n") == [{"n": 0}]
    engaged = site.clout("query", "run", "most_engaged", "--json")
    assert engaged.returncode == 0, engaged.stderr
    received = {(r["kind"], r["handle"]): r["interactions"] for r in json.loads(engaged.stdout)}
    assert received == {("LIKED", "bob"): 1, ("REPLIED_TO", "ann"): 3, ("COMMENTED_ON", "ann"): 2}
    again = site.clout("load", "interactions", str(path), "--json")  # the same file, online
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["interactions"] == 0
    assert len(_graph(site)) == 4


def test_bad_input_with_bulk_is_one_error_line_and_nothing_written(
    site: Site, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROWS + "dee,ann,poke,1700000240,tw,5,,\n")
    done = site.clout("load", "interactions", str(path), "--bulk", timeout=900)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {path}:6: type: unknown interaction type 'poke'")
    assert len(done.stderr.strip().splitlines()) == 1
    assert site.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_a_world_loaded_with_bulk_scores_as_it_does_loaded_online(
    site: Site, tmp_path: Path
) -> None:
    folder = generate_world(site, tmp_path / "world")
    path = str(folder / "interactions.csv")
    ranked = []
    for extra in (["--bulk"], []):  # the importer leaves topics, self and count=1 unset
        loaded = site.clout("-q", "load", "interactions", path, *extra, timeout=900)
        assert loaded.returncode == 0, loaded.stderr
        scored = site.clout("-q", "score", timeout=900)
        assert scored.returncode == 0, scored.stderr
        top = site.clout("top", "--limit", "1000", "--json")
        assert top.returncode == 0, top.stderr
        ranked.append([(r["person_id"], r["score"]) for r in json.loads(top.stdout)])
        site.wipe()
    assert len(ranked[0]) > 100
    assert ranked[0] == ranked[1]


@pytest.mark.parametrize("handle", ["ann", "@ann"], ids=["vectorised", "row-by-row"])
def test_bulk_keeps_line_breaks_in_quoted_fields(site: Site, tmp_path: Path, handle: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + f'{handle},"bob\nby",like,1700000000,tw,"e\r\n1",,"a\nb;c"\n')
    done = site.clout(
        "load", "interactions", str(path), "--bulk", "--keep-event-ids", "--json", timeout=900
    )
    assert done.returncode == 0, done.stderr
    rows = site.read(
        "MATCH (a:Account)-[r]->(b:Account) RETURN a.handle AS a, b.handle AS b, "
        "r.event_id AS e, r.topics AS t"
    )
    assert rows == [{"a": "ann", "b": "bob\nby", "e": "tw:e\r\n1", "t": ["a\nb", "c"]}]
