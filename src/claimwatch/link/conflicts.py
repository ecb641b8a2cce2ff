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
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimwatch.link.entities import fold
from claimwatch.link.measures import contested, is_revision, is_stock, measure_of, same_side, side_of
from claimwatch.models import Claim, Document

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
    """Counts of events compare only when they count the same side (fighters, forces, civilians)."""
    return is_stock(a.measure) or same_side(side_of(a.counted), side_of(b.counted))


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
    if a.measure != b.measure or a.place != b.place or not contested(a.measure):
        return None
    if is_update(a, b) or (a.speaker == b.speaker and a.source == b.source):
        return None
    same_report = a.document is not None and a.document == b.document
    if a.cluster == b.cluster and not (same_report and a.speaker and b.speaker):
        return None
    if not _counted_fit(a, b) or not same_period(a, b, window_days=window_days):
        return None
    return _disjoint(a, b, tolerance)


def _fmt(interval: tuple[float, float]) -> str:
    low, high = interval
    if high == float("inf"):
        return f"> {low:,.0f}"
    if low == 0:
        return f"≤ {high:,.0f}"
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"


# -- inside one report --------------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[.;:!?\n]")


def context_after(text: str, end: int, n_words: int = 6) -> str:
    """The first words after a figure, up to the end of its clause (``"… policemen dead."``)."""
    m = _CLAUSE_END.search(text, end, end + 120)
    return " ".join(text[end : m.start() if m else end + 120].split()[:n_words])


def voices(doc: Document) -> dict[str, str]:
    """Whose voice each speaker of a document is: a spokesman speaks for the group his role names.

    ``"Zabihullah Mujahid"`` with the role *a Taliban spokesman* is the Taliban's voice, so his
    figures and the Taliban's are one source, never a contradiction of each other.
    """
    groups = [
        (f" {fold(n)} ", e.id)
        for e in doc.entities
        if e.type in ("organization", "armed_group")
        for n in (e.name, *e.aliases)
        if len(fold(n)) >= 3
    ]
    out: dict[str, str] = {}
    for e in doc.entities:
        key = e.id
        if e.type == "person" and e.role:
            role = f" {fold(e.role)} "
            key = next((gid for name, gid in groups if name in role), e.id)
        for n in (e.name, *e.aliases):
            out[fold(n)] = key
    return out


def _voice(claim: Claim, table: dict[str, str]) -> str | None:
    if not claim.speaker:
        return None
    return table.get(fold(claim.speaker), claim.speaker_id or fold(claim.speaker))


_Fig = tuple[Figure, str | None, str | None, str | None]  # figure, side, subject, place
_OF_THE = re.compile(r"^(?:out of|of) (?:the|their|its|his|her|our) (?:\w+ ){0,2}?(\w+)")


def _side(claim: Claim, text: str) -> tuple[bool, str | None]:
    """Whether a figure counts people whose side can be told, and that side.

    A bare number takes what follows it ("three out of the four boats" counts boats); with
    nothing after it ("put the toll at nine") it is about whoever the sentence is about.
    """
    counted = claim.counted
    if not counted:
        m = _OF_THE.match(fold(context_after(text, claim.end)))
        counted = m.group(1) if m else None
        if counted is None:
            return True, None
    side = side_of(counted)
    return side is not None, side


def document_conflicts(
    doc: Document, measures: Sequence[str], places: Sequence[str | None]
) -> list[tuple[int, int, str]]:
    """Pairs of a document's figures that contradict each other, with why: ``(i, j, why)``, i < j.

    Inside one report two voices can give one count of an event ("nine killed", says the group;
    "five", says the official). Both must be counts of events with the same measure and side,
    with no subject, place or stated time that differs (a time on one only is another span), at
    least one named voice and not the same one, and neither may revise the other (a toll that
    rose). Standing quantities in one report (a group's strength here and there) are left to
    the series. ``measures`` and ``places`` are the claims' measure and place name, in order.
    """
    table = voices(doc)
    figs: list[_Fig | None] = []
    for i, c in enumerate(doc.claims):
        m = measures[i]
        people, side = _side(c, doc.text)
        if not contested(m) or is_stock(m) or c.qualifier == "vague" or is_revision(c.predicate) or not people:
            figs.append(None)
            continue
        f = Figure(i, c.low, c.high, c.qualifier, None, _voice(c, table), None, 0, m, c.counted, c.time)
        figs.append((f, side, fold(c.subject_id or c.subject or "") or None, places[i]))
    out = []
    for i, j in itertools.combinations(range(len(figs)), 2):
        fi, fj = figs[i], figs[j]
        if fi is None or fj is None:
            continue
        (a, side_a, subj_a, place_a), (b, side_b, subj_b, place_b) = fi, fj
        if a.measure != b.measure or a.speaker == b.speaker or not (a.speaker or b.speaker):
            continue
        if not same_side(side_a, side_b) or (subj_a and subj_b and subj_a != subj_b):
            continue
        if place_a and place_b and place_a != place_b:
            continue
        if bool(a.time) != bool(b.time) or (a.time and b.time and fold(a.time) != fold(b.time)):
            continue
        if _agrees_elsewhere(figs, fi, fj) or _agrees_elsewhere(figs, fj, fi):
            continue
        why = _disjoint(a, b)
        if why:
            out.append((i, j, why))
    return out


def _agrees_elsewhere(figs: Sequence[_Fig | None], a: _Fig, b: _Fig) -> bool:
    """Whether ``b``'s voice also gives a figure of ``a``'s side that agrees with ``a``: then ``b``
    is a part of it ("35 killed … the bodies of 20 recovered"), not a contradiction."""
    for f in figs:
        if f is None or f[0] is b[0] or f[0].speaker != b[0].speaker or f[0].measure != a[0].measure:
            continue
        if same_side(f[1], a[1]) and bounds(f[0]) is not None and _disjoint(a[0], f[0]) is None:
            return True
    return False


def part_of(doc: Document, i: int, gap: int = 40) -> int | None:
    """The figure a bare number is a part of: ``"six soldiers were injured, two critically"``.

    A claim whose words are only a number, in the same clause shortly after another figure,
    counts some of that figure's people and has its measure.
    """
    c = doc.claims[i]
    if any(ch.isalpha() for ch in c.text) and len(c.text.split()) > 1 or not c.text.strip():
        return None
    for k in range(i - 1, -1, -1):
        prev = doc.claims[k]
        between = doc.text[prev.end : c.start]
        if prev.end <= c.start and len(between) <= gap and not _CLAUSE_END.search(between) and "," in between:
            return k
        if prev.end < c.start - gap:
            break
    return None


def _disjoint(a: Figure, b: Figure, tolerance: float = 0.1) -> str | None:
    ia, ib = bounds(a), bounds(b)
    if ia is None or ib is None:
        return None
    lo, hi = (ia, ib) if ia[1] <= ib[1] else (ib, ia)
    return f"{_fmt(lo)} vs {_fmt(hi)}" if lo[1] * (1 + tolerance) < hi[0] else None


def document_measures(doc: Document) -> list[str]:
    """Each claim's measure, as the ledger files it: a bare part of a figure takes that figure's measure."""
    out: list[str] = []
    for i, c in enumerate(doc.claims):
        if c.measure:
            out.append(c.measure)
        elif (whole := part_of(doc, i)) is not None and whole < len(out):
            out.append(out[whole])  # "six were injured, two critically": two injured
        else:
            out.append(measure_of(c.counted, c.predicate, context_after(doc.text, c.end)))
    return out
