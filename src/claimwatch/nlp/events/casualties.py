"""Casualties of an incident: killed, injured, arrested, kidnapped, each with who reports it.

A figure is a casualty when the word that governs it (or the noun it counts) is a casualty word
of the lexicon ("killed 15 soldiers", "left 12 dead", "15 of them were wounded"); its value and
its speaker come from the claims component, so the event and the claim agree.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claimwatch.nlp.events.lexicon import EventLexicon
from claimwatch.nlp.records import ClaimRec, EventRec

COUNTED_QUALIFIERS = {"exact", "at_least", "more_than", "approx"}


def casualty_field(doc: Doc, claim: ClaimRec, lex: EventLexicon) -> str | None:
    """Which casualty a figure counts, from the words around it in the parse, else its predicate."""
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is not None:
        for tok in span:
            x = tok
            for _ in range(3):  # the number, the noun it counts, the verb or adjective over them
                if (found := _field_of(x.lemma_.lower(), x.lower_, lex)) is not None:
                    return found
                for k in x.children:
                    if k.dep_ in {"amod", "acomp", "oprd", "xcomp"} and (
                        f := _field_of(k.lemma_.lower(), k.lower_, lex)
                    ):
                        return f  # "12 dead", "left 12 people dead"
                if x.head.i == x.i:
                    break
                x = x.head
    if claim.predicate:
        return _field_of(claim.predicate.split()[0].lower(), claim.predicate.split()[0].lower(), lex)
    return None


def _field_of(lemma: str, lower: str, lex: EventLexicon) -> str | None:
    for stem, field in lex.casualty.items():
        if lemma.startswith(stem) or lower.startswith(stem):
            return field
    return None


def add_casualties(rec: EventRec, doc: Doc, sent: Span, claims: list[ClaimRec], lex: EventLexicon) -> bool:
    """Fill the event's empty casualty fields from the figures of ``sent``; True when one was set."""
    found = False
    for c in claims:
        if not (sent.start_char <= c.start < sent.end_char) or c.low is None or c.qualifier not in COUNTED_QUALIFIERS:
            continue
        field = casualty_field(doc, c, lex)
        if field is None or getattr(rec, field) is not None:
            continue
        setattr(rec, field, int(c.low))
        if c.speaker_key:
            rec.casualty_sources[field] = c.speaker_key
        found = True
    return found


def has_casualties(doc: Doc, sent: Span, claims: list[ClaimRec], lex: EventLexicon) -> bool:
    """Whether the sentence reports casualties by a figure ("the blast left 12 dead")."""
    return any(
        sent.start_char <= c.start < sent.end_char
        and c.low is not None
        and c.qualifier in COUNTED_QUALIFIERS
        and casualty_field(doc, c, lex) is not None
        for c in claims
    )
