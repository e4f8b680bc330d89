"""Issue 21, loads: data written twice or half-written (1, 2, 6), input destroyed or altered
(7, 9, 10), one clear line instead of a traceback (11), and a killed load's spool."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from .conftest import Site

HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"


def _counts(site: Site) -> dict[str, int]:
    row = site.read(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )[0]
    return {"nodes": row["nodes"], "rels": row["rels"]}


def _events(site: Site) -> dict[str, int]:
    row = site.read(
        "MATCH (:Account)-[r]->(:Account) "
        "RETURN count(r) AS relationships, count(DISTINCT [type(r), r.eid]) AS events"
    )[0]
    return {"relationships": row["relationships"], "events": row["events"]}


def _blocked(site: Site) -> bool:
    """Whether a transaction of the server waits for a lock another one holds."""
    rows = site.read("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN 1")
    return bool(rows)


def test_1_concurrent_loads_of_the_same_events_write_each_once(site: Site, tmp_path: Path) -> None:
    """Load A holds a batch created but not committed; load B, of a copy that starts with that
    batch's events, meets them there: without the uniqueness constraint B would not see them
    and write them again."""
    made = site.clout(
        "-q",
        "generate",
        "--people",
        "2000",
        "--interactions",
        "20000",
        "--seed",
        "21",
        "-o",
        str(tmp_path / "w"),
    )
    assert made.returncode == 0, made.stderr
    original = tmp_path / "w" / "interactions.csv"
    options = ["--batch-size", "2000", "--json"]
    first = site.paused("open:2", tmp_path, "-q", "load", "interactions", str(original), *options)
    first.wait_there()
    held = int(first.mark.read_text())  # two batches committed, this one created, not committed
    header, *rows = original.read_text().splitlines(keepends=True)
    start, end = held * 2000, (held + 1) * 2000
    copy = tmp_path / "copy.csv"  # another file (another manifest), same events, held ones first
    copy.write_text(header + "".join(rows[start:end] + (rows[:start] + rows[end:])[::-1]))
    second = subprocess.Popen(
        [sys.executable, "-m", "clout", "-q", "load", "interactions", str(copy), *options],
        env=site.env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    site.children.append(second)
    deadline = time.monotonic() + 300
    while second.poll() is None and not _blocked(site):  # B waits for A's batch (or is done)
        assert time.monotonic() < deadline, "the second load neither waited nor ended"
        time.sleep(0.2)
    code, out, err = first.resume()
    out2, err2 = second.communicate(timeout=600)
    assert (code, second.returncode) == (0, 0), (err, err2)
    written = [json.loads(out)["interactions"], json.loads(out2)["interactions"]]
    assert min(written) > 0, written
    assert sum(written) == 20_000, written
    assert _events(site) == {"relationships": 20_000, "events": 20_000}


@pytest.mark.parametrize("batch_size", ["1", "20000"])
def test_2_an_event_id_three_times_in_a_file_is_one_relationship(
    site: Site, tmp_path: Path, batch_size: str
) -> None:
    path = tmp_path / "three.csv"
    path.write_text(HEADER + "a,b,like,2024-01-01,tw,same,1,\n" * 3)
    done = site.clout("load", "interactions", str(path), "--batch-size", batch_size, "--json")
    assert done.returncode == 0, done.stderr
    assert '"duplicates": 2' in done.stdout
    assert _events(site) == {"relationships": 1, "events": 1}


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, list[str], str]]:
    """name -> (file, extra options, the start of the expected Error line)."""

    def csv_file(name: str, body: str) -> Path:
        path = folder / name
        path.write_text(HEADER + body)
        return path

    big = csv_file("count.csv", "a,b,like,1,tw,1,1,\nc,d,like,1,tw,2,1e30,\n")
    wide = csv_file("wide.csv", "a,b,like,1,tw,1,1,\n" + "h" * 9000 + ",d,like,1,tw,2,1,\n")
    long_id = csv_file("longid.csv", "a,b,like,1,tw,1,1,\nc,d,like,1,tw," + "e" * 9000 + ",1,\n")
    huge = csv_file(
        "huge.csv", 'a,b,like,1,tw,1,1,\nc,d,like,1,tw,2,1,"' + "x" * (17 << 20) + '"\n'
    )
    fake = folder / "fake.csv.gz"
    fake.write_bytes(b"not gzip\n")
    truncated = folder / "cut.csv.gz"
    data = gzip.compress(
        (HEADER + "".join(f"a{i},b,like,1,tw,{i},1,\n" for i in range(9000))).encode()
    )
    truncated.write_bytes(data[: len(data) // 2])
    header = folder / "header.csv"
    header.write_bytes(b"act\xffor,target,type,timestamp\na,b,like,1\n")
    unix = csv_file("unix.csv", "a,b,like,1,tw,1,1,\nc,d,like,99999999999999,tw,2,1,\n")
    binary = folder / "binary.parquet"
    pq.write_table(
        pa.table(
            {
                "actor": pa.array([b"\xff"], pa.binary()),
                "target": ["b"],
                "type": ["like"],
                "timestamp": ["2024-01-01"],
            }
        ),
        binary,
    )
    struct = folder / "struct.parquet"
    pq.write_table(
        pa.table(
            {
                "actor": ["a"],
                "target": ["b"],
                "type": ["like"],
                "timestamp": ["2024-01-01"],
                "topics": pa.array([{"x": 1}]),
            }
        ),
        struct,
    )
    gml = folder / "cut.gml"
    gml.write_text('graph [\n node [\n  id 0\n  label "a"\n ]\n edge [\n  source 0\n  target 0\n')
    return {
        "count 1e30": (big, [], f"Error: {big}:3: count: '1e30' must be a positive number"),
        "handle over 8 KB": (wide, [], f"Error: {wide}:3: actor: 9,003 bytes long"),
        "event id over 8 KB": (long_id, [], f"Error: {long_id}:3: event_id: 9,003 bytes long"),
        "field over 16 MB": (huge, [], f"Error: {huge}:3: csv: a field is longer than 16 MiB"),
        "fake gz": (fake, [], f"Error: {fake}: not a readable .gz file"),
        "truncated gz": (truncated, [], f"Error: {truncated}:"),
        "header not UTF-8": (header, [], f"Error: {header}:1: header: not valid UTF-8"),
        "Unix time out of range": (unix, [], f"Error: {unix}:3: timestamp: '99999999999999'"),
        "parquet binary": (binary, [], f"Error: {binary}: column 'actor' holds binary values"),
        "parquet struct": (
            struct,
            [],
            f"Error: {struct}: column 'topics' holds struct<x: int64> values",
        ),
        "truncated gml": (gml, ["--time", "2024-01-01"], f"Error: {gml}: gml: the file ends"),
        "rejects in a missing folder": (
            big,
            ["--on-error", "skip", "--rejects", str(folder / "no" / "r.csv")],
            f"Error: --rejects {folder / 'no' / 'r.csv'}: the folder",
        ),
        "rejects is a folder": (
            big,
            ["--on-error", "skip", "--rejects", str(folder)],
            f"Error: --rejects {folder} is a folder",
        ),
    }


def test_6_10_11_every_bad_input_is_one_error_line_and_nothing_is_written(
    site: Site, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "x,y,like,2024-01-01,tw,first,1,\n")
    assert site.clout("-q", "load", "interactions", str(first)).returncode == 0
    before = _counts(site)
    wrong = {}
    for name, (path, options, expected) in _bad_inputs(tmp_path).items():
        done = site.clout("load", "interactions", str(path), *options)
        lines = done.stderr.strip().splitlines()
        if done.returncode != 1 or len(lines) != 1 or not lines[0].startswith(expected):
            wrong[name] = (done.returncode, done.stderr[-500:])
    assert wrong == {}
    assert _counts(site) == before


def test_10_a_gml_file_on_one_line_loads_its_edges(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "one.gml"
    path.write_text(
        'graph [ directed 1 node [ id 0 label "a&amp;b" ] node [ id 1 label "c" ] '
        'node [ id 2 label "d" ] edge [ source 0 target 1 ] edge [ source 2 target 0 ] ]'
    )
    done = site.clout("load", "interactions", str(path), "--time", "2024-01-01")
    assert done.returncode == 0, done.stderr
    edges = site.read(
        "MATCH (a:Account)-[r]->(b:Account) RETURN a.handle AS actor, b.handle AS target"
    )
    assert sorted((e["actor"], e["target"]) for e in edges) == [("a&b", "c"), ("d", "a&b")]


def test_6_a_too_long_handle_commits_no_account(site: Site, tmp_path: Path) -> None:
    rows = "".join(f"a{i},b{i},like,1,tw,{i},1,\n" for i in range(10_000))
    path = tmp_path / "late.csv"
    path.write_text(HEADER + rows + "h" * 9000 + ",b,like,1,tw,x,1,\n")
    for _ in range(2):  # every rerun the same one line, and still nothing written
        done = site.clout("load", "interactions", str(path))
        assert done.returncode == 1
        assert done.stderr.startswith(f"Error: {path}:10002: actor: 9,003 bytes long")
        assert _counts(site) == {"nodes": 0, "rels": 0}


def test_7_rejects_cannot_overwrite_the_input(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,tw,1,1,\n,b,like,1,tw,2,1,\n" * 20)
    before = path.read_bytes()
    done = site.clout(
        "load", "interactions", str(path), "--on-error", "skip", "--rejects", str(path)
    )
    assert (done.returncode, done.stderr) == (
        1,
        f"Error: --rejects {path} is {path}, a file this load reads; give the rejects "
        "another name\n",
    )
    assert path.read_bytes() == before


def test_9_a_quoted_newline_is_kept_in_the_graph(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "nl.csv"
    path.write_text(HEADER + '"line1\nline2",b,like,1,tw,1,1,"a;b"\n')
    assert site.clout("-q", "load", "interactions", str(path)).returncode == 0
    handles = {r["h"] for r in site.read("MATCH (a:Account) RETURN a.handle AS h")}
    assert handles == {"line1\nline2", "b"}


def test_11_cr_only_line_endings_load(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(
        HEADER.replace("\n", "\r").encode() + b"a,b,like,1,tw,1,1,\rc,d,like,1,tw,2,1,\r"
    )
    done = site.clout("load", "interactions", str(path))
    assert done.returncode == 0, done.stderr
    assert _events(site) == {"relationships": 2, "events": 2}


def test_skip_with_rejects_says_so_and_strict_exits_3(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,tw,1,1,\n,b,like,1,tw,2,1,\n")
    rejects = tmp_path / "r.csv"
    done = site.clout(
        "load",
        "interactions",
        str(path),
        "--on-error",
        "skip",
        "--rejects",
        str(rejects),
        "--strict",
    )
    assert done.returncode == 3
    assert (
        f"note: 1 rows rejected (written to {rejects}); the first: {path}:3: actor: missing"
        in done.stdout
    )
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: 1 rows were rejected (see {rejects}); the other rows were loaded "
        "(--strict: exit status 3)"
    )
    assert rejects.read_text().splitlines()[1].endswith(',b,like,1,tw,2,1,"')
    assert _events(site) == {"relationships": 1, "events": 1}


def test_a_killed_load_leaves_no_spool_and_resumes_exactly(site: Site, tmp_path: Path) -> None:
    made = site.clout(
        "-q",
        "generate",
        "--people",
        "2000",
        "--interactions",
        "20000",
        "--seed",
        "7",
        "-o",
        str(tmp_path / "w"),
    )
    assert made.returncode == 0
    path = tmp_path / "w" / "interactions.csv"
    spools = set(Path(tempfile.gettempdir()).glob("clout-load-*"))
    paused = site.paused(
        "load:2", tmp_path, "load", "interactions", str(path), "--batch-size", "2000"
    )
    paused.wait_there()
    assert paused.kill(signal.SIGKILL)[0] == -signal.SIGKILL
    assert set(Path(tempfile.gettempdir()).glob("clout-load-*")) <= spools
    assert _events(site)["relationships"] == 4000
    done = site.clout("load", "interactions", str(path), "--batch-size", "2000")
    assert done.returncode == 0, done.stderr
    assert "note: resumed after batch 2 of 10" in done.stdout
    assert _events(site) == {"relationships": 20_000, "events": 20_000}
    shutil.rmtree(tmp_path / "w")


def test_bulk_takes_fractional_counts_and_loads_a_repeated_event_once(
    site: Site, tmp_path: Path
) -> None:
    fast = tmp_path / "fast.csv"  # clean canonical CSV: the vectorised path
    fast.write_text(HEADER + "a,b,like,1700000000,tw,1,0.5,\nb,a,like,1700000001,tw,2,2,\n")
    done = site.clout("load", "interactions", str(fast), "--bulk", "--json", timeout=900)
    assert done.returncode == 0, done.stderr
    counts = site.read("MATCH ()-[r:LIKED]->() RETURN r.count AS n ORDER BY n")
    assert [r["n"] for r in counts] == [0.5, 2.0]
    site.wipe()
    repeated = tmp_path / "repeated.csv"  # a repeated id: the row-by-row path drops the repeat
    repeated.write_text(HEADER + "a,b,like,1700000000,tw,1,0.25,\n" * 2)
    done = site.clout("load", "interactions", str(repeated), "--bulk", "--json", timeout=900)
    assert done.returncode == 0, done.stderr
    assert '"duplicates": 1' in done.stdout
    assert site.read("MATCH ()-[r:LIKED]->() RETURN r.count AS n") == [{"n": 0.25}]
    names = {r["name"] for r in site.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert "LIKED_eid_unique" in names
