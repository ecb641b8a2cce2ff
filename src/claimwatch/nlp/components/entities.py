"""Entities: one canonical entity per real-world thing in a document.

A gazetteer ruler (armed groups, agencies, bodies, with their aliases) runs before spaCy's NER so
that "IS", "ISIL" and "Daesh" are one armed group; this component then cleans NER spans (titles
and possessives out, roles kept), geocodes places, folds surnames into full names and acronyms
into the names they abbreviate, and recognises armed forces named by common nouns ("Pakistan's
army", "the military"), which speak in conflict reporting as often as people do.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.nlp import lexicon
from claimwatch.nlp.gazetteer import Gazetteer, Place, demonym_country, fold
from claimwatch.nlp.records import EntityRec

LOGGER = logging.getLogger(__name__)

KNOWN_LABELS = {"ARMED_GROUP": "armed_group", "KNOWN_ORG": "organization"}
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
FORCE_HEADS = {"army", "military", "forces", "troops", "police", "navy", "force"}
FORCE_BARE = {"army", "military"}
POSSESSIVE = {"'s", "’s", "'", "’"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


def slug(name: str) -> str:
    """A stable id from a name: accent-folded, lowercase, hyphenated."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s.lower()).strip("-")
    return s or "entity"


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer's aliases as an entity ruler before NER (case-sensitive for acronyms)."""
    ruler = nlp.add_pipe(
        "entity_ruler", name="claimwatch_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "validate": False}
    )
    patterns: list[dict[str, object]] = []
    for ent in lexicon.known_entities():
        label = "ARMED_GROUP" if ent.type == "armed_group" else "KNOWN_ORG"
        sensitive = set(ent.case_sensitive_aliases)
        for alias in {ent.name, *ent.aliases, *sensitive}:
            for variant in _variants(alias):
                if alias in sensitive:
                    toks = [t.text for t in nlp.make_doc(variant)]
                    patterns.append({"label": label, "pattern": [{"ORTH": t} for t in toks], "id": ent.id})
                else:
                    patterns.append({"label": label, "pattern": variant, "id": ent.id})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


def _variants(alias: str) -> set[str]:
    """An alias as written and with straight/curly apostrophes and plain hyphens."""
    plain = alias.replace("\u2011", "-").replace("\u2010", "-").replace("’", "'")
    return {alias, plain, plain.replace("'", "’")}


class EntityIndex:
    """The canonical entities of a document and which token belongs to which entity."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities: dict[str, EntityRec] = {}
        self.tok2key: list[str | None] = [None] * len(doc)

    def add_mention(self, rec: EntityRec, span: Span, surface: str | None = None) -> EntityRec:
        rec = self.entities.setdefault(rec.key, rec)
        rec.add_alias(surface or span.text)
        rec.mentions.append((span.start_char, span.end_char))
        for i in range(span.start, span.end):
            self.tok2key[i] = rec.key
        return rec

    def key_of(self, token: Token) -> str | None:
        return self.tok2key[token.i]

    def key_in(self, tokens: Iterable[Token]) -> str | None:
        """The entity of the first token that belongs to one."""
        for t in tokens:
            if self.tok2key[t.i]:
                return self.tok2key[t.i]
        return None

    def get(self, key: str | None) -> EntityRec | None:
        return self.entities.get(key) if key else None

    def ordered(self) -> list[EntityRec]:
        return sorted(self.entities.values(), key=lambda e: min(e.mentions) if e.mentions else (0, 0))


@cache
def _title_words() -> frozenset[str]:
    t = lexicon.titles()
    return frozenset(w.casefold().rstrip(".") for w in (*t.honorifics, *t.offices, *t.never_in_names))


def is_title_word(tok: Token) -> bool:
    """A title or office word that is never part of a name ("Spokesperson", "Gen.", "Defence")."""
    return tok.lower_.rstrip(".") in _title_words()


def _trim(span: Span) -> tuple[Span, list[Token]]:
    """Strip determiners, possessives and leading titles; return the core span and the title tokens."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and doc[end - 1].text in POSSESSIVE:
        end -= 1
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    prefix: list[Token] = []
    if span.label_ == "PERSON":
        while end - start > 1 and (is_title_word(doc[start]) or demonym_country(doc[start].text) is not None):
            prefix.append(doc[start])
            start += 1
    return doc[start:end], prefix


class EntityComponent:
    """Builds ``doc._.cw_entities`` (an :class:`EntityIndex`) from the ruler's and NER's spans."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index = EntityIndex(doc)
        gaz = Gazetteer.default()
        spans = [e for e in doc.ents if e.label_ in NER_LABELS or e.label_ in KNOWN_LABELS]
        focus = self._focus(spans, gaz)
        acronyms = self._acronyms(doc)
        persons: dict[str, EntityRec] = {}
        # full names first so that surnames met before them still fold in
        ordered = sorted(spans, key=lambda s: (-(len(s) if s.label_ == "PERSON" else 0), s.start))
        for span in ordered:
            self._add(index, span, gaz, focus, acronyms, persons)
        self._forces(index, doc, gaz, focus)
        self._surnames(index, doc)
        doc._.cw_entities = index
        return doc

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _focus(spans: list[Span], gaz: Gazetteer) -> dict[str, float]:
        """Countries the document is about: resolved country-level mentions and demonyms."""
        counts: Counter[str] = Counter()
        for s in spans:
            if s.label_ in {"GPE", "LOC"}:
                place = gaz.resolve(s.text)
                if place and place.country and place.feature in {"country", "admin1"}:
                    counts[place.country] += 1
            elif s.label_ == "NORP" and (cc := demonym_country(s.text)):
                counts[cc] += 0.5
        total = sum(counts.values()) or 1
        return {k: v / total for k, v in counts.items()}

    @staticmethod
    def _acronyms(doc: Doc) -> dict[str, str]:
        """'Federal Security Service (FSB)': the acronym maps to the long form's text."""
        found: dict[str, str] = {}
        for ent in doc.ents:
            end = ent.end
            if end + 2 < len(doc) + 1 and end + 2 <= len(doc) - 1 and doc[end].text == "(" and doc[end + 2].text == ")":
                acr = doc[end + 1].text
                if acr.isupper() and len(acr) >= 2:
                    found[acr] = _trim(ent)[0].text
        return found

    def _add(
        self,
        index: EntityIndex,
        span: Span,
        gaz: Gazetteer,
        focus: dict[str, float],
        acronyms: dict[str, str],
        persons: dict[str, EntityRec],
    ) -> None:
        core, prefix = _trim(span)
        if not core.text.strip() or len(core.text) < 2:
            return
        label = span.label_
        text = core.text
        known = lexicon.lookup(text)
        if known is None and text in acronyms:
            known = lexicon.lookup(acronyms[text])
        if label in KNOWN_LABELS or known is not None:
            if known is None:
                known = lexicon.entity_by_id(span.ent_id_) if span.ent_id_ else None
            if known is not None:
                rec = EntityRec(key=known.id, name=known.name, type=known.type, known_id=known.id, kind=known.kind)
                rec.country = known.country
                index.add_mention(rec, core)
                return
        if all(is_title_word(t) or t.is_punct for t in core):
            return  # "Defence", "Spokesperson": titles are not names
        if label == "NORP":
            return  # nationalities and religions are not entities unless the gazetteer knows them
        if label in {"GPE", "LOC", "FAC"} or (label in {"ORG", "PERSON"} and self._is_place(text, gaz)):
            place = gaz.resolve(text, focus)
            if place is None and label == "FAC":
                return
            self._add_place(index, core, place, text)
            return
        if label == "PERSON":
            self._add_person(index, core, prefix, persons)
            return
        # organisations: an acronym defined in the text folds into its long form
        name = acronyms.get(text, text)
        key = "org:" + slug(name)
        if text in acronyms.values():
            key = "org:" + slug(text)
        rec = EntityRec(key=key, name=name, type="organization")
        index.add_mention(rec, core)

    @staticmethod
    def _is_place(text: str, gaz: Gazetteer) -> bool:
        cands = gaz.candidates(text)
        return any(c.feature in {"country", "region", "continent", "admin1"} for c in cands)

    @staticmethod
    def _add_place(index: EntityIndex, core: Span, place: Place | None, text: str) -> None:
        if place is None:
            rec = EntityRec(key="loc:" + slug(text), name=text, type="location")
        else:
            name = place.name
            rec = EntityRec(
                key="loc:" + slug(f"{name}-{place.country or ''}"),
                name=name,
                type="location",
                country=place.country,
                lat=place.lat,
                lon=place.lon,
                feature=place.feature,
            )
        index.add_mention(rec, core, text)

    @staticmethod
    def _add_person(index: EntityIndex, core: Span, prefix: list[Token], persons: dict[str, EntityRec]) -> None:
        words = [t.text for t in core if not t.is_punct or t.text in {"-", "'"}]
        if not words:
            return
        full = core.text
        rec: EntityRec | None = None
        if len(words) == 1 or (len(words) == 2 and words[0].lower() in {"al", "el", "de", "abu"}):
            last = full.lower()
            for p in persons.values():
                pw = p.name.lower().split()
                if pw and (pw[-1] == last or " ".join(pw[-2:]) == last or pw[0] == last):
                    rec = p
                    break
        if rec is None:
            key = "person:" + slug(full)
            rec = persons.get(key) or EntityRec(key=key, name=full, type="person")
            persons[key] = rec
        rec = index.add_mention(rec, core, full)
        if rec.role is None:
            rec.role = _prefix_role(core, prefix) or _apposition_role(core)

    @staticmethod
    def _surnames(index: EntityIndex, doc: Doc) -> None:
        """A surname NER missed ("Patrushev said", "Afghan said") is still the person named earlier."""
        last_names: dict[str, EntityRec] = {}
        for rec in index.entities.values():
            words = rec.name.split()
            if rec.type == "person" and len(words) > 1:
                last_names.setdefault(words[-1], rec)
        if not last_names:
            return
        for t in doc:
            rec = last_names.get(t.text)
            if rec is None or index.tok2key[t.i] is not None or not t.text[:1].isupper():
                continue
            first = min(s for s, _ in rec.mentions)
            if t.idx > first:
                index.add_mention(rec, doc[t.i : t.i + 1])

    def _forces(self, index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
        """Armed forces named by common nouns: "Pakistan's army", "Israeli forces", "the military"."""
        last_force: EntityRec | None = None
        for chunk in doc.noun_chunks:
            head = chunk.root
            if head.lower_ not in FORCE_HEADS or index.key_of(head):
                continue
            country = None
            for t in chunk:
                if t.i == head.i:
                    continue
                cc = demonym_country(t.text)
                if cc is None and t.ent_type_ == "GPE":
                    place = gaz.resolve(t.text, focus)
                    cc = place.country if place and place.feature == "country" else None
                if cc:
                    country = cc
            start = chunk.start
            while start < head.i and doc[start].lower_ in DETERMINERS:
                start += 1
            span = doc[start : head.i + 1]
            if country:
                rec = EntityRec(key=f"org:forces-{country.lower()}", name=span.text, type="organization", country=country)
                last_force = index.add_mention(rec, span)
            elif head.lower_ in FORCE_BARE and chunk[0].lower_ == "the" and len(chunk) == 2:
                if last_force is None:
                    last_force = index.add_mention(EntityRec(key="org:forces", name=head.text, type="organization"), span)
                else:
                    index.add_mention(last_force, span)


def _prefix_role(core: Span, prefix: list[Token]) -> str | None:
    """Titles before a name: "Benin armed forces spokesperson Colonel James Johnson"."""
    doc = core.doc
    start = prefix[0].i if prefix else core.start
    j = start - 1
    while j >= core.sent.start:
        t = doc[j]
        if t.is_punct or t.dep_ == "det" or not (t.i < t.head.i < core.end):
            break
        j -= 1
    words = doc[j + 1 : core.start]
    if not len(words) or not any(is_title_word(t) for t in words):
        return None
    return words.text


def _apposition_role(core: Span) -> str | None:
    """'X, head of Russia's FSB,' -> 'head of Russia's FSB'."""
    root = core.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i:
            toks = [t for t in child.subtree if t.i > core.end - 1]
            if not toks:
                continue
            text = core.doc[toks[0].i : toks[-1].i + 1].text
            text = re.sub(r"\s*\([^)]*\)\s*$", "", text).strip(" ,")
            if 1 <= len(text.split()) <= 12:
                return text
    return None


def resolve_focus(places: Iterable[Place]) -> dict[str, float]:
    """Country weights from a set of resolved places (used by linking across documents)."""
    counts = Counter(p.country for p in places if p.country)
    total = sum(counts.values()) or 1
    return {k: v / total for k, v in counts.items()}


__all__ = ["EntityComponent", "EntityIndex", "add_entity_ruler", "fold", "slug"]
