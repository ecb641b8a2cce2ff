"""The monitoring page: the alerts the rules fired (unread first counted) and the watched sources
with their last success, last error and next poll. Reads what :mod:`claimwatch.watch` stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from claimwatch.api.deps import LedgerDep
from claimwatch.watch import alerts, state
from claimwatch.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/watch")
def watch_page(
    request: Request,
    ledger: LedgerDep,
    unread: bool = False,
    rule: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """Alerts, newest first, with the claims that fired them, and the state of every source."""
    engine = ledger.engine
    return render(
        request,
        "watch.html",
        alerts=alerts.list_alerts(engine, unread=unread, rule=rule or None, limit=limit),
        unread_count=alerts.unread_count(engine),
        sources=state.list_sources(engine),
        only_unread=unread,
    )
