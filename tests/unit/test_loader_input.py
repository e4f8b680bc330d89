"""The loader's input contract without a database: parsing, checks and exact error messages."""

from __future__ import annotations

import csv
import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clout import config
from clout.cli import app
from clout.loader.model import FORMATS, Columns, LoadOptions
from clout.loader.staging import stage
from clout.loader.validate import BadField, parse_count, parse_time

runner = CliRunner()
HEADER = "actor,target,type,timestamp,network,event_id,count,topics\n"


def _dead_uri() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"bolt://127.0.0.1:{s.getsockname()[1]}"


def _load(path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--uri", _dead_uri(), "load", "interactions", str(path), *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("value", "ms"),
    [
        ("2024-03-01T12:00:00Z", 1_709_294_400_000),
        ("2024-03-01T12:00:00", 1_709_294_400_000),
        ("2024-03-01 13:00:00+01:00", 1_709_294_400_000),
        ("1709294400", 1_709_294_400_000),
        ("1709294400.5", 1_709_294_400_500),
        (1709294400, 1_709_294_400_000),
    ],
)
def test_timestamps_iso_or_unix_seconds(value: object, ms: int) -> None:
    assert parse_time(value) == ms


@pytest.mark.parametrize("value", ["yesterday", "-5", "nan", "2024-13-01"])
def test_bad_timestamps_are_refused(value: str) -> None:
    with pytest.raises(BadField):
        parse_time(value)


def test_counts_are_any_positive_number() -> None:
    assert parse_count(None) == 1
    assert parse_count("3") == 3
    assert type(parse_count("2.0")) is int
    assert parse_count("0.0021") == 0.0021
    assert parse_count(1.5) == 1.5
    for bad in ("0", "-1", "many", "nan", "inf", "1e30", 2**63, 10**400, True):
        with pytest.raises(BadField):
            parse_count(bad)


def test_aliases_map_onto_the_allow_list() -> None:
    kinds = config.load().kinds
    assert kinds.resolve("RT") == "SHARED"
    assert kinds.resolve("quote") == "SHARED"
    assert kinds.resolve("re") == "REPLIED_TO"
    assert kinds.resolve("MT") == "MENTIONED"
    assert kinds.resolve("favorite") == "LIKED"
    assert kinds.resolve("comment") == "COMMENTED_ON"
    assert kinds.resolve("liked") == "LIKED"
    assert kinds.resolve("FOLLOWED") is None


def test_user_config_extends_the_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "clout.toml"
    user.write_text(
        '[kinds]\nallowed = ["REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON", '
        '"FOLLOWED"]\n[aliases]\nfollow = "FOLLOWED"\n'
    )
    monkeypatch.setenv("CLOUT_CONFIG", str(user))
    assert config.load().kinds.resolve("follow") == "FOLLOWED"
    assert config.load().kinds.resolve("rt") == "SHARED"


def test_a_kind_that_is_no_identifier_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "clout.toml"
    user.write_text('[kinds]\nallowed = ["LIKED", "X]->() DETACH DELETE n //"]\n')
    monkeypatch.setenv("CLOUT_CONFIG", str(user))
    with pytest.raises(config.ConfigError, match=r"\[kinds\] allowed must list names"):
        config.load()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",bob,like,2024-03-01,,,,", "3: actor: missing"),
        ("alice,bob,poke,2024-03-01,,,,", "3: type: unknown interaction type 'poke' (known: "),
        ("alice,bob,like,someday,,,,", "3: timestamp: 'someday' is neither ISO-8601"),
        ("alice,bob,like,2024-03-01,,,-2,", "3: count: '-2' must be a positive number no larger"),
        ("alice,bob,like,2024-03-01,Bad Net,,,", "3: network: 'Bad Net' must match"),
    ],
)
def test_bad_row_is_one_error_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "carol,dave,rt,1709294400,,,,\n" + row + "\n")
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:{message}")
    assert len(stderr.strip().splitlines()) == 1


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + b"alice,bob,like,1709294400,,,,\nJos\xe9,bob,like,1,,,,\n")
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:3: encoding: not valid UTF-8 (byte 4 of the line)")


def test_skip_writes_the_rejects_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        HEADER.encode()
        + b"a,b,like,1709294400,,,,\n,b,like,1,,,,\na,b,zap,1,,,,\n\xff,b,like,1,,,,\n"
    )
    rejects = tmp_path / "rejects.csv"
    options = LoadOptions(on_error="skip", rejects=rejects)
    staged = stage(path, options, config.load().kinds, None)
    staged.remove()
    assert (staged.rows, staged.rejected) == (1, 3)
    lines = rejects.read_text().splitlines()
    assert lines[0] == "file,line,field,reason,row"
    assert [line.split(",")[1:3] for line in lines[1:]] == [
        ["3", "actor"],
        ["4", "type"],
        ["5", "encoding"],
    ]
    records = list(csv.reader(rejects.read_text().splitlines()))
    assert [r[4] for r in records[1:]] == [",b,like,1,,,,", "a,b,zap,1,,,,", "\\xff,b,like,1,,,,"]


def test_column_mapping_and_fixed_type(tmp_path: Path) -> None:
    path = tmp_path / "congress.csv"
    path.write_text("actor_handle,target_handle,weight\nA,B,0.5\nB,A,0.25\n")
    options = LoadOptions(
        kind="mention",
        time="2022-06-09",
        network="twitter",
        columns=Columns(actor="actor_handle", target="target_handle", type=None),
    )
    staged = stage(path, options, config.load().kinds, None)
    rows = [r for batch in staged.read_batches() for r in batch]
    staged.remove()
    assert [(r[0], r[1], r[2], r[4], r[6]) for r in rows] == [
        ("A", "B", "MENTIONED", "twitter", 1),
        ("B", "A", "MENTIONED", "twitter", 1),
    ]
    assert rows[0][3] == 1_654_732_800_000


def test_identical_rows_get_distinct_content_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.txt"
    path.write_text("1 2 100 RT\n1 2 100 RT\n1 2 101 RE\n")
    staged = stage(path, LoadOptions(), config.load().kinds, None)
    rows = [r for batch in staged.read_batches() for r in batch]
    staged.remove()
    assert len({r[5] for r in rows}) == 3
    assert [r[2] for r in rows] == ["SHARED", "SHARED", "REPLIED_TO"]


def test_missing_column_says_how_to_map_it(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("from,to,when\na,b,1\n")
    code, stderr = _load(path, "--type", "like")
    assert code == 1
    assert "no column 'actor' (columns: from, to, when); map it with --actor-col" in stderr


def test_bulk_refuses_a_database_it_does_not_manage(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "a,b,like,1709294400,,,,\n")
    code, stderr = _load(path, "--bulk")
    assert code == 1
    assert stderr.startswith("Error: --bulk works only with clout's managed server (NEO4J_URI")


def _staged_rows(path: Path, options: LoadOptions) -> list[tuple[object, ...]]:
    staged = stage(path, options, config.load().kinds, None)
    try:
        return [r for batch in staged.read_batches() for r in batch]
    finally:
        staged.remove()


def test_jsonl_parquet_and_csv_agree(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [
        {
            "actor": "a",
            "target": "b",
            "type": "like",
            "timestamp": "2024-03-01T00:00:00Z",
            "event_id": "1",
            "count": None,
            "topics": "x;y",
        },
        {
            "actor": "b",
            "target": "a",
            "type": "reply",
            "timestamp": 1709251200,
            "event_id": None,
            "count": 2,
            "topics": None,
        },
    ]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    parquet = tmp_path / "in.parquet"
    same_types = [{**r, "timestamp": str(r["timestamp"])} for r in records]
    pq.write_table(pa.Table.from_pylist(same_types), parquet)
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "actor,target,type,timestamp,event_id,count,topics\n"
        "a,b,like,2024-03-01T00:00:00Z,1,,x;y\nb,a,reply,1709251200,,2,\n"
    )
    expected = _staged_rows(csv_file, LoadOptions(network="net"))
    assert expected[0] == ("a", "b", "LIKED", 1_709_251_200_000, "net", "net:1", 1, ["x", "y"])
    assert expected[1][2:4] == ("REPLIED_TO", 1_709_251_200_000)
    for path in (jsonl, parquet):
        assert _staged_rows(path, LoadOptions(network="net")) == expected


def test_gml_edges_with_weights(tmp_path: Path) -> None:
    path = tmp_path / "g.gml"
    path.write_text(
        'graph [\n  directed 1\n  node [\n    id 0\n    label "ann"\n  ]\n'
        '  node [\n    id 1\n    label "bo b"\n  ]\n'
        "  edge [\n    source 0\n    target 1\n    weight 4\n  ]\n]\n"
    )
    rows = _staged_rows(path, LoadOptions(time="2018-12-31", network="reddit"))
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == [("ann", "bo b", "REPLIED_TO", 4)]
    code, stderr = _load(path)
    assert code == 1
    assert stderr.startswith(f"Error: {path}:11: timestamp: missing (for a file without times")


def test_gz_is_looked_through_for_the_format_and_the_delimiter(tmp_path: Path) -> None:
    import gzip

    tsv = tmp_path / "in.tsv.gz"
    tsv.write_bytes(gzip.compress(b"actor\ttarget\ttype\ttimestamp\na\tb\trt\t1307927805.0\n"))
    csv_gz = tmp_path / "in.csv.gz"
    csv_gz.write_bytes(gzip.compress(b"actor,target,type,timestamp\na,b,rt,1307927805.0\n"))
    for path in (tsv, csv_gz):
        rows = _staged_rows(path, LoadOptions())
        assert [r[:4] for r in rows] == [("a", "b", "SHARED", 1_307_927_805_000)]


def test_type_map_reads_raw_values_then_falls_through_to_the_aliases(tmp_path: Path) -> None:
    path = tmp_path / "flags.csv"
    path.write_text("actor,target,type,timestamp\na,b,1,1\nb,a, 0 ,2\nc,a,rt,3\nc,b,RE,4\n")
    options = LoadOptions(type_map={"1": "retweet", "0": "reply", "RE": "SHARED"})
    rows = _staged_rows(path, options)
    assert [r[2] for r in rows] == ["SHARED", "REPLIED_TO", "SHARED", "SHARED"]
    assert options.key()["type_map"] == {"1": "retweet", "0": "reply", "RE": "SHARED"}
    assert "type_map" not in LoadOptions().key()  # keys of earlier loads are unchanged


def test_a_value_the_type_map_does_not_name_is_the_usual_row_error(tmp_path: Path) -> None:
    path = tmp_path / "flags.csv"
    path.write_text("actor,target,type,timestamp\na,b,1,1\na,b,2,1\n")
    code, stderr = _load(path, "--type-map", "1=retweet", "--type-map", "0=reply")
    assert code == 1
    assert stderr.startswith(f"Error: {path}:3: type: unknown interaction type '2' (known: ")


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["retweet"], "--type-map 'retweet' is not VALUE=TYPE (e.g. --type-map 1=retweet)"),
        (["=retweet"], "--type-map '=retweet' is not VALUE=TYPE (e.g. --type-map 1=retweet)"),
        (["1="], "--type-map '1=' is not VALUE=TYPE (e.g. --type-map 1=retweet)"),
        (["1=retweet", "1=reply"], "--type-map maps '1' to both 'retweet' and 'reply'"),
        (
            ["1=retwet"],
            "--type-map 1=retwet: 'retwet' is not an interaction type; use one of REPLIED_TO, "
            "SHARED, LIKED, MENTIONED, COMMENTED_ON or an alias from the configuration",
        ),
    ],
)
def test_a_malformed_type_map_is_refused_before_reading(
    tmp_path: Path, entries: list[str], message: str
) -> None:
    path = tmp_path / "flags.csv"
    path.write_text("actor,target,type,timestamp\na,b,1,1\n")
    args = [arg for entry in entries for arg in ("--type-map", entry)]
    code, stderr = _load(path, *args)
    assert code == 1
    assert stderr == f"Error: {message}\n"


def test_bulk_fast_path_applies_the_type_map(tmp_path: Path) -> None:
    from clout.loader import fastbulk

    path = tmp_path / "flags.csv"
    path.write_text("actor,target,type,timestamp,event_id\na,b,1,1,e1\nb,a,0,2,e2\nc,a,rt,3,e3\n")
    options = LoadOptions(type_map={"1": "retweet", "0": "reply"})
    out = tmp_path / "rels.csv"
    assert fastbulk.convert(path, options, config.load().kinds, out, None) is not None
    assert [line.split(",")[2] for line in out.read_text().splitlines()] == [
        "SHARED",
        "REPLIED_TO",
        "SHARED",
    ]
    path.write_text("actor,target,type,timestamp,event_id\na,b,2,1,e1\n")
    assert fastbulk.convert(path, options, config.load().kinds, out, None) is None


def test_konect_out_files(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "out.digg_reply.gz"
    text = "% asym positive\n% 3 3 3\n1 2 1 1225229529\n\n3 2 2 1225369697\n2 2\t1 1225369698\n"
    path.write_bytes(gzip.compress(text.encode()))
    rows = _staged_rows(path, LoadOptions(kind="reply", network="digg"))  # out.* is konect
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows] == [
        ("1", "2", "REPLIED_TO", 1_225_229_529_000, 1),
        ("3", "2", "REPLIED_TO", 1_225_369_697_000, 2),
        ("2", "2", "REPLIED_TO", 1_225_369_698_000, 1),
    ]
    plain = tmp_path / "digg.edges"
    plain.write_text("% sym\n1 2\n")
    rows = _staged_rows(plain, LoadOptions(format="konect", kind="reply", time="2008-11-01"))
    assert [(r[0], r[1], r[6]) for r in rows] == [("1", "2", 1)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "1 2 1 1225229529 9",
            "3: line: expected `FROM TO [WEIGHT [TIMESTAMP]]` (KONECT), found 5",
        ),
        ("7", "3: line: expected `FROM TO [WEIGHT [TIMESTAMP]]` (KONECT), found 1 fields"),
        ("1 2 -1 1225229529", "3: count: '-1' must be a positive number no larger than 1e15"),
        ("1 2 1 soon", "3: timestamp: 'soon' is neither ISO-8601"),
    ],
)
def test_a_bad_konect_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "out.digg"
    path.write_text(f"% asym positive\n1 2 1 1225229529\n{line}\n")
    code, stderr = _load(path, "--type", "reply")
    assert code == 1
    assert stderr.startswith(f"Error: {path}:{message}")


def test_an_unknown_format_lists_konect(tmp_path: Path) -> None:
    """--format and --on-error are fixed choices: a usage error lists them (exit status 2)."""
    path = tmp_path / "graph.weird"
    path.write_text("1 2\n")
    code, stderr = _load(path, "--format", "pajek")
    assert code == 2
    assert "'pajek' is not one of 'csv', 'jsonl', 'parquet', 'snap', 'konect', 'gml', " in stderr
    code, stderr = _load(path, "--on-error", "ignore")
    assert code == 2
    assert "'ignore' is not one of 'fail', 'skip'" in stderr


def test_the_format_choices_are_the_readers_formats() -> None:
    from clout.cli.load import Format

    assert tuple(f.value for f in Format) == FORMATS
