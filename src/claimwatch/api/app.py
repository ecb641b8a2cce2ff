"""The app factory: the JSON API under ``/api/``, the web UI at ``/``, one error shape.

::

    from claimwatch.api.app import create_app
    app = create_app("sqlite:///claimwatch.db", token="s3cret")   # uvicorn can serve this

Building the app does no I/O: the ledger is opened (and migrated) on the first request and
closed on shutdown. The OpenAPI schema is at ``/api/openapi.json``; the interactive Swagger
page is off because it loads its code from a CDN — ``/api-reference`` lists the endpoints.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from claimwatch import __version__
from claimwatch.api import errors, ingest, routes
from claimwatch.api.deps import LedgerHolder
from claimwatch.api.limits import BodyLimit
from claimwatch.api.settings import ServerSettings
from claimwatch.sources.web import Fetcher
from claimwatch.web import site
from claimwatch.web.templating import error_page

DESCRIPTION = """A sourced, queryable ledger of who claimed what, about whom, where and when.

Listings are keyset-paginated (pass `next_cursor` back as `cursor`). Every error is
`{"error": {"code": ..., "message": ...}}`. Writes need `Authorization: Bearer <CLAIMWATCH_TOKEN>`.
"""


def create_app(
    ledger_url: str | None = None,
    *,
    token: str | None = None,
    max_body: int | None = None,
    fetcher: Fetcher | None = None,
) -> FastAPI:
    """Build the claimwatch server.

    Args:
        ledger_url: the ledger (``sqlite:///path.db``, a path, ``postgresql://…``); by default
            ``CLAIMWATCH_DB``, then ``sqlite:///claimwatch.db``.
        token: the bearer token write endpoints require; by default ``CLAIMWATCH_TOKEN``;
            with neither, writes are refused.
        max_body: the largest request body, in bytes; by default ``CLAIMWATCH_MAX_BODY`` or 2 MB.
        fetcher: the HTTP fetcher for URL ingestion (tests inject one with a mock transport).

    Raises:
        ConfigError: a setting has a bad value.
    """
    settings = ServerSettings.resolve(token, max_body)
    holder = LedgerHolder(ledger_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="claimwatch",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ledger = holder
    app.state.settings = settings
    app.state.fetcher = fetcher
    app.include_router(routes.router)
    app.include_router(ingest.router)
    site.install(app)
    errors.install(app, html=error_page)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    return app
