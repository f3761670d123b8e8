"""What one running web app holds: the store's path, its secrets, the loaded judge, import jobs.

Owns: ``WebState`` (one per app: token, sessions, CSRF key, the store lock, engines, jobs,
the one sync of the stored verdicts that pages share) and ``ImportJob``. Must not import
FastAPI: it is plain data so that routes, the security layer and the import runner can
share it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from seedbed import service
from seedbed.web.bidi import neutral
from seedbed.web.errors import ImportRunningError
from seedbed.web.locking import StoreLock

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
# Sessions kept at once: each visit of the printed URL opens one (a second browser, a
# reopened tab); past this many the oldest is forgotten and its browser asks for the URL.
MAX_SESSIONS = 64

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
        """What the progress page polls; its texts are shown, so without direction controls."""
        return {"job_id": self.job_id, "filename": neutral(self.filename),
                "phase": self.phase, "detail": neutral(self.detail), "done": self.done,
                "total": self.total, "error": neutral(self.error),
                "new_items": self.new_items, "items": self.items,
                "owners": [neutral(o) for o in self.owners], "finished": self.finished}


class WebState:
    """Shared by every request of one app: secrets, sessions, engines, jobs, the store lock.

    Pages read the stored verdicts. When something changed since they were made, the
    first page to ask brings them up to date (``fresh``: judging what changed, beside other
    pages doing so, ``read``) and the pages asking meanwhile wait for it and share it.
    Changes run one at a time (``write``), an import alone (``run_import``); while an import
    runs, pages that would have to judge and changes are refused at once
    (ImportRunningError) instead of waiting minutes, and pages whose verdicts are current
    are served as usual: SQLite in WAL mode never makes a reader wait.
    """

    def __init__(self, db: Path | str | None, token: str | None = None,
                 max_upload_bytes: int = MAX_UPLOAD_BYTES,
                 judge: Judge | None = None, embedder: Embedder | None = None,
                 hosts: Iterable[str] = ()) -> None:
        self.db = db
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.max_upload_bytes = max_upload_bytes
        self.hosts = frozenset(h.lower() for h in hosts)
        self.jobs: dict[str, ImportJob] = {}
        self._csrf_key = secrets.token_bytes(TOKEN_BYTES)
        # Digests of the live session ids, oldest first: a stolen digest opens nothing.
        self._sessions: dict[str, None] = {}
        self._sessions_lock = threading.Lock()
        self._store = StoreLock()
        self._sync: Future[None] | None = None
        self._sync_lock = threading.Lock()
        self._engines_lock = threading.Lock()
        self._judge = judge
        self._embedder = embedder

    # -- sessions ----------------------------------------------------------------------------

    def check_token(self, candidate: str | None) -> bool:
        """Is ``candidate`` the access token of the printed URL?"""
        return candidate is not None and hmac.compare_digest(candidate.encode(),
                                                             self.token.encode())

    def new_session(self) -> str:
        """A new random session id for the cookie (never the token, nor made from it)."""
        session = secrets.token_urlsafe(TOKEN_BYTES)
        with self._sessions_lock:
            self._sessions[_digest(session)] = None
            while len(self._sessions) > MAX_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
        return session

    def check_session(self, candidate: str | None) -> bool:
        """Is ``candidate`` a session id this app handed out?"""
        return bool(candidate) and _digest(candidate or "") in self._sessions

    def csrf_token(self, session: str) -> str:
        """The CSRF token of a session (the cookie's value): an HMAC only this app can make."""
        return hmac.new(self._csrf_key, session.encode(), hashlib.sha256).hexdigest()

    # -- the store ---------------------------------------------------------------------------

    def engines(self) -> dict[str, Any]:
        """The judge and embedder, loaded once and handed to every service call."""
        with self._engines_lock:
            if self._judge is None or self._embedder is None:
                from seedbed.judge.combine import load_packaged

                self._judge = self._judge or load_packaged()
                self._embedder = self._embedder or service.default_embedder()
            return {"judge": self._judge, "embedder": self._embedder}

    def judging(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a function that judges but writes nothing (checking a draft): no lock."""
        return fn(*args, **kwargs, **self.engines())

    def current(self) -> bool:
        """Are the stored verdicts current (nothing changed since they were made)?"""
        return service.current(self.db, **self.engines())

    def fresh(self) -> None:
        """Make the stored verdicts current before a page reads them: a few queries when
        nothing changed; otherwise one ``service.sync`` (judging what changed), which the
        pages asking while it runs wait for and share, so forty tabs cost one sync.

        Sharing never shows a page less than it asked for: the sync holds the store lock
        shared from start to end, so none of this app's changes can have been made in
        between; a request that comes after it is done starts a new one.
        ImportRunningError during an import, when the verdicts are not current.
        """
        if self.current():
            return
        with self._sync_lock:
            flight = self._sync
            leading = flight is None
            if flight is None:
                flight = self._sync = Future()
        if not leading:
            flight.result()
            return

        def make(**engines: Any) -> None:
            try:
                service.sync(self.db, **engines)
            finally:
                # Closed to newcomers before the lock is let go (a change may follow it).
                with self._sync_lock:
                    self._sync = None

        try:
            self.read(make)
        except BaseException as exc:
            with self._sync_lock:
                if self._sync is flight:  # refused before ``make`` ran
                    self._sync = None
            flight.set_exception(exc)
            raise
        flight.set_result(None)

    def alone(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service function that reads one item (``explain``: judged alone, in
        memory, when what it depends on changed), with the shared judge and embedder and
        no lock. ImportRunningError during an import, when the verdicts are not current
        (judging would wait for the import's writes)."""
        if self.importing() is not None and not self.current():
            self._refuse_page()
        return fn(*args, **kwargs, **self.engines())

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service function that judges (and so may write verdicts) beside other such
        pages, with the shared judge and embedder. ImportRunningError during an import."""
        with self._store.reading(self._refuse_page):
            return fn(*args, **kwargs, **self.engines())

    def write(self, fn: Callable[..., T], *args: Any, judged: bool = True,
              **kwargs: Any) -> T:
        """Run a change alone (with the judge and embedder when ``judged``).
        ImportRunningError during an import."""
        with self._store.writing(self._refuse_change):
            return fn(*args, **kwargs, **(self.engines() if judged else {}))

    def run_import(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run an import alone, once the pages in progress are done."""
        with self._store.writing():
            return fn(*args, **kwargs, **self.engines())

    def importing(self) -> ImportJob | None:
        """The import running (or waiting to start) now, if any."""
        return next((job for job in tuple(self.jobs.values()) if not job.finished), None)

    def _refuse_page(self) -> None:
        if (job := self.importing()) is not None:
            raise ImportRunningError(f"seedbed is importing {job.filename}: this page is "
                                     "ready when the import is done")

    def _refuse_change(self) -> None:
        if (job := self.importing()) is not None:
            raise ImportRunningError(f"seedbed is importing {job.filename}: nothing was "
                                     "changed; try again when the import is done")


def _digest(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()
