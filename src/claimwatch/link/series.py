"""Claim series: figures about the same subject, counted category, place and measure.

A series groups, e.g., every figure for *Islamic State / fighters / Afghanistan / strength*
whatever the wording ("militants", "fighters", "members") and whoever gave it, so a timeline
can show how the figures move and where they cannot both be true.

* :func:`counted_category` maps what is counted to a category;
* :func:`measure` tells a stock ("2,000 fighters are based there") from a flow ("killed two");
* :func:`infer_subject` gives figures about unnamed fighters the armed group the article is about;
* :func:`conflict` says whether two figures of a series contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claimwatch.link.entities import fold
from claimwatch.models import Claim, Document

# What is counted → category. Words for people under arms are one category so that
# "militants", "fighters" and "members" of a group form one series.
COUNTED = {
    "fighters": (
        "fighter militant member terrorist jihadist insurgent combatant extremist recruit gunman gunmen "
        "men soldier loyalist operative affiliate rebel"
    ),
    "groups": "group organization organisation faction cell unit network",
    "attacks": "attack assault bombing strike raid",
    "civilians": "civilian",
}
_COUNTED = {word: cat for cat, words in COUNTED.items() for word in words.split()}

# Predicates that make a figure a flow (an event count), not a stock (a strength estimate).
MEASURES = {
    "killed": "killed kill die died dead slain eliminated neutralized neutralised executed destroyed",
    "injured": "injured wounded hurt",
    "arrested": "arrested detained captured apprehended held seized",
    "surrendered": "surrendered surrender defected",
    "prevented": "prevented foiled thwarted",
}
_MEASURES = {word: m for m, words in MEASURES.items() for word in words.split()}
STRENGTH = "strength"
PEOPLE = frozenset({"fighters", "groups"})


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def counted_category(counted: str | None) -> str | None:
    """The category of what is counted: ``"IS militants"`` → ``fighters``; else its head noun."""
    if not counted:
        return None
    # the head noun: the last word before any "of" ("members of the group" → members)
    words = fold(counted).split(" of ")[0].split()
    if not words:
        return None
    head = words[-1]
    return _COUNTED.get(_singular(head), head)


def measure(predicate: str | None) -> str:
    """``killed``, ``injured``, ``arrested``, ``surrendered``, ``prevented``, or ``strength``."""
    if predicate:
        for word in fold(predicate).split():
            m = _MEASURES.get(word)
            if m:
                return m
    return STRENGTH


def infer_subject(doc: Document, claim: Claim) -> str | None:
    """The local entity id a figure of armed people is about when the extractor named nobody.

    The armed group mentioned last before the figure (what "the fighters" refers back to), else
    the armed group in the title. Only figures counting fighters or groups get one.
    """
    if claim.subject_id:
        return claim.subject_id
    if counted_category(claim.counted) not in PEOPLE:
        return None
    groups = [e for e in doc.entities if e.type == "armed_group"]
    best: tuple[int, str] | None = None
    for e in groups:
        for start, _end in e.mentions:
            if start < claim.start and (best is None or start > best[0]):
                best = (start, e.id)
    if best:
        return best[1]
    title = f" {fold(doc.title or '')} "
    for e in groups:
        if any(f" {fold(n)} " in title for n in (e.name, *e.aliases) if len(fold(n)) >= 2):
            return e.id
    return None


def series_key(subject: str, counted: str, place: str | None, measure_: str) -> str:
    """The key of a series: ``islamic-state|fighters|AF|strength``."""
    return f"{subject}|{counted}|{place or '-'}|{measure_}"


@dataclass(frozen=True)
class Figure:
    """One point of a series, as :func:`conflict` needs it."""

    claim_id: int
    low: float | None
    high: float | None
    qualifier: str
    date: date | None
    speaker: str | None
    source: str | None
    cluster: int


def bounds(f: Figure) -> tuple[float, float] | None:
    """The interval a figure allows, widened for approximations; None when it allows anything."""
    if f.qualifier == "vague" or (f.low is None and f.high is None):
        return None
    low = f.low if f.low is not None else 0.0
    high = f.high if f.high is not None else float("inf")
    if f.qualifier == "approx":
        low, high = low * 0.75, high * 1.25
    return low, high


def conflict(a: Figure, b: Figure, *, window_days: int = 180, tolerance: float = 0.1) -> str | None:
    """Why two figures of one series cannot both be true, or None when they can.

    They must come from different reports (not near-duplicates), from different speakers or
    sources, be dated within ``window_days`` of each other, and allow intervals that do not
    meet even with ``tolerance`` slack.
    """
    if a.cluster == b.cluster or (a.speaker == b.speaker and a.source == b.source):
        return None
    if a.date and b.date and abs((a.date - b.date).days) > window_days:
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
