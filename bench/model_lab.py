"""Model lab: ``clout evaluate --suite`` offline, for trying model constants in minutes.

Reads the real sets of ``clout.evaluate.suite.SETS`` from ``../shared/data`` with
``clout.loader``'s own readers (cached under ``bench/.cache`` after the first read), and runs the
suite's backtest at every cutoff and its like-farms with ``clout.evaluate.offline``: the same
predictors, metrics and farms as the database suite, with the numpy reference PageRank (GDS's
semantics) in place of GDS. Constants are overridden with ``section.name=value``::

    python -m bench.model_lab                                   # the shipped config
    python -m bench.model_lab --sets digg gaming.pair_exponent=0.5 scoring.half_life_days=7
    python -m bench.model_lab --json > lab.json

Numbers from here are a lab, not ``clout evaluate --suite`` runs: no Neo4j is involved (they
agree with the database suite up to PageRank's tolerance; docs/evidence.md).
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from clout import config
from clout.evaluate import offline, suite
from clout.scoring.config import ScoringConfig

CACHE = Path(__file__).parent / ".cache"


def with_overrides(cfg: ScoringConfig, overrides: list[str]) -> ScoringConfig:
    """``cfg`` with ``section.name=value`` overrides (sections: scoring, gaming)."""
    for item in overrides:
        key, _, value = item.partition("=")
        section, _, name = key.partition(".")
        if section == "gaming":
            cfg = replace(cfg, gaming=replace(cfg.gaming, **{name: float(value)}))
        elif section == "scoring":
            cfg = replace(cfg, **{name: float(value)})
        else:
            raise SystemExit(f"unknown override {item!r}: use gaming.NAME=V or scoring.NAME=V")
    return cfg


def cached_log(real: suite.RealSet, data: Path, kinds: config.Kinds) -> offline.Log:
    """The set's log, read once and kept under ``bench/.cache`` (keyed by the files' sizes)."""
    files = suite.files(real, data)
    key = "-".join(str(p.stat().st_size) for p, _ in files)
    path = CACHE / f"{real.name}-{key}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            log: offline.Log = pickle.load(fh)
        return log
    log = offline.Log.read(files, kinds)
    CACHE.mkdir(exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(log, fh)
    return log


def run(cfg: config.Config, names: list[str] | None, data: Path) -> list[dict[str, Any]]:
    report = []
    for real in suite.chosen(names):
        started = time.monotonic()
        result = suite.offline_rows(real, data, cfg, lambda r: cached_log(r, data, cfg.kinds))
        report.append(
            {
                "set": real.name,
                "role": real.role,
                "seconds": round(time.monotonic() - started, 1),
                "cells": [
                    {
                        "metric": c.metric,
                        "clout": c.clout,
                        "best": c.best,
                        "best_method": c.best_method,
                        "margin": c.margin,
                        "holds": c.holds,
                    }
                    for c in suite.cells(result.rows)
                ],
                "farms": [f.as_dict() for f in result.farms],
                "rows": [r.as_dict() for r in result.rows],
            }
        )
    return report


def render(report: list[dict[str, Any]]) -> str:
    lines = []
    for entry in report:
        lines.append(f"{entry['set']} ({entry['role']}, {entry['seconds']} s)")
        for c in entry["cells"]:
            margin = f"{c['margin']:+.4f}" if c["metric"] == "spearman" else f"{c['margin']:+.2%}"
            verdict = "ahead" if c["margin"] > 0 else "within" if c["holds"] else "BEHIND"
            lines.append(
                f"  {c['metric']:<18} clout {c['clout']:.4f}  best {c['best']:.4f} "
                f"({c['best_method']})  {margin}  {verdict}"
            )
        gains = {m: max(f["gains"][m] for f in entry["farms"]) for m in entry["farms"][0]["gains"]}
        members = max(f["best_member"] for f in entry["farms"] if f["seeds"] == 0)
        lines.append(
            "  farms: largest gain "
            + ", ".join(f"{m} {g:+d}" for m, g in gains.items())
            + f"; plain farms' best member {members}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("overrides", nargs="*", help="section.name=value")
    parser.add_argument("--sets", default=None, help="comma-separated set names (default: all)")
    parser.add_argument("--data", type=Path, default=None, help="the real sets' folder")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    configured = config.load()
    cfg = replace(configured, scoring=with_overrides(configured.scoring, args.overrides))
    names = args.sets.split(",") if args.sets else None
    report = run(cfg, names, suite.data_dir(args.data))
    print(json.dumps(report, indent=2, default=str) if args.json else render(report))


if __name__ == "__main__":
    main()
