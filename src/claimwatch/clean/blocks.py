"""The page's own article block, to check what trafilatura extracted against it.

trafilatura occasionally returns a notice (a reprint or rights line, a cookie banner, a paywall
prompt) instead of the article, when the article's markup falls under its filters. This module
reads the page's ``<article>`` (or ``itemprop="articleBody"``, ``<main>``), else the block holding
the most paragraph text, as plain text with one line per block, and says whether a text reads as
a notice (:func:`is_notice`), so :mod:`claimwatch.clean.html` can fall back or fail loudly.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import lxml.html
from lxml import etree

from claimwatch.clean.vocabulary import Patterns

__all__ = ["article_block", "containment", "is_notice"]

_DROP = ("script", "style", "nav", "aside", "header", "footer", "form", "button", "select", "noscript", "iframe", "svg")
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "figure",
    "td", "tr", "table", "section", "article", "main", "br", "pre", "dd", "dt",
}  # fmt: skip
_CHROME = re.compile(r"related|share|social|comment|newsletter|promo|advert|cookie|consent|modal|popup|menu", re.I)
MIN_BLOCK_WORDS = 80  # a block shorter than this is no article to fall back on
MAX_NOTICE_WORDS = 120  # a notice is short; a long text naming cookies is an article about them


def _lines(el: Any) -> list[str]:
    """Text of ``el`` with a line break at every block element."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = " ".join("".join(buf).split())
        if line:
            out.append(line)
        buf.clear()

    def walk(node: Any) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK
        if block:
            flush()
        if node.text and isinstance(node.tag, str):
            buf.append(node.text)
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _DROP:
                if child.tail:
                    buf.append(child.tail)
                continue
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(el)
    flush()
    return out


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def _is_chrome(el: Any) -> bool:
    return any(_CHROME.search(f"{a.get('class', '')} {a.get('id', '')}") for a in (el, *el.iterancestors()))


def article_block(html: str) -> str | None:
    """The text of the page's article element, else of its largest block of paragraphs; ``None`` if short.

    The candidates are ``<article>``, ``[itemprop=articleBody]`` and ``<main>`` (the longest wins),
    else the element whose paragraph children hold the most words. Elements whose class or id
    names page chrome (related, share, comments, cookie, ...) are not candidates.
    """
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    marked = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and (el.tag in ("article", "main") or el.get("itemprop") == "articleBody")
        and not _is_chrome(el)
    ]
    best: list[str] = []
    for el in marked:
        lines = _lines(el)
        if _words(lines) > _words(best):
            best = lines
    if _words(best) < MIN_BLOCK_WORDS:
        tally: Counter[Any] = Counter()
        for p in tree.iter("p"):
            parent = p.getparent()
            if parent is not None and not _is_chrome(p):
                tally[parent] += len(p.text_content().split())
        if tally:
            parent, _ = tally.most_common(1)[0]
            lines = _lines(parent)
            if _words(lines) > _words(best):
                best = lines
    return "\n\n".join(best) if _words(best) >= MIN_BLOCK_WORDS else None


def _tokens(s: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", s.lower()))


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s word tokens (as a multiset) found in ``whole``; 0.0 for an empty ``part``."""
    tp = _tokens(part)
    total = sum(tp.values())
    return sum((tp & _tokens(whole)).values()) / total if total else 0.0


_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_OTHER_WORDS = 25  # words outside the notice's own sentences: more is an article that carries a notice


def is_notice(text: str, pat: Patterns) -> bool:
    """A short text that is a reprint, rights, cookie, paywall or script notice rather than an article.

    Short, and made of notice sentences: an article of a hundred words that opens with a reprint
    line is not a notice.
    """
    if len(text.split()) > MAX_NOTICE_WORDS:
        return False
    sentences = [x for x in _SENTENCES.split(text) if x.strip()]
    hits = [any(p.search(x) for p in pat.notices) for x in sentences]
    if not any(hits):
        return False
    other = sum(len(x.split()) for x, hit in zip(sentences, hits, strict=True) if not hit)
    return other <= MAX_OTHER_WORDS
