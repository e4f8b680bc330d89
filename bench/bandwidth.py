"""Measure this machine's memory bandwidth, the floor for one pass over a graph's edges.

A PageRank iteration must at least stream every edge once (its target index and weight) and
gather the source's rank: about ``BYTES_PER_EDGE`` bytes. At the measured read bandwidth, that
gives the fastest possible time per edge per iteration, to set the engines' figures against.

    python -m bench.bandwidth
"""

from __future__ import annotations

import json
import time

import numpy as np

# int32 target index + float64 weight + float64 rank of the source (gathered)
BYTES_PER_EDGE = 4 + 8 + 8
# The turns of python_seconds' loop: about 2 s on this machine (2026-12-07, evening).
PYTHON_LOOP = 30_000_000


def read_bandwidth(megabytes: int = 1024, repeats: int = 5) -> list[float]:
    """Bytes per second of summing a ``megabytes`` array (one streaming read), per repeat."""
    data = np.ones(megabytes * (1 << 20) // 8, dtype=np.float64)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        data.sum()
        rates.append(data.nbytes / (time.perf_counter() - start))
    return rates


def copy_bandwidth(megabytes: int = 512, repeats: int = 5) -> list[float]:
    """Bytes per second moved (read + write) by copying a ``megabytes`` array, per repeat."""
    src = np.ones(megabytes * (1 << 20) // 8, dtype=np.float64)
    dst = np.empty_like(src)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.copyto(dst, src)
        rates.append(2 * src.nbytes / (time.perf_counter() - start))
    return rates


def measure() -> dict[str, float]:
    """Median read and copy bandwidth (GB/s) and the per-edge floor in nanoseconds."""
    read = float(np.median(read_bandwidth()))
    copy = float(np.median(copy_bandwidth()))
    return {
        "read_gb_s": read / 1e9,
        "copy_gb_s": copy / 1e9,
        "bytes_per_edge": BYTES_PER_EDGE,
        "floor_ns_per_edge": BYTES_PER_EDGE / read * 1e9,
    }


def python_seconds(repeats: int = 3) -> float:
    """Median seconds of a fixed pure-Python loop (one core, the interpreter's speed): with the
    bandwidth, a probe of how fast the machine is at the hour a benchmark runs, so that figures
    taken on different days can be set side by side (the machine is shared and its speed moves)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        total = 0
        for i in range(PYTHON_LOOP):
            total += i
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def speed() -> dict[str, float]:
    """The machine's speed now: median read bandwidth (GB/s) and :func:`python_seconds`."""
    return {
        "read_gb_s": float(np.median(read_bandwidth(repeats=3))) / 1e9,
        "python_loop_s": python_seconds(),
    }


if __name__ == "__main__":
    print(json.dumps({**measure(), "python_loop_s": python_seconds()}, indent=2))
