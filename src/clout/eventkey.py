"""An interaction's identity as one 64-bit integer: the ``eid`` of every relationship.

An event id (``"<network>:<input id>"``, or ``"<network>:h<content hash>"`` for rows without
one) is stored as a signed 64-bit hash of its UTF-8 text: the uniqueness constraint and the
loader's "already loaded?" check then work on a long instead of a string, and the store keeps
8 bytes instead of the id. The text itself is stored (as ``event_id``) only when a load asks
for it (``clout load interactions --keep-event-ids``).

The hash is SipHash-2-4 with pandas' fixed default key (``pandas.util.hash_array``), the same
for one id and for ten million; its values are part of the data format (an id loaded again
must meet the same key), so ``tests/unit/test_eventkey.py`` pins them. Two different ids of one
kind share a key with probability about n² / 2^65 for n events of that kind (about one in
370,000 at 10 million): the later of the two is then taken for a repeat and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd


def event_keys(ids: Sequence[str] | npt.NDArray[np.object_]) -> npt.NDArray[np.int64]:
    """The ``eid`` of each event id, vectorised."""
    values = np.asarray(ids, dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    hashed: npt.NDArray[np.uint64] = pd.util.hash_array(values, categorize=False)
    return hashed.view(np.int64)


def event_key(event_id: str) -> int:
    """The ``eid`` of one event id (what an analyst looks an event up by)."""
    return int(event_keys([event_id])[0])
