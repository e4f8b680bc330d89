"""Python's cyclic garbage collector, paused while clout builds many small objects that live
until the work ends (a load's accounts and batches, a scoring run's topics and history
columns): they make no reference cycles, and the collector's repeated passes over them cost
seconds (measured in docs/benchmarks.md, "Measured choices"). The collector resumes when the
work ends, so the few cycles it made are collected then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off inside the block (left as it was found when it ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
