"""The one place where a processed spaCy ``Doc`` becomes a :class:`claimwatch.models.Document`."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from claimwatch.clean.dates import parse_date, resolve_relative
from claimwatch.models import Claim, Document, Entity, Event, Quote
from claimwatch.nlp.components.entities import EntityIndex, slug
from claimwatch.nlp.extensions import doc_text
from claimwatch.nlp.records import ClaimRec, EntityRec, EventRec, QuoteRec


def _entity_ids(index: EntityIndex) -> dict[str, str]:
    """Stable public ids: the gazetteer id when known, else a slug of the name (deduplicated)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for rec in index.ordered():
        if rec.rejected:
            continue
        base = rec.known_id or slug(rec.name)
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        ids[rec.key] = ident
    return ids


def _entity(rec: EntityRec, ident: str) -> Entity:
    aliases = [a for a in rec.aliases if a != rec.name]
    return Entity(
        id=ident,
        name=rec.name,
        type=rec.type,  # type: ignore[arg-type]
        aliases=aliases,
        role=rec.role,
        country=rec.country,
        lat=rec.lat,
        lon=rec.lon,
        mentions=sorted(set(rec.mentions)),
        direction=rec.direction,
        feature=rec.feature,
    )


def to_document(
    doc: Doc,
    *,
    ident: str,
    source: str | None,
    title: str | None,
    published: str | None,
    language: str,
    analyse_from: int = 0,
) -> Document:
    """Convert the components' records into the contract model.

    Items starting before ``analyse_from`` (page-header furniture kept in the text) are left out.
    """
    index: EntityIndex = doc._.cw_entities
    if analyse_from:
        _drop_before(doc, index, analyse_from)
    if title and doc_text(doc)[analyse_from:].startswith(title):
        # a headline summarises ("X warns of ..."): its reporting verbs are not statements
        title_end = analyse_from + len(title)
        doc._.cw_quotes = [q for q in doc._.cw_quotes or [] if q.kind == "direct" or q.start >= title_end]
        doc._.cw_events = [e for e in doc._.cw_events or [] if e.start >= title_end]  # reported again below
    ids = _entity_ids(index)
    names = {rec.key: rec.name for rec in index.entities.values()}
    pub = parse_date(published) if published else None
    quotes: list[QuoteRec] = doc._.cw_quotes or []
    claims: list[ClaimRec] = doc._.cw_claims or []
    events: list[EventRec] = doc._.cw_events or []
    return Document(
        id=ident,
        source=source,
        title=title,
        published=published,
        language=language,
        text=doc_text(doc),
        entities=[_entity(rec, ids[rec.key]) for rec in index.ordered() if not rec.rejected],
        quotes=[
            Quote(
                speaker=names.get(q.speaker_key) if q.speaker_key else None,
                speaker_id=ids.get(q.speaker_key) if q.speaker_key else None,
                text=q.text,
                kind=q.kind,  # type: ignore[arg-type]
                cue=q.cue,
                via=q.via,
                start=q.start,
                end=q.end,
            )
            for q in quotes
        ],
        claims=[
            Claim(
                text=c.text,
                low=c.low,
                high=c.high,
                qualifier=c.qualifier,  # type: ignore[arg-type]
                counted=c.counted,
                predicate=c.predicate,
                subject=names.get(c.subject_key) if c.subject_key else None,
                subject_id=ids.get(c.subject_key) if c.subject_key else None,
                location=c.location,
                time=c.time,
                speaker=names.get(c.speaker_key) if c.speaker_key else None,
                speaker_id=ids.get(c.speaker_key) if c.speaker_key else None,
                quote_index=c.quote_index,
                start=c.start,
                end=c.end,
            )
            for c in claims
        ],
        events=[_event(e, names, pub) for e in events],
    )


def _drop_before(doc: Doc, index: EntityIndex, offset: int) -> None:
    for key in list(index.entities):
        rec = index.entities[key]
        rec.mentions = [m for m in rec.mentions if m[0] >= offset]
        if not rec.mentions:
            del index.entities[key]
    quotes = []
    for q in doc._.cw_quotes or []:
        if q.end <= offset:
            continue
        if q.start < offset:  # a lede run together with a header line: keep the part below it
            q.start = offset + len(doc_text(doc)[offset : q.end]) - len(doc_text(doc)[offset : q.end].lstrip())
            q.text = doc_text(doc)[q.start : q.end]
        if q.speaker_key not in index.entities:
            q.speaker_key = q.speaker_name = None
        quotes.append(q)
    doc._.cw_quotes = quotes
    doc._.cw_claims = [c for c in doc._.cw_claims or [] if c.start >= offset]
    doc._.cw_events = [e for e in doc._.cw_events or [] if e.start >= offset]


def _event(e: EventRec, names: dict[str, str], pub: date | None) -> Event:
    when = None
    if e.date_text:
        d = parse_date(e.date_text) or resolve_relative(e.date_text, pub)
        when = d.isoformat() if d else None
    return Event(
        type=e.type,  # type: ignore[arg-type]
        plover=e.plover,
        text=e.text,
        actors=[names[k] for k in e.actor_keys if k in names],
        targets=[names[k] for k in e.target_keys if k in names],
        location=names.get(e.location_key) if e.location_key else None,
        date=when,
        killed=e.killed,
        injured=e.injured,
        arrested=e.arrested,
        kidnapped=e.kidnapped,
        casualty_sources={k: names[v] for k, v in e.casualty_sources.items() if v in names},
        status=e.status,
        start=e.start,
        end=e.end,
    )
