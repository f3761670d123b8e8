"""The network report: charts to read at a glance, drawn on the server as SVG."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.web import charts
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()


@router.get("/report", response_class=HTMLResponse)
def network(request: Request) -> HTMLResponse:
    """The report page: counts and top lists read from the stored verdicts."""
    state = state_of(request)
    state.fresh()
    data = report.network_report(state.db)
    top_campaigns = charts.hbars(
        "campaigns", "Top campaigns", "The biggest mass campaigns by number of items.",
        [(c.preview, c.size, 0, "v-spam",
          f"/campaigns/{c.campaign_id}") for c in data.top_campaigns], ("campaign", "items"))
    spammers = charts.hbars(
        "spammers", "Top senders of spam", "The senders with the most items judged spam.",
        [(name, n, 0, "v-spam", "") for name, _url, n in data.top_spam_senders],
        ("sender", "spam items"))
    return render(request, "report.html", {
        "data": data, "charts": [charts.stacked_months(data.months),
                                 charts.share_by_year(data.connection_years),
                                 charts.invitations(data.invitations), top_campaigns, spammers]})
