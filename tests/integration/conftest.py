"""The integration tier: a real Neo4j + GDS, chosen in this order:

1. ``NEO4J_TEST_URI`` (with ``NEO4J_TEST_USERNAME``, ``_PASSWORD``, ``_DATABASE``);
2. testcontainers' ``neo4j:5.26-community`` with the GDS plugin, when a Docker engine answers;
3. clout's managed server in a throw-away ``CLOUT_HOME`` (jars come from the shared cache).

Every test gets an empty database. With ``CI=true`` the tier must run: failing to get a server
fails the run instead of skipping it.
"""

from __future__ import annotations

import gc
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from clout import db as dbmod
from clout import gds as gdsmod
from clout.connection import connect
from clout.settings import ConnectionSettings

log = logging.getLogger(__name__)
# The throw-away CLOUT_HOME of the session's managed server, when that is the server in use.
MANAGED_HOMES: list[Path] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)


def _docker_answers() -> bool:
    # docker-py leaks its socket when no engine answers; keep that warning out of the run.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            import docker  # type: ignore[import-untyped]

            client = docker.from_env(timeout=3)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:
            return False
        finally:
            gc.collect()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the integration tier has no server: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionSettings]:
    """Connection settings for a real Neo4j + GDS for the whole session."""
    if uri := os.environ.get("NEO4J_TEST_URI"):
        yield ConnectionSettings(
            uri=uri,
            username=os.environ.get("NEO4J_TEST_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_TEST_PASSWORD"),
            database=os.environ.get("NEO4J_TEST_DATABASE", "neo4j"),
        )
        return
    if _docker_answers():
        yield from _container_settings()
        return
    yield from _managed_settings(tmp_path_factory.mktemp("clout-home"))


def _container_settings() -> Iterator[ConnectionSettings]:
    from testcontainers.neo4j import Neo4jContainer

    password = "clout-test-password"
    container = (
        Neo4jContainer("neo4j:5.26-community", password=password)
        .with_env("NEO4J_PLUGINS", '["graph-data-science"]')
        .with_env("NEO4J_dbms_security_procedures_unrestricted", "gds.*")
    )
    with container:
        yield ConnectionSettings(uri=container.get_connection_url(), password=password)


def _managed_settings(home: Path) -> Iterator[ConnectionSettings]:
    from clout.errors import CloutError
    from clout.server.manager import ManagedServer
    from clout.server.paths import ServerPaths

    server = ManagedServer(ServerPaths(home=home, cache=ServerPaths.from_env().cache))
    MANAGED_HOMES.append(home)
    os.environ.setdefault("CLOUT_HEAP", "2g")
    os.environ.setdefault("CLOUT_PAGECACHE", "1g")
    try:
        state = server.ensure_running()
    except CloutError as exc:
        print(server.tail(60))
        _unavailable(f"the managed server did not start: {exc}")
        return
    try:
        yield ConnectionSettings(uri=state.uri, password=server.password())
    finally:
        server.stop()


@pytest.fixture(scope="session")
def managed_homes(neo4j_settings: ConnectionSettings) -> list[Path]:
    """The CLOUT_HOME of the session's managed server (empty when another server is in use)."""
    return MANAGED_HOMES


@pytest.fixture(scope="session")
def database_session(neo4j_settings: ConnectionSettings) -> Iterator[dbmod.Database]:
    with connect(neo4j_settings, schema=True) as database:
        yield database


def wipe(database: dbmod.Database) -> None:
    """Empty the database: every projection, node and relationship (the schema stays)."""
    gdsmod.drop_all_graphs(gdsmod.client(database))
    with database.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def database(database_session: dbmod.Database) -> dbmod.Database:
    """The session's database, emptied before the test."""
    wipe(database_session)
    return database_session
