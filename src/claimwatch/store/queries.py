"""The ledger's read side: filtered, keyset-paginated listings, timelines and entity pages.

Each function runs a fixed, small number of SQL statements whatever the page size (no N+1),
filters on indexed columns, and pages by keyset (``id < cursor``) rather than OFFSET, so a page
costs the same at the end of a million claims as at the start. Only current versions of
documents are listed; near-duplicate reports are kept out of timelines and listed with the
report they repeat.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select

from claimwatch.link.aliases import expand
from claimwatch.link.entities import fold
from claimwatch.link.series import counted_category
from claimwatch.store import schema as t
from claimwatch.store.claim_select import DUP, SPK, claim_row, claim_select, claims_by_id, display_title
from claimwatch.store.lookup import entity_alternatives, entity_ids, place_alternatives
from claimwatch.store.paging import (
    MAX_LIMIT,
    Alternatives,
    clamp_limit,
    cut_page,
    decode_cursor,
    encode_cursor,
    first_rows,
    parse_day,
)
from claimwatch.store.rows import (
    ActivityPoint,
    ClaimRow,
    DocumentRow,
    EntityDetail,
    EntityRow,
    EventRow,
    Overview,
    Page,
    QuoteRow,
    SpeakerCount,
    StoredDocument,
)
from claimwatch.store.timelines import contradictions, sentence_at, series, timeline

D, C, Q, E, EV = t.documents, t.claims, t.quotes, t.entities, t.events


# -- claims ------------------------------------------------------------------------------------


def claims(
    conn: Connection,
    *,
    subject: str | None = None,
    counted: str | None = None,
    place: str | None = None,
    speaker: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    limit: int = 50,
    cursor: str | None = None,
    measure: str | None = None,
) -> Page[ClaimRow]:
    """Figures, filtered by subject, counted category, place, speaker and date.

    Newest first: by ingestion without a date range, by date (then ingestion) with one.
    """
    limit = clamp_limit(limit)
    q = claim_select()
    filters: list[Alternatives] = []
    if subject:
        filters.append(entity_alternatives(conn, subject, C.c.subject_entity_id, C.c.subject))
    if counted:
        q = q.where(C.c.counted_norm == (counted_category(counted) or counted))
    if measure:
        q = q.where(C.c.measure == measure.strip().lower())
    if place:
        filters.append(place_alternatives(conn, place, C.c.place_country, C.c.place_entity_id, C.c.place))
    if speaker:
        filters.append(entity_alternatives(conn, speaker, C.c.speaker_entity_id, C.c.speaker))
    lo, hi = parse_day(since, "since"), parse_day(until, "until")
    if lo:
        q = q.where(C.c.date >= lo)
    if hi:
        q = q.where(C.c.date <= hi)
    after = decode_cursor(cursor)
    if lo or hi:
        # a date range pages newest figure first, keyset on (date, id)
        if after:
            day, last = dt.date.fromisoformat(after[0]), int(after[1])
            q = q.where(or_(C.c.date < day, and_(C.c.date == day, C.c.id < last)))
        order, key = (C.c.date.desc(), C.c.id.desc()), lambda r: (r.date, r.id)
        found = first_rows(conn, q, filters, order, limit + 1, key)
        rows, nxt = cut_page(found, limit, lambda r: [r.date.isoformat(), r.id])
    else:
        if after:
            q = q.where(C.c.id < int(after[-1]))
        found = first_rows(conn, q, filters, (C.c.id.desc(),), limit + 1, lambda r: r.id)
        rows, nxt = cut_page(found, limit, lambda r: [r.id])
    return Page[ClaimRow](items=[claim_row(r) for r in rows], next_cursor=nxt)


# -- quotes ------------------------------------------------------------------------------------


def _quote_select() -> Select[Any]:
    return (
        select(
            Q.c.id,
            D.c.doc_id.label("document"),
            display_title(),
            D.c.outlet,
            Q.c.date,
            Q.c.speaker,
            SPK.c.key.label("speaker_id"),
            Q.c.text,
            Q.c.kind,
            Q.c.cue,
            Q.c.via,
            Q.c.char_start,
            Q.c.char_end,
        )
        .select_from(Q)
        .join(D, D.c.id == Q.c.document_id)
        .outerjoin(SPK, SPK.c.id == Q.c.speaker_entity_id)
        .where(D.c.is_current)
    )


def quotes(
    conn: Connection, *, speaker: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[QuoteRow]:
    """Statements, newest first, optionally by one speaker (any of their names)."""
    limit = clamp_limit(limit)
    q = _quote_select()
    filters = [entity_alternatives(conn, speaker, Q.c.speaker_entity_id, Q.c.speaker)] if speaker else []
    after = decode_cursor(cursor)
    if after:
        q = q.where(Q.c.id < int(after[0]))
    found = first_rows(conn, q, filters, (Q.c.id.desc(),), limit + 1, lambda r: r.id)
    rows, nxt = cut_page(found, limit, lambda r: [r.id])
    return Page[QuoteRow](items=[QuoteRow(**r._mapping) for r in rows], next_cursor=nxt)


# -- events ------------------------------------------------------------------------------------


def _event_select() -> Select[Any]:
    return (
        select(
            EV.c.id,
            D.c.doc_id.label("document"),
            display_title(),
            EV.c.date,
            EV.c.event_date,
            EV.c.type,
            EV.c.plover,
            EV.c.text,
            EV.c.actors,
            EV.c.targets,
            EV.c.location,
            EV.c.place,
            EV.c.place_country,
            EV.c.killed,
            EV.c.injured,
            EV.c.arrested,
            EV.c.char_start,
            EV.c.char_end,
        )
        .select_from(EV)
        .join(D, D.c.id == EV.c.document_id)
        .where(D.c.is_current)
    )


def _event_row(r: Any) -> EventRow:
    return EventRow(**{**r._mapping, "actors": r.actors or [], "targets": r.targets or []})


def events(
    conn: Connection,
    *,
    type: str | None = None,
    place: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[EventRow]:
    """Events, newest first, by type and place."""
    limit = clamp_limit(limit)
    q = _event_select()
    if type:
        q = q.where(EV.c.type == type)
    filters = [place_alternatives(conn, place, EV.c.place_country, EV.c.place_entity_id, EV.c.place)] if place else []
    after = decode_cursor(cursor)
    if after:
        q = q.where(EV.c.id < int(after[0]))
    found = first_rows(conn, q, filters, (EV.c.id.desc(),), limit + 1, lambda r: r.id)
    rows, nxt = cut_page(found, limit, lambda r: [r.id])
    return Page[EventRow](items=[_event_row(r) for r in rows], next_cursor=nxt)


# -- documents ---------------------------------------------------------------------------------


def _document_rows(conn: Connection, where: ColumnElement[bool] | None, limit: int, after: int | None) -> list[Any]:
    n_claims = select(func.count(C.c.id)).where(C.c.document_id == D.c.id).scalar_subquery()
    n_quotes = select(func.count(Q.c.id)).where(Q.c.document_id == D.c.id).scalar_subquery()
    q = (
        select(
            D.c.id,
            D.c.doc_id.label("document"),
            display_title(),
            D.c.source,
            D.c.outlet,
            D.c.published,
            D.c.first_seen,
            D.c.language,
            D.c.version,
            D.c.is_current,
            DUP.c.doc_id.label("duplicate_of"),
            n_claims.label("n_claims"),
            n_quotes.label("n_quotes"),
        )
        .select_from(D)
        .outerjoin(DUP, DUP.c.id == D.c.duplicate_of)
        .where(D.c.is_current)
    )
    if where is not None:
        q = q.where(where)
    if after is not None:
        q = q.where(D.c.id < after)
    return list(conn.execute(q.order_by(D.c.id.desc()).limit(limit)).all())


def _document_row(r: Any) -> DocumentRow:
    m = dict(r._mapping)
    m.pop("id")
    return DocumentRow(**{**m, "is_current": bool(m["is_current"])})


def documents(conn: Connection, *, limit: int = 50, cursor: str | None = None) -> Page[DocumentRow]:
    """Current documents, most recently ingested first."""
    limit = clamp_limit(limit)
    after = decode_cursor(cursor)
    rows, nxt = cut_page(
        _document_rows(conn, None, limit + 1, int(after[0]) if after else None), limit, lambda r: [r.id]
    )
    return Page[DocumentRow](items=[_document_row(r) for r in rows], next_cursor=nxt)


def document(conn: Connection, doc_id: str) -> StoredDocument | None:
    """The full contract document with its provenance, by public id (any version)."""
    row = conn.execute(select(D).where(D.c.doc_id == doc_id)).first()
    if row is None:
        return None
    rid = row.id
    ents = conn.execute(select(t.doc_entities).where(t.doc_entities.c.document_id == rid).order_by("idx")).all()
    ments: dict[int, list[tuple[int, int]]] = defaultdict(list)
    m = t.mentions.c
    for r in conn.execute(select(m.doc_entity_id, m.char_start, m.char_end).where(m.document_id == rid).order_by(m.id)):
        ments[r.doc_entity_id].append((r.char_start, r.char_end))
    qs = conn.execute(select(Q).where(Q.c.document_id == rid).order_by(Q.c.idx)).all()
    cs = conn.execute(select(C).where(C.c.document_id == rid).order_by(C.c.idx)).all()
    evs = conn.execute(select(EV).where(EV.c.document_id == rid).order_by(EV.c.idx)).all()
    rel = conn.execute(select(t.related).where(t.related.c.document_id == rid).order_by(t.related.c.idx)).all()
    versions = _versions(conn, rid)
    cluster_id = row.cluster_id or rid
    cluster = list(conn.scalars(select(D.c.doc_id).where(D.c.cluster_id == cluster_id).order_by(D.c.id)))
    previous = conn.scalar(select(D.c.doc_id).where(D.c.id == row.previous_id)) if row.previous_id else None
    dup = conn.scalar(select(D.c.doc_id).where(D.c.id == row.duplicate_of)) if row.duplicate_of else None
    return StoredDocument.model_validate(
        {
            "id": row.doc_id,
            "source": row.source,
            "title": row.title,
            "published": row.published.isoformat() if row.published else None,
            "language": row.language,
            "text": row.text,
            "content_hash": row.content_hash,
            "removed": row.removed or [],
            "entities": [
                {
                    "id": e.local_id,
                    "name": e.name,
                    "type": e.type,
                    "aliases": e.aliases or [],
                    "role": e.role,
                    "country": e.country,
                    "lat": e.lat,
                    "lon": e.lon,
                    "mentions": ments.get(e.id, []),
                    "direction": e.direction,
                    "feature": e.feature,
                }
                for e in ents
            ],
            "quotes": [
                {
                    "speaker": q.speaker,
                    "speaker_id": q.speaker_local_id,
                    "text": q.text,
                    "kind": q.kind,
                    "cue": q.cue,
                    "via": q.via,
                    "start": q.char_start,
                    "end": q.char_end,
                }
                for q in qs
            ],
            "claims": [
                {
                    "text": c.text,
                    "low": c.low,
                    "high": c.high,
                    "qualifier": c.qualifier,
                    "counted": c.counted,
                    "predicate": c.predicate,
                    "subject": None if c.subject_inferred else c.subject,
                    "subject_id": None if c.subject_inferred else c.subject_local_id,
                    "location": c.location,
                    "time": c.time,
                    "speaker": c.speaker,
                    "speaker_id": c.speaker_local_id,
                    "quote_index": c.quote_index,
                    "start": c.char_start,
                    "end": c.char_end,
                }
                for c in cs
            ],
            "events": [
                {
                    "type": ev.type,
                    "plover": ev.plover,
                    "text": ev.text,
                    "actors": ev.actors or [],
                    "targets": ev.targets or [],
                    "location": ev.location,
                    "date": ev.event_date,
                    "killed": ev.killed,
                    "injured": ev.injured,
                    "arrested": ev.arrested,
                    "start": ev.char_start,
                    "end": ev.char_end,
                }
                for ev in evs
            ],
            "related": [{"title": r.title, "published": r.published, "snippet": r.snippet} for r in rel],
            "outlet": row.outlet,
            "first_seen": row.first_seen,
            "version": row.version,
            "is_current": bool(row.is_current),
            "previous": previous,
            "versions": versions,
            "duplicate_of": dup,
            "cluster": cluster,
        }
    )


def _versions(conn: Connection, rid: int) -> list[str]:
    """Doc ids of every version of a document's source, oldest first."""
    source = conn.scalar(select(D.c.source).where(D.c.id == rid))
    if not source:
        return list(conn.scalars(select(D.c.doc_id).where(D.c.id == rid)))
    return list(conn.scalars(select(D.c.doc_id).where(D.c.source == source).order_by(D.c.version, D.c.id)))


# -- entities ----------------------------------------------------------------------------------


def _aliases(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return out
    a = t.entity_aliases.c
    q = select(a.entity_id, a.alias).where(a.entity_id.in_(list(ids)), ~a.norm.like("p:%")).order_by(a.id)
    for r in conn.execute(q):
        out[r.entity_id].append(r.alias)
    return out


def _entity_row(r: Any, aliases: list[str]) -> EntityRow:
    return EntityRow(
        id=r.key,
        name=r.name,
        type=r.type,
        role=r.role,
        country=r.country,
        lat=r.lat,
        lon=r.lon,
        aliases=[a for a in aliases if a != r.name],
        n_documents=r.n_documents,
        n_mentions=r.n_mentions,
    )


def entities(
    conn: Connection, *, type: str | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[EntityRow]:
    """Corpus entities, most mentioned first, by type and by name or alias prefix."""
    limit = clamp_limit(limit)
    s = select(E).where(E.c.n_documents > 0)
    if type:
        s = s.where(E.c.type == type)
    if q:
        a = t.entity_aliases.c
        # a prefix of any seen name, or any standard spelling of the group the name stands for
        named = or_(a.norm.like(f"{fold(q)}%"), a.norm.in_(sorted(expand(q))))
        s = s.where(or_(E.c.id.in_(select(a.entity_id).where(named)), E.c.id.in_(entity_ids(conn, q))))
    after = decode_cursor(cursor)
    if after:
        n, last = int(after[0]), int(after[1])
        s = s.where(or_(E.c.n_mentions < n, and_(E.c.n_mentions == n, E.c.id > last)))
    s = s.order_by(E.c.n_mentions.desc(), E.c.id).limit(limit + 1)
    rows, nxt = cut_page(conn.execute(s).all(), limit, lambda r: [r.n_mentions, r.id])
    al = _aliases(conn, [r.id for r in rows])
    return Page[EntityRow](items=[_entity_row(r, al[r.id]) for r in rows], next_cursor=nxt)


def entity(conn: Connection, key: str, *, limit: int = 50) -> EntityDetail | None:
    """One entity by key (or any of its names) with its roles, statements, figures and events."""
    r = conn.execute(select(E).where(E.c.key == key)).first()
    if r is None:
        ids = entity_ids(conn, key)
        if not ids:
            return None
        r = conn.execute(select(E).where(E.c.id.in_(ids)).order_by(E.c.n_mentions.desc(), E.c.id)).first()
        if r is None:
            return None
    eid = r.id
    base = _entity_row(r, _aliases(conn, [eid])[eid])
    de = t.doc_entities.c
    roles = sorted(
        {x for x in conn.scalars(select(de.role).where(de.entity_id == eid, de.role.is_not(None)).distinct()) if x}
    )
    qs = conn.execute(_quote_select().where(Q.c.speaker_entity_id == eid).order_by(Q.c.id.desc()).limit(limit)).all()
    about = conn.execute(claim_select().where(C.c.subject_entity_id == eid).order_by(C.c.id.desc()).limit(limit)).all()
    by = conn.execute(claim_select().where(C.c.speaker_entity_id == eid).order_by(C.c.id.desc()).limit(limit)).all()
    p = t.event_participants.c
    evs = conn.execute(
        _event_select()
        .where(EV.c.id.in_(select(p.event_id).where(p.entity_id == eid)))
        .order_by(EV.c.id.desc())
        .limit(limit)
    ).all()
    return EntityDetail(
        **base.model_dump(),
        roles=roles,
        quotes=[QuoteRow(**x._mapping) for x in qs],
        claims_about=[claim_row(x) for x in about],
        claims_by=[claim_row(x) for x in by],
        events=[_event_row(x) for x in evs],
        activity=_activity(conn, eid),
    )


def _activity(conn: Connection, eid: int) -> list[ActivityPoint]:
    a = t.entity_activity.c
    q = (
        select(a.date, a.quotes, a.claims_by, a.claims_about, a.events)
        .where(a.entity_id == eid, (a.quotes + a.claims_by + a.claims_about + a.events) > 0)
        .order_by(a.date)
    )
    return [
        ActivityPoint(date=r.date, quotes=r.quotes, claims=r.claims_by + r.claims_about, events=r.events)
        for r in conn.execute(q)
    ]


# -- overview ----------------------------------------------------------------------------------


def overview(conn: Connection, *, limit: int = 10) -> Overview:
    """Counts, latest articles, most-cited speakers, latest series and contradictions."""
    n_docs = conn.scalar(select(func.count()).select_from(D).where(D.c.is_current)) or 0
    n_claims = conn.scalar(select(func.count()).select_from(C)) or 0
    n_quotes = conn.scalar(select(func.count()).select_from(Q)) or 0
    n_ents = conn.scalar(select(func.count()).select_from(E).where(E.c.n_documents > 0)) or 0
    latest = [_document_row(r) for r in _document_rows(conn, None, limit, None)]
    a = t.entity_activity.c
    nq, nc = func.sum(a.quotes).label("nq"), func.sum(a.claims_by).label("nc")
    total = (func.sum(a.quotes) + func.sum(a.claims_by)).label("total")
    sq = (
        select(E.c.key, E.c.name, nq, nc, total)
        .select_from(t.entity_activity.join(E, E.c.id == a.entity_id))
        .group_by(E.c.key, E.c.name)
        .having((func.sum(a.quotes) + func.sum(a.claims_by)) > 0)
        .order_by(total.desc(), E.c.key)
        .limit(limit)
    )
    speakers = [SpeakerCount(id=r.key, name=r.name, quotes=int(r.nq), claims=int(r.nc)) for r in conn.execute(sq)]
    return Overview(
        documents=n_docs,
        claims=n_claims,
        quotes=n_quotes,
        entities=n_ents,
        latest=latest,
        speakers=speakers,
        series=series(conn, limit=limit),
        contradictions=contradictions(conn, limit=limit),
    )


__all__ = [
    "MAX_LIMIT",
    "claims",
    "claims_by_id",
    "contradictions",
    "decode_cursor",
    "document",
    "documents",
    "encode_cursor",
    "entities",
    "entity",
    "entity_ids",
    "events",
    "overview",
    "parse_day",
    "quotes",
    "sentence_at",
    "series",
    "timeline",
]
