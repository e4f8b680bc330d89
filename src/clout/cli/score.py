"""``clout score`` and ``clout calibrate``: influence scores 1-100, runs and history."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from clout.cli._common import Quiet, err, out, parse_time, print_json, quiet_mode, settings
from clout.errors import InputError

if TYPE_CHECKING:
    from clout.scoring import runs
    from clout.scoring.config import CalibrationConfig

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        show_default=False,
        help="Score the window ending at this ISO time [default: the newest interaction].",
    ),
]
WindowDays = Annotated[
    int | None,
    typer.Option("--window-days", min=1, show_default=False, help="Window length [default: 90]."),
]
Network = Annotated[
    str | None, typer.Option("--network", show_default=False, help="Only this network (any case).")
]


class Algorithm(StrEnum):
    pagerank = "pagerank"
    articlerank = "articlerank"


AlgorithmOption = Annotated[
    Algorithm | None,
    typer.Option(
        "--algorithm",
        case_sensitive=False,
        show_default=False,
        help="The influence algorithm [default: pagerank, from the scoring configuration].",
    ),
]


class EngineName(StrEnum):
    gds = "gds"
    spark = "spark"


def _as_of(value: str | None) -> datetime | None:
    return parse_time(value, "--as-of", "2024-06-30")


def _request(
    as_of: str | None,
    window_days: int | None,
    network: str | None,
    algorithm: Algorithm | None,
    backfill_days: int = 0,
    force: bool = False,
) -> runs.ScoreRequest:
    from clout.scoring import runs

    return runs.ScoreRequest(
        as_of=_as_of(as_of),
        window_days=window_days,
        network=network.lower() if network else None,
        algorithm=algorithm.value if algorithm else None,
        backfill_days=backfill_days,
        force=force,
    )


def refit_command(
    as_of: str | None, window_days: int | None, network: str | None, algorithm: Algorithm | None
) -> str:
    """The ``clout calibrate`` command that refits on the window just scored."""
    given = [
        ("--as-of", as_of),
        ("--window-days", window_days),
        ("--network", network.lower() if network else None),
        ("--algorithm", algorithm.value if algorithm else None),
    ]
    options = [f"{name} {shlex.quote(str(value))}" for name, value in given if value is not None]
    return " ".join(["clout calibrate", *options])


@contextmanager
def _engine(
    name: EngineName, master: str | None, events: str | None
) -> Iterator[runs.Engine | None]:
    """None for GDS (the run's own path); for Spark one engine, and its session, for every run
    of the command."""
    if name is EngineName.gds:
        yield None
        return
    from clout.spark.engine import SparkEngine

    with SparkEngine(master, events) as spark:
        yield spark


@contextmanager
def _drift_said_once() -> Iterator[None]:
    """The scoring library logs its drift warning once per run (31 times for a 30-day
    backfill); the command says it once, with the command to refit."""
    library = logging.getLogger("clout.scoring.runs")
    drop = _DriftFilter()
    library.addFilter(drop)
    try:
        yield
    finally:
        library.removeFilter(drop)


class _DriftFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("the scores drifted")


def score(
    ctx: typer.Context,
    as_of: AsOf = None,
    window_days: WindowDays = None,
    network: Network = None,
    algorithm: AlgorithmOption = None,
    backfill_days: Annotated[
        int, typer.Option("--backfill-days", min=0, help="Also score each of the D days before.")
    ] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Clear a scoring lock left by a process that died.")
    ] = False,
    engine: Annotated[
        EngineName,
        typer.Option(
            "--engine",
            case_sensitive=False,
            help="Who weighs and ranks the window: GDS in Neo4j, or Apache Spark (pip install "
            "'clout[spark]') for windows past one machine.",
        ),
    ] = EngineName.gds,
    events: Annotated[
        str | None,
        typer.Option(
            "--events",
            show_default=False,
            help="With --engine spark: read the windows from this event log (clout export "
            "interactions --format parquet), a folder or a URI Spark reads (hdfs://, s3a://), "
            "instead of the database; each run's scores are also written to "
            "EVENTS/scores/run_id=<run>.",
        ),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option(
            "--master",
            show_default=False,
            help="With --engine spark: the Spark master URL (local[*], spark://, yarn, k8s://) "
            "[default: local[*], or spark-defaults.conf under SPARK_CONF_DIR].",
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable summary.")] = False,
    quiet: Quiet = False,
) -> None:
    """Score every person 1-100 from the interactions in the window; record the run.

    Example: clout score --window-days 90 --backfill-days 30
    """
    from clout import config as clout_config
    from clout.analyst.calibration import populations
    from clout.cli.bars import scoring_bars
    from clout.connection import connect
    from clout.scoring import runs

    request = _request(as_of, window_days, network, algorithm, backfill_days, force)
    quiet = quiet_mode(quiet)
    bars = scoring_bars(json_ or quiet)
    config = clout_config.load()
    if engine is EngineName.gds and (events is not None or master is not None):
        raise InputError("--events and --master go with --engine spark")
    if engine is EngineName.spark:  # before the database is started or connected to
        from clout.spark.engine import require

        require()
    try:
        with (
            connect(settings(ctx), schema=True) as db,
            _drift_said_once(),
            _engine(engine, master, events) as chosen,
        ):
            results = runs.score(db, config, request, progress=bars, engine=chosen)
            fitted_on = populations(db, sorted({r.calibration_version for r in results}))
    finally:
        bars.close()
    if json_:
        print_json([r.as_dict() for r in results])
    else:
        _summary(results)
    if not quiet:
        refit = refit_command(as_of, window_days, network, algorithm)
        for warning in warnings(results, fitted_on, config.scoring.calibration, refit):
            err.print(f"Warning: {warning}", markup=False, highlight=False)


def warnings(
    results: list[runs.RunResult],
    fitted_on: dict[str, int],
    targets: CalibrationConfig,
    refit: str,
) -> list[str]:
    """What a scoring command warns about, each once: a calibration fitted on few people, and
    the newest run's drift from the calibration targets (with the command to refit)."""
    from clout.analyst.calibration import small_population

    versions = dict.fromkeys(r.calibration_version for r in results)
    said = [small_population(fitted_on.get(version)) for version in versions]
    drifted = [r for r in results if r.drift]
    if drifted:
        newest = drifted[-1]
        said.append(
            f"the scores drifted from the calibration targets (mean {newest.mean:.1f}, 95th "
            f"percentile {newest.p95:.1f}; targets {targets.target_mean:g} and "
            f"{targets.target_p95:g}); refit with: {refit}"
        )
    return [s for s in said if s]


def _summary(results: list[runs.RunResult]) -> None:
    from clout.cli import output
    from clout.cli.output import Column

    rows = [
        {
            "run": r.run_id,
            "as of": f"{r.as_of:%Y-%m-%d %H:%M}",
            "scored": f"{r.scored:,}",
            "interactions": f"{r.interactions:,}",
            "mean": f"{r.mean:.1f}",
            "p95": f"{r.p95:.1f}",
            "seconds": f"{r.seconds.get('total', 0):.1f} ("
            + " ".join(f"{k}={v:.1f}" for k, v in r.seconds.items() if k != "total")
            + ")",
        }
        for r in results
    ]
    right = {"scored", "interactions", "mean", "p95"}
    output.table(rows, [Column(key, right=key in right) for key in rows[0]] if rows else [])


def calibrate(
    ctx: typer.Context,
    as_of: AsOf = None,
    window_days: WindowDays = None,
    network: Network = None,
    algorithm: AlgorithmOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    quiet: Quiet = False,
) -> None:
    """Refit the raw-to-score map on the window's population and store it as a new version.

    Later `clout score` runs use it. Example: clout calibrate
    """
    from clout import config
    from clout.analyst.calibration import small_population
    from clout.connection import connect
    from clout.scoring import runs

    request = _request(as_of, window_days, network, algorithm)
    configured = config.load()
    with connect(settings(ctx), schema=True) as db:
        fitted = runs.recalibrate(db, configured, request)
    warning = small_population(int(fitted["population"]))
    if warning and not quiet_mode(quiet):
        err.print(f"Warning: {warning}", markup=False, highlight=False)
    if json_:
        print_json(fitted)
    else:
        out.print(
            f"calibration {fitted['version']}: fitted on {fitted['population']:,} people "
            f"(mean {fitted['mean']:.1f}, 95th percentile {fitted['p95']:.1f})",
            highlight=False,
        )
