"""Who uses the store at once: many pages read together, one change at a time, and no page
waits behind an import.

Owns: ``StoreLock``, a readers-writer lock that lets a waiting writer go first (a steady
stream of page loads cannot starve a mark), and whose waiters may be refused instead of
kept waiting (``refuse`` raises when waiting makes no sense, such as behind an import that
takes minutes). Pure ``threading``: must not import FastAPI, the store or the judge.

Why a lock at all when SQLite has its own: a page that judges also writes (verdicts, the
embedding cache), and a change reads before it writes; in WAL mode a transaction that read
an older snapshot cannot then write (SQLite refuses it at once, without waiting), so the
app's own changes must not overlap its pages. Pages that only read need no lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Refuse = Callable[[], None]


def _never() -> None:
    return None


class StoreLock:
    """Shared for pages that judge, exclusive for changes and imports; writers first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self, refuse: Refuse = _never) -> Iterator[None]:
        """Hold the lock shared; ``refuse()`` is called (and may raise) before each wait."""
        with self._cond:
            while self._writing or self._writers_waiting:
                refuse()
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self, refuse: Refuse = _never) -> Iterator[None]:
        """Hold the lock alone; ``refuse()`` is called (and may raise) before each wait."""
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    refuse()
                    self._cond.wait()
            except BaseException:
                self._cond.notify_all()  # readers held back by this writer may go on
                raise
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
