"""Pages of a listing: the page number a request asks for, and links to other pages.

Owns: reading ``page`` from the query string (a 400 naming the field for anything but a
page number) and building a link that keeps the other query values. Must not import the
store or the judge.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from seedbed.errors import InputError

# Page numbers past this are no page of any store (a million items in pages of 50 is 20,000).
MAX_PAGE = 10_000_000


def page_number(value: str) -> int:
    """The page asked for (1 when empty); InputError for anything but 1, 2, 3 …"""
    value = value.strip()
    if not value:
        return 1
    if not (value.isascii() and value.isdigit()) or len(value) > 8 or int(value) < 1 \
            or int(value) > MAX_PAGE:
        raise InputError(f"field 'page' must be a page number (1, 2, 3 …), not {value[:20]!r}")
    return int(value)


def href(path: str, params: Mapping[str, str], **changes: str | int | None) -> str:
    """``path`` with the query ``params`` (empty ones and ``done`` dropped), ``changes`` set
    (None removes a value; page 1 is the default and left out)."""
    query = {k: v for k, v in params.items() if v and k != "done"}
    for key, value in changes.items():
        if value is None or value == "" or (key == "page" and value == 1):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return f"{path}?{urlencode(query)}" if query else path
