"""What every command shares: the stderr console, connection settings and error handling."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from clout.errors import CloutError, InputError
from clout.settings import ConnectionSettings

if TYPE_CHECKING:
    from clout.db import Database


class _Stdout(Console):
    """The data console: a reader that went away is not an error (rich's own default exits 1)."""

    def on_broken_pipe(self) -> None:
        _pipe_closed()


# Diagnostics and progress go to stderr; stdout carries only data.
err = Console(stderr=True, soft_wrap=True)
out = _Stdout(soft_wrap=True)


class CloutGroup(TyperGroup):
    """Turns clout's and the driver's errors into one ``Error: …`` line and a non-zero exit."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CloutError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            _pipe_closed()
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except OSError as exc:  # a full disk, a file we may not read: the fix is the user's
            _fail(os_error(exc))
        except Exception as exc:
            message = driver_error(exc)
            if message is None:
                raise
            _fail(message)


def driver_error(exc: BaseException) -> str | None:
    """The ``Error:`` text for a Neo4j driver error (None for anything else).

    The driver is not imported here: importing it costs as much as pandas (which it imports),
    and an exception can only be the driver's when the driver was imported.
    """
    errors = sys.modules.get("neo4j.exceptions")
    if errors is None:
        return None
    if isinstance(exc, errors.AuthError):
        return "the database refused the username or password; set NEO4J_USERNAME / NEO4J_PASSWORD"
    if isinstance(exc, errors.ServiceUnavailable):
        return f"the database does not answer ({exc}); check NEO4J_URI or run `clout server start`"
    if isinstance(exc, errors.Neo4jError):
        return f"the database reported {exc.code}: {exc.message}"
    return None


def _pipe_closed() -> None:
    """The reader of stdout went away (``clout export | head``): not an error."""
    _stdout_to_devnull()
    raise typer.Exit(0)


def _stdout_to_devnull() -> None:
    """Later writes, and the interpreter's final flush, go to /dev/null instead of raising
    ``BrokenPipeError`` again."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def os_error(exc: OSError) -> str:
    """``No space left on device: out.csv``: what the system said, and about what."""
    what = exc.filename if exc.filename is not None else "stdout"
    return f"{exc.strerror or exc}: {what}"


def flush_stdout() -> None:
    """Flush what is still buffered for stdout; a reader that went away is not an error, a
    write that failed otherwise (a full disk) is one ``Error:`` line and exit status 1."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()
    except OSError as exc:
        err.print(f"Error: {os_error(exc)}", markup=False, highlight=False)
        _stdout_to_devnull()
        raise SystemExit(1) from None
    except ValueError:  # stdout was closed
        pass


def _fail(message: str, code: int = 1) -> None:
    from clout.text import printable  # names from the graph may be in the message

    first, *rest = message.splitlines() or [""]
    err.print(f"Error: {printable(first)}", markup=False, highlight=False, soft_wrap=True)
    for line in rest:
        err.print(printable(line), markup=False, highlight=False, soft_wrap=True)
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


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Database]:
    """The database, for a command that reads scores: once the live run's scores are all on
    its people (a large run copies them after it went live; see ``clout.scoring.store``)."""
    from clout import record
    from clout.connection import connect
    from clout.scoring import store

    with connect(settings(ctx)) as db:
        record.check(db)
        store.wait_published(db, lambda message: err.print(message, markup=False, highlight=False))
        yield db


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _quiet_logging(value: bool) -> bool:
    if value:
        configure_logging(False, True)
    return value


Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", callback=_quiet_logging, help="Only errors on stderr (as `clout -q`)."
    ),
]


# Set once per command, at its edge, by configure_logging (``clout -q``, a command's ``-q``).
_QUIET = [False]


def quiet_mode(flag: bool = False) -> bool:
    """Whether only errors go to stderr: ``clout -q COMMAND`` or ``clout COMMAND -q`` (``flag``:
    the command's own ``-q``). The one test of quiet mode: bars, notes and start-up messages."""
    return flag or _QUIET[0]


def configure_logging(verbose: bool, quiet: bool) -> None:
    _QUIET[0] = quiet
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("clout")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # The driver logs every retry and routing hiccup; clout reports failures itself.
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
