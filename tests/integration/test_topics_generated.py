"""Topic scores on a ``clout generate`` world: its planted topic experts (``world.json``
``experts``: people whose received interactions are all about one topic) lead their topic."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clout import config
from clout.db import Database
from clout.loader import LoadOptions, load_interactions
from clout.loader.generator import WorldSpec, generate
from clout.scoring import runs

KINDS = config.load().kinds


def _top_share(db: Database, topic: str, person: str) -> float | None:
    """The person's rank in the topic as a share of its population (0 = first), or None."""
    rows = db.read(
        "MATCH (p:Person)-[e:EXPERT_IN]->(:Topic {name: $t}) "
        "RETURN p.person_id AS p ORDER BY e.score_raw DESC",
        t=topic,
    )
    ids = [r["p"] for r in rows]
    return ids.index(person) / len(ids) if person in ids else None


def test_generated_topic_experts_lead_their_topic(database: Database, tmp_path: Path) -> None:
    truth = generate(WorldSpec(people=2000, interactions=40000, networks=1, seed=3), tmp_path)
    load_interactions(database, tmp_path / "interactions.csv", LoadOptions(), KINDS)
    cfg = config.load()
    cfg = replace(
        cfg, scoring=replace(cfg.scoring, topics=replace(cfg.scoring.topics, min_score=1))
    )  # every person of a topic
    as_of = database.read(
        "MATCH ()-[r:REPLIED_TO|SHARED|LIKED|MENTIONED|COMMENTED_ON]->() "
        "RETURN datetime({epochSeconds: max(r.at)}) AS t"
    )[0]["t"].to_native()
    runs.score(database, cfg, runs.ScoreRequest(as_of=as_of))
    topics = [r["name"] for r in database.read("MATCH (t:Topic) RETURN t.name AS name")]
    # Topics below the activity threshold get no scores (e.g. one whose traffic mostly goes to
    # its expert has too few receivers); the experts of every scored topic are checked.
    checked = [e for e in truth["experts"] if e["topic"] in topics]
    assert len(checked) >= len(truth["experts"]) // 2
    for expert in checked:
        person = f"{truth['networks'][0]}:{expert['handle']}"
        own = _top_share(database, expert["topic"], person)
        assert own is not None, (person, expert["topic"])
        assert own < 0.05, (person, expert["topic"], own)
        for other in topics:
            if other != expert["topic"]:
                share = _top_share(database, other, person)
                assert share is None or share >= 0.05, (person, other, share)
