"""Charts with matplotlib (Agg, no pyplot state): PNG for ``history --plot``, SVG for reports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from clout.analyst.files import atomic_write
from clout.analyst.timeline import History


def history_figure(histories: Sequence[History], title: str) -> Figure:
    """Score per run (y: 1-100) over run dates (x), one line per history."""
    fig = Figure(figsize=(8, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    with rc_context({"date.converter": "concise"}):
        for h in histories:
            dates = _dates([p.as_of for p in h.points])
            label = h.person.name or h.person.person_id
            ax.plot(dates, h.scores, marker="o", linewidth=2, label=label)
    ax.set_ylim(0, 101)
    ax.set_ylabel("score (1-100)")
    ax.set_xlabel("run date")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    if len(histories) > 1:
        ax.legend(loc="best", fontsize="small")
    return fig


def _dates(values: Sequence[datetime]) -> np.ndarray:
    """UTC datetimes as numpy datetime64 (naive UTC: what matplotlib plots without warnings)."""
    naive = [v.astimezone(UTC).replace(tzinfo=None) if v.tzinfo else v for v in values]
    return np.array(naive, dtype="datetime64[s]")


def history_png(history: History, path: Path) -> None:
    """The person's history as a PNG at ``path`` (written atomically)."""
    fig = history_figure([history], f"clout score of {history.person.name or 'unnamed'}")
    with atomic_write(path) as handle:
        fig.savefig(handle, format="png")


def histogram_figure(counts: dict[int, int]) -> Figure:
    """How many people have each score 1-100."""
    fig = Figure(figsize=(8, 3.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    scores = sorted(counts)
    ax.bar(scores, [counts[s] for s in scores], width=1.0, color="#3465a4")
    ax.set_xlim(0, 101)
    ax.set_yscale("log")
    ax.set_xlabel("score")
    ax.set_ylabel("people (log scale)")
    ax.set_title("Score distribution")
    return fig


def svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no external references)."""
    buffer = io.StringIO()
    # Deterministic, self-contained SVG: text stays text, no timestamps, stable ids.
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "clout"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
