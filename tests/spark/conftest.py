"""The Spark tier: one shared ``local[2]`` session for the whole run (UI off, loopback), so the
JVM starts once; it is stopped at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clout.spark import engine


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    settings = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"}
    with engine.session("local[2]", settings) as session:
        yield session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """py4j leaves its gateway sockets to the garbage collector: not this tier's concern."""
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(
                pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
            )
