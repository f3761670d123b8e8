"""The inbox page: groups in reading order, spam collapsed, filters and search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from seedbed import report, service
from tests.test_campaigns import SENDERS, campaign_export
from tests.web.conftest import make_client, rows


def _senders(html: str) -> list[str]:
    return re.findall(r'<span class="sender">([^<]*)</span>', html)


def test_groups_come_in_reading_order(client: TestClient) -> None:
    html = client.get("/").text
    order = [html.index(f'id="group-{label}"') for label in ("welcome", "ask_why", "spam")]
    assert order == sorted(order)


def test_spam_is_collapsed_and_counted_as_hidden(client: TestClient, store: Path,
                                                 engines: dict[str, Any]) -> None:
    spam = [r for r in rows(store, engines).values() if r.verdict.label.value == "spam"]
    html = client.get("/").text
    assert '<details class="hidden-group">' in html
    assert f"{len(spam)} hidden" in html


def test_spam_opens_when_filtering_for_spam(client: TestClient) -> None:
    html = client.get("/?verdict=spam").text
    assert '<details class="hidden-group" open>' in html


def test_each_row_shows_sender_date_chip_and_summary(client: TestClient, store: Path,
                                                     engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    html = client.get("/").text
    start = html.index(f'id="item-{connor.item.item_id}"')
    row_html = html[start: html.index("</li>", start)]
    assert "Connor Blake" in row_html
    assert connor.item.sent_at is not None
    assert connor.item.sent_at.strftime("%Y-%m-%d") in row_html
    assert 'class="chip chip-spam"' in row_html
    assert str(escape(connor.verdict.summary)) in row_html


def test_filter_by_verdict(client: TestClient) -> None:
    assert set(_senders(client.get("/?verdict=ask_why").text)) == {"Mira Solberg", "Tom Weller"}


def test_filter_by_kind(client: TestClient) -> None:
    senders = set(_senders(client.get("/?kind=message").text))
    assert senders == {"Priya Raman", "Connor Blake", "Zed Marketing"}


def test_search_matches_words_in_the_text(client: TestClient) -> None:
    assert _senders(client.get("/?q=qualified+sales+meetings").text) == ["Connor Blake"]


def test_date_range_keeps_items_inside_it(client: TestClient) -> None:
    senders = set(_senders(client.get("/?since=2026-06-01&until=2026-06-30").text))
    assert senders == {"Connor Blake"}


def test_filter_by_campaign(tmp_path: Path, engines: dict[str, Any]) -> None:
    db = tmp_path / "campaigns" / "seedbed.sqlite3"
    rows = service.triage(campaign_export(tmp_path), db, **engines).rows
    campaign = next(r.campaign_id for r in rows if r.campaign_id)
    with make_client(db, engines) as client:
        assert f'<option value="{campaign}">' in client.get("/").text
        senders = _senders(client.get(f"/?campaign={campaign}").text)
    assert sorted(senders) == sorted(name for name, _, _ in SENDERS)


def test_a_group_shows_a_page_of_rows_and_links_to_the_rest(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "PAGE_ROWS", 1)
    html = client.get("/").text
    assert len(_senders(html[html.index('id="group-ask_why"'):])) <= 2  # ask why, then spam
    assert 'href="/?verdict=ask_why"' in html
    first = _senders(client.get("/?verdict=ask_why").text)
    second = _senders(client.get("/?verdict=ask_why&page=2").text)
    assert len(first) == len(second) == 1
    assert {*first, *second} == {"Mira Solberg", "Tom Weller"}
    assert "page 2 of 2" in client.get("/?verdict=ask_why&page=2").text
    assert client.get("/?verdict=ask_why&page=3").status_code == 400


def test_a_page_that_is_no_number_is_a_400(client: TestClient) -> None:
    for page in ("0", "-1", "x", "²", "9" * 40):
        response = client.get(f"/?page={page}")
        assert response.status_code == 400, page
        assert "page" in response.text


def test_empty_store_points_to_the_import_page(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        html = client.get("/").text
    assert 'href="/import"' in html
    assert "Nothing here yet" in html
