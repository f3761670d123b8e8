"""The inbox: every inbound item grouped by verdict, with filters, search and pages."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.web.errors import ImportRunningError
from seedbed.web.paging import href, page_number
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def inbox(request: Request, kind: str = "", verdict: str = "", campaign: str = "",
          since: str = "", until: str = "", q: str = "", page: str = "") -> HTMLResponse:
    """The inbox page: per verdict the count and a page of rows, newest first."""
    state = state_of(request)
    chosen = report.InboxFilter.parse(kind, verdict, campaign, since, until, q)
    at = page_number(page)
    form = request.query_params
    try:
        state.fresh()
    except ImportRunningError:
        # The verdicts are being made by the import: say so rather than show old ones.
        return render(request, "inbox.html", {"inbox": None, "waiting": True,
                                              "filter": chosen, "form": form, "links": {}})
    found = report.inbox(state.db, chosen, at)
    links = {}
    for group in found.groups:
        value = group.label.value
        links[value] = {
            "all": href("/", form, verdict=value, page=None),
            "prev": href("/", form, page=group.page - 1) if group.page > 1 else "",
            "next": href("/", form, page=group.page + 1) if group.page < group.pages else "",
        }
    return render(request, "inbox.html", {"inbox": found, "waiting": False,
                                          "filter": chosen, "form": form, "links": links})
