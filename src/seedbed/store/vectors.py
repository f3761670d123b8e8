"""The embedding cache on SQLite: vectors by model id and text hash, so re-runs are instant.

Owns: the ``VectorCache`` protocol of ``seedbed.judge.embedding`` on the ``embedding`` table.
Must not import: seedbed.sources, the CLI or the web layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Engine, select
from sqlalchemy.dialects.sqlite import insert

from seedbed.store import tables as t

# SQLite allows 32,766 bound parameters per statement; 900 keys per IN list stays far below
# it and below the old 999 limit of older SQLite builds.
CHUNK = 900


class SqliteVectorCache:
    """Vectors kept in the store's ``embedding`` table; each call is its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(keys), CHUNK):
                chunk = list(keys[i : i + CHUNK])
                query = select(t.embedding.c.key, t.embedding.c.vector).where(
                    t.embedding.c.key.in_(chunk))
                found.update({row.key: row.vector for row in conn.execute(query)})
        return found

    def put_many(self, items: Mapping[str, bytes]) -> None:
        if not items:
            return
        rows = [{"key": k, "vector": v} for k, v in items.items()]
        with self.engine.begin() as conn:
            conn.execute(insert(t.embedding).on_conflict_do_nothing(), rows)
