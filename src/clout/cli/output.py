"""Rows on stdout for people and for scripts (the sqlite-utils and gh conventions).

A command hands over its rows (JSON-ready dicts) and the columns to show; the user picks the
format: a table (the default), ``--csv``, ``--tsv``, ``--json`` (one array, or the command's
document) or ``--nl`` (one JSON object per line); :func:`options` gives a command these
options and ``-q``, declared once here. A table on a terminal fits the terminal and
folds long values (never cuts them); anywhere else (a pipe, a file) it is plain text in aligned
columns that never truncates or wraps. Tables and CSV/TSV round nothing away that JSON keeps:
JSON and JSON lines carry the full values, tables show them rounded for reading.

Table text goes through :func:`clout.text.printable` (no escape sequences from names in the
graph), CSV and TSV cells through :func:`clout.text.spreadsheet_safe` (no formulas).
"""

from __future__ import annotations

import csv
import functools
import inspect
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

import typer

from clout.cli._common import Quiet, out, quiet_mode
from clout.errors import InputError
from clout.text import printable, spreadsheet_safe

Csv = Annotated[bool, typer.Option("--csv", help="Output CSV (a header, then one row each).")]
Tsv = Annotated[bool, typer.Option("--tsv", help="Output tab-separated values.")]
Json = Annotated[bool, typer.Option("--json", help="Output JSON (full precision).")]
Nl = Annotated[bool, typer.Option("--nl", help="Output JSON lines (one object per line).")]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    nl = "nl"


__all__ = [
    "Column",
    "Csv",
    "Format",
    "Json",
    "Nl",
    "Output",
    "Quiet",
    "Tsv",
    "choose",
    "emit",
    "options",
]


def choose(csv_: bool = False, tsv: bool = False, json_: bool = False, nl: bool = False) -> Format:
    """The one format the flags ask for (a table when none); two at once is an error."""
    given = [
        f
        for f, on in ((Format.csv, csv_), (Format.tsv, tsv), (Format.json, json_), (Format.nl, nl))
        if on
    ]
    if len(given) > 1:
        raise InputError(f"give one of --{given[0]} and --{given[1]}, not both")
    return given[0] if given else Format.table


@dataclass(frozen=True)
class Output:
    """What the user asked of a command's output: its ``format``, and whether stderr is kept to
    errors (``quiet``: the command's ``-q`` or ``clout -q``)."""

    format: Format = Format.table
    quiet: bool = False

    def emit(
        self,
        rows: Sequence[dict[str, Any]],
        columns: Sequence[Column],
        *,
        table_columns: Sequence[Column] | None = None,
        document: Any = None,
    ) -> None:
        """:func:`emit` in the chosen format."""
        emit(self.format, rows, columns, table_columns=table_columns, document=document)


P = ParamSpec("P")
R = TypeVar("R")
# The options every command with rows takes, last in its --help, in this order.
OPTIONS = {"csv_": Csv, "tsv": Tsv, "json_": Json, "nl": Nl, "quiet": Quiet}


def options(command: Callable[Concatenate[Output, P], R]) -> Callable[P, R]:
    """``command`` with the output options (``--csv``, ``--tsv``, ``--json``, ``--nl``, ``-q``)
    added after its own; it gets the user's choice as an :class:`Output`, its first argument.

    Typer reads a command's parameters from ``inspect.signature``, so the options are declared
    here once, in the signature of the command Typer sees, instead of in every command's."""
    signature = inspect.signature(command, eval_str=True)
    own = list(signature.parameters.values())[1:]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=kind)
        for name, kind in OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_output(*args: P.args, **kwargs: P.kwargs) -> R:
        csv_, tsv, json_, nl, quiet = (bool(kwargs.pop(name, False)) for name in OPTIONS)
        return command(Output(choose(csv_, tsv, json_, nl), quiet_mode(quiet)), *args, **kwargs)

    parameters = [*own, *added]
    with_output.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_output.__annotations__ = {p.name: p.annotation for p in parameters} | {
        "return": signature.return_annotation
    }
    return with_output


@dataclass(frozen=True)
class Column:
    """A column of the tabular formats: ``key`` names it in CSV/TSV, ``title`` in the table's
    header; ``get`` takes its value from a row (default: ``row[key]``); ``show`` turns a value
    into the table's (rounded) text; numbers are right-aligned."""

    key: str
    title: str | None = None
    show: Callable[[Any], str] | None = None
    right: bool = False
    get: Callable[[dict[str, Any]], Any] | None = None

    def value(self, row: dict[str, Any]) -> Any:
        return self.get(row) if self.get is not None else row.get(self.key)

    def text(self, row: dict[str, Any]) -> str:
        value = self.value(row)
        return printable(self.show(value) if self.show is not None else plain(value))


def spread(rows: Sequence[dict[str, Any]], key: str, prefix: str) -> list[Column]:
    """CSV/TSV columns for a map in each row (``networks``: ``score_<network>`` columns), one
    per key any row has, sorted."""
    names = sorted({str(name) for row in rows for name in (row.get(key) or {})})
    return [Column(f"{prefix}{name.lower()}", get=_entry(key, name)) for name in names]


def _entry(key: str, name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: (row.get(key) or {}).get(name)


def plain(value: Any) -> str:
    """A value as table text: floats rounded to four significant digits, lists of plain values
    joined with ``, ``, maps (and lists of them) as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict) or (
        isinstance(value, list | tuple) and any(isinstance(v, dict | list) for v in value)
    ):
        return json.dumps(value, default=str, ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    return str(value)


def cell(value: Any) -> Any:
    """A value as a CSV/TSV cell: full precision, lists joined with ``;``, maps as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def emit(
    fmt: Format,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    table_columns: Sequence[Column] | None = None,
    document: Any = None,
) -> None:
    """Write ``rows`` (JSON objects) to stdout in ``fmt``: ``--json`` writes ``document`` when
    given (the command's full object), else the rows; ``--nl`` the rows, one per line; CSV and
    TSV ``columns``; the table ``table_columns`` (default: ``columns``)."""
    if fmt is Format.json:
        write_json(list(rows) if document is None else document)
    elif fmt is Format.nl:
        for row in rows:
            sys.stdout.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
    elif fmt in (Format.csv, Format.tsv):
        write_delimited(rows, columns, "\t" if fmt is Format.tsv else ",")
    elif rows:
        table(rows, table_columns or columns)


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def write_delimited(
    rows: Iterable[dict[str, Any]], columns: Sequence[Column], delimiter: str
) -> None:
    writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell(c.value(row))) for c in columns])


def table(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> None:
    """A table for people: fitted to a terminal (long values folded, never cut), else plain
    aligned text that is never cut or wrapped."""
    headers = [c.title or c.key for c in columns]
    cells = [[c.text(row) for c in columns] for row in rows]
    if sys.stdout.isatty():
        from rich.table import Table
        from rich.text import Text

        shown = Table(box=None, header_style="bold")
        for column, header in zip(columns, headers, strict=True):
            shown.add_column(header, justify="right" if column.right else "left", overflow="fold")
        for line in cells:
            shown.add_row(*(Text(value) for value in line))
        out.print(shown)
        return
    sys.stdout.write(aligned(headers, cells, [c.right for c in columns]))


def aligned(headers: list[str], cells: list[list[str]], right: list[bool]) -> str:
    """Columns two spaces apart, each as wide as its widest value, no trailing spaces."""
    from rich.cells import cell_len

    widths = [max(cell_len(v) for v in column) for column in zip(headers, *cells, strict=True)]
    lines = []
    for line in [headers, *cells]:
        padded = [
            " " * (w - cell_len(v)) + v if r else v + " " * (w - cell_len(v))
            for v, w, r in zip(line, widths, right, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"
