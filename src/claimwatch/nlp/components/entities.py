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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from claimwatch.errors import ConfigError
from claimwatch.nlp import lexicon
from claimwatch.nlp.entities import filter as span_filter
from claimwatch.nlp.extensions import doc_text, span_text, tokens_with
from claimwatch.nlp.gazetteer import Gazetteer, Place, demonym_country, fold
from claimwatch.nlp.places.rank import ANCHOR_FEATURES, proximity_bonus, rerank
from claimwatch.nlp.records import EntityRec
from claimwatch.resources import load_json

LOGGER = logging.getLogger(__name__)

DIRECTIONS = {
    f"{a}{b}": d
    for a, b, d in [
        ("north", "ern", "north"),
        ("south", "ern", "south"),
        ("east", "ern", "east"),
        ("west", "ern", "west"),
        ("northeast", "ern", "northeast"),
        ("northwest", "ern", "northwest"),
        ("southeast", "ern", "southeast"),
        ("southwest", "ern", "southwest"),
        ("north-east", "ern", "northeast"),
        ("north-west", "ern", "northwest"),
        ("south-east", "ern", "southeast"),
        ("south-west", "ern", "southwest"),
        ("central", "", "central"),
    ]
}
KNOWN_LABELS = {"ARMED_GROUP": "armed_group", "KNOWN_ORG": "organization"}
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
FORCE_HEADS = {"army", "military", "forces", "troops", "police", "navy", "force"}
FORCE_BARE = {"army", "military"}
POSSESSIVE = {"'s", "’s", "'", "’"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


@dataclass(frozen=True)
class EntityRules:
    """Context words for typing spans (``resources/entity_rules.json``)."""

    place_nouns: frozenset[str]
    area_nouns: frozenset[str]
    place_preps: frozenset[str]
    person_nouns: frozenset[str]
    never: frozenset[str]
    function_words: frozenset[str]
    facility_nouns: frozenset[str]
    facility_prefixes: frozenset[str]


@cache
def entity_rules() -> EntityRules:
    """Load and validate the entity typing rules once."""
    try:
        data = load_json("entity_rules.json")
        return EntityRules(
            place_nouns=frozenset(data["place_nouns"]),
            area_nouns=frozenset(data["area_nouns"]),
            place_preps=frozenset(data["place_preps"]),
            person_nouns=frozenset(data["person_nouns"]),
            never=frozenset(w.casefold() for w in data["never_entities"]),
            function_words=frozenset(data["function_words"]),
            facility_nouns=frozenset(data["facility_nouns"]),
            facility_prefixes=frozenset(data["facility_prefixes"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(
            f"entity_rules.json is invalid: {exc}", source="claimwatch/resources/entity_rules.json"
        ) from exc


def slug(name: str) -> str:
    """A stable id from a name: accent-folded, lowercase, hyphenated."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s.lower()).strip("-")
    return s or "entity"


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer's aliases as an entity ruler before NER (case-sensitive for acronyms)."""
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="claimwatch_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "validate": False},
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
    ruler.matcher = _exact_token_matcher(nlp, ruler.token_patterns)  # type: ignore[attr-defined]


def _exact_token_matcher(nlp: Language, token_patterns: dict[str, list[list[dict[str, str]]]]) -> PhraseMatcher:
    """The ruler's case-sensitive aliases (``IS``, ``IS-K``) as a PhraseMatcher on ORTH.

    They are exact token sequences, so a PhraseMatcher finds the same matches, under the same
    keys, as the token Matcher the ruler builds for them; the Matcher tries every one of its
    patterns at every token and cost a third of the ruler's time.
    """
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, sequences in token_patterns.items():
        matcher.add(key, [Doc(nlp.vocab, words=[t["ORTH"] for t in seq]) for seq in sequences])
    return matcher


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
        self.place_queries: dict[str, tuple[str, str | None]] = {}  # key -> (surface looked up, US state)

    def add_mention(self, rec: EntityRec, span: Span, surface: str | None = None) -> EntityRec:
        rec = self.entities.setdefault(rec.key, rec)
        rec.add_alias(surface or span_text(span))
        rec.mentions.append((span.start_char, span.end_char))
        for i in range(span.start, span.end):
            self.tok2key[i] = rec.key
        return rec

    def key_of(self, token: Token) -> str | None:
        return self.tok2key[token.i]

    def remove(self, key: str) -> None:
        """Forget an entity and free its tokens (the span filter rejected it)."""
        if self.entities.pop(key, None) is not None:
            self.tok2key = [None if k == key else k for k in self.tok2key]

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
        self.span_filter = span_filter.default_filter()
        self.record = False  # keep every candidate's features in doc.user_data (training)

    def __call__(self, doc: Doc) -> Doc:
        index = EntityIndex(doc)
        gaz = Gazetteer.default()
        spans = [e for e in doc.ents if e.label_ in NER_LABELS or e.label_ in KNOWN_LABELS]
        focus = self._focus(spans, gaz)
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
            for part in _split_list(span, gaz):
                self._add(index, part, gaz, focus, acronyms, persons)
        self._datelines(index, doc, gaz, focus)
        _attach_demonyms(index, self._demonym_spans)
        self._named_areas(index, doc, gaz, focus)
        self._forces(index, doc, gaz, focus)
        self._surnames(index, doc)
        _retype_coordinated(index, doc)
        _rerank_places(index, gaz, focus)
        _consolidate(index)
        _infer_countries(index, doc, focus)
        feats = span_filter.apply(index, doc, headline, None if self.record else self.span_filter)
        if self.record:
            doc.user_data["cw_entity_features"] = feats
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
                if place and place.country and place.feature in {"country", "admin1", "us_state"}:
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
                        self._add_place(index, lead, place, lead.text)
                        return
                    if demonym_country(lead.text):
                        return
                rec = EntityRec(key=known.id, name=known.name, type=known.type, known_id=known.id, kind=known.kind)
                rec.country = known.country
                index.add_mention(rec, core)
                return
        if all(is_title_word(t) or t.is_punct for t in core) and (len(core) == 1 or label == "PERSON"):
            return  # "Defence", "Spokesperson": titles are not names ("Interior Ministry" is one)
        if label == "NORP" or (_demonym_phrase(text) and not self._is_place(text, gaz)):
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
        site = _facility(core, rules) if label in {"ORG", "PERSON", "FAC"} else None
        if site is not None:
            # "Royal Street", "Karl Bremer Hospital", "Thabet Thabet hospital": a street or building
            name = span_text(site)
            self._add_place(index, site, gaz.resolve(name, focus) or _inferred(name, focus), name)
            return
        cue = _place_context(core, rules)
        if label in {"GPE", "LOC", "FAC"} or (
            label in {"ORG", "PERSON"} and (cue or self._is_place(text, gaz) or _in_focus(gaz, text, focus, label))
        ):
            place = _pick_place(gaz, text, focus)
            if place is None and label in {"ORG", "PERSON"} and not cue:
                pass
            else:
                if place is None and (cue or label == "FAC"):
                    place = _inferred(text, focus)
                self._add_place(index, core, place, text)
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
    def _is_place(text: str, gaz: Gazetteer) -> bool:
        """Only names that are countries or regions outright: anything else needs a context cue."""
        cands = gaz.candidates(text)
        return bool(cands) and cands[0].feature in {"country", "region", "continent"}

    @staticmethod
    def _datelines(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
        """The place of a dateline ("SHARAN (PAN): ...", "COTONOU, March 6 - ..."), which NER misses in capitals."""
        for m in re.finditer(
            r"(?:^|\n)[ \t]*([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2})(?=\s*(?:\(|,|:|—|–| -))", doc_text(doc)
        ):
            span = doc.char_span(m.start(1), m.end(1))
            if span is None or any(index.key_of(t) for t in span):
                continue
            place = _pick_place(gaz, span.text.title(), focus)
            if place is not None:
                EntityComponent._add_place(index, span, place, span.text)

    @staticmethod
    def _named_areas(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
        """Proper names before an area noun that NER left untagged ("in the Tall Hamid area",
        "Kharkai district"): the noun says it is a place."""
        for i in tokens_with(doc, entity_rules().area_nouns):
            t = doc[i]
            if t.i == 0:
                continue
            start = t.i
            while start > 0 and (doc[start - 1].pos_ == "PROPN" or (doc[start - 1].text == "-" and start > 1)):
                start -= 1
            while start < t.i and not doc[start].is_alpha:
                start += 1
            span = doc[start : t.i]
            if (
                not len(span)
                or not span[0].is_title
                or span[0].is_sent_start
                or any(index.key_of(x) or x.ent_type_ for x in span)
                or any(is_title_word(x) for x in span)
            ):
                continue
            name = span_text(span)
            EntityComponent._add_place(index, span, _pick_place(gaz, name, focus), name)

    @staticmethod
    def _add_place(index: EntityIndex, core: Span, place: Place | None, text: str) -> None:
        if place is None:
            rec = EntityRec(key="loc:" + slug(text), name=text, type="location", feature="unresolved")
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
        rec = index.add_mention(rec, core, text)
        if place is not None and place.lat is not None:
            index.place_queries.setdefault(rec.key, (text, place.admin1))
        prev = core.doc[core.start - 1] if core.start > 0 else None
        if prev is not None and rec.direction is None and (direction := DIRECTIONS.get(prev.lower_)):
            rec.direction = direction  # "northern Afghanistan": the country, with the direction kept
            rec.add_alias(f"{prev.text} {text}")

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


def _split_list(span: Span, gaz: Gazetteer) -> list[Span]:
    """ "Miranshah, Mirali" tagged as one span: a comma-separated list of places is several entities."""
    if "," not in span_text(span) or span.label_ not in {"ORG", "GPE", "LOC", "PERSON"}:
        return [span]
    parts: list[Span] = []
    start = span.start
    for t in span:
        if t.text == ",":
            parts.append(span.doc[start : t.i])
            start = t.i + 1
    parts.append(span.doc[start : span.end])
    parts = [p for p in parts if len(p)]
    if len(parts) > 1 and all(gaz.candidates(p.text) for p in parts):
        out = []
        for p in parts:
            sub = Span(span.doc, p.start, p.end, label="GPE")
            out.append(sub)
        return out
    return [span]


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


def _facility(core: Span, rules: EntityRules) -> Span | None:
    """The span of a street or building name: headed by a facility noun, inside the span or just after
    it ("Thabet Thabet hospital"), or opened by a facility prefix ("Rue Casa Calvo")."""
    doc = core.doc
    last, first = core[-1], core[0]
    if len(core) > 1 and last.lower_ in rules.facility_nouns and last.text[:1].isupper():
        return core
    if len(core) > 1 and first.lower_ in rules.facility_prefixes and first.text[:1].isupper():
        return core
    nxt = doc[core.end] if core.end < len(doc) else None
    if nxt is not None and nxt.lower_ in rules.facility_nouns and nxt.pos_ in {"NOUN", "PROPN"}:
        return doc[core.start : core.end + 1]
    return None


def _place_context(core: Span, rules: EntityRules) -> bool:
    """A place noun after the name ("Pirkoti area", "Roj camp") or "in/near ..." before it."""
    doc = core.doc
    nxt = doc[core.end] if core.end < len(doc) else None
    if nxt is not None and nxt.lower_ in rules.place_nouns:
        return True
    if core.root.dep_ == "compound" and core.root.head.lower_ in rules.place_nouns:
        return True  # "the Kihondo identification camp"
    prev = doc[core.start - 1] if core.start > 0 else None
    if prev is not None and prev.lower_ == "of" and core.start > 1 and doc[core.start - 2].lower_ in rules.place_nouns:
        return True  # "the West Bank city of Tulkarem"
    return prev is not None and prev.lower_ in {"in", "near", "outside", "into"}


def _pick_place(gaz: Gazetteer, text: str, focus: dict[str, float]) -> Place | None:
    """The gazetteer's best candidate, but a place inside a country the article is about wins over
    a bigger namesake elsewhere (countries and regions excepted)."""
    cands = gaz.candidates(text)
    best = gaz.resolve(text, focus) or (cands[0] if cands else None)
    if best is None or best.feature in {"country", "region", "continent"} or not focus:
        return best
    strong = {cc for cc, w in focus.items() if w >= 0.2}
    if best.country in focus:
        return best
    for c in cands:
        if c.country in strong:
            return c
    return best  # a small namesake abroad is judged against the article's other places (_rerank_places)


def _in_focus(gaz: Gazetteer, text: str, focus: dict[str, float], label: str) -> bool:
    """A name NER typed as a person or organisation that is a sizeable place in the article's country."""
    strong = {cc for cc, w in focus.items() if w >= 0.2}
    for c in gaz.candidates(text):
        if c.country in strong and (label == "ORG" or c.feature in {"admin1", "admin2"} or c.population >= 20_000):
            return True
    return False


def _inferred(text: str, focus: dict[str, float]) -> Place | None:
    """A place the gazetteer lacks, in the country the article is mostly about: country known, no coordinates."""
    if not focus:
        return None
    cc, weight = max(focus.items(), key=lambda kv: kv[1])
    if weight < 0.35:
        return None
    return Place(name=text, country=cc, lat=None, lon=None, feature="inferred", population=0)


_BYLINE = re.compile(r"^\s*(?:by|written by|reporting by|words by)\s+\S", re.IGNORECASE)


def _on_byline(core: Span) -> bool:
    """The span sits on a short line that starts with "By": a byline, not a sentence."""
    text = doc_text(core.doc)
    start = text.rfind("\n", 0, core.start_char) + 1
    end = text.find("\n", core.end_char)
    line = text[start : end if end >= 0 else len(text)]
    return len(line) <= 120 and not line.rstrip().endswith(".") and _BYLINE.match(line) is not None


def _demonym_phrase(text: str) -> bool:
    """A nationality word, alone or hyphenated to lowercase words ("Afghan", "Tajik-language")."""
    words = [w for w in text.split("-") if w]
    return (
        " " not in text.strip()
        and bool(words)
        and demonym_country(words[0]) is not None
        and all(w.islower() for w in words[1:])
    )


def _attach_demonyms(index: EntityIndex, spans: list[Span]) -> None:
    """ "Turkish officials": the demonym is a mention of Turkey when the article names Turkey."""
    countries = {r.country: r for r in index.entities.values() if r.type == "location" and r.feature == "country"}
    for span in spans:
        words = [w for w in re.split(r"[\s-]+", span_text(span)) if w]
        rec = countries.get(demonym_country(words[0])) if words else None
        if rec is not None and not any(index.key_of(t) for t in span):
            # a mention, but the tokens stay free: "Afghan officials said" is not Afghanistan speaking
            rec.add_alias(span_text(span))
            rec.mentions.append((span.start_char, span.end_char))


def _rerank_places(index: EntityIndex, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """Each resolved town or subdivision ranked again against the article's other places: the
    candidate near the places already resolved, or in a US state the article names, wins. A small
    namesake abroad that is near none of them, in an article about another country, is less likely
    than a place the gazetteer lacks: it keeps its name and country, without coordinates."""
    recs = [r for r in index.ordered() if r.type == "location" and r.key in index.place_queries]
    states = {st for r in recs if r.feature == "us_state" and (st := index.place_queries[r.key][1])}
    strong = {cc for cc, w in focus.items() if w >= 0.2}
    for rec in recs:
        if rec.feature not in ANCHOR_FEATURES or rec.direction:
            continue
        query = index.place_queries[rec.key][0]
        ranked = gaz.resolve_ranked(query, focus)
        if not ranked:
            continue
        anchors = [
            (o.lat, o.lon)
            for o in recs
            if o is not rec and o.lat is not None and o.lon is not None and o.feature in ANCHOR_FEATURES
        ]
        best = rerank(ranked, anchors, states)
        if best is None or best.lat is None:
            continue
        if (
            strong
            and best.country not in focus
            and best.population < 100_000
            and best.feature not in {"admin1", "us_state"}
            and proximity_bonus(best, anchors) == 0
        ):
            guess = _inferred(query, focus)
            rec.add_alias(rec.name)
            rec.name, rec.lat, rec.lon, rec.feature = query, None, None, "inferred"
            rec.country = guess.country if guess else None
            continue
        if (best.lat, best.lon) != (rec.lat, rec.lon):
            rec.add_alias(rec.name)
            rec.name, rec.country, rec.lat, rec.lon, rec.feature = (
                best.name,
                best.country,
                best.lat,
                best.lon,
                best.feature,
            )


def _retype_coordinated(index: EntityIndex, doc: Doc) -> None:
    """A "person" listed with places ("the areas of Majengo and Bodhei", "towns of Miranshah,
    Mirali, Datta Khel") is a place NER mistyped."""
    for rec in list(index.entities.values()):
        if rec.type != "person" or len(rec.mentions) != 1:
            continue
        span = doc.char_span(*rec.mentions[0], alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        linked = [root.head] if root.dep_ in {"conj", "appos"} else []
        linked += [c for c in root.children if c.dep_ in {"conj", "appos"}]
        if any((o := index.get(index.key_of(x))) is not None and o.type == "location" for x in linked):
            rec.type = "location"
            rec.feature = "unresolved"
            rec.role = None


def _infer_countries(index: EntityIndex, doc: Doc, focus: dict[str, float]) -> None:
    """Places the gazetteer lacks get the country of a resolved place in the same sentence
    ("the Nur Shams camp in the West Bank"), else the article's dominant country; never coordinates."""
    for rec in index.entities.values():
        if rec.type != "location" or rec.country or rec.feature not in {"unresolved", "inferred"}:
            continue
        cc = None
        for start, end in rec.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            near = [index.get(index.key_of(t)) for t in span.sent]
            near_cc = [
                o.country for o in near if o is not None and o.key != rec.key and o.type == "location" and o.country
            ]
            if near_cc:
                cc = Counter(near_cc).most_common(1)[0][0]
                break
        if cc is None:
            guess = _inferred(rec.name, focus)
            cc = guess.country if guess else None
        if cc:
            rec.country = cc
            rec.feature = "inferred"


def _consolidate(index: EntityIndex) -> None:
    """One entity per real-world thing: NER can type the same name differently in one article
    ("Talon" as ORG, "Patrice Talon" as PERSON); fold such entities into the stronger one."""
    rank = {"armed_group": 0, "person": 1, "location": 2, "organization": 3, "other": 4}

    def strength(r: EntityRec) -> tuple[int, int, int]:
        return (0 if r.known_id else 1, rank.get(r.type, 5), -len(r.name))

    recs = sorted(index.entities.values(), key=strength)
    names: dict[str, EntityRec] = {}
    for rec in recs:
        forms = {fold(a) for a in [rec.name, *rec.aliases]}
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
