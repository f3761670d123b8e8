"""Jinja2 set-up: autoescaping on, page helpers, and ``render``.

Owns: the template environment (every value is escaped; no template marks anything safe;
every value loses its Unicode direction controls, see ``seedbed.web.bidi``), the words and
colours of verdicts, and the flash messages a redirect may ask for.
Must not import: the store or the judge.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from seedbed.model import Label
from seedbed.web.bidi import neutral
from seedbed.web.security import csrf_token, state_of

TEMPLATES = Path(__file__).parent / "templates"
LABEL_TITLE = {Label.WELCOME.value: "Welcome", Label.RELEVANT_PITCH.value: "Relevant pitch",
               Label.ASK_WHY.value: "Ask why", Label.SPAM.value: "Spam"}
# Redirects name a flash by code; its words come from here, never from the address.
FLASHES = {
    "marked": "Marked. Press u or use Undo to take it back.",
    "undone": "Your correction was undone.",
    "nothing": "There was no correction to undo.",
    "allow": "The sender is on your allow list: their items are always welcome.",
    "block": "The sender is on your block list: their items are always hidden.",
    "none": "The sender is on neither list now.",
    "saved": "Preferences saved; the affected items were judged again.",
}
# Profile links point at LinkedIn only: anything else is shown as text, never as a link.
SAFE_LINK_PREFIX = "https://www.linkedin.com/in/"


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of every template: text without direction controls (a message,
    a name, a file name can carry an override that redraws what the page says)."""
    if isinstance(value, Markup):
        # Removing invisible characters from markup cannot create a tag: text in it is
        # escaped already, so no "<" of a message is left to meet a letter.
        return Markup(neutral(str(value)))
    if isinstance(value, str):
        return neutral(value)
    return value


env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  finalize=_finalize)


def _day(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d") if value else "no date"


def _moment(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "no date"


def _label_title(value: Any) -> str:
    return LABEL_TITLE.get(str(value), str(value))


def _file_name(value: str) -> str:
    """The last part of a stored path (uploads live in a temporary folder)."""
    return value.replace("\\", "/").rsplit("/", 1)[-1]


def _safe_link(url: str | None) -> str | None:
    return url if url and url.startswith(SAFE_LINK_PREFIX) else None


env.filters.update(day=_day, moment=_moment, label_title=_label_title, safe_link=_safe_link,
                   file_name=_file_name)
env.globals.update(LABELS=list(LABEL_TITLE), LABEL_TITLE=LABEL_TITLE)


def render(request: Request, name: str, context: dict[str, Any],
           status: int = 200) -> HTMLResponse:
    """Render a page with the session's CSRF token, the flash message and the import state."""
    state = state_of(request)
    flash = FLASHES.get(request.query_params.get("done", ""), "")
    page = env.get_template(name).render(
        csrf=csrf_token(request), path=request.url.path, flash=flash,
        importing=state.importing(), **context)
    return HTMLResponse(page, status_code=status)
