"""A first-time user's own small file, through the README's three commands: a dozen fans share
and reply to three stars and never engage each other. Their engagement counts (scoring-5 gave
every fan no standing, so nobody had influence and scoring refused to calibrate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from clout.cli import app
from clout.db import Database
from clout.settings import ConnectionSettings


def _env(settings: ConnectionSettings) -> dict[str, Any]:
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_PASSWORD": settings.password,
        "NEO4J_USERNAME": settings.username,
        "NEO4J_DATABASE": settings.database,
    }


def test_fans_of_three_stars_score_them_in_three_commands(
    database: Database, neo4j_settings: ConnectionSettings, tmp_path: Path
) -> None:
    rows = ["from,to,action,time"]
    for fan in range(12):
        for star, day in (("ana", 3), ("bo", 5), ("cy", 7)):
            if (fan + len(star)) % 4:  # not every fan engages every star
                rows.append(f"fan{fan},{star},retweet,2024-03-{day:02d}T10:00:00")
        rows.append(f"fan{fan},ana,reply,2024-03-{10 + fan % 5:02d}")
    path = tmp_path / "my.csv"
    path.write_text("\n".join(rows) + "\n")
    runner, env = CliRunner(), _env(neo4j_settings)
    loaded = runner.invoke(
        app,
        [
            "load",
            "interactions",
            str(path),
            "--network",
            "twitter",
            "--actor-col",
            "from",
            "--target-col",
            "to",
            "--type-col",
            "action",
            "--time-col",
            "time",
        ],
        env=env,
    )
    assert loaded.exit_code == 0, loaded.output
    scored = runner.invoke(app, ["score"], env=env)
    assert scored.exit_code == 0, scored.output
    top = runner.invoke(app, ["top", "--json"], env=env)
    assert top.exit_code == 0, top.output
    ranked = [(r["person_id"], r["score"]) for r in json.loads(top.stdout)]
    assert {p for p, _ in ranked[:3]} == {"twitter:ana", "twitter:bo", "twitter:cy"}
    assert ranked[0][0] == "twitter:ana"  # the most fans, and their replies
    assert all(score > 1 for _, score in ranked[:3])
