"""The inbox: every inbound item grouped by verdict, with filters and search."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()
# A group shows at most this many rows; past that the page gets slow to read and to render,
# and the filters are the better tool.
GROUP_LIMIT = 500


@router.get("/", response_class=HTMLResponse)
def inbox(request: Request, kind: str = "", verdict: str = "", campaign: str = "",
          since: str = "", until: str = "", q: str = "") -> HTMLResponse:
    """The inbox page."""
    state = state_of(request)
    chosen = report.InboxFilter.parse(kind, verdict, campaign, since, until, q)
    if state.importing():
        return render(request, "inbox.html", {"groups": [], "total": 0, "shown": 0,
                                              "filter": chosen, "campaigns": [],
                                              "limit": GROUP_LIMIT, "form": request.query_params})
    listing = state.listing()
    shown = report.filter_rows(listing.rows, chosen)
    return render(request, "inbox.html", {
        "groups": report.group_rows(shown), "total": len(listing.rows), "shown": len(shown),
        "filter": chosen, "campaigns": listing.campaigns, "limit": GROUP_LIMIT,
        "form": request.query_params})
