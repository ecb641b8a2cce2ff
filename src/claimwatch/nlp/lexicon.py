"""Curated gazetteers: known armed groups, organizations and attribution titles.

This module owns reading, validating and indexing the hand-curated data files in
``claimwatch/resources``:

* ``armed_groups.json`` and ``organizations.json`` - named entities with their aliases;
* ``titles.json`` - honorifics, offices, role nouns and words never found in person names.

Files are read through :mod:`importlib.resources` on first use and cached. Any
invalid content raises :class:`claimwatch.errors.ConfigError` naming the file.

Alias matching rules (shared by :func:`lookup` and :func:`fold`):

* accents are removed, curly quotes become ``'``, all dashes and hyphens (incl.
  U+2011) and runs of whitespace become one space, and periods are dropped
  (``U.N.`` == ``UN``);
* a leading ``the`` and a trailing possessive (``'s`` or ``'``) are stripped;
* ``aliases`` compare case-insensitively, ``case_sensitive_aliases`` (word-like or
  very short acronyms such as ``IS``, ``AQ``, ``LeT``) only with their exact capitals;
* an alias claimed by two entries must be declared in the file's ``ambiguous`` list,
  whose ``default`` (or ``null``) is what :func:`lookup` returns for it.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from claimwatch.errors import ConfigError

LOGGER = logging.getLogger(__name__)

ARMED_GROUPS_FILE = "armed_groups.json"
ORGANIZATIONS_FILE = "organizations.json"
TITLES_FILE = "titles.json"
# (file, the entity type every entry in it must have)
GAZETTEER_FILES: tuple[tuple[str, str], ...] = (
    (ARMED_GROUPS_FILE, "armed_group"),
    (ORGANIZATIONS_FILE, "organization"),
)
KINDS = frozenset(
    {
        "news_agency",
        "intelligence",
        "armed_forces",
        "ministry",
        "government",
        "intergovernmental",
        "law_enforcement",
        "ngo",
        "research",
        "state_aligned_militia",
    }
)
NEWS_AGENCY = "news_agency"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_REQUIRED_ENTRY_KEYS = frozenset({"id", "name", "type", "aliases", "note"})
_OPTIONAL_ENTRY_KEYS = frozenset({"case_sensitive_aliases", "country", "parent", "kind"})
_GAZETTEER_KEYS = frozenset({"_note", "groups", "ambiguous"})
_AMBIGUOUS_KEYS = frozenset({"alias", "ids", "default", "note"})
_TITLE_GROUPS = ("honorifics", "offices", "role_nouns", "never_in_names")

# Folding tables: every dash/hyphen becomes a space, every single quote-like mark an apostrophe.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032\uff07"
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'
_FOLD_TABLE = str.maketrans(
    {**dict.fromkeys(_DASHES, " "), **dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, ""), ".": ""}
)
_EDGE_CHARS = " '()[]{},;:!?*"
_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)


@dataclass(frozen=True)
class KnownEntity:
    """One curated armed group or organization.

    Attributes:
        id: Stable slug, e.g. ``"islamic-state"``.
        name: Canonical English name.
        type: ``"armed_group"`` or ``"organization"`` (see ``models.EntityType``).
        aliases: Surface forms matched case-insensitively (includes the name unless it is case-sensitive).
        case_sensitive_aliases: Surface forms matched only with their exact capitals (``IS``, ``LeT``).
        country: ISO 3166-1 alpha-2 code of the home country, or ``None`` if transnational.
        parent: Id of the parent group/body, or ``None``.
        kind: Sub-classification (``"news_agency"``, ``"armed_forces"``...), or ``None``.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    case_sensitive_aliases: tuple[str, ...]
    country: str | None
    parent: str | None
    kind: str | None


@dataclass(frozen=True)
class Titles:
    """Words used around speakers in attributions and appositions.

    ``honorifics`` keep their case (``"Gen."``, ``"Mullah"``); the other sets are
    case-folded, so compare them with ``word.casefold()``.
    """

    honorifics: frozenset[str]
    offices: frozenset[str]
    role_nouns: frozenset[str]
    never_in_names: frozenset[str]


@dataclass(frozen=True)
class _Ambiguity:
    alias: str
    ids: frozenset[str]
    default: str | None


@dataclass(frozen=True)
class _Gazetteer:
    entities: tuple[KnownEntity, ...]
    by_id: Mapping[str, KnownEntity]
    exact: Mapping[str, KnownEntity | _Ambiguity]  # folded, case kept -> entity
    folded: Mapping[str, KnownEntity | _Ambiguity]  # folded and case-folded -> entity


def fold(surface: str) -> str:
    """Normalise a surface form for alias comparison, keeping its case.

    Args:
        surface: Text as found in an article, e.g. ``"the Islamic State group’s"``.

    Returns:
        The folded form, e.g. ``"Islamic State group"``; empty if nothing is left.
    """
    text = unicodedata.normalize("NFKD", surface)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.translate(_FOLD_TABLE).split())
    text = text.strip(_EDGE_CHARS)
    text = _POSSESSIVE_RE.sub("", text).strip(_EDGE_CHARS)
    stripped = _THE_RE.sub("", text)
    return stripped if stripped else text


def known_entities() -> tuple[KnownEntity, ...]:
    """Return every curated armed group and organization, in file order."""
    return _gazetteer().entities


def entity_by_id(entity_id: str) -> KnownEntity | None:
    """Return the curated entity with this id, or ``None``."""
    return _gazetteer().by_id.get(entity_id)


def lookup(surface: str) -> KnownEntity | None:
    """Find the curated entity a surface form names.

    Args:
        surface: A mention such as ``"ISIL"``, ``"the Islamic State group"`` or ``"Tehrik-i-Taliban Pakistan's"``.

    Returns:
        The entity, the declared default for an ambiguous alias, or ``None`` when nothing (or an
        ambiguous alias without a default) matches. ``"is"`` never matches the case-sensitive ``IS``.
    """
    gaz = _gazetteer()
    key = fold(surface)
    if not key:
        return None
    candidates = [key]
    if key[:3].casefold() == "al ":  # "al-Nusra Front" when only "Nusra Front" is listed
        candidates.append(key[3:])
    for cand in candidates:
        hit = gaz.exact.get(cand) or gaz.folded.get(cand.casefold())
        if hit is not None:
            return _resolve(gaz, hit)
    return None


@functools.cache
def news_agencies() -> frozenset[str]:
    """Return the ids of organizations of kind ``news_agency`` (``"reuters"``, ``"tass"``...)."""
    return frozenset(e.id for e in known_entities() if e.kind == NEWS_AGENCY)


@functools.cache
def titles() -> Titles:
    """Return the attribution titles from ``titles.json``."""
    return _parse_titles(_read_resource(TITLES_FILE), TITLES_FILE)


def clear_caches() -> None:
    """Forget loaded data so the next call re-reads the resource files (tests, reloads)."""
    _gazetteer.cache_clear()
    news_agencies.cache_clear()
    titles.cache_clear()


# --- loading -----------------------------------------------------------------------------------------


def _source(filename: str) -> str:
    return f"claimwatch/resources/{filename}"


def _read_resource(filename: str) -> Any:
    """Read and decode one JSON resource file (the single I/O point; tests monkeypatch it)."""
    try:
        raw = resources.files("claimwatch").joinpath("resources", filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read gazetteer: {exc}", source=_source(filename)) from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc}", source=_source(filename)) from exc


@functools.cache
def _gazetteer() -> _Gazetteer:
    entities: list[KnownEntity] = []
    origin: dict[str, str] = {}  # id -> file it came from
    ambiguities: list[tuple[_Ambiguity, str]] = []
    for filename, etype in GAZETTEER_FILES:
        file_entities, file_ambiguities = _parse_gazetteer(_read_resource(filename), filename, etype)
        for ent in file_entities:
            if ent.id in origin:
                raise ConfigError(f"duplicate id {ent.id!r} (also in {origin[ent.id]})", source=_source(filename))
            origin[ent.id] = filename
            entities.append(ent)
        ambiguities.extend((amb, filename) for amb in file_ambiguities)
    gaz = _index(entities, origin, ambiguities)
    LOGGER.debug("loaded %d curated entities", len(gaz.entities))
    return gaz


def _fail(filename: str, message: str) -> ConfigError:
    return ConfigError(message, source=_source(filename))


def _str_list(value: Any, what: str, filename: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(filename, f"{what} must be a list of non-empty strings")
    return list(value)


def _check_top(data: Any, filename: str, allowed: Iterable[str], required: Iterable[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _fail(filename, "top level must be a JSON object")
    unknown = set(data) - set(allowed)
    if unknown:
        raise _fail(filename, f"unknown top-level keys: {sorted(unknown)}")
    missing = set(required) - set(data)
    if missing:
        raise _fail(filename, f"missing top-level keys: {sorted(missing)}")
    if not isinstance(data["_note"], str) or not data["_note"].strip():
        raise _fail(filename, "'_note' must say where the data comes from")
    return data


def _parse_gazetteer(data: Any, filename: str, etype: str) -> tuple[list[KnownEntity], list[_Ambiguity]]:
    doc = _check_top(data, filename, _GAZETTEER_KEYS, ("_note", "groups"))
    groups = doc["groups"]
    if not isinstance(groups, list) or not groups:
        raise _fail(filename, "'groups' must be a non-empty list")
    entities = [_parse_entry(entry, i, filename, etype) for i, entry in enumerate(groups)]
    raw_amb = doc.get("ambiguous", [])
    if not isinstance(raw_amb, list):
        raise _fail(filename, "'ambiguous' must be a list")
    return entities, [_parse_ambiguity(a, i, filename) for i, a in enumerate(raw_amb)]


def _parse_entry(entry: Any, index: int, filename: str, etype: str) -> KnownEntity:
    if not isinstance(entry, dict):
        raise _fail(filename, f"groups[{index}] must be an object")
    label = f"groups[{index}] ({entry.get('id')!r})"
    missing = _REQUIRED_ENTRY_KEYS - set(entry)
    if missing:
        raise _fail(filename, f"{label} lacks required keys {sorted(missing)}")
    unknown = set(entry) - _REQUIRED_ENTRY_KEYS - _OPTIONAL_ENTRY_KEYS
    if unknown:
        raise _fail(filename, f"{label} has unknown keys {sorted(unknown)}")
    eid, name, note = entry["id"], entry["name"], entry["note"]
    if not isinstance(eid, str) or not _ID_RE.match(eid):
        raise _fail(filename, f"{label}: id must be a lower-case slug")
    if not isinstance(name, str) or not name.strip():
        raise _fail(filename, f"{label}: name must be a non-empty string")
    if entry["type"] != etype:
        raise _fail(filename, f"{label}: type must be {etype!r}, not {entry['type']!r}")
    if not isinstance(note, str) or not note.strip():
        raise _fail(filename, f"{label}: note must be a non-empty string with its source")
    aliases = _str_list(entry["aliases"], f"{label}.aliases", filename)
    cs_aliases = _str_list(entry.get("case_sensitive_aliases", []), f"{label}.case_sensitive_aliases", filename)
    country, parent, kind = entry.get("country"), entry.get("parent"), entry.get("kind")
    if country is not None and (not isinstance(country, str) or not _COUNTRY_RE.match(country)):
        raise _fail(filename, f"{label}: country must be an ISO alpha-2 code or null")
    if parent is not None and (not isinstance(parent, str) or parent == eid):
        raise _fail(filename, f"{label}: parent must be another entry's id or null")
    if kind is not None and kind not in KINDS:
        raise _fail(filename, f"{label}: kind {kind!r} not one of {sorted(KINDS)}")
    for alias in aliases + cs_aliases:
        if not fold(alias):
            raise _fail(filename, f"{label}: alias {alias!r} is empty once folded")
    ci_keys = {fold(a).casefold() for a in aliases}
    for alias in cs_aliases:
        if fold(alias).casefold() in ci_keys:
            raise _fail(filename, f"{label}: case-sensitive alias {alias!r} also matches case-insensitively")
    if fold(name).casefold() not in ci_keys and fold(name) not in {fold(a) for a in cs_aliases}:
        raise _fail(filename, f"{label}: name {name!r} must also be listed as an alias")
    return KnownEntity(eid, name, etype, tuple(aliases), tuple(cs_aliases), country, parent, kind)


def _parse_ambiguity(item: Any, index: int, filename: str) -> _Ambiguity:
    label = f"ambiguous[{index}]"
    if not isinstance(item, dict) or not {"alias", "ids"} <= set(item) or set(item) - _AMBIGUOUS_KEYS:
        raise _fail(filename, f"{label} must be an object with 'alias', 'ids' and optional 'default', 'note'")
    alias, default = item["alias"], item.get("default")
    ids = _str_list(item["ids"], f"{label}.ids", filename)
    if not isinstance(alias, str) or not fold(alias) or len(set(ids)) < 2:
        raise _fail(filename, f"{label} needs a non-empty alias and at least two distinct ids")
    if default is not None and default not in ids:
        raise _fail(filename, f"{label}: default {default!r} is not one of its ids")
    return _Ambiguity(alias, frozenset(ids), default)


def _index(
    entities: list[KnownEntity], origin: Mapping[str, str], ambiguities: list[tuple[_Ambiguity, str]]
) -> _Gazetteer:
    by_id = {e.id: e for e in entities}
    for ent in entities:
        if ent.parent is not None and ent.parent not in by_id:
            raise _fail(origin[ent.id], f"{ent.id!r}: unknown parent {ent.parent!r}")
    exact_claims: dict[str, set[str]] = {}  # folded alias, case kept -> ids
    folded_claims: dict[str, set[str]] = {}  # folded, case-folded alias -> ids
    for ent in entities:
        for alias in ent.aliases:
            folded_claims.setdefault(fold(alias).casefold(), set()).add(ent.id)
        for alias in ent.case_sensitive_aliases:
            exact_claims.setdefault(fold(alias), set()).add(ent.id)
    # Two case-sensitive aliases that differ only in case ("JEM", "JeM") do not clash; anything
    # else that lets one surface form reach two entries does.
    exact_by_key: dict[str, list[set[str]]] = {}
    for key, ids in exact_claims.items():
        exact_by_key.setdefault(key.casefold(), []).append(ids)
    claimants: dict[str, set[str]] = {}  # case-folded key -> ids, only for clashing keys
    for key in folded_claims.keys() | exact_by_key.keys():
        ci_ids = folded_claims.get(key, set())
        cs_sets = exact_by_key.get(key, [])
        if len(ci_ids) > 1 or any(len(ids) > 1 or (ci_ids and ids - ci_ids) for ids in cs_sets):
            claimants[key] = ci_ids.union(*cs_sets)

    declared: dict[str, _Ambiguity] = {}
    for amb, filename in ambiguities:
        key = fold(amb.alias).casefold()
        if key in declared:
            raise _fail(filename, f"alias {amb.alias!r} declared ambiguous twice")
        unknown = amb.ids - by_id.keys()
        if unknown:
            raise _fail(filename, f"ambiguous alias {amb.alias!r} names unknown ids {sorted(unknown)}")
        if claimants.get(key, set()) != amb.ids:
            raise _fail(
                filename,
                f"ambiguous alias {amb.alias!r} lists {sorted(amb.ids)} but is claimed by "
                f"{sorted(claimants.get(key, set()))}",
            )
        declared[key] = amb
    for key, ids in claimants.items():
        if key not in declared:
            last = sorted(ids, key=lambda i: entities.index(by_id[i]))[-1]
            raise _fail(
                origin[last],
                f"alias {key!r} is claimed by {sorted(ids)}; list it under 'ambiguous' or remove it",
            )

    def target(key: str, ids: set[str]) -> KnownEntity | _Ambiguity:
        amb = declared.get(key.casefold())
        return amb if amb is not None else by_id[next(iter(ids))]

    exact = {key: target(key, ids) for key, ids in exact_claims.items()}
    folded = {key: target(key, ids) for key, ids in folded_claims.items()}
    return _Gazetteer(tuple(entities), by_id, exact, folded)


def _resolve(gaz: _Gazetteer, hit: KnownEntity | _Ambiguity) -> KnownEntity | None:
    if isinstance(hit, KnownEntity):
        return hit
    return gaz.by_id[hit.default] if hit.default is not None else None


def _parse_titles(data: Any, filename: str) -> Titles:
    doc = _check_top(data, filename, ("_note", *_TITLE_GROUPS), ("_note", *_TITLE_GROUPS))
    groups: dict[str, frozenset[str]] = {}
    for group in _TITLE_GROUPS:
        words = _str_list(doc[group], f"'{group}'", filename)
        if group != "honorifics":
            words = [w.casefold() for w in words]
        dupes = sorted({w for w in words if words.count(w) > 1})
        if dupes:
            raise _fail(filename, f"'{group}' has duplicates: {dupes}")
        groups[group] = frozenset(words)
    return Titles(**groups)
