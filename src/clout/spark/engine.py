"""``clout score --engine spark``: one window scored on Apache Spark.

The window's events come from an event log (``clout.spark.log``) or, without one, from the
database; Spark weighs them and ranks the accounts (``clout.spark.model``) and the topic graphs
(``clout.spark.topics``); the people are calibrated in Spark (``clout.spark.people``) and
collected to the driver with their ranked accounts, where the scoring run carries on exactly as
with GDS (history, live scores).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clout.db import Database
from clout.errors import CloutError, InputError
from clout.progress import Progress
from clout.scoring import people, topics
from clout.scoring.config import ScoringConfig
from clout.scoring.events import Owners
from clout.scoring.influence import Counted, Measured, read_window
from clout.scoring.topic_runs import TopicScores
from clout.scoring.window import Window
from clout.spark import log as event_log
from clout.spark import model
from clout.spark import topics as spark_topics
from clout.spark.people import SparkInfluence

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)
# No account key is this (checked): the sink of the scoring graph.
SINK = -(2**63)
# A URI's scheme (two characters at least, so that a Windows drive letter is not one).
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")


def require() -> str:
    """pyspark's version; a clear error when the extra is not installed."""
    try:
        import pyspark
    except ImportError:
        raise InputError(
            "the Spark engine needs pyspark: pip install 'clout[spark]' (and Java 17 or 21)"
        ) from None
    return str(pyspark.__version__)


def chosen_master(master: str | None, conf_dir: str | None) -> str | None:
    """The master a session is given: ``master``, else ``local[*]`` without a Spark
    configuration folder, else None (``spark-defaults.conf``'s own ``spark.master``)."""
    if master:
        return master
    return None if conf_dir else "local[*]"


def is_local(master: str | None) -> bool:
    """Whether ``master`` runs Spark inside this process (``local``, ``local[N]``,
    ``local[*]``, ``local[N,F]``). None (the configuration's master) is not known to be."""
    return master is not None and (master == "local" or master.startswith("local["))


def environment(master: str | None) -> dict[str, str]:
    """The environment a session sets where it is unset: Python workers run clout's own
    interpreter (numpy, pandas and pyarrow are there), and a local driver binds to loopback.
    Any other master keeps Spark's own address settings: its executors, on other machines,
    must reach the driver."""
    found = {"PYSPARK_PYTHON": sys.executable}
    if is_local(master):
        found["SPARK_LOCAL_IP"] = "127.0.0.1"
    return found


# How much of the finished work Spark's status store keeps in the driver's heap. Its defaults
# (the plans of the last 1,000 queries, 1,000 jobs and stages) suit someone browsing Spark's UI,
# not a batch job: PageRank runs a query per superstep, so windows scored with topics in one
# session filled a 2 GiB driver with finished plans (80-95 MB a window) until a broadcast
# join failed for want of memory.
LEAN_STATUS = {
    "spark.sql.ui.retainedExecutions": "10",
    "spark.ui.retainedJobs": "20",
    "spark.ui.retainedStages": "20",
    "spark.ui.dagGraph.retainedRootRDDs": "20",
}


@contextmanager
def session(
    master: str | None = None, settings: dict[str, str] | None = None
) -> Iterator[SparkSession]:
    """A Spark session for one run (stopped afterwards, also on failure). Settings come from
    ``SPARK_CONF_DIR``/``spark-defaults.conf``; clout only names the app and the master
    (``chosen_master``), gives the driver 2 GiB, a lean status store (``LEAN_STATUS``) and no
    console progress bars when there is no ``SPARK_CONF_DIR``, binds a local driver to loopback
    unless told otherwise (``environment``), and takes ``settings`` from its callers (tests)."""
    require()
    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()
    if running is not None:  # a caller's session (a test run's): used, and left running
        yield running
        return
    master = chosen_master(master, os.environ.get("SPARK_CONF_DIR"))
    for name, value in environment(master).items():
        os.environ.setdefault(name, value)
    builder = SparkSession.builder.appName("clout").config(
        "spark.sql.execution.arrow.pyspark.enabled", "true"
    )
    if master is not None:
        builder = builder.master(master)
    if not os.environ.get("SPARK_CONF_DIR"):
        # Spark's own 1 GiB is too small for a local run over millions of events; and clout
        # draws its own progress bars, so Spark's stage bars would only clutter stderr.
        builder = builder.config("spark.driver.memory", "2g").config(
            "spark.ui.showConsoleProgress", "false"
        )
        for key, value in LEAN_STATUS.items():
            builder = builder.config(key, value)
    for key, value in (settings or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


@contextmanager
def quiet_conversions() -> Iterator[None]:
    """pyspark's own pandas conversions warn about pandas APIs it still uses (Copy-on-Write's
    ``copy=`` keyword and the like): not the user's concern, and not clout's."""
    with warnings.catch_warnings():
        for category in (DeprecationWarning, FutureWarning, UserWarning):
            warnings.filterwarnings("ignore", category=category, module=r"pyspark\..*")
            warnings.filterwarnings("ignore", category=category, module=r"pandas\..*")
        yield


def to_pandas(frame: DataFrame) -> pd.DataFrame:
    """A Spark frame collected to the driver as pandas."""
    with quiet_conversions():
        return frame.toPandas()


@dataclass
class SparkScored:
    """What Spark computed for one window: the ranked accounts collected to the driver (the
    run's history keeps each person's, for ``clout show``) and kept in Spark (cached; the
    caller unpersists them), where they are calibrated."""

    ranks: pd.DataFrame  # person, network, handle, score: every ranked account
    ranked: DataFrame  # the same, in Spark
    interactions: int
    nodes: int
    relationships: int
    topic_ranks: pd.DataFrame | None = None  # topic, person, score: every ranked (acct, topic)
    topic_names: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def log_location(value: str | Path) -> str | Path:
    """Where an event log is: a URI with a scheme (``hdfs://``, ``s3a://``, ``file:/``…) as it
    is, for Spark to read; anything else a local folder."""
    text = str(value)
    return text if _URI.match(text) else Path(text)


def within(location: str | Path, *names: str) -> str:
    """The path of ``names`` inside a log ``location`` (a folder or a URI), as Spark takes it."""
    if isinstance(location, Path):
        return str(location.joinpath(*names))
    return "/".join([location.rstrip("/"), *names])


def frames_from_log(spark: SparkSession, location: str | Path) -> tuple[DataFrame, DataFrame]:
    """The events and accounts of an event log (a local folder, checked here, or a URI that
    Spark reads as it is)."""
    events = within(location, event_log.EVENTS)
    accounts = within(location, event_log.ACCOUNTS)
    if isinstance(location, Path) and not (Path(events).is_dir() and Path(accounts).is_dir()):
        raise InputError(
            f"{location} holds no event log (events/ and accounts/); write one with "
            "`clout export interactions --format parquet -o DIR`"
        )
    from pyspark.sql import functions as F

    frame = spark.read.option("mergeSchema", "true").parquet(events)
    if "event_id" in frame.columns:  # parts appended by `clout load --log`: an id counts once
        named = F.col("event_id").isNotNull()
        frame = frame.where(~named).unionByName(
            frame.where(named).dropDuplicates(["kind", "event_id"])
        )
    return frame, spark.read.parquet(accounts)


def frames_from_pandas(
    spark: SparkSession, events: pd.DataFrame, accounts: pd.DataFrame
) -> tuple[DataFrame, DataFrame]:
    """Spark frames of a log held in memory (``clout.spark.log``'s columns)."""
    from pyspark.sql import types as T

    schema = T.StructType(
        [
            T.StructField("source", T.LongType()),
            T.StructField("target", T.LongType()),
            T.StructField("kind", T.StringType()),
            T.StructField("at", T.LongType()),
            T.StructField("count", T.DoubleType()),
            T.StructField("topics", T.ArrayType(T.StringType())),
        ]
    )
    columns = ["source", "target", "kind", "at", "count", "topics"]
    with quiet_conversions():
        return spark.createDataFrame(events[columns], schema), spark.createDataFrame(accounts)


def score_window(
    spark: SparkSession,
    events: DataFrame,
    accounts: DataFrame,
    config: ScoringConfig,
    window: Window,
    *,
    with_topics: bool,
) -> SparkScored:
    """Weigh and rank ``window``'s events; the ranked accounts (and topic nodes) come back."""
    from pyspark.sql import functions as F

    started = time.monotonic()
    owners = accounts.select(
        F.col("account").alias("id"), F.col("person_id").alias("person"), "network"
    )
    as_of = int(window.as_of.timestamp())
    counted = model.counted(events, owners, config, as_of, window.days, window.network).cache()
    graph = model.edges(counted, config.gaming, SINK)
    edges = graph.edges.cache()
    relationships = edges.count()
    graph.release()
    ranks = model.pagerank(edges, config.damping, config.max_iterations, config.tolerance)
    labels = accounts.select(
        F.col("account").alias("node"), F.col("person_id").alias("person"), "network", "handle"
    )
    ranked = ranks.where(F.col("node") != SINK).join(labels, "node")
    kept = ranked.select("person", "network", "handle", F.col("rank").alias("score")).cache()
    result = SparkScored(
        ranks=to_pandas(kept),
        ranked=kept,
        interactions=graph.interactions,
        nodes=ranks.count(),
        relationships=relationships,
    )
    result.seconds["algorithm"] = time.monotonic() - started
    if with_topics and config.topics.enabled and "topics" in counted.columns:
        tick = time.monotonic()
        result.topic_ranks, result.topic_names = _topics(counted, accounts, config)
        result.seconds["topics"] = time.monotonic() - tick
    counted.unpersist()
    edges.unpersist()
    # Some of pyspark's frames of the window sit in reference cycles, and a run pauses Python's
    # cyclic collector (clout.collector): collected now, their JVM frames and checkpointed
    # supersteps are freed with them (else the driver's heap grew by about 30 MB a window).
    gc.collect()
    return result


def _topics(
    counted: DataFrame, accounts: DataFrame, config: ScoringConfig
) -> tuple[pd.DataFrame | None, list[str]]:
    from pyspark.sql import functions as F

    tags = spark_topics.tagged(counted).cache()
    selected = spark_topics.qualifying(tags, config.topics)
    if not selected:
        tags.unpersist()
        return None, []
    graph, nodes = spark_topics.graph(tags, selected, config.gaming, SINK)
    edges = graph.edges.cache()
    edges.count()
    graph.release()
    ranks = model.pagerank(edges, config.damping, config.max_iterations, config.tolerance)
    owners = accounts.select(F.col("account"), F.col("person_id").alias("person"))
    found = to_pandas(
        ranks.where(F.col("node") != SINK)
        .join(nodes, "node")
        .join(owners, "account")
        .select("topic", "person", F.col("rank").alias("score"))
    )
    tags.unpersist()
    edges.unpersist()
    found["topic"] = found["topic"].astype(np.int64)
    return found, selected


class SparkEngine:
    """``clout score --engine spark``: windows weighed and ranked by Spark, the rest of each run
    as with GDS (``clout.scoring.runs.Engine``). One Spark session serves every run of the
    command (a backfill's too) and is stopped at the end. With an event log (``events``) the
    windows are read from it and each run's scores are also written to ``events/scores``."""

    name = "spark"

    def __init__(
        self,
        master: str | None = None,
        events: str | Path | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.master, self.settings = master, settings
        self.events = None if events is None else log_location(events)
        self._session: contextlib.ExitStack | None = None
        self._spark: SparkSession | None = None
        self._frames: tuple[DataFrame, DataFrame] | None = None
        self._owners: Owners | None = None
        self._held: SparkInfluence | None = None  # the latest window's, cached in Spark

    def _release(self) -> None:
        if self._held is not None:
            self._held.release()
        self._held = None

    def __enter__(self) -> SparkEngine:
        self._session = contextlib.ExitStack()
        self._spark = self._session.enter_context(session(self.master, self.settings))
        if self.events is not None:
            self._frames = frames_from_log(self._spark, self.events)
            accounts = to_pandas(self._frames[1])
            self._owners = Owners(
                pd.DataFrame(
                    {
                        "id": accounts["account"].to_numpy(dtype=np.int64),
                        "person": accounts["person_id"],
                        "network": accounts["network"],
                        "handle": accounts["handle"],
                    }
                ).set_index("id", drop=False)
            )
        return self

    def __exit__(self, *exc: object) -> None:
        self._release()
        if self._session is not None:
            self._session.close()
        self._spark = self._frames = self._owners = None

    def measure(
        self, db: Database, config: ScoringConfig, window: Window, progress: Progress
    ) -> tuple[Measured[people.Found], TopicScores | None]:
        """The window's raw influence (and topic scores), computed by Spark."""
        if self._spark is None:
            raise RuntimeError("use SparkEngine as a context manager")
        if window.algorithm != "pagerank":
            raise InputError("the Spark engine ranks with PageRank only; drop --algorithm")
        tick = time.monotonic()
        progress.start("read", None)
        if self._frames is not None and self._owners is not None:
            frames, owners = self._frames, self._owners
        else:
            counted = read_window(db, config, window, with_topics=config.topics.enabled)
            frames, owners = _frames_of(self._spark, counted), counted.owners
        read = time.monotonic() - tick
        progress.finish()
        progress.start("spark", None)
        found = score_window(
            self._spark, *frames, config, window, with_topics=config.topics.enabled
        )
        progress.finish()
        self._release()
        self._held = SparkInfluence(found.ranked, config.baseline)
        measured: Measured[people.Found] = Measured(
            found=self._held,
            interactions=found.interactions,
            accounts=len(found.ranks),
            seconds={"read": read, **found.seconds},
            nodes=found.nodes,
            relationships=found.relationships,
            ranks=found.ranks,
            owners=owners,
        )
        return measured, _topic_scores(found, config)

    def record(self, run_id: str, found: people.Found) -> None:
        """With an event log, the run's scores (scored in Spark) go to ``scores/run_id=<run>/``
        beside it, once the run is done: a failed run leaves no scores there."""
        if self.events is None:
            return
        if not isinstance(found, SparkInfluence) or found.frame is None:
            raise RuntimeError("record takes the scored window of this engine's measure")
        folder = within(self.events, "scores", f"run_id={run_id}")
        try:
            found.frame.coalesce(1).write.mode("overwrite").parquet(folder)
        except Exception as exc:
            raise CloutError(
                f"run {run_id} is done and its scores are in the database, but writing them to "
                f"{folder} failed ({exc}); `clout export` writes them from the database"
            ) from exc


def _frames_of(spark: SparkSession, counted: Counted) -> tuple[DataFrame, DataFrame]:
    """Spark frames of a window read from the database (Neo4j ids as account keys)."""
    ev, frame = counted.events, counted.owners.frame
    topics = (
        [list(ev.tags.sets[c]) for c in ev.tags.code.tolist()]
        if ev.tags is not None
        else [[] for _ in range(len(ev))]
    )
    events = pd.DataFrame(
        {
            "source": ev.source,
            "target": ev.target,
            "kind": ev.kind.astype(str),
            "at": ev.at,
            "count": ev.count,
            "topics": topics,
        }
    )
    accounts = pd.DataFrame(
        {
            "account": frame["id"].to_numpy(dtype=np.int64),
            "network": frame["network"],
            "handle": frame["handle"],
            "person_id": frame["person"],
        }
    )
    return frames_from_pandas(spark, events, accounts)


def _topic_scores(found: SparkScored, config: ScoringConfig) -> TopicScores | None:
    """The kept topic scores of the ranked (account, topic) nodes, calibrated per topic."""
    if not config.topics.enabled:
        return None
    result = TopicScores(names=found.topic_names)
    result.seconds["topics_rank"] = found.seconds.get("topics", 0.0)
    if found.topic_ranks is not None and len(found.topic_ranks):
        ranks = found.topic_ranks
        result.found = topics.topic_scores(
            ranks["topic"].to_numpy(dtype=np.int64),
            ranks["person"].to_numpy(),
            ranks["score"].to_numpy(dtype=np.float64),
            config.baseline,
            config.calibration,
            config.topics.min_score,
            config.topics.leaders,
        )
    return result
