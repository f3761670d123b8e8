"""Campaign pages: the list (biggest first, a page at a time) and one campaign's template,
senders, timeline and members, read from a store where one template reached the owner
from three senders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from seedbed import report, service
from tests.test_campaigns import SENDERS, campaign_export
from tests.web.conftest import make_client

SLOTTED: tuple[report.TemplateSegment, ...] = (
    ("fixed", "Hi "), ("slot", "Dana|<b>Sam</b>"), ("fixed", ", we help companies like yours"))
# The campaign's note with a "<" in its company slot: shown as text, never as markup.
MARKUP_SENDERS = [(name, slug, f"{company} <3") for name, slug, company in SENDERS]


@pytest.fixture
def campaign_store(tmp_path: Path, engines: dict[str, Any]) -> Path:
    db = tmp_path / "campaigns" / "seedbed.sqlite3"
    service.triage(campaign_export(tmp_path, senders=MARKUP_SENDERS), db, **engines)
    return db


@pytest.fixture
def campaign_id(campaign_store: Path) -> str:
    found = report.campaign_list(campaign_store).campaigns
    assert len(found) == 1
    return found[0].campaign_id


@pytest.fixture
def campaign_client(campaign_store: Path, engines: dict[str, Any]) -> Iterator[TestClient]:
    with make_client(campaign_store, engines) as client:
        yield client


def test_no_campaigns_shows_an_empty_list(client: TestClient) -> None:
    html = client.get("/campaigns").text
    assert "No campaigns found" in html
    assert "<table" not in html


def test_campaign_list_shows_size_senders_and_verdict_mix(
        campaign_client: TestClient, campaign_id: str, campaign_store: Path,
        engines: dict[str, Any]) -> None:
    members = [r for r in service.triage(None, campaign_store, **engines).rows
               if r.campaign_id == campaign_id]
    mix = {label: sum(1 for r in members if r.verdict.label.value == label)
           for label in ("welcome", "relevant_pitch", "ask_why", "spam")}
    html = campaign_client.get("/campaigns").text
    assert f'href="/campaigns/{campaign_id}"' in html
    assert '<td class="num">3</td>' in html
    assert all(name in html for name, _, _ in SENDERS)
    assert "<3" not in html
    assert (f'aria-label="{mix["welcome"]} welcome, {mix["relevant_pitch"]} relevant pitch, '
            f'{mix["ask_why"]} ask why, {mix["spam"]} spam"') in html


def test_campaign_page_highlights_slots_and_lists_members(campaign_client: TestClient,
                                                          campaign_id: str) -> None:
    html = campaign_client.get(f"/campaigns/{campaign_id}").text
    slots = re.findall(r'<mark class="slot">([^<]*)</mark>', html)
    assert any("&lt;" in slot for slot in slots)
    assert "<3" not in html
    assert html.count('class="row"') == 3
    assert 'aria-labelledby="timeline-title timeline-desc"' in html


def test_the_real_template_keeps_the_fixed_words(campaign_store: Path, campaign_id: str) -> None:
    found = report.campaign_detail(campaign_store, campaign_id).campaign
    fixed = "".join(text for kind, text in found.segments if kind == "fixed")
    assert "40 developers in Kraków" in fixed
    assert found.size == 3 and set(found.senders) == {name for name, _, _ in SENDERS}


def test_unknown_campaign_is_a_404(client: TestClient) -> None:
    assert client.get("/campaigns/nope").status_code == 404


def test_a_page_past_the_last_or_no_number_is_a_400(campaign_client: TestClient) -> None:
    for page in ("2", "0", "x", "9" * 30):
        response = campaign_client.get(f"/campaigns?page={page}")
        assert response.status_code == 400, page
        assert "page" in response.text


def test_a_campaign_is_named_by_its_template_with_slots_marked() -> None:
    campaign = report.Campaign("c1", 2, ("A",), {}, SLOTTED)
    assert campaign.preview == "Hi {…}, we help companies like yours"
    long = report.Campaign("c2", 2, ("A",), {}, (("fixed", "word " * 100),))
    assert len(long.preview) == report.PREVIEW_CHARS and long.preview.endswith("…")
