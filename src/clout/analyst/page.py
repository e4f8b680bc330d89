"""The HTML of ``clout report``: a pure function of the gathered data and the inline charts."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from clout.analyst.history import sparkline

if TYPE_CHECKING:
    from clout.analyst.report import Mover, ReportData

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
    title = f"clout report — run {run.run_id}"
    people = sum(data.counts.values())
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">Scores as of {escape(run.as_of.isoformat())}; {people} people; '
            f"{data.runs} successful runs.</p>",
            '<h2 id="distribution">Score distribution</h2>',
            f'<figure id="histogram">{histogram}</figure>',
            '<h2 id="top">Top influencers</h2>',
            _top_table(data),
            '<h2 id="movers">Top movers</h2>',
            _movers(data, movers_chart),
            "</body></html>",
        ]
    )


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
    if not data.movers or data.since is None:
        return "<p>Nobody's score changed yet: movers need at least two runs.</p>"
    since = escape(data.since.as_of.date().isoformat())
    head = (
        '<tr><th>name</th><th class="num">before</th><th class="num">now</th>'
        '<th class="num">change</th><th>history</th></tr>'
    )
    rows = "".join(_mover_row(m) for m in data.movers)
    return (
        f"<p>Largest score changes since the run of {since}.</p>"
        f'<table id="movers-table"><thead>{head}</thead><tbody>{rows}</tbody></table>'
        f'<figure id="movers-chart">{chart}</figure>'
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
