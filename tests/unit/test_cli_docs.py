"""``docs/cli.md`` is the CLI's own ``--help``: regenerate it with ``python -m tools.cli_docs``."""

from __future__ import annotations

from tools import cli_docs


def test_the_cli_reference_is_up_to_date() -> None:
    written = cli_docs.DOC.read_text(encoding="utf-8")
    assert written == cli_docs.render(), (
        "docs/cli.md is stale: run `python -m tools.cli_docs` and commit the result"
    )


def test_the_reference_covers_every_command() -> None:
    listed = [name for name, _ in cli_docs.commands()]
    assert listed[:3] == ["clout", "clout doctor", "clout demo"]
    assert {"clout top", "clout show", "clout runs", "clout query run"} <= set(listed)
    text = cli_docs.render()
    assert "```text\nUsage: clout top [OPTIONS]\n" in text
    assert all(len(line) <= cli_docs.WIDTH for line in text.splitlines())
