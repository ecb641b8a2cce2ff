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
from functools import cache

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.nlp import lexicon
from claimwatch.nlp.entities import filter as span_filter
from claimwatch.nlp.entities.countries import organization_countries
from claimwatch.nlp.entities.index import EntityIndex
from claimwatch.nlp.entities.places import (
    add_place,
    attach_demonyms,
    datelines,
    demonym_phrase,
    doc_focus,
    facility,
    hyphenated_places,
    in_focus,
    infer_countries,
    is_place_name,
    known_after_preposition,
    listed_places,
    named_areas,
    pick_place,
    place_context,
    rerank_places,
    retype_coordinated,
    split_list,
    split_possessive,
)
from claimwatch.nlp.entities.ruler import add_entity_ruler
from claimwatch.nlp.entities.rules import DETERMINERS, POSSESSIVE, EntityRules, entity_rules, is_title_word, slug
from claimwatch.nlp.extensions import doc_text, span_text, tokens_with
from claimwatch.nlp.gazetteer import Gazetteer, demonym_country, fold
from claimwatch.nlp.records import EntityRec

LOGGER = logging.getLogger(__name__)

KNOWN_LABELS = {"ARMED_GROUP": "armed_group", "KNOWN_ORG": "organization"}
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
FORCE_HEADS = {"army", "military", "forces", "troops", "police", "navy", "force"}
FORCE_BARE = {"army", "military"}


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
        self.span_filter = span_filter.default_filter()
        self.record = False  # keep every candidate's features in doc.user_data (training)

    def __call__(self, doc: Doc) -> Doc:
        index = EntityIndex(doc)
        gaz = Gazetteer.default()
        spans = [e for e in doc.ents if e.label_ in NER_LABELS or e.label_ in KNOWN_LABELS]
        focus = doc_focus(spans, gaz)
        acronyms = self._acronyms(doc)
        persons: dict[str, EntityRec] = {}
        self._demonym_spans: list[Span] = []
        # full names first so that surnames met before them still fold in
        ordered = sorted(spans, key=lambda s: (-(len(s) if s.label_ == "PERSON" else 0), s.start))
        headline = headline_end(doc)
        for span in ordered:
            if (
                span.end_char <= headline
                and span.label_ in {"PERSON", "ORG"}
                and doc_text(doc).count(span_text(span)) == 1
            ):
                continue  # title-case headline words ("Citing Regional Security Risks") are not names
            for part in split_list(span, gaz):
                for piece in split_possessive(part, gaz):
                    self._add(index, piece, gaz, focus, acronyms, persons)
        datelines(index, doc, gaz, focus)
        attach_demonyms(index, self._demonym_spans)
        listed_places(index, doc, gaz, focus)
        hyphenated_places(index, doc, gaz, focus)
        named_areas(index, doc, gaz, focus)
        self._forces(index, doc, gaz, focus)
        self._surnames(index, doc)
        retype_coordinated(index, doc, gaz, focus)
        rerank_places(index, gaz, focus)
        _consolidate(index)
        infer_countries(index, doc, focus)
        organization_countries(index, doc, gaz, focus)
        feats = span_filter.apply(index, doc, headline, None if self.record else self.span_filter)
        if self.record:
            doc.user_data["cw_entity_features"] = feats
        doc._.cw_entities = index
        return doc

    # -- helpers -------------------------------------------------------------------------------

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
        text = span_text(core)
        if not text.strip() or len(text) < 2:
            return
        label = span.label_
        rules = entity_rules()
        if text.casefold() in rules.never or len(re.findall(r"[A-Za-z]", text)) < 2 or text.endswith("-"):
            return
        known = lexicon.lookup(text)
        if known is None and text in acronyms:
            known = lexicon.lookup(acronyms[text])
        if label in KNOWN_LABELS or known is not None:
            if known is None:
                known = lexicon.entity_by_id(span.ent_id_) if span.ent_id_ else None
            longer = _longer_org(core)
            if known is not None and longer is not None:
                rec = EntityRec(key="org:" + slug(longer.text), name=longer.text, type="organization")
                index.add_mention(rec, longer)
                return
            if known is not None:
                if known.type == "organization" and len(core) > 1 and _modifier_only(core):
                    # "US military presence", "Afghan army soldiers": a country's forces used as a
                    # modifier speak of the country, not of the force
                    lead = core[:1]
                    place = gaz.resolve(lead.text, focus) if lead[0].pos_ == "PROPN" else None
                    if place is not None and place.feature == "country":
                        add_place(index, lead, place, lead.text)
                        return
                    if demonym_country(lead.text):
                        return
                rec = EntityRec(key=known.id, name=known.name, type=known.type, known_id=known.id, kind=known.kind)
                rec.country = known.country
                index.add_mention(rec, core)
                return
        if all(is_title_word(t) or t.is_punct for t in core) and (len(core) == 1 or label == "PERSON"):
            return  # "Defence", "Spokesperson": titles are not names ("Interior Ministry" is one)
        if len(core) == 1 and label in {"GPE", "LOC", "ORG"} and len(text) > 3:
            named = next((p for p in persons.values() if text in p.name.split()[1:]), None)
            if named is not None:
                index.add_mention(named, core)  # "Jimenez" after "Mario Jimenez Perez": the man, not a town
                return
        if label == "NORP" or (demonym_phrase(text) and not is_place_name(text, gaz)):
            # nationalities ("Tajik", "Tajik-language") are not entities of their own unless the
            # gazetteer knows them; they name their country when it is mentioned too
            self._demonym_spans.append(core)
            return
        core = _trim_function_words(core, rules)
        if not len(core):
            return
        text = core.text
        if label == "FAC" and not any(t.text[:1].isupper() for t in core):
            return  # "mosques": a common noun NER took for a building
        site = facility(core, rules) if label in {"ORG", "PERSON", "FAC"} else None
        if site is not None:
            # "Royal Street", "Karl Bremer Hospital", "Thabet Thabet hospital": a street or building
            name = span_text(site)
            add_place(index, site, gaz.resolve(name, focus), name)  # else its country from context
            return
        cue = place_context(core, rules)
        if label in {"GPE", "LOC", "FAC"} or (
            label in {"ORG", "PERSON"}
            and (
                cue
                or is_place_name(text, gaz, label)
                or in_focus(gaz, text, focus, label)
                or known_after_preposition(core, gaz, focus, rules, label)
            )
        ):
            place = pick_place(gaz, text, focus)
            if place is None and label in {"ORG", "PERSON"} and not cue:
                pass
            else:
                add_place(index, core, place, text)
                return
        if (
            label == "ORG"
            and len(core) <= 2
            and (
                (core.root.dep_ == "appos" and core.root.head.lemma_.lower() in rules.person_nouns)
                or any(c.dep_ == "appos" and c.lemma_.lower() in rules.person_nouns for c in core.root.children)
            )
        ):
            label = "PERSON"  # "a resident of the area, Hameed, said"; "Morozov, head of ..., said"
        if label in {"PERSON", "ORG"} and core.start > 0:
            prev = core.doc[core.start - 1]
            if (
                prev.pos_ == "PROPN"
                and prev.dep_ == "compound"
                and core.start <= prev.head.i < core.end
                and prev.is_title
                and not is_title_word(prev)
                and not index.key_of(prev)
            ):
                core = core.doc[core.start - 1 : core.end]  # NER dropped the first name
                text = core.text
        if label in {"PERSON", "ORG"} and _on_byline(core):
            return  # "By Karim Osmani and Lena Hartwig": who wrote the article, not who is in it
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
        for i in tokens_with(doc, last_names, (ORTH,)):
            t = doc[i]
            rec = last_names.get(t.text)
            if rec is None or index.tok2key[t.i] is not None or not t.text[:1].isupper():
                continue
            first = min(s for s, _ in rec.mentions)
            if t.idx > first:
                index.add_mention(rec, doc[t.i : t.i + 1])

    def _forces(self, index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
        """Armed forces named by common nouns: "Pakistan's army", "Israeli forces", "the military"."""
        last_force: EntityRec | None = None
        if not tokens_with(doc, FORCE_HEADS):
            return  # no force noun at all: the noun chunks (costly to build) cannot hold one
        for chunk in doc.noun_chunks:
            head = chunk.root
            if head.lower_ not in FORCE_HEADS or any(t.dep_ == "cc" for t in chunk):
                continue
            if (tagged := index.get(index.key_of(head))) is not None:
                if tagged.type == "organization" and (tagged.key.startswith("org:forces") or tagged.country):
                    last_force = tagged  # "Pakistan's army" matched by the gazetteer: later "the army" is it
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
                known = national_forces(country)
                if known is not None:
                    rec = EntityRec(key=known.id, name=known.name, type=known.type, known_id=known.id, country=country)
                else:
                    rec = EntityRec(
                        key=f"org:forces-{country.lower()}", name=span.text, type="organization", country=country
                    )
                last_force = index.add_mention(rec, span)
            elif head.lower_ in FORCE_BARE and chunk[0].lower_ == "the" and len(chunk) == 2:
                if last_force is None:
                    last_force = index.add_mention(
                        EntityRec(key="org:forces", name=head.text, type="organization"), span
                    )
                else:
                    index.add_mention(last_force, span)


@cache
def national_forces(country: str) -> lexicon.KnownEntity | None:
    """The gazetteer's armed forces of a country ("Pakistan's army" -> Pakistan Army), if listed."""
    forces = [k for k in lexicon.known_entities() if k.kind == "armed_forces" and k.country == country]
    main = [k for k in forces if re.search(r"Army|Armed Forces|Defen[cs]e Forces|Military|Security Forces", k.name)]
    return (main or forces or [None])[0]


def headline_end(doc: Doc) -> int:
    """End of the first line when it is a title-case headline (most words capitalised), else 0."""
    first = doc_text(doc).split("\n", 1)[0]
    words = re.findall(r"[A-Za-z][\w'’-]*", first)
    if len(words) < 3 or first.rstrip().endswith("."):
        return 0
    caps = sum(
        w[0].isupper()
        for w in words
        if w.lower() not in {"of", "in", "on", "the", "a", "an", "and", "to", "for", "at", "by"}
    )
    return len(first) if caps >= 0.7 * len(words) else 0


ORG_HEADS = {
    "center",
    "centre",
    "council",
    "committee",
    "command",
    "cell",
    "office",
    "unit",
    "division",
    "brigade",
    "wing",
    "department",
    "ministry",
    "bureau",
    "directorate",
    "agency",
    "commission",
    "authority",
}


def _longer_org(core: Span) -> Span | None:
    """A known name opening a longer organisation name: "SDF Coordination and Military Operation Center"."""
    doc = core.doc
    end = core.end
    while end < len(doc) and (
        doc[end].is_title or (doc[end].lower_ in {"and", "of", "for"} and end + 1 < len(doc) and doc[end + 1].is_title)
    ):
        end += 1
    if end > core.end and doc[end - 1].lower_ in ORG_HEADS:
        return doc[core.start : end]
    return None


def _modifier_only(core: Span) -> bool:
    """The span modifies a following common noun ("US military presence")."""
    root = core.root
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= core.end and root.head.pos_ == "NOUN"


def _trim_function_words(core: Span, rules: EntityRules) -> Span:
    start, end = core.start, core.end
    doc = core.doc
    while end > start and (doc[end - 1].lower_ in rules.function_words or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


_BYLINE = re.compile(r"^\s*(?:by|written by|reporting by|words by)\s+\S", re.IGNORECASE)


def _on_byline(core: Span) -> bool:
    """The span sits on a short line that starts with "By": a byline, not a sentence."""
    text = doc_text(core.doc)
    start = text.rfind("\n", 0, core.start_char) + 1
    end = text.find("\n", core.end_char)
    line = text[start : end if end >= 0 else len(text)]
    return len(line) <= 120 and not line.rstrip().endswith(".") and _BYLINE.match(line) is not None


def _country_form(name: str) -> str | None:
    """ "Somalia National Army" and "Somali National Army" alike: the country code for the first word."""
    first, _, rest = name.partition(" ")
    if not rest:
        return None
    cc = demonym_country(first)
    if cc is None:
        place = Gazetteer.default().resolve(first)
        cc = place.country if place is not None and place.feature == "country" else None
    return f"{cc} {fold(rest)}" if cc else None


def _consolidate(index: EntityIndex) -> None:
    """One entity per real-world thing: NER can type the same name differently in one article
    ("Talon" as ORG, "Patrice Talon" as PERSON); fold such entities into the stronger one."""
    rank = {"armed_group": 0, "person": 1, "location": 2, "organization": 3, "other": 4}

    towns = {
        fold(a)
        for r in index.entities.values()
        if r.type == "location" and r.lat is not None
        for a in [r.name, *r.aliases]
    }

    def strength(r: EntityRec) -> tuple[int, float, int]:
        kind: float = rank.get(r.type, 5)
        if r.type == "person" and " " not in r.name and r.role is None and fold(r.name) in towns:
            kind = 2.5  # one bare word: "in Nelson" resolved as a town says more than "Nelson" as a name
        return (0 if r.known_id else 1, kind, -len(r.name))

    recs = sorted(index.entities.values(), key=strength)
    names: dict[str, EntityRec] = {}
    for rec in recs:
        forms = {fold(a) for a in [rec.name, *rec.aliases]}
        if rec.type in {"organization", "armed_group"}:
            forms |= {f for a in [rec.name, *rec.aliases] if (f := _country_form(a))}
        if rec.type == "person":
            forms |= {fold(rec.name.split()[-1])} if len(rec.name.split()) > 1 else set()
        target = next((names[f] for f in forms if f in names and names[f] is not rec), None)
        if target is not None and (rec.known_id is None or rec.known_id == target.known_id):
            for a in rec.aliases:
                target.add_alias(a)
            target.mentions.extend(rec.mentions)
            index.tok2key = [target.key if k == rec.key else k for k in index.tok2key]
            del index.entities[rec.key]
            continue
        for f in forms:
            names.setdefault(f, rec)


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
    if root.dep_ == "appos" and root.head.i < core.start and root.head.pos_ == "NOUN":
        # "The governor's spokesman, Mukhlis Afghan, said": the role comes first
        head = root.head
        toks = [t for t in head.subtree if t.i < core.start and not t.is_punct]
        if toks and 1 <= len(toks) <= 10:
            return core.doc[toks[0].i : toks[-1].i + 1].text
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


__all__ = ["EntityComponent", "EntityIndex", "add_entity_ruler", "fold", "slug"]
