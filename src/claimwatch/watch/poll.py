"""One poll of one source: what is new or changed since it was last read, as ledger inputs.

A feed, page or sitemap is fetched with a conditional GET; a 304, or a body whose hash is the
one stored, yields nothing. Feed entries, sitemap pages and folder files are compared with what
the source yielded before (``watch_seen``: entry date and text, sitemap ``lastmod``, file mtime
and size), so only the new or changed ones are read or fetched. Reading is the sources stage's
own (feeds parsed by feedparser, files by :func:`~claimwatch.sources.files.read_path`, pages
turned into inputs by :class:`~claimwatch.sources.web.Fetched`).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser

from claimwatch.errors import SourceError
from claimwatch.models import Document
from claimwatch.sources.feeds import FULL_BODY_CHARS, is_feed, read_feed
from claimwatch.sources.files import HTML_SUFFIXES, TEXT_SUFFIXES, RawInput, read_path, sniff_media_type
from claimwatch.sources.jsonl import JSONL_SUFFIXES, read_jsonl
from claimwatch.sources.web import Fetched
from claimwatch.watch.config import Source
from claimwatch.watch.fetch import FetchError, PoliteClient, Response
from claimwatch.watch.state import SourceState, key_hash

LOGGER = logging.getLogger(__name__)

MAX_NEW = 100
"""Entries or pages read from one source in one poll; the rest wait for the next poll."""
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | {".xml", ".rss", ".atom"}
_LOC = re.compile(r"<(url|sitemap)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<(loc|lastmod)\b[^>]*>\s*(.*?)\s*</\1>", re.IGNORECASE | re.DOTALL)

Seen = dict[str, tuple[str | None, str | None]]


@dataclass
class Item:
    """Something a poll found: the input (or ready document) and the key and stamp to remember it by."""

    key: str
    stamp: str | None
    payload: RawInput | Document


@dataclass
class Poll:
    """What one poll found and the validators to store with it."""

    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    unchanged: bool = False
    items: list[Item] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    more: bool = False


def _digest(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _is_seen(seen: Seen, key: str, stamp: str | None) -> bool:
    old = seen.get(key_hash(key))
    return old is not None and old[1] == stamp


class Poller:
    """Polls sources with one polite client."""

    def __init__(self, client: PoliteClient) -> None:
        self.client = client

    def poll(self, source: Source, state: SourceState, seen: Seen) -> Poll:
        """What is new at ``source``.

        Raises:
            FetchError: the source itself could not be fetched (its entries' failures are in
                :attr:`Poll.errors` instead).
        """
        if source.kind == "folder":
            return self._folder(source, seen)
        if source.is_remote:
            resp = self.client.get(
                source.target, etag=state.etag, last_modified=state.last_modified, user_agent=source.user_agent
            )
        else:
            resp = _local(source.target)
        poll = Poll(status=resp.status, etag=resp.etag or state.etag, last_modified=resp.last_modified)
        poll.last_modified = resp.last_modified or state.last_modified
        if resp.not_modified:
            poll.unchanged = True
            poll.body_hash = state.body_hash
            return poll
        text = resp.text()
        poll.body_hash = hashlib.sha256(resp.body or b"").hexdigest()
        if poll.body_hash == state.body_hash:
            poll.unchanged = True
            return poll
        if source.kind == "feed" or (source.kind == "url" and is_feed(text)):
            self._feed(source, text, seen, poll)
        elif source.kind == "sitemap":
            self._sitemap(source, text, seen, poll)
        else:
            raw = _to_raw(resp, text)
            poll.items.append(Item(source.target, None, raw))
        return poll

    # -- kinds -----------------------------------------------------------------------------------

    def _fetch_page(self, url: str, source: Source, *, title: str | None, published: str | None) -> RawInput:
        resp = self.client.get(url, user_agent=source.user_agent)
        return _to_raw(resp, resp.text(), title=title, published=published)

    def _feed(self, source: Source, text: str, seen: Seen, poll: Poll) -> None:
        parsed = feedparser.parse(text)
        if parsed.get("bozo") and not parsed.entries:
            raise FetchError(f"not a readable feed: {parsed.get('bozo_exception')}", source=source.target)
        inline: list[RawInput | SourceError] | None = None
        for n, entry in enumerate(parsed.entries):
            link = entry.get("link")
            key = str(entry.get("id") or link or f"{source.target}#{n}")
            body = max((p.get("value", "") for p in entry.get("content") or []), key=len, default="")
            stamp = _digest(
                entry.get("updated"), entry.get("published"), entry.get("title"), entry.get("summary"), body
            )
            if _is_seen(seen, key, stamp):
                continue
            if len(poll.items) >= MAX_NEW:
                poll.more = True
                break
            published = _date(entry)
            try:
                if len(body) < FULL_BODY_CHARS and link:
                    raw = self._fetch_page(link, source, title=entry.get("title"), published=published)
                else:
                    # entries with their body inline are read as ``ingest`` reads them
                    inline = inline if inline is not None else list(read_feed(text, source.target))
                    item = inline[n]
                    if isinstance(item, SourceError):
                        raise item
                    raw = item
            except SourceError as exc:
                poll.errors.append(exc)
                continue
            poll.items.append(Item(key, stamp, raw))

    def _sitemap(self, source: Source, text: str, seen: Seen, poll: Poll, depth: int = 0) -> None:
        for kind, block in _LOC.findall(text):
            tags = {k.lower(): v for k, v in _TAG.findall(block)}
            loc = tags.get("loc", "").replace("&amp;", "&")
            if not loc.startswith(("http://", "https://")):
                continue
            if kind.lower() == "sitemap":
                if depth == 0:
                    try:
                        child = self.client.get(loc, user_agent=source.user_agent)
                        self._sitemap(source, child.text(), seen, poll, depth + 1)
                    except SourceError as exc:
                        poll.errors.append(exc)
                continue
            stamp = tags.get("lastmod") or ""
            if _is_seen(seen, loc, stamp):
                continue
            if len(poll.items) >= MAX_NEW:
                poll.more = True
                return
            try:
                raw = self._fetch_page(loc, source, title=None, published=stamp[:10] or None)
            except SourceError as exc:
                poll.errors.append(exc)
                continue
            poll.items.append(Item(loc, stamp, raw))

    def _folder(self, source: Source, seen: Seen) -> Poll:
        root = Path(source.target)
        if not root.is_dir():
            raise FetchError("no such folder", source=source.target)
        poll = Poll()
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in FOLDER_SUFFIXES or path.name.startswith("."):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            stamp = f"{st.st_mtime_ns}:{st.st_size}"
            key = str(path)
            # a JSONL or feed file's entries are remembered as path#n: the first stands for the file
            if _is_seen(seen, key, stamp) or _is_seen(seen, f"{key}#0", stamp):
                continue
            if len(poll.items) >= MAX_NEW:
                poll.more = True
                break
            poll.items.extend(self._file(path, stamp, poll))
        return poll

    @staticmethod
    def _file(path: Path, stamp: str, poll: Poll) -> Iterator[Item]:
        if path.suffix.lower() in JSONL_SUFFIXES:
            for n, rec in enumerate(read_jsonl(path)):
                if isinstance(rec, SourceError):
                    poll.errors.append(rec)
                else:
                    yield Item(f"{path}#{n}", stamp, rec)
            return
        try:
            raw = read_path(path)
        except SourceError as exc:
            poll.errors.append(exc)
            return
        if is_feed(raw.content):
            for n, entry in enumerate(read_feed(raw.content, str(path))):
                if isinstance(entry, SourceError):
                    poll.errors.append(entry)
                else:
                    yield Item(f"{path}#{n}", stamp, entry)
            return
        yield Item(str(path), stamp, raw)


def _local(target: str) -> Response:
    """A feed, page or sitemap kept as a file, read as if fetched."""
    path = Path(target)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read: {exc.strerror or exc}", source=target) from exc
    ctype = "text/html" if path.suffix.lower() in HTML_SUFFIXES else "text/xml"
    return Response(target, target, 200, body, ctype, None, None)


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None


def _to_raw(resp: Response, text: str, *, title: str | None = None, published: str | None = None) -> RawInput:
    fetched = Fetched(resp.url, resp.final_url, text, resp.content_type)
    raw = fetched.to_raw(title=title, published=published)
    if raw.media_type == "text" and sniff_media_type(text) == "html":
        return RawInput(raw.id, raw.source, raw.content, "html", raw.published, raw.title)
    return raw
