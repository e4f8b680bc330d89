"""``clout evaluate --suite``: the backtest and the like-farms on every real timestamped set.

Each set of :data:`SETS` is loaded with ``clout.loader`` (the options ``clout load
interactions`` takes) into an empty scratch database of its own: a managed server under
``CLOUT_HOME/evaluate-suite/<set>``, removed afterwards unless kept. At every cutoff of
:data:`CUTOFF_SHARES` (the moments by which that share of the set's interactions had happened)
the backtest compares clout with each baseline (``clout.evaluate.predictors``) on what people
receive in the next 30 days; at :data:`FARM_SHARE` the like-farms of ``clout.evaluate.gaming``
are planted and every method's gain is measured. The same rows come offline from
:func:`offline_rows` (the numpy reference in place of GDS), which the model lab uses.

Roles: the model's constants were chosen on the ``tuning`` sets and were never fitted to the
``held-out`` ones; the ``other`` sets (private messages, e-mail, a new Q&A site) are reported but
were not used to judge the model (docs/evidence.md). Bitcoin OTC is left out: its ratings are
signed (a negative one is distrust), which no load option can tell apart.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from clout.config import Config
from clout.errors import InputError
from clout.evaluate import backtest, gaming, offline, world
from clout.loader.model import Columns, LoadOptions
from clout.scoring.window import Window

log = logging.getLogger(__name__)
CUTOFF_SHARES = tuple(round(0.35 + 0.05 * i, 2) for i in range(11))
FARM_SHARE = 0.6
HORIZON_DAYS = 30
DATA_ENV = "CLOUT_SHARED_DATA"


@dataclass(frozen=True)
class Source:
    """One file of a set, relative to the data folder, and how ``clout load`` reads it."""

    path: str
    options: LoadOptions


@dataclass(frozen=True)
class RealSet:
    name: str
    title: str
    role: str  # "tuning" or "held-out"
    sources: tuple[Source, ...]


def _snap(path: str, network: str, kind: str) -> Source:
    return Source(path, LoadOptions(format="snap", network=network, kind=kind))


SETS = (
    RealSet(
        "twitter1516",
        "Twitter15/16 retweet and reply cascades",
        "tuning",
        (
            Source(
                "twitter15_16_propagation/twitter1516_edges.csv.gz",
                LoadOptions(
                    network="twitter1516",
                    type_map={"1": "retweet", "0": "reply"},
                    columns=Columns(
                        actor="child_uid",
                        target="parent_uid",
                        type="same_tweet_as_parent",
                        timestamp="child_time_unix",
                    ),
                ),
            ),
        ),
    ),
    RealSet(
        "weibo",
        "Weibo CED repost cascades",
        "tuning",
        (
            Source(
                "weibo_ced_reposts/ced_repost_edges.csv.gz",
                LoadOptions(
                    network="weibo",
                    kind="repost",
                    on_error="skip",
                    columns=Columns(
                        actor="actor_uid",
                        target="target_uid",
                        timestamp="time_unix",
                        event_id="repost_mid",
                    ),
                ),
            ),
        ),
    ),
    RealSet(
        "mathoverflow",
        "MathOverflow answers and comments",
        "tuning",
        (
            _snap("sx_mathoverflow/sx-mathoverflow-a2q.txt.gz", "mathoverflow", "answer"),
            _snap("sx_mathoverflow/sx-mathoverflow-c2q.txt.gz", "mathoverflow", "comment"),
            _snap("sx_mathoverflow/sx-mathoverflow-c2a.txt.gz", "mathoverflow", "comment"),
        ),
    ),
    RealSet(
        "askubuntu",
        "AskUbuntu answers",
        "held-out",
        (_snap("sx_askubuntu_a2q/sx-askubuntu-a2q.txt.gz", "askubuntu", "answer"),),
    ),
    RealSet(
        "digg",
        "Digg replies",
        "held-out",
        (
            Source(
                "digg_reply_konect/out.munmun_digg_reply.gz",
                LoadOptions(format="konect", network="digg", kind="reply"),
            ),
        ),
    ),
    # Private messages, e-mail and a new Q&A site's first months: what people receive next is
    # mostly their own conversations' volume, not influence (docs/evidence.md).
    RealSet(
        "collegemsg",
        "CollegeMsg private messages",
        "other",
        (Source("collegemsg.txt", LoadOptions(format="snap", network="college", kind="message")),),
    ),
    RealSet(
        "enron",
        "Enron e-mail",
        "other",
        (
            Source(
                "enron_emails.csv",
                LoadOptions(
                    network="email",
                    kind="email",
                    columns=Columns(
                        actor="sender_id", target="recipient_id", timestamp="time", type=None
                    ),
                ),
            ),
        ),
    ),
    RealSet(
        "quantum",
        "Quantum Computing Stack Exchange, 2018",
        "other",
        (
            Source(
                "stackexchange_quantum/Posts.xml",
                LoadOptions(format="stackexchange", network="quantum"),
            ),
        ),
    ),
)


@dataclass
class Row:
    """One method at one cutoff of one set (``farm_gain``: the largest gain any farm gave the
    beneficiary, at the set's farm cutoff only; else None)."""

    set: str
    cutoff: str
    method: str
    spearman: float
    ndcg_at_100: float
    top_decile_future: float
    farm_gain: int | None = None
    people: int = 0
    engaged_after: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("spearman", "ndcg_at_100", "top_decile_future"):
            data[key] = None if math.isnan(data[key]) else data[key]
        return data


@dataclass
class SetResult:
    """A set's rows and the details of its farms."""

    name: str
    rows: list[Row] = field(default_factory=list)
    farms: list[gaming.FarmResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def data_dir(given: Path | None) -> Path:
    """Where the real sets are: ``--data``, else ``CLOUT_DATA``, else ``../shared/data``."""
    path = given or Path(os.environ.get(DATA_ENV) or Path.cwd().parent / "shared" / "data")
    if not path.is_dir():
        raise InputError(
            f"the real data sets are not at {path}; give --data DIR (or set {DATA_ENV})"
        )
    return path


def chosen(names: Sequence[str] | None) -> list[RealSet]:
    """The sets named (all when None); an unknown name is an error that lists the known."""
    if not names:
        return list(SETS)
    known = {s.name: s for s in SETS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown set {unknown[0]!r}; the sets are {', '.join(known)}")
    return [known[n] for n in names]


def files(real: RealSet, data: Path) -> list[tuple[Path, LoadOptions]]:
    found = [(data / s.path, s.options) for s in real.sources]
    missing = [str(p) for p, _ in found if not p.is_file()]
    if missing:
        raise InputError(f"set {real.name}: {missing[0]} is missing; check --data")
    return found


def rows_of(
    name: str, result: backtest.Backtest, farms: list[gaming.FarmResult] | None
) -> list[Row]:
    """A backtest's metrics as rows, with the largest farm gain of each method if measured."""
    rows = []
    for method, values in result.metrics.items():
        gain = max(f.gains[method] for f in farms) if farms else None
        rows.append(
            Row(
                set=name,
                cutoff=result.cutoff.isoformat(),
                method=method,
                spearman=values["spearman"],
                ndcg_at_100=values["ndcg"],
                top_decile_future=values["top_decile"],
                farm_gain=gain,
                people=result.people,
                engaged_after=result.engaged_after,
            )
        )
    return rows


# -- offline ------------------------------------------------------------------------------


def offline_rows(
    real: RealSet,
    data: Path,
    configured: Config,
    log_of: Callable[[RealSet], offline.Log] | None = None,
) -> SetResult:
    """The suite's rows for one set without a database (``log_of`` may supply a cached log)."""
    log_ = log_of(real) if log_of else offline.Log.read(files(real, data), configured.kinds)
    config = configured.scoring
    result = SetResult(real.name)
    for share in CUTOFF_SHARES:
        cutoff = log_.cutoff(share)
        farms = offline.farms(log_, config, cutoff) if share == FARM_SHARE else None
        if farms:
            result.farms = farms
        found = offline.backtest(log_, config, cutoff, HORIZON_DAYS)
        result.rows += rows_of(real.name, found, farms)
    return result


# -- in the database ----------------------------------------------------------------------


@contextmanager
def scratch_server(home: Path, keep: bool) -> Iterator[None]:
    """A managed server of its own under ``home`` for the duration (``CLOUT_HOME`` points at
    it meanwhile, so every part of clout uses it), stopped and removed afterwards unless
    ``keep``."""
    from clout.server.manager import ManagedServer

    saved = {k: os.environ.get(k) for k in ("CLOUT_HOME", "CLOUT_HEAP", "CLOUT_PAGECACHE")}
    os.environ["CLOUT_HOME"] = str(home)
    os.environ.setdefault("CLOUT_HEAP", "2g")
    os.environ.setdefault("CLOUT_PAGECACHE", "1g")
    server = ManagedServer.from_env()
    try:
        server.ensure_running()
        yield
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def database_rows(
    real: RealSet,
    data: Path,
    configured: Config,
    home: Path,
    keep: bool = False,
    note: Callable[[str], None] = log.info,
) -> SetResult:
    """The suite's rows for one set, loaded into an empty scratch database of its own."""
    from clout.connection import connect
    from clout.loader import run_load
    from clout.settings import ConnectionSettings

    sources = files(real, data)
    config = configured.scoring
    result = SetResult(real.name)
    with scratch_server(home / real.name, keep):
        settings = ConnectionSettings()
        started = datetime.now(UTC)
        with connect(settings) as db:
            empty = not db.read("MATCH (n) RETURN count(n) > 0 AS any")[0]["any"]
        for i, (path, options) in enumerate(sources):
            note(f"{real.name}: loading {path.name}")
            run_load(settings, path, options, configured.kinds, bulk=empty and i == 0)
        result.seconds["load"] = (datetime.now(UTC) - started).total_seconds()
        with connect(settings, schema=True) as db:
            world.remove(db)  # a kept scratch database may hold an interrupted run's farms
            for share in CUTOFF_SHARES:
                cutoff = backtest.default_cutoff(db, config, share)
                note(f"{real.name}: backtest at {cutoff:%Y-%m-%d %H:%M}")
                farms = None
                if share == FARM_SHARE:
                    window = Window(cutoff, config.window_days, None, config.algorithm)
                    farms = gaming.gaming(db, configured, window)
                    result.farms = farms
                found = backtest.backtest(db, config, cutoff, HORIZON_DAYS)
                result.rows += rows_of(real.name, found, farms)
    return result


# -- the leaderboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """clout against the best baseline on one metric of one set (means over its cutoffs)."""

    metric: str
    clout: float
    best: float
    best_method: str

    @property
    def margin(self) -> float:
        """Spearman: the difference; the others: the relative difference."""
        if self.metric == "spearman":
            return self.clout - self.best
        return self.clout / self.best - 1.0 if self.best else math.nan

    @property
    def holds(self) -> bool:
        """No worse than the best baseline: Spearman within 0.01, the others within 1 %."""
        return self.margin >= -0.01


METRICS = ("spearman", "ndcg_at_100", "top_decile_future")


def means(rows: Sequence[Row]) -> dict[str, dict[str, float]]:
    """Per method, each metric's mean over the cutoffs (NaN cutoffs left out)."""
    found: dict[str, dict[str, float]] = {}
    for method in dict.fromkeys(r.method for r in rows):
        mine = [r for r in rows if r.method == method]
        found[method] = {
            m: float(np.nanmean([getattr(r, m) for r in mine])) if mine else math.nan
            for m in METRICS
        }
    return found


def cells(rows: Sequence[Row]) -> list[Cell]:
    """clout against the best baseline on each metric (means over the set's cutoffs)."""
    found = means(rows)
    result = []
    for metric in METRICS:
        others = {m: v[metric] for m, v in found.items() if m != "clout"}
        best = max(others, key=lambda m: others[m])
        result.append(Cell(metric, found["clout"][metric], others[best], best))
    return result
