"""The pages: server-rendered Jinja2 views, each calling one ledger query.

Pages read the same :class:`~claimwatch.store.ledger.Ledger` methods as the JSON API, so what a
page shows is what ``/api/…`` returns. Empty form fields count as no filter.
"""

from __future__ import annotations

import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimwatch.api.deps import LedgerDep
from claimwatch.export import tabular
from claimwatch.link.measures import MEASURES
from claimwatch.store.explore import SORTS, ClaimQuery
from claimwatch.web import charts, markup, places
from claimwatch.web.links import document_url, page_numbers, page_url
from claimwatch.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query(max_length=200)]
Cursor = Annotated[str | None, Query(max_length=500)]
Limit = Annotated[int, Query(ge=1, le=500)]


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


Sort = Literal["newest", "oldest", "high", "low", "subject", "speaker", "place", "measure", "ingested"]
Disputed = Literal["", "any", "denial", "conflict", "none"]


def claim_query(
    subject: Text = None,
    measure: Text = None,
    place: Text = None,
    speaker: Text = None,
    source: Text = None,
    since: Text = None,
    until: Text = None,
    disputed: Disputed = "",
    text: Text = None,
) -> ClaimQuery:
    """The explorer's filters from the query string (the page and its downloads read the same)."""
    return ClaimQuery(
        **_blank(
            subject=subject,
            measure=measure,
            place=place,
            speaker=speaker,
            source=source,
            since=since,
            until=until,
            disputed=disputed,
            text=text,
        )  # fmt: skip
    )


QueryDep = Annotated[ClaimQuery, Depends(claim_query)]


@router.get("/claims")
def claims(
    request: Request,
    ledger: LedgerDep,
    query: QueryDep,
    sort: Sort = "newest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Limit = 50,
) -> Response:
    """The claims explorer: filters and a sort over the whole result, totals, pages, facets."""
    results = ledger.explore(query, sort=sort, page=page, per_page=limit)
    base = {**query.params(), "sort": sort, "limit": limit}
    return render(
        request, "claims.html", results=results, query=query, filters=query.params(), base=base,
        sorts=list(SORTS), pages=page_numbers(results.page, results.pages), measures=MEASURES,
    )  # fmt: skip


@router.get("/claims/export.{fmt}")
def claims_export(ledger: LedgerDep, fmt: Literal["csv", "json"], query: QueryDep, sort: Sort = "newest") -> Response:
    """Exactly the filtered, sorted view of the explorer, every page of it, as CSV or JSON."""
    rows = ledger.claims_view(query, sort=sort)
    headers = {"Content-Disposition": f'attachment; filename="claims.{fmt}"'}
    if fmt == "json":
        body = json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False)
        return Response(body, media_type="application/json", headers=headers)
    out = io.StringIO()
    tabular.write_view_csv(rows, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/contradictions")
def contradictions(request: Request, ledger: LedgerDep, kind: Literal["", "conflict", "denial"] = "") -> Response:
    """Conflicting figures side by side with their sentences, and denials with what they deny."""
    rows = ledger.contradictions(limit=500, kind=kind or None, sentences=True)
    return render(request, "contradictions.html", rows=rows, kind=kind)


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
