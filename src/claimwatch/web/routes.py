"""The pages: server-rendered Jinja2 views, each calling one ledger query.

Pages read the same :class:`~claimwatch.store.ledger.Ledger` methods as the JSON API, so what a
page shows is what ``/api/…`` returns. Empty form fields count as no filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimwatch.api.deps import LedgerDep
from claimwatch.store.rows import ClaimRow
from claimwatch.web import charts, markup, places
from claimwatch.web.links import document_url, page_url
from claimwatch.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query(max_length=200)]
Cursor = Annotated[str | None, Query(max_length=500)]
Limit = Annotated[int, Query(ge=1, le=500)]
_FIRST, _LAST = dt.date.min, dt.date.max
SORTS: dict[str, tuple[Callable[[ClaimRow], Any], bool]] = {
    # (key, reverse); rows without a date or a value always come last
    "newest": (lambda c: (c.date is not None, c.date or _FIRST, c.id), True),
    "oldest": (lambda c: (c.date is None, c.date or _LAST, c.id), False),
    "low": (lambda c: (c.low is None and c.high is None, c.low if c.low is not None else c.high or 0.0), False),
    "high": (lambda c: (c.low is not None or c.high is not None, c.high if c.high is not None else c.low or 0.0), True),
    "speaker": (lambda c: (c.speaker is None, (c.speaker or "").lower(), c.id), False),
}


def _blank(**values: Any) -> dict[str, Any]:
    """Form values with empty strings as None."""
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()}


def _target(at: str | None, length: int) -> tuple[int, int] | None:
    try:
        start, end = (int(x) for x in (at or "").split("-", 1))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None


@router.get("/")
def overview(request: Request, ledger: LedgerDep) -> Response:
    """Latest articles, most-cited speakers, series with the latest figures, open contradictions."""
    return render(request, "overview.html", overview=ledger.overview())


@router.get("/documents")
def documents(request: Request, ledger: LedgerDep, cursor: Cursor = None, limit: Limit = 50) -> Response:
    """Every current article, newest first."""
    page = ledger.documents(limit=limit, cursor=cursor or None)
    return render(
        request, "documents.html", page=page, next_url=page_url("/documents", {"limit": limit}, page.next_cursor)
    )


@router.get("/documents/{doc_id}")
def document(request: Request, ledger: LedgerDep, doc_id: str, at: Text = None) -> Response:
    """An article with its quotes, figures, entities and events highlighted."""
    doc = ledger.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    target = _target(at, len(doc.text))
    return render(request, "document.html", doc=doc, body=markup.article(doc, target), target=target)


@router.get("/entities")
def entities(
    request: Request,
    ledger: LedgerDep,
    type: Literal["", "person", "organization", "armed_group", "location", "other"] = "",
    q: Text = None,
    cursor: Cursor = None,
) -> Response:
    """Entities, most mentioned first, by type and name."""
    f = _blank(type=type, q=q)
    page = ledger.entities(type=f["type"], q=f["q"], limit=50, cursor=cursor or None)
    return render(request, "entities.html", page=page, filters=f, next_url=page_url("/entities", f, page.next_cursor))


@router.get("/entities/{entity_id:path}")
def entity(request: Request, ledger: LedgerDep, entity_id: str) -> Response:
    """An entity: roles, aliases, what they said, what was claimed about them, events, activity."""
    found = ledger.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return render(request, "entity.html", e=found, bars=charts.activity_bars(found.activity))


@router.get("/quotes")
def quotes(request: Request, ledger: LedgerDep, speaker: Text = None, cursor: Cursor = None) -> Response:
    """Statements, newest first, by speaker."""
    f = _blank(speaker=speaker)
    page = ledger.quotes(speaker=f["speaker"], limit=50, cursor=cursor or None)
    return render(request, "quotes.html", page=page, filters=f, next_url=page_url("/quotes", f, page.next_cursor))


@router.get("/claims")
def claims(
    request: Request,
    ledger: LedgerDep,
    subject: Text = None,
    counted: Text = None,
    place: Text = None,
    speaker: Text = None,
    since: Text = None,
    until: Text = None,
    sort: Literal["newest", "oldest", "low", "high", "speaker"] = "newest",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Response:
    """The claims explorer: filters, a sort of the page's rows, each row linked to its sentence."""
    f = _blank(subject=subject, counted=counted, place=place, speaker=speaker, since=since, until=until)
    page = ledger.claims(**f, limit=limit, cursor=cursor or None)
    key, reverse = SORTS[sort]
    rows = sorted(page.items, key=key, reverse=reverse)
    next_url = page_url("/claims", {**f, "sort": sort, "limit": limit}, page.next_cursor)
    return render(request, "claims.html", rows=rows, filters=f, sort=sort, sorts=list(SORTS), next_url=next_url)


@router.get("/series")
def series(request: Request, ledger: LedgerDep) -> Response:
    """Every claim series, those with the latest figures first."""
    return render(request, "series.html", series=ledger.series(limit=500))


@router.get("/timeline")
def timeline(
    request: Request,
    ledger: LedgerDep,
    subject: Text = None,
    counted: Text = None,
    place: Text = None,
    series: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """A subject's figures by date and source, one chart per series, denials and conflicts marked."""
    f = _blank(subject=subject, counted=counted, place=place)
    if not f["subject"]:
        return RedirectResponse("/series", status_code=303)
    tl = ledger.timeline(f["subject"], counted=f["counted"], place=f["place"])
    links = {p.claim_id: document_url(p.document, p.char_start, p.char_end) for p in tl.points}
    groups = charts.by_series(tl, links, only=series)
    return render(request, "timeline.html", tl=tl, groups=groups, links=links, filters=f, series=series)


@router.get("/map")
def map_page(
    request: Request,
    ledger: LedgerDep,
    type: Literal[
        "", "attack", "security_operation", "arrest", "surrender", "meeting", "denial", "accusation", "threat", "other"
    ] = "",
    world: bool = False,
) -> Response:
    """Events and places on an offline base map (zoomed on the busiest region unless ``world``)."""
    f = _blank(type=type, world=world)
    layer = places.layer(ledger, event_type=f["type"], world=world)
    return render(request, "map.html", layer=layer, filters=f, types=places.EVENT_TYPES)


@router.get("/search")
def search(request: Request, ledger: LedgerDep, q: Text = None) -> Response:
    """Full-text search over the articles."""
    f = _blank(q=q)
    hits = ledger.search(f["q"], limit=50) if f["q"] else []
    return render(request, "search.html", hits=hits, filters=f)


@router.get("/api-reference")
def api_reference(request: Request) -> Response:
    """The REST API's endpoints, from the OpenAPI schema (served offline; no Swagger UI from a CDN)."""
    return render(request, "api.html", schema=request.app.openapi())
