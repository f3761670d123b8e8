"""The inbox page: groups in reading order, spam collapsed, filters and search."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from markupsafe import escape

from seedbed import report
from seedbed.triage import TriageRow
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


def test_filter_by_campaign(store: Path, engines: dict[str, Any]) -> None:
    def one_campaign(all_rows: Any) -> list[report.Campaign]:
        tagged = [replace(r, campaign_id="c0ffee", campaign_size=2) if r.item.sender.name in
                  ("Connor Blake", "Zed Marketing") else r for r in all_rows]
        return report.campaigns_from_rows(tagged)

    with make_client(store, engines, campaigns=one_campaign) as client:
        html = client.get("/").text
        assert '<option value="c0ffee">' in html
    # The filter reads the rows' campaign ids, which the real campaign detection fills.
    tagged: list[TriageRow] = [replace(r, campaign_id="c0ffee") if r.item.sender.name ==
                               "Zed Marketing" else r for r in rows(store, engines).values()]
    kept = report.filter_rows(tagged, report.InboxFilter.parse(campaign="c0ffee"))
    assert [r.item.sender.name for r in kept] == ["Zed Marketing"]


def test_empty_store_points_to_the_import_page(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        html = client.get("/").text
    assert 'href="/import"' in html
    assert "Nothing here yet" in html
