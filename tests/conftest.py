"""Shared test helpers: where the real datasets live."""

from __future__ import annotations

import os
from pathlib import Path

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
