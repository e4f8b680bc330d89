"""The HTML of ``clout report``: a pure function of the gathered data and the inline charts."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from clout.analyst.timeline import sparkline

if TYPE_CHECKING:
    from clout.analyst.report import Leaders, Mover, ReportData

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #2e7d32; } .down { color: #c62828; } .spark { font-family: monospace; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
"""


def render(data: ReportData, *, histogram: str, movers_chart: str) -> str:
    """The complete page; ``histogram`` and ``movers_chart`` are inline ``<svg>`` elements."""
    run = data.run
    title = f"Influence scores as of {_day(run.as_of)}"
    people = sum(data.counts.values())
    window = f"the {run.window_days} days up to {_day(run.as_of)}" if run.window_days else "all"
    where = f"on {run.network}" if run.network else "on every network"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">{people:,} people scored 1-100 from their interactions in '
            f"{escape(window)} {escape(where)}; {data.runs} scoring runs so far "
            f"(the latest: {escape(run.run_id)}).</p>",
            '<h2 id="distribution">Score distribution</h2>',
            f'<figure id="histogram">{histogram}</figure>',
            '<h2 id="top">Top influencers</h2>',
            _top_table(data),
            '<h2 id="networks">Networks</h2>',
            _leaders_table(
                "networks-table", "network", data.networks, "people scoring above 1 there"
            ),
            '<h2 id="topics">Topics</h2>',
            _leaders_table("topics-table", "topic", data.topics, "people with a topic score"),
            '<h2 id="movers">Risers and fallers</h2>',
            _movers(data, movers_chart),
            "</body></html>",
        ]
    )


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _leaders_table(table_id: str, label: str, rows: list[Leaders], count: str) -> str:
    if not rows:
        return f"<p>No {label} scores yet.</p>"
    head = f'<tr><th>{label}</th><th class="num">{escape(count)}</th><th>leaders (score)</th></tr>'
    body = "".join(
        f'<tr class="{label}"><td>{escape(r.name)}</td><td class="num">{r.people:,}</td>'
        f"<td>{escape(', '.join(f'{x.name or x.person_id} ({x.score})' for x in r.leaders))}"
        "</td></tr>"
        for r in rows
    )
    return f'<table id="{table_id}"><thead>{head}</thead><tbody>{body}</tbody></table>'


def _top_table(data: ReportData) -> str:
    head = (
        '<tr><th class="num">rank</th><th>name</th><th>person id</th><th class="num">score</th>'
        '<th class="num">percentile</th><th>networks</th></tr>'
    )
    rows = [
        f'<tr class="person"><td class="num">{r.rank}</td><td>{escape(r.name or "")}</td>'
        f'<td>{escape(r.person_id)}</td><td class="num">{r.score}</td>'
        f'<td class="num">{_pct(r.score_percentile)}</td>'
        f"<td>{escape(_networks(r.networks))}</td></tr>"
        for r in data.top
    ]
    return f'<table id="top-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _movers(data: ReportData, chart: str) -> str:
    if data.since is None:
        return "<p>Nothing to compare with yet: risers and fallers need two scoring runs.</p>"
    since = escape(_day(data.since.as_of))
    parts = [
        f"<p>Score changes since the scores as of {since}, among the people scored in both; "
        "newcomers are listed apart.</p>",
        _mover_table("risers-table", "Risers", data.risers),
        _mover_table("fallers-table", "Fallers", data.fallers),
    ]
    if data.newcomers:
        shown = ", ".join(
            f"{escape(m.history.person.name or m.history.person.person_id)} ({m.score})"
            for m in data.newcomers
        )
        more = data.newcomer_count - len(data.newcomers)
        rest = f" and {more:,} more" if more > 0 else ""
        parts.append(
            f'<p id="newcomers">Newcomers ({data.newcomer_count:,}, scored above 1 for the '
            f"first time): {shown}{rest}.</p>"
        )
    if chart:
        parts.append(f'<figure id="movers-chart">{chart}</figure>')
    return "".join(parts)


def _mover_table(table_id: str, title: str, movers: list[Mover]) -> str:
    if not movers:
        return f"<h3>{title}</h3><p>Nobody.</p>"
    head = (
        '<tr><th>name</th><th class="num">before</th><th class="num">now</th>'
        '<th class="num">change</th><th>history</th></tr>'
    )
    rows = "".join(_mover_row(m) for m in movers)
    return (
        f'<h3>{title}</h3><table id="{table_id}"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    )


def _mover_row(m: Mover) -> str:
    css = "up" if m.change > 0 else "down"
    return (
        f'<tr class="mover"><td>{escape(m.history.person.name or m.history.person.person_id)}</td>'
        f'<td class="num">{m.before}</td><td class="num">{m.score}</td>'
        f'<td class="num {css}">{m.change:+d}</td>'
        f'<td class="spark">{sparkline(m.history.scores)}</td></tr>'
    )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _networks(networks: dict[str, int | None]) -> str:
    return ", ".join(f"{n} {s}" for n, s in networks.items() if s is not None)
