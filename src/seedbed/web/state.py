"""What one running web app holds: the store's path, its secrets, the loaded judge, import jobs.

Owns: ``WebState`` (one per app) and ``ImportJob``. Must not import FastAPI: it is plain data
so that routes, the security layer and the import runner can share it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from seedbed import report

if TYPE_CHECKING:
    from seedbed.judge.combine import Judge
    from seedbed.judge.embedding import Embedder

# Uploads above this size are refused before they are read. The largest real exports we
# have seen (a decade of messages) are around 100 MB zipped; 500 MB leaves room for that
# five times over while keeping a runaway upload from filling the disk.
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
# Bytes of entropy in the access token: 32 bytes (256 bits) cannot be guessed by a web page
# probing localhost ports.
TOKEN_BYTES = 32

T = TypeVar("T")


@dataclass
class ImportJob:
    """One upload being imported and judged, polled by the import page."""

    job_id: str
    filename: str
    phase: str = "queued"  # queued, reading, judging, done, failed
    detail: str = ""
    done: int = 0
    total: int = 0
    error: str = ""
    new_items: int = 0
    items: int = 0
    owners: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.phase in ("done", "failed")

    def as_json(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "filename": self.filename, "phase": self.phase,
                "detail": self.detail, "done": self.done, "total": self.total,
                "error": self.error, "new_items": self.new_items, "items": self.items,
                "owners": list(self.owners), "finished": self.finished}


class WebState:
    """Shared by every request of one app. Service calls run one at a time (``call``)."""

    def __init__(self, db: Path | str | None, token: str | None = None,
                 max_upload_bytes: int = MAX_UPLOAD_BYTES,
                 campaigns: report.CampaignSource = report.campaigns_from_rows,
                 judge: Judge | None = None, embedder: Embedder | None = None) -> None:
        self.db = db
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.max_upload_bytes = max_upload_bytes
        self.campaigns = campaigns
        self.jobs: dict[str, ImportJob] = {}
        self._csrf_key = secrets.token_bytes(TOKEN_BYTES)
        # One writer at a time: SQLite allows one, and a local app has one user.
        self._lock = threading.RLock()
        self._judge = judge
        self._embedder = embedder

    def csrf_token(self, session: str) -> str:
        """The CSRF token of a session (the cookie's value): an HMAC only this app can make."""
        return hmac.new(self._csrf_key, session.encode(), hashlib.sha256).hexdigest()

    def check_token(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(candidate.encode(),
                                                             self.token.encode())

    def engines(self) -> dict[str, Any]:
        """The judge and embedder, loaded once and handed to every service call."""
        if self._judge is None or self._embedder is None:
            from seedbed import service
            from seedbed.judge.combine import load_packaged

            self._judge = self._judge or load_packaged()
            self._embedder = self._embedder or service.default_embedder()
        return {"judge": self._judge, "embedder": self._embedder}

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service function under the app's lock with the shared judge and embedder."""
        with self._lock:
            return fn(*args, **kwargs, **self.engines())

    def locked(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a function that does not judge under the app's lock."""
        with self._lock:
            return fn(*args, **kwargs)

    def importing(self) -> ImportJob | None:
        """The import running now, if any."""
        return next((job for job in self.jobs.values() if not job.finished), None)
