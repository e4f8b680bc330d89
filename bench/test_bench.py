"""The benchmark runner's pieces on a tiny graph: the reference engine, the report and the plot."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from bench import __main__ as runner
from bench import ceiling, compare, engines, load


def test_reference_engine_ranks_a_tiny_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.npz"
    np.savez(path, src=np.array([0, 1, 2]), dst=np.array([1, 2, 1]), weight=np.ones(3), n=3)
    result = engines.run("reference", path, runs=2)
    assert result["edges"] == 3
    assert len(result["compute_seconds"]) == 2
    assert result["peak_rss_bytes"] > 0


def test_networkx_is_skipped_with_a_reason_when_too_big(tmp_path: Path) -> None:
    skipped = compare.engine("networkx", tmp_path / "none.npz", 10**8, 1)
    assert "would not fit" in skipped["skipped"]


def test_report_and_plot(tmp_path: Path) -> None:
    timing = {"seconds": {"min": 1.0, "median": 2.0, "max": 3.0}, "peak_rss_bytes": 2**20}
    graph = {
        "graph": "100k",
        "nodes": 10,
        "edges": 100,
        "iterations": 10,
        "load_seconds": 1.0,
        "clout_phases": {"projection": {"min": 1.0, "median": 1.0, "max": 1.0}},
        "engines": {
            "gds": {
                "seconds": timing["seconds"],
                "ns_per_edge_iteration": 2e6,
                "estimated_bytes": 3 * 2**20,
            },
            "reference": {**timing, "ns_per_edge_iteration": 2e6},
            "networkx": {"skipped": "too big"},
        },
    }
    report = {
        "date": "2026-11-22 04:00 UTC",
        "machine": "test",
        "bandwidth": {"floor_ns_per_edge": 0.5, "read_gb_s": 10.0},
        "graphs": [graph],
    }
    text = runner.markdown(report)
    assert "| 100k | 100 | reference | 1.000 / 2.000 / 3.000 | 1 | 2000000.00 |" in text
    assert "| 3 (GDS's estimate, in Neo4j's heap) |" in text
    assert "skipped: too big" in text
    assert "| 100k | 1.0 | projection | 1.00 / 1.00 / 1.00 |" in text
    runner.plot(report, tmp_path / "plot.png")
    assert (tmp_path / "plot.png").stat().st_size > 1000


def test_the_ceiling_reads_a_files_accounts_and_kinds_as_the_load_stores_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "like.csv"
    path.write_text(
        "actor,target,type,timestamp,network,event_id,count,topics\n"
        "bob,alice,retweet,1709900000,twitter,1,,news;tech\n"
        "carol,@alice,like,1709900000,twitter,2,3,\n"
        "alice,bob,reply,1709900000,mastodon,3,,\n"
    )
    rows = ceiling.file_rows(path, 2)
    assert rows.kinds == ["SHARED", "LIKED"]
    assert rows.keys == [("twitter", "bob"), ("twitter", "alice"), ("twitter", "carol")]
    assert (rows.actors, rows.targets) == ([0, 2], [1, 1])  # `@alice` is alice
    assert (rows.counts, rows.topics) == ([None, 3.0], [["news", "tech"], None])
    whole = ceiling.file_rows(path, None)  # a ceiling as long as the load: every row
    assert (whole.kinds, whole.keys[3:]) == (
        ["SHARED", "LIKED", "REPLIED_TO"],
        [("mastodon", "alice"), ("mastodon", "bob")],
    )
    assert whole.first(2) == rows  # the file read once, its first rows taken from it
    assert whole.first(1).keys == [("twitter", "bob"), ("twitter", "alice")]
    assert whole.first(None) is whole.first(3) is whole


def test_the_load_report_gives_the_machines_speed_beside_the_bulk_rates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(load, "RESULTS", tmp_path)
    bulk = {
        "rate": 50_000.0,
        "importer_rate": 120_000.0,
        "python_peak_rss_mb": 1_000.0,
        "jvm_peak_rss_mb": 5_000.0,
        "load_average": [1.0, 2.0],
        "stages": {"files": 30.0, "importer": 80.0},
    }
    runs = [
        {"bulk_empty": {**bulk, "rate": rate}, "bulk_importer": {**bulk, "rate": 120_000.0}}
        for rate in (40_000.0, 60_000.0)
    ]
    args = argparse.Namespace(interactions=10_000_000, networks=3)
    speed = {
        "start": {"read_gb_s": 14.56, "python_loop_s": 2.04},
        "end": {"read_gb_s": 27.1, "python_loop_s": 1.1},
    }
    load.write_report(args, 1_000_000, runs, {}, speed)
    text = capsys.readouterr().out
    assert "read bandwidth 14.6 and 27.1 GB/s" in text
    assert "30,000,000 turns of a Python loop in 2.04 and 1.10 s" in text
    assert "| bulk_empty | 40,000 | 50,000 | 60,000 |" in text
    (report,) = tmp_path.glob("load-*.json")
    assert json.loads(report.read_text())["speed"] == speed
