"""The Spark engine's choices that need no Spark: which master, which environment, where the
event log is."""

from __future__ import annotations

import sys

import pytest

from clout.spark import engine


@pytest.mark.parametrize(
    ("master", "conf_dir", "chosen"),
    [
        (None, None, "local[*]"),
        (None, "/etc/spark/conf", None),  # spark-defaults.conf names it
        ("yarn", "/etc/spark/conf", "yarn"),
        ("local[2]", None, "local[2]"),
    ],
)
def test_the_master_is_the_given_one_else_local_without_a_configuration(
    master: str | None, conf_dir: str | None, chosen: str | None
) -> None:
    assert engine.chosen_master(master, conf_dir) == chosen


@pytest.mark.parametrize("master", ["local", "local[*]", "local[2]", "local[4,3]"])
def test_a_local_driver_binds_to_loopback(master: str) -> None:
    assert engine.environment(master) == {
        "PYSPARK_PYTHON": sys.executable,
        "SPARK_LOCAL_IP": "127.0.0.1",
    }


@pytest.mark.parametrize(
    "master",
    [None, "spark://host:7077", "yarn", "k8s://https://api:6443", "localhost:7077", "mesos://m"],
)
def test_any_other_master_keeps_sparks_own_address(master: str | None) -> None:
    assert engine.environment(master) == {"PYSPARK_PYTHON": sys.executable}
