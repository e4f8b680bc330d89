"""``clout generate``: write a synthetic social world (interactions, accounts, truth)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clout.cli._common import out, print_json, quiet_mode
from clout.cli.bars import phase_bars
from clout.loader.generator import WorldSpec, generate


def generate_command(
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Folder to write into.")],
    people: Annotated[int, typer.Option(help="Number of people.")] = 10_000,
    interactions: Annotated[int, typer.Option(help="Number of interactions.")] = 100_000,
    networks: Annotated[int, typer.Option(help="Number of networks (1-8).")] = 2,
    days: Annotated[int, typer.Option(help="Days covered, from 2024-01-01.")] = 90,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same bytes.")] = 1,
    farm_size: Annotated[int, typer.Option(help="Accounts of a planted like-farm (0: none).")] = 0,
    json_: Annotated[bool, typer.Option("--json", help="Print world.json to stdout.")] = False,
) -> None:
    """Generate interactions.csv, accounts.csv and world.json in OUT.

    Example: clout generate --people 100000 --interactions 1000000 --networks 3 -o world/
    """
    spec = WorldSpec(
        people=people,
        interactions=interactions,
        networks=networks,
        days=days,
        seed=seed,
        farm_size=farm_size,
    )
    with phase_bars(quiet_mode()) as progress:
        truth = generate(spec, out_dir, progress)
    if json_:
        print_json(truth)
    else:
        out.print(
            f"{out_dir}: {interactions:,} interactions among {people:,} people on "
            f"{networks} network(s); truth in world.json",
            markup=False,
            highlight=False,
        )
