"""Files into the graph: readers and adapters, validation, the online and bulk writers, and the
synthetic world generator. ``run_load`` and ``run_load_accounts`` are the entry points."""

from clout.loader.identities import load_accounts
from clout.loader.interactions import load_interactions, run_load, run_load_accounts
from clout.loader.model import LoadOptions, LoadSummary

__all__ = [
    "LoadOptions",
    "LoadSummary",
    "load_accounts",
    "load_interactions",
    "run_load",
    "run_load_accounts",
]
