"""Start, stop and watch the managed Neo4j + GDS server of one ``CLOUT_HOME``.

The home is private to its user (folders 700, files 600; the server runs with umask 077). The
server is found by its home even when ``server.json`` is lost or corrupt (:mod:`.process`),
and a database that panicked (disk full) is reported at once (:mod:`.health`). A start that
happens on the way to another command says so through the start observer (:mod:`.starts`: the
CLI shows a line and, on first use, a download bar); the console log is rotated at each start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from clout.errors import ServerError
from clout.progress import Progress
from clout.server import health, java, process, provision, starts
from clout.server.paths import ServerPaths

log = logging.getLogger(__name__)

# Servers this process started, kept so that Python neither warns about nor leaves zombies of them.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
READY_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 60.0
# How often a starting server is asked whether it answers (a start takes 8-20 s: a second's
# step lost half a second on average, and a bulk load waits for two starts' worth).
READY_POLL_S = 0.25
CONSOLE_LOG_MAX = 10 << 20  # console.log is rotated at start when it is larger
MAIN_CLASS = process.MAIN_CLASS
# neo4j-admin's own work, run directly: its launcher (org.neo4j.server.startup.Neo4jAdminCommand)
# only starts a second JVM with this class, 2 s more for the importer.
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
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
    http_port: int | None = None  # the HTTP connector (Neo4j Browser), when started with it

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    @property
    def browser_url(self) -> str | None:
        return f"http://127.0.0.1:{self.http_port}/browser/" if self.http_port else None


@dataclass(frozen=True)
class ServerStatus:
    state: str  # "running", "stopped", "crashed" or "failed" (running, database panicked)
    home: Path
    uri: str | None = None
    pid: int | None = None
    neo4j_version: str | None = None
    gds_version: str | None = None
    problem: str | None = None  # what is wrong and what to do ("failed")
    browser_url: str | None = None


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


def transaction_memory(heap: str) -> str:
    """How much of the heap ``heap`` (``4g``, ``1536m``, as for ``-Xmx``) transactions may hold:
    85 % (Neo4j's default is 70 %). A scoring run makes its scores live in one transaction, whose
    commit needs a few KiB of heap per person scored (docs/benchmarks.md)."""
    units = {"": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([kmgt]?)", heap.strip().lower())
    if found is None:
        raise ServerError(f"CLOUT_HEAP={heap} is not a size; give e.g. 4g or 1536m")
    return f"{int(float(found[1]) * units[found[2]] * 0.85)}m"


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
    process.write_private(path, text)


def _pid_alive(pid: int, home: Path) -> bool:
    """True when ``pid`` runs and is this home's server (not a recycled pid)."""
    alive = process.runs_server(pid, home)
    child = _CHILDREN.get(pid)
    if child is not None and (not alive or child.poll() is not None):
        child.wait()  # a server we started and that has ended: reap it, no zombie is left
        del _CHILDREN[pid]
        return False
    return alive


class ManagedServer:
    """One managed server, its state under ``paths.home``."""

    def __init__(self, paths: ServerPaths) -> None:
        self.paths = paths

    @classmethod
    def from_env(cls) -> ManagedServer:
        return cls(ServerPaths.from_env())

    # -- state -----------------------------------------------------------------------------
    def state(self) -> ServerState | None:
        """The running (or last) server's state: ``server.json``, or, when that is missing,
        corrupt or names a process that is not this home's server, the server found by its
        home (``server.json`` is then written again)."""
        recorded = self._recorded()
        if recorded is not None and _pid_alive(recorded.pid, self.paths.server):
            return recorded
        pid = process.find_server(self.paths.server)
        if pid is None:
            return recorded
        found = self._found(pid, recorded)
        log.warning("found the managed server (pid %d) by its home; rewrote server.json", pid)
        self._save(found)
        return found

    def check_home(self) -> None:
        """A :class:`ServerError` in one line when ``CLOUT_HOME`` is a file or cannot be
        written (checked before a start; ``_prepare_home`` then creates it)."""
        home = self.paths.home
        if home.exists() and not home.is_dir():
            raise ServerError(
                f"CLOUT_HOME={home} is a file, not a folder; point CLOUT_HOME at a folder "
                "(clout creates it)"
            )
        existing = next(p for p in (home, *home.parents) if p.exists())
        if not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
            raise ServerError(
                f"CLOUT_HOME={home} cannot be written ({existing} is read-only for this user); "
                "point CLOUT_HOME at a folder you can write, or fix its permissions"
            )

    def _recorded(self) -> ServerState | None:
        if self.paths.home.exists() and not self.paths.home.is_dir():
            self.check_home()
        try:
            data = json.loads(self.paths.state_file.read_text())
            known = {f.name for f in fields(ServerState)}
            return ServerState(**{k: v for k, v in data.items() if k in known})
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (ValueError, TypeError, OSError, AttributeError) as exc:
            log.warning(
                "%s is unreadable (%s); looking for the server by its home",
                self.paths.state_file,
                exc,
            )
            return None

    def _found(self, pid: int, recorded: ServerState | None) -> ServerState:
        conf = self.paths.conf_dir / "neo4j.conf"
        bolt = process.conf_value(conf, "server.bolt.listen_address") or ":0"
        http = process.conf_value(conf, "server.http.listen_address")
        enabled = process.conf_value(conf, "server.http.enabled") == "true"
        try:
            started = Path(f"/proc/{pid}").stat().st_mtime
        except OSError:
            started = time.time()
        return ServerState(
            pid,
            int(bolt.rsplit(":", 1)[1]),
            recorded.dist if recorded else "",
            recorded.java if recorded else "",
            recorded.heap if recorded else "",
            recorded.pagecache if recorded else "",
            started,
            int(http.rsplit(":", 1)[1]) if enabled and http else None,
        )

    def _save(self, st: ServerState) -> None:
        _write_private(self.paths.state_file, json.dumps(asdict(st), indent=2))

    def password(self) -> str:
        try:
            return self.paths.password_file.read_text().strip()
        except FileNotFoundError:
            raise ServerError(
                f"the managed server in {self.paths.home} has no password file; "
                "run `clout server start` first"
            ) from None

    def panic(self, st: ServerState | None = None) -> str | None:
        """What to do when the running server's database panicked (disk full), else None."""
        st = st or self._recorded()
        since = st.started_at if st is not None else 0.0
        return health.panic(self.paths.logs_dir, self.paths.home, since)

    def status(self) -> ServerStatus:
        st = self.state()
        home = self.paths.home
        if st is None:
            return ServerStatus("stopped", home)
        if not _pid_alive(st.pid, self.paths.server):
            return ServerStatus("crashed", home, st.uri, st.pid)
        if problem := self.panic(st):
            return ServerStatus("failed", home, st.uri, st.pid, problem=problem)
        versions = self._locked_versions(st) or self._versions(st)
        return ServerStatus("running", home, st.uri, st.pid, *versions, browser_url=st.browser_url)

    def _locked_versions(self, st: ServerState) -> tuple[str, str] | None:
        """The versions of the jar lock the running server was built from, when its Bolt port
        answers (no driver needed: `server status` stays fast); None when unsure."""
        jars = provision.read_lock()
        if Path(st.dist).name != f"server-{provision.lock_digest(jars)}":
            return None  # started from another lock (clout was upgraded meanwhile)
        try:
            socket.create_connection(("127.0.0.1", st.port), timeout=2).close()
        except OSError:
            return None
        return provision.server_version(jars)

    def _versions(self, st: ServerState) -> tuple[str | None, str | None]:
        # The driver is imported only when a server runs: `server status` of a stopped one
        # answers at once.
        from clout.db import Neo4jError, ServiceUnavailable, open_driver

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
    def ensure_running(
        self, progress: Progress | None = None, *, browser: bool = False, restart: bool = False
    ) -> ServerState:
        """Start the server unless it already runs; return its state. A server whose database
        panicked (disk full) is a :class:`ServerError` saying what to do, or, with
        ``restart`` (``clout server start``), is stopped and started again. ``browser``: with
        the HTTP connector for Neo4j Browser (a running server without it is an error)."""
        st = self.state()
        if st is not None and _pid_alive(st.pid, self.paths.server):
            if problem := self.panic(st):
                if not restart:
                    raise ServerError(problem)
                log.warning("restarting the managed server: %s", problem)
                self.stop()
                return self.ensure_running(progress, browser=browser)
            if browser and st.http_port is None:
                raise ServerError(
                    "the managed server runs without its HTTP connector; stop it "
                    "(`clout server stop`) and start it with `clout server start --browser`"
                )
            if not self._answers(st):
                self._wait_ready(st, None)
            return st
        if st is not None:
            log.warning(
                "the managed server (pid %d) is not running any more; restarting it", st.pid
            )
        self.check_home()
        if progress is not None:
            return self._start(st, progress, browser)
        first_use = not provision.is_complete(self.paths.cache)
        with starts.observer().starting(self.paths.home, first_use) as shown:
            return self._start(st, shown, browser)

    def _prepare_home(self) -> None:
        """Create ``CLOUT_HOME`` private to its user, or say in one line why it cannot be."""
        home = self.paths.home
        self.check_home()
        try:
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            for folder in (
                self.paths.conf_dir,
                self.paths.data_dir,
                self.paths.logs_dir,
                self.paths.import_dir,
            ):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            probe = self.paths.server / f".probe-{os.getpid()}"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise ServerError(
                f"CLOUT_HOME={home} cannot be written ({exc.strerror or exc}); point "
                "CLOUT_HOME at a folder you can write, or fix its permissions"
            ) from exc
        os.chmod(home, 0o700)
        if changed := process.make_private(self.paths.server):
            log.info("made %d files and folders under %s private to their user", changed, home)

    def _start(
        self, previous: ServerState | None, progress: Progress | None, browser: bool = False
    ) -> ServerState:
        paths = self.paths
        self._prepare_home()
        runtime = java.find_java(paths.cache)
        dist = provision.provision(paths.cache, progress)
        classpath = f"{dist / 'plugins'}/*:{dist / 'lib'}/*"
        if browser:
            classpath += f":{provision.provision_browser(paths.cache, progress) / 'lib'}/*"
        if not paths.password_file.exists():
            password = secrets.token_urlsafe(24)
            _write_private(paths.password_file, password + "\n")
            _write_private(paths.data_dir / "dbms" / "auth.ini", _auth_ini_line(password))
        port = previous.port if previous and _port_free(previous.port) else _free_port()
        http_port = _free_port() if browser else None
        heap, pagecache = default_memory()
        self._write_conf(dist, port, pagecache, http_port, transaction_memory(heap))
        command = [
            str(runtime.executable),
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            "-cp",
            classpath,
            MAIN_CLASS,
            f"--home-dir={paths.server}",
            f"--config-dir={paths.conf_dir}",
            "--console-mode",
        ]
        process.rotate(paths.console_log, CONSOLE_LOG_MAX)
        fd = os.open(paths.console_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "ab") as console:
            proc = subprocess.Popen(
                command,
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=paths.server,
                start_new_session=True,
                umask=0o077,
            )
        _CHILDREN[proc.pid] = proc
        st = ServerState(
            proc.pid,
            port,
            str(dist),
            str(runtime.executable),
            heap,
            pagecache,
            time.time(),
            http_port,
        )
        self._save(st)
        self._wait_ready(st, proc)
        return st

    def _write_conf(
        self, dist: Path, port: int, pagecache: str, http_port: int | None, transactions: str
    ) -> None:
        p = self.paths
        http = (
            [
                "server.http.enabled=true",
                f"server.http.listen_address=127.0.0.1:{http_port}",
                f"server.http.advertised_address=127.0.0.1:{http_port}",
            ]
            if http_port
            else ["server.http.enabled=false"]
        )
        lines = [
            "# Written by clout at every start; edit clout, not this file.",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{port}",
            f"server.bolt.advertised_address=127.0.0.1:{port}",
            *http,
            "server.https.enabled=false",
            f"server.directories.data={p.data_dir}",
            f"server.directories.logs={p.logs_dir}",
            f"server.directories.run={p.server / 'run'}",
            f"server.directories.import={p.import_dir}",
            f"server.directories.plugins={dist / 'plugins'}",
            f"server.memory.pagecache.size={pagecache}",
            f"dbms.memory.transaction.total.max={transactions}",
            "dbms.usage_report.enabled=false",
            "dbms.security.procedures.unrestricted=gds.*",
            "dbms.security.auth_enabled=true",
            "db.tx_log.rotation.retention_policy=2 files",
            "server.logs.debug.enabled=true",
            # Bolt's network threads otherwise wait 5 s of quiet twice when the server stops
            # (its databases are already closed by then): a stop takes 1 s instead of 11 s.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        ]
        _write_private(p.conf_dir / "neo4j.conf", "\n".join(lines) + "\n")

    def _answers(self, st: ServerState) -> bool:
        from clout.db import AuthError, Neo4jError, ServiceUnavailable, open_driver

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
            if problem := self.panic(st):
                raise ServerError(problem)
            if self._answers(st):
                return
            time.sleep(READY_POLL_S)
        raise ServerError(
            f"the server did not answer within {READY_TIMEOUT_S:.0f} s.\n{self.tail(20)}\n"
            f"Read {self.paths.logs_dir}, then `clout server stop` and try again"
        )

    # -- offline import --------------------------------------------------------------------
    def import_full(
        self, database: str, *, nodes: list[str], relationships: list[str], options: list[str]
    ) -> float:
        """Run ``neo4j-admin database import full`` for ``database`` on this STOPPED server
        (``nodes`` and ``relationships``: the importer's ``LABEL=FILE`` / ``HEADER,FILE``
        arguments, ``options`` its others); its seconds, or a :class:`ServerError` with the
        importer's last lines."""
        paths = self.paths
        runtime = java.find_java(paths.cache)
        dist = provision.provision(paths.cache, None)
        # As neo4j-admin's launcher runs it: plugins, configuration and jars on the class path,
        # the JVM's default heap (the importer's memory is its off-heap option).
        command = [
            str(runtime.executable),
            "-Dfile.encoding=UTF-8",
            "-cp",
            os.pathsep.join([f"{dist / 'plugins'}/*", f"{paths.conf_dir}/*", f"{dist / 'lib'}/*"]),
            ADMIN_CLASS,
            "database",
            "import",
            "full",
            database,
            *options,
            *(f"--nodes={n}" for n in nodes),
            *(f"--relationships={r}" for r in relationships),
        ]
        env = {**os.environ, "NEO4J_HOME": str(paths.server), "NEO4J_CONF": str(paths.conf_dir)}
        started = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = [
                ln for ln in (done.stdout + done.stderr).splitlines() if not ln.startswith("\tat ")
            ]
            tail = "\n".join(lines[-15:])
            raise ServerError(f"the offline importer failed (exit {done.returncode}):\n{tail}")
        log.debug("importer output:\n%s", done.stdout)
        return time.monotonic() - started

    # -- stop ------------------------------------------------------------------------------
    def stop(self) -> bool:
        """Stop the server (SIGTERM, then SIGKILL after a minute). False when none was running.
        The server is found by its home when ``server.json`` is lost or corrupt."""
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
