"""The event key is part of the stored data: an id loaded again must meet the same key."""

from __future__ import annotations

import numpy as np

from clout.eventkey import event_key, event_keys


def test_the_keys_of_known_ids_never_change() -> None:
    # Pinned: a change of the hash (or of pandas' default key) would make every reload of an
    # existing database add each event a second time.
    assert event_key("twitter:1") == 9186985347947175948
    assert event_key("é") == -1537934940950697753
    assert event_key("twitter:s1-0") == 928235214311128067


def test_one_id_and_many_get_the_same_keys() -> None:
    ids = [f"net:{i}" for i in range(1000)]
    keys = event_keys(ids)
    assert keys.dtype == np.int64
    assert [event_key(i) for i in ids[:5]] == keys[:5].tolist()
    assert len(set(keys.tolist())) == len(ids)
    assert event_keys([]).tolist() == []
