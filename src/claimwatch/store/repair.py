"""Bring the links of an existing ledger up to today's rules without re-reading the articles.

Migration 0006 calls :func:`repair`: ledgers written before it dated an undated article's items
by the ingest day, gave every figure a measure from its verb alone and keyed series on the
counted noun, so a series could mix a group's strength with its dead. Here every item is dated
by its article again (or left undated), every figure gets its measure from the vocabulary, and
series and conflicts are rebuilt from the stored claims. ``claimwatch relink`` does all of this
and entity resolution too, from the stored documents.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Connection, bindparam, delete, select, update

from claimwatch.link import places
from claimwatch.link.conflicts import document_conflicts
from claimwatch.link.entities import fold
from claimwatch.link.headlines import headline
from claimwatch.link.measures import comparable, measure_of
from claimwatch.link.series import series_key
from claimwatch.store import linking
from claimwatch.store import schema as t

LOGGER = logging.getLogger(__name__)


def _parse(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def redate(conn: Connection) -> None:
    """Date quotes and claims by their article's publication date, events by theirs, else nothing."""
    d = t.documents.c
    published = {r.id: r.published for r in conn.execute(select(d.id, d.published))}
    for table in (t.quotes, t.claims):
        rows = [
            {"b_id": r.id, "b_date": published.get(r.document_id)}
            for r in conn.execute(select(table.c.id, table.c.document_id, table.c.date))
            if r.date != published.get(r.document_id)
        ]
        if rows:
            conn.execute(update(table).where(table.c.id == bindparam("b_id")).values(date=bindparam("b_date")), rows)
    ev = t.events.c
    rows = []
    for r in conn.execute(select(ev.id, ev.document_id, ev.event_date, ev.date)):
        want = _parse(r.event_date) or published.get(r.document_id)
        if r.date != want:
            rows.append({"b_id": r.id, "b_date": want})
    if rows:
        conn.execute(update(t.events).where(ev.id == bindparam("b_id")).values(date=bindparam("b_date")), rows)


def remeasure(conn: Connection) -> None:
    """Give every claim its measure from what it counts and what is said of it."""
    c = t.claims.c
    rows = [
        {"b_id": r.id, "b_m": m}
        for r in conn.execute(select(c.id, c.counted, c.predicate, c.measure))
        if (m := measure_of(r.counted, r.predicate)) != r.measure
    ]
    if rows:
        conn.execute(update(t.claims).where(c.id == bindparam("b_id")).values(measure=bindparam("b_m")), rows)


def reseries(conn: Connection, options: linking.ConflictOptions | None = None) -> None:
    """Rebuild series (subject, measure, place) and conflicts from the stored claims."""
    c, e = t.claims.c, t.entities.c
    conn.execute(delete(t.contradictions).where(t.contradictions.c.kind == "conflict"))
    conn.execute(update(t.contradictions).values(series_id=None))
    conn.execute(update(t.claims).values(series_id=None))
    conn.execute(delete(t.series))
    keys = dict(conn.execute(select(e.id, e.key)).all())
    q = select(
        c.id, c.document_id, c.subject, c.subject_entity_id, c.counted_norm, c.measure, c.place, c.place_country
    ).order_by(c.id)
    members: dict[int, list[int]] = {}
    batches: dict[tuple[int, int], list[int]] = {}  # (document, series) -> claims, in writing order
    for r in conn.execute(q).all():
        if r.subject_entity_id is None or r.subject_entity_id not in keys or not comparable(r.measure):
            continue
        place = places.Place(r.place, r.place_country) if r.place else None
        key = series_key(keys[r.subject_entity_id], r.measure, linking.place_key(place))
        sid = linking.ensure_series(
            conn, key, r.subject_entity_id, r.subject, r.counted_norm or r.measure, place, r.measure
        )
        members.setdefault(sid, []).append(r.id)
        batches.setdefault((r.document_id, sid), []).append(r.id)
    for sid, ids in members.items():
        conn.execute(update(t.claims).where(c.id.in_(ids)).values(series_id=sid))
    opts = options or linking.ConflictOptions()
    x = t.contradictions.c
    own = select(c.series_id).where(c.id == x.claim_id).scalar_subquery()
    conn.execute(update(t.contradictions).where(x.kind == "denial").values(series_id=own))
    for sid in sorted(members):
        linking.refresh_series(conn, sid)
    for (_doc, sid), ids in sorted(batches.items(), key=lambda kv: kv[1][0]):
        linking.record_conflicts(conn, sid, ids, opts)


def redocument_conflicts(conn: Connection) -> None:
    """Conflicts between the voices of one report, from the stored documents."""
    from claimwatch.store.queries import document

    c, d = t.claims.c, t.documents.c
    for row_id, doc_id in conn.execute(select(d.id, d.doc_id).where(d.is_current).order_by(d.id)).all():
        doc = document(conn, doc_id)
        rows = conn.execute(
            select(c.id, c.measure, c.place, c.series_id).where(c.document_id == row_id).order_by(c.idx)
        ).all()
        if doc is None or len(rows) != len(doc.claims):
            continue
        found = document_conflicts(doc, [r.measure for r in rows], [fold(r.place) if r.place else None for r in rows])
        if found:
            conn.execute(
                t.contradictions.insert(),
                [
                    {
                        "kind": "conflict",
                        "claim_id": rows[j].id,
                        "other_claim_id": rows[i].id,
                        "document_id": row_id,
                        "series_id": rows[j].series_id or rows[i].series_id,
                        "detail": why,
                    }
                    for i, j, why in found
                ],
            )


def reactivity(conn: Connection) -> None:
    """Recount the per-day entity activity over current documents (the dates changed)."""
    from claimwatch.store.writer import Writer

    conn.execute(delete(t.entity_activity))
    for (row_id,) in conn.execute(select(t.documents.c.id).where(t.documents.c.is_current).order_by(t.documents.c.id)):
        Writer.activity(conn, row_id, 1)


def reheadline(conn: Connection) -> None:
    """A headline for every article that has none yet."""
    d, h = t.documents.c, t.headlines.c
    have = set(conn.scalars(select(h.document_id)))
    rows = []
    for r in conn.execute(select(d.id, d.title, d.text)):
        line = headline(r.title, r.text or "")
        if r.id not in have and line:
            rows.append({"document_id": r.id, "headline": line})
    if rows:
        conn.execute(t.headlines.insert(), rows)


def repair(conn: Connection) -> None:
    """Dates, measures, series, conflicts, activity and headlines, brought up to today's rules."""
    reheadline(conn)
    redate(conn)
    remeasure(conn)
    reseries(conn)
    redocument_conflicts(conn)
    reactivity(conn)
    LOGGER.info("ledger repaired: dates by article, measures, series and conflicts rebuilt")
