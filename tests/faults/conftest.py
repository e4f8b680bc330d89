"""The fault tier (issue 21, "Nothing lost, nothing half-done"): each defect reproduced against
a real Neo4j + GDS, as a user meets it.

The tier runs its own managed server in a throw-away ``CLOUT_HOME`` (jars from the shared
cache): its tests kill that server (kill -9), corrupt its state file and fill its disk, which
no shared server may suffer. Commands run as subprocesses (``python -m clout ...``) with that
``CLOUT_HOME``, so signals, exit statuses and stderr are the real ones. The server gets
``CLOUT_HEAP`` / ``CLOUT_PAGECACHE`` of 1g unless they are set. With ``CI=true`` the tier fails
rather than skips when it cannot start a server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from clout import db as dbmod
from clout import gds as gdsmod
from clout.connection import connect
from clout.server.manager import ManagedServer
from clout.server.paths import ServerPaths
from clout.settings import ConnectionSettings

HERE = Path(__file__).parent
Done = subprocess.CompletedProcess[str]
PAUSED = HERE / "paused.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.faults)


@dataclass
class Site:
    """The tier's managed server and how to run clout against it."""

    home: Path
    env: dict[str, str]
    children: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def server(self) -> ManagedServer:
        return ManagedServer(ServerPaths(self.home, ServerPaths.from_env().cache))

    def clout(self, *args: str, timeout: float = 600, **env: str) -> Done:
        """``clout ARGS`` as a user runs it; stdout and stderr captured."""
        return subprocess.run(
            [sys.executable, "-m", "clout", *args],
            env={**self.env, **env},
            text=True,
            capture_output=True,
            timeout=timeout,
            check=False,
        )

    def paused(self, where: str, tmp: Path, *args: str) -> Paused:
        """``clout ARGS`` started in the background, stopping at ``where`` (see paused.py)."""
        mark, go = tmp / f"mark-{len(self.children)}", tmp / f"go-{len(self.children)}"
        proc = subprocess.Popen(
            [sys.executable, str(PAUSED), where, str(mark), str(go), "--", *args],
            env=self.env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.children.append(proc)
        return Paused(proc, mark, go)

    def settings(self) -> ConnectionSettings:
        state = self.server.state()
        assert state is not None, "the fault tier's server is not running"
        return ConnectionSettings(uri=state.uri, password=self.server.password())

    @contextmanager
    def db(self) -> Iterator[dbmod.Database]:
        with connect(self.settings(), schema=True) as database:
            yield database

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self.db() as database:
            return database.read(query, **params)

    def graphs(self) -> list[str]:
        """The names of the GDS projections in the server's catalogue."""
        with self.db() as database:
            rows = database.read("CALL gds.graph.list() YIELD graphName RETURN graphName")
        return [str(r["graphName"]) for r in rows]

    def kill_server(self) -> None:
        """kill -9 of the Neo4j process."""
        state = self.server.state()
        assert state is not None
        os.kill(state.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self.server.status().state == "running" and time.monotonic() < deadline:
            time.sleep(0.2)

    def ensure_running(self) -> None:
        self.server.ensure_running()

    def wipe(self) -> None:
        with self.db() as database:
            gdsmod.drop_all_graphs(gdsmod.client(database))
            with database.session() as session:
                session.run(
                    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                ).consume()


@dataclass
class Paused:
    """A clout command waiting at its pause point."""

    proc: subprocess.Popen[str]
    mark: Path
    go: Path

    def wait_there(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not self.mark.exists():
            if self.proc.poll() is not None:
                _, err = self.proc.communicate()
                pytest.fail(f"ended (exit {self.proc.returncode}) before its pause:\n{err}")
            if time.monotonic() > deadline:
                pytest.fail("never reached its pause point")
            time.sleep(0.1)

    def resume(self, timeout: float = 600) -> tuple[int, str, str]:
        self.go.write_text("go\n")
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def kill(self, sig: int = signal.SIGKILL, timeout: float = 120) -> tuple[int, str, str]:
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the fault tier has no server: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def site_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The tier's server, started once for the folder and stopped (never left running) at its
    end."""
    home = tmp_path_factory.mktemp("clout-faults") / "home"
    env = {
        **os.environ,
        "CLOUT_HOME": str(home),
        "CLOUT_HEAP": os.environ.get("CLOUT_HEAP", "1g"),
        "CLOUT_PAGECACHE": os.environ.get("CLOUT_PAGECACHE", "1g"),
        "COLUMNS": "200",
    }
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(name, None)
    site = Site(home, env)
    started = site.clout("server", "start", timeout=900)
    if started.returncode != 0:
        print(started.stderr, site.server.tail(60))
        _unavailable(f"the fault tier's server did not start: {started.stderr.strip()}")
    try:
        yield site
    finally:
        for child in site.children:
            if child.poll() is None:
                child.kill()
                child.communicate()
        site.clout("server", "stop", timeout=300)
        site.server.stop()


@pytest.fixture
def site(site_home: Site) -> Site:
    """The tier's server, running and with an empty database."""
    site_home.ensure_running()
    site_home.wipe()
    return site_home


def generate_world(site: Site, folder: Path) -> Path:
    """The fault tier's small world (300 people, 6,000 interactions over 40 days) in
    ``folder``, generated by ``clout generate``, not loaded."""
    made = site.clout(
        "-q",
        "generate",
        "--people",
        "300",
        "--interactions",
        "6000",
        "--days",
        "40",
        "--seed",
        "5",
        "-o",
        str(folder),
    )
    assert made.returncode == 0, made.stderr
    return folder


@pytest.fixture
def world(site: Site, tmp_path: Path) -> Path:
    """The small world of :func:`generate_world`, loaded through ``clout load``."""
    folder = generate_world(site, tmp_path / "world")
    loaded = site.clout("-q", "load", "interactions", str(folder / "interactions.csv"))
    assert loaded.returncode == 0, loaded.stderr
    return folder
