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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, func, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite

from claimwatch.link import dedup, places
from claimwatch.link.conflicts import document_conflicts, document_measures
from claimwatch.link.disputes import find_denials
from claimwatch.link.entities import fold
from claimwatch.link.headlines import headline
from claimwatch.link.measures import comparable
from claimwatch.link.series import counted_category, infer_subject, series_key
from claimwatch.models import Document
from claimwatch.store import linking
from claimwatch.store import schema as t
from claimwatch.store.inserts import returning_ids
from claimwatch.store.resolution import name_index, resolve_entities

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


class Writer:
    """Writes and links documents; holds the near-duplicate index between documents."""

    def __init__(self, options: LinkOptions | None = None) -> None:
        self.options = options or LinkOptions()
        self.index: dedup.DuplicateIndex | None = None
        self._has_headlines: bool | None = None
        self.conflict_options = linking.ConflictOptions(
            self.options.conflict_window_days, self.options.conflict_tolerance, self.options.conflict_candidates
        )

    def _headlines(self, conn: Connection) -> bool:
        """Whether the ledger has the headlines table (migration 0006); a ledger older than that
        (written by a test of the migrations, say) gets its headlines when it is migrated."""
        if self._has_headlines is None:
            self._has_headlines = inspect(conn).has_table("headlines")
        return self._has_headlines

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
        if self._headlines(conn) and (line := headline(doc.title, doc.text)):
            conn.execute(t.headlines.insert(), {"document_id": row_id, "headline": line})
        if prev:
            conn.execute(update(t.documents).where(d.id == prev.id).values(is_current=False))
        # a statement is dated by its article; an undated article's items stay undated
        self.write_items(conn, row_id, doc, parse_date(doc.published))
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

    def write_items(self, conn: Connection, row_id: int, doc: Document, day: dt.date | None) -> None:
        """Insert and link everything extracted from one document (its row already exists)."""
        ents = resolve_entities(conn, row_id, doc)  # local id -> (corpus id, key)
        by_name = name_index(doc)
        where = places.PlaceIndex(doc)

        def corpus(local: str | None, name: str | None = None) -> int | None:
            if local and local in ents:
                return ents[local][0]
            if name:
                loc = by_name.get(fold(name))
                if loc and loc in ents:
                    return ents[loc][0]
            return None

        quote_ids = returning_ids(
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
        measures = document_measures(doc)
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
            meas = measures[i]
            series_id = None
            if subject_entity is not None and subject_local in ents and comparable(meas):
                key = series_key(ents[subject_local][1], meas, linking.place_key(place))
                series_id = linking.ensure_series(
                    conn, key, subject_entity, subject_name, category or meas, place, meas
                )
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
        claim_ids = returning_ids(conn, t.claims, claim_rows)
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
        event_ids = returning_ids(conn, t.events, event_rows)
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
        keys = [fold(r["place"]) if r["place"] else None for r in claim_rows]
        inside = [
            {
                "kind": "conflict",
                "claim_id": claim_ids[j],
                "other_claim_id": claim_ids[i],
                "document_id": row_id,
                "series_id": claim_rows[j]["series_id"] or claim_rows[i]["series_id"],
                "detail": why,
            }
            for i, j, why in document_conflicts(doc, measures, keys)
        ]
        if inside:
            conn.execute(t.contradictions.insert(), inside)
        touched = {r["series_id"] for r in claim_rows if r["series_id"] is not None}
        for sid in sorted(touched):
            linking.refresh_series(conn, sid)
            mine = [cid for cid, r in zip(claim_ids, claim_rows, strict=True) if r["series_id"] == sid]
            linking.record_conflicts(conn, sid, mine, self.conflict_options)

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


def outlet_of(source: str | None) -> str | None:
    """The publisher host of a URL source (``www.example.com/x`` → ``example.com``); None for files."""
    if not source or "://" not in source:
        return None
    host = source.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
    return host[4:] if host.startswith("www.") else host or None


__all__ = ["LinkOptions", "WriteResult", "Writer", "content_hash", "outlet_of", "parse_date"]
