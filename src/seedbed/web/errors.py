"""The web layer's own refusals and the status code of every SeedbedError.

Owns: ``UploadTooLargeError``, ``ForbiddenError``, ``ImportRunningError`` and ``status_for``
(the one table from error class to HTTP status). Must not import FastAPI: ``handler``
renders the page.
"""

from __future__ import annotations

from seedbed.errors import InputError, NotFoundError, SeedbedError, StoreBusyError


class UploadTooLargeError(InputError):
    """A request body above the app's upload limit (refused before it is read)."""


class ForbiddenError(SeedbedError):
    """A state-changing request without this session's CSRF token."""


class ImportRunningError(SeedbedError):
    """A page that judges, or a change, asked for while an import holds the store."""


# Most specific first: the first class the error is an instance of decides.
STATUS: tuple[tuple[type[BaseException], int], ...] = (
    (UploadTooLargeError, 413),
    (ForbiddenError, 403),
    (ImportRunningError, 503),
    (StoreBusyError, 503),
    (NotFoundError, 404),
    (InputError, 400),
    (SeedbedError, 500),
)


def status_for(exc: BaseException) -> int:
    """The HTTP status of an error: 404 not found, 400 bad input, 503 while an import runs
    or another process holds the store, 500 anything else."""
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 500)
