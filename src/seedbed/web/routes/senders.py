"""The sender pages: check a draft before sending it, and the pacing of your own invitations.

Routes parse the form and call what ``seedbed check`` and ``seedbed pacing`` call
(``seedbed.sender.check.check_with_store``, ``seedbed.sender.pacing.pacing_from_store``)
through the app's ``WebState``. No judging and no SQL here. The weekly chart is the SVG of
``seedbed.sender.pacing.weekly_chart_svg``, inlined: that function escapes every text it
writes and uses presentation attributes only (no script, no style attribute), so it is the
one string a template receives as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed import report
from seedbed.errors import InputError, NotFoundError
from seedbed.model import Clue, canonical_profile_url
from seedbed.sender.check import DraftReport, Status, check_with_store
from seedbed.sender.pacing import (
    CHART_WEEKS,
    PENDING_DAYS,
    WEEKLY_LIMIT,
    WEEKLY_WARN,
    InvitationStatus,
    pacing_from_store,
    weekly_chart_svg,
)
from seedbed.sender.profiles import Recipient, connection_recipients, engine_for, pick_owner
from seedbed.store import queries
from seedbed.web.errors import status_for
from seedbed.web.security import state_of
from seedbed.web.templating import render

router = APIRouter()
# LinkedIn messages hold up to 8,000 characters; a longer "draft" is not a message, and
# embedding it would keep the app busy for nothing.
DRAFT_LIMIT = 8_000
# What canonical_profile_url makes of a LinkedIn profile URL; anything else is not a recipient.
PROFILE_PREFIX = "https://www.linkedin.com/in/"
# Worst first: a stretch of the draft pointed at by several criteria shows the worst one.
STATUS_ORDER = (Status.FAIL, Status.WARN, Status.OK)


@dataclass(frozen=True)
class People:
    """The store's owners, the one chosen, and their connections (by name) for the form."""

    owners: list[queries.OwnerRow]
    owner: queries.OwnerRow | None
    connections: list[Recipient]


def _people(db: Path | str | None, owner: str, connections: bool = True) -> People:
    """The owners, the one named ``owner`` (key, name or URL; the first when empty) and,
    when asked, their connections that have a profile URL (the form can only name those)."""
    with engine_for(db) as engine, engine.connect() as conn:
        owners = queries.owners(conn)
        if not owners:
            return People([], None, [])
        chosen = pick_owner(conn, owner) if owner else owners[0]
        people = ([p for p in connection_recipients(conn, chosen) if p.profile_url]
                  if connections else [])
    return People(owners, chosen, sorted(people, key=lambda p: p.name.lower()))


def _recipient_url(spec: str) -> str:
    """The canonical profile URL the form names; InputError for anything else."""
    try:
        url = canonical_profile_url(spec) or ""
    except ValueError:  # text no URL parser reads ("https://a[b") is no profile URL either
        url = ""
    if not url.startswith(PROFILE_PREFIX):
        # Only a profile URL: text typed here must never be read as a path to a file.
        raise InputError("field 'to' must be the LinkedIn profile URL of one of your "
                         "connections, or choose one from the list")
    return url


@dataclass(frozen=True)
class Mark:
    """A stretch of the draft; ``criteria`` name the findings it belongs to."""

    text: str
    criteria: tuple[str, ...] = ()
    status: str = ""
    notes: str = ""


def draft_marks(result: DraftReport) -> list[Mark]:
    """The draft cut at every finding's span (``report.highlight``), each piece plain text."""
    clues = [Clue(c.name, 0.0, f.note, f.quote, f.span)
             for c in result.criteria for f in c.findings]
    status = {c.name: c.status for c in result.criteria}
    notes = {c.name: "; ".join(dict.fromkeys(f.note for f in c.findings)) for c in result.criteria}
    out = []
    for s in report.highlight(result.draft, clues):
        worst = next((x.value for x in STATUS_ORDER if any(status[n] is x for n in s.codes)), "")
        out.append(Mark(s.text, s.codes, worst,
                        " · ".join(f"{n}: {notes[n]}" for n in s.codes)))
    return out


def _text(value: object) -> str:
    """A text field's value ("" for a missing field or an uploaded file)."""
    return value if isinstance(value, str) else ""


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, owner: str = "") -> HTMLResponse:
    """The form: a draft, a recipient among the owner's connections, invitation or not."""
    state = state_of(request)
    if state.importing():
        return render(request, "check.html", {"people": None, "form": {}, "limit": DRAFT_LIMIT})
    people = _people(state.db, owner)
    return render(request, "check.html", {"people": people, "form": {}, "limit": DRAFT_LIMIT})


@router.post("/check", response_class=HTMLResponse)
async def check(request: Request) -> HTMLResponse:
    """Judge the draft from the recipient's side, exactly as ``seedbed check`` does.

    Bad input (an empty draft, a recipient who is not a connection) shows the form again
    with the draft kept and the message on top. It writes nothing, so it needs no lock.
    """
    state = state_of(request)
    form = await request.form()
    text = {name: _text(form.get(name)) for name in ("draft", "to", "connection", "owner")}
    draft, typed, owner = text["draft"], text["to"].strip(), text["owner"].strip()
    spec = typed or text["connection"].strip()
    invitation = form.get("invitation") == "on"
    people = await run_in_threadpool(_people, state.db, owner)
    context: dict[str, Any] = {
        "people": people, "limit": DRAFT_LIMIT,
        "form": {"draft": draft, "to": spec, "typed": typed, "invitation": invitation}}
    try:
        if not draft.strip():
            raise InputError("field 'draft' is empty: paste the message you want to send")
        if len(draft) > DRAFT_LIMIT:
            raise InputError(f"field 'draft' has {len(draft)} characters; a LinkedIn message "
                             f"holds at most {DRAFT_LIMIT}")
        url = _recipient_url(spec)
        result = await run_in_threadpool(state.judging, check_with_store, draft, url, state.db,
                                         owner or None, as_invitation=invitation)
    except (InputError, NotFoundError) as exc:
        return render(request, "check.html", {**context, "error": str(exc)},
                      status=status_for(exc))
    recipient = next((p for p in people.connections if p.profile_url == url), None)
    return render(request, "check.html", {**context, "result": result, "recipient": recipient,
                                          "marks": draft_marks(result)})


@router.get("/pacing", response_class=HTMLResponse)
def pacing(request: Request, owner: str = "", as_of: str = "") -> HTMLResponse:
    """Acceptance, invitations to withdraw, weekly volume and whom not to invite again."""
    state = state_of(request)
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise InputError(f"field 'as_of' must be a date like 2026-11-20, not {as_of!r}"
                         ) from None
    context: dict[str, Any] = {"owners": [], "owner": None, "pacing": None, "as_of": as_of,
               "pending_days": PENDING_DAYS, "weekly_limit": WEEKLY_LIMIT,
               "weekly_warn": WEEKLY_WARN, "chart_weeks": CHART_WEEKS,
                               "status": InvitationStatus}
    if state.importing():
        return render(request, "pacing.html", context)
    people = _people(state.db, owner, connections=False)
    if people.owner is None:
        return render(request, "pacing.html", context)
    try:
        data = pacing_from_store(state.db, people.owner.key, day)
    except OverflowError:
        if day is None:
            raise  # a date in the store, not the form: the terminal shows it
        raise InputError(f"field 'as_of': {as_of} is too near the end of the calendar to "
                         "count weeks from") from None
    # Markup: weekly_chart_svg escapes every text it writes (see the module docstring).
    chart = Markup(weekly_chart_svg(data.weeks))
    return render(request, "pacing.html", {**context, "owners": people.owners,
                                           "owner": people.owner, "pacing": data,
                                           "chart": chart})
