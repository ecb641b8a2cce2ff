"""Series, timelines and contradictions: the figures of one measure over time and what disputes them.

Each series is read newest first on its ``(series_id, date)`` index, so a long series costs no
more than a short one; near-duplicate reports appear once, listing their copies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, TextClause, case, func, select, text
from sqlalchemy.orm import aliased

from claimwatch.link.places import country_code
from claimwatch.link.series import counted_category
from claimwatch.store import schema as t
from claimwatch.store.claim_select import claim_select, claims_by_id
from claimwatch.store.lookup import entity_ids
from claimwatch.store.paging import clamp_limit, first_rows
from claimwatch.store.rows import ContradictionRow, DisputeRef, SeriesRow, Timeline, TimelinePoint

D, C, E = t.documents, t.claims, t.entities


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
        .limit(clamp_limit(limit))
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
    limit = clamp_limit(limit)
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
    found = first_rows(
        conn,
        light,
        [[C.c.series_id == x.id for x in srows]],
        (C.c.date.desc(), C.c.id.desc()),
        limit + 1,
        lambda r: (r.date or dt.date.min, r.id),
        max_walks=len(srows),  # one walk per series, however many: each stops after a page
    )
    begin = case((C.c.char_start > WINDOW, C.c.char_start - WINDOW + 1), else_=1)
    q = claim_select().add_columns(
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
    disputes = disputes_of(conn, [r.id for r in rows])
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


def disputes_of(conn: Connection, claim_ids: list[int]) -> dict[int, list[DisputeRef]]:
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


def sentences_of(conn: Connection, claim_ids: Sequence[int]) -> dict[int, str]:
    """The sentence each claim is in, read from a window of its article's text."""
    begin = case((C.c.char_start > WINDOW, C.c.char_start - WINDOW + 1), else_=1)
    q = select(
        C.c.id,
        C.c.char_start,
        C.c.char_end,
        (begin - 1).label("off"),
        func.substr(D.c.text, begin, C.c.char_end - C.c.char_start + 2 * WINDOW).label("window"),
    ).join(D, D.c.id == C.c.document_id)
    out: dict[int, str] = {}
    for chunk in _chunked(sorted(set(claim_ids))):
        for r in conn.execute(q.where(C.c.id.in_(chunk))):
            out[r.id] = sentence_at(r.window or "", r.char_start - r.off, r.char_end - r.off)
    return out


def contradictions(
    conn: Connection, *, limit: int = 50, kind: str | None = None, sentences: bool = False
) -> list[ContradictionRow]:
    """Denials and conflicting figures, newest first, with the claims they concern.

    With ``sentences`` each row also carries the sentences of both claims (for a side-by-side view).
    """
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
    rows = conn.execute(q.order_by(x.id.desc()).limit(clamp_limit(limit) * 2)).all()
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
    out = out[: clamp_limit(limit)]
    if sentences and out:
        text = sentences_of(conn, [r.claim.id for r in out] + [r.other_claim.id for r in out if r.other_claim])
        for row in out:
            row.claim_sentence = text.get(row.claim.id)
            row.other_sentence = text.get(row.other_claim.id) if row.other_claim else None
    return out
