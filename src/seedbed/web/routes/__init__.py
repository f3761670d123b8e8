"""The pages, one module per family: inbox, items, importer, campaigns, preferences, network,
senders (check a draft, pacing).

Routes parse the request, call ``seedbed.service`` or ``seedbed.report`` through the app's
``WebState`` and render a template. No judging and no SQL here.
"""

from __future__ import annotations

from fastapi import APIRouter

from seedbed.web.routes import campaigns, importer, inbox, items, network, preferences, senders

ROUTERS: tuple[APIRouter, ...] = (inbox.router, items.router, importer.router, campaigns.router,
                                  preferences.router, network.router, senders.router)
