"""Page furniture in plain text: what surrounds an article body, and the plain-text cleaner.

A news page copied or extracted as text carries, around the body, *furniture*: site headers
(section names, a ``date YYYY-MM-DD`` line, stock tickers, newsletter prompts), the headline, bylines
and date lines, photo captions, and after the body related-story lists (a date line, a teaser
headline and a snippet cut off with "[…]"), "Read more"/"Latest News" blocks, newsletter and share
prompts, comment blocks, tag lists, editor initials ("MR/AB") and agency sign-offs ("... REUTERS").

This module owns the page as a whole: the header walk (section labels, the headline, byline and
date lines above the body), :func:`detect`, which puts the pieces together and returns where the
body starts and ends with the furniture removed, the related teasers and the date evidence, and
:class:`Cleaned` / :func:`clean_text`, the plain-text cleaner built on it. The parts live beside it:
:mod:`~claimwatch.clean.vocabulary` (the furniture words, as data), :mod:`~claimwatch.clean.lines`
(what one line looks like), :mod:`~claimwatch.clean.tail` (where the trailing furniture starts) and
:mod:`~claimwatch.clean.related` (teaser stubs).

The body is always one contiguous slice of the (line-ending normalised) input: furniture is only
ever cut from the head and the tail, never from the middle, so character offsets stay meaningful.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from claimwatch.clean.dates import DATE_PATTERN, Dateline, find_date, find_dateline, parse_date, publication_date
from claimwatch.clean.language import detect_language
from claimwatch.clean.lines import (
    CAPS_DATELINE,
    DATE_PREFIX,
    INLINE_CREDIT,
    INLINE_INITIALS,
    WORD,
    Seg,
    any_match,
    ends_sentence,
    headline_like,
    is_furniture_line,
    is_paragraph,
    is_published_line,
    is_section_line,
    is_ticker,
    normalise,
    segments,
)
from claimwatch.clean.related import teasers
from claimwatch.clean.tail import footer_dates, rule_cut
from claimwatch.clean.tail_model import learned_cut
from claimwatch.clean.vocabulary import Patterns, load_patterns, patterns_from_dict
from claimwatch.models import Related

LOGGER = logging.getLogger(__name__)

__all__ = [
    "Cleaned",
    "Furniture",
    "Patterns",
    "clean_text",
    "detect",
    "load_patterns",
    "normalise",
    "patterns_from_dict",
]


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
    header_list: bool = False  # the header holds a related-story heading: its dates are the teasers'
    header_text: str = ""
    dateline: Dateline | None = None


def _same_text(a: str, b: str) -> bool:
    return [w.lower() for w in WORD.findall(a)] == [w.lower() for w in WORD.findall(b)]


def _is_section_label(s: str, pat: Patterns, nxt: Seg | None) -> bool:
    """A short Title Case label ("Security and Crime") or a breadcrumb ("Home > World") above a headline."""
    if is_section_line(s, pat):
        return True
    words = s.split()
    if len(words) > 4 or ends_sentence(s) or re.search(r"\d", s) or nxt is None:
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
    if not headline_like(s, 20, question=True) or find_dateline(s) is not None or CAPS_DATELINE.match(s):
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
    if len(s.split()) > 12 or ends_sentence(s.rstrip(":")):
        return None
    d = find_date(s)
    if d is None:
        return None
    if _BYLINE_CUE.search(s):
        return d
    rest = _DATE_WORDS.sub(" ", DATE_PATTERN.sub(" ", s))
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


def _header(segs: list[Seg], pat: Patterns, fur: Furniture, find_title: bool) -> tuple[int, Seg | None, int]:
    """Walk the head of the page.

    Returns:
        The index of the first body segment, the title segment, and how many pieces had been
        removed when the title was found.
    """
    title: Seg | None = None
    kept = 0
    header: list[str] = []
    in_list = False
    i = 0
    while i < len(segs):
        seg = segs[i]
        s = seg.s
        m = DATE_PREFIX.match(s)
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
                segs[i] = Seg(off, seg.end, rest.strip())
            continue
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        hd = _header_date_line(s, pat)
        if hd is not None:
            if not in_list:  # under a "Latest News" heading a date dates a teaser, not this article
                fur.header_dates.append(hd)
            fur.removed.append(s)
            header.append(s)
            i += 1
            continue
        dl = find_dateline(s)
        if dl is not None and dl.place.lower() not in pat.outlets:
            break  # a dateline opens the body
        if CAPS_DATELINE.match(s):
            break
        furniture = is_furniture_line(s, pat) or is_ticker(s, pat) or is_section_line(s, pat)
        heading = any_match(pat.related_headings, s) and len(s) <= 40
        in_list = fur.header_list = in_list or heading
        if furniture or heading:
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


HEAD_SCAN = 6  # lines under the header walk looked at for bylines and dates before the lede


PUBLISHED_SCAN = 8  # lines from the header walk's stop searched for a "Published ..." line
MAX_BYLINE_WORDS = 6  # "Jane Doe", "AP News", "12 comments", "Security and Defence" under a headline


def _head_lines(segs: list[Seg], first: int, pat: Patterns, fur: Furniture, titled: bool) -> int:
    """Byline, label and date lines between the header walk's stop and the lede.

    The header walk stops at the first line it cannot name ("AP News", "Jane Doe" under a
    headline); a byline date line a line or two below ("Posted: Mar 09, 2011 6:05 PM") still dates
    the article. Under a headline, short lines without a final full stop followed by the lede are
    byline furniture (their shape, not their words, says so); without a headline only the lines
    down to a date line are. Returns the index of the first body segment.
    """
    if fur.header_list:
        return first
    last_date = None
    k = first
    while k < min(first + HEAD_SCAN, len(segs)):
        seg = segs[k]
        if is_paragraph(seg) or find_dateline(seg.s) is not None:
            break
        d = _header_date_line(seg.s, pat)
        if d is not None:
            fur.header_dates.append(d)
            last_date = k
        elif seg.words > MAX_BYLINE_WORDS or ends_sentence(seg.s):
            break
        k += 1
    if not fur.header_dates:
        # "Published: 17 Dec 2023" a standfirst or a caption below the headline still dates the article
        for seg in segs[k : first + PUBLISHED_SCAN]:
            d = find_date(seg.s) if is_published_line(seg.s) else None
            if d is not None:
                fur.header_dates.append(d)
                break
    lede = k < len(segs) and (is_paragraph(segs[k]) or find_dateline(segs[k].s) is not None)
    if titled and lede and k > first:
        cut = k
    elif last_date is not None and last_date + 1 < len(segs):
        cut = last_date + 1
    else:
        return first
    fur.removed.extend(sg.s for sg in segs[first:cut])
    return cut


def split_head(text: str, pat: Patterns, *, find_title: bool = True) -> tuple[Furniture, list[Seg]]:
    """Walk the head of a normalised text: the furniture found there, and the lines from the body on.

    The returned :class:`Furniture` holds the title, header dates and removed header pieces; its
    body offsets are not set yet.
    """
    fur = Furniture(body_start=0, body_end=0)
    segs = segments(text)
    if not segs:
        return fur, []
    first_body, title, kept = _header(segs, pat, fur, find_title)
    if first_body >= len(segs) and title is not None:
        # nothing but furniture below the "headline": it was the body after all
        first_body = next(i for i, sg in enumerate(segs) if sg is title)
        del fur.removed[kept:]
        title = None
    first_body = _head_lines(segs, first_body, pat, fur, titled=title is not None)
    if title is not None:
        fur.title, fur.title_start = title.s, title.start
    return fur, segs[first_body:]


def tail_cut(body: list[Seg], pat: Patterns) -> tuple[int, list[str]]:
    """Where the trailing furniture starts: the earlier of the rule cut and the learned cut."""
    cut, classes = rule_cut(body, pat)
    return min(cut, learned_cut(body, classes)), classes


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
    fur, body = split_head(text, pat, find_title=find_title)
    if not body:
        fur.body_start = fur.body_end = len(text) if text.strip() else 0
        return fur
    cut, classes = tail_cut(body, pat)
    tail_segs, tail_classes = body[cut:], classes[cut:]
    body = body[:cut]
    fur.related = teasers(tail_segs, tail_classes, pat)
    fur.footer_dates = footer_dates(tail_segs, tail_classes)
    start, end = body[0].start, body[-1].end
    trailing = [t.s for t in tail_segs]
    # inline sign-offs at the end of the last paragraph: "(Reporting by ...)", "MR/AB", "REUTERS"
    for _ in range(3):
        last = text[body[-1].start : end]
        m = INLINE_CREDIT.search(last) or INLINE_INITIALS.search(last) or pat.signoff.search(last)
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
