"""The furniture vocabulary: words and patterns that name page furniture, as validated data.

The vocabulary lives in ``claimwatch/resources/furniture.json`` (general knowledge of how news
pages are laid out, no article text); :func:`load_patterns` reads and compiles it once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimwatch.errors import ConfigError

__all__ = ["Patterns", "load_patterns", "patterns_from_dict"]


@dataclass(frozen=True)
class Patterns:
    """The furniture vocabulary, compiled (see ``resources/furniture.json``)."""

    section_names: frozenset[str]
    outlets: frozenset[str]
    newsletter: tuple[re.Pattern[str], ...]
    share_words: frozenset[str]
    share_platforms: frozenset[str]
    related_headings: tuple[re.Pattern[str], ...]
    teaser_prefixes: tuple[re.Pattern[str], ...]
    comments: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    initials: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    ticker_markers: tuple[str, ...]
    signoff: re.Pattern[str]
    notices: tuple[re.Pattern[str], ...]


_REGEX_KEYS = {
    "newsletter_patterns": re.IGNORECASE,
    "related_headings": re.IGNORECASE,
    "teaser_prefixes": re.IGNORECASE,
    "comment_patterns": re.IGNORECASE,
    "caption_patterns": re.IGNORECASE,
    "credit_patterns": re.IGNORECASE,
    "initials_patterns": 0,  # case matters: "MR/AB" is initials, "and/or" is not
    "byline_patterns": 0,
    "notice_patterns": re.IGNORECASE,
}
_WORD_KEYS = ("section_names", "outlets", "share_words", "share_platforms", "ticker_markers")


def _strings(data: dict[str, Any], key: str, source: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{key!r} must be a non-empty list of non-empty strings", source=source)
    return value


def patterns_from_dict(data: dict[str, Any], source: str = "furniture.json") -> Patterns:
    """Validate and compile a furniture vocabulary (the parsed JSON of ``furniture.json``).

    Raises:
        ConfigError: a key is missing, not a list of strings, or holds a regex that does not compile.
    """
    if not isinstance(data, dict):
        raise ConfigError("the furniture vocabulary must be a JSON object", source=source)
    if not isinstance(data.get("_note"), str) or not data["_note"].strip():
        raise ConfigError("'_note' (where the vocabulary comes from) is missing", source=source)
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, flags in _REGEX_KEYS.items():
        pats = []
        for p in _strings(data, key, source):
            try:
                pats.append(re.compile(p, flags))
            except re.error as e:
                raise ConfigError(f"{key!r}: bad regular expression {p!r}: {e}", source=source) from e
        compiled[key] = tuple(pats)
    words = {key: [w.strip() for w in _strings(data, key, source)] for key in _WORD_KEYS}
    forms = {f for o in words["outlets"] for f in (o, o.upper())}  # as written, or in capitals
    outlet_alt = "|".join(re.escape(o) for o in sorted(forms, key=len, reverse=True))
    # An agency sign-off after the last sentence: "... end of his rule. REUTERS", "... - AFP".
    signoff = re.compile(r"(?<=[.!?\"”’)\]])\s+(?:[-–—]+\s*)?\(?(?:" + outlet_alt + r")\)?\s*$")
    return Patterns(
        section_names=frozenset(w.lower() for w in words["section_names"]),
        outlets=frozenset(w.lower() for w in words["outlets"]),
        newsletter=compiled["newsletter_patterns"],
        share_words=frozenset(w.lower() for w in words["share_words"]),
        share_platforms=frozenset(w.lower() for w in words["share_platforms"]),
        related_headings=compiled["related_headings"],
        teaser_prefixes=compiled["teaser_prefixes"],
        comments=compiled["comment_patterns"],
        captions=compiled["caption_patterns"],
        credits=compiled["credit_patterns"],
        initials=compiled["initials_patterns"],
        bylines=compiled["byline_patterns"],
        ticker_markers=tuple(w.lower() for w in words["ticker_markers"]),
        signoff=signoff,
        notices=compiled["notice_patterns"],
    )


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The packaged furniture vocabulary, loaded once through ``importlib.resources``."""
    res = files("claimwatch").joinpath("resources", "furniture.json")
    try:
        data = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the furniture vocabulary: {e}", source=str(res)) from e
    return patterns_from_dict(data, source=str(res))
