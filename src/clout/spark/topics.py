"""Topic scores in Spark: ``clout.scoring.topics`` (its docstring is the specification) as
DataFrames. Which topics qualify, the per-topic pair weights with their reciprocity discount,
and one PageRank over the disjoint union of the topic graphs, whose nodes are (account, topic)
pairs; the ranks are then calibrated per topic on the driver by ``topics.topic_scores``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clout.scoring.config import TopicsConfig

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def tagged(counted_events: DataFrame) -> DataFrame:
    """One row per counted event and each of its distinct topics: ``source``, ``target``,
    ``w``, ``topic``."""
    from pyspark.sql import functions as F

    return counted_events.select(
        "source", "target", "w", F.explode(F.array_distinct("topics")).alias("topic")
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


def graph(tags: DataFrame, selected: list[str], reciprocity_discount: float) -> DataFrame:
    """The union of the selected topics' graphs: ``source``, ``target`` (node keys of
    (account, topic)), ``weight``, and each node's ``account`` and ``topic`` in ``nodes``."""
    from pyspark.sql import functions as F

    pairs = (
        tags.where(F.col("topic").isin(selected))
        .groupBy("topic", "source", "target")
        .agg(F.log1p(F.sum("w")).alias("p"))
    )
    reverse = pairs.select(
        "topic",
        F.col("target").alias("source"),
        F.col("source").alias("target"),
        F.col("p").alias("back"),
    )
    kept = (
        pairs.join(reverse, ["topic", "source", "target"], "left")
        .fillna(0.0, ["back"])
        .select(
            "topic",
            "source",
            "target",
            (F.col("p") - reciprocity_discount * F.least(F.col("p"), F.col("back"))).alias(
                "weight"
            ),
        )
        .where(F.col("weight") > 0)
    )
    return kept.select(
        F.xxhash64("source", "topic").alias("source"),
        F.xxhash64("target", "topic").alias("target"),
        "weight",
        F.col("source").alias("source_account"),
        F.col("target").alias("target_account"),
        "topic",
    )


def nodes(edges: DataFrame) -> DataFrame:
    """Each node key of a topic graph with its ``account`` and ``topic``."""
    from pyspark.sql import functions as F

    return (
        edges.select(
            F.col("source").alias("node"), F.col("source_account").alias("account"), "topic"
        )
        .union(
            edges.select(
                F.col("target").alias("node"), F.col("target_account").alias("account"), "topic"
            )
        )
        .distinct()
    )
