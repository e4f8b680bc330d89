"""The worlds of tests/support/synth.py: the same on every machine, experts planted as meant."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tests.support import synth

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINT = (
    "from tests.support import synth\n"
    "import hashlib\n"
    "base = synth.generate(people=400, interactions=8000, days=40, seed=21)\n"
    "topics = synth.plant_topics(base, topics=6, experts=3, boost=40, seed=23)\n"
    "farm = synth.plant_farm(base, size=12, seed=11)\n"
    "print(hashlib.sha1(repr((topics.topic_experts, farm.beneficiary)).encode()).hexdigest())\n"
)


def _fingerprint(environ: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_planted_worlds_do_not_depend_on_the_cpu() -> None:
    """numpy's default sort orders ties by the SIMD code it picks for the CPU (here, with and
    without AVX2); the planted experts and the farm's beneficiary come out the same either way."""
    umath = importlib.import_module("numpy._core._multiarray_umath")
    if not getattr(umath, "__cpu_features__", {}).get("X86_V3"):
        pytest.skip("compares numpy with and without AVX2 (x86-64-v3), which this CPU lacks")
    environ = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
    native = _fingerprint(environ)
    assert native == _fingerprint({**environ, "NPY_DISABLE_CPU_FEATURES": "X86_V3"})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_experts_are_distinct_people_of_median_popularity(seed: int) -> None:
    base = synth.generate(people=400, interactions=8000, days=40, seed=seed)
    world = synth.plant_topics(base, topics=6, experts=3, boost=40, seed=seed + 2)
    accounts = [a for group in world.topic_experts.values() for a in group]
    owners = [int(world.account_owner[a]) for a in accounts]
    assert len(set(owners)) == len(accounts) == 18
    received = np.bincount(base.target, minlength=len(base.account_network))
    per_person = np.bincount(base.account_owner, weights=received, minlength=len(base.people))
    low, high = np.quantile(per_person, [0.35, 0.65])
    assert all(low <= per_person[o] <= high for o in owners)
    for account, owner in zip(accounts, owners, strict=True):
        mine = np.flatnonzero(base.account_owner == owner)
        assert received[account] == received[mine].max()  # the person's busiest account
