"""Download the server's jars from Maven Central and verify each against ``jars.lock``.

``browser.lock`` lists the Neo4j Browser, fetched the same way the first time a server is
started with ``--browser``. Progress is reported in bytes as they arrive.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from clout.errors import ServerError
from clout.progress import Progress

log = logging.getLogger(__name__)

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"


@dataclass(frozen=True)
class Jar:
    coordinate: str  # group:artifact:version[:classifier]
    folder: str  # "lib" or "plugins"
    size: int
    sha256: str

    @property
    def file_name(self) -> str:
        _, artifact, version, *classifier = self.coordinate.split(":")
        return f"{artifact}-{version}{'-' + classifier[0] if classifier else ''}.jar"

    def url(self, base: str) -> str:
        group, artifact, version, *_ = self.coordinate.split(":")
        return f"{base}/{group.replace('.', '/')}/{artifact}/{version}/{self.file_name}"


def read_lock(name: str = "jars.lock") -> list[Jar]:
    text = resources.files("clout.server").joinpath(name).read_text()
    jars = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            coordinate, folder, size, sha = line.split("\t")
            jars.append(Jar(coordinate, folder, int(size), sha))
    return jars


def lock_digest(jars: list[Jar]) -> str:
    return hashlib.sha256("".join(j.sha256 for j in jars).encode()).hexdigest()[:12]


def server_version(jars: list[Jar]) -> tuple[str, str]:
    """(Neo4j version, GDS version) named by the lock."""
    neo4j = next(j for j in jars if j.coordinate.startswith("org.neo4j:neo4j:"))
    gds = next(j for j in jars if j.coordinate.startswith("org.neo4j.gds:proc:"))
    return neo4j.coordinate.split(":")[2], gds.coordinate.split(":")[2]


def sha256(path: Path) -> str:
    """The file's SHA-256, hex (what ``jars.lock`` records; tools/lock_server_jars.py too)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(jar: Jar, dest: Path, base: str, arrived: Callable[[int], None] | None = None) -> None:
    part = dest.with_suffix(".part")
    try:
        with urllib.request.urlopen(jar.url(base), timeout=60) as response, part.open("wb") as out:
            while chunk := response.read(1 << 18):
                out.write(chunk)
                if arrived is not None:
                    arrived(len(chunk))
    except (urllib.error.URLError, OSError) as exc:
        part.unlink(missing_ok=True)
        raise ServerError(
            f"could not download {jar.coordinate} from {base}: {exc}; check the network "
            "(or set CLOUT_MAVEN_URL to a Maven mirror) and run `clout server start` again"
        ) from exc
    actual = sha256(part)
    if actual != jar.sha256:
        part.unlink()
        raise ServerError(
            f"checksum mismatch for {jar.coordinate}: expected {jar.sha256}, got {actual}; "
            "the download was corrupted or tampered with, run `clout server start` again"
        )
    os.replace(part, dest)


def dist_folder(cache: Path) -> Path:
    """Where the locked jars go in ``cache``."""
    return cache / f"server-{lock_digest(read_lock())}"


def is_complete(cache: Path) -> bool:
    """Whether the jars are all in ``cache`` (else the next start downloads them)."""
    return (dist_folder(cache) / ".complete").exists()


def download_size() -> int:
    """The bytes a first start downloads."""
    return sum(j.size for j in read_lock())


def provision(cache: Path, progress: Progress | None = None) -> Path:
    """Return a folder holding ``lib/`` and ``plugins/`` with every locked jar, verified.

    Jars already present and matching their checksum are not downloaded again.
    """
    return _provision(read_lock(), dist_folder(cache), progress)


def provision_browser(cache: Path, progress: Progress | None = None) -> Path:
    """A folder whose ``lib/`` holds the Neo4j Browser jar (``browser.lock``), verified."""
    jars = read_lock("browser.lock")
    return _provision(jars, cache / f"browser-{lock_digest(jars)}", progress)


def _provision(jars: list[Jar], dist: Path, progress: Progress | None) -> Path:
    marker = dist / ".complete"
    if marker.exists():
        return dist
    for folder in {j.folder for j in jars}:
        (dist / folder).mkdir(parents=True, exist_ok=True)
    base = os.environ.get("CLOUT_MAVEN_URL", MAVEN_CENTRAL).rstrip("/")
    total = sum(j.size for j in jars)
    done = [0]
    lock = threading.Lock()

    def arrived(n: int) -> None:
        with lock:
            before = min(done[0], total)
            done[0] += n
            if progress:
                progress("downloading", min(done[0], total) - before, total)

    def one(jar: Jar) -> None:
        dest = dist / jar.folder / jar.file_name
        if dest.exists() and dest.stat().st_size == jar.size and sha256(dest) == jar.sha256:
            arrived(jar.size)
            return
        _fetch(jar, dest, base, arrived)

    log.info("provisioning %d jars into %s", len(jars), dist)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, jars))
    marker.write_text("ok\n")
    return dist
