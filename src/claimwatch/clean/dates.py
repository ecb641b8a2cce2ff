"""Dates in article text: absolute English dates, relative expressions, and the publication date.

This module owns three things:

* :func:`parse_date` / :func:`find_date` read absolute dates written in English
  ("December 24, 2019", "24 Dec 2019", "2019-12-24", "Tuesday, 01 March, 2022").
* :func:`resolve_relative` turns day-precise relative expressions ("on Monday", "Monday night",
  "yesterday", "today") into dates, given the publication date; :func:`resolve_period` turns
  vaguer ones ("last week", "last month") into a date range.
* :func:`publication_date` decides the publication date of a plain-text article from what the
  furniture detector found at its head (a ``date YYYY-MM-DD`` line, a byline date, a dateline)
  or under its body ("Published on ..."), or in its related-article list. It never guesses: no
  evidence gives ``None``, and a weekday ("on Sunday") or a month and day without a year is none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

__all__ = [
    "DATE_PATTERN",
    "Dateline",
    "find_date",
    "find_dateline",
    "parse_date",
    "publication_date",
    "resolve_period",
    "resolve_relative",
    "token_overlap",
]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"

_ISO = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?![\d])")
_MDY = re.compile(
    r"\b" + _MONTH.format(name="m") + r"\s+" + _DAY.format(name="d") + r",?\s+" + _YEAR.format(name="y") + r"\b",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"\b"
    + _DAY.format(name="d")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(name="m")
    + r",?\s+"
    + _YEAR.format(name="y")
    + r"\b",
    re.IGNORECASE,
)
# Day, abbreviated month and year joined by hyphens or slashes: "09-Mar-2011", "9/Mar/2011".
_DMY_JOINED = re.compile(
    r"(?<![\w-])"
    + _DAY.format(name="d")
    + r"[-/]"
    + _MONTH.format(name="m")
    + r"[-/]"
    + _YEAR.format(name="y")
    + r"\b",
    re.IGNORECASE,
)
# All-numeric day and month: "09.03.2011" (dotted is day-first wherever it is written), "09/03/2011" and
# "03-09-2011" (day- or month-first by country: read only when one of the two is over 12, else no date).
_NUMERIC = re.compile(
    r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d./-]\d)"
)
_MD = re.compile(r"\b" + _MONTH.format(name="m") + r"\s+" + _DAY.format(name="d") + r"\b(?![,.]?\s*\d)", re.IGNORECASE)
_DM = re.compile(r"\b" + _DAY.format(name="d") + r"\s+" + _MONTH.format(name="m") + r"\b(?!,?\s*\d)", re.IGNORECASE)
_NUMERIC_PLAIN = re.compile(_NUMERIC.pattern.replace("(?P=sep)", "[./-]"))
DATE_PATTERN = re.compile(
    re.sub(
        r"\(\?P<\w+>", "(?:", "|".join(f"(?:{rx.pattern})" for rx in (_ISO, _MDY, _DMY, _DMY_JOINED, _NUMERIC_PLAIN))
    ),
    re.I,
)
"""Any absolute date (ISO, month-day-year, day-month-year); for cutting dates out of a line."""
_TIME = (
    r"(?:(?:T|\s*(?:at\s+)?)\d{1,2}[:.]\d\d(?:[:.]\d\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:Z|[+-]\d\d:?\d\d|GMT|UTC|[A-Z]{2,4}T?)(?:\s*[+-]\d{1,2}(?::?\d\d)?)?)?)?"
)

# A dateline opens the first paragraph: "COTONOU, March 6 -", "Moscow, October 1",
# "WASHINGTON, Jan. 5, 2024 (Reuters) -".
_PLACE = r"(?P<place>[A-Z][\w'’.\-]*(?:[ \-][A-Z][\w'’.\-]*){0,3}(?:,\s*[A-Z][\w'’.\-]*(?:[ \-][A-Z][\w'’.\-]*){0,2})?)"
_DATELINE = re.compile(
    r"^\s*" + _PLACE + r"(?:\s*\([^()]{1,30}\))?,\s*(?i:" + _WEEKDAY + r"(?:"
    + _MONTH.format(name="m1") + r"\s+" + _DAY.format(name="d1")
    + r"|" + _DAY.format(name="d2") + r"\s+" + _MONTH.format(name="m2")
    + r"))(?:,?\s+" + _YEAR.format(name="y") + r")?\b(?!\s*[/:]\d)"
)  # fmt: skip


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric(a: int, b: int, y: int, sep: str) -> date | None:
    """An all-numeric date: dotted is day-first; otherwise only when the order cannot be mistaken."""
    if sep == "." or (a > 12 >= b):
        return _mk(y, b, a)
    if b > 12 >= a:
        return _mk(y, a, b)
    return None  # "03/04/2011": March 4 or 3 April, a guess either way


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


_YEAR_HINT = re.compile(r"(?:19|20)\d\d")


def _scan(s: str) -> list[tuple[int, int, date]]:
    """Every absolute date in ``s`` as (start, end, date), in order of position."""
    found: list[tuple[int, int, date]] = []
    if not _YEAR_HINT.search(s):
        return found  # every absolute date carries a year: most lines have none, and this is cheap
    for m in _ISO.finditer(s):
        d = _mk(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.end(), d))
    for rx in (_MDY, _DMY, _DMY_JOINED):
        for m in rx.finditer(s):
            d = _mk(int(m["y"]), _month(m["m"]), int(m["d"]))
            if d:
                found.append((m.start(), m.end(), d))
    for m in _NUMERIC.finditer(s):
        d = _numeric(int(m["a"]), int(m["b"]), int(m["y"]), m["sep"])
        if d:
            found.append((m.start(), m.end(), d))
    found.sort()
    return found


def find_date(s: str) -> date | None:
    """The first absolute (year-bearing) date written anywhere in ``s``, else ``None``.

    Args:
        s: any text, e.g. ``"Xinhua, March 23, 2015 Adjust font size:"``.

    Returns:
        The date, or ``None`` when ``s`` holds no complete, valid date.
    """
    hits = _scan(s)
    return hits[0][2] if hits else None


_STRICT_REST = re.compile(r"^[\s,.;:|()\-–—/]*" + _TIME + r"[\s,.;:|()\-–—/]*$", re.IGNORECASE)
_LEADING_WEEKDAY = re.compile(r"^\s*" + _WEEKDAY, re.IGNORECASE)


def parse_date(s: str) -> date | None:
    """Parse a string that *is* an absolute English date (an optional weekday and time may surround it).

    Accepts "December 24, 2019", "Dec. 24 2019", "24 Dec 2019", "01 March, 2022", "2019-12-24",
    "Tuesday, March 1, 2022 10:32 GMT". Anything else, or an impossible date, gives ``None``.
    """
    if not s or len(s) > 80:
        return None
    t = _LEADING_WEEKDAY.sub("", s.strip(), count=1)
    hits = _scan(t)
    if not hits:
        return None
    start, end, d = hits[0]
    if t[:start].strip(" ,.;:|()-–—/") or not _STRICT_REST.match(t[end:]):
        return None
    return d


class Dateline:
    """A dateline at the head of the body: place, month, day and (when written) year."""

    __slots__ = ("place", "month", "day", "year", "end")

    def __init__(self, place: str, month: int, day: int, year: int | None, end: int) -> None:
        self.place, self.month, self.day, self.year, self.end = place, month, day, year, end

    def __repr__(self) -> str:
        return f"Dateline({self.place!r}, {self.month}, {self.day}, {self.year})"


_LEAD_SEP = re.compile(r"^\s*(?:[-–—|:(]|[A-Z]{2,}\b)")


def _leading_date(line: str) -> Dateline | None:
    """A full date opening the first paragraph, then a dash or a place: "March 4, 2024 - KARSK: ..."."""
    t = _LEADING_WEEKDAY.sub("", line.lstrip(), count=1)
    hits = _scan(t[:40])
    if not hits or hits[0][0] != 0:
        return None
    _, end, d = hits[0]
    rest = re.sub(r"^" + _TIME, "", t[end:])
    if not _LEAD_SEP.match(rest):
        return None
    return Dateline("", d.month, d.day, d.year, len(line) - len(t) + end)


def find_dateline(line: str) -> Dateline | None:
    """The dateline opening ``line`` ("COTONOU, March 6 -", "Moscow, October 1", "March 4, 2024 - KARSK:"), else ``None``."""
    m = _DATELINE.match(line)
    if not m:
        return _leading_date(line)
    mon = m["m1"] or m["m2"]
    day = int(m["d1"] or m["d2"])
    if not 1 <= day <= 31:
        return None
    return Dateline(m["place"], _month(mon), day, int(m["y"]) if m["y"] else None, m.end())


# --------------------------------------------------------------------------- relative dates

_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)


def resolve_relative(expr: str, published: date | None) -> date | None:
    """Resolve a day-precise relative expression against the publication date.

    News convention: a weekday ("on Monday", "Monday night", "earlier on Tuesday") is the most
    recent such day on or before the publication date, so "on Monday" in an article published on
    a Wednesday is two days earlier and the same weekday is the publication day; "last Monday" is
    strictly before it. "yesterday" is the day before, "today"/"tonight"/"this morning" the day
    itself, "tomorrow" the day after, "the day before yesterday" two days before.

    Vague periods ("last week", "last month") are not a day: they give ``None`` here; see
    :func:`resolve_period`.

    Args:
        expr: the expression as written.
        published: the article's publication date; without it nothing resolves.

    Returns:
        The date, or ``None``.
    """
    if published is None or not expr:
        return None
    e = " ".join(expr.lower().split())
    if re.search(r"\bday before yesterday\b", e):
        return published - timedelta(days=2)
    if re.search(r"\byesterday\b", e):
        return published - timedelta(days=1)
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", e):
        return published
    if re.search(r"\btomorrow\b", e):
        return published + timedelta(days=1)
    if re.search(r"\b(week|month|year|weekend)\b", e):
        return None
    m = _WEEKDAY_WORD.search(e)
    if not m:
        return None
    if re.search(r"\b(next|coming|following)\s+" + re.escape(m.group(1)), e):
        return None  # future and ambiguous ("next Monday"): not a day we can vouch for
    back = (published.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
    if back == 0 and re.search(r"\blast\s+" + re.escape(m.group(1)), e):
        back = 7
    return published - timedelta(days=back)


def resolve_period(expr: str, published: date | None) -> tuple[date, date] | None:
    """Resolve a period ("last week", "last month", "this week", "this month", "last year") to (first, last) days.

    Weeks run Monday to Sunday. Returns ``None`` without a publication date or for anything else.
    """
    if published is None or not expr:
        return None
    e = " ".join(expr.lower().split())
    monday = published - timedelta(days=published.weekday())
    if re.search(r"\b(last|past|previous) week\b", e):
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if re.search(r"\bthis week\b", e):
        return monday, published
    first = published.replace(day=1)
    if re.search(r"\b(last|previous) month\b", e):
        last_prev = first - timedelta(days=1)
        return last_prev.replace(day=1), last_prev
    if re.search(r"\bthis month\b", e):
        return first, published
    if re.search(r"\b(last|previous) year\b", e):
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
    return None


# --------------------------------------------------------------------------- publication date

_TOKEN = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s.lower())


def token_overlap(a: str, b: str) -> float:
    """Shared word tokens (as a multiset) over the length of the shorter text; 0.0 when either is empty."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    shared = sum((Counter(ta) & Counter(tb)).values())
    return shared / min(len(ta), len(tb))


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (up to the first sentence-final punctuation followed by a capital)."""
    para = text.strip().split("\n", 1)[0]
    m = _SENTENCE_END.search(para)
    return para[: m.start()] if m else para


def publication_date(
    *,
    header_dates: Sequence[date],
    dateline: Dateline | None,
    header_text: str,
    body: str,
    related: Iterable[tuple[str | None, str | None]] = (),
    footer_dates: Sequence[date] = (),
) -> str | None:
    """Decide the publication date from the evidence the furniture detector collected.

    In order of trust: a date written in the header furniture (a ``date YYYY-MM-DD`` line, a byline
    such as "Xinhua, March 23, 2015" or "AFP Published 17 Dec, 2023"); a dateline with its year,
    or a month/day dateline whose year is the single year written in the header; the date of the
    first related-article teaser when its snippet repeats the body's first sentence (a site's
    own "latest" list that begins with this article); a "Published/Updated ..." line right under the body.
    Otherwise ``None``: never a guess.

    Args:
        header_dates: absolute dates found in the leading furniture, in order.
        dateline: the dateline opening the body, if any.
        header_text: the leading furniture, joined (searched for a lone year).
        body: the article body.
        related: (published, snippet) of the related-article teasers, in order.
        footer_dates: dates of "Published/Updated ..." lines under the body, in order.

    Returns:
        "YYYY-MM-DD" or ``None``.
    """
    if header_dates:
        return header_dates[0].isoformat()
    if dateline is not None:
        if dateline.year is not None:
            d = _mk(dateline.year, dateline.month, dateline.day)
            if d:
                return d.isoformat()
        years = set(re.findall(r"\b((?:19|20)\d\d)\b", header_text))
        if len(years) == 1:
            d = _mk(int(years.pop()), dateline.month, dateline.day)
            if d:
                return d.isoformat()
    teasers = list(related)
    if teasers:
        pub, snippet = teasers[0]
        lead = first_sentence(body)
        long_enough = bool(snippet) and len(_tokens(snippet or "")) >= 6 and len(_tokens(lead)) >= 6
        if pub and snippet and long_enough and token_overlap(snippet, lead) >= 0.6:
            return pub
    if footer_dates:
        return footer_dates[0].isoformat()
    return None
