"""Figures in a sentence: a regex scanner that finds numbers and normalises them to intervals.

This module owns claimwatch's number grammar: digits ("2,500", "1 000", "1.5 million", "5k"),
number words ("twenty-five", "a dozen", "one hundred and fifty"), hedges ("more than", "up to"),
ranges ("between 2,500 and 4,000"), vague quantities ("dozens"), percentages and money. It also
knows what is *not* a figure: dates, years, times of day, ages, ordinals, durations, street and
phone numbers, and identifiers ("F-16", "COVID-19", "Resolution 2254").

It is pure Python and does not use spaCy. The word lists live in
``resources/number_words.json``. They are read once, on first use, and checked as they load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Literal

from claimwatch.errors import PipelineError

__all__ = ["QUALIFIERS", "Quantity", "find_quantities", "parse_number"]

QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague")
RESOURCE = "number_words.json"
_HEDGES = ("approx", "more_than", "at_least", "less_than", "at_most")
_MASK = "\x00"  # replaces excluded spans; neither a word character nor a space, so no pattern runs through it
_LOOKBACK = 60  # how far before a figure to look for a hedge such as "slightly more than"


@dataclass(frozen=True)
class Quantity:
    """One figure in a scanned string, normalised to the interval [low, high]."""

    start: int
    end: int
    num_start: int
    num_end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Patterns:
    """Every compiled pattern of the scanner."""

    core: re.Pattern[str]
    digits_full: re.Pattern[str]
    masks: tuple[re.Pattern[str], ...]
    hedge: re.Pattern[str]
    lead: re.Pattern[str]
    connector: re.Pattern[str]
    percent: re.Pattern[str]
    currency_after: re.Pattern[str]
    suffix_q: re.Pattern[str]
    duration: re.Pattern[str]
    ordinal: re.Pattern[str]
    identifier: re.Pattern[str]
    identifier_cap: re.Pattern[str]


@dataclass(frozen=True)
class _Lexicon:
    """The validated contents of ``number_words.json`` and the patterns built from them."""

    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    mult_words: Mapping[str, int]
    mult_suffixes: Mapping[str, int]
    ambiguous_suffixes: frozenset[str]
    hedges: Mapping[str, str]
    temporal: frozenset[str]
    suffix_qualifiers: Mapping[str, str]
    currency_prefixes: Mapping[str, str]
    currency_words: Mapping[str, str]
    year_preps: frozenset[str]
    year_followers: frozenset[str]
    plural_nouns: frozenset[str]
    pat: _Patterns


def _bad(message: str) -> PipelineError:
    return PipelineError(message, source=f"claimwatch/resources/{RESOURCE}")


def _int_map(data: Mapping[str, object], key: str) -> dict[str, int]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise _bad(f"{key!r} must be a non-empty object")
    out: dict[str, int] = {}
    for word, number in value.items():
        if not word or word != word.lower() or isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise _bad(f"{key!r}: bad entry {word!r}: {number!r}")
        out[word] = number
    return out


def _str_list(data: Mapping[str, object], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise _bad(f"{key!r} must be a non-empty list of non-empty strings")
    if len(set(value)) != len(value):
        raise _bad(f"{key!r} has duplicates")
    return list(value)


def _str_map(data: Mapping[str, object], key: str, allowed: Iterable[str] | None = None) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise _bad(f"{key!r} must be a non-empty object")
    ok = None if allowed is None else set(allowed)
    for phrase, target in value.items():
        if not phrase or not isinstance(target, str) or (ok is not None and target not in ok):
            raise _bad(f"{key!r}: bad entry {phrase!r}: {target!r}")
        if ok is None and not re.fullmatch(r"[A-Z]{3}", target):
            raise _bad(f"{key!r}: {target!r} is not an ISO 4217 code")
    return dict(value)


def _alt(phrases: Iterable[str]) -> str:
    """A regex alternation, longest phrase first, spaces matching any run of whitespace."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _validate(data: object) -> _Lexicon:
    """Check the resource's shape and build the lexicon, or raise :class:`PipelineError`."""
    if not isinstance(data, dict):
        raise _bad("top level must be an object")
    if not isinstance(data.get("_note"), str) or not data["_note"].strip():
        raise _bad("'_note' (where the data comes from) is missing")
    units = _int_map(data, "units")
    tens = _int_map(data, "tens")
    scales = _int_map(data, "scales")
    mult_words = _int_map(data, "multiplier_words")
    mult_suffixes = _int_map(data, "multiplier_suffixes")
    ambiguous = _str_list(data, "ambiguous_suffixes")
    if not set(ambiguous) <= set(mult_suffixes):
        raise _bad("'ambiguous_suffixes' must be multiplier suffixes")
    if "hundred" not in mult_words or not set(scales) <= set(mult_words):
        raise _bad("'multiplier_words' must hold 'hundred' and every scale")
    qualifiers = data.get("qualifiers")
    if not isinstance(qualifiers, dict) or set(qualifiers) != set(_HEDGES):
        raise _bad(f"'qualifiers' must have exactly the keys {_HEDGES}")
    hedges: dict[str, str] = {}
    for kind in _HEDGES:
        for phrase in _str_list(qualifiers, kind):
            if phrase != phrase.lower() or phrase in hedges:
                raise _bad(f"qualifier phrase {phrase!r} is not lower case or is listed twice")
            hedges[phrase] = kind
    lists = {
        key: _str_list(data, key)
        for key in (
            "ordinals",
            "vague",
            "temporal_qualifiers",
            "percent",
            "time_units",
            "months",
            "identifier_nouns",
            "identifier_nouns_capitalised",
            "street_suffixes",
            "year_prepositions",
            "year_followers",
            "plural_nouns_without_s",
        )
    }
    if not set(lists["temporal_qualifiers"]) <= set(hedges):
        raise _bad("'temporal_qualifiers' must be qualifier phrases")
    suffix_q = _str_map(data, "suffix_qualifiers", _HEDGES)
    cur_pre = _str_map(data, "currency_prefixes")
    cur_words = _str_map(data, "currency_words")
    return _Lexicon(
        units=units,
        tens=tens,
        scales=scales,
        mult_words=mult_words,
        mult_suffixes=mult_suffixes,
        ambiguous_suffixes=frozenset(ambiguous),
        hedges=hedges,
        temporal=frozenset(lists["temporal_qualifiers"]),
        suffix_qualifiers=suffix_q,
        currency_prefixes=cur_pre,
        currency_words={k.lower(): v for k, v in cur_words.items()},
        year_preps=frozenset(lists["year_prepositions"]),
        year_followers=frozenset(lists["year_followers"]),
        plural_nouns=frozenset(lists["plural_nouns_without_s"]),
        pat=_patterns(units, tens, scales, mult_words, mult_suffixes, hedges, cur_pre, cur_words, suffix_q, lists),
    )


def _patterns(
    units: Mapping[str, int],
    tens: Mapping[str, int],
    scales: Mapping[str, int],
    mult_words: Mapping[str, int],
    mult_suffixes: Mapping[str, int],
    hedges: Mapping[str, str],
    cur_pre: Mapping[str, str],
    cur_words: Mapping[str, str],
    suffix_q: Mapping[str, str],
    lists: Mapping[str, list[str]],
) -> _Patterns:
    """Compile every pattern the scanner needs from the word lists."""
    i = re.IGNORECASE
    word = _alt([*units, *tens, "hundred", *scales, "dozen"])
    words = rf"(?:(?:half\s+)?an?\s+)?(?:{word})(?:(?:\s*-\s*|\s+)(?:and\s+)?(?:{word}))*"
    digits = (
        r"(?P<digits>(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+)"
        r"(?:\.\d+)?)"
    )
    mult = rf"(?:(?:\s*|-)(?P<mulw>{_alt(mult_words)})\b|(?P<muls>{_alt(mult_suffixes)})(?![a-z]))"
    currency = rf"(?P<cur>(?<![A-Za-z0-9])(?-i:{_alt(cur_pre)})\s?)"
    core = (
        rf"(?<![\w-])(?P<vague>{_alt(lists['vague'])})\b"
        rf"|(?:{currency}|(?<![\w.,/:])(?<![A-Za-z]-))(?P<num>{digits}{mult}?)(?!\w)(?![.,]\d)"
        rf"|(?<![\w-])(?P<words>{words})\b"
    )
    small = rf"(?:\d+|(?:{_alt([*units, *tens])})(?:[\s-]+(?:{_alt(units)}))?)"
    month = _alt(lists["months"])
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    masks = (
        r"\b\d{4}-\d{1,2}-\d{1,2}\b",  # ISO dates
        r"\b\d{1,4}[/.]\d{1,2}[/.]\d{1,4}\b|\b\d{1,2}-\d{1,2}-\d{2,4}\b",  # 06/03/2024, 6.3.2024
        r"(?<![\d,.])\d+/\d+(?![\d/])",  # 9/11, 24/7
        rf"(?-i:\b(?:{month})\.?\s+{day}(?:\s*[-–]\s*{day})?(?!\d|[.,]\d)(?:,?\s+\d{{4}}\b)?)",  # June 8, 2019
        rf"(?-i:\b{day}(?:\s*[-–]\s*{day})?\s+(?:of\s+)?(?:{month})\b\.?(?:,?\s+\d{{4}}\b)?)",  # 24 December
        rf"(?-i:\b(?:{month})\.?,?\s+\d{{4}}\b)",  # December 2019
        r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.m\b\.?|[ap]m\b)",  # 8pm, 8 p.m.
        r"\b\d{1,2}:\d{2}(?::\d{2})?\b",  # 10:30
        r"\b\d{1,2}\s+o['’]clock\b|\b[0-2]\d[0-5]\d\s?(?:hrs|hours|GMT|UTC)\b",  # 0800 GMT
        rf"\bage[ds]?\s+(?:of\s+|between\s+)?{small}(?:\s*(?:-|–|to|and)\s*{small})?\b",  # aged 45
        r"\+\d[\d\s().-]{6,}\d|\(\d{2,5}\)\s?\d[\d\s-]{4,}\d|\b\d{3,5}-\d{3,4}-\d{3,5}\b",  # phones
        r"(?<![\d,.])0\d{2,4}[\s-]?\d{6,8}\b|(?<![\d,.])0\d{6,}\b",
        rf"(?-i:\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{_alt(lists['street_suffixes'])})\b\.?)",
    )
    suffix_words = [q for q in suffix_q if q[0].isalpha()]
    suffix_signs = [q for q in suffix_q if not q[0].isalpha()]
    return _Patterns(
        core=re.compile(core, i),
        digits_full=re.compile(rf"{digits}{mult}?", i),
        masks=tuple(re.compile(p, i) for p in masks),
        hedge=re.compile(rf"(?<![\w-])(?P<q>{_alt(hedges)})\s+$", i),
        lead=re.compile(r"(?<![\w-])(?P<lead>between|from)\s+$", i),
        connector=re.compile(r"\s*(?:[-–]|(?<=\s)(?P<w>to|and)(?=\s))\s*", i),
        percent=re.compile(rf"\s?(?:{_alt(lists['percent'])})(?!\w)", i),
        currency_after=re.compile(rf"\s+(?P<w>{_alt(cur_words)})\b", i),
        suffix_q=re.compile(rf"(?:\s+|-)(?P<w>{_alt(suffix_words)})\b|(?P<s>{_alt(suffix_signs)})", i),
        duration=re.compile(rf"(?:\s+|\s*-\s*)(?:of\s+)?(?:{_alt(lists['time_units'])})\b", i),
        ordinal=re.compile(rf"(?:\s+|-)(?:{_alt(lists['ordinals'])})s?\b", i),  # "twenty-first", "two thirds"
        identifier=re.compile(rf"(?:(?<![\w.])(?:{_alt(lists['identifier_nouns'])})\s*|#\s*)$", i),
        identifier_cap=re.compile(rf"\b(?:{_alt(lists['identifier_nouns_capitalised'])})\s+$"),
    )


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Load, validate and compile ``number_words.json`` once per process."""
    try:
        raw = resources.files("claimwatch.resources").joinpath(RESOURCE).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise _bad(f"cannot read the number lexicon: {exc}") from exc
    return _validate(data)


# --------------------------------------------------------------------------- values


def _out(value: Decimal) -> float:
    """An ``int`` when the value is whole (so JSON shows 2000, not 2000.0), else a ``float``."""
    whole = int(value)
    return whole if value == whole else float(value)


def _digits_value(m: re.Match[str], lex: _Lexicon) -> tuple[Decimal, Decimal | None]:
    """The value of a digits match and the multiplier it carried ("1.5 million" -> 1500000, 10**6)."""
    base = Decimal(re.sub(r"[,\s\u00a0\u202f]", "", m.group("digits")))
    word, suffix = m.group("mulw"), m.group("muls")
    if word:
        mult = Decimal(lex.mult_words[re.sub(r"\s+", " ", word.lower())])
    elif suffix:
        mult = Decimal(lex.mult_suffixes[suffix.lower()])
    else:
        return base, None
    return base * mult, mult


def _below_hundred(tokens: list[str], i: int, lex: _Lexicon) -> tuple[int | None, int]:
    """1-99 in words from ``tokens[i]``: a unit, a teen, or a ten with an optional unit."""
    if i < len(tokens) and tokens[i] in lex.units and tokens[i] != "zero":
        return lex.units[tokens[i]], i + 1
    if i < len(tokens) and tokens[i] in lex.tens:
        value, i = lex.tens[tokens[i]], i + 1
        if i < len(tokens) and tokens[i] in lex.units and 1 <= lex.units[tokens[i]] <= 9:
            value, i = value + lex.units[tokens[i]], i + 1
        return value, i
    return None, i


def _group(tokens: list[str], i: int, lex: _Lexicon) -> tuple[int | None, int]:
    """A group below a scale word: "a", "twelve", "three hundred and forty-two", "fifteen hundred"."""
    alone = tokens[i] in ("a", "an")
    first, i = (1, i + 1) if alone else _below_hundred(tokens, i, lex)
    if first is None:
        return None, i
    value = first
    if i < len(tokens) and tokens[i] == "hundred":
        value, i, alone = value * 100, i + 1, False
        j = i + 1 if i < len(tokens) and tokens[i] == "and" else i
        rest, k = _below_hundred(tokens, j, lex)
        if rest is not None:
            value, i = value + rest, k
        elif j != i:
            return None, i
    if alone and not (i < len(tokens) and (tokens[i] in lex.scales or tokens[i] == "dozen")):
        return None, i  # "a" alone is not a number
    return value, i


def _words_value(tokens: list[str], lex: _Lexicon) -> Decimal | None:
    """The value of lower-case number words, or None if they are not one well-formed number."""
    if tokens == ["zero"]:
        return Decimal(0)
    if tokens and tokens[0] == "half":
        ok = len(tokens) == 3 and tokens[1] in ("a", "an") and tokens[2] in lex.mult_words
        return Decimal(lex.mult_words[tokens[2]]) / 2 if ok else None
    total, i, last_scale = 0, 0, 0
    while i < len(tokens):
        group, i = _group(tokens, i, lex)
        if group is None:
            return None
        if i < len(tokens) and tokens[i] in lex.scales:
            scale = lex.scales[tokens[i]]
            if last_scale and scale >= last_scale:
                return None
            total, last_scale, i = total + group * scale, scale, i + 1
            if i < len(tokens) and tokens[i] == "and":
                i += 1
                if i == len(tokens):
                    return None
            continue
        if i < len(tokens) and tokens[i] == "dozen" and not total:
            group, i = group * 12, i + 1
        if i != len(tokens):
            return None
        total += group
    return Decimal(total)


def parse_number(s: str) -> float | None:
    """Parse a whole string as one number, or return None if it is not one.

    Handles digits ("1,500", "1 000", "1,50,000"), digits with a multiplier ("1.5 million", "5k", "2.3bn")
    and number words ("two", "twenty-five", "Eighty two", "a dozen", "one hundred and fifty").

    Args:
        s: the text of the number, without currency or percent signs.

    Returns:
        The value (an ``int`` when whole), or None.
    """
    lex = _lexicon()
    t = s.strip()
    m = lex.pat.digits_full.fullmatch(t)
    if m:
        return _out(_digits_value(m, lex)[0])
    tokens = [w for w in re.split(r"[\s-]+", t.lower()) if w]
    if not tokens or not all(w.isalpha() for w in tokens):
        return None
    value = _words_value(tokens, lex)
    return None if value is None else _out(value)


# --------------------------------------------------------------------------- scanner


@dataclass(frozen=True)
class _Figure:
    """One number before hedges and ranges: its spans, value, multiplier and unit."""

    start: int  # includes a currency sign
    end: int  # includes a percent sign or currency word
    num_start: int
    num_end: int
    kind: Literal["digits", "words", "vague"]
    value: Decimal | None
    mult: Decimal | None
    unit: str | None
    yearlike: bool


def _mask(text: str, lex: _Lexicon) -> str:
    """The text with dates, times, ages, phone and street numbers blotted out (offsets unchanged)."""
    spans = [m.span() for p in lex.pat.masks for m in p.finditer(text)]
    chars = list(text)
    for a, b in spans:
        chars[a:b] = _MASK * (b - a)
    return "".join(chars)


def _unit_after(masked: str, pos: int, lex: _Lexicon) -> tuple[str | None, int]:
    """A percent sign or currency word right after ``pos``: (unit, new end)."""
    m = lex.pat.percent.match(masked, pos)
    if m:
        return "percent", m.end()
    m = lex.pat.currency_after.match(masked, pos)
    if m:
        return lex.currency_words[re.sub(r"\s+", " ", m.group("w").lower())], m.end()
    return None, pos


def _words_figure(masked: str, m: re.Match[str], lex: _Lexicon) -> _Figure | None:
    """The longest well-formed number at the start of a run of number words."""
    spans = [(t.start() + m.start("words"), t.end() + m.start("words")) for t in re.finditer(r"[A-Za-z]+", m["words"])]
    tokens = [masked[a:b].lower() for a, b in spans]
    for k in range(len(tokens), 0, -1):
        if tokens[k - 1] in ("and", "a", "an", "half"):
            continue
        value = _words_value(tokens[:k], lex)
        if value is None:
            continue
        if tokens[:k] == ["one"]:
            return None  # "one of the", "no one": a pronoun far more often than a figure
        last = tokens[k - 1]
        mult = Decimal(lex.mult_words[last]) if last in lex.mult_words and k > 1 else None
        start, num_end = spans[0][0], spans[k - 1][1]
        unit, end = _unit_after(masked, num_end, lex)
        return _Figure(start, end, start, num_end, "words", value, mult, unit, False)
    return None


def _figure(masked: str, m: re.Match[str], lex: _Lexicon) -> _Figure | None:
    """Turn one match of the core pattern into a figure, or None if it is not one."""
    if m["vague"]:
        return _Figure(m.start(), m.end(), m.start(), m.end(), "vague", None, None, None, False)
    if m["words"]:
        return _words_figure(masked, m, lex)
    cur = m["cur"]
    suffix = (m["muls"] or "").lower()
    if suffix in lex.ambiguous_suffixes and not cur:
        return None  # "5m" with no currency is as likely metres as millions
    value, mult = _digits_value(m, lex)
    unit: str | None = lex.currency_prefixes[cur.strip()] if cur else None
    end = m.end()
    if unit is None:
        unit, end = _unit_after(masked, end, lex)
    plain = m["digits"]
    yearlike = unit is None and mult is None and len(plain) == 4 and plain.isdigit() and 1900 <= int(plain) <= 2100
    return _Figure(m.start(), end, m.start("num"), m.end("num"), "digits", value, mult, unit, yearlike)


def _next_figure(masked: str, pos: int, lex: _Lexicon) -> _Figure | None:
    """The next figure at or after ``pos``, or None when there is none."""
    while True:
        m = lex.pat.core.search(masked, pos)
        if m is None:
            return None
        fig = _figure(masked, m, lex)
        if fig is not None:
            return fig
        # skip one word of a rejected word run ("one hundred" may still follow "a"), else all of it
        pos = m.start() + len(m[0].split()[0]) if m["words"] else m.end()


def _range_end(masked: str, fig: _Figure, lead: str | None, lex: _Lexicon) -> tuple[_Figure, str] | None:
    """The second figure of "X to Y", "X-Y" or "between X and Y", with its connector."""
    c = lex.pat.connector.match(masked, fig.end)
    if c is None or fig.kind == "vague":
        return None
    word = (c["w"] or "").lower()
    if word == "and" and lead != "between":
        return None  # "5 and 6" are two figures; only "between 5 and 6" is a range
    m = lex.pat.core.match(masked, c.end())
    second = _figure(masked, m, lex) if m else None
    if second is None or second.kind == "vague":
        return None
    return second, c[0]


def _counted_noun_follows(text: str, end: int, lex: _Lexicon) -> bool:
    """Whether a plural noun ("fighters", "people") follows within two words: then 2000 is a count."""
    words = re.findall(r"[A-Za-z]+", text[end : end + 40])[:2]
    for n, w in enumerate(words):
        low = w.lower()
        if low in lex.year_followers:
            return False
        if low in lex.plural_nouns or (len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))):
            return True
        if n == 0 and not w.isalpha():
            return False
    return False


def _is_year(text: str, figs: list[_Figure], hedge: str | None, end: int, lex: _Lexicon) -> bool:
    """A bare 1900-2100 is a year unless hedged ("more than 2000") or followed by a counted noun."""
    if not all(f.yearlike for f in figs):
        return False
    if hedge is not None and hedge not in lex.temporal:
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, figs[0].start - 30) : figs[0].start])
    if before and before[-1].lower() in lex.year_preps:
        return True
    return not _counted_noun_follows(text, end, lex)


def _excluded_after(masked: str, fig: _Figure, end: int, unit: str | None, lex: _Lexicon) -> bool:
    """Durations ("three hours"), ordinals ("twenty-first"), "92-News" and "two-state" are not figures."""
    if unit is None and lex.pat.duration.match(masked, end):
        return True
    if re.match(r"-[A-Z]", masked[end : end + 2]):
        return True
    if fig.kind == "words":
        if lex.pat.ordinal.match(masked, end):
            return True
        if re.match(r"-[A-Za-z]", masked[end : end + 2]) and not re.match(r"-strong\b", masked[end:], re.I):
            return True
    return False


def _interval(qualifier: str, value: Decimal | None) -> tuple[float | None, float | None]:
    if value is None or qualifier == "vague":
        return None, None
    v = _out(value)
    if qualifier in ("exact", "approx"):
        return v, v
    if qualifier in ("more_than", "at_least"):
        return v, None
    return None, v


def _as_range(fig: _Figure, second: _Figure) -> tuple[Decimal, Decimal, str | None] | None:
    """(low, high, unit) when two figures make a well-ordered range with one unit, else None."""
    low, high, mult = fig.value, second.value, second.mult
    if low is None or high is None:
        return None
    if fig.mult is None and mult is not None and low < high / mult:
        low = low * mult  # "2 to 3 million", "$2-3bn": the multiplier belongs to both ends
    units = {u for u in (fig.unit, second.unit) if u}
    if low >= high or len(units) > 1:
        return None
    return low, high, next(iter(units), None)


def _hedge_before(masked: str, lo: int, start: int, lex: _Lexicon) -> tuple[str, int] | None:
    """A hedge ("more than", "an estimated") ending right before ``start``, with where it begins."""
    h = lex.pat.hedge.search(masked, lo, start)
    return (re.sub(r"\s+", " ", h["q"].lower()), h.start("q")) if h else None


def _quantity(text: str, masked: str, fig: _Figure, floor: int, lex: _Lexicon) -> tuple[Quantity | None, int]:
    """Grow a figure into a quantity (range, hedge, unit), or drop it; returns where to resume."""
    lo = max(floor, fig.start - _LOOKBACK)
    lead = lex.pat.lead.search(masked, lo, fig.start)
    figs, start, end, unit = [fig], fig.start, fig.end, fig.unit
    qualifier = "vague" if fig.kind == "vague" else "exact"
    low, high = _interval(qualifier, fig.value)
    found = _range_end(masked, fig, lead["lead"].lower() if lead else None, lex)
    if found is not None:
        second, connector = found
        rng = _as_range(fig, second)
        if rng is not None:
            figs, end, qualifier, unit = [fig, second], second.end, "range", rng[2]
            low, high = _out(rng[0]), _out(rng[1])
            start = lead.start("lead") if lead else start
        elif connector in ("-", "–") and fig.kind == second.kind == "digits":
            return None, second.end  # "3-0", "24-7", "1990-95": a score or a code, not a range
    hedge = _hedge_before(masked, lo, start, lex) if qualifier != "vague" else None
    if hedge is not None:
        start = hedge[1]
        if qualifier == "exact":  # a hedged range ("an estimated 20,000 to 30,000") stays a range
            qualifier = lex.hedges[hedge[0]]
            low, high = _interval(qualifier, fig.value)
    elif qualifier == "exact" and (s := lex.pat.suffix_q.match(masked, end)) is not None:
        qualifier, end = lex.suffix_qualifiers[re.sub(r"\s+", " ", (s["w"] or s["s"]).lower())], s.end()
        low, high = _interval(qualifier, fig.value)
    if (
        _excluded_after(masked, figs[-1], end, unit, lex)
        or lex.pat.identifier.search(masked, lo, start)
        or lex.pat.identifier_cap.search(masked, lo, start)
        or _is_year(text, figs, hedge[0] if hedge else None, end, lex)
    ):
        return None, end
    return Quantity(start, end, fig.num_start, figs[-1].num_end, text[start:end], low, high, qualifier, unit), end


def find_quantities(text: str) -> list[Quantity]:
    """Find every figure in ``text``: non-overlapping, in order, with their hedges, ranges and units.

    Dates, years, times, ages, ordinals, durations, street and phone numbers, bare "one" and numbers
    inside identifiers ("F-16", "Resolution 2254") are skipped.

    Args:
        text: one sentence or any other string; offsets refer to it.

    Returns:
        The quantities, in order of their start offsets.
    """
    lex = _lexicon()
    masked = _mask(text, lex)
    found: list[Quantity] = []
    pos = 0
    while True:
        fig = _next_figure(masked, pos, lex)
        if fig is None:
            return found
        floor = found[-1].end if found else 0
        quantity, pos = _quantity(text, masked, fig, floor, lex)
        if quantity is not None:
            found.append(quantity)
