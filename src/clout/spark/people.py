"""``clout.scoring.people`` in Spark: per-person raw influence, calibrated in Spark.

The ranked accounts stay in Spark. A calibration fit (only when none is stored) takes the
population the existing ``calibrate.fit`` takes, collected as its distinct raw values and how
many people have each (exact: ties decide the fit's quantiles). The fitted map is applied in
Spark by comparing with its ``calibrate.thresholds``, which gives every raw value exactly the
score ``calibrate.scores`` gives it, and the percentiles are counted in Spark too. The scored
people then come to the driver, which writes them to Neo4j (history and live values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from clout.scoring import calibrate
from clout.scoring.calibrate import Calibration
from clout.scoring.people import EPSILON, Scored, sub_scores

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame


def mapped(raw: Column, calibration: Calibration) -> Column:
    """The 1-100 score of ``raw`` under ``calibration``, as a Spark expression: 1 + how many
    of the map's thresholds are at or below it."""
    from pyspark.sql import functions as F

    cuts = F.array(*[F.lit(float(t)) for t in calibrate.thresholds(calibration)])
    return (F.lit(1) + F.size(F.filter(cuts, lambda t: t <= raw))).cast("long")


class SparkInfluence:
    """Raw influence per person and per person and network (``people.Influence``'s), held in
    Spark; ``population`` and ``score`` are what a run asks of it (``people.Found``)."""

    def __init__(self, ranked: DataFrame, baseline: float) -> None:
        """``ranked``: ``person``, ``network``, ``score`` (the raw rank) per ranked account,
        cached by the caller and released with this."""
        from pyspark.sql import functions as F

        self.ranked = ranked

        above = F.col("score") - F.lit(baseline)
        accounts = ranked.select(
            "person", "network", F.when(above < EPSILON, 0.0).otherwise(above).alias("raw")
        )
        self.by_network = accounts.groupBy("person", "network").agg(F.sum("raw").alias("raw"))
        self.by_network.cache()
        self.raw = (
            self.by_network.groupBy("person")
            .agg(F.sum("raw").alias("raw"))
            .where(F.col("raw") > 0)
            .cache()
        )
        # How many people have each raw value: the population's summary.
        self.counts = self.raw.groupBy("raw").count().cache()
        self._population: npt.NDArray[np.float64] | None = None
        self.frame: DataFrame | None = None  # the people scored by ``score``, in Spark

    @property
    def population(self) -> npt.NDArray[np.float64]:
        """The calibration population's raw values, sorted: the distinct values and their
        counts collected, then repeated (only a calibration fit asks)."""
        if self._population is None:
            from clout.spark.engine import to_pandas

            counts = to_pandas(self.counts.orderBy("raw"))
            self._population = np.repeat(
                counts["raw"].to_numpy(dtype=np.float64), counts["count"].to_numpy(np.int64)
            )
        return self._population

    def scored_frame(self, calibration: Calibration) -> DataFrame:
        """``person_id``, ``score``, ``score_raw``, ``score_percentile`` of everybody with
        raw > 0. The percentile (the share of the population at or below) is a running count
        over the distinct raw values: one Spark partition holds those."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        ordered = Window.orderBy("raw").rowsBetween(Window.unboundedPreceding, Window.currentRow)
        at_or_below = self.counts.select("raw", F.sum("count").over(ordered).alias("le"))
        size = self.counts.agg(F.sum("count")).first()
        population = float(size[0]) if size is not None and size[0] is not None else 0.0
        return self.raw.join(at_or_below, "raw").select(
            F.col("person").alias("person_id"),
            mapped(F.col("raw"), calibration).alias("score"),
            F.col("raw").alias("score_raw"),
            (F.lit(100.0) * F.col("le") / F.lit(population)).alias("score_percentile"),
        )

    def score(self, calibration: Calibration) -> Scored:
        """Everybody with raw > 0 scored in Spark (the people and their per-network
        sub-scores), then collected to the driver."""
        from pyspark.sql import functions as F

        from clout.spark.engine import to_pandas

        self.frame = self.scored_frame(calibration).cache()
        found = to_pandas(self.frame.orderBy("person_id"))
        nets = to_pandas(
            self.by_network.join(self.raw.select("person"), "person", "left_semi").select(
                "person", "network", mapped(F.col("raw"), calibration).alias("sub")
            )
        )
        who = pd.Index(found["person_id"].astype(str))
        return Scored(
            person=who.tolist(),
            score=found["score"].to_numpy(dtype=np.int64).tolist(),
            raw=found["score_raw"].to_numpy(dtype=np.float64).tolist(),
            percentile=found["score_percentile"].to_numpy(dtype=np.float64).tolist(),
            by_network=sub_scores(
                who, nets["person"].astype(str), nets["network"].astype(str), nets["sub"]
            ),
        )

    def release(self) -> None:
        """Spark's cached frames of this window freed."""
        for frame in (self.frame, self.counts, self.raw, self.by_network, self.ranked):
            if frame is not None:
                frame.unpersist()
