"""Start, stop and watch the managed Neo4j + GDS server of one ``CLOUT_HOME``."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from clout.errors import ServerError
from clout.server import java, provision
from clout.server.paths import ServerPaths

log = logging.getLogger(__name__)

# Servers this process started, kept so that Python neither warns about nor leaves zombies of them.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
READY_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 60.0
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


@dataclass
class ServerState:
    """What ``server.json`` records about the last start."""

    pid: int
    port: int
    dist: str
    java: str
    heap: str
    pagecache: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class ServerStatus:
    state: str  # "running", "stopped" or "crashed"
    home: Path
    uri: str | None = None
    pid: int | None = None
    neo4j_version: str | None = None
    gds_version: str | None = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _memory_bytes() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def default_memory() -> tuple[str, str]:
    """Heap and page cache: a quarter of RAM each, between 1 and 8 GiB (``CLOUT_HEAP`` etc. win)."""
    quarter = max(1, min(8, _memory_bytes() // (4 << 30)))
    heap = os.environ.get("CLOUT_HEAP") or f"{quarter}g"
    pagecache = os.environ.get("CLOUT_PAGECACHE") or f"{quarter}g"
    return heap, pagecache


def _auth_ini_line(password: str) -> str:
    """The hashed credential Neo4j reads from ``data/dbms/auth.ini`` on first start.

    Same scheme as ``neo4j-admin dbms set-initial-password`` (salted SHA-256, 1024 rounds), written
    by us so that the password never appears on a command line.
    """
    salt = secrets.token_bytes(32)
    digest = hashlib.sha256(salt + password.encode()).digest()
    for _ in range(1023):
        digest = hashlib.sha256(digest).digest()
    return f"neo4j:SHA-256,{digest.hex()},{salt.hex()},1024:\n"


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def _pid_alive(pid: int, home: Path) -> bool:
    """True when ``pid`` runs and is this home's server (not a recycled pid)."""
    alive = _running(pid, home)
    child = _CHILDREN.get(pid)
    if child is not None and (not alive or child.poll() is not None):
        child.wait()  # a server we started and that has ended: reap it, no zombie is left
        del _CHILDREN[pid]
        return False
    return alive


def _running(pid: int, home: Path) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            return False
        return str(home) in args
    return True


class ManagedServer:
    """One managed server, its state under ``paths.home``."""

    def __init__(self, paths: ServerPaths) -> None:
        self.paths = paths

    @classmethod
    def from_env(cls) -> ManagedServer:
        return cls(ServerPaths.from_env())

    # -- state -----------------------------------------------------------------------------
    def state(self) -> ServerState | None:
        try:
            return ServerState(**json.loads(self.paths.state_file.read_text()))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def password(self) -> str:
        try:
            return self.paths.password_file.read_text().strip()
        except FileNotFoundError:
            raise ServerError(
                f"the managed server in {self.paths.home} has no password file; "
                "run `clout server start` first"
            ) from None

    def status(self) -> ServerStatus:
        st = self.state()
        if st is None:
            return ServerStatus("stopped", self.paths.home)
        if not _pid_alive(st.pid, self.paths.server):
            return ServerStatus("crashed", self.paths.home, st.uri, st.pid)
        versions = self._versions(st)
        return ServerStatus("running", self.paths.home, st.uri, st.pid, *versions)

    def _versions(self, st: ServerState) -> tuple[str | None, str | None]:
        from clout.db import open_driver

        try:
            with open_driver(st.uri, "neo4j", self.password()) as driver:
                records, _, _ = driver.execute_query(
                    "CALL dbms.components() YIELD versions "
                    "RETURN versions[0] AS neo4j, gds.version() AS gds"
                )
                return records[0]["neo4j"], records[0]["gds"]
        except (Neo4jError, ServiceUnavailable, OSError, ServerError):
            return None, None

    # -- start -----------------------------------------------------------------------------
    def ensure_running(self, progress: Callable[[int, int], None] | None = None) -> ServerState:
        """Start the server unless it already runs; return its state."""
        st = self.state()
        if st is not None and _pid_alive(st.pid, self.paths.server):
            if self._answers(st):
                return st
            self._wait_ready(st, None)
            return st
        if st is not None:
            log.warning(
                "the managed server (pid %d) is not running any more; restarting it", st.pid
            )
        return self._start(st, progress)

    def _start(
        self, previous: ServerState | None, progress: Callable[[int, int], None] | None
    ) -> ServerState:
        paths = self.paths
        runtime = java.find_java(paths.cache)
        dist = provision.provision(paths.cache, progress)
        for folder in (paths.conf_dir, paths.data_dir, paths.logs_dir, paths.import_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if not paths.password_file.exists():
            password = secrets.token_urlsafe(24)
            _write_private(paths.password_file, password + "\n")
            _write_private(paths.data_dir / "dbms" / "auth.ini", _auth_ini_line(password))
        port = previous.port if previous and _port_free(previous.port) else _free_port()
        heap, pagecache = default_memory()
        self._write_conf(dist, port, pagecache)
        command = [
            str(runtime.executable), f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS,
            "-cp", f"{dist / 'plugins'}/*:{dist / 'lib'}/*", MAIN_CLASS,
            f"--home-dir={paths.server}", f"--config-dir={paths.conf_dir}", "--console-mode",
        ]  # fmt: skip
        with paths.console_log.open("ab") as console:
            proc = subprocess.Popen(
                command, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=paths.server, start_new_session=True,
            )  # fmt: skip
        _CHILDREN[proc.pid] = proc
        st = ServerState(
            proc.pid, port, str(dist), str(runtime.executable), heap, pagecache, time.time()
        )
        paths.state_file.write_text(json.dumps(asdict(st), indent=2))
        self._wait_ready(st, proc)
        return st

    def _write_conf(self, dist: Path, port: int, pagecache: str) -> None:
        p = self.paths
        lines = [
            "# Written by clout at every start; edit clout, not this file.",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{port}",
            f"server.bolt.advertised_address=127.0.0.1:{port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            f"server.directories.data={p.data_dir}",
            f"server.directories.logs={p.logs_dir}",
            f"server.directories.run={p.server / 'run'}",
            f"server.directories.import={p.import_dir}",
            f"server.directories.plugins={dist / 'plugins'}",
            f"server.memory.pagecache.size={pagecache}",
            "dbms.usage_report.enabled=false",
            "dbms.security.procedures.unrestricted=gds.*",
            "dbms.security.auth_enabled=true",
            "db.tx_log.rotation.retention_policy=2 files",
            "server.logs.debug.enabled=true",
        ]
        _write_private(p.conf_dir / "neo4j.conf", "\n".join(lines) + "\n")

    def _answers(self, st: ServerState) -> bool:
        from clout.db import open_driver

        try:
            with (
                open_driver(st.uri, "neo4j", self.password()) as driver,
                driver.session() as session,
            ):
                session.run("RETURN gds.version()").consume()
            return True
        except AuthError as exc:
            raise ServerError(
                f"the managed server in {self.paths.home} refused the stored password; "
                f"stop it (`clout server stop`) and remove {self.paths.server} to start afresh"
            ) from exc
        except (Neo4jError, ServiceUnavailable, OSError):
            return False

    def _wait_ready(self, st: ServerState, proc: subprocess.Popen[bytes] | None) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise ServerError(
                    f"the server exited during start-up (code {proc.returncode}).\n"
                    f"{self.tail(20)}\nRead {self.paths.logs_dir} for the cause; "
                    "`clout doctor` checks Java and memory"
                )
            if self._answers(st):
                return
            time.sleep(1.0)
        raise ServerError(
            f"the server did not answer within {READY_TIMEOUT_S:.0f} s.\n{self.tail(20)}\n"
            f"Read {self.paths.logs_dir}, then `clout server stop` and try again"
        )

    # -- stop ------------------------------------------------------------------------------
    def stop(self) -> bool:
        """Stop the server (SIGTERM, then SIGKILL after a minute). False when none was running."""
        st = self.state()
        if st is None:
            return False
        running = _pid_alive(st.pid, self.paths.server)
        if running:
            os.killpg(st.pid, signal.SIGTERM)
            deadline = time.monotonic() + STOP_TIMEOUT_S
            while _pid_alive(st.pid, self.paths.server) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _pid_alive(st.pid, self.paths.server):
                log.warning("the server did not stop within %.0f s; killing it", STOP_TIMEOUT_S)
                os.killpg(st.pid, signal.SIGKILL)
                while _pid_alive(st.pid, self.paths.server):
                    time.sleep(0.1)
        if (child := _CHILDREN.pop(st.pid, None)) is not None:
            child.wait()  # reap the process we started ourselves
        self.paths.state_file.unlink(missing_ok=True)
        return running

    # -- logs ------------------------------------------------------------------------------
    def log_files(self) -> list[Path]:
        return [
            p for p in (self.paths.logs_dir / "neo4j.log", self.paths.console_log) if p.exists()
        ]

    def tail(self, lines: int = 50) -> str:
        for path in (self.paths.logs_dir / "neo4j.log", self.paths.console_log):
            if path.exists() and path.stat().st_size:
                return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return "(the server wrote no log)"
