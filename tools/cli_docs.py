"""Generate ``docs/cli.md``, the CLI reference, from the Typer app itself.

Every command's ``--help`` text, rendered at a fixed width so the file does not depend on the
terminal it is generated in, in the order ``clout --help`` lists them. The way sqlite-utils
keeps its CLI docs true, ``tests/unit/test_cli_docs.py`` fails when the file is stale.

    python -m tools.cli_docs           # rewrite docs/cli.md
    python -m tools.cli_docs --check   # exit 1 when docs/cli.md is stale
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from typer._click import Command, Context
from typer.core import TyperGroup

from clout.cli import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 100
HEADER = """# CLI reference

Every command's `--help`, generated from the Typer app by `python -m tools.cli_docs` (do not edit
by hand: `tests/unit/test_cli_docs.py` fails when this file is stale). The connection options of
`clout` itself (`--uri`, `--username`, `--password`, `--database`, `-v`, `-q`) go before the
command; each command's `-q` works the same.
"""


def commands() -> Iterator[tuple[str, Context]]:
    """``(name, context)`` of ``clout`` and every command under it, depth first."""
    root = typer.main.get_command(app)
    ctx = root.make_context("clout", [], resilient_parsing=True, terminal_width=WIDTH)
    yield "clout", ctx
    yield from _below(root, ctx, "clout")


def _below(group: Command, parent: Context, path: str) -> Iterator[tuple[str, Context]]:
    if not isinstance(group, TyperGroup):
        return
    for name in group.list_commands(parent):
        command = group.get_command(parent, name)
        if command is None or command.hidden:
            continue
        ctx = command.make_context(name, [], parent=parent, resilient_parsing=True)
        yield f"{path} {name}", ctx
        yield from _below(command, ctx, f"{path} {name}")


def render() -> str:
    """The text of ``docs/cli.md``."""
    found = list(commands())
    toc = "\n".join(f"- [`{name}`](#{name.replace(' ', '-')})" for name, _ in found)
    sections = [
        f"## {name}\n\n```text\n{ctx.command.get_help(ctx).rstrip()}\n```" for name, ctx in found
    ]
    return "\n\n".join([HEADER.rstrip(), toc, *sections]) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run `python -m tools.cli_docs`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
