"""The sender pages: check a draft (form, verdict, findings in the draft) and pacing (counts,
chart, lists), with the app's locks; and the same pages in a real Chromium (marker e2e)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from seedbed import service
from seedbed.sender.check import DraftReport, check_with_store
from seedbed.sender.pacing import PacingReport, pacing_from_store
from tests.conftest import CONNECTIONS, CONNECTIONS_PREAMBLE, INVITATIONS, OWNER_URL, write_csv
from tests.conftest import write_export as write_tiny_export
from tests.web.conftest import csrf_of, make_client, write_jsonl
from tests.web.test_e2e import Site, _act, _open, browser, imported, site  # noqa: F401
from tests.web.test_security import _tags

NINA = "https://www.linkedin.com/in/nina-patel-x7"
PRIYA = "https://www.linkedin.com/in/priya-raman-hx"
# A stranger among the connections (no message, no shared employer), invited and accepted.
NINA_ROW = ["Nina", "Patel", NINA, "", "Fernway Florists", "Owner", "01 Oct 2026"]
NINA_INVITE = ["Dana Okafor", "Nina Patel", "9/25/26, 10:00 AM", "", "OUTGOING", OWNER_URL, NINA]
CLAIM = "I loved your post about crypto trading bots"
DRAFT = (f"Hi {{first_name}}, {CLAIM}. We build data pipelines for logistics firms and cut "
         "their warehouse reporting time in half. Would you be open to a short call next week?")
HOSTILE = ("Hello <script>alert(1)</script> and <img src=x onerror=alert(1)> from us. "
           "Would you like a demo?")


@pytest.fixture
def sender_store(tmp_path: Path, prefs_file: Path, engines: dict[str, Any]) -> Path:
    """The tiny export plus a stranger connection the owner invited (and who accepted)."""
    folder = write_tiny_export(tmp_path / "export")
    write_csv(folder / "Connections.csv", [*CONNECTIONS, NINA_ROW], CONNECTIONS_PREAMBLE)
    write_csv(folder / "Invitations.csv", [*INVITATIONS, NINA_INVITE])
    db = tmp_path / "sender-store" / "seedbed.sqlite3"
    service.triage(folder, db, prefs_file, **engines)
    return db


@pytest.fixture
def client(sender_store: Path, engines: dict[str, Any]) -> Iterator[TestClient]:
    with make_client(sender_store, engines) as c:
        yield c


def _check(client: TestClient, **fields: str) -> Any:
    return client.post("/check", data={"csrf_token": csrf_of(client), **fields})


def _expected(db: Path, engines: dict[str, Any], draft: str, to: str) -> DraftReport:
    return check_with_store(draft, to, db, **engines)


def _text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, element_id
    return match.group(1).strip()


# -- check a draft ----------------------------------------------------------------------------


def test_check_page_offers_the_owners_connections(client: TestClient) -> None:
    html = client.get("/check").text
    options = re.findall(r'<option value="([^"]*)"', html)
    assert NINA in options
    assert PRIYA in options
    assert 'name="csrf_token"' in html


def test_check_without_the_csrf_token_is_refused(client: TestClient) -> None:
    response = client.post("/check", data={"draft": DRAFT, "connection": NINA})
    assert response.status_code == 403


def test_check_shows_the_verdict_of_the_recipients_side(
        client: TestClient, sender_store: Path, engines: dict[str, Any]) -> None:
    response = _check(client, draft=DRAFT, connection=NINA)
    assert response.status_code == 200
    expected = _expected(sender_store, engines, DRAFT, NINA)
    verdict = re.search(r'id="check-verdict"><span class="chip chip-(\w+)"', response.text)
    assert verdict and verdict.group(1) == expected.verdict.label.value
    assert "Nina Patel" in _text_of(response.text, "result-title")
    rows = re.findall(r'data-criterion="(\w+)"', response.text)
    assert rows == [c.name for c in expected.criteria]


def test_merge_field_and_untraceable_claim_are_highlighted_in_the_draft(
        client: TestClient) -> None:
    html = _check(client, draft=DRAFT, connection=NINA).text
    draft = html[html.index('id="check-draft"'):html.index('id="check-criteria"')]
    marked = re.findall(r'<mark class="finding finding-(\w+)"[^>]*>([^<]*)</mark>', draft)
    assert ("fail", "{first_name}") in marked
    assert any(text == CLAIM.removeprefix("I ") for _, text in marked)
    row = re.search(r'data-criterion="personalisation">(.*?)</tr>', html, re.S)
    assert row and CLAIM.removeprefix("I ") in row.group(1)


def test_the_draft_is_shown_whole_and_in_order(client: TestClient) -> None:
    html = _check(client, draft=DRAFT, connection=NINA).text
    shown = re.sub(r"<[^>]+>", "", _draft_html(html))
    assert shown == DRAFT


def _draft_html(html: str) -> str:
    match = re.search(r'id="check-draft">(.*?)</div>', html, re.S)
    assert match
    return match.group(1)


def test_a_hostile_draft_renders_inert(client: TestClient) -> None:
    html = _check(client, draft=HOSTILE, connection=NINA).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _draft_html(html)
    tags = _tags(html)
    assert not any(tag == "img" for tag, _ in tags)
    assert all(attrs.get("src") for tag, attrs in tags if tag == "script")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.split('id="c-draft"')[1]


def test_a_typed_profile_url_wins_over_the_list(client: TestClient) -> None:
    html = _check(client, draft=DRAFT, connection=PRIYA, to=NINA + "/").text
    assert "Nina Patel" in _text_of(html, "result-title")


def test_a_path_instead_of_a_profile_url_is_refused_and_the_draft_kept(
        client: TestClient) -> None:
    response = _check(client, draft=DRAFT, to="/etc/passwd")
    assert response.status_code == 400
    assert "must be the LinkedIn profile URL" in response.text
    assert 'id="result"' not in response.text
    assert "crypto trading bots" in response.text.split('id="c-draft"')[1]


def test_someone_who_is_not_a_connection_is_refused(client: TestClient) -> None:
    response = _check(client, draft=DRAFT, to="https://www.linkedin.com/in/not-a-connection")
    assert response.status_code == 404
    assert "is not one of" in response.text


def test_an_empty_draft_is_refused(client: TestClient) -> None:
    response = _check(client, draft="   ", connection=NINA)
    assert response.status_code == 400
    assert "field 'draft' is empty" in unescape(response.text)


def test_invitation_checkbox_judges_a_note(client: TestClient) -> None:
    note = "Hi Nina, I loved your post about crypto trading bots. Open to connect?"
    html = _check(client, draft=note, connection=NINA, invitation="on").text
    assert "judged as an invitation note" in html
    assert "judged as a message" in _check(client, draft=note, connection=NINA).text


# -- pacing -----------------------------------------------------------------------------------


def _pacing(db: Path, as_of: date | None = None, owner: str | None = None) -> PacingReport:
    return pacing_from_store(db, owner, as_of)


def test_pacing_page_shows_the_counts(client: TestClient, sender_store: Path) -> None:
    expected = _pacing(sender_store)
    html = client.get("/pacing").text
    assert int(_text_of(html, "pacing-sent")) == expected.sent
    assert int(_text_of(html, "pacing-withdraw")) == len(expected.withdraw)
    assert expected.acceptance_rate is not None
    assert _text_of(html, "pacing-rate") == f"{100 * expected.acceptance_rate:.0f}%"
    withdraw = html[html.index('id="withdraw"'):html.index('id="do-not-invite"')]
    assert [i.invitee.name for i in expected.withdraw] == re.findall(
        r'target="_blank">([^<]+)</a>', withdraw)
    for entry in expected.do_not_invite:
        assert entry.person.name in html.split('id="do-not-invite"')[1]


def test_pacing_page_draws_the_weekly_chart_inline(client: TestClient,
                                                   sender_store: Path) -> None:
    expected = _pacing(sender_store)
    html = client.get("/pacing").text
    figure = html[html.index('id="chart-weekly"'):html.index("</figure>")]
    assert "<svg" in figure
    bars = re.findall(r"<rect [^>]*>", figure)
    assert len(bars) == len(expected.weeks[-26:])
    assert "&lt;svg" not in figure  # inlined, not escaped into text


def test_pacing_page_has_no_inline_script_style_or_handler(client: TestClient) -> None:
    response = client.get("/pacing")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    tags = _tags(response.text)
    assert any(tag == "svg" for tag, _ in tags)
    for tag, attrs in tags:
        assert tag != "style"
        assert "style" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        if tag == "script":
            assert attrs.get("src")


def test_check_page_has_no_inline_script_style_or_handler(client: TestClient) -> None:
    for html in (client.get("/check").text, _check(client, draft=HOSTILE, connection=NINA).text):
        for tag, attrs in _tags(html):
            assert tag != "style"
            assert "style" not in attrs, tag
            assert not any(name.startswith("on") for name in attrs), tag


def test_as_of_moves_now(client: TestClient, sender_store: Path) -> None:
    early = date(2026, 8, 10)
    expected = _pacing(sender_store, early)
    html = client.get(f"/pacing?as_of={early.isoformat()}").text
    assert int(_text_of(html, "pacing-withdraw")) == len(expected.withdraw)
    assert int(_text_of(html, "pacing-pending")) == sum(
        1 for i in expected.invitations if i.status.value == "pending")
    assert len(expected.withdraw) != len(_pacing(sender_store).withdraw)


def test_a_bad_as_of_date_is_a_bad_request(client: TestClient) -> None:
    response = client.get("/pacing?as_of=yesterday")
    assert response.status_code == 400
    assert "field 'as_of'" in unescape(response.text)


@pytest.mark.parametrize("path", ["/check", "/pacing"])
def test_an_empty_store_asks_for_an_import(tmp_path: Path, engines: dict[str, Any],
                                           path: str) -> None:
    with make_client(tmp_path / "empty" / "seedbed.sqlite3", engines) as empty:
        response = empty.get(path)
    assert response.status_code == 200
    assert "Import your LinkedIn export" in response.text


def test_a_store_with_two_owners_lets_you_choose(sender_store: Path, tmp_path: Path,
                                                 engines: dict[str, Any]) -> None:
    service.triage(write_jsonl(tmp_path / "people.jsonl"), sender_store, **engines)
    with make_client(sender_store, engines) as two:
        html = two.get("/pacing").text
        keys = re.findall(r'<option value="([^"]+)"', html)
        assert len(keys) == 2
        second = two.get("/pacing", params={"owner": keys[1]}).text
        check = two.get("/check", params={"owner": keys[1]}).text
    assert int(_text_of(html, "pacing-sent")) == _pacing(sender_store, owner=keys[0]).sent
    assert int(_text_of(second, "pacing-sent")) == _pacing(sender_store, owner=keys[1]).sent
    assert NINA not in re.findall(r'<option value="([^"]*)"', check)


def test_the_navigation_links_both_pages(client: TestClient) -> None:
    links = re.findall(r'<nav aria-label="Pages">(.*?)</nav>', client.get("/").text, re.S)[0]
    assert '<a href="/check"' in links and "Check a draft" in links
    assert '<a href="/pacing"' in links and "Pacing" in links


# -- in a real browser ------------------------------------------------------------------------


@pytest.mark.e2e
def test_check_a_draft_and_see_pacing_in_chromium(browser: Any, imported: Site) -> None:  # noqa: F811
    page = _open(browser, imported)
    page.get_by_role("link", name="Check a draft", exact=True).click()
    page.wait_for_url("**/check")
    options = page.locator("#c-connection option").evaluate_all(
        "els => els.map(e => e.value).filter(v => v)")
    assert options
    page.select_option("#c-connection", options[-1])
    page.fill("#c-draft", "Hi {first_name}, I loved your post about crypto trading bots. "
              "<script>alert(1)</script> Our agency can triple your traffic with SEO. "
              "Would you be open to a quick call?")
    page.screenshot(path=str(imported.shots / "12-check-draft-form.png"), full_page=True)
    _act(page, page.get_by_role("button", name="Check the draft").click)
    chip = page.get_attribute("#check-verdict .chip", "class") or ""
    assert re.search(r"chip-(welcome|relevant_pitch|ask_why|spam)", chip)
    assert page.locator("#check-criteria tr.criterion").count() == 7
    marks = page.locator("#check-draft mark.finding").all_inner_texts()
    assert "{first_name}" in marks
    assert "<script>alert(1)</script>" in page.inner_text("#check-draft")
    page.screenshot(path=str(imported.shots / "13-check-draft-result.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(imported.shots / "13b-check-draft-result-full.png"), full_page=True)

    page.get_by_role("link", name="Pacing", exact=True).click()
    page.wait_for_url("**/pacing")
    assert page.locator("#chart-weekly svg rect").count() > 0
    assert int(page.inner_text("#pacing-sent")) > 0
    assert page.locator("#withdraw tbody tr").count() == int(page.inner_text("#pacing-withdraw"))
    page.screenshot(path=str(imported.shots / "14-pacing.png"), full_page=True)
    assert imported.console_errors == []  # no alert dialog, no CSP violation
