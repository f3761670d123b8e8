"""One item: its text with the evidence highlighted, the reasons, the facts, and actions."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from seedbed import report, service
from seedbed.errors import InputError
from seedbed.model import Label
from seedbed.web.security import form_text, state_of
from seedbed.web.templating import render

router = APIRouter()


def _back(next_url: str, fallback: str, done: str) -> RedirectResponse:
    """Redirect after a POST to a local page only (never to another site)."""
    target = next_url if next_url.startswith("/") and not next_url.startswith("//") \
        and "\\" not in next_url else fallback
    glue = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{glue}done={done}", status_code=303)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item(request: Request, item_id: str) -> HTMLResponse:
    """The item page."""
    state = state_of(request)
    # Read by key: the item's stored verdict (judged alone when what it depends on changed).
    row = state.alone(service.explain, item_id, state.db)
    draft = service.draft_for(row, state.db) if row.verdict.label is Label.ASK_WHY else None
    owner = next(o for o in report.owner_preferences(state.db)
                 if o.owner_id == row.item.owner_id)
    return render(request, "item.html", {
        "row": row, "draft": draft, "segments": report.highlight(row.item.text, row.verdict.clues),
        "facts": report.relationship_facts(row), "on_list": report.sender_list(
            owner.stored, row.item.sender), "owner": owner})


@router.post("/items/{item_id}/mark")
async def mark(request: Request, item_id: str) -> RedirectResponse:
    """Record the owner's verdict for an item (and so for its sender)."""
    label = await form_text(request, "label")
    try:
        chosen = Label(label)
    except ValueError:
        raise InputError(f"field 'label' must be one of {', '.join(x.value for x in Label)}, "
                         f"not {label!r}") from None
    state = state_of(request)
    row = await run_in_threadpool(state.write, service.mark, item_id, chosen, state.db)
    return _back(await form_text(request, "next"), f"/items/{row.item.item_id}", "marked")


@router.post("/items/{item_id}/unmark")
async def unmark(request: Request, item_id: str) -> RedirectResponse:
    """Undo the owner's newest correction of an item."""
    state = state_of(request)
    undone, row = await run_in_threadpool(state.write, service.unmark, item_id, state.db)
    return _back(await form_text(request, "next"), f"/items/{row.item.item_id}",
                 "undone" if undone else "nothing")


@router.post("/items/{item_id}/sender")
async def sender(request: Request, item_id: str) -> RedirectResponse:
    """Put the item's sender on the owner's allow or block list, or take them off."""
    state = state_of(request)
    which = await form_text(request, "list")
    if which not in ("allow", "block", "none"):
        raise InputError(f"field 'list' must be allow, block or none, not {which!r}")
    await run_in_threadpool(state.write, report.set_sender_list, state.db, item_id, which,
                            judged=False)
    return _back(await form_text(request, "next"), f"/items/{item_id}", which)
