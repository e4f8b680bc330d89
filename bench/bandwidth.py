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


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
