"""The web layer's own refusals and the status code of every SeedbedError.

Owns: ``UploadTooLargeError``, ``ForbiddenError`` and ``status_for`` (the one table from
error class to HTTP status). Must not import FastAPI: ``handler`` renders the page.
"""

from __future__ import annotations

from seedbed.errors import InputError, NotFoundError, SeedbedError


class UploadTooLargeError(InputError):
    """A request body above the app's upload limit (refused before it is read)."""


class ForbiddenError(SeedbedError):
    """A state-changing request without this session's CSRF token."""


# Most specific first: the first class the error is an instance of decides.
STATUS: tuple[tuple[type[BaseException], int], ...] = (
    (UploadTooLargeError, 413),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (InputError, 400),
    (SeedbedError, 500),
)


def status_for(exc: BaseException) -> int:
    """The HTTP status of an error: 404 not found, 400 bad input, 500 anything else."""
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 500)
