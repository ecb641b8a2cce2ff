"""Countries of organisations and armed groups the gazetteer does not place.

"Lebanon's National News Agency", "Indonesia's Densus 88", "the Mexican Public Safety
Department", "Federal Airports Authority of Nigeria": the article says whose body it is, by a
possessive or a nationality before the name or a country inside it. Failing that, a body named in
an article about one country is taken to be of that country, when the article is clearly about it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimwatch.nlp.entities.index import EntityIndex
from claimwatch.nlp.extensions import doc_text
from claimwatch.nlp.gazetteer import Gazetteer, demonym_country

#: share of the article's country mentions one country must have for its unplaced bodies to be its own
DOMINANT_FOCUS = 0.5
_POSSESSIVE = re.compile(r"([A-Z][\w.\-]*(?: [A-Z][\w.\-]*)?)(?:'s|’s|')\s+(?:[a-z]+\s+){0,2}$")
_NATIONALITY = re.compile(r"([A-Z][a-z]+)\s+(?:[a-z]+\s+){0,2}$")


def _country_word(word: str, gaz: Gazetteer) -> str | None:
    cc = demonym_country(word)
    if cc is not None:
        return cc
    place = gaz.resolve(word)
    return place.country if place is not None and place.feature == "country" else None


def organization_countries(index: EntityIndex, doc: Doc, gaz: Gazetteer, focus: dict[str, float]) -> None:
    """Give unplaced organisations and armed groups the country the article says they belong to."""
    text = doc_text(doc)
    top = max(focus.items(), key=lambda kv: kv[1]) if focus else None
    for rec in index.entities.values():
        if rec.type not in {"organization", "armed_group"} or rec.country or rec.known_id:
            continue
        cc = None
        for start, _end in sorted(rec.mentions):
            before = text[max(0, start - 60) : start]
            m = _POSSESSIVE.search(before) or _NATIONALITY.search(before)
            if m and (cc := _country_word(m.group(1), gaz)):
                break
        if cc is None:
            for word in re.findall(r"[A-Z][\w\-]+", rec.name):
                if cc := _country_word(word, gaz):
                    break
        if cc is None and top is not None and top[1] >= DOMINANT_FOCUS:
            cc = top[0]
        rec.country = cc
