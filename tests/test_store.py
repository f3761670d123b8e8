"""The store: migrations, idempotent re-import, only-new on newer exports, one transaction."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from seedbed import service
from seedbed.errors import SeedbedError, StoreError
from seedbed.model import Export, Position
from seedbed.store import open_engine
from seedbed.store import tables as t
from tests.conftest import MESSAGES, write_export
from tests.exportgen import generate_export
from tests.exportgen import write_export as write_generated


def _count(db: Path, table: t.Table) -> int:  # type: ignore[name-defined]
    engine = open_engine(db)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return int(n)


def test_new_store_is_migrated_to_the_newest_schema(db: Path) -> None:
    engine = open_engine(db)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"owner", "item", "connection", "verdict", "correction", "alembic_version"} <= names


def test_importing_the_same_export_twice_adds_nothing(export_dir: Path, db: Path) -> None:
    first = service.import_path(export_dir, db)
    second = service.import_path(export_dir, db)
    assert first.new_items == 7
    assert second.new_items == 0
    assert second.owners[0].counts.new["connections"] == 0
    assert _count(db, t.item) == 7
    assert _count(db, t.owner) == 1


def test_newer_export_adds_only_the_new_messages(tmp_path: Path, db: Path) -> None:
    service.import_path(write_export(tmp_path / "old", MESSAGES[:3]), db)
    summary = service.import_path(write_export(tmp_path / "new", MESSAGES), db)
    assert summary.new_items == 2  # the two messages the old export did not have
    assert _count(db, t.item) == 7


def test_owner_and_profile_url_are_recovered(export_dir: Path, db: Path) -> None:
    summary = service.import_path(export_dir, db)
    owner = summary.owners[0]
    assert owner.name == "Dana Okafor"
    assert owner.profile_url == "https://www.linkedin.com/in/dana-okafor-data"
    assert owner.counts.total["invitations in"] == 2
    assert owner.counts.total["invitations out"] == 1
    assert owner.counts.total["messages out"] == 1


def test_a_failure_mid_import_leaves_the_store_as_it_was(
    export_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.import_path(export_dir, db)
    before = _count(db, t.item)
    exports = service.read(write_export(export_dir.parent / "bigger", MESSAGES))
    import seedbed.store.importing as importing

    real = importing._insert_new
    calls = {"n": 0}

    def boom(*args: object, **kwargs: object) -> tuple[int, int]:
        calls["n"] += 1
        if calls["n"] == 3:  # after connections and items were written
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_insert_new", boom)
    engine = open_engine(db)
    with pytest.raises(KeyboardInterrupt):
        service.import_exports(engine, exports, "bigger")
    engine.dispose()
    assert _count(db, t.item) == before
    assert _count(db, t.import_run) == 1


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"not-a-db\.sqlite3"):
        open_engine(bad)


def test_store_errors_are_seedbed_errors() -> None:
    assert issubclass(StoreError, SeedbedError)


def test_head_revision_constant_matches_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from seedbed.store.database import HEAD_REVISION, MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_item_ids_are_stable_64_bit_ids(export_dir: Path, db: Path) -> None:
    # 40-bit ids collided in a store of a million items; 64 bits do not (birthday bound).
    first = {r.item.pk: r.item.item_id for r in service.triage(export_dir, db).rows}
    again = {r.item.pk: r.item.item_id for r in service.triage(export_dir, db).rows}
    assert first == again
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in first.values())
    assert len(set(first.values())) == len(first)


# -- the import summary's counts are what the store holds --------------------------------------

def _stored(db: Path) -> dict[str, int]:
    """Every count of the summary, read from the store with plain SQL (one owner)."""
    import sqlite3

    item = "SELECT count(*) FROM item WHERE "
    queries = {
        "connections": "SELECT count(*) FROM connection",
        "invitations in": item + "kind = 'invitation' AND direction = 'incoming'",
        "invitations out": item + "kind = 'invitation' AND direction = 'outgoing'",
        "conversations": "SELECT count(DISTINCT conversation_id) FROM item"
                         " WHERE kind = 'message'",
        "messages in": item + "kind = 'message' AND direction = 'incoming' AND NOT system",
        "messages out": item + "kind = 'message' AND direction = 'outgoing' AND NOT system",
        "ads": item + "sponsored",
        "system rows": item + "system",
        "articles": "SELECT count(*) FROM article",
        "posts": "SELECT count(*) FROM post WHERE NOT is_comment",
        "comments": "SELECT count(*) FROM post WHERE is_comment",
        "endorsements": "SELECT count(*) FROM relation WHERE kind = 'endorsement'",
        "recommendations": "SELECT count(*) FROM relation WHERE kind = 'recommendation'",
        "notes": "SELECT count(*) FROM relation WHERE kind = 'note'",
    }
    with sqlite3.connect(db) as conn:
        counts = {kind: conn.execute(sql).fetchone()[0] for kind, sql in queries.items()}
        [profile] = conn.execute("SELECT profile_json FROM owner").fetchone()
    for part in ("positions", "education", "skills"):
        counts[part] = len(json.loads(profile)["profile"][part])
    return counts


def _newer_export() -> Export:
    """A generated export with a share posted twice and one more position than ``_older``."""
    export = generate_export(120, 30, 40, seed=4)
    share = next(p for p in export.posts if not p.is_comment)
    profile = dataclasses.replace(export.profile, positions=(
        Position("Harbour Data", "Advisor", started_on=date(2026, 1, 1)),
        *export.profile.positions), skills=(*export.profile.skills, "DuckDB"))
    return dataclasses.replace(export, profile=profile, posts=[*export.posts, share])


def _older(export: Export) -> Export:
    """The same owner's export of a year before: older threads, connections, invitations."""
    cut = datetime(2025, 11, 1, tzinfo=UTC)
    old = [m for m in export.messages if m.sent_at is not None and m.sent_at < cut]
    profile = dataclasses.replace(export.profile, positions=export.profile.positions[1:],
                                  skills=export.profile.skills[:-1])
    return dataclasses.replace(
        export, profile=profile, messages=old, posts=export.posts[:1],
        connections=export.connections[: len(export.connections) // 2],
        invitations=[i for i in export.invitations if i.sent_at and i.sent_at < cut])


QUIRKED = frozenset({"messages_13col", "draft_rows", "system_rows", "sponsored"})


def test_a_fresh_import_counts_what_it_stored(tmp_path: Path, db: Path) -> None:
    summary = service.import_path(write_generated(_newer_export(), tmp_path, "2026",
                                                  quirks=QUIRKED), db)
    [owner] = summary.owners
    stored = _stored(db)
    assert owner.counts.total == stored
    assert owner.counts.new == {**stored, "items": _count(db, t.item)}
    assert stored["system rows"] == 5 and stored["ads"] == 2
    assert stored["positions"] == 3 and stored["conversations"] > 0
    # The share written twice is stored once, and said so.
    assert owner.counts.merged == {"posts and comments": 1}
    messages = next(f for f in owner.files if f.name.startswith("messages"))
    assert messages.skipped_rows == 1  # the draft: a row, whatever the number of reasons


def test_a_newer_export_counts_what_it_added(tmp_path: Path, db: Path) -> None:
    newer = _newer_export()
    service.import_path(write_generated(_older(newer), tmp_path / "old", "2026",
                                        quirks=QUIRKED), db)
    before = _stored(db)
    items_before = _count(db, t.item)
    summary = service.import_path(write_generated(newer, tmp_path / "new", "2026",
                                                  quirks=QUIRKED), db)
    [owner] = summary.owners
    after = _stored(db)
    assert owner.counts.total == after
    added = {kind: after[kind] - before[kind] for kind in after}
    assert owner.counts.new == {**added, "items": _count(db, t.item) - items_before}
    assert added["positions"] == 1 and added["skills"] == 1
    assert all(added[kind] > 0 for kind in ("connections", "messages in", "conversations"))
    again = service.import_path(write_generated(newer, tmp_path / "again", "2026",
                                                quirks=QUIRKED), db).owners[0]
    assert again.counts.total == after
    assert set(again.counts.new.values()) == {0}


def test_the_summary_prints_the_counts_of_the_store(tmp_path: Path, db: Path) -> None:
    from typer.testing import CliRunner

    from seedbed.cli import app

    path = write_generated(_newer_export(), tmp_path, "2026", quirks=QUIRKED)
    result = CliRunner().invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = _stored(db)
    for kind in ("connections", "messages in", "system rows", "ads", "comments"):
        assert re.search(rf"│ {kind} +│ +{stored[kind]} │ +{stored[kind]} │", result.output)
    assert re.search(r"│ messages\.csv +│ +\d+ │ +1 │", result.output)  # one draft row
    assert "merged: 1 row of posts and comments repeated another row of the export and was " \
           "stored once" in " ".join(result.output.split())


# -- migration 0005: stores of the schema before keep re-imports idempotent ----------------------

def test_a_store_from_before_system_rows_and_references_imports_nothing_twice(
        tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from alembic import command
    from alembic.config import Config

    from seedbed.sources import text
    from seedbed.store.database import MIGRATIONS

    quirks = frozenset({"entities", "system_rows", "sponsored"})
    path = write_generated(_newer_export(), tmp_path, "2024", quirks=quirks)
    # The importer of the schema before: references kept as written, no system rows, no ads.
    with monkeypatch.context() as patch:
        patch.setattr(text, "_ENTITY_RE", re.compile("(?!)"))
        service.import_path(path, db)
    with sqlite3.connect(db) as conn:
        old_ids = dict(conn.execute("SELECT id, item_id FROM item").fetchall())
        kept = conn.execute("SELECT count(*) FROM item WHERE text LIKE '%&mdash;%'").fetchone()
    assert kept[0] > 0
    engine = open_engine(db)
    with engine.connect() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        conn.commit()
    engine.dispose()

    again = service.import_path(path, db)  # migrates to the newest schema first
    assert again.new_items == 0
    assert set(again.owners[0].counts.new.values()) == {0}
    with sqlite3.connect(db) as conn:
        assert dict(conn.execute("SELECT id, item_id FROM item").fetchall()) == old_ids
        assert conn.execute("SELECT count(*) FROM item WHERE text LIKE '%&mdash;%'"
                            " OR text LIKE '%&#39;%'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM item WHERE system").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM item WHERE sponsored").fetchone()[0] == 2
