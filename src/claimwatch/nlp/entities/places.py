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


#: a city this big named where NER saw an organisation speaks for its government ("described by Bamako as")
METONYMIC_CITY_POPULATION = 500_000


def is_place_name(text: str, gaz: Gazetteer, label: str = "") -> bool:
    """Only names that are countries or regions outright (or, for an organisation, a big city): anything
    else needs a context cue."""
    cands = gaz.candidates(text)
    if not cands:
        return False
    top = cands[0]
    if top.feature in {"country", "region", "continent"}:
        return True
    return label == "ORG" and top.feature == "city" and top.population >= METONYMIC_CITY_POPULATION


def split_possessive(span: Span, gaz: Gazetteer) -> list[Span]:
    """ "Peshawar’s Matani" tagged as one place: a place, its possessive and the place inside it are two."""
    if span.label_ not in {"GPE", "LOC", "FAC"}:
        return [span]  # "Moody's Analytics", "Japan's Ministry of Health" are not places
    for t in span[1:-1]:
        if t.text in {"'s", "’s"}:
            left = span.doc[span.start : t.i]
            right = span.doc[t.i + 1 : span.end]
            place = gaz.resolve(span_text(left))
            if place is not None and place.lat is not None and right[0].is_title:
                return [
                    Span(span.doc, left.start, left.end, label="GPE"),
                    Span(span.doc, right.start, right.end, label="GPE"),
                ]
    return [span]


_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2})(?=\s*(?:\(|,|:|—|–| -))")
_TITLE_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+){0,2})(?=:\s|\s+[—–]\s)")
#: a town named only by a title-case dateline ("Muscat: ...") must be this big (else "Note:", "Photo:")
TITLE_DATELINE_POPULATION = 10_000


def _dateline_agency(doc: Doc, span: Span) -> Span | None:
    """The outlet in "CITY (AGENCY) —", a dateline's parenthesis followed by a dash or a colon."""
    i = span.end
    if i + 3 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and doc[i + 3].text in {"—", "–", "-", ":"}:
        tok = doc[i + 1]
        if tok.text[:1].isupper() and tok.is_alpha:
            return doc[i + 1 : i + 2]
    return None


def datelines(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """The place of a dateline ("SHARAN (PAN): ...", "COTONOU, March 6 - ...", "Muscat: ..."), which NER
    misses or, in capitals, takes for an organisation ("WASHINGTON (AP)")."""
    text = doc_text(doc)
    for rx, titled in ((_DATELINE, False), (_TITLE_DATELINE, True)):
        for m in rx.finditer(text):
            span = doc.char_span(m.start(1), m.end(1))
            if span is None:
                continue
            keys = {index.key_of(t) for t in span} - {None}
            others = [index.entities[k] for k in keys if k in index.entities]
            if any(o.type == "location" for o in others) or (others and titled):
                continue
            place = pick_place(gaz, span.text.title(), focus)
            agency = _dateline_agency(doc, span) if not titled else None
            if agency is not None and index.key_in(agency) is None:
                # "SULAIMANI (ESTA) —": the outlet that filed the report
                index.add_mention(
                    EntityRec(key="org:" + slug(span_text(agency)), name=span_text(agency), type="organization"), agency
                )
            if (place is None or place.lat is None) and agency is not None and not others:
                add_place(index, span, None, span.text)  # a dateline is a place even when the gazetteer lacks it
                continue
            if place is None or place.lat is None:
                continue
            if titled and place.feature == "city" and place.population < TITLE_DATELINE_POPULATION:
                continue
            for o in others:  # "WASHINGTON" as an organisation: the dateline says it is the place
                o.mentions = [m_ for m_ in o.mentions if not (m_[0] < span.end_char and span.start_char < m_[1])]
                if not o.mentions:
                    index.remove(o.key)
            add_place(index, span, place, span.text)


#: prepositions that introduce a place the gazetteer knows ("at Schiphol", "to Cirencester")
PLACE_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "on",
        "near",
        "from",
        "to",
        "into",
        "outside",
        "around",
        "across",
        "through",
        "toward",
        "towards",
        "via",
    }
)
#: how big a town must be for a name NER called a person to be taken for it
PERSON_AS_TOWN_POPULATION = 5_000
TOWN_POPULATION = 1_000
#: NER labels of spans that, after a place preposition, may still be a place ("in Chattanooga" as PRODUCT)
_LOOSE_LABELS = frozenset({"", "PRODUCT", "NORP", "LANGUAGE", "EVENT", "LAW", "WORK_OF_ART"})


def _sizeable(place: Place | None, population: int) -> bool:
    if place is None or place.lat is None:
        return False
    return place.feature != "city" or place.population >= population


def known_after_preposition(
    core: Span, gaz: Gazetteer, focus: dict[str, float], rules: EntityRules, label: str
) -> bool:
    """A name NER called a person or an organisation after a place preposition ("at Schiphol", "to
    Cirencester") that the gazetteer knows as a place of some size."""
    prev = core.doc[core.start - 1] if core.start > 0 else None
    if prev is None or prev.lower_ not in PLACE_PREPOSITIONS:
        return False
    size = PERSON_AS_TOWN_POPULATION if label == "PERSON" else TOWN_POPULATION
    return _sizeable(gaz.resolve(span_text(core), focus), size)


def _name_word(w: str) -> bool:
    """A word of a place name: "Riverdale", "PLEASANTON", "Calif." (not "the", not "2018")."""
    core = w[:-1] if w.endswith(".") and len(w) > 2 else w
    return core.isalpha() and core[0].isupper() and (core.istitle() or core.isupper())


def _title_run(doc: Doc, start: int, step: int) -> tuple[int, int]:
    """The run of up to three title-case tokens from ``start`` going ``step`` (+1 right, -1 left)."""
    i, n = start, 0
    while 0 <= i < len(doc) and n < 3 and _name_word(doc[i].text):
        i += step
        n += 1
    return (start, i) if step > 0 else (i + 1, start + 1)


def listed_places(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """Places NER left untagged or mislabelled: after a place preposition ("in Riverdale", "in
    Chattanooga" tagged as a product) and either side of "Town, County" ("New Quay, Ceredigion",
    "Knockhill, Fife") when the right side is a subdivision the gazetteer knows."""
    free = lambda a, b: all(index.key_of(doc[j]) is None and doc[j].ent_type_ in _LOOSE_LABELS for j in range(a, b))  # noqa: E731
    for i in tokens_with(doc, PLACE_PREPOSITIONS):
        a, b = _title_run(doc, i + 1, 1)
        if b <= a or doc[a].is_sent_start or not free(a, b) or any(is_title_word(doc[j]) for j in range(a, b)):
            continue
        if demonym_country(doc[a].text):
            continue
        span = doc[a:b]
        name = span_text(span)
        place = gaz.resolve(name, focus)
        if _sizeable(place, TOWN_POPULATION):
            add_place(index, span, place, name)
    for i in tokens_with(doc, {","}):
        a, b = _title_run(doc, i + 1, 1)
        if b <= a:
            continue
        right = doc[a:b]
        region = gaz.resolve(span_text(right), focus)
        if region is None or region.feature not in {"admin1", "admin2", "us_state", "country"}:
            continue
        la, lb = _title_run(doc, i - 1, -1)
        if lb <= la:
            continue
        left = doc[la:lb]
        if any(t.pos_ != "PROPN" for t in left) or any(t.pos_ != "PROPN" for t in right):
            continue  # "Earlier, Ukraine said": an adverb is not a town
        left_key = index.key_in(left)
        left_rec = index.get(left_key)
        if left_rec is None and not free(la, lb):
            continue
        if left_rec is not None and left_rec.type != "location":
            continue
        if free(a, b):
            add_place(index, right, region, span_text(right))
        if left_rec is None and not any(is_title_word(t) for t in left):
            name = span_text(left)
            alone = gaz.resolve(name, focus)
            if alone is not None and alone.feature == "country":
                add_place(index, left, alone, name)  # "between Niger, Benin and Nigeria"
                continue
            town = gaz.resolve(f"{name}, {span_text(right)}", focus)
            if town is None or town.country != region.country or town.feature == region.feature:
                town = Place(name=name, country=region.country, lat=None, lon=None, feature="inferred", population=0)
            add_place(index, left, town, name)


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


def _place_rec(place: Place | None, text: str) -> EntityRec:
    """A new location record for a mention: the gazetteer's place, else the name alone (unresolved)."""
    if place is None:
        return EntityRec(key="loc:" + slug(text), name=text, type="location", feature="unresolved")
    return EntityRec(
        key="loc:" + slug(f"{place.name}-{place.country or ''}"),
        name=place.name,
        type="location",
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        feature=place.feature,
    )


def add_place(index: EntityIndex, core: Span, place: Place | None, text: str) -> None:
    """Record a place mention (a new entity, or one more mention of the same place)."""
    rec = index.add_mention(_place_rec(place, text), core, text)
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
    if nxt is not None and nxt.lower_ in {"and", ","}:
        j = core.end + 1
        while j < len(doc) and j - core.end <= 3 and doc[j].pos_ == "PROPN":
            j += 1
        if j > core.end + 1 and j < len(doc) and doc[j].lower_ in rules.area_nouns:
            return True  # "between Monguno and Baga areas"
    prev = doc[core.start - 1] if core.start > 0 else None
    if prev is not None and prev.lower_ == "of" and core.start > 1:
        before = doc[core.start - 2].lower_
        if before in rules.place_nouns or before in rules.direction_words:
            return True  # "the West Bank city of Tulkarem", "northeast of Tabatol"
    return prev is not None and prev.lower_ in {"in", "near", "outside", "into"}


#: "U.S.-backed forces", "Saudi-led coalition": the country before the hyphen is mentioned
_HYPHENATED = re.compile(
    r"(?<![\w.])([A-Z][\w.]*?)[-‑](?:backed|led|based|controlled|held|funded|brokered|run|sponsored)\b"
)


def hyphenated_places(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """A country named before "-backed"/"-led" inside one token ("U.S.-backed") is a mention of it;
    the token stays free (it modifies what follows)."""
    for m in _HYPHENATED.finditer(doc_text(doc)):
        place = gaz.resolve(m.group(1), focus)
        if place is None or place.feature != "country":
            continue
        rec = _place_rec(place, m.group(1))
        rec = index.entities.setdefault(rec.key, rec)
        rec.add_alias(m.group(1))
        rec.mentions.append((m.start(1), m.end(1)))


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
        others = [
            o for o in recs if o is not rec and o.lat is not None and o.lon is not None and o.feature in ANCHOR_FEATURES
        ]
        anchors = [(o.lat, o.lon) for o in others if o.lat is not None and o.lon is not None]
        best = rerank(ranked, anchors, states)
        if best is None or best.lat is None:
            continue
        near_countries = Counter(o.country for o in others if o.country)
        home = strong | set(near_countries)
        if (
            home
            and best.country not in home
            and (best.population < 100_000 or best.matched == "alternate")
            and best.feature not in {"admin1", "us_state"}
            and proximity_bonus(best, anchors) == 0
        ):
            # its country comes from the places beside it or the article (infer_countries)
            rec.name, rec.country, rec.lat, rec.lon, rec.feature = query, None, None, None, "unresolved"
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


def retype_coordinated(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """A "person" or organisation listed with places ("the areas of Majengo and Bodhei", "towns of
    Miranshah, Mirali, Datta Khel", "stops in Hilversum and Almelo") is a place NER mistyped."""
    for rec in list(index.entities.values()):
        if rec.type not in {"person", "organization"} or rec.known_id or len(rec.mentions) != 1:
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
            place = gaz.resolve(rec.name, focus)
            if place is not None and place.lat is not None:
                rec.add_alias(rec.name)
                rec.name, rec.country, rec.lat, rec.lon, rec.feature = (
                    place.name,
                    place.country,
                    place.lat,
                    place.lon,
                    place.feature,
                )
                index.place_queries.setdefault(rec.key, (rec.aliases[0], place.admin1))


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
            # the nearest other place of the sentence: "the Nur Shams camp in the West Bank, Israeli ..."
            near = [
                (abs(t.i - span.start), o.country)
                for t in span.sent
                if (o := index.get(index.key_of(t))) is not None
                and o.key != rec.key
                and o.type == "location"
                and o.country
            ]
            if near:
                cc = min(near)[1]
                break
        if cc is None:
            guess = inferred(rec.name, focus)
            cc = guess.country if guess else None
        if cc:
            rec.country = cc
            rec.feature = "inferred"
