"""The real server serves pages together: pages read stored verdicts and never wait, pages
that must first judge what changed run at once and share one sync, and an import running in
the background holds up no page whose verdicts are current.

To keep a request in progress for as long as a test needs, the test holds the store's
campaign index lock, as another seedbed command updating the campaigns does: judging what
changed, and every import, updates the campaigns first and waits for that lock. What waits
where is read from the server's threads (``sys._current_frames``), never guessed from
timings.
"""

from __future__ import annotations

import re
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from filelock import FileLock

from seedbed import service
from tests.conftest import MESSAGES, OWNER_URL, write_export
from tests.web.conftest import Live, rows, serving

# Ceiling for anything the test waits on; only a broken app comes near it.
WAIT_S = 60.0


@contextmanager
def campaigns_locked(db: Path) -> Iterator[None]:
    """Hold the lock of the store's campaign index (``<store>.campaigns.lock``)."""
    with FileLock(str(db) + ".campaigns.lock"):
        yield


def _threads_in(filename: str, function: str) -> int:
    """How many threads are running ``function`` of a file ending in ``filename`` now."""
    count = 0
    for frame in sys._current_frames().values():
        current: Any = frame
        while current is not None:
            code = current.f_code
            if code.co_name == function and code.co_filename.endswith(filename):
                count += 1
                break
            current = current.f_back
    return count


def _waiting_for_campaigns() -> int:
    return _threads_in("seedbed/campaigns.py", "update")


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


class Request(threading.Thread):
    """One request sent from its own thread, with the session of ``live``."""

    def __init__(self, live: Live, method: str, path: str, **kw: Any) -> None:
        super().__init__(daemon=True)
        self.live, self.method, self.path, self.kw = live, method, path, kw
        self.response: httpx.Response | None = None
        self.start()

    def run(self) -> None:
        with httpx.Client(cookies=self.live.client.cookies, timeout=WAIT_S) as client:
            self.response = client.request(self.method, self.live.base + self.path,
                                           **self.kw)

    def result(self) -> httpx.Response:
        self.join(WAIT_S)
        assert self.response is not None, f"{self.method} {self.path} did not finish"
        return self.response


def _csrf(live: Live) -> str:
    html = live.client.get(live.base + "/import").text
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match
    return match.group(1)


def _get(live: Live, path: str) -> httpx.Response:
    return live.client.get(live.base + path)


def _stale(store: Path, tmp_path: Path) -> None:
    """Import one new message into the store without judging it (as ``seedbed import``
    in a terminal does): the stored verdicts are then no longer current."""
    newer = write_export(tmp_path / "newer", [*MESSAGES, NEW_MESSAGE])
    service.import_path(newer, store)


NEW_MESSAGE = ["2-new", "", "Nia Quill", "https://www.linkedin.com/in/nia-quill-x7",
               "Dana Okafor", OWNER_URL, "2026-09-30 09:00:00 UTC", "",
               "Hello Dana, we sell growth hacking packages. A quick call?", "INBOX"]
READING = ("/preferences", "/pacing", "/check", "/import", "/static/style.css")


def test_pages_over_current_verdicts_never_judge_nor_wait(store: Path,
                                                         engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"].item.item_id
    with serving(store, engines) as live, campaigns_locked(store):
        # Nothing changed since the verdicts were made: every page reads them, and none
        # waits for the campaign index another command holds.
        for path in ("/", "/report", "/campaigns", f"/items/{connor}", *READING):
            assert _get(live, path).status_code == 200, path
        assert _waiting_for_campaigns() == 0


def test_pages_that_judge_run_at_once_and_reading_pages_never_wait(
        store: Path, engines: dict[str, Any], tmp_path: Path) -> None:
    by_name = rows(store, engines)
    connor, priya = (by_name[n].item.item_id for n in ("Connor Blake", "Priya Raman"))
    with serving(store, engines) as live:
        csrf = _csrf(live)
        _stale(store, tmp_path)  # after the server's first page, which judged everything
        with campaigns_locked(store):
            listings = [Request(live, "GET", path) for path in ("/", "/report", "/campaigns")]
            items = [Request(live, "GET", f"/items/{item}") for item in (connor, priya)]
            # Five pages in progress together: the two items are judged alone, at once,
            # beside the three listing pages, which share one sync of the store.
            _until(lambda: _threads_in("seedbed/web/state.py", "fresh") == 3
                   and _waiting_for_campaigns() == 3, "five pages in progress at once")
            for path in READING:
                assert _get(live, path).status_code == 200, path
            # A change waits for the pages it would otherwise change under their feet.
            mark = Request(live, "POST", f"/items/{connor}/mark",
                           data={"label": "welcome", "csrf_token": csrf})
            _until(lambda: _threads_in("seedbed/web/locking.py", "writing") == 1,
                   "the mark waiting for the pages")
            assert all(r.is_alive() for r in (*listings, *items, mark))
        assert [r.result().status_code for r in (*listings, *items)] == [200] * 5
        assert "Connor Blake" in listings[0].result().text
        assert "Nia Quill" in listings[0].result().text
        assert mark.result().status_code == 303
        assert "your correction" in _get(live, f"/items/{connor}").text
    assert rows(store, engines)["Connor Blake"].verdict.source == "your correction"


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def _status(live: Live, job: str) -> dict[str, Any]:
    status: dict[str, Any] = _get(live, f"{job}/status").json()
    return status


@pytest.mark.parametrize("adds", [False, True], ids=["nothing-new", "new-items"])
def test_pages_are_served_while_an_import_runs(store: Path, export_dir: Path, tmp_path: Path,
                                               engines: dict[str, Any], adds: bool) -> None:
    folder = write_export(tmp_path / "upload", [*MESSAGES, NEW_MESSAGE]) if adds else export_dir
    archive = _zip(folder, tmp_path / "Basic_LinkedInDataExport.zip")
    item_id = rows(store, engines)["Connor Blake"].item.item_id
    with serving(store, engines) as live:
        csrf = _csrf(live)
        with campaigns_locked(store):
            response = live.client.post(
                live.base + "/import", data={"csrf_token": csrf},
                files={"export": (archive.name, archive.read_bytes(), "application/zip")})
            assert response.status_code == 303
            job = response.headers["location"]
            _until(lambda: _waiting_for_campaigns() == 1, "the import in progress")
            assert _status(live, job)["phase"] in ("reading", "judging")
            # Pages that only read are served as usual.
            assert "SEO agencies" in _get(live, "/preferences").text
            assert "Importing Basic_LinkedInDataExport.zip" in _get(live, job).text
            for path in ("/pacing", "/check", "/import", "/static/app.js"):
                assert _get(live, path).status_code == 200, path
            judging = (f"/items/{item_id}", "/campaigns", "/report")
            if adds:
                # The import added items its own triage has not judged yet: pages that
                # would judge them are refused at once rather than kept waiting.
                assert "An import is running" in _get(live, "/").text
                for path in judging:
                    busy = _get(live, path)
                    assert busy.status_code == 503, path
                    assert "is importing Basic_LinkedInDataExport.zip" in busy.text
                    assert busy.headers["retry-after"].isdigit()
            else:
                # Nothing new: the stored verdicts are current and every page reads them.
                assert "Connor Blake" in _get(live, "/").text
                for path in judging:
                    assert _get(live, path).status_code == 200, path
            refused = live.client.post(live.base + f"/items/{item_id}/mark",
                                       data={"label": "welcome", "csrf_token": csrf})
            assert refused.status_code == 503
            assert "nothing was changed" in refused.text
            assert not _status(live, job)["finished"]  # all of it while the import ran
        _until(lambda: _status(live, job)["finished"], "the import to finish")
        assert _status(live, job)["phase"] == "done"
        assert "Connor Blake" in _get(live, f"/items/{item_id}").text
    assert rows(store, engines)["Connor Blake"].verdict.source == "model"
