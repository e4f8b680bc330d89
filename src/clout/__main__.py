"""``python -m clout``."""

from clout.cli import main

main()
