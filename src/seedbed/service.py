"""Use cases the command line and the web app call: import, triage, explain, correct.

Owns: orchestration (which reader, which transaction, what to judge again).
Must not import: typer, rich, the CLI or the web layer. Raises SeedbedError subclasses.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from seedbed.model import Export, FileReport
from seedbed.sources import read_source
from seedbed.store import open_engine
from seedbed.store.importing import ImportCounts, save_export

Progress = Callable[[str, int, int], None]


@dataclass
class OwnerSummary:
    """What one owner's import found."""

    owner_id: int
    name: str
    headline: str
    profile_url: str | None
    counts: ImportCounts
    files: list[FileReport] = field(default_factory=list)


@dataclass
class ImportSummary:
    source: str
    owners: list[OwnerSummary]

    @property
    def new_items(self) -> int:
        return sum(o.counts.new.get("items", 0) for o in self.owners)


@contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt so a killed import rolls back like Ctrl-C."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (web workers): SQLite's journal still protects
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def read(path: Path, progress: Progress | None = None) -> list[Export]:
    """Read an export (zip or folder) or a JSONL interchange file into memory."""
    return read_source(path, progress=progress)


def import_exports(engine: Engine, exports: list[Export], source: str) -> ImportSummary:
    """Write exports into the store in ONE transaction: all of it lands, or none of it."""
    owners: list[OwnerSummary] = []
    with _signals_as_interrupts(), engine.begin() as conn:
        for export in exports:
            owner_id, counts = save_export(conn, export, source)
            profile = export.profile
            owners.append(OwnerSummary(owner_id, profile.name, profile.headline,
                                       profile.profile_url, counts, export.files))
    return ImportSummary(source, owners)


def import_path(
    path: Path, db: Path | str | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Read ``path`` and import it into the store at ``db`` (the default store when None).

    The whole file is read and checked before the store is touched, so bad input leaves
    the store exactly as it was.
    """
    exports = read(path, progress)
    engine = open_engine(db)
    try:
        return import_exports(engine, exports, str(path))
    finally:
        engine.dispose()
