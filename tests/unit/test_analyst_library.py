"""The analyst surface without a database: queries' headers, parameters, files, rendering."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest

from clout import cypher
from clout.analyst import charts, export, page, queries
from clout.analyst.files import atomic_write
from clout.analyst.person_lookup import PersonRef, closest
from clout.analyst.ranking import Ranked
from clout.analyst.report import Mover, ReportData
from clout.analyst.run_lookup import Run, baseline, current
from clout.analyst.timeline import History, Point, sparkline
from clout.errors import InputError

INTERNAL = sorted(
    f"analyst/internal/{p.name.removesuffix('.cypher')}"
    for p in resources.files("clout.cypher").joinpath("analyst", "internal").iterdir()
    if p.name.endswith(".cypher")
)


def test_the_library_has_the_queries_the_issue_asks_for() -> None:
    assert {
        "top_influencers",
        "top_by_network",
        "top_by_topic",
        "score_history",
        "influencers_of",
        "rising_stars",
        "multi_network",
        "most_engaged",
    } <= set(queries.names())


@pytest.mark.parametrize("name", [f"analyst/{n}" for n in queries.names()] + INTERNAL)
def test_every_query_states_its_purpose_and_example_parameters(name: str) -> None:
    text = cypher.load(name)
    assert text.startswith("// Purpose: ")
    query = queries.parse(name, text)
    assert set(query.examples) == set(query.parameters), "one :param line per $parameter"
    if not query.parameters:
        assert "// Parameters: none." in text


def test_header_values_parse_as_cypher_literals() -> None:
    influencers = queries.get("influencers_of")
    assert influencers.examples["kind_weights"]["SHARED"] == 3.0
    assert queries.get("most_engaged").examples["kind"] is None
    assert queries.get("top_by_network").examples == {
        "network": "twitter",
        "limit": 20,
        "min_score": 1,
    }
    assert queries.get("top_influencers").summary == "the most influential people overall"


def test_param_options() -> None:
    assert queries.parse_param("limit=5") == ("limit", 5)
    assert queries.parse_param("person_id=twitter:alice") == ("person_id", "twitter:alice")
    assert queries.parse_param("kind=null") == ("kind", None)
    assert queries.parse_param("w={LIKED: 1}") == ("w", {"LIKED": 1})
    with pytest.raises(InputError, match="is not key=value"):
        queries.parse_param("limit")


def test_unknown_query_suggests_names() -> None:
    with pytest.raises(
        InputError, match=r"no query 'top_influencer'; did you mean top_influencers"
    ):
        queries.get("top_influencer")


def test_sparkline() -> None:
    assert sparkline([]) == ""
    assert sparkline([40, 40, 40]) == "▄▄▄"
    assert sparkline([1, 50, 100]) == "▁▄█"


def test_closest_matches_ignore_case_and_repeat_no_one() -> None:
    labels = [("Alice", "alice"), ("alice", "alice"), ("twitter:alice", "alice"), ("bob", "bob")]
    assert closest("ALCIE", labels) == ["alice"]
    assert closest("zzz", labels) == []


def _history(scores: list[int], days: list[int]) -> History:
    points = [
        Point(f"r{i}", datetime(2024, 5, d, tzinfo=UTC), s, s / 10, None, {})
        for i, (s, d) in enumerate(zip(scores, days, strict=True))
    ]
    return History(PersonRef("p", "P <b>"), points)


def test_history_changes() -> None:
    h = _history([10, 20, 30, 45], [1, 20, 25, 31])
    assert (h.change(), h.change(7), h.change(30)) == (15, 25, 35)
    assert _history([10, 20], [25, 31]).change(30) is None
    assert _history([10], [31]).change() is None


def test_the_current_run_is_the_one_that_finished_last() -> None:
    def run(name: str, as_of: int, finished: int) -> Run:
        return Run(
            name, datetime(2024, 5, as_of, tzinfo=UTC), datetime(2024, 6, finished, tzinfo=UTC)
        )

    runs = [run("a", 1, 1), run("backfill", 10, 9), run("b", 20, 2), run("c", 25, 3)]
    assert current(runs).run_id == "backfill"
    assert baseline(runs, 7) == runs[0]
    assert baseline(runs[2:], 30) == runs[2]  # shorter history: the oldest other run
    assert baseline(runs[:1], 7) is None
    h = _history([10, 20, 30, 45], [1, 20, 25, 31])
    assert History(h.person, h.points, current_run_id="r2").change() == 10


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def interrupted() -> None:
        with atomic_write(target) as handle:
            handle.write(b"half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.csv"]
    with atomic_write(target) as handle:
        handle.write(b"new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_csv_export_joins_lists_and_leaves_missing_cells_empty() -> None:
    row = Ranked(1, "a", 'A, "quoted"', 50, 0.5, None, {"x": 3}, ["x:a", "y:a"], ["t"])
    names = export.columns(["x", "y"], topic=False)
    sink = io.BytesIO()
    assert export.write_csv([export.record(row, ["x", "y"], False)], names, sink) == 1
    lines = list(csv.reader(io.StringIO(sink.getvalue().decode())))
    assert lines == [names, ["1", "a", 'A, "quoted"', "50", "", "0.5", "3", "", "t", "x:a;y:a"]]


def test_report_page_is_self_contained_and_escaped() -> None:
    run = Run("r9", datetime(2024, 5, 31, tzinfo=UTC))
    ranked = Ranked(1, "p", "<script>x</script>", 90, 2.0, 99.5, {"x": 90})
    mover = Mover(_history([10, 20, 30, 45], [1, 20, 25, 31]), before=10, score=45)
    data = ReportData(run, 4, run, {1: 5, 90: 1}, [ranked], [mover])
    html = page.render(
        data,
        histogram=charts.svg(charts.histogram_figure(data.counts)),
        movers_chart=charts.svg(charts.history_figure([mover.history], "Top movers")),
    )
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert 'xlink:href="http' not in html
    assert html.count("<svg") == 2
    assert '<td class="num up">+35</td>' in html


def test_history_png(tmp_path: Path) -> None:
    target = tmp_path / "h.png"
    charts.history_png(_history([10, 20, 30, 45], [1, 20, 25, 31]), target)
    assert target.read_bytes().startswith(b"\x89PNG")
