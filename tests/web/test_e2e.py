"""End to end in a real headless Chromium: import the demo export through the Import page,
read the inbox, open, mark and undo an item (buttons and keys), change a need and watch a
verdict change, open the report. Screenshots go to $SEEDBED_SCREENSHOTS (default: a pytest
temporary folder).

Needs Debian's chromium at /usr/bin/chromium (scripts/setup_system.sh installs it) and the
Playwright package; never ``playwright install``. A missing browser FAILS these tests.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import seedbed
from seedbed.web.command import build

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("SEEDBED_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DEMO = Path(seedbed.__file__).parent / "data" / "demo"
DEMO_ZIP = DEMO / "Basic_LinkedInDataExport_11-20-2026.zip"
DEMO_PREFS = DEMO / "demo.prefs.toml"
# Importing and judging the demo takes seconds; the first run also loads the ONNX model.
IMPORT_TIMEOUT_MS = 180_000
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Site:
    base: str
    token_url: str
    shots: Path
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup_system.sh (it installs "
                    "Debian's chromium) or set SEEDBED_CHROMIUM", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Playwright package is missing: pip install playwright (do not run "
                    "'playwright install'; the tests use the system Chromium)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real server on its random loopback address and a free port, over an empty store."""
    db = tmp_path_factory.mktemp("e2e-store") / "seedbed.sqlite3"
    server, sock, url = build(db, port=0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    shots = Path(os.environ.get("SEEDBED_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    shots.mkdir(parents=True, exist_ok=True)
    yield Site(url.split("/?")[0], url, shots)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def _open(browser: Any, site: Site) -> Any:
    """A fresh browser page that has visited the printed URL; console errors are recorded."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and site.console_errors.append(m.text))
    page.on("pageerror", lambda e: site.console_errors.append(str(e)))
    page.on("dialog", lambda d: (site.console_errors.append("dialog: " + d.message),
                                 d.dismiss()))
    page.goto(site.token_url)
    return page


@pytest.fixture(scope="module")
def imported(browser: Any, site: Site) -> Site:
    """The demo export and its preferences imported through the Import page."""
    page = _open(browser, site)
    assert "token=" not in page.url
    page.get_by_role("link", name="Import", exact=True).click()
    page.set_input_files("#export", str(DEMO_ZIP))
    page.set_input_files("#prefs", str(DEMO_PREFS))
    page.screenshot(path=str(site.shots / "01-import.png"), full_page=True)
    page.get_by_role("button", name="Import and judge").click()
    page.wait_for_selector("#job")
    page.screenshot(path=str(site.shots / "02-import-progress.png"))
    page.wait_for_selector("#job-done", state="visible", timeout=IMPORT_TIMEOUT_MS)
    assert int(page.inner_text("#job-items")) > 100
    page.screenshot(path=str(site.shots / "03-import-done.png"))
    page.context.close()
    return site


def _act(page: Any, do: Any) -> None:
    """Do something that navigates (a form post, a key that posts) and wait for the new page."""
    with page.expect_navigation():
        do()
    page.wait_for_load_state("load")


def _chip(page: Any) -> str:
    classes = page.get_attribute(".verdict .chip", "class") or ""
    return classes.split("chip-")[-1]


def test_inbox_groups_the_demo_export(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    sections = page.locator("section.group").evaluate_all("els => els.map(e => e.id)")
    assert sections == ["group-welcome", "group-relevant_pitch", "group-ask_why", "group-spam"]
    summary = page.inner_text("#group-spam summary")
    assert re.search(r"\d+ hidden", summary)
    assert not page.is_visible("#group-spam .row")  # spam stays collapsed
    page.screenshot(path=str(imported.shots / "04-inbox.png"), full_page=False)
    page.click("#group-spam summary")
    assert page.is_visible("#group-spam .row")
    page.screenshot(path=str(imported.shots / "05-inbox-spam-open.png"))
    assert imported.console_errors == []


def test_open_mark_and_undo_an_item(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    first = page.locator("#group-welcome .row").first
    item_id = first.get_attribute("data-item")
    first.locator("a").click()
    page.wait_for_url(f"**/items/{item_id}")
    assert _chip(page) == "welcome"
    assert page.is_visible("section.reasons table")
    assert page.is_visible("section.facts table")
    page.screenshot(path=str(imported.shots / "06-item.png"), full_page=True)
    _act(page, page.get_by_role("button", name="Mark spam").click)
    assert _chip(page) == "spam"
    assert "your correction" in page.inner_text(".verdict .source")
    assert "Marked." in page.inner_text(".flash")
    _act(page, page.get_by_role("button", name="Undo my correction").click)
    assert _chip(page) == "welcome"
    assert "undone" in page.inner_text(".flash")
    assert imported.console_errors == []


def test_keyboard_moves_marks_and_undoes(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = page.locator(".row.focused")
    item_id = second.get_attribute("data-item")
    assert item_id == page.locator("#group-welcome .row").nth(1).get_attribute("data-item")
    page.keyboard.press("k")
    assert page.locator(".row.focused").get_attribute("data-item") != item_id
    page.keyboard.press("j")
    _act(page, lambda: page.keyboard.press("s"))
    assert page.locator(f"#group-spam #item-{item_id}").count() == 1
    page.goto(f"{imported.base}/items/{item_id}")
    assert _chip(page) == "spam"
    _act(page, lambda: page.keyboard.press("u"))
    assert _chip(page) == "welcome"
    _act(page, lambda: page.keyboard.press("w"))
    assert "your correction" in page.inner_text(".verdict .source")
    _act(page, lambda: page.keyboard.press("u"))
    assert page.inner_text(".verdict .source") != "decided by: your correction"
    assert imported.console_errors == []


def _item_with(page: Any, site: Site, words: str, label: str) -> str:
    page.goto(f"{site.base}/?q={words.replace(' ', '+')}&verdict={label}")
    return str(page.locator(".row").first.get_attribute("data-item"))


def test_changing_a_need_changes_a_verdict(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    item_id = _item_with(page, imported, "following up on the speaking opportunity",
                         "relevant_pitch")
    page.goto(f"{imported.base}/preferences")
    needs = page.input_value("#f-needs")
    speaking = [line for line in needs.splitlines() if "speaking slot" in line]
    assert speaking, needs
    page.fill("#f-needs", "\n".join(x for x in needs.splitlines() if x not in speaking))
    page.screenshot(path=str(imported.shots / "07-preferences.png"), full_page=True)
    _act(page, page.get_by_role("button", name="Save and judge again").click)
    assert re.search(r"[1-9]\d* changed verdict", page.inner_text(".flash-detail"))
    page.goto(f"{imported.base}/items/{item_id}")
    assert _chip(page) != "relevant_pitch"
    page.screenshot(path=str(imported.shots / "08-item-after-need-removed.png"))
    # Putting the need back brings the verdict back.
    page.goto(f"{imported.base}/preferences")
    page.fill("#f-needs", needs)
    _act(page, page.get_by_role("button", name="Save and judge again").click)
    page.goto(f"{imported.base}/items/{item_id}")
    assert _chip(page) == "relevant_pitch"
    assert imported.console_errors == []


def test_ask_why_item_shows_a_reply_to_copy(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    page.goto(f"{imported.base}/?verdict=ask_why")
    page.locator(".row a").first.click()
    assert _chip(page) == "ask_why"
    draft = page.input_value("#reply-text")
    assert "?" in draft
    page.screenshot(path=str(imported.shots / "09-ask-why.png"), full_page=True)
    assert imported.console_errors == []


def test_markup_in_a_message_stays_text(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    item_id = _item_with(page, imported, "stunning apps", "")
    page.goto(f"{imported.base}/items/{item_id}")
    page.click("details.raw-html summary")
    shown = page.inner_text("details.raw-html pre")
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert page.locator("main img").count() == 0
    page.screenshot(path=str(imported.shots / "10-markup-as-text.png"), full_page=True)
    assert imported.console_errors == []  # no alert dialog, no CSP violation


def test_report_draws_its_charts(browser: Any, imported: Site) -> None:
    page = _open(browser, imported)
    page.get_by_role("link", name="Report", exact=True).click()
    for chart in ("months", "years", "invitations", "spammers"):
        svg = page.locator(f"#chart-{chart} svg")
        assert svg.get_attribute("role") == "img"
        assert svg.locator("rect").count() > 0
    page.screenshot(path=str(imported.shots / "11-report.png"), full_page=True)
    assert imported.console_errors == []


def test_a_browser_without_the_token_sees_nothing(browser: Any, site: Site) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(site.base + "/")
    assert response is not None and response.status == 401
    assert "Access token needed" in page.inner_text("h1")
    context.close()
