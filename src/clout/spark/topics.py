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


def graph(tags: DataFrame, selected: list[str], gaming: GamingConfig, sink: int) -> SparkEdges:
    """The union of the selected topics' graphs, weighed by ``model.edges`` (steps 2-6 of the
    main score): nodes are ``account * stride + topic index`` (``stride`` = len(selected) + 1,
    as ``topics.topic_nodes`` numbers them), the sink is ``sink``."""
    from pyspark.sql import functions as F

    stride = len(selected) + 1
    index = F.create_map(*[F.lit(x) for i, name in enumerate(selected) for x in (name, i)])
    on = tags.where(F.col("topic").isin(selected)).withColumn("ti", index[F.col("topic")])
    nodes = on.select(
        (F.col("source") * stride + F.col("ti")).alias("source"),
        (F.col("target") * stride + F.col("ti")).alias("target"),
        "w",
        "full",
    )
    return model.edges(nodes, gaming, sink)
