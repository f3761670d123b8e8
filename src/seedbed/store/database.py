"""Opening the SQLite store: where it lives, the engine, and migrations to the newest schema.

Owns: the default database path (platformdirs), engine settings and running Alembic.
Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from seedbed.errors import StoreError

APP_NAME = "seedbed"
DB_FILE = "seedbed.sqlite3"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_db_path() -> Path:
    """The store's file in the user's data directory (created on first use)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


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


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there already)."""
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
