"""``clout doctor``: what clout runs on, and what is missing with the fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clout import db
from clout.errors import CloutError
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


def diagnose(settings: ConnectionSettings) -> Diagnosis:
    """Check Java (managed server only), the server, the credentials, GDS, and count the graph."""
    out = Diagnosis()
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
        resolved = db.resolve(settings)
        out.facts["uri"] = resolved.uri
        with db.connect(resolved) as database:
            out.checks.append(
                Check("connection", True, f"connected to {resolved.uri} as {resolved.username}")
            )
            row = database.read("@doctor")[0]
    except CloutError as exc:
        out.checks.append(Check("connection", False, str(exc)))
        return out
    out.facts.update(row)
    out.checks.append(Check("gds", True, f"Graph Data Science {row['gds_version']}"))
    return out
