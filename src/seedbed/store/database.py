"""Opening the SQLite store: where it lives, the engine, and migrations to the newest schema.

Owns: the default database path (platformdirs), engine settings and running Alembic.
Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from seedbed.errors import StoreError

APP_NAME = "seedbed"
DB_FILE = "seedbed.sqlite3"
MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Knowing it here spares importing Alembic (a third of a second) on
# every command when the store is already up to date; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0004"


def default_db_path() -> Path:
    """The store's file in the user's data directory (created on first use)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL keeps readers (the web app) working while an import writes; NORMAL sync is
    # still crash-safe in WAL mode (a transaction is either in the log or not).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def open_engine(path: Path | str | None = None) -> Engine:
    """Open (creating if needed) the store at ``path`` and migrate it to the newest schema.

    ``path`` may be ``":memory:"`` for tests. Raises StoreError when the file is not a
    usable SQLite database.
    """
    if path is None:
        path = default_db_path()
    if str(path) == ":memory:":
        url = "sqlite+pysqlite://"
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               poolclass=_static_pool())
    else:
        db = Path(path).expanduser()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{db}: cannot create the folder for the store ({exc})") from exc
        engine = create_engine(f"sqlite+pysqlite:///{db}")
    event.listen(engine, "connect", _on_connect)
    try:
        migrate(engine)
    except (SQLAlchemyError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise StoreError(f"{path}: not a usable seedbed store ({exc.__class__.__name__})") from exc
    return engine


def _static_pool() -> Any:
    from sqlalchemy.pool import StaticPool

    return StaticPool


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for a new (empty) store."""
    with engine.connect() as connection:
        exists = connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        )).first()
        if exists is None:
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there already)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
