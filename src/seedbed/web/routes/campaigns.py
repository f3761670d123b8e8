"""Campaigns: the mass outreach found in the inbox, and one campaign's template and members."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.web.charts import stacked_months
from seedbed.web.paging import href, page_number
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns(request: Request, page: str = "") -> HTMLResponse:
    """Every campaign with its size and verdict mix, biggest first, a page at a time."""
    state = state_of(request)
    at = page_number(page)
    state.fresh()
    found = report.campaign_list(state.db, at)
    form = request.query_params
    return render(request, "campaigns.html", {
        "campaigns": found.campaigns, "list": found,
        "prev": href("/campaigns", form, page=at - 1) if at > 1 else "",
        "next": href("/campaigns", form, page=at + 1) if at < found.pages else ""})


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign(request: Request, campaign_id: str) -> HTMLResponse:
    """One campaign: the template with its slots, senders, timeline and members."""
    state = state_of(request)
    state.fresh()
    found = report.campaign_detail(state.db, campaign_id)
    timeline = stacked_months(found.months)
    timeline.chart_id, timeline.title = "timeline", "Members per month by verdict"
    more = {g.label.value: href("/", {}, campaign=campaign_id, verdict=g.label.value)
            for g in found.groups}
    return render(request, "campaign.html", {
        "campaign": found.campaign, "groups": found.groups, "more": more,
        "timeline": timeline})
