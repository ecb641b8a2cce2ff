"""Lines of a plain-text page: segments with offsets, and what one line looks like.

A page is cut into non-blank lines (:class:`Seg`, with offsets into the normalised text). This
module owns the tests on one line: does it end a sentence, is it a date line, a headline-shaped
phrase, a known piece of furniture (share bar, prompt, credit, caption), and :func:`line_class`,
the coarse class the trailing-furniture cut and the teaser reader work with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimwatch.clean.dates import find_date, parse_date
from claimwatch.clean.vocabulary import Patterns

__all__ = ["Seg", "ends_sentence", "is_paragraph", "line_class", "normalise", "segments"]


def normalise(raw: str) -> str:
    """Line endings to ``\\n``; every other character is kept, so offsets into the result are stable."""
    return raw.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Seg:
    start: int  # offset of the first non-blank character in the normalised text
    end: int  # offset just after the last non-blank character
    s: str  # the stripped line

    @property
    def words(self) -> int:
        return len(self.s.split())


def segments(text: str) -> list[Seg]:
    """Non-blank lines with their stripped offsets."""
    segs: list[Seg] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            segs.append(Seg(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line) + 1
    return segs


DATE_PREFIX = re.compile(
    r"^date\s*:?\s+(\d{4}-\d\d-\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?(?:\s+|$)", re.IGNORECASE
)
BRACKET_ELLIPSIS = re.compile(r"\[\s*(?:…|\.{3})\s*\]\s*$")
WEAK_ELLIPSIS = re.compile(r"(?:…|\.{3})\s*$")
_TERMINAL = re.compile(r"[.!?:;,]$")
CLOSERS = "\"'”’)]»"
CAPS_DATELINE = re.compile(r"^[A-Z][A-Z'’.\- ]{2,40}(?:\s*\([^()]{1,30}\))?\s*[:–—-]\s")
SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")
INLINE_CREDIT = re.compile(
    r"\s*\((?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b[^()]*\)\s*$", re.IGNORECASE
)
INLINE_INITIALS = re.compile(r"(?<=[.!?\"”’])\s+(?:[A-Z]{1,4}(?:\s?/\s?[A-Z]{1,4})+|[a-z]{1,4}(?:/[a-z]{1,4})+)\s*$")
WORD = re.compile(r"[\w'’-]+")
MAX_FURNITURE_WORDS = 30  # prompts, share lines, credits, bylines
MAX_CAPTION_WORDS = 70  # photo captions run longer
MAX_TICKER_WORDS = 15
_PRICE = re.compile(r"^[(+\-−]?\d[\d,]*(?:\.\d+%?|%)\)?$")


def ends_sentence(s: str) -> bool:
    return bool(_TERMINAL.search(s.rstrip(CLOSERS + " ([{-–—")))


def any_match(pats: tuple[re.Pattern[str], ...], s: str) -> bool:
    return any(p.search(s) for p in pats)


def is_outlet(s: str, pat: Patterns) -> bool:
    return s.strip(" -–—()|.:").lower() in pat.outlets


def is_share(s: str, pat: Patterns) -> bool:
    toks = [t.lower() for t in re.findall(r"[\w-]+", s)]
    return (
        0 < len(toks) <= 14 and all(t in pat.share_words for t in toks) and any(t in pat.share_platforms for t in toks)
    )


def is_ticker(s: str, pat: Patterns) -> bool:
    if len(s.split()) > MAX_TICKER_WORDS:
        return False
    low = s.lower()
    if any(m in low for m in pat.ticker_markers) and re.search(r"\d", s):
        return True
    toks = s.split()
    numeric = sum(1 for t in toks if re.search(r"\d", t))
    quotes = sum(1 for t in toks if _PRICE.match(t))  # prices and changes: "51.87", "(3.74%)", "+0.5"
    return len(toks) >= 3 and numeric / len(toks) >= 0.5 and quotes >= 2 and not ends_sentence(s)


def is_furniture_line(s: str, pat: Patterns) -> bool:
    """A line that is furniture wherever it sits at the head or tail of a page.

    Furniture is short: a line longer than a caption is never furniture, whatever words it holds.
    """
    words = len(s.split())
    if words > MAX_CAPTION_WORDS:
        return False
    if any_match(pat.captions, s) and len(SENTENCE_BREAK.findall(s)) <= 1:
        return True  # a caption is a sentence or two; more is a caption run into the body
    if words > MAX_FURNITURE_WORDS:
        return False
    return (
        any_match(pat.newsletter, s)
        or is_share(s, pat)
        or is_outlet(s, pat)
        or any_match(pat.credits, s)
        or (len(s) <= 24 and any_match(pat.initials, s))
        or (len(s.split()) <= 8 and any_match(pat.bylines, s))
    )


_AGO = re.compile(
    r"^(?:(?:updated|published|posted)\s*:?\s*)?(?:\d+|an?|one)\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago$",
    re.I,
)


def is_date_line(s: str) -> bool:
    """A line that is only a date ("December 24, 2019") or a relative time stamp ("3 hours ago")."""
    return len(s) <= 48 and (parse_date(s) is not None or bool(_AGO.match(s)))


def headline_like(s: str, max_words: int, question: bool = False) -> bool:
    """Short, capitalised, one phrase, no final full stop (a final "?" only when ``question``)."""
    words = s.split()
    if not 2 <= len(words) <= max_words or len(s) > 12 * max_words:
        return False
    if SENTENCE_BREAK.search(s):
        return False
    if ends_sentence(s) and not (question and s.rstrip(CLOSERS + " ").endswith("?")):
        return False
    first = s.lstrip("\"“‘'(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


_PUBLISHED_CUE = re.compile(
    r"^(?:this (?:article|story|report) (?:was|has been) )?(?:(?:first|originally|last) )?"
    r"(?:published|posted|updated|appeared)\b",
    re.IGNORECASE,
)


def is_published_line(s: str) -> bool:
    """A "Published on 12 April 2019" / "This article was first published ..." line with a full date."""
    return len(s.split()) <= 20 and bool(_PUBLISHED_CUE.match(s)) and find_date(s) is not None


def line_class(s: str, pat: Patterns) -> str:
    if any_match(pat.comments, s):
        return "comments"
    if len(s) <= 80 and any_match(pat.related_headings, s):
        return "heading"
    if is_date_line(s):
        return "date"
    if is_published_line(s):
        return "furn"
    if any_match(pat.teaser_prefixes, s) and len(s.split()) <= 30:
        return "teaser"
    if is_furniture_line(s, pat) or is_section_line(s, pat):
        return "furn"
    if BRACKET_ELLIPSIS.search(s):
        return "snip"
    if WEAK_ELLIPSIS.search(s):
        return "snip_weak"
    if headline_like(s, 25):
        return "short"
    return "body"


def is_section_line(s: str, pat: Patterns) -> bool:
    """A known section name, or a breadcrumb/menu of them ("Home > World > Asia", "News | Politics")."""
    parts = [p.strip().lower() for p in re.split(r"\s*[|>»›/•·]\s*", s) if p.strip()]
    return bool(parts) and all(p in pat.section_names for p in parts)


def is_paragraph(seg: Seg) -> bool:
    """A line of running text: long, or a complete sentence of some length (the lede, not a byline)."""
    return seg.words >= 15 or (seg.words >= 4 and ends_sentence(seg.s))
