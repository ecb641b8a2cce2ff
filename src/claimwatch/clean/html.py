"""HTML pages: main text, title and date through trafilatura, then the plain-text furniture detector.

trafilatura (with htmldate for dates) removes most of a page's chrome; what it lets through
(related-story teasers, sign-offs, newsletter prompts inside the article container) is then
caught by :mod:`claimwatch.clean.furniture`, exactly as for plain text. Related-article links
in "related" containers of the page are kept as :class:`~claimwatch.models.Related` stubs.

When trafilatura returns a notice instead of the article (a reprint or rights line, a cookie
banner, a paywall prompt), or a text that is not from the page's article block and a fraction of
its size, the page's own article block (:mod:`claimwatch.clean.blocks`) is used instead, with a
warning; a page that holds nothing but a notice is a :class:`~claimwatch.errors.CleanError`, never
a notice passed off as an article. Titles lose the site's name (:mod:`claimwatch.clean.titles`).

Offsets (``body_offset``, ``headed_offset``) of the result refer to the text trafilatura extracted.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from claimwatch.clean.blocks import article_block, containment, is_notice
from claimwatch.clean.dates import find_date, parse_date
from claimwatch.clean.furniture import Cleaned, clean_text
from claimwatch.clean.titles import choose_title, site_names
from claimwatch.clean.vocabulary import load_patterns
from claimwatch.errors import CleanError
from claimwatch.models import Related

LOGGER = logging.getLogger(__name__)

__all__ = ["clean_html", "related_from_html"]

# Dates only from the page's own metadata and markup: an "extensive search" of htmldate would
# pick any date printed on the page, which is a guess.
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
_RELATED_CONTAINER = re.compile(
    r"related|more-stories|more_stories|read-?more|also-?read|recommended|rel-articles|more-from|further-reading",
    re.IGNORECASE,
)
_MAX_RELATED = 30
MIN_BODY_WORDS = 5  # fewer words than this is a menu or a label, not an article
FALLBACK_SHARE = 0.3  # trafilatura's text under this share of the article block's words ...
FALLBACK_CONTAINED = 0.5  # ... and mostly not from it: trafilatura picked the wrong block
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([A-Z][\w&'’.\- ]{2,40}?)(?:[.,|]|\s+all rights|$)", re.I
)


def _extract(html: str, url: str | None, **options: Any) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
            **options,
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as e:  # malformed beyond repair
        LOGGER.warning("trafilatura failed on %s: %s", url or "<html>", e)
        return None


def _field(doc: Any, name: str) -> str | None:
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _similar(a: str, b: str) -> bool:
    ta = re.findall(r"\w+", a.lower())
    tb = re.findall(r"\w+", b.lower())
    if not ta or not tb:
        return False
    return len(set(ta) & set(tb)) / max(len(set(ta)), len(set(tb))) >= 0.7


def _text_of(el: Any) -> str:
    return " ".join(el.text_content().split())


def related_from_html(html: str) -> list[Related]:
    """Related-article stubs from links inside containers whose class or id says "related".

    Each link with a headline-like text (three words or more) becomes a stub; a ``<time>`` in the
    same list item gives its date, a ``<p>`` there its snippet. Returns ``[]`` for unparsable HTML.
    """
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    containers = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if _RELATED_CONTAINER.search(marker) and not any(c in containers for c in el.iterancestors()):
            containers.append(el)
    out: list[Related] = []
    seen: set[str] = set()
    for box in containers:
        for a in box.iter("a"):
            title = _text_of(a)
            if len(title.split()) < 3 or title.lower() in seen:
                continue
            seen.add(title.lower())
            item = next((p for p in a.iterancestors() if p.tag in ("li", "article")), None)
            published = snippet = None
            if item is not None:
                for t in item.iter("time"):
                    d = parse_date(t.get("datetime", "")[:10]) or find_date(_text_of(t))
                    if d:
                        published = d.isoformat()
                        break
                for p in item.iter("p"):
                    text = _text_of(p)
                    if text and text != title:
                        snippet = text
                        break
            out.append(Related(title=title, published=published, snippet=snippet))
            if len(out) >= _MAX_RELATED:
                return out
    return out


def _body(html: str, url: str | None) -> tuple[Any, str]:
    """trafilatura's document and text, or the page's article block when trafilatura returned a notice.

    Raises:
        CleanError: no article text, or nothing but a notice.
    """
    doc = _extract(html, url, favor_precision=True)
    body = _field(doc, "text") if doc is not None else None
    if not body:
        # a short page can fall under the precision thresholds: try once more for recall
        doc = _extract(html, url, favor_recall=True)
        body = _field(doc, "text") if doc is not None else None
    pat = load_patterns()
    notice = bool(body) and is_notice(body or "", pat)
    block = article_block(html) if (notice or not body or len((body or "").split()) < 200) else None
    if block is not None and not is_notice(block, pat):
        words, block_words = len((body or "").split()), len(block.split())
        wrong_block = words < FALLBACK_SHARE * block_words and containment(body or "", block) < FALLBACK_CONTAINED
        if notice or not body or wrong_block:
            LOGGER.warning(
                "%s: trafilatura returned %d words%s; using the page's article block (%d words)",
                url or "<html>",
                words,
                " that read as a notice" if notice else "",
                block_words,
            )
            return doc, block
    if not body:
        raise CleanError("no article body could be extracted from the HTML", source=url)
    if notice:
        raise CleanError(f"the page holds a notice, not an article: {' '.join(body.split())[:80]!r}", source=url)
    return doc, body


def _title(html: str, doc: Any, url: str | None) -> str | None:
    """The page's title without the site's name, on the evidence of its metas, host, copyright line and ``<h1>``."""
    metas: list[str | None] = [_field(doc, "sitename"), _field(doc, "hostname")]
    headline = raw = None
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        tree = None
    if tree is not None:
        for m in tree.iter("meta"):
            key = (m.get("property") or m.get("name") or "").lower()
            if key in ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"):
                metas.append((m.get("content") or "").lstrip("@"))
        t = next(tree.iter("title"), None)
        raw = (_text_of(t) or None) if t is not None else None
        h1 = next(tree.iter("h1"), None)
        headline = _text_of(h1) if h1 is not None else None
        for el in tree.iter("footer", "small", "p", "div"):
            text = el.text or ""
            cm = _COPYRIGHT.search(text) if ("©" in text or "opyright" in text) else None
            if cm:
                metas.append(cm.group(1))
    sites = site_names(metas, url or _field(doc, "url"))
    return choose_title(raw, _field(doc, "title") if doc is not None else None, sites, headline)


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Clean an HTML page: body, title and date through trafilatura, then furniture removal.

    Args:
        html: the page; broken markup is tolerated.
        url: where it came from (helps trafilatura and htmldate, and names the site), optional.

    Returns:
        The :class:`Cleaned` article; offsets refer to the extracted text.

    Raises:
        CleanError: the page holds no extractable article body, or only a notice.
    """
    if not html or not html.strip():
        raise CleanError("empty HTML document", source=url)
    doc, body = _body(html, url)
    meta_title = _title(html, doc, url)
    meta_date = _field(doc, "date") if doc is not None else None
    cleaned = clean_text(body)
    if cleaned.title and meta_title and not _similar(cleaned.title, meta_title):
        # the "headline" found in the extracted text is not the page's title: keep it as body
        cleaned = clean_text(body, find_title=False)
    if len(cleaned.text.split()) < MIN_BODY_WORDS:
        raise CleanError(
            f"no article body in the HTML: {len(cleaned.text.split())} words left after removing page furniture",
            source=url,
        )
    cleaned.title = meta_title or cleaned.title
    if meta_date:
        d = parse_date(meta_date[:10])
        if d:
            cleaned.published = d.isoformat()
    known = {r.title.lower() for r in cleaned.related}
    cleaned.related.extend(r for r in related_from_html(html) if r.title.lower() not in known)
    return cleaned
