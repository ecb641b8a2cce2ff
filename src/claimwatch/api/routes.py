"""Read endpoints under ``/api/``: each calls one :class:`~claimwatch.store.ledger.Ledger` method.

Listings are keyset-paginated: pass a page's ``next_cursor`` back as ``cursor``. Filters are the
CLI's (``claimwatch claims --subject … --counted … --place … --speaker … --since … --until …``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from claimwatch.api.deps import LedgerDep
from claimwatch.api.errors import ERROR_RESPONSES, ErrorResponse
from claimwatch.store.rows import (
    ClaimRow,
    ContradictionRow,
    DocumentRow,
    EntityDetail,
    EntityRow,
    EventRow,
    Overview,
    Page,
    QuoteRow,
    SearchHit,
    SeriesRow,
    StoredDocument,
    Timeline,
)

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

NOT_FOUND: dict[int | str, dict[str, object]] = {404: {"model": ErrorResponse, "description": "No such item"}}
MAX_TEXT = 200

Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1–1000).")]
Cursor = Annotated[str | None, Query(max_length=500, description="The `next_cursor` of the previous page.")]
Name = Annotated[str | None, Query(max_length=MAX_TEXT)]
Day = Annotated[
    str | None,
    Query(max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY-MM-DD (or YYYY-MM, YYYY)."),
]
EntityType = Literal["person", "organization", "armed_group", "location", "other"]
EventType = Literal[
    "attack", "security_operation", "arrest", "surrender", "meeting", "denial", "accusation", "threat", "other"
]


@router.get("/overview", response_model=Overview, tags=["ledger"])
def overview(ledger: LedgerDep) -> Overview:
    """Counts, latest articles, most-cited speakers, series with the latest figures, contradictions."""
    return ledger.overview()


@router.get("/documents", response_model=Page[DocumentRow], tags=["documents"])
def documents(ledger: LedgerDep, limit: Limit = 50, cursor: Cursor = None) -> Page[DocumentRow]:
    """Current documents, most recently ingested first."""
    return ledger.documents(limit=limit, cursor=cursor)


@router.get("/documents/{doc_id}", response_model=StoredDocument, responses=NOT_FOUND, tags=["documents"])
def document(ledger: LedgerDep, doc_id: str) -> StoredDocument:
    """One document: the extraction contract plus its versions and near-duplicates."""
    doc = ledger.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


@router.get("/entities", response_model=Page[EntityRow], tags=["entities"])
def entities(
    ledger: LedgerDep,
    type: EntityType | None = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="Name or alias prefix.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[EntityRow]:
    """Corpus entities, most mentioned first."""
    return ledger.entities(type=type, q=q, limit=limit, cursor=cursor)


@router.get("/entities/{entity_id:path}", response_model=EntityDetail, responses=NOT_FOUND, tags=["entities"])
def entity(ledger: LedgerDep, entity_id: str) -> EntityDetail:
    """One entity (by key or any of its names): roles, aliases, statements, figures, events, activity."""
    found = ledger.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return found


@router.get("/quotes", response_model=Page[QuoteRow], tags=["statements"])
def quotes(ledger: LedgerDep, speaker: Name = None, limit: Limit = 50, cursor: Cursor = None) -> Page[QuoteRow]:
    """Statements, newest first, optionally by one speaker (any of their names)."""
    return ledger.quotes(speaker=speaker, limit=limit, cursor=cursor)


@router.get("/claims", response_model=Page[ClaimRow], tags=["statements"])
def claims(
    ledger: LedgerDep,
    subject: Name = None,
    counted: Name = None,
    place: Name = None,
    speaker: Name = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ClaimRow]:
    """Figures, newest first, by subject, counted category, place, speaker and date range."""
    return ledger.claims(
        subject=subject,
        counted=counted,
        place=place,
        speaker=speaker,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )


@router.get("/events", response_model=Page[EventRow], tags=["events"])
def events(
    ledger: LedgerDep, type: EventType | None = None, place: Name = None, limit: Limit = 50, cursor: Cursor = None
) -> Page[EventRow]:
    """Events, newest first, by type and place."""
    return ledger.events(type=type, place=place, limit=limit, cursor=cursor)


@router.get("/series", response_model=list[SeriesRow], tags=["timelines"])
def series(ledger: LedgerDep, limit: Limit = 50) -> list[SeriesRow]:
    """Claim series (subject × counted × place × measure), those with the latest figures first."""
    return ledger.series(limit=limit)


@router.get("/timeline", response_model=Timeline, tags=["timelines"])
def timeline(
    ledger: LedgerDep,
    subject: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="Entity key or any name.")],
    counted: Name = None,
    place: Name = None,
) -> Timeline:
    """The figures about a subject by date and source, with denials and conflicts marked."""
    return ledger.timeline(subject, counted=counted, place=place)


@router.get("/contradictions", response_model=list[ContradictionRow], tags=["timelines"])
def contradictions(
    ledger: LedgerDep, kind: Literal["denial", "conflict"] | None = None, limit: Limit = 50
) -> list[ContradictionRow]:
    """Denials and conflicting figures, newest first."""
    return ledger.contradictions(limit=limit, kind=kind)


@router.get("/search", response_model=list[SearchHit], tags=["documents"])
def search(
    ledger: LedgerDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="Words, or a phrase in quotes.")],
    limit: Limit = 50,
) -> list[SearchHit]:
    """Full-text search over titles and bodies; snippets mark hits with « »."""
    return ledger.search(q, limit=limit)
