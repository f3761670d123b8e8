"""Preferences: edit needs, topics, recruiters and allow/block lists; saving judges again."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from seedbed import report
from seedbed.errors import InputError, NotFoundError
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()
FIELDS = {
    "needs": "What you are looking for now",
    "welcome_topics": "Topics you are glad to hear about",
    "unwelcome_topics": "Topics you never want pitched",
    "languages": "Languages you read (ISO codes such as en, de)",
    "allow": "Always welcome (profile URLs)",
    "block": "Always hidden (profile URLs)",
}


def _count(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@router.get("/preferences", response_class=HTMLResponse)
def page(request: Request, owner: str = "", judged: str = "",
         changed: str = "") -> HTMLResponse:
    """One owner's preferences form (the first owner unless ``owner`` names another)."""
    state = state_of(request)
    owners = state.locked(report.owner_preferences, state.db)
    chosen = next((o for o in owners if str(o.owner_id) == owner), owners[0] if owners else None)
    if owner and (chosen is None or str(chosen.owner_id) != owner):
        raise NotFoundError(f"no owner with id {owner!r} in the store")
    return render(request, "preferences.html", {
        "owners": owners, "owner": chosen, "fields": FIELDS,
        "judged": _count(judged), "changed": _count(changed)})


@router.post("/preferences")
async def save(request: Request) -> RedirectResponse:
    """Store the edited preferences and judge the affected items again."""
    state = state_of(request)
    form = await request.form()
    owner = form.get("owner_id")
    if not isinstance(owner, str) or not owner.isdigit():
        raise InputError("field 'owner_id' must be an owner's number")
    lists = {}
    for name in FIELDS:
        value = form.get(name, "")
        lines = value.splitlines() if isinstance(value, str) else []
        lists[name] = [line.strip() for line in lines if line.strip()]
    prefs = report.preferences_from_lists(lists, form.get("open_to_recruiters") == "on")
    outcome = await run_in_threadpool(state.call, report.save_preferences, state.db, int(owner),
                                      prefs)
    return RedirectResponse(f"/preferences?owner={owner}&done=saved&judged={outcome.judged}"
                            f"&changed={outcome.changed}", status_code=303)
