"""Issue 21, export: an ``-o`` that is not a file one can replace (a device, a folder, a path in
a missing folder) is one ``Error:`` line, exit 1, and replaces nothing (8, 11); an export that
replaces a file keeps that file's permissions (8)."""

from __future__ import annotations

import csv
import os
import re
import stat
from pathlib import Path

from .conftest import Site

NOT_A_FILE = (
    "it is not a regular file (a folder, a device or a pipe); give a file name, or leave -o "
    "out to write to stdout"
)


def test_8_11_an_export_writes_only_a_regular_file_and_keeps_its_permissions(
    site: Site, world: Path, tmp_path: Path
) -> None:
    assert site.clout("-q", "score").returncode == 0
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "kept.txt").write_text("kept\n")
    missing = tmp_path / "missing-dir" / "x.csv"
    expected = {
        "/dev/full": f"Error: cannot write /dev/full: {NOT_A_FILE}",
        str(folder): f"Error: cannot write {folder}: {NOT_A_FILE}",
        str(missing): f"Error: cannot write {missing}: the folder {missing.parent} does not exist",
    }
    wrong = {}
    for target, line in expected.items():
        done = site.clout("export", "-o", target)
        if (done.returncode, done.stderr.splitlines()) != (1, [line]):
            wrong[target] = (done.returncode, done.stderr[-500:])
    assert wrong == {}
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert [(p.name, p.read_text()) for p in folder.iterdir()] == [("kept.txt", "kept\n")]
    assert not missing.parent.exists()

    keep = folder / "kept.csv"
    keep.write_text("rank,person_id\n" + "1,someone\n" * 1000)
    keep.chmod(0o640)
    done = site.clout("export", "-o", str(keep))
    assert done.returncode == 0, done.stderr
    exported = re.fullmatch(rf"Exported (\d+) people to {re.escape(str(keep))}\.\n", done.stderr)
    assert exported is not None, done.stderr
    with keep.open(newline="") as replaced:
        rows = list(csv.DictReader(replaced))
    assert len(rows) == int(exported[1]) > 0
    assert "someone" not in {row["person_id"] for row in rows}
    assert stat.S_IMODE(keep.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["kept.csv", "kept.txt"]  # no temp file
