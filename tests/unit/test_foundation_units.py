"""Unit tier for the foundation: no database."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from clout import cypher
from clout.server import java, manager, provision
from clout.settings import ConnectionSettings


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.delenv("NEO4J_USERNAME", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    s = ConnectionSettings.from_env()
    assert (s.uri, s.username, s.database, s.managed) == (
        "neo4j+s://example.databases.neo4j.io",
        "neo4j",
        "neo4j",
        False,
    )
    assert "s3cret" not in repr(s)


def test_settings_without_uri_mean_the_managed_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert ConnectionSettings.from_env().managed


def test_schema_statements_are_idempotent_ddl() -> None:
    statements = cypher.statements("schema")
    assert len(statements) >= 8
    for statement in statements:
        assert statement.startswith("CREATE ")
        assert "IF NOT EXISTS" in statement


def test_every_cypher_file_starts_with_a_purpose_comment() -> None:
    root = Path(cypher.__file__).parent
    files = sorted(root.rglob("*.cypher"))
    assert files
    for path in files:
        assert path.read_text().startswith("//"), f"{path.name} must start with a comment"


def test_lock_names_neo4j_526_and_gds_213() -> None:
    jars = provision.read_lock()
    neo4j_version, gds_version = provision.server_version(jars)
    assert neo4j_version.startswith("5.26.")
    assert gds_version.startswith("2.13.")
    assert all(len(j.sha256) == 64 and j.folder in {"lib", "plugins"} for j in jars)
    gds_modules = {j.coordinate.split(":")[1] for j in jars if j.folder == "plugins"}
    assert {
        "proc",
        "proc-sysinfo",
        "opengds-extension",
        "open-model-catalog",
        "open-write-services",
    } <= gds_modules


def test_jar_urls_follow_the_maven_layout() -> None:
    jar = provision.Jar(
        "io.netty:netty-transport-native-epoll:4.1.1:linux-x86_64", "lib", 1, "0" * 64
    )
    assert jar.url("https://repo") == (
        "https://repo/io/netty/netty-transport-native-epoll/4.1.1/"
        "netty-transport-native-epoll-4.1.1-linux-x86_64.jar"
    )


def test_corrupt_download_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "repo" / "g" / "a" / "1"
    source.mkdir(parents=True)
    (source / "a-1.jar").write_bytes(b"tampered")
    jar = provision.Jar("g:a:1", "lib", 8, hashlib.sha256(b"original").hexdigest())
    with pytest.raises(provision.ServerError, match="checksum mismatch"):
        provision._fetch(jar, tmp_path / "a-1.jar", (tmp_path / "repo").as_uri())
    assert not (tmp_path / "a-1.jar").exists()


def test_auth_ini_uses_neo4js_hash_scheme() -> None:
    line = manager._auth_ini_line("secretpw123")
    user, scheme = line.strip().rstrip(":").split(":", 1)
    algorithm, digest, salt, rounds = scheme.split(",")
    assert (user, algorithm, rounds) == ("neo4j", "SHA-256", "1024")
    expected = hashlib.sha256(bytes.fromhex(salt) + b"secretpw123").digest()
    for _ in range(1023):
        expected = hashlib.sha256(expected).digest()
    assert digest == expected.hex()


def test_private_files_are_readable_by_the_user_only(tmp_path: Path) -> None:
    path = tmp_path / "secret" / "password"
    manager._write_private(path, "pw\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_java_version_parsing(tmp_path: Path) -> None:
    fake = tmp_path / "java"
    fake.write_text("#!/bin/sh\necho 'openjdk version \"21.0.8\" 2025-07-15' >&2\n")
    fake.chmod(0o755)
    assert java.java_major(fake) == 21
    fake.write_text("#!/bin/sh\necho 'java version \"1.8.0_412\"' >&2\n")
    assert java.java_major(fake) == 8
    assert java.java_major(tmp_path / "missing") is None


def test_no_java_and_no_install_gives_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLOUT_JAVA", raising=False)
    monkeypatch.setattr(java, "_candidates", list)
    with pytest.raises(java.JavaNotFound, match="install a JDK 17 or 21"):
        java.find_java(tmp_path, install=False)


def test_memory_defaults_can_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUT_HEAP", "3g")
    monkeypatch.setenv("CLOUT_PAGECACHE", "512m")
    assert manager.default_memory() == ("3g", "512m")


def test_in_parallel_keeps_order_and_runs_calls_at_once() -> None:
    import threading
    import time

    from clout.db import in_parallel

    running, most = 0, 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02 * (5 - n))  # later items finish first
        with lock:
            running -= 1
        return n * n

    assert list(in_parallel(work, range(5), workers=2)) == [0, 1, 4, 9, 16]
    assert most == 2
    assert list(in_parallel(work, range(3), workers=1)) == [0, 1, 4]


def test_in_parallel_raises_the_first_failure_and_drops_the_rest() -> None:
    import time

    from clout.db import in_parallel

    started: list[int] = []

    def work(n: int) -> int:
        started.append(n)
        if n == 1:
            raise ValueError("batch 1 failed")
        time.sleep(0.01)
        return n

    with pytest.raises(ValueError, match="batch 1 failed"):
        list(in_parallel(work, range(50), workers=2))
    assert len(started) < 50


def test_doctor_reports_the_spark_engine() -> None:
    from clout import doctor

    check = doctor.spark()
    assert check.ok  # optional: never a problem
    assert check.detail.startswith("Spark 4.") or "not installed" in check.detail
