"""Output that scripts can use: formats, tables that are never cut, a closed pipe, safe text."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from tests.support.fake_db import FakeDatabase, install
from typer.testing import CliRunner

from clout.cli import app, output
from clout.cli.output import Column, Format
from clout.errors import InputError
from clout.text import printable, spreadsheet_safe

runner = CliRunner()
LONG = "interactions received from a very long list of people " * 4
ROWS = [
    {"name": "Person / 1718", "score": 72, "raw": 0.15000000000000002, "tags": ["a", "b"]},
    {"name": LONG, "score": -3, "raw": None, "tags": []},
]
COLUMNS = [Column("name"), Column("score", right=True), Column("raw"), Column("tags")]


def _emit(fmt: Format, capsys: pytest.CaptureFixture[str]) -> str:
    output.emit(fmt, ROWS, COLUMNS)
    return capsys.readouterr().out


def test_a_piped_table_is_never_cut_or_wrapped(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _emit(Format.table, capsys).splitlines()
    assert lines[0].split() == ["name", "score", "raw", "tags"]
    assert lines[1].startswith("Person / 1718  ")
    assert LONG.strip() in lines[2]  # whole, on one line
    assert lines[1].split("  ")[-1] == "a, b"
    assert "0.15  " in lines[1]  # rounded for reading
    assert all(line == line.rstrip() for line in lines)


def test_csv_and_tsv_keep_full_values(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.reader(io.StringIO(_emit(Format.csv, capsys))))
    assert rows == [
        ["name", "score", "raw", "tags"],
        ["Person / 1718", "72", "0.15000000000000002", "a;b"],
        [LONG, "-3", "", ""],
    ]
    tsv = _emit(Format.tsv, capsys).splitlines()
    assert tsv[1] == "Person / 1718\t72\t0.15000000000000002\ta;b"


def test_json_and_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_emit(Format.json, capsys)) == ROWS
    assert [json.loads(line) for line in _emit(Format.nl, capsys).splitlines()] == ROWS
    output.emit(Format.json, ROWS, COLUMNS, document={"whole": True})
    assert json.loads(capsys.readouterr().out) == {"whole": True}


def test_one_format_at_a_time() -> None:
    assert output.choose() is Format.table
    assert output.choose(tsv=True) is Format.tsv
    with pytest.raises(InputError, match="give one of --csv and --json, not both"):
        output.choose(csv_=True, json_=True)


def test_output_options_are_declared_once_for_every_command() -> None:
    own = typer.Typer()

    @own.command()
    @output.options
    def command(shown: output.Output, name: str) -> None:
        """A command with rows."""
        typer.echo(f"{name} {shown.format} {shown.quiet}")

    assert runner.invoke(own, ["a", "--tsv"]).stdout == "a tsv False\n"
    assert runner.invoke(own, ["a"]).stdout == "a table False\n"
    helped = runner.invoke(own, ["--help"]).stdout
    assert "A command with rows." in helped
    assert all(o in helped for o in ("--csv", "--tsv", "--json", "--nl", "--quiet"))
    failed = runner.invoke(own, ["a", "--csv", "--nl"])
    assert isinstance(failed.exception, InputError)


def test_formulas_are_neutralised_in_csv(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"name": n} for n in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "plain", "a=b")]
    output.emit(Format.csv, rows, [Column("name")])
    assert capsys.readouterr().out.splitlines()[1:] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "plain",
        "a=b",
    ]
    assert spreadsheet_safe(-3) == -3  # numbers are not formulas


def test_terminal_text_has_no_escape_sequences() -> None:
    assert printable("\x1b[31mred\x1b[0m \x1b]0;title\x07bob\x07") == "red bob"
    assert printable("a\nb\tc\x00d\x85e\u202eF\x9b2J") == "a b cdeF"
    assert printable("Zoë 李 😀") == "Zoë 李 😀"


def test_a_table_strips_escapes_from_names(capsys: pytest.CaptureFixture[str]) -> None:
    output.emit(Format.table, [{"name": "\x1b[2Jmallory"}], [Column("name")])
    assert capsys.readouterr().out == "name\nmallory\n"


def _closed_pipe_run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``clout ARGS`` with stdout a pipe whose reader has already gone away."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "clout", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "80"},
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [["query", "list"], ["query", "show", "influencers_of"]])
def test_a_closed_pipe_is_not_an_error(args: list[str]) -> None:
    done = _closed_pipe_run(*args)
    assert (done.returncode, done.stderr) == (0, "")


RUN = {
    "run_id": "20240531-x",
    "status": "done",
    "live": True,
    "as_of": datetime(2024, 5, 31, tzinfo=UTC),
    "window_days": 90,
    "network": None,
    "algorithm": "pagerank",
    "started_at": datetime(2024, 6, 1, 8, tzinfo=UTC),
    "finished_at": datetime(2024, 6, 1, 8, 1, tzinfo=UTC),
    "seconds": 61.25,
    "scored": 12345,
    "people": 20000,
    "interactions": 300000,
    "mean": 40.04,
    "p95": 63.1,
    "topics": 3,
    "config_version": "scoring-6",
    "calibration_version": "pagerank-scoring-6-1",
    "error": None,
}
FAILED = RUN | {
    "run_id": "20240530-y",
    "status": "failed",
    "live": False,
    "error": "KeyboardInterrupt: ",
    "scored": None,
    "mean": None,
    "p95": None,
}


@pytest.fixture
def runs_db(monkeypatch: pytest.MonkeyPatch) -> FakeDatabase:
    return install(monkeypatch, FakeDatabase({"@analyst/internal/run_list": [RUN, FAILED]}))


def test_runs_table(runs_db: FakeDatabase) -> None:
    result = runner.invoke(app, ["runs"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "run",
        "status",
        "live",
        "as",
        "of",
        "days",
        "network",
        "algorithm",
        "scored",
        "mean",
        "p95",
        "seconds",
        "error",
    ]
    assert lines[1].split() == [
        "20240531-x",
        "done",
        "live",
        "2024-05-31",
        "00:00",
        "90",
        "all",
        "pagerank",
        "12,345",
        "40.0",
        "63.1",
        "61.2",
    ]
    assert lines[2].endswith("KeyboardInterrupt:")
    assert runs_db.calls == [("@analyst/internal/run_list", {"limit": 20, "status": None})]


def test_runs_for_scripts(runs_db: FakeDatabase) -> None:
    listed = json.loads(runner.invoke(app, ["runs", "--json"]).stdout)
    assert listed[0] == RUN | {
        "as_of": "2024-05-31T00:00:00+00:00",
        "started_at": "2024-06-01T08:00:00+00:00",
        "finished_at": "2024-06-01T08:01:00+00:00",
    }
    lines = runner.invoke(app, ["runs", "--nl"]).stdout.splitlines()
    assert [json.loads(line)["run_id"] for line in lines] == ["20240531-x", "20240530-y"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["runs", "--csv"]).stdout)))
    assert (rows[0]["scored"], rows[0]["live"], rows[1]["mean"]) == ("12345", "true", "")
    tsv = runner.invoke(app, ["runs", "--tsv", "--status", "FAILED"]).stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["run_id", "status", "live"]
    assert runs_db.calls[-1][1] == {"limit": 20, "status": "failed"}


def test_no_runs_is_a_message_unless_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeDatabase({"@analyst/internal/run_list": []}))
    result = runner.invoke(app, ["runs"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No scoring runs yet; run `clout score`.\n"
    assert runner.invoke(app, ["runs", "-q"]).stderr == ""


def test_the_demo_prints_plain_tables_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    from clout import demo as demo_lib
    from clout.analyst.ranking import Ranked
    from clout.cli import demo
    from clout.scoring.runs import RunResult

    long_name = " ".join(["Person / 1718 with a name far longer than any terminal is wide"] * 2)
    person = Ranked(1, "p1718", long_name, 77, 1.5, 99.9, {"twitter": 77, "reddit": 50})
    run = RunResult("r", datetime(2024, 5, 31, tzinfo=UTC), 30, "pagerank", None, scored=9)
    result = demo_lib.DemoResult(Path("w"), 9, [run], [person], None, {"food": [person]})
    demo._print(result)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "top 20 influencers"
    assert lines[2].startswith(f"   1  {long_name}  ")  # whole, on one line
    assert lines[2].endswith("99.9        reddit:50 twitter:77")
    assert lines[-1].startswith(f"food   {long_name} (None)")


def test_an_error_line_never_carries_an_escape_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {"person_id": "x", "name": "\x1b]0;pwned\x07Eve", "priority": 3},
        {"person_id": "y", "name": "Eve\x1b[2J", "priority": 3},
    ]
    install(
        monkeypatch,
        FakeDatabase(
            {
                "@analyst/internal/runs": [
                    {"run_id": "r", "as_of": datetime(2024, 5, 31, tzinfo=UTC), "finished_at": None}
                ],
                "@analyst/internal/resolve_person": rows,
            }
        ),
    )
    result = runner.invoke(app, ["history", "eve"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'eve' is the handle of several people: Eve (x), Eve (y); give network:handle "
        "or the person id\n"
    )


def test_a_full_disk_is_one_error_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "clout", "query", "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (1, "Error: No space left on device: stdout\n")


def test_a_report_into_a_file_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch, FakeDatabase())
    target = tmp_path / "report"
    target.write_text("not a folder")
    result = runner.invoke(app, ["report", "-o", str(target)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot write the report into {target}: it is not a folder\n"
