"""Commands imported when they run, not when ``clout`` starts.

A command's module imports what the command needs (the Neo4j driver, which itself imports
pandas, numpy and pyarrow; scipy; matplotlib; the GDS client): seconds of imports that
``clout --help`` and ``clout server status`` do not need. The root group therefore knows each
command by its module, its attribute and its one-line summary (what ``clout --help`` lists),
and imports the module only when the command is looked up to run or to print its own help
(Click's "lazily loading subcommands" pattern). ``tests/unit/test_cli_startup.py`` holds the
summaries equal to the commands' own help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help

from clout.cli._common import CloutGroup


@dataclass(frozen=True)
class Lazy:
    """A command (a function) or a command group (a ``typer.Typer``) in ``module.attribute``;
    ``summary`` is the first paragraph of its help, as one line."""

    module: str
    attribute: str
    summary: str

    def load(self, name: str) -> Command:
        """The Click command, built as ``app.command(name)`` / ``app.add_typer`` would."""
        target = getattr(importlib.import_module(self.module), self.attribute)
        holder = typer.Typer(add_completion=False, rich_markup_mode=None)
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=name)
        else:
            holder.command(name)(target)
        return typer.main.get_group(holder).commands[name]


class LazyCommands(MutableMapping[str, Command]):
    """``{name: command}`` that imports a command's module on first access to it."""

    def __init__(self, lazy: dict[str, Lazy]) -> None:
        self.lazy = lazy
        self.loaded: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self.loaded:
            if name not in self.lazy:
                raise KeyError(name)
            self.loaded[name] = self.lazy[name].load(name)
        return self.loaded[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.lazy.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.lazy
        yield from (name for name in self.loaded if name not in self.lazy)

    def __len__(self) -> int:
        return len(set(self.lazy) | set(self.loaded))

    def summary(self, name: str, limit: int) -> str:
        """The command's short help without importing it when it has not been loaded."""
        if name in self.loaded:
            return self.loaded[name].get_short_help_str(limit)
        return make_default_short_help(self.lazy[name].summary, limit)


class LazyGroup(CloutGroup):
    """A group whose commands are :class:`Lazy` until used (Typer builds the group from its
    class, so a subclass names them in ``LAZY``)."""

    LAZY: ClassVar[dict[str, Lazy]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        commands = LazyCommands(dict(self.LAZY))
        commands.update(self.commands)
        self.commands = commands

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)  # the names only: Typer's own lists loaded commands

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        commands = self.commands
        assert isinstance(commands, LazyCommands)
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, commands.summary(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
