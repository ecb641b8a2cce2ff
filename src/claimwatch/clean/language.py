"""Language identification of a cleaned body: a cheap stopword-ratio guess.

Each language in ``claimwatch/resources/stopwords.json`` lists about fifty of its most frequent
function words. The guess is the language whose stopwords make up the largest share of the
text's word tokens. It needs no model and is right on news prose of a few sentences; texts too
short to judge (or with no stopword hits at all) default to English, the project's working
language.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from importlib.resources import files

from claimwatch.errors import ConfigError

LOGGER = logging.getLogger(__name__)

__all__ = ["DEFAULT_LANGUAGE", "detect_language", "load_stopwords"]

DEFAULT_LANGUAGE = "en"
MIN_TOKENS = 8  # below this many word tokens a guess is noise
MIN_HITS = 3
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MAX_TOKENS = 2000  # the head of a long text is enough


def stopwords_from_dict(data: object, source: str = "stopwords.json") -> dict[str, frozenset[str]]:
    """Validate a stopword table: ISO 639-1 keys mapping to non-empty lists of lower-case words.

    Raises:
        ConfigError: the table is malformed.
    """
    if not isinstance(data, dict) or not isinstance(data.get("_note"), str):
        raise ConfigError("the stopword table must be an object with a '_note'", source=source)
    table: dict[str, frozenset[str]] = {}
    for lang, words in data.items():
        if lang == "_note":
            continue
        if not re.fullmatch(r"[a-z]{2}", lang):
            raise ConfigError(f"{lang!r} is not an ISO 639-1 code", source=source)
        if not isinstance(words, list) or len(words) < 10 or not all(isinstance(w, str) and w for w in words):
            raise ConfigError(f"{lang!r} needs a list of at least 10 words", source=source)
        table[lang] = frozenset(w.lower() for w in words)
    if DEFAULT_LANGUAGE not in table:
        raise ConfigError(f"the table has no {DEFAULT_LANGUAGE!r} entry", source=source)
    return table


@lru_cache(maxsize=1)
def load_stopwords() -> dict[str, frozenset[str]]:
    """The packaged stopword table, loaded once through ``importlib.resources``."""
    res = files("claimwatch").joinpath("resources", "stopwords.json")
    try:
        data = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the stopword table: {e}", source=str(res)) from e
    return stopwords_from_dict(data, source=str(res))


def detect_language(text: str) -> str:
    """Guess the ISO 639-1 language of ``text`` from the share of each language's stopwords.

    Args:
        text: any text.

    Returns:
        A two-letter code such as ``"en"``, ``"fr"`` or ``"ar"``; ``"en"`` for texts too short to judge.
    """
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(text or "")[:_MAX_TOKENS]]
    if len(tokens) < MIN_TOKENS:
        return DEFAULT_LANGUAGE
    table = load_stopwords()
    best, best_hits = DEFAULT_LANGUAGE, 0
    for lang, words in table.items():
        hits = sum(1 for t in tokens if t in words)
        # ties go to the default language, then to the table's order
        if hits > best_hits or (hits == best_hits and lang == DEFAULT_LANGUAGE):
            best, best_hits = lang, hits
    if best_hits < MIN_HITS:
        return DEFAULT_LANGUAGE
    return best
