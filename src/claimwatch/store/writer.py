"""Writing documents into the ledger, one transaction per document, linking them as they come.

:meth:`Writer.write` is idempotent on the content hash: the same content adds nothing; changed
content from the same source becomes a new version and retires the old one. Inside the one
transaction it also resolves the document's entities against the corpus, places its figures in
claim series, links denials to the claims they answer, records figures that conflict with the
rest of their series, and puts the document in its near-duplicate cluster — so an interrupted
ingest never leaves a half-written or half-linked document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from claimwatch.link import dedup, places
from claimwatch.link.disputes import find_denials
from claimwatch.link.entities import Candidate, choose, fold, match_keys, slug
from claimwatch.link.series import Figure, conflict, counted_category, infer_subject, measure, series_key
from claimwatch.models import Document
from claimwatch.store import schema as t

if TYPE_CHECKING:  # datasketch (and scipy) load when a signature is first made
    from datasketch import LeanMinHash

LOGGER = logging.getLogger(__name__)

Status = Literal["new", "unchanged", "version"]
_NO_VERSIONING = {"", "-", "<string>"}


@dataclass(frozen=True)
class LinkOptions:
    """How cross-document links are made.

    Attributes:
        duplicate_threshold: estimated Jaccard similarity from which two articles are near-duplicates.
        conflict_window_days: figures further apart in time than this are not compared.
        conflict_tolerance: relative slack before two intervals count as disjoint.
        conflict_candidates: at most this many figures of a series (the most recent in the window)
            are compared with a new one.
    """

    duplicate_threshold: float = dedup.THRESHOLD
    conflict_window_days: int = 180
    conflict_tolerance: float = 0.1
    conflict_candidates: int = 2000


@dataclass
class WriteResult:
    """What :meth:`Writer.write` did with one document."""

    status: Status
    doc_id: str
    row_id: int
    duplicate_of: str | None = None
    signature: LeanMinHash | None = field(default=None, repr=False)
    replaced: int | None = None


def content_hash(doc: Document) -> str:
    """The document's content hash, or a hash of its text when the extractor gave none."""
    return doc.content_hash or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def parse_date(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` (or longer ISO) string as a date; anything else is None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, skipping those that break a unique constraint."""
    if not rows:
        return
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), list(rows))


def _returning_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [r[0] for r in conn.execute(stmt, rows)]


class Writer:
    """Writes and links documents; holds the near-duplicate index between documents."""

    def __init__(self, options: LinkOptions | None = None) -> None:
        self.options = options or LinkOptions()
        self.index: dedup.DuplicateIndex | None = None

    # -- near-duplicates -------------------------------------------------------------------

    def load_index(self, conn: Connection) -> dedup.DuplicateIndex:
        """The LSH index of current documents, loaded from the stored signatures once."""
        if self.index is None:
            index = dedup.DuplicateIndex(self.options.duplicate_threshold)
            q = select(t.documents.c.id, t.documents.c.minhash).where(
                t.documents.c.is_current, t.documents.c.minhash.is_not(None)
            )
            for row_id, blob in conn.execute(q):
                index.add(row_id, dedup.from_bytes(blob))
            self.index = index
        return self.index

    def committed(self, result: WriteResult) -> None:
        """Update the in-memory index once the document's transaction has committed."""
        if self.index is None or result.signature is None:
            return
        if result.replaced is not None:
            self.index.remove(result.replaced)
        self.index.add(result.row_id, result.signature)

    # -- documents ---------------------------------------------------------------------------

    def write(
        self, conn: Connection, doc: Document, *, outlet: str | None = None, now: dt.datetime | None = None
    ) -> WriteResult:
        """Write one document (and link it) on ``conn``, inside the caller's transaction."""
        h = content_hash(doc)
        d = t.documents.c
        existing = conn.execute(select(d.id, d.doc_id).where(d.content_hash == h)).first()
        if existing:
            return WriteResult("unchanged", existing.doc_id, existing.id)
        prev = None
        if doc.source and doc.source not in _NO_VERSIONING:
            prev = conn.execute(
                select(d.id, d.version, d.doc_id).where(d.source == doc.source, d.is_current).order_by(d.id.desc())
            ).first()
        version = prev.version + 1 if prev else 1
        doc_id = self._unique_doc_id(conn, doc.id, h, version)
        sig = dedup.signature(doc.text)
        index = self.load_index(conn)
        similar = [k for k, _ in index.similar(sig) if prev is None or k != prev.id]
        cluster: int | None = None
        if similar:
            cluster = conn.scalar(select(func.coalesce(d.cluster_id, d.id)).where(d.id == similar[0]))
        first_seen = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
        row_id = conn.execute(
            t.documents.insert().returning(d.id),
            {
                "doc_id": doc_id,
                "contract_id": doc.id,
                "source": doc.source,
                "outlet": (outlet or outlet_of(doc.source) or "")[:255] or None,
                "title": doc.title,
                "published": parse_date(doc.published),
                "first_seen": first_seen,
                "language": (doc.language or "en")[:16],
                "text": doc.text,
                "content_hash": h,
                "version": version,
                "previous_id": prev.id if prev else None,
                "is_current": True,
                "cluster_id": cluster,
                "duplicate_of": cluster,
                "minhash": dedup.to_bytes(sig),
                "removed": list(doc.removed),
            },
        ).scalar_one()
        if cluster is None:
            conn.execute(update(t.documents).where(d.id == row_id).values(cluster_id=row_id))
        if prev:
            conn.execute(update(t.documents).where(d.id == prev.id).values(is_current=False))
        day = parse_date(doc.published) or first_seen.date()
        self.write_items(conn, row_id, doc, day)
        self.activity(conn, row_id, 1)
        if prev:
            self.activity(conn, prev.id, -1)
        dup_doc = conn.scalar(select(d.doc_id).where(d.id == cluster)) if cluster else None
        return WriteResult("version" if prev else "new", doc_id, row_id, dup_doc, sig, prev.id if prev else None)

    @staticmethod
    def _unique_doc_id(conn: Connection, wanted: str, h: str, version: int) -> str:
        d = t.documents.c
        base = (wanted or h[:16]).strip()[:180]
        for candidate in (base, f"{base}~v{version}", f"{base}~{h[:12]}", f"{base}~{h}"):
            if conn.scalar(select(d.id).where(d.doc_id == candidate)) is None:
                return candidate
        return f"{base}~{h}~{dt.datetime.now(dt.UTC).timestamp()}"

    # -- items -------------------------------------------------------------------------------

    def write_items(self, conn: Connection, row_id: int, doc: Document, day: dt.date) -> None:
        """Insert and link everything extracted from one document (its row already exists)."""
        ents = self._entities(conn, row_id, doc)  # local id -> (corpus id, key)
        by_name = _name_index(doc)
        where = places.PlaceIndex(doc)

        def corpus(local: str | None, name: str | None = None) -> int | None:
            if local and local in ents:
                return ents[local][0]
            if name:
                loc = by_name.get(fold(name))
                if loc and loc in ents:
                    return ents[loc][0]
            return None

        quote_ids = _returning_ids(
            conn,
            t.quotes,
            [
                {
                    "document_id": row_id,
                    "idx": i,
                    "speaker": q.speaker,
                    "speaker_local_id": q.speaker_id,
                    "speaker_entity_id": corpus(q.speaker_id, q.speaker),
                    "text": q.text,
                    "kind": q.kind,
                    "cue": q.cue,
                    "via": q.via,
                    "date": day,
                    "char_start": q.start,
                    "char_end": q.end,
                }
                for i, q in enumerate(doc.quotes)
            ],
        )
        claim_rows: list[dict[str, Any]] = []
        for i, c in enumerate(doc.claims):
            subject_local = c.subject_id or (by_name.get(fold(c.subject)) if c.subject else None)
            inferred = False
            if subject_local is None and not c.subject:
                subject_local = infer_subject(doc, c)
                inferred = subject_local is not None
            subject_entity = corpus(subject_local)
            subject_name = c.subject
            if inferred and subject_local:
                subject_name = next((e.name for e in doc.entities if e.id == subject_local), None)
            place = where.resolve(c.location)
            category = (counted_category(c.counted) or "")[:128] or None
            meas = measure(c.predicate)
            series_id = None
            if subject_entity is not None and category:
                place_key = place.country if place and place.country else (fold(place.name) if place else None)
                key = series_key(ents[subject_local][1], category, place_key, meas)  # type: ignore[index]
                series_id = self._series(conn, key, subject_entity, subject_name, category, place, meas)
            claim_rows.append(
                {
                    "document_id": row_id,
                    "idx": i,
                    "text": c.text,
                    "low": c.low,
                    "high": c.high,
                    "qualifier": c.qualifier,
                    "counted": c.counted,
                    "counted_norm": category,
                    "predicate": c.predicate,
                    "measure": meas,
                    "subject": subject_name,
                    "subject_local_id": subject_local,
                    "subject_entity_id": subject_entity,
                    "subject_inferred": inferred,
                    "location": c.location,
                    "place": place.name if place else None,
                    "place_country": place.country if place else None,
                    "place_entity_id": corpus(place.local_id) if place else None,
                    "time": c.time,
                    "speaker": c.speaker,
                    "speaker_local_id": c.speaker_id,
                    "speaker_entity_id": corpus(c.speaker_id, c.speaker),
                    "quote_index": c.quote_index,
                    "quote_id": quote_ids[c.quote_index]
                    if c.quote_index is not None and 0 <= c.quote_index < len(quote_ids)
                    else None,
                    "date": day,
                    "series_id": series_id,
                    "char_start": c.start,
                    "char_end": c.end,
                }
            )
        claim_ids = _returning_ids(conn, t.claims, claim_rows)
        event_rows = []
        for i, ev in enumerate(doc.events):
            place = where.resolve(ev.location)
            event_rows.append(
                {
                    "document_id": row_id,
                    "idx": i,
                    "type": ev.type,
                    "plover": ev.plover,
                    "text": ev.text,
                    "actors": list(ev.actors),
                    "targets": list(ev.targets),
                    "location": ev.location,
                    "place": place.name if place else None,
                    "place_country": place.country if place else None,
                    "place_entity_id": corpus(place.local_id) if place else None,
                    "event_date": ev.date[:32] if ev.date else None,
                    "date": parse_date(ev.date) or day,
                    "killed": ev.killed,
                    "injured": ev.injured,
                    "arrested": ev.arrested,
                    "char_start": ev.start,
                    "char_end": ev.end,
                }
            )
        event_ids = _returning_ids(conn, t.events, event_rows)
        participants = [
            {"event_id": eid, "entity_id": corpus(None, name), "name": name, "role": role}
            for eid, ev in zip(event_ids, doc.events, strict=True)
            for role, names in (("actor", ev.actors), ("target", ev.targets))
            for name in names
        ]
        if participants:
            conn.execute(t.event_participants.insert(), participants)
        if doc.related:
            conn.execute(
                t.related.insert(),
                [
                    {
                        "document_id": row_id,
                        "idx": i,
                        "title": r.title,
                        "published": r.published[:32] if r.published else None,
                        "snippet": r.snippet,
                    }
                    for i, r in enumerate(doc.related)
                ],
            )
        denials = []
        for den in find_denials(doc):
            for ci in den.claims:
                denials.append(
                    {
                        "kind": "denial",
                        "claim_id": claim_ids[ci],
                        "document_id": row_id,
                        "event_id": event_ids[den.event_index] if den.event_index is not None else None,
                        "quote_id": quote_ids[den.quote_index] if den.quote_index is not None else None,
                        "series_id": claim_rows[ci]["series_id"],
                        "by_name": den.by,
                        "by_entity_id": corpus(den.by_id, den.by),
                        "text": den.text,
                        "detail": f"{den.by or 'someone'} rejects: {doc.claims[ci].text}",
                        "char_start": den.start,
                        "char_end": den.end,
                    }
                )
        if denials:
            conn.execute(t.contradictions.insert(), denials)
        touched = {r["series_id"] for r in claim_rows if r["series_id"] is not None}
        for sid in sorted(touched):
            self.refresh_series(conn, sid)
            self._conflicts(
                conn, sid, [cid for cid, r in zip(claim_ids, claim_rows, strict=True) if r["series_id"] == sid]
            )

    # -- activity ----------------------------------------------------------------------------

    @staticmethod
    def activity(conn: Connection, row_id: int, sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) one document's contribution to ``entity_activity``."""
        q, c, ev, p = t.quotes.c, t.claims.c, t.events.c, t.event_participants.c
        parts = [
            (
                "quotes",
                select(q.speaker_entity_id, q.date, func.count())
                .where(q.document_id == row_id, q.speaker_entity_id.is_not(None))
                .group_by(q.speaker_entity_id, q.date),
            ),
            (
                "claims_by",
                select(c.speaker_entity_id, c.date, func.count())
                .where(c.document_id == row_id, c.speaker_entity_id.is_not(None))
                .group_by(c.speaker_entity_id, c.date),
            ),
            (
                "claims_about",
                select(c.subject_entity_id, c.date, func.count())
                .where(c.document_id == row_id, c.subject_entity_id.is_not(None))
                .group_by(c.subject_entity_id, c.date),
            ),
            (
                "events",
                select(p.entity_id, ev.date, func.count(func.distinct(ev.id)))
                .select_from(t.event_participants.join(t.events, ev.id == p.event_id))
                .where(ev.document_id == row_id, p.entity_id.is_not(None))
                .group_by(p.entity_id, ev.date),
            ),
        ]
        counts: dict[tuple[int, dt.date], dict[str, int]] = {}
        for kind, stmt in parts:
            for eid, day, n in conn.execute(stmt):
                if day is not None:
                    row = counts.setdefault((eid, day), {"quotes": 0, "claims_by": 0, "claims_about": 0, "events": 0})
                    row[kind] += sign * n
        if not counts:
            return
        a = t.entity_activity
        dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
        stmt = dialect.insert(a)
        stmt = stmt.on_conflict_do_update(
            index_elements=[a.c.entity_id, a.c.date],
            set_={k: a.c[k] + stmt.excluded[k] for k in ("quotes", "claims_by", "claims_about", "events")},
        )
        conn.execute(stmt, [{"entity_id": eid, "date": day, **v} for (eid, day), v in sorted(counts.items())])

    # -- entities ----------------------------------------------------------------------------

    def _entities(self, conn: Connection, row_id: int, doc: Document) -> dict[str, tuple[int, str]]:
        """Resolve the document's entities to corpus entities (creating new ones) and store them."""
        e, a = t.entities.c, t.entity_aliases.c
        keys_of = {ent.id: match_keys(ent.name, ent.aliases, ent.type) for ent in doc.entities}
        slug_of = {ent.id: _canonical_key(ent.id, ent.name, ent.aliases) for ent in doc.entities}
        all_keys = set().union(*keys_of.values()) if keys_of else set()
        hits: dict[int, set[str]] = {}
        info: dict[int, tuple[str, str, int]] = {}
        if all_keys:
            for chunk in _chunks(sorted(all_keys), 500):
                q = (
                    select(a.entity_id, a.norm, e.key, e.type, e.n_mentions)
                    .join(t.entities, e.id == a.entity_id)
                    .where(a.norm.in_(chunk))
                )
                for r in conn.execute(q):
                    hits.setdefault(r.entity_id, set()).add(r.norm)
                    info[r.entity_id] = (r.key, r.type, r.n_mentions)
        slugs = sorted(set(slug_of.values()))
        if slugs:
            for k in conn.execute(select(e.id, e.key, e.type, e.n_mentions).where(e.key.in_(slugs))):
                hits.setdefault(k.id, set())
                info[k.id] = (k.key, k.type, k.n_mentions)
        resolved: dict[str, tuple[int, str]] = {}
        for ent in doc.entities:
            mine = keys_of[ent.id]
            cands = [
                Candidate(eid, info[eid][0], info[eid][1], info[eid][2], frozenset(h & mine))
                for eid, h in hits.items()
                if (h & mine) or info[eid][0] == slug_of[ent.id]
            ]
            best = choose(slug_of[ent.id], ent.type, ent.name, cands)
            if best is None:
                key = self._free_key(conn, slug_of[ent.id], ent.type)
                eid = conn.execute(
                    t.entities.insert().returning(e.id),
                    {
                        "key": key,
                        "name": ent.name,
                        "type": ent.type,
                        "role": ent.role,
                        "country": ent.country,
                        "lat": ent.lat,
                        "lon": ent.lon,
                    },
                ).scalar_one()
                # later entities of this document can join the one just created
                hits[eid] = set(mine)
                info[eid] = (key, ent.type, 0)
                best = Candidate(eid, key, ent.type, 0, frozenset(mine))
            else:
                hits[best.id] = hits.get(best.id, set()) | mine
            resolved[ent.id] = (best.id, best.key)
        alias_rows = []
        stats: dict[int, dict[str, Any]] = {}
        for ent in doc.entities:
            eid = resolved[ent.id][0]
            for surface in {ent.name, *ent.aliases}:
                norm = fold(surface)
                if len(norm) >= 2:
                    alias_rows.append({"entity_id": eid, "alias": surface, "norm": norm[:255]})
            for pk in (k for k in keys_of[ent.id] if k.startswith("p:")):
                alias_rows.append({"entity_id": eid, "alias": pk, "norm": pk[:255]})
            s = stats.setdefault(
                eid, {"b_id": eid, "b_m": 0, "b_role": None, "b_cc": None, "b_lat": None, "b_lon": None}
            )
            s["b_m"] += len(ent.mentions)
            s["b_role"] = s["b_role"] or ent.role
            s["b_cc"] = s["b_cc"] or ent.country
            if s["b_lat"] is None and ent.lat is not None and ent.lon is not None:
                s["b_lat"], s["b_lon"] = ent.lat, ent.lon
        insert_ignore(conn, t.entity_aliases, _unique(alias_rows, ("entity_id", "norm")))
        if stats:
            conn.execute(
                update(t.entities)
                .where(e.id == bindparam("b_id"))
                .values(
                    n_documents=e.n_documents + 1,
                    n_mentions=e.n_mentions + bindparam("b_m"),
                    role=func.coalesce(e.role, bindparam("b_role")),
                    country=func.coalesce(e.country, bindparam("b_cc")),
                    lat=func.coalesce(e.lat, bindparam("b_lat")),
                    lon=func.coalesce(e.lon, bindparam("b_lon")),
                ),
                list(stats.values()),
            )
        de_ids = _returning_ids(
            conn,
            t.doc_entities,
            [
                {
                    "document_id": row_id,
                    "idx": i,
                    "entity_id": resolved[ent.id][0],
                    "local_id": ent.id,
                    "name": ent.name,
                    "type": ent.type,
                    "aliases": list(ent.aliases),
                    "role": ent.role,
                    "country": ent.country,
                    "lat": ent.lat,
                    "lon": ent.lon,
                    "direction": ent.direction,
                    "feature": ent.feature,
                }
                for i, ent in enumerate(doc.entities)
            ],
        )
        mention_rows = [
            {
                "document_id": row_id,
                "doc_entity_id": de_id,
                "entity_id": resolved[ent.id][0],
                "surface": doc.text[s:e_],
                "char_start": s,
                "char_end": e_,
            }
            for de_id, ent in zip(de_ids, doc.entities, strict=True)
            for s, e_ in ent.mentions
        ]
        if mention_rows:
            conn.execute(t.mentions.insert(), mention_rows)
        return resolved

    @staticmethod
    def _free_key(conn: Connection, key: str, type_: str) -> str:
        e = t.entities.c
        taken = set(conn.scalars(select(e.key).where(e.key.like(f"{key}%"))))
        if key not in taken:
            return key
        for n in range(2, 10_000):
            candidate = f"{key}-{type_}" if n == 2 else f"{key}-{n}"
            if candidate not in taken:
                return candidate
        raise AssertionError("unreachable")

    # -- series and conflicts ----------------------------------------------------------------

    def _series(
        self,
        conn: Connection,
        key: str,
        subject_entity: int,
        subject: str | None,
        category: str,
        place: places.Place | None,
        meas: str,
    ) -> int:
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
                    "place": _series_place(place),
                    "place_country": place.country if place else None,
                    "measure": meas,
                },
            ).scalar_one()
        )

    @staticmethod
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

    def _conflicts(self, conn: Connection, series_id: int, new_ids: Iterable[int]) -> None:
        """Record figures of the new claims that cannot be true together with others of the series."""
        new = set(new_ids)
        if not new:
            return
        c, d = t.claims.c, t.documents.c
        q = (
            select(
                c.id,
                c.low,
                c.high,
                c.qualifier,
                c.date,
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
        others = q.where(c.id.not_in(sorted(new)))
        if days:
            window = dt.timedelta(days=self.options.conflict_window_days)
            others = others.where(c.date.between(min(days) - window, max(days) + window))
        # the most recent figures of a very long series are enough to find what a new one contradicts
        limit = self.options.conflict_candidates
        rows = [*mine, *conn.execute(others.order_by(c.date.desc(), c.id.desc()).limit(limit)).all()]
        figs = {
            r.id: Figure(
                r.id,
                r.low,
                r.high,
                r.qualifier,
                r.date,
                str(r.speaker_entity_id) if r.speaker_entity_id else (fold(r.speaker) if r.speaker else None),
                r.outlet or r.source,
                r.cluster_id or r.doc,
            )
            for r in rows
        }
        out = []
        for cid in sorted(new & figs.keys()):
            for other in sorted(figs.keys() - new):
                why = conflict(
                    figs[cid],
                    figs[other],
                    window_days=self.options.conflict_window_days,
                    tolerance=self.options.conflict_tolerance,
                )
                if why:
                    doc = next(r.document_id for r in rows if r.id == cid)
                    out.append(
                        {
                            "kind": "conflict",
                            "claim_id": cid,
                            "other_claim_id": other,
                            "document_id": doc,
                            "series_id": series_id,
                            "detail": why,
                        }
                    )
        if out:
            conn.execute(t.contradictions.insert(), out)


def outlet_of(source: str | None) -> str | None:
    """The publisher host of a URL source (``www.example.com/x`` → ``example.com``); None for files."""
    if not source or "://" not in source:
        return None
    host = source.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
    return host[4:] if host.startswith("www.") else host or None


def _series_place(place: places.Place | None) -> str | None:
    if place is None:
        return None
    if place.country:
        return places.country_name(place.country) or place.name
    return place.name


def _canonical_key(local_id: str, name: str, aliases: Sequence[str]) -> str:
    """The corpus key: the extractor's id when it is a readable slug of the name, else the name's slug."""
    words = set(fold(name).split()) | {w for a in aliases for w in fold(a).split()}
    if local_id and set(fold(local_id.replace("-", " ")).split()) & words:
        return slug(local_id.replace("-", " "))[:200]
    return slug(name)[:200]


def _name_index(doc: Document) -> dict[str, str]:
    index: dict[str, str] = {}
    for ent in doc.entities:
        for surface in (ent.name, *ent.aliases):
            index.setdefault(fold(surface), ent.id)
    return index


def _unique(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in rows:
        k = tuple(r[x] for x in key)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


__all__ = ["LinkOptions", "WriteResult", "Writer", "content_hash", "outlet_of", "parse_date"]
