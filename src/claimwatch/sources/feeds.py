"""RSS and Atom feeds (feedparser): each entry becomes an article input.

An entry that carries its full body (``content:encoded``, Atom ``content``) is used as is;
otherwise its link is fetched when a fetch function is given, and the summary is the fallback.
Entry titles and dates are kept as the article's title and publication date.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import feedparser

from claimwatch.errors import SourceError
from claimwatch.sources.files import RawInput, sniff_media_type

LOGGER = logging.getLogger(__name__)

FULL_BODY_CHARS = 600
_FEED_HEAD = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
FEED_SUFFIXES = {".rss", ".atom", ".xml"}

Fetch = Callable[..., RawInput]


def is_feed(content: str) -> bool:
    """Whether a document is an RSS/Atom feed (by its root element)."""
    head = content.lstrip()[:2000]
    return bool(_FEED_HEAD.search(head)) and not head.lower().startswith(("<!doctype html", "<html"))


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_id(entry: Any, source: str, n: int) -> str:
    key = entry.get("id") or entry.get("link") or f"{source}#{n}"
    return "feed-" + hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:16]


def read_feed(content: str | bytes, source: str, *, fetch: Fetch | None = None) -> Iterator[RawInput | SourceError]:
    """The articles of a feed, in feed order; a bad entry is a SourceError naming it.

    Args:
        content: the feed document.
        source: where the feed came from (path or URL), for messages.
        fetch: ``fetch(url, title=..., published=...) -> RawInput`` to get bodies of entries that
            carry only a summary; without it the summary is used.
    """
    parsed = feedparser.parse(content)
    if parsed.get("bozo") and not parsed.entries:
        yield SourceError(f"not a readable feed: {parsed.get('bozo_exception')}", source=source)
        return
    for n, entry in enumerate(parsed.entries):
        link = entry.get("link")
        title = entry.get("title")
        published = _date(entry)
        where = link or f"{source}#{n}"
        body = ""
        for part in entry.get("content") or []:
            if len(part.get("value", "")) > len(body):
                body = part["value"]
        try:
            if len(body) < FULL_BODY_CHARS and link and fetch is not None:
                yield fetch(link, title=title, published=published)
                continue
            body = body or entry.get("summary", "")
            if not body.strip():
                yield SourceError("feed entry has no text and no link", source=where)
                continue
            yield RawInput(
                id=_entry_id(entry, source, n),
                source=where,
                content=body,
                media_type=sniff_media_type(body) if not re.search(r"</?(p|div|br)\b", body) else "html",
                published=published,
                title=title,
            )
        except SourceError as exc:
            yield exc
