"""Use cases the command line and the web app call: import, triage, explain, correct.

Owns: orchestration (which reader, which transaction, what to judge again).
Must not import: typer, rich, the CLI or the web layer. Raises SeedbedError subclasses.
"""

from __future__ import annotations

import hashlib
import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine

from seedbed import prefs as prefs_mod
from seedbed.errors import NotFoundError
from seedbed.model import Direction, Export, FileReport, Label, Preferences
from seedbed.sources import read_source
from seedbed.store import open_engine, queries
from seedbed.store.importing import ImportCounts, save_export

if TYPE_CHECKING:  # the judge (numpy, onnxruntime) loads only for commands that judge
    from seedbed.judge.combine import Judge
    from seedbed.judge.embedding import Embedder
    from seedbed.triage import Triage, TriageRow

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


# -- triage ---------------------------------------------------------------------------------


@dataclass
class TriageResult:
    imported: ImportSummary | None
    rows: list[TriageRow]
    inferred: dict[str, tuple[str, ...]]


def _model_digest(judge_text: str, embedder: Embedder) -> str:
    return hashlib.sha1((judge_text + embedder.model_id).encode()).hexdigest()[:16]


def default_embedder() -> Embedder:
    """The packaged ONNX MiniLM model (loaded lazily on first use)."""
    from seedbed.judge.embedding import OnnxEmbedder

    return OnnxEmbedder()


def make_triage(engine: Engine, judge: Judge | None = None,
                embedder: Embedder | None = None) -> Triage:
    """A Triage over ``engine`` with the packaged judge and embedder unless given others."""
    from seedbed.judge.combine import load_packaged
    from seedbed.triage import Triage

    judge = judge or load_packaged()
    embedder = embedder or default_embedder()
    digest = _model_digest(json.dumps(judge.to_dict(), sort_keys=True), embedder)
    return Triage(engine, judge, embedder, digest)


def triage(
    path: Path | None = None,
    db: Path | str | None = None,
    prefs_path: Path | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
    embedder: Embedder | None = None,
) -> TriageResult:
    """Import ``path`` if given, store ``prefs_path`` for its owner(s), judge, list verdicts.

    Lists the inbound items of the owners in ``path``, or of every owner when no path.
    """
    prefs = prefs_mod.load(prefs_path) if prefs_path else None
    exports = read(path, progress) if path else []
    engine = open_engine(db)
    try:
        imported = import_exports(engine, exports, str(path)) if path else None
        with engine.begin() as conn:
            owner_ids = ([o.owner_id for o in imported.owners] if imported
                         else [o.id for o in queries.owners(conn)])
            if prefs is not None:
                for owner_id in owner_ids:
                    queries.set_preferences(conn, owner_id, prefs, str(prefs_path))
            owners = queries.owners(conn, owner_ids)
        inferred = {o.name: prefs_mod.with_defaults(o.preferences, o.profile).inferred
                    for o in owners}
        rows = make_triage(engine, judge, embedder).run(owner_ids)
        return TriageResult(imported, rows, inferred)
    finally:
        engine.dispose()


def _row_for(engine: Engine, item_id: str, judge: Judge | None = None,
             embedder: Embedder | None = None) -> TriageRow:
    with engine.connect() as conn:
        item = queries.find_item(conn, item_id)
    if item.direction is Direction.OUTGOING:
        raise NotFoundError(f"{item.item_id} is a message you sent; seedbed judges only what "
                            "you received")
    rows = make_triage(engine, judge, embedder).run([item.owner_id])
    return next(r for r in rows if r.item.pk == item.pk)


def explain(item_id: str, db: Path | str | None = None, **kw: Any) -> TriageRow:
    """The verdict of one item with all its reasons (judging it first if needed)."""
    engine = open_engine(db)
    try:
        return _row_for(engine, item_id, **kw)
    finally:
        engine.dispose()


def mark(item_id: str, label: Label, db: Path | str | None = None, **kw: Any) -> TriageRow:
    """Record the owner's correction of an item; it applies at once to the item and sender."""
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            item = queries.find_item(conn, item_id)
            if item.direction is Direction.OUTGOING:
                raise NotFoundError(f"{item.item_id} is a message you sent; seedbed never "
                                    "learns from your own messages")
            queries.add_correction(conn, item, label.value)
        return _row_for(engine, item.item_id, **kw)
    finally:
        engine.dispose()


def unmark(item_id: str, db: Path | str | None = None, **kw: Any) -> tuple[str | None, TriageRow]:
    """Undo the newest correction of an item; return (the undone label or None, new row)."""
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            item = queries.find_item(conn, item_id)
            undone = queries.undo_correction(conn, item)
        return undone, _row_for(engine, item.item_id, **kw)
    finally:
        engine.dispose()


def reply(item_id: str, db: Path | str | None = None, **kw: Any) -> tuple[TriageRow, str]:
    """Draft the "what prompted you to connect?" reply for an item (never sent)."""
    engine = open_engine(db)
    try:
        from seedbed.reply import draft_reply

        row = _row_for(engine, item_id, **kw)
        with engine.connect() as conn:
            owner = queries.owners(conn, [row.item.owner_id])[0]
        return row, draft_reply(row.case, owner.profile.first_name)
    finally:
        engine.dispose()


def owner_preferences(db: Path | str | None = None) -> list[tuple[str, Preferences, str | None]]:
    """Each owner's effective preferences and the file they came from (None: defaults)."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return [(o.name, prefs_mod.with_defaults(o.preferences, o.profile), o.prefs_source)
                    for o in queries.owners(conn)]
    finally:
        engine.dispose()


def preferences_file() -> Path:
    """The default preferences file in the user's config folder."""
    return Path(platformdirs.user_config_dir("seedbed", appauthor=False)) / "prefs.toml"


def ensure_preferences_file(path: Path) -> None:
    """Create a commented starter preferences file when there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(prefs_mod.STARTER, encoding="utf-8")


def apply_preferences(path: Path, db: Path | str | None = None) -> int:
    """Store a preferences file for every owner in the store; return how many owners."""
    prefs = prefs_mod.load(path)
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            owners = queries.owners(conn)
            for owner in owners:
                queries.set_preferences(conn, owner.id, prefs, str(path))
        return len(owners)
    finally:
        engine.dispose()


# -- campaigns ------------------------------------------------------------------------------


def campaign_list(db: Path | str | None = None) -> list[Any]:
    """Every campaign in the store with its verdict mix (judging first if needed)."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        rows = make_triage(engine).run()
        verdicts = {r.item.pk: r.verdict.label.value for r in rows}
        return campaigns.summaries(engine, verdicts)
    finally:
        engine.dispose()


def campaign_detail(campaign_id: str, db: Path | str | None = None) -> tuple[Any, Any, list[Any]]:
    """One campaign: its summary, its template with slots, and its members' triage rows."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        rows = make_triage(engine).run()
        verdicts = {r.item.pk: r.verdict.label.value for r in rows}
        summary = campaigns.find(engine, campaign_id, verdicts)
        members = [r for r in rows if r.item.pk in set(summary.item_pks)]
        return summary, campaigns.template(summary), members
    finally:
        engine.dispose()


def campaign_export(path: Path, db: Path | str | None = None) -> int:
    """Write hash-only fingerprints of the campaigns marked as spam; return how many."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        campaigns.update(engine)
        return campaigns.export_shareable(engine, path)
    finally:
        engine.dispose()


def campaign_import(path: Path, db: Path | str | None = None) -> int:
    """Count another seedbed's shared spam fingerprints as reports; return how many new."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        return campaigns.import_shareable(engine, path)
    finally:
        engine.dispose()
