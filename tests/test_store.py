"""The store: migrations, idempotent re-import, only-new on newer exports, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from seedbed import service
from seedbed.errors import SeedbedError, StoreError
from seedbed.store import open_engine
from seedbed.store import tables as t
from tests.conftest import MESSAGES, write_export


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
