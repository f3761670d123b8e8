"""The local web app (``seedbed ui``): FastAPI routes and Jinja templates over the service.

The only package that imports FastAPI, Starlette, Jinja or uvicorn. Layout: ``app`` (the
factory), ``routes/`` (one module per page family), ``security`` (token, CSRF, headers),
``handler`` (the one error handler), ``templates/`` and ``static/``.
"""

from seedbed.web.app import create_app

__all__ = ["create_app"]
