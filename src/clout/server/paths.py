"""Where the managed server keeps its state (``CLOUT_HOME``) and its jars (``CLOUT_CACHE``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class ServerPaths:
    """One managed server's state (``home``) and the jar cache it shares with others."""

    home: Path
    cache: Path

    @classmethod
    def from_env(cls) -> ServerPaths:
        home = os.environ.get("CLOUT_HOME") or platformdirs.user_data_dir("clout")
        cache = os.environ.get("CLOUT_CACHE") or platformdirs.user_cache_dir("clout")
        return cls(Path(home).expanduser().resolve(), Path(cache).expanduser().resolve())

    @property
    def server(self) -> Path:
        return self.home / "server"

    @property
    def conf_dir(self) -> Path:
        return self.server / "conf"

    @property
    def data_dir(self) -> Path:
        return self.server / "data"

    @property
    def logs_dir(self) -> Path:
        return self.server / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def state_file(self) -> Path:
        return self.server / "server.json"

    @property
    def password_file(self) -> Path:
        return self.server / "password"

    @property
    def import_dir(self) -> Path:
        return self.server / "import"
