"""Where a claim or event is, as a place name and a country, in the context of its document.

"northern Afghanistan", "Nangarhar province" and "the eastern provinces" all need a country
for claims to be grouped and filtered by place. The document's own geocoded location entities
come first (the longest name or alias found in the phrase), then country names from pycountry,
then — for relative phrases such as "the country" or "eastern provinces" — the country the
document is mostly about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from claimwatch.link.entities import fold
from claimwatch.models import Document, Entity

_RELATIVE = re.compile(r"\b(country|province|provinces|region|regions|district|districts|north|south|east|west)\b")


@dataclass(frozen=True)
class Place:
    """A resolved place: its canonical name, ISO country code and the document entity it is."""

    name: str
    country: str | None
    local_id: str | None = None


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """Folded country names (official, common, short) → (alpha-2, display name)."""
    import pycountry

    table: dict[str, tuple[str, str]] = {}
    for c in pycountry.countries:
        display = getattr(c, "common_name", None) or c.name
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                table[fold(name)] = (c.alpha_2, display)
                short = fold(name.split(",")[0])
                table.setdefault(short, (c.alpha_2, display))
    return table


def country_code(name: str) -> str | None:
    """ISO alpha-2 code for a country name or code (``Afghanistan``, ``AF``), else None."""
    key = fold(name)
    if len(key) == 2 and key.isalpha():
        return key.upper() if any(code.lower() == key for code, _ in _countries().values()) else None
    hit = _countries().get(key)
    return hit[0] if hit else None


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """The common name of a country from its alpha-2 code (``AF`` → ``Afghanistan``)."""
    for c, display in _countries().values():
        if c == code.upper():
            return display
    return None


def focus_country(doc: Document) -> str | None:
    """The country the document mentions most (its location entities weighted by mentions)."""
    counts: Counter[str] = Counter()
    for e in doc.entities:
        if e.type == "location" and e.country:
            counts[e.country] += max(1, len(e.mentions))
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=1)
def _countries_longest_first() -> list[tuple[str, tuple[str, str]]]:
    return sorted(((n, v) for n, v in _countries().items() if len(n) > 3), key=lambda kv: -len(kv[0]))


class PlaceIndex:
    """The location names of one document, folded once, for resolving many phrases."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._names: list[tuple[str, Entity]] = sorted(
            (
                (n, e)
                for e in doc.entities
                if e.type == "location"
                for n in {fold(x) for x in (e.name, *e.aliases)}
                if len(n) >= 2
            ),
            key=lambda ne: -len(ne[0]),
        )
        self._focus: str | None = None
        self._focus_done = False

    def focus(self) -> str | None:
        """The document's focus country (computed once)."""
        if not self._focus_done:
            self._focus, self._focus_done = focus_country(self.doc), True
        return self._focus

    def resolve(self, location: str | None) -> Place | None:
        """The place a location phrase names, or None when it names none."""
        if not location or not location.strip():
            return None
        phrase = f" {fold(location)} "
        for n, e in self._names:  # longest name first
            if f" {n} " in phrase:
                return Place(e.name, e.country, e.id)
        for n, (code, display) in _countries_longest_first():
            if f" {n} " in phrase:
                return Place(display, code)
        if _RELATIVE.search(phrase):
            focus = self.focus()
            if focus:
                return Place(location.strip(), focus)
        return Place(location.strip(), None)


def resolve(location: str | None, doc: Document) -> Place | None:
    """The place a location phrase of ``doc`` names, or None when it names none."""
    return PlaceIndex(doc).resolve(location)
