"""Page furniture in plain text: what surrounds an article body, and the plain-text cleaner.

A news page copied or extracted as text carries, around the body, *furniture*: site headers
(section names, a ``date YYYY-MM-DD`` line, stock tickers, newsletter prompts), the headline, bylines
and date lines, photo captions, and after the body related-story lists (a date line, a teaser
headline and a snippet cut off with "[…]"), "Read more"/"Latest News" blocks, newsletter and share
prompts, comment blocks, tag lists, editor initials ("MR/AB") and agency sign-offs ("... REUTERS").

This module owns:

* :func:`load_patterns`: the furniture vocabulary, which is data
  (``claimwatch/resources/furniture.json``), validated when loaded;
* :func:`detect`: a detector that, given normalised text, returns where the body starts and ends,
  the headline, the furniture pieces removed, the related-article teasers and the date evidence;
* :class:`Cleaned` and :func:`clean_text`: the plain-text cleaner built on it.

The body is always one contiguous slice of the (line-ending normalised) input: furniture is only
ever cut from the head and the tail, never from the middle, so character offsets stay meaningful.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimwatch.clean.dates import DATE_PATTERN, Dateline, find_date, find_dateline, parse_date, publication_date
from claimwatch.clean.language import detect_language
from claimwatch.errors import ConfigError
from claimwatch.models import Related

LOGGER = logging.getLogger(__name__)

__all__ = ["Cleaned", "Furniture", "Patterns", "clean_text", "detect", "load_patterns", "normalise"]


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Patterns:
    """The furniture vocabulary, compiled (see ``resources/furniture.json``)."""

    section_names: frozenset[str]
    outlets: frozenset[str]
    newsletter: tuple[re.Pattern[str], ...]
    share_words: frozenset[str]
    share_platforms: frozenset[str]
    related_headings: tuple[re.Pattern[str], ...]
    teaser_prefixes: tuple[re.Pattern[str], ...]
    comments: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    initials: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    ticker_markers: tuple[str, ...]
    signoff: re.Pattern[str]


_REGEX_KEYS = {
    "newsletter_patterns": re.IGNORECASE,
    "related_headings": re.IGNORECASE,
    "teaser_prefixes": re.IGNORECASE,
    "comment_patterns": re.IGNORECASE,
    "caption_patterns": re.IGNORECASE,
    "credit_patterns": re.IGNORECASE,
    "initials_patterns": 0,  # case matters: "MR/AB" is initials, "and/or" is not
    "byline_patterns": 0,
}
_WORD_KEYS = ("section_names", "outlets", "share_words", "share_platforms", "ticker_markers")


def _strings(data: dict[str, Any], key: str, source: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{key!r} must be a non-empty list of non-empty strings", source=source)
    return value


def patterns_from_dict(data: dict[str, Any], source: str = "furniture.json") -> Patterns:
    """Validate and compile a furniture vocabulary (the parsed JSON of ``furniture.json``).

    Raises:
        ConfigError: a key is missing, not a list of strings, or holds a regex that does not compile.
    """
    if not isinstance(data, dict):
        raise ConfigError("the furniture vocabulary must be a JSON object", source=source)
    if not isinstance(data.get("_note"), str) or not data["_note"].strip():
        raise ConfigError("'_note' (where the vocabulary comes from) is missing", source=source)
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, flags in _REGEX_KEYS.items():
        pats = []
        for p in _strings(data, key, source):
            try:
                pats.append(re.compile(p, flags))
            except re.error as e:
                raise ConfigError(f"{key!r}: bad regular expression {p!r}: {e}", source=source) from e
        compiled[key] = tuple(pats)
    words = {key: [w.strip() for w in _strings(data, key, source)] for key in _WORD_KEYS}
    forms = {f for o in words["outlets"] for f in (o, o.upper())}  # as written, or in capitals
    outlet_alt = "|".join(re.escape(o) for o in sorted(forms, key=len, reverse=True))
    # An agency sign-off after the last sentence: "... end of his rule. REUTERS", "... - AFP".
    signoff = re.compile(r"(?<=[.!?\"”’)\]])\s+(?:[-–—]+\s*)?\(?(?:" + outlet_alt + r")\)?\s*$")
    return Patterns(
        section_names=frozenset(w.lower() for w in words["section_names"]),
        outlets=frozenset(w.lower() for w in words["outlets"]),
        newsletter=compiled["newsletter_patterns"],
        share_words=frozenset(w.lower() for w in words["share_words"]),
        share_platforms=frozenset(w.lower() for w in words["share_platforms"]),
        related_headings=compiled["related_headings"],
        teaser_prefixes=compiled["teaser_prefixes"],
        comments=compiled["comment_patterns"],
        captions=compiled["caption_patterns"],
        credits=compiled["credit_patterns"],
        initials=compiled["initials_patterns"],
        bylines=compiled["byline_patterns"],
        ticker_markers=tuple(w.lower() for w in words["ticker_markers"]),
        signoff=signoff,
    )


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The packaged furniture vocabulary, loaded once through ``importlib.resources``."""
    res = files("claimwatch").joinpath("resources", "furniture.json")
    try:
        data = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the furniture vocabulary: {e}", source=str(res)) from e
    return patterns_from_dict(data, source=str(res))


# --------------------------------------------------------------------------- line classes


def normalise(raw: str) -> str:
    """Line endings to ``\\n``; every other character is kept, so offsets into the result are stable."""
    return raw.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Seg:
    start: int  # offset of the first non-blank character in the normalised text
    end: int  # offset just after the last non-blank character
    s: str  # the stripped line

    @property
    def words(self) -> int:
        return len(self.s.split())


def _segments(text: str) -> list[_Seg]:
    """Non-blank lines with their stripped offsets."""
    segs: list[_Seg] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            segs.append(_Seg(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line) + 1
    return segs


_DATE_PREFIX = re.compile(
    r"^date\s*:?\s+(\d{4}-\d\d-\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?(?:\s+|$)", re.IGNORECASE
)
_BRACKET_ELLIPSIS = re.compile(r"\[\s*(?:…|\.{3})\s*\]\s*$")
_WEAK_ELLIPSIS = re.compile(r"(?:…|\.{3})\s*$")
_TERMINAL = re.compile(r"[.!?:;,]$")
_CLOSERS = "\"'”’)]»"
_CAPS_DATELINE = re.compile(r"^[A-Z][A-Z'’.\- ]{2,40}(?:\s*\([^()]{1,30}\))?\s*[:–—-]\s")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")
_INLINE_CREDIT = re.compile(
    r"\s*\((?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b[^()]*\)\s*$", re.IGNORECASE
)
_INLINE_INITIALS = re.compile(r"(?<=[.!?\"”’])\s+(?:[A-Z]{1,4}(?:\s?/\s?[A-Z]{1,4})+|[a-z]{1,4}(?:/[a-z]{1,4})+)\s*$")
_WORD = re.compile(r"[\w'’-]+")
MAX_FURNITURE_WORDS = 30  # prompts, share lines, credits, bylines
MAX_CAPTION_WORDS = 70  # photo captions run longer
MAX_TICKER_WORDS = 15
_ISO_OR_WRITTEN = DATE_PATTERN
_PRICE = re.compile(r"^[(+\-−]?\d[\d,]*(?:\.\d+%?|%)\)?$")


def _ends_sentence(s: str) -> bool:
    return bool(_TERMINAL.search(s.rstrip(_CLOSERS + " ([{-–—")))


def _any(pats: tuple[re.Pattern[str], ...], s: str) -> bool:
    return any(p.search(s) for p in pats)


def _is_outlet(s: str, pat: Patterns) -> bool:
    return s.strip(" -–—()|.:").lower() in pat.outlets


def _is_share(s: str, pat: Patterns) -> bool:
    toks = [t.lower() for t in re.findall(r"[\w-]+", s)]
    return (
        0 < len(toks) <= 14 and all(t in pat.share_words for t in toks) and any(t in pat.share_platforms for t in toks)
    )


def _is_ticker(s: str, pat: Patterns) -> bool:
    if len(s.split()) > MAX_TICKER_WORDS:
        return False
    low = s.lower()
    if any(m in low for m in pat.ticker_markers) and re.search(r"\d", s):
        return True
    toks = s.split()
    numeric = sum(1 for t in toks if re.search(r"\d", t))
    quotes = sum(1 for t in toks if _PRICE.match(t))  # prices and changes: "51.87", "(3.74%)", "+0.5"
    return len(toks) >= 3 and numeric / len(toks) >= 0.5 and quotes >= 2 and not _ends_sentence(s)


def _is_furniture_line(s: str, pat: Patterns) -> bool:
    """A line that is furniture wherever it sits at the head or tail of a page.

    Furniture is short: a line longer than a caption is never furniture, whatever words it holds.
    """
    words = len(s.split())
    if words > MAX_CAPTION_WORDS:
        return False
    if _any(pat.captions, s) and len(_SENTENCE_BREAK.findall(s)) <= 1:
        return True  # a caption is a sentence or two; more is a caption run into the body
    if words > MAX_FURNITURE_WORDS:
        return False
    return (
        _any(pat.newsletter, s)
        or _is_share(s, pat)
        or _is_outlet(s, pat)
        or _any(pat.credits, s)
        or (len(s) <= 24 and _any(pat.initials, s))
        or (len(s.split()) <= 8 and _any(pat.bylines, s))
    )


_AGO = re.compile(
    r"^(?:(?:updated|published|posted)\s*:?\s*)?(?:\d+|an?|one)\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago$",
    re.I,
)


def _is_date_line(s: str) -> bool:
    """A line that is only a date ("December 24, 2019") or a relative time stamp ("3 hours ago")."""
    return len(s) <= 48 and (parse_date(s) is not None or bool(_AGO.match(s)))


def _headline_like(s: str, max_words: int, question: bool = False) -> bool:
    """Short, capitalised, one phrase, no final full stop (a final "?" only when ``question``)."""
    words = s.split()
    if not 2 <= len(words) <= max_words or len(s) > 12 * max_words:
        return False
    if _SENTENCE_BREAK.search(s):
        return False
    if _ends_sentence(s) and not (question and s.rstrip(_CLOSERS + " ").endswith("?")):
        return False
    first = s.lstrip("\"“‘'(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


_PUBLISHED_CUE = re.compile(
    r"^(?:this (?:article|story|report) (?:was|has been) )?(?:(?:first|originally|last) )?"
    r"(?:published|posted|updated|appeared)\b",
    re.IGNORECASE,
)


def _is_published_line(s: str) -> bool:
    """A "Published on 12 April 2019" / "This article was first published ..." line with a full date."""
    return len(s.split()) <= 20 and bool(_PUBLISHED_CUE.match(s)) and find_date(s) is not None


def _tail_class(s: str, pat: Patterns) -> str:
    if _any(pat.comments, s):
        return "comments"
    if len(s) <= 80 and _any(pat.related_headings, s):
        return "heading"
    if _is_date_line(s):
        return "date"
    if _is_published_line(s):
        return "furn"
    if _any(pat.teaser_prefixes, s) and len(s.split()) <= 30:
        return "teaser"
    if _is_furniture_line(s, pat) or _is_section_line(s, pat):
        return "furn"
    if _BRACKET_ELLIPSIS.search(s):
        return "snip"
    if _WEAK_ELLIPSIS.search(s):
        return "snip_weak"
    if _headline_like(s, 25):
        return "short"
    return "body"


# --------------------------------------------------------------------------- detection


@dataclass
class Furniture:
    """What :func:`detect` found in a normalised text."""

    body_start: int
    body_end: int
    title: str | None = None
    title_start: int | None = None
    removed: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    header_dates: list[date] = field(default_factory=list)
    footer_dates: list[date] = field(default_factory=list)
    header_text: str = ""
    dateline: Dateline | None = None


def _same_text(a: str, b: str) -> bool:
    return [w.lower() for w in _WORD.findall(a)] == [w.lower() for w in _WORD.findall(b)]


def _is_section_line(s: str, pat: Patterns) -> bool:
    """A known section name, or a breadcrumb/menu of them ("Home > World > Asia", "News | Politics")."""
    parts = [p.strip().lower() for p in re.split(r"\s*[|>»›/•·]\s*", s) if p.strip()]
    return bool(parts) and all(p in pat.section_names for p in parts)


def _is_section_label(s: str, pat: Patterns, nxt: _Seg | None) -> bool:
    """A short Title Case label ("Security and Crime") or a breadcrumb ("Home > World") above a headline."""
    if _is_section_line(s, pat):
        return True
    words = s.split()
    if len(words) > 4 or _ends_sentence(s) or re.search(r"\d", s) or nxt is None:
        return False
    if not all(w[:1].isupper() or (len(w) <= 3 and w.islower()) for w in words):
        return False
    return _title_candidate(nxt.s) and nxt.words > len(words)


_LEDE_VERB = re.compile(r"\b(?:said|told|reported|added|announced|according to)\b")


def _title_candidate(s: str) -> bool:
    """A headline: short, no final full stop, capitalised, and neither a dateline nor a lede.

    A long first line in reported speech ("... the ministry said on Monday") that only lacks
    its full stop is the lede, not a headline: headlines say "says", not "said".
    """
    if not _headline_like(s, 20, question=True) or find_dateline(s) is not None or _CAPS_DATELINE.match(s):
        return False
    return not (len(s.split()) >= 12 and _LEDE_VERB.search(s))


_BYLINE_CUE = re.compile(
    r"\b(?:published|updated|posted|last updated|first published|date|by|font size|read)\b|[|•·]|\d{1,2}[:.]\d\d", re.I
)
_DATE_WORDS = re.compile(
    r"\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|gmt|utc|[ap]\.?m\.?|[A-Z]{2,4}T)\b\.?", re.I
)


def _header_date_line(s: str, pat: Patterns) -> date | None:
    """The date of a byline or date line at the head of a page, else ``None``.

    "Xinhua, March 23, 2015 Adjust font size:", "AFP Published 17 Dec, 2023 04:54pm",
    "01 March, 2022", "By A. Writer | May 2, 2024". A headline that merely holds a date
    ("Attack on March 3, 2024 kills 12") is not one: what is left beside the date must be
    empty, name an outlet, carry a byline cue (published, updated, by, a time, a "|"), or be a
    short capitalised name.
    """
    if len(s.split()) > 12 or _ends_sentence(s.rstrip(":")):
        return None
    d = find_date(s)
    if d is None:
        return None
    if _BYLINE_CUE.search(s):
        return d
    rest = _DATE_WORDS.sub(" ", _ISO_OR_WRITTEN.sub(" ", s))
    words = re.findall(r"[^\W\d_][\w'’.\-]*", rest)
    if (
        not words
        or any(w.lower().strip(".") in pat.outlets for w in words)
        or rest.strip(" ,-–—:|").lower() in pat.outlets
    ):
        return d
    if len(words) <= 3 and all(w[:1].isupper() for w in words):
        return d
    return None


def _header(segs: list[_Seg], pat: Patterns, fur: Furniture, find_title: bool) -> tuple[int, _Seg | None, int]:
    """Walk the head of the page.

    Returns:
        The index of the first body segment, the title segment, and how many pieces had been
        removed when the title was found.
    """
    title: _Seg | None = None
    kept = 0
    header: list[str] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        s = seg.s
        m = _DATE_PREFIX.match(s)
        if m:
            d = parse_date(m.group(1))
            if d:
                fur.header_dates.append(d)
            piece = s[: m.end()].strip()
            fur.removed.append(piece)
            header.append(piece)
            rest = s[m.end() :]
            if not rest.strip():
                i += 1
            else:
                off = seg.start + m.end()
                segs[i] = _Seg(off, seg.end, rest.strip())
            continue
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        hd = _header_date_line(s, pat)
        if hd is not None:
            fur.header_dates.append(hd)
            fur.removed.append(s)
            header.append(s)
            i += 1
            continue
        dl = find_dateline(s)
        if dl is not None and dl.place.lower() not in pat.outlets:
            break  # a dateline opens the body
        if _CAPS_DATELINE.match(s):
            break
        furniture = _is_furniture_line(s, pat) or _is_ticker(s, pat) or _is_section_line(s, pat)
        if furniture or (_any(pat.related_headings, s) and len(s) <= 40):
            fur.removed.append(s)
            header.append(s)
            i += 1
            continue
        if title is None and find_title:
            if _is_section_label(s, pat, nxt):
                fur.removed.append(s)
                header.append(s)
                i += 1
                continue
            if nxt is not None and _title_candidate(s):
                title = seg
                kept = len(fur.removed)
                i += 1
                continue
        elif title is not None and _same_text(s, title.s):
            fur.removed.append(s)
            i += 1
            continue
        break
    fur.header_text = "\n".join(header)
    return i, title, kept


HEAD_SCAN = 6  # lines under the header walked for a byline date before the lede


def _is_paragraph(seg: _Seg) -> bool:
    """A line of running text: long, or a complete sentence of some length (the lede, not a byline)."""
    return seg.words >= 15 or (seg.words >= 4 and _ends_sentence(seg.s))


def _head_dates(segs: list[_Seg], first: int, pat: Patterns, fur: Furniture) -> int:
    """Date lines among the short lines between the header walk's stop and the lede.

    The header walk stops at the first line it cannot name ("AP News" under a headline); a byline
    date line a line or two below it ("Posted: Mar 09, 2011 6:05 PM") still dates the article.
    When every line down to that date line is short, they are all byline furniture and the body
    starts after them. Returns the index of the first body segment.
    """
    for k in range(first, min(first + HEAD_SCAN, len(segs))):
        if _is_paragraph(segs[k]) or find_dateline(segs[k].s) is not None:
            break
        d = _header_date_line(segs[k].s, pat)
        if d is not None:
            fur.header_dates.append(d)
            if k + 1 < len(segs):
                fur.removed.extend(sg.s for sg in segs[first : k + 1])
                return k + 1
            break
    return first


_TEASER_CLASSES = frozenset({"heading", "short", "date", "snip", "snip_weak", "teaser", "comments"})


def _footer_dates(tail: list[_Seg], classes: list[str]) -> list[date]:
    """Dates of "Published/Updated ..." lines right under the body, above any list of teasers."""
    out: list[date] = []
    for seg, c in zip(tail, classes, strict=True):
        if c in _TEASER_CLASSES:
            break
        d = find_date(seg.s) if _is_published_line(seg.s) else None
        if d is not None:
            out.append(d)
    return out


def _tail(body: list[_Seg], pat: Patterns) -> tuple[int, list[str]]:
    """Index of the first trailing-furniture segment in ``body`` (``len(body)`` when none) and classes."""
    classes = [_tail_class(b.s, pat) for b in body]
    n = len(body)
    cut = n
    for k in range(1, n):
        if classes[k] == "comments":
            cut = k
            break
    teaserish = {"date", "snip", "snip_weak", "short", "furn", "heading", "teaser", "comments"}
    for k in range(1, cut):
        if classes[k] != "heading":
            continue
        if all(
            classes[j] in teaserish
            or (classes[j] == "body" and body[j].words <= 60 and classes[j - 1] in ("short", "date"))
            for j in range(k + 1, cut)
        ):
            cut = k
            break
    k = cut - 1
    while k >= 1:
        c, prev = classes[k], classes[k - 1]
        nxt = classes[k + 1] if k + 1 < n else None
        if c in ("furn", "date", "snip", "heading", "teaser", "comments"):
            ok = True
        elif c == "snip_weak":
            ok = prev in ("short", "date")
        elif c == "short":
            # a teaser headline: under a date, over a snippet, or over a date in a list of dated teasers
            ok = (
                prev == "date"
                or nxt in ("snip", "snip_weak")
                or (nxt == "date" and classes[k + 1 :].count("date") >= 2)
            )
        elif c == "body":
            ok = prev == "short" and k >= 2 and classes[k - 2] == "date" and body[k].words <= 60
        else:
            ok = False
        if not ok:
            break
        cut = k
        k -= 1
    return cut, classes


def _snippet(s: str) -> str:
    return _WEAK_ELLIPSIS.sub("", _BRACKET_ELLIPSIS.sub("", s)).strip()


def _date_of(seg: _Seg) -> str | None:
    d = parse_date(seg.s)
    return d.isoformat() if d else None


def _related(segs: list[_Seg], classes: list[str], pat: Patterns) -> list[Related]:
    """Teaser stubs from the trailing furniture (segments and their classes).

    A teaser is a headline with an optional date line (above it or, on some sites, below it) and an
    optional snippet; under a "Related"/"Read more" heading a bare headline is a teaser too.
    """
    out: list[Related] = []
    under_heading = False
    kinds = [c for c in classes if c in ("date", "short")]
    date_first = bool(kinds) and kinds[0] == "date"
    snippets = ("snip", "snip_weak", "body")
    j, n = 0, len(segs)
    while j < n:
        c = classes[j]
        if date_first and c == "date" and j + 1 < n and classes[j + 1] in ("short", "snip", "snip_weak"):
            title, snip, step = _snippet(segs[j + 1].s), None, 2
            if classes[j + 1] == "short" and j + 2 < n and classes[j + 2] in snippets:
                snip, step = _snippet(segs[j + 2].s), 3
            out.append(Related(title=title, published=_date_of(segs[j]), snippet=snip))
            j += step
            continue
        if not date_first and c == "short" and j + 1 < n and classes[j + 1] == "date":
            snip, step = None, 2
            if j + 2 < n and classes[j + 2] in snippets:
                snip, step = _snippet(segs[j + 2].s), 3
            out.append(Related(title=segs[j].s, published=_date_of(segs[j + 1]), snippet=snip))
            j += step
            continue
        if c == "short" and j + 1 < n and classes[j + 1] in ("snip", "snip_weak"):
            out.append(Related(title=segs[j].s, published=None, snippet=_snippet(segs[j + 1].s)))
            j += 2
            continue
        if c == "teaser":
            m = re.match(r"^[^:]{1,30}:\s*(.+)$", segs[j].s)
            if m:
                out.append(Related(title=m.group(1).strip(), published=None, snippet=None))
        elif c == "heading":
            under_heading = True
        elif c == "comments":
            under_heading = False
        elif c == "short" and under_heading:
            out.append(Related(title=segs[j].s, published=None, snippet=None))
        j += 1
    return out


def detect(text: str, patterns: Patterns | None = None, *, find_title: bool = True) -> Furniture:
    """Find the body, headline and furniture of a normalised plain text.

    Args:
        text: the text, line endings already normalised (see :func:`normalise`).
        patterns: the vocabulary; the packaged one by default.
        find_title: look for a headline at the head (off when the title is known from elsewhere).

    Returns:
        A :class:`Furniture` whose ``body_start``/``body_end`` delimit the stripped body.
    """
    pat = patterns or load_patterns()
    fur = Furniture(body_start=0, body_end=0)
    segs = _segments(text)
    if not segs:
        return fur
    first_body, title, kept = _header(segs, pat, fur, find_title)
    if first_body >= len(segs) and title is not None:
        # nothing but furniture below the "headline": it was the body after all
        first_body = next(i for i, sg in enumerate(segs) if sg is title)
        del fur.removed[kept:]
        title = None
    first_body = _head_dates(segs, first_body, pat, fur)
    if title is not None:
        fur.title, fur.title_start = title.s, title.start
    body = segs[first_body:]
    if not body:
        fur.body_start = fur.body_end = len(text)
        return fur
    cut, classes = _tail(body, pat)
    tail_segs, tail_classes = body[cut:], classes[cut:]
    body = body[:cut]
    fur.related = _related(tail_segs, tail_classes, pat)
    fur.footer_dates = _footer_dates(tail_segs, tail_classes)
    start, end = body[0].start, body[-1].end
    trailing = [t.s for t in tail_segs]
    # inline sign-offs at the end of the last paragraph: "(Reporting by ...)", "MR/AB", "REUTERS"
    for _ in range(3):
        last = text[body[-1].start : end]
        m = _INLINE_CREDIT.search(last) or _INLINE_INITIALS.search(last) or pat.signoff.search(last)
        if not m or m.start() == 0:
            break
        trailing.insert(0, last[m.start() :].strip())
        end = body[-1].start + len(last[: m.start()].rstrip())
    fur.removed.extend(trailing)
    fur.body_start, fur.body_end = start, end
    fur.dateline = find_dateline(body[0].s)
    return fur


# --------------------------------------------------------------------------- the cleaner


@dataclass
class Cleaned:
    """A cleaned article.

    Attributes:
        text: the body, a contiguous, stripped slice of the normalised input.
        title: the headline, when the page opens with one (never part of ``text``).
        published: the publication date "YYYY-MM-DD", or ``None`` when nothing supports one.
        language: ISO 639-1 code of the body.
        related: related-article teasers found in the furniture.
        removed: the furniture pieces cut from the head and tail, in order.
        body_offset: where ``text`` starts in the normalised input.
        title_offset: where ``title`` starts in the normalised input (``None`` without a title).
        headed_text: the contiguous slice from the headline (or the body, without one) to the end
            of the body: the headline, any byline/date lines under it, and the body. Use it when the
            headline should be analysed with the body; it starts at ``headed_offset``.
        headed_offset: where ``headed_text`` starts in the normalised input.
    """

    text: str
    title: str | None
    published: str | None
    language: str
    related: list[Related] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    body_offset: int = 0
    title_offset: int | None = None
    headed_text: str = ""
    headed_offset: int = 0


def clean_text(raw: str, *, find_title: bool = True) -> Cleaned:
    """Clean a plain-text article: split head and tail furniture from the body, find title and date.

    Line endings are normalised; no other character changes, so ``text`` is a slice of the
    normalised input starting at ``body_offset``. Never raises on odd input: an input with no body
    gives an empty ``text``.

    Args:
        raw: the article as plain text.
        find_title: look for a headline on the first lines (``clean_html`` turns it off when the
            page's own title says otherwise).

    Returns:
        The :class:`Cleaned` article.
    """
    norm = normalise(raw)
    fur = detect(norm, find_title=find_title)
    text = norm[fur.body_start : fur.body_end]
    head = fur.title_start if fur.title_start is not None else fur.body_start
    published = publication_date(
        header_dates=fur.header_dates,
        footer_dates=fur.footer_dates,
        dateline=fur.dateline,
        header_text=fur.header_text,
        body=text,
        related=[(r.published, r.snippet) for r in fur.related],
    )
    return Cleaned(
        text=text,
        title=fur.title,
        published=published,
        language=detect_language(text),
        related=fur.related,
        removed=fur.removed,
        body_offset=fur.body_start,
        title_offset=fur.title_start,
        headed_text=norm[head : fur.body_end] if text else "",
        headed_offset=head if text else fur.body_start,
    )
