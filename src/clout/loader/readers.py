"""Readers: every supported file format as a stream of :class:`RawRow` with line numbers.

- ``csv`` / ``jsonl`` / ``parquet``: the canonical interactions file, columns mapped by
  :class:`Columns`;
- ``snap``: whitespace-separated ``src dst unix_ts [TYPE]`` lines (``#`` comments), as SNAP
  edge lists and temporal activity lists (RT/RE/MT) come;
- ``konect``: KONECT ``out.*`` files, whitespace-separated ``FROM TO [WEIGHT [TIMESTAMP]]``
  (``%`` comments), WEIGHT read as the count;
- ``gml``: a NetworkX GML graph (node ``label`` = handle, edge ``weight`` = count);
- ``stackexchange``: a Stack Exchange dump's ``Posts.xml`` (with ``Comments.xml`` beside it).

Text is decoded strictly as UTF-8, line by line, so a wrong encoding is reported with its line.
Lines end at LF, CRLF or (old Mac files) CR alone. A quoted CSV field keeps its line breaks.
A file that cannot be read to its end (a truncated or fake ``.gz``) is an :class:`InputError`.
"""

from __future__ import annotations

import csv
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from clout.errors import InputError
from clout.loader.model import FORMATS, SUFFIX_FORMATS, Columns, LoadOptions, RawRow, RowError

FIELD_LIMIT = 1 << 24  # 16 MiB: a longer CSV field is a row error
csv.field_size_limit(FIELD_LIMIT)
_PEEK = 1 << 16


def detect_format(path: Path, given: str | None) -> str:
    """The format named by ``--format``, else by the file suffix (``.gz`` looked through);
    KONECT's ``out.NAME`` when NAME is no known suffix."""
    if given:
        if given not in FORMATS:
            raise InputError(f"--format {given!r} is unknown; use one of {', '.join(FORMATS)}")
        return given
    fmt = SUFFIX_FORMATS.get(_suffix(path))
    if fmt is None and path.name.startswith("out."):
        fmt = "konect"
    if fmt is None:
        raise InputError(f"cannot tell the format of {path} from its name; give --format")
    return fmt


def _suffix(path: Path) -> str:
    """The last suffix that is not ``.gz``, lower-cased (``""`` when there is none)."""
    suffixes = [s for s in path.suffixes if s != ".gz"]
    return suffixes[-1].lower() if suffixes else ""


def open_input(path: Path) -> IO[bytes]:
    """``path`` opened for reading bytes, through gzip when it ends in ``.gz``."""
    try:
        if path.suffix == ".gz":
            return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_failure(path: Path, exc: BaseException, line: int | None = None) -> InputError:
    """The one-line error for a file that cannot be read to its end."""
    where = f"{path}:{line}" if line else str(path)
    if isinstance(exc, EOFError):
        reason = "the compressed data ends early (a truncated .gz file); copy the file again"
    elif isinstance(exc, gzip.BadGzipFile | zlib.error):
        reason = f"not a readable .gz file ({exc}); check the file, or drop the .gz suffix"
    elif isinstance(exc, OSError):
        reason = f"cannot be read ({exc.strerror or exc})"
    else:
        reason = str(exc)
    return InputError(f"{where}: {reason}")


def raw_lines(path: Path, fh: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``fh`` with their endings; a file whose lines end in CR alone is split there
    (each such line then ends in ``\\n``). Read failures become :class:`InputError`."""
    number = 0
    try:
        head = fh.peek(_PEEK)[:_PEEK] if hasattr(fh, "peek") else b""
        if b"\r" in head and b"\n" not in head:
            lines: Iterator[bytes] = _cr_lines(fh)
        else:
            lines = iter(fh)
        for number, line in enumerate(lines, 1):  # noqa: B007 (number is read on failure)
            yield line
    except (EOFError, OSError, zlib.error) as exc:
        raise read_failure(path, exc, number + 1 if number else None) from exc


def _cr_lines(fh: IO[bytes]) -> Iterator[bytes]:
    rest = b""
    while chunk := fh.read(1 << 20):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\n"
    if rest:
        yield rest


def text_lines(
    path: Path, fh: IO[bytes], *, keep_ends: bool = False
) -> Iterator[tuple[int, str | RowError]]:
    """(line number, text) for every line, decoded strictly as UTF-8; a :class:`RowError` in
    place of the text when the line is not UTF-8. ``keep_ends`` keeps the line's ending."""
    for number, raw in enumerate(raw_lines(path, fh), 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"not valid UTF-8 (byte {exc.start + 1} of the line); save the file as UTF-8"
            shown = raw.decode("utf-8", "backslashreplace").rstrip("\r\n")
            yield number, RowError(str(path), number, "encoding", reason, shown)
            continue
        yield number, text if keep_ends else text.rstrip("\r\n")


def read_rows(path: Path, options: LoadOptions) -> Iterator[RawRow | RowError]:
    """Every row of ``path`` as a :class:`RawRow` (format from options or suffix)."""
    fmt = detect_format(path, options.format)
    columns = options.columns
    if fmt == "csv":
        return _csv_rows(path, columns, "\t" if _suffix(path) == ".tsv" else ",")
    if fmt == "jsonl":
        return _jsonl_rows(path, columns)
    if fmt == "parquet":
        from clout.loader.parquet import parquet_rows

        return parquet_rows(path, columns)
    if fmt in EDGE_LISTS:
        return _edge_rows(path, fmt)
    if fmt == "stackexchange":
        from clout.loader.stackexchange import stackexchange_rows

        return stackexchange_rows(path)
    from clout.loader.gml import gml_rows  # the GML adapter has its own module

    return gml_rows(path)


def inputs_of(path: Path, options: LoadOptions) -> list[Path]:
    """Every file a load of ``path`` reads (a Stack Exchange dump also reads Comments.xml)."""
    files = [path]
    if detect_format(path, options.format) == "stackexchange":
        files.append(path.with_name("Comments.xml"))
    return files


def _field_index(header: list[str], name: str | None, path: Path, required: bool) -> int | None:
    if name is None:
        return None
    if name in header:
        return header.index(name)
    if required:
        raise InputError(
            f"{path}: no column {name!r} (columns: {', '.join(header)}); "
            "map it with --actor-col / --target-col / --type-col / --time-col"
        )
    return None


def indices(header: list[str], columns: Columns, path: Path) -> list[int | None]:
    """Where each canonical field is in ``header`` (None: absent); the actor and the target
    must be there."""
    wanted = [
        (columns.actor, True),
        (columns.target, True),
        (columns.type, False),
        (columns.timestamp, False),
        (columns.network, False),
        (columns.event_id, False),
        (columns.count, False),
        (columns.topics, False),
    ]
    return [_field_index(header, name, path, required) for name, required in wanted]


class _Feed:
    """The decoded lines of a CSV file for ``csv.reader``, with each record's first line number
    and text; lines that are not UTF-8 are held back as :class:`RowError`."""

    def __init__(self, path: Path, fh: IO[bytes]) -> None:
        self.lines = text_lines(path, fh, keep_ends=True)
        self.pending: list[RowError] = []
        self.record: list[str] = []
        self.start = 0

    def __iter__(self) -> Iterator[str]:
        for number, text in self.lines:
            if isinstance(text, RowError):
                self.pending.append(text)
                continue
            if not self.record:
                self.start = number
            self.record.append(text)
            yield text

    def take(self) -> tuple[int, str]:
        """The first line number and the text of the record just read."""
        record = self.record
        text = record[0] if len(record) == 1 else "".join(record)
        self.record = []
        return self.start, text


def _header(path: Path, feed: _Feed, reader: Iterator[list[str]]) -> list[str]:
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{path}:1: header: {exc}") from None
    if feed.pending:  # the header line itself is not UTF-8
        raise InputError(f"{path}:{feed.pending[0].line}: header: {feed.pending[0].reason}")
    if first is None:
        raise InputError(f"{path}: the file is empty; the first line must be the header")
    feed.take()
    return [h.strip().lstrip("\ufeff") for h in first]


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_LIMIT >> 20} MiB, the most clout reads"
    return f"not a CSV record ({text})"


def _csv_rows(path: Path, columns: Columns, delimiter: str) -> Iterator[RawRow | RowError]:
    with open_input(path) as fh:
        feed = _Feed(path, fh)
        reader = csv.reader(feed, delimiter=delimiter)
        idx = indices(_header(path, feed, reader), columns, path)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield from _drain(feed)
                start, text = feed.take()
                yield RowError(str(path), start, "csv", _csv_reason(exc), text[:1000])
                continue
            yield from _drain(feed)
            start, text = feed.take()
            if not record:
                continue
            size = len(record)
            values = [
                record[i] if i is not None and i < size and record[i] != "" else None for i in idx
            ]
            row = RawRow(start, *values)
            row.raw = text
            yield row
        yield from _drain(feed)


def _drain(feed: _Feed) -> Iterator[RowError]:
    if feed.pending:
        yield from feed.pending
        feed.pending.clear()


def _jsonl_rows(path: Path, columns: Columns) -> Iterator[RawRow | RowError]:
    names = columns.names()
    with open_input(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError) or not text.strip():
                if isinstance(text, RowError):
                    yield text
                continue
            try:
                record: Any = json.loads(text)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
                reason = getattr(exc, "msg", None) or str(exc) or "nested too deeply"
                yield RowError(str(path), number, "json", f"not a JSON object ({reason})", text)
                continue
            if not isinstance(record, dict):
                yield RowError(str(path), number, "json", "not a JSON object", text)
                continue
            row = RawRow(number, *(record.get(n) if n else None for n in names))
            row.raw = text
            yield row


def _split_rows(path: Path, comment: str) -> Iterator[tuple[int, list[str], str] | RowError]:
    """(line, fields, text) of each line of a whitespace-separated edge list (comments and
    blank lines skipped), or the line's encoding error."""
    with open_input(path) as fh:
        for number, text in text_lines(path, fh):
            if isinstance(text, RowError):
                yield text
                continue
            parts = text.split()
            if parts and not parts[0].startswith(comment):
                yield number, parts, text


# The whitespace-separated edge lists: the comment mark, what a line holds (``{n}``: the
# fields found), and the RawRow fields of the optional third and fourth columns.
EDGE_LISTS = {
    "snap": ("#", "expected `src dst [unix_ts [TYPE]]`", ("timestamp", "type")),
    "konect": (
        "%",
        "expected `FROM TO [WEIGHT [TIMESTAMP]]` (KONECT), found {n} fields",
        ("count", "timestamp"),
    ),
}


def _edge_rows(path: Path, fmt: str) -> Iterator[RawRow | RowError]:
    """The rows of a SNAP or KONECT edge list (``fmt``), or each line's error."""
    comment, expected, optional = EDGE_LISTS[fmt]
    for item in _split_rows(path, comment):
        if isinstance(item, RowError):
            yield item
            continue
        number, parts, text = item
        if len(parts) not in (2, 3, 4):
            yield RowError(str(path), number, "line", expected.format(n=len(parts)), text)
            continue
        given = dict(zip(optional, parts[2:], strict=False))
        kind, ts, count = (given.get(name) for name in ("type", "timestamp", "count"))
        yield RawRow(number, parts[0], parts[1], kind, ts, count=count, raw=text)
