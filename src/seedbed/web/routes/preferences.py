"""Preferences: edit needs, topics, recruiters and allow/block lists; saving judges again."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from seedbed import report
from seedbed.errors import InputError, NotFoundError
from seedbed.model import Preferences
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


# SQLite's integers end at 2**63 - 1 (19 digits, not all of them); 18 digits always fit.
MAX_DIGITS = 18


def _count(value: object) -> int | None:
    """A count or id from the request, or None. ``isdigit`` alone would pass "²" and
    5,000-digit text, which ``int`` refuses with a ValueError; 19 nines pass ``int`` but
    not SQLite (OverflowError)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() \
            and len(value) <= MAX_DIGITS:
        return int(value)
    return None


def _preferences(lists: dict[str, list[str]], open_to_recruiters: bool) -> Preferences:
    """The form's preferences, checked like a file; InputError naming the field (also when a
    parser below refuses a line with its own ValueError rather than seedbed's words)."""
    try:
        return report.preferences_from_lists(lists, open_to_recruiters)
    except ValueError as exc:
        field = next((name for name, lines in lists.items() if not _parses(name, lines)),
                     "preferences")
        raise InputError(f"field {field!r}: {exc}") from exc


def _parses(name: str, lines: list[str]) -> bool:
    try:
        report.preferences_from_lists({name: lines}, False)
    except (ValueError, InputError):
        return False
    return True


@router.get("/preferences", response_class=HTMLResponse)
def page(request: Request, owner: str = "", judged: str = "",
         changed: str = "") -> HTMLResponse:
    """One owner's preferences form (the first owner unless ``owner`` names another)."""
    state = state_of(request)
    owners = report.owner_preferences(state.db)
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
    owner = _count(form.get("owner_id"))
    if owner is None:
        raise InputError("field 'owner_id' must be an owner's number")
    lists = {}
    for name in FIELDS:
        value = form.get(name, "")
        lines = value.splitlines() if isinstance(value, str) else []
        lists[name] = [line.strip() for line in lines if line.strip()]
    prefs = _preferences(lists, form.get("open_to_recruiters") == "on")
    outcome = await run_in_threadpool(state.write, report.save_preferences, state.db,
                                      owner, prefs)
    return RedirectResponse(f"/preferences?owner={owner}&done=saved&judged={outcome.judged}"
                            f"&changed={outcome.changed}", status_code=303)
