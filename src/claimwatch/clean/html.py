"""HTML pages: main text, title and date through trafilatura, then the plain-text furniture detector.

trafilatura (with htmldate for dates) removes most of a page's chrome; what it lets through
(related-story teasers, sign-offs, newsletter prompts inside the article container) is then
caught by :mod:`claimwatch.clean.furniture`, exactly as for plain text. Related-article links
in "related" containers of the page are kept as :class:`~claimwatch.models.Related` stubs.

Offsets (``body_offset``, ``headed_offset``) of the result refer to the text trafilatura extracted.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from claimwatch.clean.dates import find_date, parse_date
from claimwatch.clean.furniture import Cleaned, clean_text
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


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Clean an HTML page: body, title and date through trafilatura, then furniture removal.

    Args:
        html: the page; broken markup is tolerated.
        url: where it came from (helps trafilatura and htmldate), optional.

    Returns:
        The :class:`Cleaned` article; offsets refer to the extracted text.

    Raises:
        CleanError: the page holds no extractable article body.
    """
    if not html or not html.strip():
        raise CleanError("empty HTML document", source=url)
    doc = _extract(html, url, favor_precision=True)
    body = _field(doc, "text") if doc is not None else None
    if not body:
        # a short page can fall under the precision thresholds: try once more for recall
        doc = _extract(html, url, favor_recall=True)
        body = _field(doc, "text") if doc is not None else None
    if not body:
        raise CleanError("no article body could be extracted from the HTML", source=url)
    meta_title = _field(doc, "title")
    meta_date = _field(doc, "date")
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
