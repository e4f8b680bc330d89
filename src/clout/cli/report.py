"""``clout report``: a self-contained HTML page about the latest scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clout.analyst.report import write_report
from clout.cli._common import err, settings
from clout.db import connect


def report(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for index.html.")
    ] = Path("clout-report"),
) -> None:
    """Write a self-contained HTML page (no external assets): the score distribution, the top
    influencers and the history of the top movers. Prints the page's path.

    Example: clout report -o report && open report/index.html
    """
    with connect(settings(ctx)) as db:
        path = write_report(db, output)
    typer.echo(str(path))
    err.print(f"Wrote the report to {path}.", highlight=False, markup=False)
