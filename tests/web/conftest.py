"""Fixtures for the web app: a judged tiny store, a client holding the session cookie, and
the real server on a loopback address."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from seedbed import service
from seedbed.triage import TriageRow
from seedbed.web import create_app
from seedbed.web.command import build

TOKEN = "test-access-token"
OWNER = "https://www.linkedin.com/in/ada-test-owner"
XSS_TEXT = ("Quick look: <script>alert(1)</script> and <img src=x onerror=alert(1)> "
            "in our deck? Our agency books demos for you.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end tests in a real headless Chromium")


@pytest.fixture(scope="session")
def engines() -> dict[str, Any]:
    """The packaged judge and embedder, loaded once for all web tests."""
    from seedbed.judge.combine import load_packaged

    return {"judge": load_packaged(), "embedder": service.default_embedder()}


@pytest.fixture
def store(export_dir: Path, db: Path, prefs_file: Path, engines: dict[str, Any]) -> Path:
    """The tiny export imported and judged, with preferences."""
    service.triage(export_dir, db, prefs_file, **engines)
    return db


def write_jsonl(path: Path) -> Path:
    """A one-owner JSONL file: a message with markup as text, one sender with no URL."""
    lines = [
        {"type": "profile", "name": "Ada Test", "headline": "Head of Data",
         "profile_url": OWNER},
        {"type": "message", "conversation_id": "c-xss", "sent_at": "2026-05-02T09:00:00Z",
         "sender": {"name": "Mallory Markup",
                    "profile_url": "https://www.linkedin.com/in/mallory-markup"},
         "text": XSS_TEXT, "html": "<p>Quick look</p>"},
        {"type": "message", "conversation_id": "c-anon", "sent_at": "2026-05-03T09:00:00Z",
         "sender": {"name": "LinkedIn Member"}, "text": "We sell widgets. Call us?"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def jsonl_store(tmp_path: Path, engines: dict[str, Any]) -> Path:
    db = tmp_path / "jsonl-store" / "seedbed.sqlite3"
    service.triage(write_jsonl(tmp_path / "people.jsonl"), db, **engines)
    return db


# How long the real server may take to start; only a broken server comes near it.
START_TIMEOUT_S = 30.0


@dataclass
class Live:
    """The real server: its base URL (``http://127.x.y.z:port``), the printed URL (with the
    token) and a client that has visited it."""

    base: str
    url: str
    server: uvicorn.Server
    client: httpx.Client


@contextmanager
def serving(db: Path, engines: dict[str, Any], host: str | None = None) -> Iterator[Live]:
    """``seedbed ui``'s server (``build``) over ``db`` in a thread, on port 0."""
    server, sock, url = build(db, host, 0, **engines)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        with httpx.Client(timeout=START_TIMEOUT_S) as client:
            assert client.get(url, follow_redirects=True).status_code == 200
            yield Live(url.split("/?")[0], url, server, client)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def make_client(db: Path, engines: dict[str, Any], **kw: Any) -> TestClient:
    """A client that has visited the printed URL (so it holds a session cookie)."""
    client = TestClient(create_app(db, token=TOKEN, **engines, **kw))
    assert client.get(f"/?token={TOKEN}").status_code == 200
    return client


@pytest.fixture
def client(store: Path, engines: dict[str, Any]) -> Iterator[TestClient]:
    with make_client(store, engines) as c:
        yield c


@pytest.fixture
def jsonl_client(jsonl_store: Path, engines: dict[str, Any]) -> Iterator[TestClient]:
    with make_client(jsonl_store, engines) as c:
        yield c


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, as a page carries it."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/import").text)
    assert match
    return match.group(1)


def rows(db: Path, engines: dict[str, Any]) -> dict[str, TriageRow]:
    """The store's rows by sender name."""
    return {r.item.sender.name: r for r in service.triage(None, db, **engines).rows}
