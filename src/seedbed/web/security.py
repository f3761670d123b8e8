"""The web app's locks: Host check, access token and session cookie, CSRF, body size, and
response headers.

Owns: ``AccessMiddleware`` (a request for another host gets 421; one without the token or a
session cookie gets nothing), ``HeadersMiddleware`` (CSP and friends on every response), and
``guard``, the dependency the app runs before every route: unsafe methods need a CSRF token
and a body within the limit.
Must not import: the store or the judge; routes call the service, not this module.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seedbed.errors import InputError
from seedbed.web.errors import ForbiddenError, UploadTooLargeError
from seedbed.web.state import WebState

# Everything the pages load comes from this server; nothing inline, nothing framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOKEN_PARAM = "token"

MISDIRECTED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>seedbed: wrong address</title></head>
<body><h1>Wrong address</h1>
<p>This seedbed answers only at the address that <code>seedbed ui</code> printed.</p>
</body></html>
"""
DENIED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>seedbed: access token needed</title></head>
<body><h1>Access token needed</h1>
<p>Open the address that <code>seedbed ui</code> printed (it carries a private token).</p>
</body></html>
"""


def cookie_name(scope: Scope) -> str:
    """One cookie per port, so that two apps on one address do not overwrite each other's."""
    server = scope.get("server") or ("", 0)
    return f"seedbed_{server[1] or 0}"


def host_allowed(scope: Scope, names: frozenset[str]) -> bool:
    """Does the request's ``Host`` name this server: the address the connection came in on
    (with its port, or the bare IP), or one of ``names`` (what ``seedbed ui`` printed)?

    Anything else is a page of another site whose name now resolves to this computer (DNS
    rebinding) or a request meant for another server.
    """
    host = Headers(scope=scope).get("host", "").strip().lower()
    if not host:
        return False
    if host in names:
        return True
    server = scope.get("server")
    if not server:
        return False
    address, port = str(server[0]).lower(), server[1]
    shown = f"[{address}]" if ":" in address else address
    return host == shown or (port is not None and host == f"{shown}:{port}")


def state_of(request: Request) -> WebState:
    state = request.app.state.web
    assert isinstance(state, WebState)
    return state


def session_of(request: Request) -> str:
    """The session id the request's cookie carries ("" when none)."""
    return request.cookies.get(cookie_name(request.scope), "")


def csrf_token(request: Request) -> str:
    """The CSRF token to put into this session's forms."""
    return state_of(request).csrf_token(session_of(request))


class AccessMiddleware:
    """Let through only requests for this host carrying the token (query: once, it is traded
    for a session cookie) or a session cookie."""

    def __init__(self, app: ASGIApp, state: WebState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # the app has none: refuse before any check
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        name = cookie_name(scope)
        response: Any
        if not host_allowed(scope, self.state.hosts):
            response = HTMLResponse(MISDIRECTED_PAGE, status_code=421)
        elif self.state.check_token(request.query_params.get(TOKEN_PARAM)):
            # Keep the token out of the address bar, history and bookmarks; the cookie holds
            # a session id of its own, so a cookie sent elsewhere never carries the token.
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != TOKEN_PARAM]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(name, self.state.new_session(), httponly=True,
                                samesite="strict", path="/")
        elif self.state.check_session(request.cookies.get(name)):
            await self.app(scope, receive, send)
            return
        else:
            response = HTMLResponse(DENIED_PAGE, status_code=401)
        await response(scope, receive, send)


class HeadersMiddleware:
    """Add the security headers to every response, error pages and refusals included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def guard(request: Request) -> AsyncIterator[None]:
    """Run around every route: a state-changing request needs a CSRF token and a sane body.

    The size is checked before any byte of the body is read. The token comes in the
    ``csrf_token`` form field or the ``X-CSRF-Token`` header (the keyboard script). Uploaded
    files are closed when the route is done. Raises UploadTooLargeError, InputError or
    ForbiddenError.
    """
    if request.method not in UNSAFE_METHODS:
        yield
        return
    state = state_of(request)
    length = request.headers.get("content-length")
    # ASCII digits, few enough for int(): "²" passes isdigit, 5,000 digits overflow int().
    if length is None or not re.fullmatch(r"[0-9]{1,18}", length):
        raise InputError("the request has no valid Content-Length")
    if int(length) > state.max_upload_bytes:
        raise UploadTooLargeError(
            f"the upload is {_size(int(length))}; the limit is {_size(state.max_upload_bytes)}")
    form = await request.form()
    try:
        value = form.get(CSRF_FIELD)
        sent = request.headers.get(CSRF_HEADER) or (value if isinstance(value, str) else "")
        if not sent or not hmac.compare_digest(sent.encode(), csrf_token(request).encode()):
            raise ForbiddenError("this form has expired or did not come from seedbed: "
                                 "reload the page and try again")
        yield
    finally:
        await form.close()


async def form_text(request: Request, name: str) -> str:
    """A text field of the request's form ("" when absent). Read only after ``guard``."""
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


def _size(n: int) -> str:
    """A byte count for people: "512 bytes", "1.5 KB", "500 MB"."""
    if n < 1024:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.4g} {unit}"
