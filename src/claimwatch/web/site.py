"""Adds the web UI to an app: the pages, ``/static`` (package data) and the security headers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from claimwatch.web import routes, watch_routes
from claimwatch.web.security import SecurityHeaders
from claimwatch.web.templating import STATIC


def install(app: FastAPI) -> None:
    """Mount the pages at ``/`` and the CSS and JavaScript at ``/static``."""
    app.include_router(routes.router)
    app.include_router(watch_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)
