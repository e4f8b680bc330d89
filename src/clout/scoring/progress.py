"""The progress contract, as scoring's modules and the Spark engine import it: the one
definition is :mod:`clout.progress`."""

from __future__ import annotations

from clout.progress import NO_PROGRESS as NO_PROGRESS
from clout.progress import Progress as Progress
