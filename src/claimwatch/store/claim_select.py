"""The claim rows every listing shows: one select with the document, subject and speaker joined."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import aliased

from claimwatch.store import schema as t
from claimwatch.store.rows import ClaimRow

D, C, E = t.documents, t.claims, t.entities
SUBJ = aliased(E, name="subj")
SPK = aliased(E, name="spk")
DUP = aliased(D, name="dup")


def display_title() -> Any:
    """The article's title, else its headline (its lead sentence): never a file name."""
    h = t.headlines.c
    lead = select(h.headline).where(h.document_id == D.c.id).scalar_subquery()
    return func.coalesce(D.c.title, lead).label("title")


def claim_select() -> Select[Any]:
    return (
        select(
            C.c.id,
            D.c.doc_id.label("document"),
            display_title(),
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
            SUBJ.c.key.label("subject_id"),
            C.c.subject_inferred,
            C.c.location,
            C.c.place,
            C.c.place_country,
            C.c.time,
            C.c.speaker,
            SPK.c.key.label("speaker_id"),
            C.c.series_id,
            DUP.c.doc_id.label("duplicate_of"),
            C.c.char_start,
            C.c.char_end,
        )
        .select_from(C)
        .join(D, D.c.id == C.c.document_id)
        .outerjoin(SUBJ, SUBJ.c.id == C.c.subject_entity_id)
        .outerjoin(SPK, SPK.c.id == C.c.speaker_entity_id)
        .outerjoin(DUP, DUP.c.id == D.c.duplicate_of)
        .where(D.c.is_current)
    )


def claim_row(r: Any) -> ClaimRow:
    return ClaimRow(**{**r._mapping, "subject_inferred": bool(r.subject_inferred)})


def claims_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, ClaimRow]:
    """Claims by id (current documents only)."""
    if not ids:
        return {}
    return {r.id: claim_row(r) for r in conn.execute(claim_select().where(C.c.id.in_(list(ids))))}
