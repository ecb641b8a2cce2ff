"""Cross-document entity resolution: which corpus entity a document's entity is.

Matching goes beyond string equality: names and aliases are compared accent-folded and
case-folded with a leading article and possessive removed ("the Taliban", "Taliban's" →
``taliban``), acronyms and every alias seen in any document count, and people also match on
first initial + surname so transliterations ("Andrey"/"Andrei Belousov") and surname-only
mentions join the same person. Types must be compatible (an organisation can be an armed
group, a person is never a place).

The functions here are pure; the store looks candidates up by :func:`match_keys` and lets
:func:`choose` pick one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_POSSESSIVE = re.compile(r"'s\b")
_NON_WORD = re.compile(r"[^\w]+")
_ARTICLES = ("the ",)
_GROUP_TYPES = frozenset({"organization", "armed_group", "other"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "gen", "general", "col", "president", "minister", "sheikh"})


def fold(text: str) -> str:
    """Accent-folded, case-folded, punctuation-free form of a name, without a leading "the".

    >>> fold("the Taliban’s")
    'taliban'
    >>> fold("Nangarhār")
    'nangarhar'
    """
    text = text.translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
    return text


def slug(text: str) -> str:
    """A URL-safe key for a canonical name: ``Islamic State`` → ``islamic-state``."""
    return fold(text).replace(" ", "-") or "entity"


def person_key(name: str) -> str | None:
    """``p:<first initial> <surname>`` for a person's full name, None for a single word."""
    words = [w for w in fold(name).split() if w not in _HONORIFICS]
    if len(words) < 2 or len(words[-1]) < 3:
        return None
    return f"p:{words[0][0]} {words[-1]}"


def compatible(a: str, b: str) -> bool:
    """Whether two entity types can be the same real-world entity."""
    return a == b or (a in _GROUP_TYPES and b in _GROUP_TYPES)


def match_keys(name: str, aliases: Iterable[str] = (), type: str = "other") -> set[str]:
    """Every key under which an entity with this name and these aliases can be found."""
    keys = {k for k in (fold(a) for a in (name, *aliases)) if len(k) >= 2}
    if type == "person":
        for surface in (name, *aliases):
            pk = person_key(surface)
            if pk:
                keys.add(pk)
    return keys


@dataclass(frozen=True)
class Candidate:
    """A corpus entity found under one or more keys."""

    id: int
    key: str
    type: str
    n_mentions: int
    hits: frozenset[str]


def choose(slug_key: str, type: str, name: str, candidates: Sequence[Candidate]) -> Candidate | None:
    """The corpus entity a document entity is, or None when it is new.

    The same canonical key wins; then a match on the full folded name; then the candidate
    sharing most keys (a surname alone is not enough for a person); ties go to the entity seen
    most often.
    """
    fits = [c for c in candidates if compatible(c.type, type)]
    if not fits:
        return None
    for c in fits:
        if c.key == slug_key:
            return c
    full = fold(name)
    if type == "person" and " " not in full:
        # a surname alone joins a person only when nobody else has it
        return fits[0] if len(fits) == 1 else None
    named = [c for c in fits if full in c.hits]
    if named:
        return max(named, key=lambda c: (len(c.hits), c.n_mentions))
    if type == "person":
        strong = [c for c in fits if any(h.startswith("p:") or " " in h for h in c.hits)]
        return max(strong, key=lambda c: (len(c.hits), c.n_mentions)) if strong else None
    return max(fits, key=lambda c: (len(c.hits), c.n_mentions))
