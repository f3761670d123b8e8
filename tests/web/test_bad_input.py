"""Hostile or unlucky input in the web forms and addresses: a clean page naming the field
(400 or 404), never a 500; and Unicode direction controls never reach a page."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from seedbed import service
from seedbed.web.bidi import BIDI_CONTROLS
from tests.web.conftest import csrf_of, make_client, rows
from tests.web.test_senders_pages import DRAFT, sender_store  # noqa: F401

BROKEN_URL = "https://[example.com/in/someone"  # an unclosed IPv6 bracket


def _save_prefs(client: TestClient, **fields: str) -> Any:
    data = {"csrf_token": csrf_of(client), "owner_id": "1", **fields}
    return client.post("/preferences", data=data, follow_redirects=False)


@pytest.mark.parametrize("field", ["allow", "block"])
def test_a_broken_profile_url_in_a_list_is_a_400_naming_the_field(client: TestClient,
                                                                  field: str) -> None:
    response = _save_prefs(client, **{field: f"https://www.linkedin.com/in/ok\n{BROKEN_URL}"})
    assert response.status_code == 400
    assert f"field '{field}'" in unescape(response.text)
    assert "unexpected error" not in response.text


@pytest.mark.parametrize("owner_id", ["9" * 5000, "²", "-1", "1e3", ""])
def test_an_owner_id_that_is_no_owner_number_is_a_400(client: TestClient,
                                                      owner_id: str) -> None:
    response = _save_prefs(client, owner_id=owner_id)
    assert response.status_code == 400
    assert "field 'owner_id'" in unescape(response.text)


def test_a_huge_owner_number_is_not_an_owner(client: TestClient) -> None:
    assert _save_prefs(client, owner_id="9" * 19).status_code in (400, 404)


@pytest.mark.parametrize("query", ["judged=" + "9" * 5000, "changed=²", "owner=" + "9" * 5000])
def test_odd_preferences_page_addresses_are_no_500(client: TestClient, query: str) -> None:
    assert client.get(f"/preferences?{query}").status_code in (200, 404)


def test_a_broken_recipient_url_is_a_400_naming_the_field_and_keeps_the_draft(
        sender_store: Path, engines: dict[str, Any]) -> None:  # noqa: F811
    with make_client(sender_store, engines) as client:
        response = client.post("/check", data={"csrf_token": csrf_of(client), "draft": DRAFT,
                                               "to": BROKEN_URL})
    assert response.status_code == 400
    assert "field 'to'" in unescape(response.text)
    assert "crypto trading bots" in response.text  # the draft is still in the form


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_pacing_at_the_ends_of_the_calendar_is_a_clean_page(
        sender_store: Path, engines: dict[str, Any], as_of: str) -> None:  # noqa: F811
    with make_client(sender_store, engines) as client:
        response = client.get(f"/pacing?as_of={as_of}")
    assert response.status_code in (200, 400), response.status_code
    assert "unexpected error" not in response.text
    if response.status_code == 400:
        assert "field 'as_of'" in unescape(response.text)


@pytest.mark.parametrize("wildcard", ["%25", "_", "%5F"])
def test_an_item_id_prefix_is_literal(client: TestClient, store: Path,
                                      engines: dict[str, Any], wildcard: str) -> None:
    item_id = rows(store, engines)["Priya Raman"].item.item_id
    assert client.get(f"/items/{item_id[:4]}").status_code in (200, 404)  # 404: shared prefix
    assert client.get(f"/items/{item_id}").status_code == 200
    for probe in (f"{item_id[:4]}{wildcard}", f"{wildcard * 4}", f"{item_id[:6]}{wildcard}"):
        response = client.get(f"/items/{probe}")
        assert response.status_code == 404, probe
        assert "Priya Raman" not in response.text


# -- direction controls -----------------------------------------------------------------------

# "Pay the invoice" with an override: a browser would draw the rest of the name backwards.
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
SPOOF_NAME = f"Mallory {RLO}fdp.exe{PDF} Support"
SPOOF_TEXT = (f"Please open the attached invoice{RLO}gpj.exe and {LRI}reply{PDI} today. "
              "Our agency books demos for you.")


@pytest.fixture
def bidi_store(tmp_path: Path, engines: dict[str, Any]) -> Path:
    lines = [
        {"type": "profile", "name": "Ada Test", "headline": "Head of Data",
         "profile_url": "https://www.linkedin.com/in/ada-test-owner"},
        {"type": "message", "conversation_id": "c-bidi", "sent_at": "2026-05-02T09:00:00Z",
         "sender": {"name": SPOOF_NAME,
                    "profile_url": "https://www.linkedin.com/in/mallory-bidi"},
         "subject": f"Invoice {RLO}1202", "text": SPOOF_TEXT},
    ]
    source = tmp_path / "bidi.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = tmp_path / "bidi-store" / "seedbed.sqlite3"
    service.triage(source, db, **engines)
    return db


def test_direction_controls_never_reach_a_page(bidi_store: Path,
                                               engines: dict[str, Any]) -> None:
    row = service.triage(None, bidi_store, **engines).rows[0]
    assert row.item.text == SPOOF_TEXT  # stored as received
    with make_client(bidi_store, engines) as client:
        pages = {path: client.get(path).text for path in
                 ("/", f"/items/{row.item.item_id}", "/?q=invoice", "/report", "/campaigns")}
    for path, html in pages.items():
        assert not BIDI_CONTROLS & set(html), path
    item = unescape(pages[f"/items/{row.item.item_id}"])
    assert "Mallory fdp.exe Support" in item  # every visible character, in stored order
    assert "invoicegpj.exe" in item
    assert "Mallory fdp.exe Support" in unescape(pages["/"])


@pytest.mark.parametrize("length", ["9" * 5000, "12a", "1" * 19])
def test_a_content_length_that_is_no_size_is_a_400(client: TestClient, length: str) -> None:
    response = client.post("/preferences", headers={"content-length": length}, content=b"")
    assert response.status_code == 400
    assert "Content-Length" in response.text
