"""Denials and rejections linked to the claims they answer, within one article.

"In response, the Taliban rejected the claims …" answers the figures just before it. A denial
is an event of type ``denial`` or a statement whose cue is a denial verb; it answers the claims
inside its own sentence, else the block of claims by the last other speaker before it (the
claims of that speaker in the closest preceding paragraph that has any).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimwatch.link.entities import fold
from claimwatch.models import Claim, Document

DENIAL_CUES = frozenset(
    [
        "reject",
        "rejected",
        "rejects",
        "rejecting",
        "deny",
        "denied",
        "denies",
        "denying",
        "dismiss",
        "dismissed",
        "dismisses",
        "refute",
        "refuted",
        "refutes",
        "dispute",
        "disputed",
        "disputes",
        "contest",
        "contested",
        "contests",
        "rebut",
        "rebutted",
        "debunk",
        "debunked",
        "baseless",
        "unfounded",
        "false",
    ]
)
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Denial:
    """A denial in a document and the indexes of the document's claims it answers."""

    start: int
    end: int
    text: str
    by: str | None
    by_id: str | None
    claims: tuple[int, ...]
    event_index: int | None = None
    quote_index: int | None = None
    reasons: list[str] = field(default_factory=list, compare=False)


def is_denial_cue(cue: str | None) -> bool:
    """Whether a reporting cue (``rejected``, ``denied that``) denies."""
    return bool(cue) and any(w in DENIAL_CUES for w in fold(cue or "").split())


def _paragraph_start(text: str, pos: int) -> int:
    start = 0
    for m in _PARAGRAPH.finditer(text, 0, pos):
        start = m.end()
    return start


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and fold(a or "") == fold(b or "")


def _answered(doc: Document, start: int, end: int, by: str | None, by_id: str | None) -> tuple[int, ...]:
    def other(c: Claim) -> bool:
        return not (_same(c.speaker, by) or (by_id and c.speaker_id == by_id))

    inside = [i for i, c in enumerate(doc.claims) if start <= c.start < end and other(c)]
    if inside:
        return tuple(inside)
    before = [i for i, c in enumerate(doc.claims) if c.end <= start and other(c)]
    if not before:
        return ()
    last = doc.claims[before[-1]]
    para = _paragraph_start(doc.text, last.start)
    return tuple(
        i for i in before if doc.claims[i].start >= para and (doc.claims[i].speaker or None) == (last.speaker or None)
    )


def find_denials(doc: Document) -> list[Denial]:
    """Every denial in ``doc`` with the claims it answers (denials answering nothing included)."""
    found: list[Denial] = []
    seen: set[tuple[int, int]] = set()
    for i, ev in enumerate(doc.events):
        if ev.type != "denial":
            continue
        by = ev.actors[0] if ev.actors else None
        found.append(Denial(ev.start, ev.end, ev.text, by, None, _answered(doc, ev.start, ev.end, by, None), i))
        seen.add((ev.start, ev.end))
    for i, q in enumerate(doc.quotes):
        if not is_denial_cue(q.cue):
            continue
        # a quote inside a denial event's span is the same denial
        if any(s <= q.start < e or q.start <= s < q.end for s, e in seen):
            continue
        claims = _answered(doc, q.start, q.end, q.speaker, q.speaker_id)
        found.append(Denial(q.start, q.end, q.text, q.speaker, q.speaker_id, claims, None, i))
    return found
