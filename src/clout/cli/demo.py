"""``clout demo``: the main job on built-in demo data."""

from __future__ import annotations

import typer

from clout.cli.doctor import doctor


def demo(ctx: typer.Context) -> None:
    """Start the managed server (if needed) and check it end to end.

    Example: clout demo
    """
    ctx.invoke(doctor, ctx=ctx, json_=False)
