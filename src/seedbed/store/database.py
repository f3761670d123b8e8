"""Opening the SQLite store: where it lives, the engine, and migrations to the newest schema.

Owns: the default database path (platformdirs), engine settings, running Alembic, and what
several processes may do with one store at once. Every engine ``open_engine`` returns
guarantees, for each of its connections:

- WAL journal: readers (the web app, ``explain``) never wait for a writer and see only
  committed transactions; a writer never waits for readers.
- One writer at a time. A transaction takes the write lock at its first INSERT, UPDATE or
  DELETE (pysqlite's implicit BEGIN; reads before that run on their own) and a second
  writer waits up to ``BUSY_TIMEOUT_SECONDS`` for it. Waiting longer raises StoreBusyError
  ("the store is busy ..."), never a raw ``database is locked``.
- Creating or migrating a store is one ``BEGIN IMMEDIATE`` transaction that checks the
  schema revision again once it holds the lock, so two processes opening the same new store
  both succeed (the second finds it made) and a half-made schema is never committed.

Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.
"""

from __future__ import annotations

import sqlite3
import time
from functools import partial
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, ExceptionContext, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from seedbed.errors import StoreBusyError, StoreError

APP_NAME = "seedbed"
DB_FILE = "seedbed.sqlite3"
MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Knowing it here spares importing Alembic (a third of a second) on
# every command when the store is already up to date; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0006"
# How long a command waits for another one's write transaction before saying the store is
# busy. The longest writer is an import: its whole write phase is one transaction (about
# 4 s of the 9 s first import in benchmarks/RESULTS.md, a 20,000-message export), so a
# minute lets a second import, a triage or a correction wait out the import of an export
# many times larger, while a writer that is truly stuck is still reported within a minute.
BUSY_TIMEOUT_SECONDS = 60.0


def default_db_path() -> Path:
    """The store's file in the user's data directory (created on first use)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def _on_connect(wait: float, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL keeps readers (the web app) working while an import writes; NORMAL sync is
    # still crash-safe in WAL mode (a transaction is either in the log or not).
    _use_wal(cursor, wait)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# How often a connection tries again to switch a new store to WAL while another holds it.
_WAL_RETRY_S = 0.05


def _use_wal(cursor: Any, wait: float) -> None:
    """Put the store in WAL mode (persistent: once per file), waiting out a concurrent creator.

    SQLite answers SQLITE_BUSY at once, without calling the busy handler, when the journal
    mode is switched while another connection holds the new file: two processes creating one
    store both get here, so the switch is retried for up to ``wait`` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_S)


def open_engine(path: Path | str | None = None, *,
                busy_timeout: float | None = None) -> Engine:
    """Open (creating if needed) the store at ``path`` and migrate it to the newest schema.

    ``path`` may be ``":memory:"`` for tests. ``busy_timeout`` is how many seconds a write
    waits for another process's write transaction (default ``BUSY_TIMEOUT_SECONDS``).
    Raises StoreError when the file is not a usable SQLite database, and StoreBusyError when
    the store stays busy longer than ``busy_timeout`` (here, or on any later statement).
    """
    if path is None:
        path = default_db_path()
    wait = BUSY_TIMEOUT_SECONDS if busy_timeout is None else busy_timeout
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
        engine = create_engine(f"sqlite+pysqlite:///{db}", connect_args={"timeout": wait})
    event.listen(engine, "connect", partial(_on_connect, wait))
    event.listen(engine, "handle_error", partial(_busy_as_store_error, str(path), wait))
    try:
        migrate(engine)
    except (SQLAlchemyError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise StoreError(f"{path}: not a usable seedbed store ({exc.__class__.__name__})") from exc
    except StoreError:
        engine.dispose()
        raise
    return engine


def _busy_as_store_error(where: str, waited: float, context: ExceptionContext) -> None:
    """Say "busy" in seedbed's words when a lock was not granted in time (SQLITE_BUSY)."""
    original = context.original_exception
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(original, sqlite3.OperationalError) and code is not None \
            and code & 0xFF == sqlite3.SQLITE_BUSY:
        raise StoreBusyError(
            f"{where}: the store is busy: another seedbed command (an import, a triage or the "
            f"web app) has been writing to it for more than {waited:g} s; try again when it "
            "has finished") from original


def _static_pool() -> Any:
    from sqlalchemy.pool import StaticPool

    return StaticPool


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for a new (empty) store."""
    with engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    exists = connection.execute(text(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    )).first()
    if exists is None:
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there already).

    The upgrade runs in one transaction that holds the write lock from its start, and the
    revision is read again under that lock: a second process migrating the same store at
    the same moment waits for the first and then finds nothing left to do.
    """
    if current_revision(engine) == HEAD_REVISION:
        return
    with engine.connect() as connection:
        # pysqlite would begin only at the first INSERT; DDL before it would commit one
        # statement at a time, interleaved with another creator's.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        if _revision(connection) != HEAD_REVISION:
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        connection.commit()
