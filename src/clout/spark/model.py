"""The scoring model in Spark: ``clout.scoring.weights`` and GDS's PageRank as DataFrames.

The same steps as ``weights.window_edges`` (its docstring is the specification; tests hold the
two equal), written as joins and aggregations so that a window larger than one machine's memory
is weighed and ranked by a Spark cluster:

- ``counted``: a window's events (``source``, ``target`` account ids, ``kind``, ``at`` epoch
  seconds, ``count``) without same-owner events, with each event's decayed weight ``w`` and full
  strength ``full`` (step 1);
- ``edges``: the weighted edges influence flows along, with a sink node (steps 2-6);
- ``pagerank``: GDS's PageRank on them, superstep by superstep with GDS's own rule (a node sends
  only while its rank still grows by more than the tolerance), ranks of every node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from clout.scoring.config import GamingConfig, ScoringConfig

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

DAY_S = 86400


def counted(
    events: DataFrame,
    owners: DataFrame,
    config: ScoringConfig,
    as_of: int,
    days: int,
    network: str | None = None,
) -> DataFrame:
    """The window ``(as_of - days, as_of]``'s counted events with ``w`` and ``full`` (and
    ``topics`` when the events have them).

    ``events``: ``source``, ``target`` (account ids), ``kind``, ``at`` (epoch seconds),
    ``count``[, ``topics``]; ``owners``: ``id``, ``person``, ``network``. Kinds outside the
    config, self-interactions, events between two accounts of one owner and, with ``network``,
    events whose actor is on another network are left out."""
    from pyspark.sql import functions as F

    weights = F.create_map(*[F.lit(x) for kv in config.kind_weights.items() for x in kv])
    window = events.where(
        (F.col("at") > as_of - days * DAY_S)
        & (F.col("at") <= as_of)
        & F.col("kind").isin(list(config.kind_weights))
        & (F.col("source") != F.col("target"))
    )
    src = owners.select(
        F.col("id").alias("source"),
        F.col("person").alias("source_person"),
        F.col("network").alias("source_network"),
    )
    dst = owners.select(F.col("id").alias("target"), F.col("person").alias("target_person"))
    joined = window.join(src, "source", "left").join(dst, "target", "left")
    if network is not None:
        joined = joined.where(F.col("source_network") == network)
    different = (
        F.col("source_person").isNull()
        | F.col("target_person").isNull()
        | (F.col("source_person") != F.col("target_person"))
    )
    full = weights[F.col("kind")] * F.col("count").cast("double")
    age = (F.lit(as_of) - F.col("at")).cast("double") / DAY_S
    lasting = config.lasting_share
    decay = F.lit(lasting) + F.lit(1.0 - lasting) * F.pow(F.lit(0.5), age / config.half_life_days)
    topics = [F.col("topics")] if "topics" in events.columns else []
    return joined.where(different).select(
        "source", "target", full.alias("full"), (full * decay).alias("w"), *topics
    )


def _pair(total: Column, exponent: float) -> Column:
    from pyspark.sql import functions as F

    return F.log1p(total) if exponent == 0 else F.pow(total, F.lit(exponent))


@dataclass(frozen=True)
class SparkEdges:
    """The scoring graph: ``edges`` (``source``, ``target``, ``weight``; the sink is
    ``sink``) and how many events stand behind it."""

    edges: DataFrame
    sink: int
    interactions: int
    cached: tuple[DataFrame, ...] = ()

    def release(self) -> None:
        """Drop the frames cached while building ``edges`` (call once ``edges`` is cached or
        collected: a session serves many windows, and the memory is the driver's in local mode)."""
        for frame in self.cached:
            frame.unpersist()


def edges(counted_events: DataFrame, gaming: GamingConfig, sink: int) -> SparkEdges:
    """Steps 2-6 of ``clout.scoring.weights`` on a window's counted events."""
    from pyspark.sql import functions as F

    half = gaming.standing_half_saturation
    pairs = (
        counted_events.groupBy("source", "target")
        .agg(F.sum("w").alias("sum_w"), F.sum("full").alias("sum_full"), F.count("*").alias("n"))
        .select(
            "source",
            "target",
            "n",
            _pair(F.col("sum_w"), gaming.pair_exponent).alias("p"),
            _pair(F.col("sum_full"), gaming.pair_exponent).alias("cap"),
        )
    ).cache()
    pairs_cached = pairs
    reverse = pairs.select(
        F.col("target").alias("source"), F.col("source").alias("target"), F.col("p").alias("back")
    )
    pairs = pairs.join(reverse, ["source", "target"], "left").fillna(0.0, ["back"])
    two_way = F.col("back") > 0
    given = pairs.groupBy("source").agg(F.sum("p").alias("given"), F.sum("cap").alias("full"))
    received = pairs.groupBy(F.col("target").alias("node")).agg(
        F.sum(F.when(two_way, 0.0).otherwise(F.col("p"))).alias("open"),
        F.sum(F.when(two_way, F.col("p")).otherwise(0.0)).alias("mutual"),
    )
    first = received.select("node", (F.col("open") / (F.col("open") + half)).alias("first"))
    by_source = (
        pairs.join(given, "source")
        .join(
            first.withColumnRenamed("node", "source").withColumnRenamed("first", "source_first"),
            "source",
            "left",
        )
        .fillna(0.0, ["source_first"])
    )
    partner_in = (
        by_source.where(two_way)
        .groupBy(F.col("target").alias("node"))
        .agg(
            F.sum(F.col("source_first") * F.col("p") / F.col("given")).alias("vouched"),
            F.sum(F.col("p") * (1.0 - F.col("source_first"))).alias("circle"),
        )
    )
    nodes = received.join(partner_in, "node", "left").fillna(0.0, ["vouched", "circle"])
    earned = F.col("open") + gaming.standing_vouching * F.col("vouched")
    floor = F.lit(gaming.standing_floor)
    if gaming.circle_scale > 0:
        floor = floor * F.exp(-F.col("circle") / gaming.circle_scale)
    halfway = F.lit(half)
    if gaming.circle_ratio > 0:
        ratio = F.col("mutual") / (F.col("open") + half)
        halfway = halfway * (1.0 + F.pow(ratio / gaming.circle_ratio, gaming.circle_exponent))
    share = F.when(earned > 0, earned / (earned + halfway)).otherwise(0.0)
    standing = nodes.select(
        F.col("node").alias("source"), (floor + (1.0 - floor) * share).alias("standing")
    )
    value = pairs.join(standing, "source", "left").fillna(gaming.standing_floor, ["standing"])
    value = value.withColumn(
        "value",
        (F.col("p") - gaming.reciprocity_discount * F.least(F.col("p"), F.col("back")))
        * F.col("standing"),
    )
    if gaming.coengagement > 0:
        pods = _coengaged(pairs, first)
        value = (
            value.join(pods, ["source", "target"], "left")
            .fillna(0.0, ["pod"])
            .withColumn("value", F.col("value") / (1.0 + gaming.coengagement * F.col("pod")))
        )
    kept = value.where(F.col("value") > 0).select(
        "source", "target", F.col("value").alias("weight")
    )
    passed = kept.groupBy("source").agg(F.sum("weight").alias("passed"))
    out = F.greatest(F.col("full"), F.lit(gaming.min_out_weight))
    rest = (
        given.join(passed, "source", "left")
        .fillna(0.0, ["passed"])
        .select(
            "source",
            F.lit(sink).cast("long").alias("target"),
            (out - F.col("passed")).alias("weight"),
        )
        .where(F.col("weight") > 0)
    )
    interactions = int(pairs.agg(F.sum("n")).first()[0] or 0)  # type: ignore[index]
    return SparkEdges(kept.unionByName(rest), sink, interactions, (pairs_cached,))


def _coengaged(pairs: DataFrame, first: DataFrame) -> DataFrame:
    """Step 5's ``c`` of each pair ``source -> target``: ``1 - first(y)`` added up over the
    source's two-way partners ``y`` that also engage ``target``."""
    from pyspark.sql import functions as F

    partners = pairs.where(F.col("back") > 0).select(
        F.col("source"), F.col("target").alias("partner")
    )
    weight = first.select(F.col("node").alias("partner"), (1.0 - F.col("first")).alias("pw"))
    reach = (
        partners.join(weight, "partner", "left")
        .fillna(1.0, ["pw"])
        .join(pairs.select(F.col("source").alias("partner"), "target"), "partner")
        .groupBy("source", "target")
        .agg(F.sum("pw").alias("pod"))
    )
    return reach.join(pairs.select("source", "target"), ["source", "target"], "left_semi")


def pagerank(
    edge_frame: DataFrame,
    damping: float,
    max_iterations: int,
    tolerance: float,
    supersteps: list[int] | None = None,
) -> DataFrame:
    """GDS's PageRank (see ``clout.scoring.reference``) as DataFrame supersteps: ``node``,
    ``rank`` of every node of the edges. Lineage is cut every superstep
    (``localCheckpoint``). ``supersteps``, when given, gets the number that ran."""
    from pyspark.sql import functions as F

    degree = edge_frame.groupBy(F.col("source").alias("node")).agg(F.sum("weight").alias("deg"))
    nodes = (
        edge_frame.select(F.col("source").alias("node"))
        .union(edge_frame.select(F.col("target").alias("node")))
        .distinct()
        .join(degree, "node", "left")
        .fillna(0.0, ["deg"])
    )
    scaled = (
        edge_frame.join(degree.withColumnRenamed("node", "source"), "source")
        .select("source", "target", (F.col("weight") / F.col("deg")).alias("share"))
        .cache()
    )
    state = nodes.select(
        "node",
        "deg",
        F.lit(1.0 - damping).alias("rank"),
        F.when(F.col("deg") > 0, F.lit(1.0 - damping)).otherwise(0.0).alias("message"),
    ).localCheckpoint()
    ran = 1
    for _ in range(1, max_iterations):
        ran += 1
        sent = state.where(F.col("message") > 0).select(F.col("node").alias("source"), "message")
        delta = (
            sent.join(scaled, "source")
            .groupBy(F.col("target").alias("node"))
            .agg((F.lit(damping) * F.sum(F.col("message") * F.col("share"))).alias("delta"))
        )
        state = (
            state.join(delta, "node", "left")
            .fillna(0.0, ["delta"])
            .select(
                "node",
                "deg",
                (F.col("rank") + F.col("delta")).alias("rank"),
                F.when((F.col("delta") > tolerance) & (F.col("deg") > 0), F.col("delta"))
                .otherwise(0.0)
                .alias("message"),
            )
            .localCheckpoint()
        )
        if state.where(F.col("message") > 0).limit(1).count() == 0:
            break
    scaled.unpersist()  # the state is checkpointed: the shares are no longer read
    if supersteps is not None:
        supersteps.append(ran)
    return state.select("node", "rank")
