"""The claims explorer: filter and sort over the whole result, with totals, pages and facets.

Listings elsewhere page by keyset for scripts walking a million rows; an analyst instead wants
to sort the whole filtered result, know how many there are, jump to page 7 and see which
subjects, measures, places, speakers and sources the view holds. This module runs one filtered
query for the page (sorted in SQL, OFFSET paging), one count, and one grouped count per facet;
the download of a view walks the same query in order, so the file holds exactly the rows the
table pages through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, case, exists, func, or_, select

from claimwatch.errors import ConfigError
from claimwatch.store import schema as t
from claimwatch.store.claim_select import SPK, SUBJ, claim_row, claim_select
from claimwatch.store.lookup import entity_alternatives, place_alternatives
from claimwatch.store.paging import parse_day
from claimwatch.store.rows import ClaimResults, FacetCount, MarkedClaim
from claimwatch.store.timelines import disputes_of

D, C, X = t.documents, t.claims, t.contradictions
MAX_PER_PAGE = 500
FACET_SIZE = 12
SOURCE = func.coalesce(D.c.outlet, D.c.doc_id)


def _nulls_last(col: Any, descending: bool) -> list[Any]:
    return [col.is_(None), col.desc() if descending else col.asc()]


# name -> the ORDER BY terms (rows without the value last), then id for a stable order
SORTS: dict[str, Any] = {
    "newest": lambda: [*_nulls_last(C.c.date, True), C.c.id.desc()],
    "oldest": lambda: [*_nulls_last(C.c.date, False), C.c.id],
    "high": lambda: [*_nulls_last(func.coalesce(C.c.high, C.c.low), True), C.c.id.desc()],
    "low": lambda: [*_nulls_last(func.coalesce(C.c.low, C.c.high), False), C.c.id],
    "subject": lambda: [*_nulls_last(func.lower(C.c.subject), False), C.c.id.desc()],
    "speaker": lambda: [*_nulls_last(func.lower(C.c.speaker), False), C.c.id.desc()],
    "place": lambda: [*_nulls_last(func.lower(C.c.place), False), C.c.id.desc()],
    "measure": lambda: [C.c.measure, C.c.id.desc()],
    "ingested": lambda: [C.c.id.desc()],
}
DISPUTED = ("any", "denial", "conflict", "none")


@dataclass(frozen=True)
class ClaimQuery:
    """What the explorer shows: every filter optional; names accept any alias.

    Attributes:
        subject: the group or actor figures are about.
        measure: strength, killed, arrested, … (see ``resources/measures.json``).
        place: a country or place.
        speaker: who gave the figure.
        source: the outlet (host) or document id.
        since: from this publication date (undated figures are then left out).
        until: up to this publication date.
        disputed: ``any`` (denied or in conflict), ``denial``, ``conflict`` or ``none``.
        text: words the figure's text contains.
    """

    subject: str | None = None
    measure: str | None = None
    place: str | None = None
    speaker: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    disputed: str | None = None
    text: str | None = None

    def params(self) -> dict[str, str]:
        """The filters that are set, as URL parameters."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name))}

    def without(self, name: str) -> ClaimQuery:
        """The same query without one filter (for a facet's "any" link)."""
        return replace(self, **{name: None})


def _disputed(kind: str) -> ColumnElement[bool]:
    if kind not in DISPUTED:
        raise ConfigError(f"disputed must be one of {', '.join(DISPUTED)}, not {kind!r}")
    mine = or_(X.c.claim_id == C.c.id, X.c.other_claim_id == C.c.id)
    if kind in ("denial", "conflict"):
        return exists().where(X.c.kind == kind, mine)
    found = exists().where(mine)
    return ~found if kind == "none" else found


def filtered(conn: Connection, query: ClaimQuery) -> Select[Any]:
    """The claims of current documents that the query keeps (columns of :func:`claim_select`).

    Raises:
        ConfigError: a date or the ``disputed`` value is not valid.
    """
    q = claim_select()
    for alternatives in (
        entity_alternatives(conn, query.subject, C.c.subject_entity_id, C.c.subject) if query.subject else None,
        place_alternatives(conn, query.place, C.c.place_country, C.c.place_entity_id, C.c.place)
        if query.place
        else None,
        entity_alternatives(conn, query.speaker, C.c.speaker_entity_id, C.c.speaker) if query.speaker else None,
    ):
        if alternatives:
            q = q.where(or_(*alternatives))
    if query.measure:
        q = q.where(C.c.measure == query.measure.strip().lower())
    if query.source:
        q = q.where(or_(D.c.outlet == query.source.strip(), D.c.doc_id == query.source.strip()))
    lo, hi = parse_day(query.since, "since"), parse_day(query.until, "until")
    if lo:
        q = q.where(C.c.date >= lo)
    if hi:
        q = q.where(C.c.date <= hi)
    if query.disputed:
        q = q.where(_disputed(query.disputed))
    if query.text:
        q = q.where(func.lower(C.c.text).contains(query.text.strip().lower()))
    return q


def _order(sort: str) -> list[Any]:
    if sort not in SORTS:
        raise ConfigError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    return list(SORTS[sort]())


def _marked(conn: Connection, rows: list[Any]) -> list[MarkedClaim]:
    disputes = disputes_of(conn, [r.id for r in rows])
    out = []
    for r in rows:
        base = claim_row(r).model_dump()
        mine = disputes.get(r.id, [])
        denied = [d.by or "someone" for d in mine if d.kind == "denial"]
        conflicts = sorted({d.other_claim_id for d in mine if d.kind == "conflict" and d.other_claim_id})
        out.append(MarkedClaim(**base, denied_by=list(dict.fromkeys(denied)), conflicts=conflicts))
    return out


def _facets(conn: Connection, base: Select[Any]) -> dict[str, list[FacetCount]]:
    ids = base.with_only_columns(C.c.id).subquery()
    joined = C.join(ids, ids.c.id == C.c.id).join(D, D.c.id == C.c.document_id)
    dims: dict[str, tuple[Any, Any, Any]] = {
        "subject": (
            func.coalesce(SUBJ.c.key, C.c.subject),
            func.coalesce(SUBJ.c.name, C.c.subject),
            joined.outerjoin(SUBJ, SUBJ.c.id == C.c.subject_entity_id),
        ),
        "measure": (C.c.measure, C.c.measure, joined),
        "place": (C.c.place, C.c.place, joined),
        "speaker": (
            func.coalesce(SPK.c.key, C.c.speaker),
            func.coalesce(SPK.c.name, C.c.speaker),
            joined.outerjoin(SPK, SPK.c.id == C.c.speaker_entity_id),
        ),
        "source": (SOURCE, func.coalesce(D.c.outlet, D.c.title, D.c.doc_id), joined),
    }
    out: dict[str, list[FacetCount]] = {}
    for name, (value, label, frm) in dims.items():
        n = func.count().label("n")
        q = (
            select(value.label("value"), func.max(label).label("label"), n)
            .select_from(frm)
            .where(value.is_not(None))
            .group_by(value)
            .order_by(n.desc(), value)
            .limit(FACET_SIZE)
        )
        out[name] = [FacetCount(value=str(r.value), label=str(r.label), count=int(r.n)) for r in conn.execute(q)]
    return out


def explore(
    conn: Connection, query: ClaimQuery, *, sort: str = "newest", page: int = 1, per_page: int = 50
) -> ClaimResults:
    """One page of the claims the query keeps, sorted over the whole result, with facets.

    Raises:
        ConfigError: a bad sort, page, date or ``disputed`` value.
    """
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ConfigError(f"page must be at least 1 and per_page between 1 and {MAX_PER_PAGE}")
    base = filtered(conn, query)
    order = _order(sort)
    ids = base.with_only_columns(C.c.id, C.c.date).subquery()
    total, first, last, undated = conn.execute(
        select(
            func.count(),
            func.min(ids.c.date),
            func.max(ids.c.date),
            func.sum(case((ids.c.date.is_(None), 1), else_=0)),
        )
    ).one()
    pages = max(1, -(-int(total) // per_page))
    rows = conn.execute(base.order_by(*order).offset((page - 1) * per_page).limit(per_page)).all()
    return ClaimResults(
        items=_marked(conn, list(rows)),
        total=int(total),
        page=page,
        per_page=per_page,
        pages=pages,
        sort=sort,
        facets=_facets(conn, base),
        first_date=first,
        last_date=last,
        undated=int(undated or 0),
    )


def iter_view(conn: Connection, query: ClaimQuery, *, sort: str = "newest", chunk: int = 1000) -> Iterator[MarkedClaim]:
    """Every claim of the filtered, sorted view, in the table's order (for CSV and JSON downloads)."""
    base = filtered(conn, query).order_by(*_order(sort))
    offset = 0
    while True:
        rows = list(conn.execute(base.offset(offset).limit(chunk)).all())
        yield from _marked(conn, rows)
        if len(rows) < chunk:
            return
        offset += chunk


__all__ = ["DISPUTED", "SORTS", "ClaimQuery", "explore", "filtered", "iter_view"]
