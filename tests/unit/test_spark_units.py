"""The Spark engine's choices that need no Spark: which master, which environment, where the
event log is."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from clout.errors import InputError
from clout.spark import engine

NO_SPARK = cast(Any, None)


class Recording:
    """A Spark session's reader that records the paths it is asked to read."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    @property
    def read(self) -> Recording:
        return self

    def option(self, *_: str) -> Recording:
        return self

    def parquet(self, path: str) -> SimpleNamespace:
        self.paths.append(path)
        return SimpleNamespace(columns=["source", "target"])


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


@pytest.mark.parametrize(
    "uri", ["hdfs://nn:8020/logs/clout", "s3a://bucket/clout/", "file:///srv/log", "gs://b/x"]
)
def test_an_event_log_uri_goes_to_spark_as_it_is(uri: str) -> None:
    assert engine.log_location(uri) == uri
    assert engine.within(uri, "events") == uri.rstrip("/") + "/events"


@pytest.mark.parametrize("folder", ["log", "/tmp/log", "./a:b/log", "C:/logs"])
def test_anything_else_is_a_local_folder(folder: str) -> None:
    assert engine.log_location(folder) == Path(folder)
    assert engine.within(Path(folder), "events") == str(Path(folder) / "events")


def test_only_a_local_log_is_checked_before_spark_reads_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no event log"):
        engine.frames_from_log(NO_SPARK, tmp_path)
    # A URI is not looked at here: Spark reads it (and says if it is not there).
    read = Recording()
    engine.frames_from_log(cast(Any, read), "hdfs://nn/logs")
    assert read.paths == ["hdfs://nn/logs/events", "hdfs://nn/logs/accounts"]


class Builder:
    """SparkSession.builder, recording the settings a session is built with."""

    def __init__(self) -> None:
        self.settings: dict[str, str] = {}
        self.stopped = False

    def appName(self, _: str) -> Builder:
        return self

    def master(self, value: str) -> Builder:
        self.settings["master"] = value
        return self

    def config(self, key: str, value: str) -> Builder:
        self.settings[key] = value
        return self

    def getOrCreate(self) -> SimpleNamespace:
        def stop() -> None:
            self.stopped = True

        return SimpleNamespace(sparkContext=SimpleNamespace(setLogLevel=lambda _: None), stop=stop)


@pytest.mark.parametrize("conf_dir", [None, "/etc/spark"])
def test_without_a_spark_conf_dir_spark_draws_no_progress_bars_and_keeps_little_status(
    conf_dir: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """clout draws its own progress bars; Spark's stage bars would fill stderr (thousands of
    them for one demo run), and its status store would keep the plans of 1,000 finished queries
    in the driver (clout.spark.engine.LEAN_STATUS). A user's SPARK_CONF_DIR decides for itself."""
    pyspark_sql = pytest.importorskip("pyspark.sql")
    builder = Builder()
    fake = SimpleNamespace(builder=builder, getActiveSession=lambda: None)
    monkeypatch.setattr(pyspark_sql, "SparkSession", fake)
    if conf_dir is None:
        monkeypatch.delenv("SPARK_CONF_DIR", raising=False)
    else:
        monkeypatch.setenv("SPARK_CONF_DIR", conf_dir)
    with engine.session("local[1]"):
        pass
    assert builder.stopped
    if conf_dir is None:
        assert builder.settings["spark.ui.showConsoleProgress"] == "false"
        assert builder.settings["spark.sql.ui.retainedExecutions"] == "10"
    else:
        assert "spark.ui.showConsoleProgress" not in builder.settings
        assert "spark.sql.ui.retainedExecutions" not in builder.settings
