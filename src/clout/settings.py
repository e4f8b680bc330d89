"""Connection settings: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class ConnectionSettings:
    """Where the database is. ``uri=None`` means: the managed local server (started on demand)."""

    uri: str | None = None
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"

    @classmethod
    def from_env(cls) -> ConnectionSettings:
        return cls(
            uri=os.environ.get("NEO4J_URI") or None,
            username=os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE") or "neo4j",
        )

    def with_overrides(
        self,
        uri: str | None = None,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> ConnectionSettings:
        """These settings with every given (non-None) value replaced."""
        return replace(
            self,
            uri=uri or self.uri,
            username=username or self.username,
            password=password or self.password,
            database=database or self.database,
        )

    @property
    def managed(self) -> bool:
        return self.uri is None
