"""Use cases the command line and the web app call: import, triage, explain, correct.

Owns: orchestration (which reader, which transaction, what to judge again).
Must not import: typer, rich, the CLI or the web layer. Raises SeedbedError subclasses.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from seedbed import prefs as prefs_mod
from seedbed.errors import (
    InputError,
    NotFoundError,
    SeedbedError,
    StoreError,
    printable_path,
)
from seedbed.model import Direction, Export, FileReport, Label, Preferences
from seedbed.sources import read_source
from seedbed.store import default_db_path, open_engine, queries
from seedbed.store.counting import ImportCounts
from seedbed.store.importing import save_export

if TYPE_CHECKING:  # the judge (numpy, onnxruntime) loads only for commands that judge
    from seedbed.judge.combine import Judge
    from seedbed.judge.embedding import Embedder
    from seedbed.triage import ItemDetail, Triage, TriageRow

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
    # What the reader could not read or had to guess (Export.remarks), in words.
    remarks: list[str] = field(default_factory=list)


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
                                       profile.profile_url, counts, export.files,
                                       export.remarks))
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
    """What a triage did: the import (if any), inferred preferences, the items judged in
    this run; ``rows`` are the owners' stored rows, read from the store when first used."""

    imported: ImportSummary | None
    inferred: dict[str, tuple[str, ...]]
    db: Path | str | None = None
    owner_ids: list[int] = field(default_factory=list)
    judged: set[int] = field(default_factory=set)

    def iter_rows(self) -> Iterator[TriageRow]:
        """The owners' rows, owner by owner and oldest first, streamed from the store."""
        from seedbed.triage import stored_rows

        engine = open_engine(self.db)
        try:
            yield from stored_rows(engine, self.owner_ids, self.judged)
        finally:
            engine.dispose()

    @cached_property
    def rows(self) -> list[TriageRow]:
        return list(self.iter_rows())

    def count(self) -> int:
        """How many rows the owners have (counted in the store, no row read)."""
        from seedbed.store.listing import Where, counts

        engine = open_engine(self.db)
        try:
            with engine.connect() as conn:
                return sum(counts(conn, Where(owner_ids=tuple(self.owner_ids))).values())
        finally:
            engine.dispose()


def _model_digest(judge_text: str, embedder: Embedder) -> str:
    return hashlib.sha1((judge_text + embedder.model_id).encode()).hexdigest()[:16]


def default_embedder() -> Embedder:
    """The packaged ONNX MiniLM model (loaded lazily on first use)."""
    from seedbed.judge.embedding import OnnxEmbedder

    return OnnxEmbedder()


# Model digests by judge and embedder (a web app asks for one on every page).
_DIGESTS: dict[tuple[int, int], tuple[object, object, str]] = {}


def make_triage(engine: Engine, judge: Judge | None = None,
                embedder: Embedder | None = None) -> Triage:
    """A Triage over ``engine`` with the packaged judge and embedder unless given others."""
    from seedbed.judge.combine import load_packaged
    from seedbed.triage import Triage

    judge = judge or load_packaged()
    embedder = embedder or default_embedder()
    known = _DIGESTS.get((id(judge), id(embedder)))
    if known is None or known[0] is not judge or known[1] is not embedder:
        digest = _model_digest(json.dumps(judge.to_dict(), sort_keys=True), embedder)
        known = _DIGESTS[(id(judge), id(embedder))] = (judge, embedder, digest)
    return Triage(engine, judge, embedder, known[2])


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
        judged = make_triage(engine, judge, embedder).run(owner_ids)
        return TriageResult(imported, inferred, db, owner_ids, judged)
    finally:
        engine.dispose()


def sync(db: Path | str | None = None, judge: Judge | None = None,
         embedder: Embedder | None = None) -> set[int]:
    """Bring every owner's stored verdicts up to date (judging only what changed); return
    the items judged."""
    engine = open_engine(db)
    try:
        return make_triage(engine, judge, embedder).run()
    finally:
        engine.dispose()


def current(db: Path | str | None = None, judge: Judge | None = None,
            embedder: Embedder | None = None) -> bool:
    """Are the stored verdicts of every owner current (nothing changed since they were
    made)? Reads a few rows; judges nothing."""
    engine = open_engine(db)
    try:
        return make_triage(engine, judge, embedder).current()
    finally:
        engine.dispose()


def _row_for(engine: Engine, item_id: str, judge: Judge | None = None,
             embedder: Embedder | None = None) -> ItemDetail:
    with engine.connect() as conn:
        item = queries.find_item(conn, item_id)
    if item.direction is Direction.OUTGOING:
        raise NotFoundError(f"{item.item_id} is a message you sent; seedbed judges only what "
                            "you received")
    return make_triage(engine, judge, embedder).detail(item)


def explain(item_id: str, db: Path | str | None = None, **kw: Any) -> ItemDetail:
    """The verdict of one item with all its reasons, read from the store by its id (the
    item alone is judged first when what it depends on changed)."""
    engine = open_engine(db)
    try:
        return _row_for(engine, item_id, **kw)
    finally:
        engine.dispose()


def parse_label(text: str) -> Label:
    """A verdict label as a person types it: any case, with "-" or a space for "_"
    ("Spam", "relevant-pitch", "Ask why"). InputError listing the labels for anything else."""
    key = "_".join(text.lower().replace("-", " ").replace("_", " ").split())
    try:
        return Label(key)
    except ValueError:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise InputError(f"label must be one of {', '.join(x.value for x in Label)}, "
                         f"not {shown!r}") from None


def mark(item_id: str, label: Label, db: Path | str | None = None, **kw: Any) -> ItemDetail:
    """Record the owner's correction of an item; it applies at once to the item and sender
    (and to every stored verdict it changes)."""
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            item = queries.find_item(conn, item_id)
            if item.direction is Direction.OUTGOING:
                raise NotFoundError(f"{item.item_id} is a message you sent; seedbed never "
                                    "learns from your own messages")
            queries.add_correction(conn, item, label.value)
        make_triage(engine, **kw).run([item.owner_id])
        return _row_for(engine, item.item_id, **kw)
    finally:
        engine.dispose()


def unmark(item_id: str, db: Path | str | None = None, **kw: Any
           ) -> tuple[str | None, ItemDetail]:
    """Undo the newest correction of an item; return (the undone label or None, new row)."""
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            item = queries.find_item(conn, item_id)
            undone = queries.undo_correction(conn, item)
        if undone is not None:
            make_triage(engine, **kw).run([item.owner_id])
        return undone, _row_for(engine, item.item_id, **kw)
    finally:
        engine.dispose()


def reply(item_id: str, db: Path | str | None = None, **kw: Any) -> tuple[ItemDetail, str]:
    """Draft the "what prompted you to connect?" reply for an item (never sent)."""
    engine = open_engine(db)
    try:
        row = _row_for(engine, item_id, **kw)
        return row, _draft(engine, row)
    finally:
        engine.dispose()


def draft_for(row: ItemDetail, db: Path | str | None = None) -> str:
    """The drafted reply for an item already read (``explain``), without reading it again."""
    engine = open_engine(db)
    try:
        return _draft(engine, row)
    finally:
        engine.dispose()


def _draft(engine: Engine, row: ItemDetail) -> str:
    from seedbed.reply import draft_reply

    with engine.connect() as conn:
        owner = queries.owners(conn, [row.item.owner_id])[0]
    return draft_reply(row.case, owner.profile.first_name)


def owner_preferences(db: Path | str | None = None) -> list[tuple[str, Preferences, str | None]]:
    """Each owner's effective preferences and the file they came from (None: defaults)."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return [(o.name, prefs_mod.with_defaults(o.preferences, o.profile), o.prefs_source)
                    for o in queries.owners(conn)]
    finally:
        engine.dispose()


# Where preferences came from when ``seedbed prefs edit`` stored them (``prefs show`` says).
PREFS_EDIT_SOURCE = "seedbed prefs edit"


def store_preferences(prefs_path: Path, db: Path | str | None = None,
                      owner: str | None = None) -> queries.OwnerRow:
    """Store a preferences file for one owner of the existing store at ``db``: the one
    ``owner`` names (name, profile URL or key), or the store's only owner; return that owner.

    The file is checked first (PreferencesError naming the field). Nothing is stored when
    the store is missing or empty (StoreError saying where it is), when ``owner`` names no
    owner (NotFoundError), or when several owners qualify (SeedbedError naming them).
    """
    prefs = prefs_mod.load(prefs_path)
    require_store(db)
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            try:
                me = _one_owner(conn, db, owner)
            except StoreError:
                raise
            except SeedbedError as exc:
                raise type(exc)(f"{printable_path(str(prefs_path))}: {exc}") from exc
            queries.set_preferences(conn, me.id, prefs, str(prefs_path))
        return me
    finally:
        engine.dispose()


@dataclass(frozen=True)
class PreferencesDraft:
    """One owner's stored preferences as the TOML text ``seedbed prefs edit`` opens."""

    owner: queries.OwnerRow
    text: str


def preferences_draft(db: Path | str | None = None,
                      owner: str | None = None) -> PreferencesDraft:
    """The preferences stored for an owner of the existing store at ``db`` (the one
    ``owner`` names, or the only one), laid out for editing: the starter file filled in.

    Raises as ``store_preferences`` does for a missing or empty store and for the owner.
    """
    require_store(db)
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            me = _one_owner(conn, db, owner)
    finally:
        engine.dispose()
    heading = (f"# The preferences of {_comment(me.name or me.key)}, stored from "
               f"{_comment(me.prefs_source or 'nothing yet (the defaults)')}.\n"
               "# Save and close the editor to store them; nothing is stored if a field is "
               "wrong.\n")
    return PreferencesDraft(me, heading + prefs_mod.commented_toml(me.preferences
                                                                   or Preferences()))


def save_edited_preferences(path: Path, owner_id: int,
                            db: Path | str | None = None) -> Preferences:
    """Check an edited preferences file and store it for the owner (``PREFS_EDIT_SOURCE``).

    Raises PreferencesError naming the file and the field, and stores nothing, when the file
    cannot be used; NotFoundError when the owner has left the store.
    """
    prefs = prefs_mod.load(path)
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            if not queries.owners(conn, [owner_id]):
                raise NotFoundError(f"no owner with id {owner_id} in the store")
            queries.set_preferences(conn, owner_id, prefs, PREFS_EDIT_SOURCE)
        return prefs
    finally:
        engine.dispose()


def _comment(text: str) -> str:
    """Untrusted text (a name from the export) as part of a one-line TOML comment: a control
    character or line break in it would end the comment or be refused by the parser."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


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


# -- the store a command reads -------------------------------------------------------------
# Commands that only read (triage without an export, explain, mark, campaigns, pacing, prefs)
# call ``require_store`` first: a mistyped ``--db`` must not create an empty store and then
# answer as if nothing had been received. Only an import creates a store.


def store_path(db: Path | str | None = None) -> Path:
    """The store's file: ``db`` with ``~`` expanded, or the default store when None."""
    return default_db_path() if db is None else Path(db).expanduser()


def _import_hint(db: Path | str | None) -> str:
    return "seedbed import EXPORT" + ("" if db is None else f" --db {shlex.quote(str(db))}")


def store_exists(db: Path | str | None = None) -> bool:
    """True when a store file is at ``db`` (an in-memory store always is)."""
    if db is not None and str(db) == ":memory:":
        return True
    path = store_path(db)
    return path.is_file() and path.stat().st_size > 0


def require_store(db: Path | str | None = None) -> None:
    """Raise StoreError ("no store at PATH: import an export first ...") unless a store
    exists at ``db``; nothing is created."""
    if not store_exists(db):
        raise StoreError(f"no store at {printable_path(str(store_path(db)))}: import an "
                         f"export first ({_import_hint(db)})")


def _empty_store(db: Path | str | None) -> StoreError:
    return StoreError(f"the store at {printable_path(str(store_path(db)))} is empty: no export "
                      f"was imported into it ({_import_hint(db)})")


def store_owners(db: Path | str | None = None,
                 owner: str | None = None) -> list[queries.OwnerRow]:
    """The owners of the existing store at ``db``: every one, or the one ``owner`` names.

    Raises StoreError when there is no store or it holds no owner (saying where it is), and
    NotFoundError when ``owner`` names nobody there (SeedbedError when it names several).
    """
    require_store(db)
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            every = queries.owners(conn)
            if not every:
                raise _empty_store(db)
            return every if owner is None else [queries.pick_owner(conn, owner)]
    finally:
        engine.dispose()


def _one_owner(conn: Connection, db: Path | str | None, owner: str | None) -> queries.OwnerRow:
    if not queries.owners(conn):
        raise _empty_store(db)
    return queries.pick_owner(conn, owner)


# -- campaigns ------------------------------------------------------------------------------


def campaign_list(db: Path | str | None = None) -> list[Any]:
    """Every campaign in the store with its verdict mix (judging first if needed)."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        make_triage(engine).run()
        return campaigns.summaries(engine, _shown_labels(engine))
    finally:
        engine.dispose()


def _shown_labels(engine: Engine) -> dict[int, str]:
    from seedbed.store.verdicts import final_labels

    with engine.connect() as conn:
        return final_labels(conn)


def campaign_detail(campaign_id: str, db: Path | str | None = None) -> tuple[Any, Any, list[Any]]:
    """One campaign: its summary, its template with slots, and its members' triage rows."""
    from seedbed import campaigns

    engine = open_engine(db)
    try:
        from seedbed.triage import stored_rows

        make_triage(engine).run()
        summary = campaigns.find(engine, campaign_id, _shown_labels(engine))
        members = list(stored_rows(engine, pks=summary.item_pks))
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
