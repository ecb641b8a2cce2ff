"""What ``ingest`` reads: paths, folders, JSONL files, feeds (files or URLs) and article URLs.

:func:`collect` turns the arguments into a stream of article inputs (:class:`RawInput`, to be
extracted), ready documents (:class:`Document`, from JSONL exports) and
:class:`~claimwatch.errors.SourceError` values for what could not be read — one bad input never
stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimwatch.errors import SourceError
from claimwatch.models import Document
from claimwatch.sources.feeds import FEED_SUFFIXES, is_feed, read_feed
from claimwatch.sources.files import HTML_SUFFIXES, TEXT_SUFFIXES, RawInput, read_path, read_stdin
from claimwatch.sources.jsonl import JSONL_SUFFIXES, read_jsonl
from claimwatch.sources.web import Fetcher, is_url

INGEST_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def expand(paths: list[str]) -> Iterator[str]:
    """Arguments with folders expanded (recursively, sorted) into the files ingest reads."""
    for p in paths:
        if p == "-" or is_url(p):
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in INGEST_SUFFIXES:
                    yield str(child)
        else:
            yield p


def count(paths: list[str]) -> int | None:
    """How many articles the arguments hold, when that is known without fetching; else None."""
    n = 0
    for item in expand(paths):
        if item == "-" or is_url(item):
            return None
        suffix = Path(item).suffix.lower()
        if suffix in FEED_SUFFIXES:
            return None
        if suffix in JSONL_SUFFIXES:
            try:
                with open(item, encoding="utf-8-sig") as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n


def collect(paths: list[str], fetcher: Fetcher) -> Iterator[RawInput | Document | SourceError]:
    """Every article input named by ``paths``, in order."""
    for item in expand(paths):
        if item == "-":
            try:
                yield read_stdin()
            except SourceError as exc:
                yield exc
            continue
        if is_url(item):
            try:
                fetched = fetcher.get(item)
            except SourceError as exc:
                yield exc
                continue
            if is_feed(fetched.content):
                yield from read_feed(fetched.content, item, fetch=fetcher.fetch)
            else:
                yield fetched.to_raw()
            continue
        path = Path(item)
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
            continue
        try:
            raw = read_path(path)
        except SourceError as exc:
            yield exc
            continue
        if path.suffix.lower() in FEED_SUFFIXES or is_feed(raw.content):
            yield from read_feed(raw.content, item, fetch=fetcher.fetch)
        else:
            yield raw
