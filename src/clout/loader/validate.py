"""Check one raw input row and turn it into an :class:`Interaction` (or say what is wrong)."""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from typing import Any

from clout.config import NETWORK_NAME, Kinds
from clout.errors import InputError
from clout.loader.model import DEFAULT_NETWORK, Interaction, LoadOptions, RawRow

MAX_MS = 253_402_300_799_000  # 9999-12-31T23:59:59Z


class BadField(ValueError):
    """One field of a row is unusable; ``field`` names it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def parse_time(value: Any, field: str = "timestamp") -> int:
    """ISO-8601 (naive = UTC) or Unix seconds, as UTC milliseconds since the epoch."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadField(field, "missing")
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return _seconds(float(value), field, value)
    else:
        text = str(value).strip()
        try:
            return _seconds(float(text), field, text)
        except ValueError:
            pass
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise BadField(
                field, f"{text!r} is neither ISO-8601 (2024-03-01T12:00:00Z) nor Unix seconds"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _seconds(seconds: float, field: str, shown: Any) -> int:
    ms = seconds * 1000
    if not math.isfinite(ms) or not 0 <= ms <= MAX_MS:
        raise BadField(field, f"{shown!r} is not a Unix time in seconds between 1970 and 9999")
    return round(ms)


def parse_count(value: Any) -> int:
    """A positive whole number; empty means 1."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadField("count", f"{value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0 or number != int(number):
        raise BadField("count", f"{value!r} must be a positive whole number")
    return int(number)


def parse_topics(value: Any) -> list[str]:
    """``;``-separated labels (or a list), trimmed, empty ones dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [t for t in (str(i).strip() for i in items) if t]


def parse_type_map(entries: list[str]) -> dict[str, str]:
    """``--type-map VALUE=TYPE`` entries as a dict (TYPE is checked by :func:`resolve_type_map`)."""
    mapping: dict[str, str] = {}
    for entry in entries:
        value, sep, kind = (part.strip() for part in entry.partition("="))
        if not (sep and value and kind):
            raise InputError(f"--type-map {entry!r} is not VALUE=TYPE (e.g. --type-map 1=retweet)")
        if mapping.get(value, kind) != kind:
            raise InputError(f"--type-map maps {value!r} to both {mapping[value]!r} and {kind!r}")
        mapping[value] = kind
    return mapping


def resolve_type_map(type_map: dict[str, str], kinds: Kinds) -> dict[str, str]:
    """Raw type value -> interaction kind; :class:`InputError` for a TYPE that is no kind."""
    resolved: dict[str, str] = {}
    for value, given in type_map.items():
        kind = kinds.resolve(given)
        if kind is None:
            raise InputError(
                f"--type-map {value}={given}: {given!r} is not an interaction type; use one of "
                f"{', '.join(kinds.allowed)} or an alias from the configuration"
            )
        resolved[value.strip()] = kind
    return resolved


def _text(value: Any, field: str) -> str:
    if value is None:
        raise BadField(field, "missing")
    text = str(value).strip()
    if not text:
        raise BadField(field, "missing")
    return text


class Normaliser:
    """Turns raw rows into interactions for one file and one set of options."""

    def __init__(self, options: LoadOptions, kinds: Kinds) -> None:
        self.kinds = kinds
        self.network = options.network or DEFAULT_NETWORK
        self.fixed_kind = kinds.resolve(options.kind) if options.kind else None
        if options.kind and self.fixed_kind is None:
            raise InputError(
                f"--type {options.kind!r} is not an interaction type; use one of "
                f"{', '.join(kinds.allowed)} or an alias from the configuration"
            )
        self.type_map = resolve_type_map(options.type_map, kinds)
        try:
            self.fixed_time = parse_time(options.time, "--time") if options.time else None
        except BadField as exc:
            raise InputError(f"--time: {exc.reason}") from None
        self._ordinals: dict[bytes, int] = {}

    def kind(self, value: Any) -> str:
        if self.fixed_kind is not None and value is None:
            return self.fixed_kind
        raw = _text(value, "type")
        kind = self.type_map.get(raw) or self.kinds.resolve(raw)
        if kind is None:
            raise BadField(
                "type", f"unknown interaction type {raw!r} (known: {', '.join(self.kinds.allowed)})"
            )
        return kind

    def __call__(self, row: RawRow) -> Interaction:
        actor = _text(row.actor, "actor")
        target = _text(row.target, "target")
        kind = self.kind(row.type)
        if row.timestamp is not None:
            at_ms = parse_time(row.timestamp)
        elif self.fixed_time is not None:
            at_ms = self.fixed_time
        else:
            raise BadField("timestamp", "missing (for a file without times give --time DATE)")
        network = str(row.network).strip() if row.network not in (None, "") else self.network
        if not NETWORK_NAME.match(network):
            raise BadField("network", f"{network!r} must match {NETWORK_NAME.pattern}")
        count = parse_count(row.count)
        topics = parse_topics(row.topics)
        given = str(row.event_id).strip() if row.event_id is not None else ""
        event = (
            f"{network}:{given}" if given else self._content_id(actor, target, kind, at_ms, network)
        )
        return Interaction(actor, target, kind, at_ms, network, event, count, topics)

    def _content_id(self, actor: str, target: str, kind: str, at_ms: int, network: str) -> str:
        """A hash of the content plus the row's ordinal among identical rows of this file."""
        key = "\x1f".join((actor, target, kind, str(at_ms), network)).encode()
        digest = hashlib.blake2b(key, digest_size=12).digest()
        ordinal = self._ordinals.get(digest, 0)
        self._ordinals[digest] = ordinal + 1
        if ordinal:
            digest = hashlib.blake2b(digest + str(ordinal).encode(), digest_size=12).digest()
        return f"{network}:h{digest.hex()}"
