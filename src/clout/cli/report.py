"""``clout report``: a self-contained HTML page about the latest scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clout.cli._common import Quiet, err, quiet_mode, reading


def report(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for index.html.")
    ] = Path("clout-report"),
    quiet: Quiet = False,
) -> None:
    """Write a self-contained HTML page (no external assets): the score distribution, the top
    influencers and the history of the top movers. Prints the page's path.

    The page is titled by the date the scores describe; it lists each network's and the
    busiest topics' leaders, and the risers and fallers since the scores of about 30 days
    before among the people scored in both (newcomers apart).

    Example: clout report -o report && open report/index.html
    """
    from clout.analyst.report import write_report

    with reading(ctx) as db:
        path = write_report(db, output)
    typer.echo(str(path))
    if not quiet_mode(quiet):
        err.print(f"Wrote the report to {path}.", highlight=False, markup=False)
