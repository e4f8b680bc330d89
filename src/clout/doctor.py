"""``clout doctor``: what clout runs on, and what is missing with the fix."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clout import connection
from clout.db import MIN_NEO4J, too_old, too_old_message
from clout.errors import CloutError, Neo4jTooOld
from clout.server import java
from clout.server.manager import ManagedServer
from clout.settings import ConnectionSettings


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Diagnosis:
    checks: list[Check] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def first_problem(self) -> Check | None:
        return next((c for c in self.checks if not c.ok), None)


def spark() -> Check:
    """The optional Spark engine: pyspark's version and the Java it would start (never a
    problem: the engine is optional)."""
    from importlib import metadata

    try:
        version = metadata.version("pyspark")
    except metadata.PackageNotFoundError:
        return Check(
            "spark",
            True,
            "the Spark engine is not installed (optional: pip install 'clout[spark]')",
        )
    home = os.environ.get("JAVA_HOME")
    runner = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    where = f"Java at {runner}" if runner else "no Java found for it (set JAVA_HOME)"
    return Check("spark", True, f"Spark {version} for --engine spark, {where}")


def diagnose(settings: ConnectionSettings) -> Diagnosis:
    """Check Java (managed server only), the server, the credentials, GDS, and count the graph;
    report the optional Spark engine."""
    out = Diagnosis()
    out.checks.append(spark())
    if settings.managed:
        server = ManagedServer.from_env()
        out.facts["server"] = "managed"
        out.facts["clout_home"] = str(server.paths.home)
        try:
            runtime = java.find_java(server.paths.cache)
            out.checks.append(Check("java", True, f"Java {runtime.major} at {runtime.executable}"))
        except CloutError as exc:
            out.checks.append(Check("java", False, str(exc)))
            return out
    else:
        out.facts["server"] = "external"
    try:
        resolved = connection.resolve(settings)
        out.facts["uri"] = resolved.uri
        with connection.connect(resolved) as database:
            out.checks.append(
                Check("connection", True, f"connected to {resolved.uri} as {resolved.username}")
            )
            row = database.read("@doctor")[0]
    except Neo4jTooOld as exc:  # every connection checks the version; doctor names the check
        out.checks.append(Check("neo4j", False, str(exc)))
        return out
    except CloutError as exc:
        out.checks.append(Check("connection", False, str(exc)))
        return out
    out.facts.update(row)
    out.checks.append(neo4j_version(str(row["neo4j_version"]), str(resolved.uri)))
    out.checks.append(Check("gds", True, f"Graph Data Science {row['gds_version']}"))
    return out


def neo4j_version(version: str, uri: str) -> Check:
    """Whether the server's Neo4j ``version`` runs clout's Cypher (:data:`MIN_NEO4J` or newer;
    calendar versions such as 2025.01 are newer still)."""
    if re.match(r"\d+\.\d+", version) is None:
        least = ".".join(map(str, MIN_NEO4J))
        return Check(
            "neo4j", True, f"Neo4j {version} (not a version clout knows; it needs {least}+)"
        )
    if too_old(version):
        return Check("neo4j", False, too_old_message(version, uri))
    return Check("neo4j", True, f"Neo4j {version}")
