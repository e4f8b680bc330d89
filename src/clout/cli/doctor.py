"""``clout doctor``: versions, counts, and what is missing with the fix."""

from __future__ import annotations

from typing import Annotated

import typer

from clout.cli._common import _fail, out, print_json, settings
from clout.doctor import diagnose


def doctor(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Check Java, the server, the credentials and GDS; print versions and graph size.

    Exits non-zero with `Error: ...` and the fix when something is missing.

    Example: clout doctor
    """
    report = diagnose(settings(ctx))
    if json_:
        print_json({"ok": report.ok, **report.facts, "checks": [c.__dict__ for c in report.checks]})
    else:
        for check in report.checks:
            mark = "ok  " if check.ok else "FAIL"
            out.print(
                f"{mark} {check.name:<11} {check.detail if check.ok else ''}", highlight=False
            )
        labels = {
            "server": "server",
            "uri": "uri",
            "neo4j_version": "neo4j",
            "edition": "edition",
            "gds_version": "gds",
            "nodes": "nodes",
            "relationships": "relationships",
            "people": "people",
            "accounts": "accounts",
        }
        for key, label in labels.items():
            if key in report.facts:
                out.print(f"     {label:<13} {report.facts[key]}", highlight=False)
    problem = report.first_problem()
    if problem is not None:
        _fail(problem.detail)
