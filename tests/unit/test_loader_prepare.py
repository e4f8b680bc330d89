"""The writer's two ways of turning a spooled batch into Bolt columns give the same columns: row
by row (``writer._prepare``, for batches of the row-by-row check) and column by column
(``writer._prepare_table``, for the vectorised check's Arrow batches). No database."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from clout import config
from clout.loader import fastbulk, writer
from clout.loader.generator import WorldSpec, generate
from clout.loader.model import LoadOptions
from clout.loader.staging import stage

KINDS = config.load().kinds


def _file(tmp_path: Path) -> Path:
    """A generated world, with counts (whole and fractional) and topics on some rows."""
    generate(WorldSpec(people=300, interactions=3_000, networks=2, seed=5), tmp_path)
    path = tmp_path / "interactions.csv"
    header, *lines = path.read_text().splitlines()
    for i in range(0, len(lines), 7):
        *head, _count, topics = lines[i].split(",")
        lines[i] = ",".join([*head, "2.5" if i % 2 else "4", topics or "news;tech"])
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


@pytest.mark.parametrize("keep_ids", [False, True])
def test_both_ways_prepare_the_same_rows(tmp_path: Path, keep_ids: bool) -> None:
    path = _file(tmp_path)
    options = LoadOptions(batch_size=700)
    fast = fastbulk.stage(path, options, KINDS, None)
    slow = stage(path, options, KINDS, None)
    assert fast is not None
    try:
        # ids by sorted position; every third account owned by the same person (self rows)
        ids = {
            key: (i, "p:shared" if i % 3 == 0 else f"p:{i}")
            for i, key in enumerate(sorted(slow.accounts))
        }
        accounts = writer.AccountIndex(ids)
        tables = list(fast.read_spooled())
        assert all(isinstance(t, pa.Table) for t in tables)
        compared, counts, topics = 0, set(), set()
        for number, (table, rows) in enumerate(zip(tables, slow.read_batches(), strict=True)):
            assert isinstance(table, pa.Table)
            by_columns = writer._prepare_table(number, table, accounts, keep_ids)
            assert by_columns == writer._prepare(number, rows, ids, keep_ids)
            compared += by_columns.size
            for columns in by_columns.by_kind.values():
                assert len({len(values) for values in columns.values()}) == 1
                counts.update(columns["count"])
                topics.update(tuple(t or ()) for t in columns["topics"])
        assert compared == 3_000
        assert {None, 4, 2.5} <= counts  # 1 is left unset
        assert ("news", "tech") in topics
        assert writer._prepare_table(0, tables[0], accounts, False).self_rows  # shared owner
    finally:
        fast.remove()
        slow.remove()
