"""What every command shares: the stderr console, connection settings and error handling."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import typer
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable
from rich.console import Console
from typer.core import TyperGroup

from clout.errors import CloutError, InputError
from clout.settings import ConnectionSettings

# Diagnostics and progress go to stderr; stdout carries only data.
err = Console(stderr=True)
out = Console(soft_wrap=True)


class CloutGroup(TyperGroup):
    """Turns clout's and the driver's errors into one ``Error: …`` line and a non-zero exit."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CloutError as exc:
            _fail(str(exc), exc.exit_code)
        except AuthError:
            _fail(
                "the database refused the username or password; set NEO4J_USERNAME / NEO4J_PASSWORD"
            )
        except ServiceUnavailable as exc:
            _fail(
                f"the database does not answer ({exc}); check NEO4J_URI or run `clout server start`"
            )
        except Neo4jError as exc:
            _fail(f"the database reported {exc.code}: {exc.message}")
        except KeyboardInterrupt:
            _fail("interrupted", 130)


def _fail(message: str, code: int = 1) -> None:
    first, *rest = message.splitlines() or [""]
    err.print(f"Error: {first}", markup=False, highlight=False, soft_wrap=True)
    for line in rest:
        err.print(line, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_time(value: str | None, option: str, example: str) -> datetime | None:
    """An ISO date or time option as an aware datetime (UTC when no zone is given)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{option} {value!r} is not an ISO date or time, e.g. {example}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def settings(ctx: typer.Context) -> ConnectionSettings:
    """The connection settings the root command collected."""
    root = ctx.find_root()
    value = root.obj
    return value if isinstance(value, ConnectionSettings) else ConnectionSettings.from_env()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("clout")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # The driver logs every retry and routing hiccup; clout reports failures itself.
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
