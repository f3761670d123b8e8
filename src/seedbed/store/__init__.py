"""The SQLite store: schema (tables), opening and migrating (database), writing exports
(importing) and reading what the judge and the reports need (queries).

Must not import: seedbed.sources, seedbed.judge, the CLI or the web layer.
"""

from seedbed.store.database import default_db_path, open_engine

__all__ = ["default_db_path", "open_engine"]
