"""Campaign pages against the campaigns protocol: empty today, filled by a provider."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from seedbed import report
from seedbed.triage import TriageRow
from tests.web.conftest import make_client

CAMPAIGN = "5eed0000ca"
SLOTTED: tuple[report.TemplateSegment, ...] = (
    ("fixed", "Hi "), ("slot", "Dana|<b>Sam</b>"), ("fixed", ", we help companies like yours"))


def _provider(rows: Sequence[TriageRow]) -> list[report.Campaign]:
    tagged = [replace(r, campaign_id=CAMPAIGN, campaign_size=2)
              if r.item.sender.name in ("Connor Blake", "Zed Marketing") else r for r in rows]
    return report.campaigns_from_rows(tagged, template=lambda texts: SLOTTED)


def test_no_campaigns_shows_an_empty_list(client: TestClient) -> None:
    html = client.get("/campaigns").text
    assert "No campaigns found" in html
    assert "<table" not in html


def test_campaign_list_shows_size_senders_and_verdict_mix(store: Path,
                                                          engines: dict[str, Any]) -> None:
    with make_client(store, engines, campaigns=_provider) as client:
        html = client.get("/campaigns").text
    assert f'href="/campaigns/{CAMPAIGN}"' in html
    assert '<td class="num">2</td>' in html
    assert "Connor Blake" in html and "Zed Marketing" in html
    assert 'aria-label="0 welcome, 0 relevant pitch, 0 ask why, 2 spam"' in html


def test_campaign_page_highlights_slots_and_lists_members(store: Path,
                                                          engines: dict[str, Any]) -> None:
    with make_client(store, engines, campaigns=_provider) as client:
        html = client.get(f"/campaigns/{CAMPAIGN}").text
    assert '<mark class="slot">Dana|&lt;b&gt;Sam&lt;/b&gt;</mark>' in html
    assert html.count('class="row"') == 2
    assert 'aria-labelledby="timeline-title timeline-desc"' in html


def test_unknown_campaign_is_a_404(client: TestClient) -> None:
    assert client.get("/campaigns/nope").status_code == 404


def test_campaigns_from_rows_ignores_rows_without_a_campaign(store: Path,
                                                             engines: dict[str, Any]) -> None:
    from tests.web.conftest import rows

    all_rows = list(rows(store, engines).values())
    assert report.campaigns_from_rows(all_rows) == []
    found = _provider(all_rows)
    assert [(c.campaign_id, c.size, c.verdicts["spam"]) for c in found] == [(CAMPAIGN, 2, 2)]
    assert found[0].segments == SLOTTED


def test_a_campaign_is_named_by_its_template_with_slots_marked() -> None:
    campaign = report.Campaign("c1", 2, ("A",), {}, SLOTTED, ("x", "y"))
    assert campaign.preview == "Hi {…}, we help companies like yours"
    long = report.Campaign("c2", 2, ("A",), {}, (("fixed", "word " * 100),), ("x", "y"))
    assert len(long.preview) == report.PREVIEW_CHARS and long.preview.endswith("…")
