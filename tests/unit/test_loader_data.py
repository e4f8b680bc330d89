"""Adapters against the real datasets (row counts from ../shared/data/README.md) and the
generator's reproducibility and shape. No database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from clout import config
from clout.eventkey import event_key
from clout.loader.generator import WorldSpec, generate
from clout.loader.model import Columns, LoadOptions, RawRow, RowError
from clout.loader.readers import read_rows
from clout.loader.staging import stage

pytestmark = pytest.mark.data


def _rows(path: Path, options: LoadOptions) -> list[tuple[object, ...]]:
    staged = stage(path, options, config.load().kinds, None)
    try:
        assert staged.rejected == 0, staged.first_reject
        return [r for batch in staged.read_batches() for r in batch]
    finally:
        staged.remove()


def test_collegemsg_snap(shared_data: Path) -> None:
    rows = _rows(shared_data / "collegemsg.txt", LoadOptions(kind="message", network="college"))
    assert len(rows) == 59_835
    assert len({r[0] for r in rows} | {r[1] for r in rows}) == 1_899


def test_enron_csv_with_mapping(shared_data: Path) -> None:
    options = LoadOptions(
        kind="email",
        network="enron",
        columns=Columns(actor="sender_id", target="recipient_id", type=None, timestamp="time"),
    )
    rows = _rows(shared_data / "enron_emails.csv", options)
    assert len(rows) == 125_409
    assert 16_000 < sum(r[0] == r[1] for r in rows) < 17_000  # self-sends, kept and flagged
    assert sum(r[3] < 315_532_800_000 for r in rows) == 174  # the bogus 1979 timestamps
    assert len({r[5] for r in rows}) == 125_409  # identical e-mails get distinct ids


def test_congress_weights_are_not_counts(shared_data: Path) -> None:
    options = LoadOptions(
        kind="mention",
        network="twitter",
        time="2022-06-09",
        columns=Columns(actor="actor_handle", target="target_handle", type=None),
    )
    rows = _rows(shared_data / "congress_interactions.csv", options)
    assert len(rows) == 13_289
    assert len({r[0] for r in rows} | {r[1] for r in rows}) == 475
    assert {r[6] for r in rows} == {1}


def test_reddit_gml(shared_data: Path) -> None:
    rows = list(read_rows(shared_data / "reddit_replies.gml.gz", LoadOptions()))
    assert not [r for r in rows if isinstance(r, RowError)]
    edges = [r for r in rows if isinstance(r, RawRow)]
    assert len(edges) == 240_729
    assert len({e.actor for e in edges} | {e.target for e in edges}) <= 145_607
    assert sum(int(e.count or 1) for e in edges) > len(edges)  # weight = number of replies


def test_digg_konect(shared_data: Path) -> None:
    path = shared_data / "digg_reply_konect" / "out.munmun_digg_reply.gz"  # out.* is konect
    rows = _rows(path, LoadOptions(kind="reply", network="digg"))
    assert len(rows) == 87_627
    assert len({r[0] for r in rows} | {r[1] for r in rows}) == 30_398
    assert sum(r[0] == r[1] for r in rows) == 1_424  # self-replies, kept and flagged
    assert {r[2] for r in rows} == {"REPLIED_TO"}
    assert {r[6] for r in rows} == {1}
    assert (min(r[3] for r in rows), max(r[3] for r in rows)) == (
        1_225_229_529_000,
        1_226_536_024_000,
    )


def test_generator_is_reproducible(tmp_path: Path) -> None:
    spec = WorldSpec(people=2_000, interactions=30_000, networks=3, farm_size=10, seed=7)
    generate(spec, tmp_path / "a")
    generate(spec, tmp_path / "b")
    generate(WorldSpec(people=2_000, interactions=30_000, networks=3, seed=8), tmp_path / "c")

    def digest(folder: Path) -> str:
        return hashlib.sha256(
            b"".join(
                (folder / n).read_bytes()
                for n in ("interactions.csv", "accounts.csv", "world.json")
            )
        ).hexdigest()

    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_generator_shape(tmp_path: Path) -> None:
    spec = WorldSpec(people=5_000, interactions=100_000, networks=3, farm_size=20, seed=3)
    truth = generate(spec, tmp_path)
    rows = _rows(tmp_path / "interactions.csv", LoadOptions())
    assert len(rows) == 100_000
    received = np.bincount([int(str(r[1])[1:]) for r in rows])
    top = np.sort(received)[::-1]
    assert top[: len(top) // 100].sum() > 0.15 * len(rows)  # heavy-tailed audience
    assert len({r[4] for r in rows}) == 3
    farm = truth["farm"]
    assert len(farm["members"]) == 20
    farm_likes = [r for r in rows if r[0] in set(farm["member_handles"])]
    assert farm_likes
    # Members like each other once and the beneficiary many times.
    members = set(farm["member_handles"])
    assert {r[2] for r in farm_likes} == {"LIKED"}
    assert {r[1] for r in farm_likes} == members | {farm["beneficiary_handle"]}
    assert sum(r[1] in members for r in farm_likes) == 20 * 19
    expert = truth["experts"][0]
    topics = {tuple(r[7]) for r in rows if r[1] == expert["handle"]}
    assert topics <= {(expert["topic"],)}
    accounts = (tmp_path / "accounts.csv").read_text().splitlines()
    assert accounts[0] == '"person_id","network","handle","name"'
    assert json.loads((tmp_path / "world.json").read_text())["spec"]["seed"] == 3


def test_bulk_fast_path_matches_the_row_by_row_check(tmp_path: Path) -> None:
    import csv

    from clout.loader import fastbulk

    generate(WorldSpec(people=500, interactions=5_000, networks=2, seed=11), tmp_path)
    path = tmp_path / "interactions.csv"
    fast = fastbulk.convert(path, LoadOptions(), config.load().kinds, tmp_path / "rels.csv", None)
    assert fast is not None
    with (tmp_path / "rels.csv").open() as fh:
        rows = list(csv.reader(fh))  # the header line is written apart (fastbulk.header)
    accounts = fastbulk.unique_accounts(fast)  # account i has id i
    got = {
        (accounts[int(r[0])], accounts[int(r[1])], r[2], int(r[3]), int(r[4]), r[5], r[6])
        for r in rows
    }
    expected = set()
    for r in _rows(path, LoadOptions()):
        expected.add(
            (
                (r[4], r[0]),
                (r[4], r[1]),
                r[2],
                r[3] // 1000,
                event_key(r[5]),
                "" if r[6] == 1 else str(r[6]),
                ";".join(r[7]),
            )
        )
    assert got == expected
    assert {e[0] for e in expected} | {e[1] for e in expected} == set(accounts)
    assert len(accounts) == len(set(accounts))
    fastbulk.write_nodes(*fast.ids.pairs(), tmp_path)
    people = (tmp_path / "people.csv").read_text().splitlines()  # node ids: accounts, then people
    assert people[0] == '":ID","person_id","name","automatic:boolean"'
    network, handle = accounts[1]
    n = len(accounts)
    assert people[2] == f'{n + 1},"{network}:{handle}","{handle}",true'
    assert (tmp_path / "accounts.csv").read_text().splitlines()[2] == f'1,"{network}","{handle}"'
    assert (tmp_path / "owns.csv").read_text().splitlines()[2] == f"{n + 1},1"
    bad = tmp_path / "bad.csv"
    bad.write_text(path.read_text().replace(",LIKED,", ",POKED,", 1))
    assert (
        fastbulk.convert(bad, LoadOptions(), config.load().kinds, tmp_path / "r2.csv", None) is None
    )


def test_the_vectorised_check_spools_what_the_row_by_row_check_spools(tmp_path: Path) -> None:
    from clout.loader import fastbulk

    generate(WorldSpec(people=500, interactions=5_000, networks=2, seed=12), tmp_path)
    path = tmp_path / "interactions.csv"
    options = LoadOptions(batch_size=700)
    kinds = config.load().kinds
    fast = fastbulk.stage(path, options, kinds, None)
    slow = stage(path, options, kinds, None)
    try:
        assert fast is not None
        assert (fast.rows, fast.batches, fast.sizes) == (slow.rows, slow.batches, slow.sizes)
        assert (fast.accounts, fast.fractional) == (slow.accounts, slow.fractional)
        assert list(fast.read_batches()) == list(slow.read_batches())
    finally:
        fast and fast.remove()
        slow.remove()


@pytest.mark.parametrize(
    "row",
    [
        "@ann,bob,like,1,tw,1,,",
        "ann,bob,like,1,tw, 1,,",
        "ann,bob,poke,1,tw,1,,",
        "ann,bob,like,1,tw,1,,a;;b",
        "ann,bob,like,x,tw,1,,",
        "ann,bob,like,1,tw,7,,\nbob,ann,like,2,tw,7,,",
    ],
    ids=["at-handle", "spaced-id", "unknown-type", "empty-topic", "bad-time", "repeated-id"],
)
def test_the_vectorised_check_leaves_doubtful_files_to_the_row_path(
    tmp_path: Path, row: str
) -> None:
    from clout.loader import fastbulk

    path = tmp_path / "in.csv"
    path.write_text("actor,target,type,timestamp,network,event_id,count,topics\n" + row + "\n")
    assert fastbulk.stage(path, LoadOptions(), config.load().kinds, None) is None
