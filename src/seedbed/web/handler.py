"""The one error handler: every error becomes the error page with its status, never a
traceback.

Owns: ``handle_error``, registered by the app factory for SeedbedError, HTTP errors, request
validation errors and anything unexpected. Must not import: the store or the judge.
"""

from __future__ import annotations

import logging

from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from seedbed.errors import SeedbedError, StoreBusyError
from seedbed.web.errors import ImportRunningError, status_for
from seedbed.web.templating import render

log = logging.getLogger("seedbed.web")

TITLES = {400: "Bad request", 401: "Access token needed", 403: "Refused", 404: "Not found",
          405: "Not allowed", 413: "Upload too large", 500: "Something went wrong",
          503: "Import running"}
# A page refused during an import is worth asking for again after this many seconds (the
# import page polls its progress every second; a small export is judged in a few).
RETRY_AFTER_S = 5
HTTP_MESSAGES = {404: "There is no such page.", 405: "This page cannot be used that way."}


async def handle_error(request: Request, exc: Exception) -> Response:
    """Render ``error.html`` with the status that fits ``exc``."""
    if isinstance(exc, SeedbedError):
        status, message = status_for(exc), str(exc)
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        message = HTTP_MESSAGES.get(status, "The request could not be handled.")
    elif isinstance(exc, RequestValidationError):
        status, message = 400, "A field of the request is missing or malformed."
    else:
        # The details go to the terminal that runs seedbed ui, not to the page.
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        status, message = 500, "seedbed hit an unexpected error; the terminal shows the details."
    response = render(request, "error.html", {"status": status, "message": message,
                                              "title": TITLES.get(status, "Error")},
                      status=status)
    if isinstance(exc, ImportRunningError | StoreBusyError):
        response.headers["retry-after"] = str(RETRY_AFTER_S)
    return response
