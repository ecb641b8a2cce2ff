"""Place names as the index keys them: accent folding, display forms and nationality words.

``fold`` is the one normalisation every lookup goes through (the index is keyed by it), so a
caller with another script (Russian lookups through alternate names) folds with it too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
_DEMONYMS_PATH = _RESOURCES / "demonyms.json"

# --------------------------------------------------------------------------- folding

_CHAR_MAP = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŉ": "n",
        "ŋ": "ng",
        "ə": "e",
        "Ə": "e",
        "ɣ": "gh",
        "Ɣ": "gh",
        "ʻ": "",
        "ʼ": "",
        "ʽ": "",
        "ʾ": "",
        "ʿ": "",
        "ˈ": "",
        "‘": "",
        "’": "",
        "‛": "",
        "′": "",
        "`": "",
        "´": "",
        "'": "",
        ".": "",
        "“": " ",
        "”": " ",
        "„": " ",
        '"': " ",
        "«": " ",
        "»": " ",
        "‐": " ",
        "‑": " ",
        "‒": " ",
        "–": " ",
        "—": " ",
        "―": " ",
        "−": " ",
        "-": " ",
        "_": " ",
        "/": " ",
        "\u00a0": " ",
    }
)


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Accent-fold, lowercase and normalise quotes/hyphens/whitespace; drop a leading "the ".

    Apostrophes and full stops are removed ("Sana'a" -> "sanaa", "U.S." -> "us"), hyphens and
    dashes become spaces ("North-West" -> "north west").
    """
    return _fold(s)


def _fold(s: str) -> str:
    s = s.translate(_CHAR_MAP)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c)).translate(_CHAR_MAP)
    s = " ".join(s.lower().split()).strip(" ,;:!?()[]{}")
    if s.startswith("the "):
        s = s[4:]
    return s


_TRANSLIT_MARKS = {0x0304, 0x0323, 0x0331, 0x0332, 0x032E, 0x0325, 0x0324, 0x0306}
_TRANSLIT_CHARS = set("ʻʼʽʾʿ‘’ḩḨḑḐḩţŢşŞẓẒ")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# countries whose ISO 3166-2 names are romanisations English doesn't use ("Ḩalab" for Aleppo governorate)
_ENGLISH_SUBDIVISION_NAMES = _wordset("AE AZ BH BY DZ EG IQ IR JO KW LB LY MA MR OM PS QA RU SA SO SD SY TN UA YE")


def _display(name: str) -> str:
    """Drop the marks of scholarly Arabic/Persian romanisation ("Nangarhār" -> "Nangarhar").

    Names without such marks keep their diacritics ("São Paulo", "Zürich").
    """
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFD", name)
    if not (_TRANSLIT_CHARS & set(name) or any(ord(c) in _TRANSLIT_MARKS for c in decomposed)):
        return name
    out = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "ʻʼʽʾʿ‘’")
    return unicodedata.normalize("NFC", out).replace("ı", "i")


_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u036f\u2000-\u206f\u00a0]")


def _is_latin(s: str) -> bool:
    """True when ``s`` has no letters outside the Latin script blocks."""
    return s.isascii() or _NON_LATIN.search(s) is None


# --------------------------------------------------------------------------- demonyms


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, str]:
    data = json.loads(_DEMONYMS_PATH.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for cc, words in data.items():
        if cc.startswith("_"):
            continue
        for w in words:
            out.setdefault(fold(w), cc)
    return out


def demonym_country(word: str) -> str | None:
    """ISO alpha-2 code for a nationality adjective or demonym ("Afghan" -> "AF"), else None."""
    key = fold(word)
    table = _demonym_table()
    hit = table.get(key)
    if hit is None and key.endswith("s") and len(key) > 4:  # plural demonyms: "Afghans", "Iraqis"
        hit = table.get(key[:-1])
    return hit
