"""Topic scores in Spark: ``clout.scoring.topics`` (its docstring is the specification) as
DataFrames. Which topics qualify, the topic graphs weighed by the main model's
``clout.spark.model.edges``, and one PageRank over their disjoint union, whose nodes are
(account, topic) pairs; the ranks are then calibrated per topic on the driver by
``topics.topic_scores``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clout.scoring.config import GamingConfig, TopicsConfig
from clout.spark import model
from clout.spark.model import SparkEdges

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def tagged(counted_events: DataFrame) -> DataFrame:
    """One row per counted event and each of its distinct topics: ``source``, ``target``,
    ``w``, ``full``, ``topic``."""
    from pyspark.sql import functions as F

    return counted_events.select(
        "source", "target", "w", "full", F.explode(F.array_distinct("topics")).alias("topic")
    ).where(F.col("topic") != "")


def qualifying(tags: DataFrame, config: TopicsConfig) -> list[str]:
    """``topics.select`` of ``topics.activity``: the busiest topics with enough interactions
    and receiving accounts."""
    from pyspark.sql import functions as F

    rows = (
        tags.groupBy("topic")
        .agg(F.count("*").alias("interactions"), F.countDistinct("target").alias("people"))
        .where(
            (F.col("interactions") >= config.min_interactions)
            & (F.col("people") >= config.min_people)
        )
        .orderBy(F.desc("interactions"), F.asc("topic"))
        .limit(config.max_topics)
        .collect()
    )
    return [str(r["topic"]) for r in rows]


def graph(
    tags: DataFrame, selected: list[str], gaming: GamingConfig, sink: int
) -> tuple[SparkEdges, DataFrame]:
    """The union of the selected topics' graphs, weighed by ``model.edges`` (steps 2-6 of the
    main score), and its nodes: each (account, topic) node is keyed by a 64-bit hash of the
    pair (account ids span the whole long range, so ``account * stride + topic`` could
    overflow); ``nodes`` maps each ``node`` back to its ``account`` and ``topic`` (the index
    into ``selected``). The sink is ``sink``."""
    from pyspark.sql import functions as F

    index = F.create_map(*[F.lit(x) for i, name in enumerate(selected) for x in (name, i)])
    keyed = (
        tags.where(F.col("topic").isin(selected))
        .withColumn("ti", index[F.col("topic")])
        .select(
            F.xxhash64("source", "ti").alias("source_node"),
            F.xxhash64("target", "ti").alias("target_node"),
            "source",
            "target",
            "ti",
            "w",
            "full",
        )
    )
    nodes = (
        keyed.select(F.col("source_node").alias("node"), F.col("source").alias("account"), "ti")
        .union(keyed.select(F.col("target_node"), F.col("target"), "ti"))
        .distinct()
        .withColumnRenamed("ti", "topic")
    )
    events = keyed.select(
        F.col("source_node").alias("source"), F.col("target_node").alias("target"), "w", "full"
    )
    return model.edges(events, gaming, sink), nodes
