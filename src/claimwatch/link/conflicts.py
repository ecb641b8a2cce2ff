"""When two figures of one series contradict each other, and when one merely updates the other.

Two figures conflict only when they are about the same subject, measure and place (they share
a series), hold for the same period, and allow intervals that cannot both be true given their
qualifiers. A count of events (the killed, the arrested) holds for the event or span it reports:
figures with no stated period are compared only when they come from the same report or the same
days and a named place. A standing quantity (a group's strength) holds for a while: figures
within a window of each other compare. A later figure from the same source is an update, not a
contradiction; an undated figure has no period and is never compared across reports.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claimwatch.link.entities import fold
from claimwatch.link.measures import is_stock

Period = tuple[dt.date, dt.date]
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )  # fmt: skip
    )
    for m in names.split()
}
# counted words that name people in general: they can stand for any more specific victims
GENERIC_COUNTED = frozenset({"people", "person", "individuals", "individual", "others", "other", "persons"})


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period(time: str | None, day: dt.date | None) -> Period | None:
    """The span a figure's time phrase names, read against the statement's date; None when unstated.

    >>> period("in 2023", None)
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    >>> period("since June", dt.date(2024, 10, 2))
    (datetime.date(2024, 6, 1), datetime.date(2024, 10, 2))
    """
    if not time:
        return None
    words = fold(time).split()
    years = [int(y) for y in _YEAR.findall(time)]
    months = [_MONTHS[w] for w in words if w in _MONTHS]
    since = "since" in words or "from" in words
    if years:
        y0 = min(years)
        start = dt.date(y0, months[0], 1) if months and len(years) == 1 else dt.date(y0, 1, 1)
        if since:
            return start, day or dt.date(max(years), 12, 31)
        y1 = max(years)
        end = _month_end(y1, months[-1]) if months and len(years) == 1 else dt.date(y1, 12, 31)
        return start, end
    if day is None:
        return None
    if months:
        m = months[0]
        year = day.year if m <= day.month else day.year - 1
        start = dt.date(year, m, 1)
        return (start, day) if since else (start, _month_end(year, m))
    text = " ".join(words)
    relative = any(w in words for w in ("past", "last", "this", "since", "recent"))
    for phrase, days in (("week", 7), ("month", 31), ("year", 366), ("decade", 3653)):
        if phrase in text and relative:
            if phrase == "year" and "last" in words and "past" not in words:
                return dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31)
            return day - dt.timedelta(days=days), day
    if any(w in words for w in ("today", "yesterday", "overnight", "tonight", "monday", "tuesday", "wednesday",
                                "thursday", "friday", "saturday", "sunday", "morning", "night", "evening")):  # fmt: skip
        return day - dt.timedelta(days=7), day
    return None


@dataclass(frozen=True)
class Figure:
    """One point of a series, as :func:`conflict` needs it.

    ``speaker`` is the speaker's corpus id or folded name; ``source`` the outlet or document;
    ``cluster`` the near-duplicate cluster of its report; ``document`` the report itself.
    """

    claim_id: int
    low: float | None
    high: float | None
    qualifier: str
    date: dt.date | None
    speaker: str | None
    source: str | None
    cluster: int
    measure: str = "strength"
    counted: str | None = None
    time: str | None = None
    place: str | None = None
    document: int | None = None


def bounds(f: Figure) -> tuple[float, float] | None:
    """The interval a figure allows, widened for approximations; None when it allows anything."""
    if f.qualifier == "vague" or (f.low is None and f.high is None):
        return None
    low = f.low if f.low is not None else 0.0
    high = f.high if f.high is not None else float("inf")
    if f.qualifier == "approx":
        low, high = low * 0.75, high * 1.25
    return low, high


def _overlap(a: Period, b: Period) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def same_period(a: Figure, b: Figure, *, window_days: int = 180) -> bool:
    """Whether two figures hold for the same period (see the module docstring)."""
    pa, pb = period(a.time, a.date), period(b.time, b.date)
    if pa and pb:
        if is_stock(a.measure):
            return _overlap(pa, pb)
        # two counts of events agree on their period only when the spans are nearly the same
        return abs((pa[0] - pb[0]).days) <= 7 and abs((pa[1] - pb[1]).days) <= 7
    if pa or pb:
        return False
    same_report = a.document is not None and a.document == b.document
    if same_report:
        return True
    if a.date is None or b.date is None:
        return False
    gap = abs((a.date - b.date).days)
    if is_stock(a.measure):
        return gap <= window_days
    return gap <= 2 and bool(a.place)


def _counted_fit(a: Figure, b: Figure) -> bool:
    if is_stock(a.measure):
        return True
    ca, cb = a.counted or "", b.counted or ""
    return ca == cb or ca in GENERIC_COUNTED or cb in GENERIC_COUNTED or not ca or not cb


def is_update(a: Figure, b: Figure) -> bool:
    """Whether one figure revises the other: the same source, at a later date."""
    same_source = (
        bool(a.speaker) and a.speaker == b.speaker or (not a.speaker and not b.speaker and a.source == b.source)
    )
    return same_source and a.date is not None and b.date is not None and a.date != b.date


def conflict(a: Figure, b: Figure, *, window_days: int = 180, tolerance: float = 0.1) -> str | None:
    """Why two figures of one series cannot both be true, or None when they can.

    They must be from different speakers (one speaker's later figure is an update), not be
    copies of one report unless they are from different speakers in it, hold for the same period
    and count the same people, and allow intervals that do not meet even with ``tolerance`` slack.
    """
    if a.measure != b.measure or a.place != b.place:
        return None
    if is_update(a, b) or (a.speaker == b.speaker and a.source == b.source):
        return None
    same_report = a.document is not None and a.document == b.document
    if a.cluster == b.cluster and not (same_report and a.speaker and b.speaker):
        return None
    if not _counted_fit(a, b) or not same_period(a, b, window_days=window_days):
        return None
    ia, ib = bounds(a), bounds(b)
    if ia is None or ib is None:
        return None
    lo, hi = (ia, ib) if ia[1] <= ib[1] else (ib, ia)
    if lo[1] * (1 + tolerance) < hi[0]:
        return f"{_fmt(lo)} vs {_fmt(hi)}"
    return None


def _fmt(interval: tuple[float, float]) -> str:
    low, high = interval
    if high == float("inf"):
        return f"> {low:,.0f}"
    if low == 0:
        return f"≤ {high:,.0f}"
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
