"""Campaigns: the mass outreach found in the inbox, and one campaign's template and members."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.web.charts import stacked_months
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns(request: Request) -> HTMLResponse:
    """Every campaign with its size and verdict mix."""
    return render(request, "campaigns.html",
                  {"campaigns": state_of(request).listing().campaigns})


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign(request: Request, campaign_id: str) -> HTMLResponse:
    """One campaign: the template with its slots, senders, timeline and members."""
    listing = state_of(request).listing()
    rows = listing.rows
    found = report.find_campaign(listing.campaigns, campaign_id)
    members = set(found.members)
    member_rows = [r for r in rows if r.item.item_id in members]
    timeline = stacked_months(report.inbound_by_month(member_rows))
    timeline.chart_id, timeline.title = "timeline", "Members per month by verdict"
    return render(request, "campaign.html", {
        "campaign": found, "rows": [r for _, g in report.group_rows(member_rows) for r in g],
        "timeline": timeline})
