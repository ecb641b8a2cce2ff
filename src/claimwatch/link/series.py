"""Claim series: figures about the same canonical subject, measure and place.

A series groups, e.g., every figure for *Islamic State / strength / Afghanistan* whatever the
wording ("militants", "fighters", "members") and whoever gave it, so a timeline of one measure
can show how the figures move and where they cannot both be true.

* :func:`counted_category` maps what is counted to a category (shown, and compared for counts of
  victims);
* :func:`~claimwatch.link.measures.measure_of` gives the measure (strength, killed, arrested, …);
* :func:`infer_subject` gives figures about unnamed fighters the armed group the article is about;
* :mod:`claimwatch.link.conflicts` says whether two figures of a series contradict each other.
"""

from __future__ import annotations

from claimwatch.link.entities import fold
from claimwatch.models import Claim, Document

# What is counted → category. Words for a group's people under arms are one category so that
# "militants", "fighters" and "members" of a group read as one; a state's soldiers are another.
COUNTED = {
    "fighters": (
        "fighter militant member terrorist jihadist insurgent combatant extremist recruit gunman gunmen "
        "loyalist operative affiliate rebel"
    ),
    # a state's forces are their own category: "five soldiers killed" is never a group's fighters
    "forces": "soldier troop policeman policemen police officer personnel serviceman servicemen guard",
    "groups": "group organization organisation faction cell unit network",
    "attacks": "attack assault bombing strike raid",
    "civilians": "civilian",
}
_COUNTED = {word: cat for cat, words in COUNTED.items() for word in words.split()}

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


def series_key(subject: str, measure: str, place: str | None) -> str:
    """The key of a series, one measure of one subject in one place: ``islamic-state|strength|AF``."""
    return f"{subject}|{measure}|{place or '-'}"
