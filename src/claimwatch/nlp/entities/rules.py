"""What the entity component types spans with: context word lists (``resources/entity_rules.json``),
title words, directions and the id slug."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from claimwatch.errors import ConfigError
from claimwatch.nlp import lexicon
from claimwatch.resources import load_json

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
    direction_words: frozenset[str]


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
            direction_words=frozenset(data["direction_words"]),
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


@cache
def _title_words() -> frozenset[str]:
    t = lexicon.titles()
    return frozenset(w.casefold().rstrip(".") for w in (*t.honorifics, *t.offices, *t.never_in_names))


def is_title_word(tok: Token) -> bool:
    """A title or office word that is never part of a name ("Spokesperson", "Gen.", "Defence")."""
    return tok.lower_.rstrip(".") in _title_words()
