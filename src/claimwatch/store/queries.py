"""The ledger's read side: filtered, keyset-paginated listings, timelines and entity pages.

Each function runs a fixed, small number of SQL statements whatever the page size (no N+1),
filters on indexed columns, and pages by keyset (``id < cursor``) rather than OFFSET, so a page
costs the same at the end of a million claims as at the start. Only current versions of
documents are listed; near-duplicate reports are kept out of timelines and listed with the
report they repeat.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, TextClause, and_, case, func, or_, select, text
from sqlalchemy.orm import aliased

from claimwatch.errors import ConfigError
from claimwatch.link.entities import fold, person_key, slug
from claimwatch.link.places import country_code
from claimwatch.link.series import counted_category
from claimwatch.store import schema as t
from claimwatch.store.rows import (
    ActivityPoint,
    ClaimRow,
    ContradictionRow,
    DisputeRef,
    DocumentRow,
    EntityDetail,
    EntityRow,
    EventRow,
    Overview,
    Page,
    QuoteRow,
    SeriesRow,
    SpeakerCount,
    StoredDocument,
    Timeline,
    TimelinePoint,
)

MAX_LIMIT = 1000
D, C, Q, E, EV = t.documents, t.claims, t.quotes, t.entities, t.events


# -- cursors -----------------------------------------------------------------------------------


def encode_cursor(*values: Any) -> str:
    """An opaque cursor for the last row of a page."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The values of a cursor made by :func:`encode_cursor`.

    Raises:
        ConfigError: the cursor is not one this ledger made.
    """
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, json.JSONDecodeError) as exc:
        raise ConfigError(f"bad cursor {cursor!r}") from exc
    if not isinstance(values, list):
        raise ConfigError(f"bad cursor {cursor!r}")
    return values


def _limit(limit: int) -> int:
    if limit < 1:
        raise ConfigError("limit must be at least 1")
    return min(limit, MAX_LIMIT)


def _page(rows: Sequence[Any], limit: int, key: Any) -> tuple[list[Any], str | None]:
    if len(rows) > limit:
        page = list(rows[:limit])
        return page, encode_cursor(*key(page[-1]))
    return list(rows), None


def parse_day(value: str | dt.date | None, what: str) -> dt.date | None:
    """A date filter from ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``, taken as the first day).

    Raises:
        ConfigError: the value is not a date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    v = value.strip()
    for fmt, pad in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            dt.datetime.strptime(v, fmt)
            return dt.date.fromisoformat(v + pad)
        except ValueError:
            continue
    raise ConfigError(f"{what}: not a date (YYYY-MM-DD): {value!r}")


# -- entity and place resolution -------------------------------------------------------------


def entity_ids(conn: Connection, text: str, types: Sequence[str] | None = None) -> list[int]:
    """Corpus entities a name, alias or key stands for (``ISIS`` → Islamic State's id)."""
    norm = fold(text)
    keys = {norm}
    pk = person_key(text)
    if pk:
        keys.add(pk)
    a = t.entity_aliases.c
    match: ColumnElement[bool] = a.norm.in_(sorted(keys))
    if norm and " " not in norm:  # a surname alone finds the people who bear it
        match = or_(match, a.norm.like(f"p:_ {norm}"))
    q = select(a.entity_id).where(match).union(select(E.c.id).where(E.c.key == slug(text)))
    ids = sorted({r[0] for r in conn.execute(q)})
    if types and ids:
        ids = sorted(conn.scalars(select(E.c.id).where(E.c.id.in_(ids), E.c.type.in_(list(types)))))
    return ids


Alternatives = list[ColumnElement[bool]]


def _place_alternatives(conn: Connection, place: str, country_col: Any, entity_col: Any, name_col: Any) -> Alternatives:
    """What a place filter matches: a country code, or the place's entities and its name."""
    code = country_code(place)
    if code:
        return [country_col == code]
    ids = entity_ids(conn, place, ["location"])
    return [*(entity_col == i for i in ids), func.lower(name_col) == place.strip().lower()]


def _entity_alternatives(conn: Connection, text: str, id_col: Any, name_col: Any) -> Alternatives:
    """What a subject or speaker filter matches: the name's entities, else the name itself."""
    ids = entity_ids(conn, text)
    return [id_col == i for i in ids] if ids else [func.lower(name_col) == text.strip().lower()]


MAX_WALKS = 16


def _first_rows(
    conn: Connection,
    q: Select[Any],
    filters: Sequence[Alternatives],
    order: Sequence[Any],
    n: int,
    key: Any,
    max_walks: int | None = None,
) -> list[Any]:
    """The first ``n`` rows of ``q`` in ``order`` (descending ``key``), each filter an OR of alternatives.

    An OR or IN over several index ranges makes the database read every match and sort it. One
    query per combination of alternatives instead walks its own index in order and stops after
    ``n`` rows; merging costs at most ``n`` rows per combination, whatever the ledger's size.
    """
    combos = list(itertools.product(*filters))
    if len(combos) <= 1 or len(combos) > (MAX_WALKS if max_walks is None else max_walks):
        for alternatives in filters:
            q = q.where(or_(*alternatives))
        return list(conn.execute(q.order_by(*order).limit(n)).all())
    rows: dict[int, Any] = {}
    for combo in combos:
        for r in conn.execute(q.where(*combo).order_by(*order).limit(n)):
            rows.setdefault(r.id, r)
    return sorted(rows.values(), key=key, reverse=True)[:n]


# -- claims ------------------------------------------------------------------------------------

_SUBJ = aliased(E, name="subj")
_SPK = aliased(E, name="spk")
_DUP = aliased(D, name="dup")


def _claim_select() -> Select[Any]:
    return (
        select(
            C.c.id,
            D.c.doc_id.label("document"),
            D.c.title,
            D.c.outlet,
            D.c.source,
            C.c.date,
            D.c.first_seen,
            C.c.text,
            C.c.low,
            C.c.high,
            C.c.qualifier,
            C.c.counted,
            C.c.counted_norm.label("category"),
            C.c.predicate,
            C.c.measure,
            C.c.subject,
            _SUBJ.c.key.label("subject_id"),
            C.c.subject_inferred,
            C.c.location,
            C.c.place,
            C.c.place_country,
            C.c.time,
            C.c.speaker,
            _SPK.c.key.label("speaker_id"),
            C.c.series_id,
            _DUP.c.doc_id.label("duplicate_of"),
            C.c.char_start,
            C.c.char_end,
        )
        .select_from(C)
        .join(D, D.c.id == C.c.document_id)
        .outerjoin(_SUBJ, _SUBJ.c.id == C.c.subject_entity_id)
        .outerjoin(_SPK, _SPK.c.id == C.c.speaker_entity_id)
        .outerjoin(_DUP, _DUP.c.id == D.c.duplicate_of)
        .where(D.c.is_current)
    )


def _claim_row(r: Any) -> ClaimRow:
    return ClaimRow(**{**r._mapping, "subject_inferred": bool(r.subject_inferred)})


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
) -> Page[ClaimRow]:
    """Figures, filtered by subject, counted category, place, speaker and date.

    Newest first: by ingestion without a date range, by date (then ingestion) with one.
    """
    limit = _limit(limit)
    q = _claim_select()
    filters: list[Alternatives] = []
    if subject:
        filters.append(_entity_alternatives(conn, subject, C.c.subject_entity_id, C.c.subject))
    if counted:
        q = q.where(C.c.counted_norm == (counted_category(counted) or counted))
    if place:
        filters.append(_place_alternatives(conn, place, C.c.place_country, C.c.place_entity_id, C.c.place))
    if speaker:
        filters.append(_entity_alternatives(conn, speaker, C.c.speaker_entity_id, C.c.speaker))
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
        found = _first_rows(conn, q, filters, order, limit + 1, key)
        rows, nxt = _page(found, limit, lambda r: [r.date.isoformat(), r.id])
    else:
        if after:
            q = q.where(C.c.id < int(after[-1]))
        found = _first_rows(conn, q, filters, (C.c.id.desc(),), limit + 1, lambda r: r.id)
        rows, nxt = _page(found, limit, lambda r: [r.id])
    return Page[ClaimRow](items=[_claim_row(r) for r in rows], next_cursor=nxt)


def claims_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, ClaimRow]:
    """Claims by id (current documents only)."""
    if not ids:
        return {}
    return {r.id: _claim_row(r) for r in conn.execute(_claim_select().where(C.c.id.in_(list(ids))))}


# -- quotes ------------------------------------------------------------------------------------


def _quote_select() -> Select[Any]:
    return (
        select(
            Q.c.id,
            D.c.doc_id.label("document"),
            D.c.title,
            D.c.outlet,
            Q.c.date,
            Q.c.speaker,
            _SPK.c.key.label("speaker_id"),
            Q.c.text,
            Q.c.kind,
            Q.c.cue,
            Q.c.via,
            Q.c.char_start,
            Q.c.char_end,
        )
        .select_from(Q)
        .join(D, D.c.id == Q.c.document_id)
        .outerjoin(_SPK, _SPK.c.id == Q.c.speaker_entity_id)
        .where(D.c.is_current)
    )


def quotes(
    conn: Connection, *, speaker: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[QuoteRow]:
    """Statements, newest first, optionally by one speaker (any of their names)."""
    limit = _limit(limit)
    q = _quote_select()
    filters = [_entity_alternatives(conn, speaker, Q.c.speaker_entity_id, Q.c.speaker)] if speaker else []
    after = decode_cursor(cursor)
    if after:
        q = q.where(Q.c.id < int(after[0]))
    found = _first_rows(conn, q, filters, (Q.c.id.desc(),), limit + 1, lambda r: r.id)
    rows, nxt = _page(found, limit, lambda r: [r.id])
    return Page[QuoteRow](items=[QuoteRow(**r._mapping) for r in rows], next_cursor=nxt)


# -- events ------------------------------------------------------------------------------------


def _event_select() -> Select[Any]:
    return (
        select(
            EV.c.id,
            D.c.doc_id.label("document"),
            D.c.title,
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
    limit = _limit(limit)
    q = _event_select()
    if type:
        q = q.where(EV.c.type == type)
    filters = [_place_alternatives(conn, place, EV.c.place_country, EV.c.place_entity_id, EV.c.place)] if place else []
    after = decode_cursor(cursor)
    if after:
        q = q.where(EV.c.id < int(after[0]))
    found = _first_rows(conn, q, filters, (EV.c.id.desc(),), limit + 1, lambda r: r.id)
    rows, nxt = _page(found, limit, lambda r: [r.id])
    return Page[EventRow](items=[_event_row(r) for r in rows], next_cursor=nxt)


# -- documents ---------------------------------------------------------------------------------


def _document_rows(conn: Connection, where: ColumnElement[bool] | None, limit: int, after: int | None) -> list[Any]:
    n_claims = select(func.count(C.c.id)).where(C.c.document_id == D.c.id).scalar_subquery()
    n_quotes = select(func.count(Q.c.id)).where(Q.c.document_id == D.c.id).scalar_subquery()
    q = (
        select(
            D.c.id,
            D.c.doc_id.label("document"),
            D.c.title,
            D.c.source,
            D.c.outlet,
            D.c.published,
            D.c.first_seen,
            D.c.language,
            D.c.version,
            D.c.is_current,
            _DUP.c.doc_id.label("duplicate_of"),
            n_claims.label("n_claims"),
            n_quotes.label("n_quotes"),
        )
        .select_from(D)
        .outerjoin(_DUP, _DUP.c.id == D.c.duplicate_of)
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
    limit = _limit(limit)
    after = decode_cursor(cursor)
    rows, nxt = _page(_document_rows(conn, None, limit + 1, int(after[0]) if after else None), limit, lambda r: [r.id])
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
    limit = _limit(limit)
    s = select(E).where(E.c.n_documents > 0)
    if type:
        s = s.where(E.c.type == type)
    if q:
        a = t.entity_aliases.c
        s = s.where(E.c.id.in_(select(a.entity_id).where(a.norm.like(f"{fold(q)}%"))))
    after = decode_cursor(cursor)
    if after:
        n, last = int(after[0]), int(after[1])
        s = s.where(or_(E.c.n_mentions < n, and_(E.c.n_mentions == n, E.c.id > last)))
    s = s.order_by(E.c.n_mentions.desc(), E.c.id).limit(limit + 1)
    rows, nxt = _page(conn.execute(s).all(), limit, lambda r: [r.n_mentions, r.id])
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
    about = conn.execute(_claim_select().where(C.c.subject_entity_id == eid).order_by(C.c.id.desc()).limit(limit)).all()
    by = conn.execute(_claim_select().where(C.c.speaker_entity_id == eid).order_by(C.c.id.desc()).limit(limit)).all()
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
        claims_about=[_claim_row(x) for x in about],
        claims_by=[_claim_row(x) for x in by],
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


# -- series, timelines, contradictions -----------------------------------------------------------

_SERIES_SUBJ = aliased(E, name="series_subject")


def _series_select() -> Select[Any]:
    s = t.series.c
    return select(
        s.id,
        s.key,
        s.subject,
        _SERIES_SUBJ.c.key.label("subject_id"),
        s.counted,
        s.place,
        s.place_country,
        s.measure,
        s.n_claims,
        s.n_sources,
        s.first_date,
        s.last_date,
    ).select_from(t.series.outerjoin(_SERIES_SUBJ, _SERIES_SUBJ.c.id == s.subject_entity_id))


def series(conn: Connection, *, limit: int = 50) -> list[SeriesRow]:
    """Series with figures, those with the most recent figures first."""
    s = t.series.c
    q = (
        _series_select()
        .where(s.n_claims > 0)
        .order_by(s.last_date.desc(), s.n_claims.desc(), s.id)
        .limit(_limit(limit))
    )
    return [SeriesRow(**r._mapping) for r in conn.execute(q)]


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence(s) around ``text[start:end]``."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, max(0, start)):
        left = m.end()
    m2 = _SENTENCE_END.search(text, max(end, start))
    right = m2.start() if m2 else len(text)
    return text[left:right].strip()


WINDOW = 400


def timeline(
    conn: Connection, subject: str, *, counted: str | None = None, place: str | None = None, limit: int = 500
) -> Timeline:
    """The figures of the series about ``subject`` (any of its names), by date and source.

    Near-duplicate reports appear once, listing the copies; each point lists the denials and
    the conflicting figures linked to it. At most ``limit`` points, the most recent, are given
    (``truncated`` says when there were more); each series is read newest first on its
    ``(series_id, date)`` index, so a long series costs no more than a short one.
    """
    s = t.series.c
    limit = _limit(limit)
    ids = entity_ids(conn, subject)
    sq = _series_select()
    sq = sq.where(s.subject_entity_id.in_(ids)) if ids else sq.where(func.lower(s.subject) == subject.strip().lower())
    if counted:
        sq = sq.where(s.counted == (counted_category(counted) or counted))
    if place:
        code = country_code(place)
        sq = sq.where(s.place_country == code) if code else sq.where(func.lower(s.place) == place.strip().lower())
    srows = [SeriesRow(**r._mapping) for r in conn.execute(sq.order_by(s.id))]
    canonical = conn.scalar(select(E.c.key).where(E.c.id.in_(ids)).order_by(E.c.n_mentions.desc())) if ids else None
    result = Timeline(subject=subject, subject_id=canonical, counted=counted, place=place, series=srows)
    if not srows:
        return result
    # first the newest figures of each series, from the indexes alone; then their rows
    light = select(C.c.id, C.c.date).where(_original_report(conn))
    found = _first_rows(
        conn,
        light,
        [[C.c.series_id == x.id for x in srows]],
        (C.c.date.desc(), C.c.id.desc()),
        limit + 1,
        lambda r: (r.date or dt.date.min, r.id),
        max_walks=len(srows),  # one walk per series, however many: each stops after a page
    )
    begin = case((C.c.char_start > WINDOW, C.c.char_start - WINDOW + 1), else_=1)
    q = _claim_select().add_columns(
        D.c.id.label("doc_row"),
        D.c.published.label("published"),
        (begin - 1).label("window_start"),
        func.substr(D.c.text, begin, C.c.char_end - C.c.char_start + 2 * WINDOW).label("window"),
    )
    rows: list[Any] = []
    for chunk in _chunked([r.id for r in found]):
        rows += conn.execute(q.where(C.c.id.in_(chunk))).all()
    rows.sort(key=lambda r: (r.date or dt.date.min, r.id), reverse=True)
    result.truncated = len(rows) > limit
    rows = rows[:limit]
    doc_rows = sorted({r.doc_row for r in rows})
    copies: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunked(doc_rows):
        cq = select(D.c.duplicate_of, D.c.doc_id).where(D.c.duplicate_of.in_(chunk), D.c.is_current).order_by(D.c.id)
        for rep, doc_id in conn.execute(cq).all():
            copies[rep].append(doc_id)
    disputes = _disputes(conn, [r.id for r in rows])
    points = []
    for r in rows:
        off = r.window_start
        points.append(
            TimelinePoint(
                claim_id=r.id,
                series_id=r.series_id,
                document=r.document,
                title=r.title,
                outlet=r.outlet,
                source=r.source,
                date=r.date,
                date_basis="published" if r.date else "undated",
                speaker=r.speaker,
                speaker_id=r.speaker_id,
                low=r.low,
                high=r.high,
                qualifier=r.qualifier,
                text=r.text,
                counted=r.counted,
                category=r.category,
                place=r.place,
                sentence=sentence_at(r.window or "", r.char_start - off, r.char_end - off),
                char_start=r.char_start,
                char_end=r.char_end,
                duplicates=copies.get(r.doc_row, []),
                denials=[x for x in disputes.get(r.id, []) if x.kind == "denial"],
                conflicts=[x for x in disputes.get(r.id, []) if x.kind == "conflict"],
            )
        )
    points.sort(key=lambda p: (p.date or dt.date.max, p.outlet or "", p.speaker or "", p.claim_id))
    result.points = points
    return result


def _original_report(conn: Connection) -> TextClause:
    """Claims of current documents that repeat no earlier report.

    Answered from the covering index on ``(duplicate_of, is_current, id)``: on SQLite, looking
    up each claim's document row instead costs a page read per claim, and the planner prefers
    the row, so the index is named.
    """
    hint = " INDEXED BY ix_documents_duplicate_of_is_current_id_doc_id" if conn.dialect.name == "sqlite" else ""
    return text(
        f"EXISTS (SELECT 1 FROM documents AS original{hint} WHERE original.duplicate_of IS NULL "
        "AND original.is_current = TRUE AND original.id = claims.document_id)"
    )


def _chunked(ids: Sequence[int], n: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(ids), n):
        yield list(ids[i : i + n])


def _disputes(conn: Connection, claim_ids: list[int]) -> dict[int, list[DisputeRef]]:
    out: dict[int, list[DisputeRef]] = defaultdict(list)
    if not claim_ids:
        return out
    for chunk in _chunked(sorted(set(claim_ids))):
        _dispute_chunk(conn, chunk, out)
    return out


def _dispute_chunk(conn: Connection, chunk: list[int], out: dict[int, list[DisputeRef]]) -> None:
    x = t.contradictions.c
    wanted = set(chunk)
    q = (
        select(
            x.id,
            x.kind,
            x.claim_id,
            x.other_claim_id,
            x.by_name,
            x.text,
            x.detail,
            x.char_start,
            x.char_end,
            D.c.doc_id,
        )
        .select_from(t.contradictions.join(D, D.c.id == x.document_id))
        .where(D.c.is_current)
    )
    # one query per side: an OR of the two makes SQLite scan the table rather than use both indexes
    found = {r.id: r for side in (x.claim_id, x.other_claim_id) for r in conn.execute(q.where(side.in_(chunk)))}
    for r in (found[k] for k in sorted(found)):
        for mine, other in ((r.claim_id, r.other_claim_id), (r.other_claim_id, r.claim_id)):
            if mine in wanted:
                out[mine].append(
                    DisputeRef(
                        id=r.id,
                        kind=r.kind,
                        by=r.by_name,
                        text=r.text,
                        document=r.doc_id,
                        char_start=r.char_start,
                        char_end=r.char_end,
                        other_claim_id=other if r.kind == "conflict" else None,
                        detail=r.detail,
                    )
                )


def contradictions(conn: Connection, *, limit: int = 50, kind: str | None = None) -> list[ContradictionRow]:
    """Denials and conflicting figures, newest first, with the claims they concern."""
    x = t.contradictions.c
    q = (
        select(
            x.id,
            x.kind,
            x.detail,
            x.by_name,
            x.text,
            x.char_start,
            x.char_end,
            x.claim_id,
            x.other_claim_id,
            D.c.doc_id,
        )
        .select_from(t.contradictions.join(D, D.c.id == x.document_id))
        .where(D.c.is_current)
    )
    if kind:
        q = q.where(x.kind == kind)
    rows = conn.execute(q.order_by(x.id.desc()).limit(_limit(limit) * 2)).all()
    by_id = claims_by_id(
        conn, sorted({r.claim_id for r in rows} | {r.other_claim_id for r in rows if r.other_claim_id})
    )
    out = []
    for r in rows:
        claim = by_id.get(r.claim_id)
        other = by_id.get(r.other_claim_id) if r.other_claim_id else None
        if claim is None or (r.other_claim_id and other is None):
            continue  # the claim belongs to a superseded version
        out.append(
            ContradictionRow(
                id=r.id,
                kind=r.kind,
                detail=r.detail,
                by=r.by_name,
                text=r.text,
                document=r.doc_id,
                char_start=r.char_start,
                char_end=r.char_end,
                claim=claim,
                other_claim=other,
            )
        )
    return out[: _limit(limit)]


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
