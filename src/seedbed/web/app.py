"""The app factory: wires state, security, routes, static files and the one error handler.

Owns: ``create_app``. Must not import: the store or the judge (routes reach them through
``seedbed.service`` and ``seedbed.report``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from seedbed import __version__
from seedbed.errors import SeedbedError
from seedbed.web.handler import handle_error
from seedbed.web.routes import ROUTERS
from seedbed.web.security import AccessMiddleware, HeadersMiddleware, guard
from seedbed.web.state import MAX_UPLOAD_BYTES, WebState

if TYPE_CHECKING:
    from seedbed.judge.combine import Judge
    from seedbed.judge.embedding import Embedder

STATIC = Path(__file__).parent / "static"


def create_app(db: Path | str | None = None, *, token: str | None = None,
               max_upload_bytes: int = MAX_UPLOAD_BYTES,
               judge: Judge | None = None, embedder: Embedder | None = None,
               hosts: Iterable[str] = ()) -> FastAPI:
    """The web app over the store at ``db`` (the default store when None).

    ``token`` is the access token (random when None; read it from ``app.state.web.token``);
    ``judge`` and ``embedder`` replace the packaged ones (tests). ``hosts`` are the ``Host`` values
    accepted besides the address a request came in on (``host:port`` as printed, for a name
    such as ``localhost``).
    """
    state = WebState(db, token, max_upload_bytes, judge, embedder, hosts)
    app = FastAPI(title="seedbed", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=None, dependencies=[Depends(guard)])
    app.state.web = state
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for error in (SeedbedError, HTTPException, RequestValidationError, Exception):
        app.add_exception_handler(error, handle_error)
    # Added last = runs first: headers wrap everything, including refusals.
    app.add_middleware(AccessMiddleware, state=state)
    app.add_middleware(HeadersMiddleware)
    return app
