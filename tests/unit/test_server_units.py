"""The managed server's helpers without a server: panic detection in the log, finding and
keeping files private, rotation, the byte-count download, CLOUT_HOME checks; lock holders."""

from __future__ import annotations

import hashlib
import http.server
import os
import socket
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clout import leases
from clout.errors import ServerError
from clout.progress import Phases
from clout.server import health, process, provision
from clout.server.manager import ManagedServer
from clout.server.paths import ServerPaths

START = datetime(2026, 12, 5, 23, 0, tzinfo=UTC)


def _line(moment: datetime, text: str) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S.%f}"[:23] + f"+0000 {text}\n"


def _debug_log(folder: Path, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "debug.log").write_text("".join(lines))
    return folder


def test_a_disk_full_panic_since_the_start_is_told_with_what_to_do(tmp_path: Path) -> None:
    after = START + timedelta(minutes=5)
    logs = _debug_log(
        tmp_path / "logs",
        _line(START - timedelta(hours=1), "ERROR [o.n.m.DatabaseHealth] Database panic: old"),
        _line(
            after,
            "ERROR [o.n.k.i.t.l.f.LogFileChannelNativeAccessor] System is running out "
            "of disk space. Failed to preallocate log file",
        ),
        _line(
            after,
            "ERROR [o.n.m.DatabaseHealth] [neo4j/fd8c3601] Database panic: The database "
            "has encountered a critical error, and needs to be restarted.",
        ),
        "Caused by: java.lang.UnsupportedOperationException: read only mode\n",
    )
    said = health.panic(logs, tmp_path / "home", START.timestamp())
    assert said == (
        f"disk full under CLOUT_HOME ({tmp_path / 'home'}): the database stopped writing to "
        "protect its data; free space there and run `clout server start` (a load then resumes "
        "where it stopped)"
    )


def test_a_panic_before_the_start_or_none_is_no_problem(tmp_path: Path) -> None:
    old = _line(START - timedelta(hours=1), "ERROR Database panic: OutOfDiskSpaceException")
    logs = _debug_log(tmp_path / "logs", old, _line(START, "INFO Started."))
    assert health.panic(logs, tmp_path, START.timestamp()) is None
    assert health.panic(tmp_path / "none", tmp_path, START.timestamp()) is None


def test_another_panic_says_where_the_cause_is(tmp_path: Path) -> None:
    logs = _debug_log(tmp_path / "logs", _line(START, "ERROR Database panic: corrupt store"))
    said = health.panic(logs, tmp_path, START.timestamp() - 1)
    assert said == (
        "the database hit a critical error and stopped; run `clout server start` to restart it "
        f"(the cause is in {logs / 'debug.log'})"
    )


def test_private_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    (folder / "data").mkdir(parents=True)
    loose = folder / "data" / "store"
    loose.write_text("x")
    os.chmod(loose, 0o644)
    os.chmod(folder / "data", 0o755)
    assert process.make_private(folder) == 2
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    written = folder / "conf" / "secret"
    process.write_private(written, "s3cret\n")
    assert written.read_text() == "s3cret\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert [p.name for p in written.parent.iterdir()] == ["secret"]


def test_rotate_keeps_the_last_files(tmp_path: Path) -> None:
    log = tmp_path / "console.log"
    for text in ("first", "second", "third"):
        log.write_text(text * 10)
        assert process.rotate(log, limit=20, keep=2)
    assert not log.exists()
    assert (tmp_path / "console.log.1").read_text() == "third" * 10
    assert (tmp_path / "console.log.2").read_text() == "second" * 10
    log.write_text("small")
    assert not process.rotate(log, limit=20)


def test_conf_values_and_no_server_for_an_unknown_home(tmp_path: Path) -> None:
    conf = tmp_path / "neo4j.conf"
    conf.write_text("# x\nserver.bolt.listen_address=127.0.0.1:7687\nserver.http.enabled=false\n")
    assert process.conf_value(conf, "server.bolt.listen_address") == "127.0.0.1:7687"
    assert process.conf_value(conf, "server.http.listen_address") is None
    assert process.find_server(tmp_path / "server") is None
    assert not process.runs_server(os.getpid(), tmp_path / "server")


def test_a_corrupt_server_json_without_a_server_is_stopped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = ManagedServer(ServerPaths(tmp_path / "home", tmp_path / "cache"))
    server.paths.server.mkdir(parents=True)
    server.paths.state_file.write_text('{"pid": 1')
    assert server.state() is None
    assert server.status().state == "stopped"
    assert "server.json is unreadable" in caplog.text


def test_a_clout_home_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "file"
    home.write_text("")
    server = ManagedServer(ServerPaths(home, tmp_path / "cache"))
    with pytest.raises(ServerError) as raised:
        server.status()
    assert str(raised.value) == (
        f"CLOUT_HOME={home} is a file, not a folder; point CLOUT_HOME at a folder (clout "
        "creates it)"
    )


@pytest.fixture
def maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A local Maven repository served over HTTP (CLOUT_MAVEN_URL points at it)."""
    root = tmp_path / "maven"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CLOUT_MAVEN_URL", f"http://127.0.0.1:{httpd.server_address[1]}")
    try:
        yield root
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_the_download_reports_bytes_as_they_arrive(maven: Path, tmp_path: Path) -> None:
    jars = []
    for name, size in (("a", 700_000), ("b", 300_000)):
        data = os.urandom(size)
        folder = maven / "org" / "x" / name / "1"
        folder.mkdir(parents=True)
        (folder / f"{name}-1.jar").write_bytes(data)
        jars.append(provision.Jar(f"org.x:{name}:1", "lib", size, hashlib.sha256(data).hexdigest()))
    seen: list[tuple[str, int, int | None]] = []
    progress = Recorded(seen)
    dist = provision._provision(jars, tmp_path / "dist", progress)
    assert sorted(p.name for p in (dist / "lib").iterdir()) == ["a-1.jar", "b-1.jar"]
    assert len(seen) > len(jars), "several updates per jar, not one per finished jar"
    assert {(phase, total) for phase, _, total in seen} == {("downloading", 1_000_000)}
    assert all(n >= 0 for _, n, _ in seen)
    assert sum(n for _, n, _ in seen) == 1_000_000


class Recorded(Phases):
    """A progress reporter that records ``(phase, n, total)`` of every step."""

    def __init__(self, seen: list[tuple[str, int, int | None]]) -> None:
        self.seen = seen
        self.total: int | None = None

    def start(self, phase: str, total: int | None) -> None:
        self.total = total

    def advance(self, n: int) -> None:
        self.seen.append((str(self._phase), n, self.total))

    def finish(self) -> None:
        pass


def test_lock_holders_alive_gone_or_silent() -> None:
    me = {**leases.me(), "heartbeat": datetime.now(UTC)}
    assert leases.state(me) == "alive"
    reused = {**me, "proc_start": (me["proc_start"] or 0) + 1}
    assert leases.state(reused) == ("gone" if me["proc_start"] is not None else "alive")
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    assert leases.state({**me, "pid": dead}) == "gone"
    away = {"pid": 1, "host": f"not-{socket.gethostname()}", "proc_start": None}
    assert leases.state({**away, "heartbeat": datetime.now(UTC)}) == "alive"
    old = datetime.now(UTC) - timedelta(seconds=leases.SILENT_AFTER_S + 5)
    assert leases.state({**away, "heartbeat": old}) == "silent"


def test_transactions_may_hold_85_percent_of_the_heap() -> None:
    from clout.errors import ServerError
    from clout.server.manager import transaction_memory

    assert [transaction_memory(h) for h in ("1g", "5g", "1536m", "4G")] == [
        "870m",
        "4352m",
        "1305m",
        "3481m",
    ]
    with pytest.raises(ServerError, match="CLOUT_HEAP=4gb is not a size"):
        transaction_memory("4gb")


def test_a_memory_setting_reads_in_bytes() -> None:
    from clout.scoring.store import parse_bytes

    assert parse_bytes("4563402752") == 4563402752
    assert parse_bytes("4352m") == 4352 * 2**20
    assert parse_bytes("4.25GiB") == int(4.25 * 2**30)
    assert parse_bytes("unlimited") is None
