"""Hostile input (issue 21): every bad file is one ``Error:`` line, found before connecting.

The CLI runs against a dead URI: a file that passes the checks would end in "the database
does not answer", so an input error here proves the file was refused before anything was
written. Also: what the loader keeps (newlines in quoted fields, CR-only files, fractional
counts, ``@`` handles) and the rejects file, and (against the recording fake) that a load that
skipped rows succeeds unless ``--strict``.
"""

from __future__ import annotations

import csv
import gzip
import socket
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.support.fake_db import FakeDatabase, install, load_answers
from typer.testing import CliRunner

from clout import config
from clout.cli import app
from clout.loader.model import LoadOptions
from clout.loader.staging import stage

runner = CliRunner()
HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"


def _dead_uri() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"bolt://127.0.0.1:{s.getsockname()[1]}"


def _load(path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--uri", _dead_uri(), "load", "interactions", str(path), *args])
    return result.exit_code, result.stderr


def _rows(path: Path, options: LoadOptions | None = None) -> list[tuple[object, ...]]:
    staged = stage(path, options or LoadOptions(), config.load().kinds, None)
    try:
        return [r for batch in staged.read_batches() for r in batch]
    finally:
        staged.remove()


def _one_error(path: Path, expected: str, *args: str) -> None:
    code, stderr = _load(path, *args)
    assert (code, stderr) == (1, f"Error: {expected}\n")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,b,like,2024-01-01,tw,1,1e30,", "count: '1e30' must be a positive number no larger"),
        ("a,b,like,2024-01-01,tw,1,9223372036854775808,", "count: '9223372036854775808' must"),
        ("a,b,like,99999999999999,tw,1,1,", "timestamp: '99999999999999' is not a Unix time"),
        ("@,b,like,2024-01-01,tw,1,1,", "actor: '@' is no handle (only @)"),
        ("a," + "b" * 9000 + ",like,1,tw,1,1,", "target: 9,003 bytes long with its network;"),
        ("a,b,like,1,tw," + "e" * 9000 + ",1,", "event_id: 9,003 bytes long with its network;"),
        ("a,b,like,1,tw,1,1," + "t" * 8100, "topics: 8,100 bytes long (a topic); the most"),
    ],
)
def test_values_the_database_cannot_hold_are_row_errors(
    tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + row + "\n")
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:2: {message}")
    assert len(stderr.splitlines()) == 1


def test_a_huge_json_number_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"actor": "a", "target": "b", "type": "like", "timestamp": 1%s}\n' % ("0" * 400)
    )
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:1: timestamp: 1000000")
    assert "is not a Unix time in seconds between 1970 and 9999" in stderr


def test_at_handles_are_stored_without_the_at(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "@alice,@@bob,like,1,twitter,,,\n alice ,bob,like,2,twitter,,,\n")
    rows = _rows(path)
    assert [(r[0], r[1]) for r in rows] == [("alice", "bob"), ("alice", "bob")]


def test_counts_may_be_fractional_weights(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "a,b,like,1,tw,1,0.0021,\na,b,like,1,tw,2,3,\n")
    assert [r[6] for r in _rows(path)] == [0.0021, 3]


def test_a_quoted_field_keeps_its_newlines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + '"line1\nline2",b,like,1,tw,1,1,\r\nc,d,like,1,tw,2,1,\n')
    rows = _rows(path)
    assert [r[0] for r in rows] == ["line1\nline2", "c"]


def test_cr_only_line_endings_are_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(HEADER.replace("\n", "\r").encode() + b"a,b,like,1,tw,1,1,\rc,d,like,1,,,,\r")
    assert [r[0] for r in _rows(path)] == ["a", "c"]


def test_a_bad_row_after_a_multiline_one_names_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + '"x\ny",b,like,1,,,,\n,b,like,1,,,,\n')
    _one_error(path, f"{path}:4: actor: missing")


def test_a_field_over_16_mib_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + 'a,b,like,1,tw,1,1,"' + "x" * (17 << 20) + '"\n')
    _one_error(path, f"{path}:2: csv: a field is longer than 16 MiB, the most clout reads")


def test_a_fake_gz_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "in.csv.gz"
    path.write_bytes(b"not gzip at all\n")
    _one_error(
        path,
        f"{path}: not a readable .gz file (Not a gzipped file (b'no')); check the file, "
        "or drop the .gz suffix",
    )


def test_a_truncated_gz_names_where_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "in.csv.gz"
    body = "".join(f"a{i},b{i},like,1,tw,{i},1,\n" for i in range(20_000))
    data = gzip.compress((HEADER + body).encode())
    path.write_bytes(data[: len(data) // 2])
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:")
    assert stderr.endswith(
        ": the compressed data ends early (a truncated .gz file); copy the file again\n"
    )
    assert len(stderr.splitlines()) == 1


def test_a_header_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"act\xffor,target,type,timestamp\nalice,bob,like,1\n")
    _one_error(
        path, f"{path}:1: header: not valid UTF-8 (byte 4 of the line); save the file as UTF-8"
    )


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("")
    _one_error(path, f"{path}: the file is empty; the first line must be the header")


def test_parquet_binary_and_struct_columns_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    base = {"target": ["b"], "type": ["like"], "timestamp": ["2024-01-01"]}
    pq.write_table(pa.table({"actor": pa.array([b"\xff\xfe"], pa.binary()), **base}), path)
    _one_error(
        path,
        f"{path}: column 'actor' holds binary values; clout reads text, numbers, times or "
        "dates there; convert the column (e.g. decode bytes to text) and load again",
    )
    pq.write_table(pa.table({"actor": ["a"], **base, "topics": pa.array([{"x": 1}])}), path)
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}: column 'topics' holds struct<x: int64> values")


def test_gml_on_one_line_loads_its_edges(tmp_path: Path) -> None:
    path = tmp_path / "g.gml"
    path.write_text(
        'graph [ directed 1 node [ id 0 label "a&amp;b" ] node [ id 1 label "c" ] '
        "edge [ source 0 target 1 weight 2 ] ]\n"
    )
    rows = _rows(path, LoadOptions(time="2024-01-01"))
    assert [(r[0], r[1], r[6]) for r in rows] == [("a&b", "c", 2)]


def test_a_truncated_gml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.gml"
    path.write_text(
        'graph [\n node [\n  id 0\n  label "a"\n ]\n node [\n  id 1\n  label "b"\n ]\n'
        " edge [\n  source 0\n  target 1\n ]\n edge [\n  source 1\n  target 0\n"
    )
    _one_error(
        path,
        f"{path}: gml: the file ends inside `edge [` opened on line 14 (truncated?); "
        "nothing was loaded",
        "--time",
        "2024-01-01",
    )


def test_a_file_that_is_no_gml_graph_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.gml"
    path.write_text("graph [ node ]\n")
    _one_error(path, f"{path}:1: gml: the key 'node' has no value", "--time", "2024-01-01")
    path.write_text("just words\n")
    _one_error(path, f"{path}: gml: no `graph [ ... ]` in the file; is it GML?", "--time", "1")


def test_rejects_may_not_be_the_input(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,,,,\n,b,like,1,,,,\n")
    before = path.read_bytes()
    _one_error(
        path,
        f"--rejects {path} is {path}, a file this load reads; give the rejects another name",
        "--on-error",
        "skip",
        "--rejects",
        str(path),
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("where", ["missing/r.csv", "folder"])
def test_rejects_in_a_missing_folder_or_a_folder_is_one_line(tmp_path: Path, where: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,,,,\n")
    (tmp_path / "folder").mkdir()
    target = tmp_path / where
    expected = (
        f"--rejects {target}: the folder {target.parent} does not exist; create it first"
        if where.startswith("missing")
        else f"--rejects {target} is a folder; give a file name, e.g. {target}/r.csv"
    )
    _one_error(path, expected, "--on-error", "skip", "--rejects", str(target))


def test_fail_lists_twenty_bad_rows_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,,,,\n" + ",b,like,1,,,,\n" * 25)
    code, stderr = _load(path)
    assert code == 1
    lines = stderr.splitlines()
    assert lines[0] == f"Error: {path}:3: actor: missing"
    assert lines[1:20] == [f"{path}:{n}: actor: missing" for n in range(4, 23)]
    assert lines[20] == (
        "and 5 more bad rows (25 in all); nothing was loaded. Fix them, or load the good rows "
        "with --on-error skip --rejects rejects.csv"
    )
    assert len(lines) == 21


def test_skip_with_rejects_without_strict_loads_the_rest_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = install(monkeypatch, FakeDatabase(load_answers(config.load().kinds.allowed)))
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,tw,1,1,\n,b,like,1,tw,2,1,\n")
    rejects = tmp_path / "r.csv"
    result = runner.invoke(
        app, ["load", "interactions", str(path), "--on-error", "skip", "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    assert "Error" not in result.stderr  # the progress bars only
    summary, note = result.stdout.splitlines()
    assert summary.startswith(f"{path}: rows 2, ")
    assert ", interactions 1, " in summary
    assert ", rejected 1, " in summary
    assert note == (
        f"note: 1 rows rejected (written to {rejects}); the first: {path}:3: actor: missing"
    )
    assert rejects.read_text().splitlines()[1].endswith(',b,like,1,tw,2,1,"')
    written = [p["eid"] for q, p in db.calls if q == "tx:@load/interactions"]
    assert [len(events) for events in written] == [1]  # the good row, written
    assert db.committed()[-2:] == ["@load/manifest_done", "@load/lease_end"]  # and finished


def test_the_rejects_file_carries_the_raw_row(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text('{"actor": "a", "target": "b", "type": "like", "timestamp": 1}\n{"actor": 1}\n')
    rejects = tmp_path / "r.csv"
    _rows(path, LoadOptions(on_error="skip", rejects=rejects))
    records = list(csv.reader(rejects.read_text().splitlines()))
    assert records == [
        ["file", "line", "field", "reason", "row"],
        [str(path), "2", "target", "missing", '{"actor": 1}'],
    ]


def test_an_event_id_three_times_in_a_file_is_one_event(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "a,b,like,1,tw,same,1,\n" * 3 + "c,d,like,1,tw,other,1,\n")
    for batch_size in (1, 2, 20_000):
        staged = stage(path, LoadOptions(batch_size=batch_size), config.load().kinds, None)
        try:
            rows = [r for batch in staged.read_batches() for r in batch]
            assert (staged.duplicates, sum(staged.sizes)) == (2, 2)
        finally:
            staged.remove()
        assert [r[5] for r in rows] == ["tw:same", "tw:other"]


def test_generate_into_a_file_is_one_error_line(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("")
    result = runner.invoke(
        app, ["generate", "--people", "10", "--interactions", "10", "-o", str(target)]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: -o {target} is a file; give a folder (the world is three files in it)\n",
    )


def test_bulk_files_say_double_counts_only_for_fractional_ones(tmp_path: Path) -> None:
    from clout.loader import fastbulk

    path = tmp_path / "in.csv"
    path.write_text(HEADER + "a,b,like,1,tw,1,0.5,\nb,a,like,2,tw,2,2,\n")
    converted = fastbulk.convert(path, LoadOptions(), config.load().kinds, tmp_path / "r.csv", None)
    assert converted is not None
    assert converted.fractional
    assert ",count:double," in fastbulk.header(converted.fractional)
    assert [line.split(",")[5] for line in (tmp_path / "r.csv").read_text().splitlines()] == [
        "0.5",
        "2",
    ]
    assert ",count:long," in fastbulk.header(False)
    for doubtful in ("@a,b,like,1,tw,1,1,\n", " a,b,like,1,tw,1,1,\n", "a,b,like,1,tw,1,1,\n" * 2):
        path.write_text(HEADER + doubtful)
        assert (
            fastbulk.convert(path, LoadOptions(), config.load().kinds, tmp_path / "r.csv", None)
            is None
        )


def test_an_event_log_is_a_folder_of_an_online_load(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text(HEADER + "a,b,like,1700000000,tw,1,1,\n")
    afile = tmp_path / "afile"
    afile.write_text("")
    for extra, message in (
        (["--bulk", "--log", str(tmp_path / "log")], "--log works with online loads"),
        (["--log", str(afile)], f"--log {afile} is a file; give a folder"),
    ):
        result = runner.invoke(app, ["load", "interactions", str(data), *extra])
        assert result.exit_code == 1
        assert message in " ".join(result.output.split())
    assert not (tmp_path / "log").exists()
