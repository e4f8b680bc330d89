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
# The largest count: a float holds every whole number up to here exactly (2**53 is 9.0e15).
MAX_COUNT = 1e15
# The longest handle (with its network), event id, topic or name, in UTF-8 bytes: the server's
# index keys hold at most 8,164 bytes (measured on Neo4j 5.26), and each of these is indexed.
MAX_KEY_BYTES = 8000
_SHORT = MAX_KEY_BYTES // 4 - 40  # text this short fits whatever its characters and network


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut to about ``limit`` characters."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1:,} digits"
    return text if len(text) <= limit else f"{text[: limit - 4]}...{text[-1]}"


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
        return _seconds(_float(value), field, value)
    else:
        text = str(value).strip()
        try:
            seconds = float(text)
        except ValueError:
            pass
        else:
            return _seconds(seconds, field, text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise BadField(
                field, f"{shown(text)} is neither ISO-8601 (2024-03-01T12:00:00Z) nor Unix seconds"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return int(moment.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        raise BadField(field, f"{shown(str(value))} is out of range") from None


def _float(value: int | float) -> float:
    """``value`` as a float (inf when a whole number is too large for one)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _seconds(seconds: float, field: str, given: Any) -> int:
    ms = seconds * 1000
    if not math.isfinite(ms) or not 0 <= ms <= MAX_MS:
        raise BadField(field, f"{shown(given)} is not a Unix time in seconds between 1970 and 9999")
    return round(ms)


def parse_count(value: Any) -> int | float:
    """A positive number up to ``MAX_COUNT`` (pre-aggregated data: a count or a weight such as
    0.0021); empty means 1. Whole numbers come back as ``int``, others as ``float``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1
    if isinstance(value, bool):
        raise BadField("count", f"{shown(value)} is not a number")
    try:
        number = _float(value) if isinstance(value, int) else float(value)
    except (TypeError, ValueError):
        raise BadField("count", f"{shown(value)} is not a number") from None
    if not (math.isfinite(number) and 0 < number <= MAX_COUNT):
        raise BadField("count", f"{shown(value)} must be a positive number no larger than 1e15")
    return int(number) if number.is_integer() else number


def parse_topics(value: Any) -> list[str]:
    """``;``-separated labels (or a list), trimmed, empty ones dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [check_key(t, "topics", " (a topic)") for t in (str(i).strip() for i in items) if t]


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


def handle(value: Any, field: str) -> str:
    """An account handle as stored: trimmed, without the leading ``@`` (``@alice`` and
    ``alice`` are one account)."""
    text = _text(value, field)
    if text[0] == "@":
        text = text.lstrip("@").strip()
        if not text:
            raise BadField(field, f"{shown(value)} is no handle (only @)")
    return text


def check_key(text: str, field: str, what: str = "") -> str:
    """``text`` unless, in UTF-8, it is longer than the server can index (``MAX_KEY_BYTES``)."""
    if len(text) > MAX_KEY_BYTES // 4 and (size := len(text.encode())) > MAX_KEY_BYTES:
        raise BadField(
            field,
            f"{size:,} bytes long{what}; the most the database can index is {MAX_KEY_BYTES:,} "
            "bytes (UTF-8)",
        )
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
            known = ", ".join(self.kinds.allowed)
            raise BadField("type", f"unknown interaction type {shown(raw)} (known: {known})")
        return kind

    def __call__(self, row: RawRow) -> Interaction:
        actor = handle(row.actor, "actor")
        target = handle(row.target, "target")
        kind = self.kind(row.type)
        if row.timestamp is not None:
            at_ms = parse_time(row.timestamp)
        elif self.fixed_time is not None:
            at_ms = self.fixed_time
        else:
            raise BadField("timestamp", "missing (for a file without times give --time DATE)")
        network = str(row.network).strip() if row.network not in (None, "") else self.network
        if not NETWORK_NAME.match(network):
            raise BadField("network", f"{shown(network)} must match {NETWORK_NAME.pattern}")
        for name, value in (("actor", actor), ("target", target)):
            if len(value) > _SHORT:  # the person id of an account is "<network>:<handle>"
                check_key(f"{network}:{value}", name, " with its network")
        count = parse_count(row.count)
        topics = parse_topics(row.topics)
        given = str(row.event_id).strip() if row.event_id is not None else ""
        event = (
            check_key(f"{network}:{given}", "event_id", " with its network")
            if given
            else self._content_id(actor, target, kind, at_ms, network)
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
