"""The Russian lexicons and alias table (``resources/ru/*.json``), validated when loaded."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from claimwatch.errors import ConfigError

_LEXICON_KEYS = (
    "speech_verbs",
    "cardinals",
    "multipliers",
    "vague",
    "qualifiers_before",
    "qualifiers_after",
    "months",
    "weekdays",
    "time_nouns",
    "label_nouns",
    "name_nouns",
)


def _read(name: str) -> dict[str, Any]:
    res = files("claimwatch").joinpath("resources", "ru", name)
    try:
        data = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the Russian table: {e}", source=str(res)) from e
    if not isinstance(data, dict) or not isinstance(data.get("_note"), str):
        raise ConfigError("a Russian table must be an object with a '_note'", source=str(res))
    return data


@cache
def lexicon() -> dict[str, Any]:
    """The Russian lexicon: reporting verbs, number words, qualifiers, date words, noun classes."""
    data = _read("lexicon.json")
    missing = [k for k in _LEXICON_KEYS if k not in data]
    if missing:
        raise ConfigError(f"the Russian lexicon lacks {', '.join(missing)}", source="resources/ru/lexicon.json")
    return data


@cache
def lemma_set(key: str) -> frozenset[str]:
    """One list of the lexicon as a set (lower case)."""
    value = lexicon()[key]
    return frozenset(str(v).lower() for v in (value if isinstance(value, list) else value.keys()))


@cache
def aliases() -> dict[str, Any]:
    """The Russian alias table: entries mapping Russian names to the canonical entities."""
    data = _read("aliases.json")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ConfigError("the Russian alias table needs a list 'entries'", source="resources/ru/aliases.json")
    for e in entries:
        if not all(isinstance(e.get(k), str) for k in ("id", "name", "type")) or not e.get("english"):
            raise ConfigError(f"bad alias entry {e!r}", source="resources/ru/aliases.json")
    return data
