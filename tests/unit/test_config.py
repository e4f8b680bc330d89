"""The configuration: one reader (``clout.config.load``), one typed object, read when asked (a
later CLOUT_CONFIG is honoured), one error format naming the file, and passed down: library
functions use the kinds they are given, never the file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from tests.support.fake_db import FakeDatabase
from typer.testing import CliRunner

from clout import config
from clout.cli import app
from clout.errors import InputError
from clout.evaluate import offline
from clout.loader import LoadOptions
from clout.scoring import store

FOLLOWS = (
    '[kinds]\nallowed = ["REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON", '
    '"FOLLOWED"]\n[aliases]\nfollow = "FOLLOWED"\n'
)


@pytest.fixture(autouse=True)
def _no_user_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOUT_CONFIG", raising=False)


def test_the_shipped_defaults_are_package_data_beside_no_module_of_their_name() -> None:
    shipped = resources.files("clout").joinpath(*config.DEFAULTS)
    assert shipped.is_file()
    assert not resources.files("clout").joinpath("defaults.py").is_file()
    loaded = config.load()
    assert loaded.user_file is None
    assert loaded.kinds.allowed == ("REPLIED_TO", "SHARED", "LIKED", "MENTIONED", "COMMENTED_ON")
    assert loaded.scoring.version
    assert loaded.scoring.kind_weights["SHARED"] == 3.0


def test_a_user_file_overrides_the_defaults_and_a_later_one_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text('[scoring]\nversion = "mine-1"\nhalf_life_days = 7.0\n')
    second.write_text('[scoring]\nversion = "mine-2"\n' + FOLLOWS)
    shipped = config.load()
    monkeypatch.setenv("CLOUT_CONFIG", str(first))
    mine = config.load()
    assert (mine.scoring.version, mine.scoring.half_life_days) == ("mine-1", 7.0)
    assert mine.scoring.window_days == shipped.scoring.window_days  # merged key by key
    assert mine.user_file == first
    monkeypatch.setenv("CLOUT_CONFIG", str(second))
    later = config.load()  # not a cached copy of the first file
    assert (later.scoring.version, later.scoring.half_life_days) == (
        "mine-2",
        shipped.scoring.half_life_days,
    )
    assert later.kinds.resolve("follow") == "FOLLOWED"
    monkeypatch.delenv("CLOUT_CONFIG")
    assert config.load() == shipped


def test_the_environment_can_be_given() -> None:
    assert config.load({}) == config.load()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "[scoring\n",
            "is not a readable TOML file (Expected ']' at the end of a table "
            "declaration (at line 1, column 9)); fix it or unset CLOUT_CONFIG",
        ),
        (
            '[kinds]\nallowed = ["LIKED", "X]->() DETACH DELETE n //"]\n',
            ": [kinds] allowed must list names matching ^[A-Z][A-Z_]{0,40}$, not "
            "['X]->() DETACH DELETE n //']; fix it or unset CLOUT_CONFIG",
        ),
        (
            '[aliases]\nfollow = "FOLLOWED"\n',
            ": [aliases] follow = 'FOLLOWED' is not an allowed kind; add it to [kinds] allowed; "
            "fix it or unset CLOUT_CONFIG",
        ),
        (
            "[scoring.kind_weights]\nLIKED = -1\n",
            ": every [scoring.kind_weights] value must be a positive number; fix it or unset "
            "CLOUT_CONFIG",
        ),
        (
            "[gaming]\nreciprocity = 0.5\n",
            ": [gaming] has no setting reciprocity; fix it or unset CLOUT_CONFIG",
        ),
        (
            '[scoring]\nalgorithm = "hits"\n',
            ": [scoring].algorithm must be one of pagerank, articlerank; fix it or unset "
            "CLOUT_CONFIG",
        ),
    ],
)
def test_a_bad_user_file_is_one_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, problem: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    monkeypatch.setenv("CLOUT_CONFIG", str(path))
    with pytest.raises(config.ConfigError) as raised:
        config.load()
    sep = " " if problem.startswith("is ") else ""
    assert str(raised.value) == f"CLOUT_CONFIG={path}{sep}{problem}"


def test_a_missing_user_file_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv("CLOUT_CONFIG", str(missing))
    with pytest.raises(config.ConfigError, match=r"^CLOUT_CONFIG=.*nope.toml is not a readable"):
        config.load()


def test_a_command_says_so_in_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[scoring\n")
    monkeypatch.setenv("CLOUT_CONFIG", str(path))
    events = tmp_path / "events.csv"
    events.write_text("actor,target,type,timestamp\na,b,like,2024-01-01\n")
    result = CliRunner().invoke(app, ["load", "interactions", str(events)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: CLOUT_CONFIG={path} is not a readable TOML file")
    assert "Traceback" not in result.output


def test_the_offline_reader_uses_the_kinds_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "follows.csv"
    path.write_text("actor,target,type,timestamp\na,b,follow,2024-01-01\nb,c,like,2024-01-02\n")
    files = [(path, LoadOptions(network="t"))]
    with pytest.raises(InputError, match="unknown interaction type 'follow'"):
        offline.Log.read(files, config.load().kinds)  # the shipped kinds: no FOLLOWED
    user = tmp_path / "follows.toml"
    user.write_text(FOLLOWS)
    kinds = config.load({"CLOUT_CONFIG": str(user)}).kinds  # CLOUT_CONFIG itself stays unset
    log = offline.Log.read(files, kinds)
    assert sorted(set(log.events.kind.tolist())) == ["FOLLOWED", "LIKED"]


def test_the_newest_interaction_asks_only_for_the_kinds_it_is_allowed(tmp_path: Path) -> None:
    user = tmp_path / "follows.toml"
    user.write_text(FOLLOWS)
    kinds = config.load({"CLOUT_CONFIG": str(user)}).kinds
    db = FakeDatabase({"@scoring/newest": []})
    assert store.newest_interaction(db, ["FOLLOWED", "LIKED", "NOT_ALLOWED"], kinds) is None
    asked = db.queries()
    assert len(asked) == 2
    assert "FOLLOWED" in asked[0]
    assert "LIKED" in asked[1]
