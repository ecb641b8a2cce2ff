"""Denials and rejections linked to the claims they answer, within one article.

A denial is an event of type ``denial`` or a statement whose cue is a denial verb. What it
answers depends on what it says it denies:

* figures inside its own span ("rejected a report that blamed it for 76 percent …") — those;
* a word that points back ("rejected **the claim** as baseless", "dismissed the militants'
  claim", "denied it") — the block of claims by the last other speaker before it (that
  speaker's claims in the closest preceding paragraph that has any);
* content of its own ("denied **the fighters had suffered casualties**") — the earlier claims
  by others that count the same side with a measure the content names; content that names no
  counted side ("denied reports of the killing of their chief", "denied any gains") answers no
  figure at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimwatch.link.entities import fold
from claimwatch.link.measures import measure_of, same_side, side_of, vocabulary
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
# words that point back at what was said before: "the claim(s)", "the reports", "it"
POINTERS = frozenset(
    [
        "claim",
        "claims",
        "report",
        "reports",
        "figure",
        "figures",
        "toll",
        "tolls",
        "allegation",
        "allegations",
        "account",
        "accounts",
        "statement",
        "statements",
        "assertion",
        "assertions",
        "number",
        "numbers",
        "it",
        "this",
        "that",
        "them",
        "these",
        "those",
    ]
)
_LEAD = frozenset(
    ["the", "a", "an", "these", "those", "such", "any", "all", "its", "their", "his", "her", "our", "this", "that"]
)
_CONTENT = frozenset(["that", "of", "about"])


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


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _paragraph_start(text: str, pos: int) -> int:
    start = 0
    for m in _PARAGRAPH.finditer(text, 0, pos):
        start = m.end()
    return start


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and fold(a or "") == fold(b or "")


_WORD = re.compile(r"\w+")


def _cue_at(text: str, start: int, end: int) -> int:
    """Where the first denial verb of ``text[start:end]`` ends (``start`` when it has none)."""
    for m in _WORD.finditer(text, start, end):
        if fold(m.group()) in DENIAL_CUES:
            return m.end()
    return start


def _content(text: str) -> list[str]:
    """The words of a denial after its denial verb (all of them when it has none)."""
    words = fold(text).split()
    for k, w in enumerate(words):
        if w in DENIAL_CUES:
            return words[k + 1 :]
    return words


def _points_back(words: list[str]) -> bool:
    """Whether the denied object is a word pointing back ("the militants' claim", "it")."""
    k = 0
    while k < len(words) - 1 and words[k] in _LEAD:
        k += 1
    if k + 1 < len(words) and words[k] not in POINTERS and words[k + 1] in POINTERS:
        k += 1  # a possessor before the pointer: "the militants' claim"
    if k >= len(words) or words[k] not in POINTERS:
        return False
    return k + 1 >= len(words) or words[k + 1] not in _CONTENT


def _named(words: list[str]) -> tuple[set[str], set[str]]:
    """The sides and measures a denial's own content names ("the fighters … casualties")."""
    vocab = vocabulary()
    sides = {s for w in words if (s := side_of(w)) and s != "general"}
    measures = {m for w in words if (m := vocab.predicates.get(w) or vocab.counted.get(w))}
    if "casualties" in measures or "casualty" in words:
        measures |= {"killed", "injured", "casualties"}
    return sides, measures


def _answered(doc: Document, start: int, end: int, by: str | None, by_id: str | None, text: str) -> tuple[int, ...]:
    def other(c: Claim) -> bool:
        return not (_same(c.speaker, by) or (by_id and c.speaker_id == by_id))

    # a figure inside the denial counts when it is what is denied, after the verb ("denied that
    # 300 fighters crossed"), not when it names the denier ("a lawyer for two of the suspects denied")
    cue = _cue_at(doc.text, start, end)
    inside = [i for i, c in enumerate(doc.claims) if max(start, cue) <= c.start < end and other(c)]
    if inside:
        return tuple(inside)
    before = [i for i, c in enumerate(doc.claims) if c.end <= start and other(c)]
    if not before:
        return ()
    words = _content(text)
    if words and not _points_back(words):
        sides, measures = _named(words)
        if not sides:
            return ()  # it denies something other than a count: a death, a gain, a control
        return tuple(
            i
            for i in before
            if any(same_side(side_of(doc.claims[i].counted), s) and side_of(doc.claims[i].counted) for s in sides)
            and (not measures or measure_of(doc.claims[i].counted, doc.claims[i].predicate) in measures)
        )
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
        # an event's words often stop at its verb ("X denied"): what is denied follows it
        reach = _sentence_end(doc.text, ev.end)
        claims = _answered(doc, ev.start, ev.end, by, None, doc.text[ev.start : reach])
        found.append(Denial(ev.start, ev.end, ev.text, by, None, claims, i))
        seen.add((ev.start, reach))
    for i, q in enumerate(doc.quotes):
        if not is_denial_cue(q.cue):
            continue
        # a quote inside a denial event's span is the same denial
        if any(s <= q.start < e or q.start <= s < q.end for s, e in seen):
            continue
        claims = _answered(doc, q.start, q.end, q.speaker, q.speaker_id, f"{q.cue or ''} {q.text}")
        found.append(Denial(q.start, q.end, q.text, q.speaker, q.speaker_id, claims, None, i))
    return found
