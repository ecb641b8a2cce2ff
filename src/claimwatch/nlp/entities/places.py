"""Places among the entities: which spans are places, which place each one is, and the article's countries.

A span is a place when NER says so, when its context does ("in ...", "the ... area", a facility
noun), or when the gazetteer knows it as a country or region; it is resolved through the
gazetteer (ranked by the article's countries and, after every place is known, by the places near
it: :func:`rerank_places`). A place the gazetteer lacks keeps its name and, when the article says
which, its country — never coordinates.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from claimwatch.nlp.entities.index import EntityIndex
from claimwatch.nlp.entities.rules import DIRECTIONS, EntityRules, entity_rules, is_title_word, slug
from claimwatch.nlp.extensions import doc_text, span_text, tokens_with
from claimwatch.nlp.gazetteer import Gazetteer, Place, demonym_country
from claimwatch.nlp.places.rank import ANCHOR_FEATURES, proximity_bonus, rerank
from claimwatch.nlp.records import EntityRec


def doc_focus(spans: list[Span], gaz: Gazetteer) -> dict[str, float]:
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


def is_place_name(text: str, gaz: Gazetteer) -> bool:
    """Only names that are countries or regions outright: anything else needs a context cue."""
    cands = gaz.candidates(text)
    return bool(cands) and cands[0].feature in {"country", "region", "continent"}


def datelines(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """The place of a dateline ("SHARAN (PAN): ...", "COTONOU, March 6 - ..."), which NER misses in capitals."""
    for m in re.finditer(
        r"(?:^|\n)[ \t]*([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2})(?=\s*(?:\(|,|:|—|–| -))", doc_text(doc)
    ):
        span = doc.char_span(m.start(1), m.end(1))
        if span is None or any(index.key_of(t) for t in span):
            continue
        place = pick_place(gaz, span.text.title(), focus)
        if place is not None:
            add_place(index, span, place, span.text)


def named_areas(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
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
        add_place(index, span, pick_place(gaz, name, focus), name)


def add_place(index: EntityIndex, core: Span, place: Place | None, text: str) -> None:
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


def split_list(span: Span, gaz: Gazetteer) -> list[Span]:
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


def facility(core: Span, rules: EntityRules) -> Span | None:
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


def place_context(core: Span, rules: EntityRules) -> bool:
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


def pick_place(gaz: Gazetteer, text: str, focus: dict[str, float]) -> Place | None:
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


def in_focus(gaz: Gazetteer, text: str, focus: dict[str, float], label: str) -> bool:
    """A name NER typed as a person or organisation that is a sizeable place in the article's country."""
    strong = {cc for cc, w in focus.items() if w >= 0.2}
    for c in gaz.candidates(text):
        if c.country in strong and (label == "ORG" or c.feature in {"admin1", "admin2"} or c.population >= 20_000):
            return True
    return False


def inferred(text: str, focus: dict[str, float]) -> Place | None:
    """A place the gazetteer lacks, in the country the article is mostly about: country known, no coordinates."""
    if not focus:
        return None
    cc, weight = max(focus.items(), key=lambda kv: kv[1])
    if weight < 0.35:
        return None
    return Place(name=text, country=cc, lat=None, lon=None, feature="inferred", population=0)


def demonym_phrase(text: str) -> bool:
    """A nationality word, alone or hyphenated to lowercase words ("Afghan", "Tajik-language")."""
    words = [w for w in text.split("-") if w]
    return (
        " " not in text.strip()
        and bool(words)
        and demonym_country(words[0]) is not None
        and all(w.islower() for w in words[1:])
    )


def attach_demonyms(index: EntityIndex, spans: list[Span]) -> None:
    """ "Turkish officials": the demonym is a mention of Turkey when the article names Turkey."""
    countries = {r.country: r for r in index.entities.values() if r.type == "location" and r.feature == "country"}
    for span in spans:
        words = [w for w in re.split(r"[\s-]+", span_text(span)) if w]
        rec = countries.get(demonym_country(words[0])) if words else None
        if rec is not None and not any(index.key_of(t) for t in span):
            # a mention, but the tokens stay free: "Afghan officials said" is not Afghanistan speaking
            rec.add_alias(span_text(span))
            rec.mentions.append((span.start_char, span.end_char))


def rerank_places(index: EntityIndex, gaz: Gazetteer, focus: dict[str, float]) -> None:
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
            guess = inferred(query, focus)
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


def retype_coordinated(index: EntityIndex, doc: Doc) -> None:
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


def infer_countries(index: EntityIndex, doc: Doc, focus: dict[str, float]) -> None:
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
            guess = inferred(rec.name, focus)
            cc = guess.country if guess else None
        if cc:
            rec.country = cc
            rec.feature = "inferred"
