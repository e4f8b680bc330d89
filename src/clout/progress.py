"""How the library reports progress, the one contract for loads, scoring runs and downloads.

Work goes in phases; a phase may know its total (rows, bytes) or not. A reporter is told
``start(phase, total)``, then ``advance(n)`` for every ``n`` units done, then ``finish()``; or,
for code that counts as it goes, ``progress(phase, n, total)``: ``n`` more units of ``phase``,
which starts the phase when it is a new one (and finishes the one before). :class:`Phases`
gives the second form to any reporter of the first. The library never draws anything: the CLI's
bars (``clout.cli.bars``) implement this, and :data:`NO_PROGRESS` reports nowhere.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...

    def __call__(self, phase: str, n: int, total: int | None) -> None: ...


class Phases:
    """``progress(phase, n, total)`` on top of ``start``/``advance``/``finish``."""

    _phase: str | None = None

    def start(self, phase: str, total: int | None) -> None:
        raise NotImplementedError

    def advance(self, n: int) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def __call__(self, phase: str, n: int, total: int | None) -> None:
        if phase != self._phase:
            if self._phase is not None:
                self.finish()
            self._phase = phase
            self.start(phase, total)
        self.advance(n)


class _Silent(Phases):
    def start(self, phase: str, total: int | None) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def finish(self) -> None:
        pass


NO_PROGRESS: Progress = _Silent()
