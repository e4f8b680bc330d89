"""``clout report``'s page: a title people understand, networks and topics, risers and fallers
among the people scored in both runs, newcomers apart."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from clout.analyst import page
from clout.analyst.person_lookup import PersonRef
from clout.analyst.report import Leader, Leaders, Mover, ReportData
from clout.analyst.run_lookup import Run
from clout.analyst.timeline import History, Point


def _mover(name: str, before: int | None, score: int) -> Mover:
    points = [
        Point("r1", datetime(2024, 5, 1, tzinfo=UTC), before or 1, 0.1, None, {}),
        Point("r2", datetime(2024, 5, 31, tzinfo=UTC), score, 0.2, None, {}),
    ]
    return Mover(History(PersonRef(name.lower(), name), points), before, score)


def test_the_page_in_words() -> None:
    run = Run("20240531-abc", datetime(2024, 5, 31, tzinfo=UTC), window_days=90)
    since = Run("20240501-def", datetime(2024, 5, 1, tzinfo=UTC), window_days=90)
    data = ReportData(
        run,
        2,
        since,
        {1: 10, 50: 2},
        [],
        risers=[_mover("Ann", 20, 45)],
        fallers=[_mover("Ben", 60, 41)],
        newcomers=[_mover("Cy", None, 33)],
        newcomer_count=4,
        networks=[Leaders("twitter", 12, [Leader("ann", "Ann", 70)])],
        topics=[Leaders("python", 5, [Leader("ben", None, 80), Leader("cy", "Cy", 61)])],
    )
    html = page.render(data, histogram="<svg></svg>", movers_chart="")
    assert "<h1>Influence scores as of 31 May 2024</h1>" in html
    assert "20240531-abc</h1>" not in html
    assert "12 people scored 1-100 from their interactions in the 90 days up to 31 May 2024" in (
        html
    )
    assert re.search(
        r'<tr class="network"><td>twitter</td><td class="num">12</td>'
        r"<td>Ann \(70\)</td>",
        html,
    )
    assert '<td>python</td><td class="num">5</td><td>ben (80), Cy (61)</td>' in html
    risers = html[html.index('id="risers-table"') : html.index('id="fallers-table"')]
    assert '<td>Ann</td><td class="num">20</td><td class="num">45</td>' in risers
    assert '<td class="num up">+25</td>' in risers
    fallers = html[html.index('id="fallers-table"') :]
    assert '<td class="num down">-19</td>' in fallers
    assert "Newcomers (4, scored above 1 for the first time): Cy (33) and 3 more." in html
    assert "Cy" not in risers


def test_one_run_has_nothing_to_compare() -> None:
    run = Run("r1", datetime(2024, 5, 31, tzinfo=UTC))
    html = page.render(ReportData(run, 1, None, {1: 3}, [], []), histogram="", movers_chart="")
    assert "risers and fallers need two scoring runs" in html
    assert "No network scores yet." in html
