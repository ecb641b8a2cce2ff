"""The standard alias table of armed groups and agencies, applied when linking and when querying.

"ISKP", "IS-K", "ISIS-K" and "Wilayat Khorasan" are one group; "al-Shabab" and "al-Shabaab" one;
"Pakistani Taliban" is the TTP, not the Taliban. The table is the entity gazetteers of
``resources/armed_groups.json`` and ``organizations.json`` plus the spellings of
``resources/link_aliases.json``, folded; an alias two entries share is left out. Generic nouns
("the army", "security forces") are listed there too: they say no more than which country's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from claimwatch.errors import ConfigError
from claimwatch.link.entities import fold
from claimwatch.resources import load_json

SOURCES = ("armed_groups.json", "organizations.json")
EXTRA = "link_aliases.json"


@dataclass(frozen=True)
class AliasTable:
    """Folded alias → canonical id, the canonical names and aliases, the generic nouns."""

    canonical: dict[str, str]
    names: dict[str, str]
    aliases: dict[str, frozenset[str]]
    generic: frozenset[str]

    def lookup(self, name: str) -> str | None:
        """The canonical id a name stands for, or None."""
        return self.canonical.get(fold(name))


@lru_cache(maxsize=1)
def table() -> AliasTable:
    """The alias table (built once).

    Raises:
        ConfigError: an extra alias names an id the gazetteers do not have.
    """
    names: dict[str, str] = {}
    spellings: dict[str, set[str]] = {}
    ambiguous: set[str] = set()
    for source in SOURCES:
        data = load_json(source, ("groups",))
        ambiguous |= {fold(a["alias"]) for a in data.get("ambiguous", [])}
        for g in data["groups"]:
            names[g["id"]] = g["name"]
            spellings.setdefault(g["id"], set()).update(
                fold(a) for a in (g["name"], *g.get("aliases", []), *g.get("case_sensitive_aliases", []))
            )
    extra = load_json(EXTRA, ("aliases", "generic"))
    for gid, words in extra["aliases"].items():
        if gid not in names:
            raise ConfigError(f"aliases for unknown id {gid!r}", source=EXTRA)
        spellings[gid].update(fold(w) for w in words)
    owners: dict[str, set[str]] = {}
    for gid, words in spellings.items():
        for w in words:
            if len(w) >= 2:
                owners.setdefault(w, set()).add(gid)
    canonical = {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1 and w not in ambiguous}
    aliases = {gid: frozenset(w for w in words if canonical.get(w) == gid) for gid, words in spellings.items()}
    return AliasTable(canonical, names, aliases, frozenset(fold(w) for w in extra["generic"]))


def canonical_id(name: str, aliases: Iterable[str] = ()) -> str | None:
    """The canonical id of an entity by its name, else by the first of its aliases the table knows."""
    tab = table()
    for surface in (name, *aliases):
        hit = tab.lookup(surface)
        if hit:
            return hit
    return None


def expand(text: str) -> set[str]:
    """Every folded spelling a query name stands for: ``IS-K`` → ``iskp``, ``isis k``, …"""
    tab = table()
    gid = tab.lookup(text)
    return {fold(text), *(tab.aliases.get(gid, ()) if gid else ())} - {""}


def is_generic(name: str) -> bool:
    """Whether a name is a generic noun ("the army", "Security Forces") that says whose only by country."""
    return fold(name) in table().generic
