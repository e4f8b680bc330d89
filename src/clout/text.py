"""Text from the graph made safe to show: in a terminal and in a spreadsheet.

Names, handles and topics are user data. An escape sequence in one must not drive the
terminal it is shown in (:func:`printable`), and a CSV cell starting with ``=``, ``+``, ``-``
or ``@`` must not run as a formula in the spreadsheet it is opened in
(:func:`spreadsheet_safe`, OWASP's "CSV injection" advice).
"""

from __future__ import annotations

import re
from typing import Any

# ANSI/VT escape sequences (CSI, OSC, and the two-character ESC forms), then any control
# character left (C0, DEL, C1) and the bidirectional overrides that reorder what is shown.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` without escape sequences and control characters (line breaks and tabs become
    spaces): safe to show in a terminal."""
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def spreadsheet_safe(value: Any) -> Any:
    """A text value a spreadsheet would run as a formula, with a leading ``'`` (numbers stay
    numbers: ``-3`` is a change, not a formula)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
