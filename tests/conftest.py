"""Shared test helpers: where the real datasets live."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; under ``CI=true`` a missing folder fails the test, never skips it."""
    path = Path(os.environ.get("CLOUT_SHARED_DATA", SHARED_DATA))
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"the real datasets are missing: {path} (CI must have ../shared beside the repo)"
            )
        pytest.skip(f"real datasets not found at {path}")
    return path


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One shared ``local[2]`` Spark session for the whole run (UI off, loopback), stopped at
    its end."""
    from clout.spark import engine

    settings = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"}
    with engine.session("local[2]", settings) as session:
        yield session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """py4j leaves its gateway sockets to the garbage collector: not the concern of the tests
    that use Spark."""
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(
                pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
            )
