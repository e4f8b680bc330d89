"""Issue 21, the managed server: disk full (12), a corrupt server.json (13), a CLOUT_HOME that
cannot be used (11), and the hardening (a private home, console.log rotated)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from clout.server.manager import CONSOLE_LOG_MAX

from .conftest import Site


def _java_of(home: Path) -> list[str]:
    listing = subprocess.run(
        ["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True, check=True
    )
    return [ln for ln in listing.stdout.splitlines() if "java" in ln and f"{home}/server" in ln]


def test_13_a_corrupt_server_json_neither_hides_nor_orphans_the_server(site: Site) -> None:
    state_file = site.home / "server" / "server.json"
    assert _java_of(site.home)
    state_file.write_text('{"pid": 12')  # cut short
    status = site.clout("server", "status")
    assert status.returncode == 0, status.stderr
    assert "state: running" in status.stdout
    assert "found the managed server (pid " in status.stderr
    state_file.write_text("not json at all")
    stopped = site.clout("server", "stop")
    assert (stopped.returncode, stopped.stderr.strip().splitlines()[-1]) == (0, "stopped")
    assert _java_of(site.home) == []
    assert site.clout("server", "status").returncode == 1


def test_home_is_private_to_its_user(site: Site) -> None:
    loose = site.home / "server" / "conf" / "neo4j.conf"
    os.chmod(loose, 0o644)
    os.chmod(site.home, 0o755)
    site.clout("server", "stop")
    assert site.clout("server", "start").returncode == 0
    assert stat.S_IMODE(site.home.stat().st_mode) == 0o700
    wide = []
    for root, dirs, files in os.walk(site.home / "server"):
        for name in dirs + files:
            path = Path(root, name)
            info = path.lstat()
            if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                wide.append(f"{oct(stat.S_IMODE(info.st_mode))} {path}")
    assert wide == []


def test_console_log_is_rotated_at_start(site: Site) -> None:
    console = site.home / "server" / "logs" / "console.log"
    site.clout("server", "stop")
    with console.open("ab") as fh:
        fh.write(b"x" * (CONSOLE_LOG_MAX + 1))
    assert site.clout("server", "start").returncode == 0
    assert console.stat().st_size < CONSOLE_LOG_MAX
    assert console.with_name("console.log.1").stat().st_size > CONSOLE_LOG_MAX


def _one_line(site: Site, home: Path, *args: str) -> str:
    done = site.clout(*args, CLOUT_HOME=str(home))
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_11_a_clout_home_that_is_a_file_or_read_only_is_one_error_line(
    site: Site, tmp_path: Path
) -> None:
    file_home = tmp_path / "home-file"
    file_home.write_text("")
    for command in (["server", "start"], ["top"]):
        assert _one_line(site, file_home, *command) == (
            f"Error: CLOUT_HOME={file_home} is a file, not a folder; point CLOUT_HOME at a folder "
            "(clout creates it)"
        )
    read_only = tmp_path / "ro"
    read_only.mkdir()
    with _read_only(read_only):
        line = _one_line(site, read_only / "home", "server", "start")
    assert line.startswith(f"Error: CLOUT_HOME={read_only / 'home'} cannot be written (")
    assert line.endswith("point CLOUT_HOME at a folder you can write, or fix its permissions")


class _read_only:
    """``folder`` read-only for this user: a read-only tmpfs as root, else mode 500."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.mounted = False

    def __enter__(self) -> None:
        if os.geteuid() == 0:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(self.folder)],
                capture_output=True,
                check=False,
            )
            if done.returncode != 0:
                pytest.skip(f"cannot mount a read-only tmpfs: {done.stderr!r}")
            self.mounted = True
        else:
            os.chmod(self.folder, 0o500)

    def __exit__(self, *exc: object) -> None:
        if self.mounted:
            subprocess.run(["umount", str(self.folder)], check=False)
        else:
            os.chmod(self.folder, 0o700)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1.1 GB tmpfs (root only): the managed server's store and its preallocated logs take
    about 520 MB of it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("filling a disk needs root (a tmpfs of its own)")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1100m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr!r}")
    try:
        yield disk
    finally:
        subprocess.run(
            [sys.executable, "-m", "clout", "server", "stop"],
            check=False,
            env={**os.environ, "CLOUT_HOME": str(disk / "home")},
            capture_output=True,
        )
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_12_disk_full_is_said_at_once_and_the_load_resumes_after(
    site: Site, small_disk: Path, tmp_path: Path
) -> None:
    home = small_disk / "home"
    disk = Site(home, {**site.env, "CLOUT_HOME": str(home), "CLOUT_PAGECACHE": "256m"})
    assert disk.clout("server", "start").returncode == 0
    made = disk.clout(
        "-q",
        "generate",
        "--people",
        "30000",
        "--interactions",
        "900000",  # lean records: 300,000 fit in the 40 MB left (about 115 bytes each)
        "--seed",
        "12",
        "-o",
        str(tmp_path / "w"),
    )
    assert made.returncode == 0
    free = shutil.disk_usage(small_disk).free
    filler = small_disk / "filler"
    subprocess.run(["fallocate", "-l", str(free - (40 << 20)), str(filler)], check=True)
    path = tmp_path / "w" / "interactions.csv"
    full = disk.clout("load", "interactions", str(path), "--batch-size", "10000")
    said = (
        f"Error: disk full under CLOUT_HOME ({home}): the database stopped writing to protect "
        "its data; free space there and run `clout server start` (a load then resumes where it "
        "stopped)"
    )
    assert full.returncode == 1
    assert full.stderr.strip().splitlines()[-1] == said
    for command in (["server", "status"], ["top"], ["doctor"]):
        tick = time.monotonic()
        done = disk.clout(*command, timeout=120)
        assert done.returncode == 1
        assert said.removeprefix("Error: ") in done.stderr, command
        assert time.monotonic() - tick < 30, f"{command} waited for the server"
    filler.unlink()
    restarted = disk.clout("server", "start")
    assert restarted.returncode == 0, restarted.stderr
    resumed = disk.clout("load", "interactions", str(path), "--batch-size", "10000")
    assert resumed.returncode == 0, resumed.stderr
    assert "note: resumed after batch " in resumed.stdout
    counted = disk.read(
        "MATCH (:Account)-[r]->(:Account) RETURN count(r) AS n, count(DISTINCT r.eid) AS d"
    )
    assert counted == [{"n": 900_000, "d": 900_000}]
