"""Compare the generator's degree shape with the real sets in ../shared/data.

For each real set and a generated world of the same size (people, interactions): the Gini
coefficient, the share held by the top 1 % and p99/mean of received (audience) and sent
(activity) interactions per account, and the share of the busiest hour of the day (rhythm).

    python -m bench.fit_generator [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from clout import config
from clout.loader.generator import WorldSpec, generate
from clout.loader.model import Columns, LoadOptions
from clout.loader.staging import stage

SETS = {
    "CollegeMsg": ("collegemsg.txt", LoadOptions(kind="message")),
    "Enron": (
        "enron_emails.csv",
        LoadOptions(
            kind="email",
            columns=Columns(actor="sender_id", target="recipient_id", type=None, timestamp="time"),
        ),
    ),
    "Congress": (
        "congress_interactions.csv",
        LoadOptions(
            kind="mention",
            time="2022-06-09",
            columns=Columns(actor="actor_handle", target="target_handle", type=None),
        ),
    ),
    "Reddit": ("reddit_replies.gml.gz", LoadOptions(time="2018-12-31")),
}


def degrees(path: Path, options: LoadOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(received, sent, hour-of-day counts, people) weighted by count."""
    staged = stage(path, options, config.load().kinds, None)
    index: dict[str, int] = {}
    src, dst, hours, weights = [], [], [], []
    for batch in staged.read_batches():
        for actor, target, _kind, at_ms, _net, _eid, n, _topics in batch:
            src.append(index.setdefault(actor, len(index)))
            dst.append(index.setdefault(target, len(index)))
            hours.append((at_ms // 3_600_000) % 24)
            weights.append(n)
    staged.remove()
    w = np.array(weights)
    size = len(index)
    return (np.bincount(dst, w, size), np.bincount(src, w, size), np.bincount(hours, w, 24), size)


def gini(x: np.ndarray) -> float:
    x = np.sort(x)
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def shape(x: np.ndarray) -> str:
    top = np.sort(x)[::-1][: max(1, len(x) // 100)].sum() / x.sum()
    return f"gini {gini(x):.2f}  top1% {top:5.1%}  p99/mean {np.quantile(x, 0.99) / x.mean():5.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    print(f"{'set':<22} {'received (audience)':<44} {'sent (activity)':<44} peak hour")
    for name, (file, options) in SETS.items():
        received, sent, hours, people = degrees(args.data / file, options)
        total = int(received.sum())
        rows = [(name, received, sent, hours)]
        with tempfile.TemporaryDirectory() as tmp:
            spec = WorldSpec(people=people, interactions=total, networks=1, seed=1)
            generate(spec, Path(tmp))
            g_recv, g_sent, g_hours, _ = degrees(Path(tmp) / "interactions.csv", LoadOptions())
        rows.append((f"  generated ({people:,}/{total:,})", g_recv, g_sent, g_hours))
        for label, r, s, h in rows:
            peak = "-" if h.max() == h.sum() else f"{h.max() / h.sum():.1%}"
            print(f"{label:<22} {shape(r):<44} {shape(s):<44} {peak}")


if __name__ == "__main__":
    main()
