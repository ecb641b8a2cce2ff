"""Claim series, conflicts and denials in the ledger: storing what :mod:`claimwatch.link` decides.

A series is one measure of one canonical subject in one place; the writer files each new figure
in its series, recounts the series and records the figures that contradict the rest of it
(:func:`claimwatch.link.conflicts.conflict` decides). Denials link to the claims they answer
(:func:`claimwatch.link.disputes.find_denials` decides), with the denier as a corpus entity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update

from claimwatch.link import places
from claimwatch.link.conflicts import Figure, conflict
from claimwatch.link.entities import fold
from claimwatch.store import schema as t


@dataclass(frozen=True)
class ConflictOptions:
    """How figures are compared: the window for standing quantities, the slack, how many."""

    window_days: int = 180
    tolerance: float = 0.1
    candidates: int = 2000


def series_place(place: places.Place | None) -> str | None:
    """The place a series is shown under: the country's name, else the place's."""
    if place is None:
        return None
    if place.country:
        return places.country_name(place.country) or place.name
    return place.name


def place_key(place: places.Place | None) -> str | None:
    """The place part of a series key: the country code, else the folded place name."""
    if place is None:
        return None
    return place.country or fold(place.name) or None


def ensure_series(
    conn: Connection,
    key: str,
    subject_entity: int,
    subject: str | None,
    category: str,
    place: places.Place | None,
    measure: str,
) -> int:
    """The id of the series under ``key``, created when new."""
    s = t.series.c
    found = conn.scalar(select(s.id).where(s.key == key))
    if found is not None:
        return int(found)
    subject_name = conn.scalar(select(t.entities.c.name).where(t.entities.c.id == subject_entity)) or subject
    return int(
        conn.execute(
            t.series.insert().returning(s.id),
            {
                "key": key,
                "subject_entity_id": subject_entity,
                "subject": subject_name,
                "counted": category,
                "place": series_place(place),
                "place_country": place.country if place else None,
                "measure": measure,
            },
        ).scalar_one()
    )


def refresh_series(conn: Connection, series_id: int) -> None:
    """Recount a series over current, non-duplicate documents."""
    c, d = t.claims.c, t.documents.c
    q = (
        select(
            func.count(c.id),
            func.count(func.distinct(func.coalesce(c.speaker, d.outlet, d.doc_id))),
            func.min(c.date),
            func.max(c.date),
        )
        .select_from(t.claims.join(t.documents, d.id == c.document_id))
        .where(c.series_id == series_id, d.is_current, d.duplicate_of.is_(None))
    )
    n, n_sources, first, last = conn.execute(q).one()
    conn.execute(
        update(t.series)
        .where(t.series.c.id == series_id)
        .values(n_claims=n, n_sources=n_sources, first_date=first, last_date=last)
    )


def _figure(r: Any) -> Figure:
    speaker = str(r.speaker_entity_id) if r.speaker_entity_id else (fold(r.speaker) if r.speaker else None)
    return Figure(
        claim_id=r.id,
        low=r.low,
        high=r.high,
        qualifier=r.qualifier,
        date=r.date,
        speaker=speaker,
        source=r.outlet or r.source,
        cluster=r.cluster_id or r.doc,
        measure=r.measure,
        counted=r.counted,
        time=r.time,
        place=r.place_key,
        document=r.document_id,
    )


def record_conflicts(conn: Connection, series_id: int, new_ids: Iterable[int], options: ConflictOptions) -> int:
    """Record the new figures of a series that cannot be true together with others of it.

    Figures of other reports only: those of the same report are compared when it is written
    (:func:`claimwatch.link.conflicts.document_conflicts`). Returns how many were recorded.
    """
    new = set(new_ids)
    if not new:
        return 0
    c, d = t.claims.c, t.documents.c
    place_col = func.coalesce(c.place_country, func.lower(c.place)).label("place_key")
    q = (
        select(
            c.id,
            c.low,
            c.high,
            c.qualifier,
            c.date,
            c.time,
            c.measure,
            c.counted,
            place_col,
            c.speaker,
            c.speaker_entity_id,
            d.outlet,
            d.source,
            d.cluster_id,
            d.id.label("doc"),
            c.document_id,
        )
        .select_from(t.claims.join(t.documents, d.id == c.document_id))
        .where(c.series_id == series_id, d.is_current, d.duplicate_of.is_(None), c.qualifier != "vague")
    )
    mine = conn.execute(q.where(c.id.in_(sorted(new)))).all()
    days = [r.date for r in mine if r.date is not None]
    others = q.where(c.id < min(new))  # the figures written before these ones
    if days:
        window = dt.timedelta(days=options.window_days)
        docs = sorted({r.document_id for r in mine})
        others = others.where(c.date.between(min(days) - window, max(days) + window) | c.document_id.in_(docs))
    else:
        # an undated figure is compared only within its own report
        others = others.where(c.document_id.in_(sorted({r.document_id for r in mine})))
    # the most recent figures of a very long series are enough to find what a new one contradicts
    rows = [*mine, *conn.execute(others.order_by(c.date.desc(), c.id.desc()).limit(options.candidates)).all()]
    figs = {r.id: _figure(r) for r in rows}
    doc_of = {r.id: r.document_id for r in rows}
    out = []
    seen: set[frozenset[int]] = set()
    for cid in sorted(new & figs.keys()):
        for other in sorted(figs.keys() - new):
            pair = frozenset((cid, other))
            if pair in seen or doc_of[cid] == doc_of[other]:
                continue  # figures of one report are compared by document_conflicts
            why = conflict(figs[cid], figs[other], window_days=options.window_days, tolerance=options.tolerance)
            if why:
                seen.add(pair)
                first, second = sorted(pair)
                out.append(
                    {
                        "kind": "conflict",
                        "claim_id": second,
                        "other_claim_id": first,
                        "document_id": doc_of[second],
                        "series_id": series_id,
                        "detail": why,
                    }
                )
    if out:
        conn.execute(t.contradictions.insert(), out)
    return len(out)
