"""The Russian analysis path end to end: natasha analysis -> entities -> quotes -> claims ->
events -> the same :class:`claimwatch.models.Document` the English pipeline produces."""

from __future__ import annotations

import logging
import re

from claimwatch.models import Claim, Document, Event, Quote
from claimwatch.nlp.convert import _entity
from claimwatch.nlp.ru import analysis
from claimwatch.nlp.ru.claims import find_claims
from claimwatch.nlp.ru.entities import EntityIndex, build_index
from claimwatch.nlp.ru.events import find_events
from claimwatch.nlp.ru.furniture import furniture_ranges, trailing_cut
from claimwatch.nlp.ru.quotes import attribute_claims, find_quotes

LOGGER = logging.getLogger(__name__)


def _slug(name: str) -> str:
    s = re.sub(r"[^\w]+", "-", name.lower()).strip("-")
    return s or "entity"


def _ids(index: EntityIndex) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for rec in index.ordered():
        base = rec.known_id or _slug(rec.name)
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        ids[rec.key] = ident
    return ids


def analyse_ru(
    text: str,
    *,
    ident: str,
    source: str | None,
    title: str | None,
    published: str | None,
    language: str = "ru",
    analyse_from: int = 0,
) -> Document:
    """Analyse one Russian article body into the document contract."""
    text = text[: trailing_cut(text)].rstrip()
    an = analysis.analyse(text)
    index = build_index(an)
    skip = furniture_ranges(an)
    if analyse_from:
        skip.append((0, analyse_from))
    quotes = find_quotes(an, index, skip)
    if title and text.startswith(title):
        # a headline summarises ('X заявил о ...'): its reporting verbs are not statements
        quotes = [q for q in quotes if q.kind == "direct" or q.start >= len(title)]
    claims = find_claims(an, index, skip)
    attribute_claims(claims, quotes)
    events = find_events(an, index, skip, published)
    ids = _ids(index)
    return Document(
        id=ident,
        source=source,
        title=title,
        published=published,
        language=language,
        text=text,
        entities=[_entity(r, ids[r.key]) for r in index.ordered()],  # type: ignore[arg-type]
        quotes=[
            Quote(
                speaker=q.speaker,
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
                low=c.figure.low,
                high=c.figure.high,
                qualifier=c.figure.qualifier,  # type: ignore[arg-type]
                counted=c.counted,
                predicate=c.predicate,
                subject=c.subject,
                subject_id=next((ids[r.key] for r in index.entities.values() if r.name == c.subject), None),
                location=c.location,
                speaker=c.speaker,
                speaker_id=ids.get(c.speaker_key) if c.speaker_key else None,
                quote_index=c.quote_index,
                start=c.start,
                end=c.end,
            )
            for c in claims
        ],
        events=[
            Event(
                type=e.type,  # type: ignore[arg-type]
                plover=e.plover,
                text=e.text,
                actors=e.actors,
                targets=e.targets,
                location=e.location,
                date=e.date,
                killed=e.killed,
                injured=e.injured,
                arrested=e.arrested,
                start=e.start,
                end=e.end,
            )
            for e in events
        ],
    )
