"""The errors clout raises. Each message says what happened and what to do next."""

from __future__ import annotations


class CloutError(Exception):
    """Base class: the CLI prints ``Error: <message>`` and exits non-zero."""

    exit_code = 1


class JavaNotFound(CloutError):
    """No usable Java (17 or 21) and none could be installed."""


class ServerError(CloutError):
    """The managed server could not be provisioned, started or stopped."""


class ConnectionFailed(CloutError):
    """The database did not answer, or refused our credentials."""


class Neo4jTooOld(ConnectionFailed):
    """The database answers but its Neo4j is older than clout's Cypher needs."""


class GdsMissing(CloutError):
    """The database answers but has no Graph Data Science library."""


class InputError(CloutError):
    """A file or option given by the user is not usable."""


class NoScores(CloutError):
    """The database holds no scores yet."""


class ScoringBusy(CloutError):
    """Another ``clout score`` run holds the scoring lock on this database."""


class UnknownPerson(InputError):
    """No person matches what the user typed (the message lists the closest matches)."""
