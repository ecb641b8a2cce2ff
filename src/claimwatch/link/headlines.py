"""A display title for an article that has none: its lead sentence, shortened.

Plain-text articles often reach the ledger without a title; listing them by file name ("d35")
tells an analyst nothing. The lead sentence says what the article is about: it is cut at a word
before ``width`` characters, with a leading date stamp or wire dateline ("KABUL (AP) —") removed.
The extracted ``title`` itself stays as it was (null); this is only what pages show.
"""

from __future__ import annotations

import re

_STAMP = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:,\s*[A-Z][\w .]+)?\s*(?:\([^)]{1,30}\))?\s*[:—–-]+\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def headline(title: str | None, text: str, width: int = 90) -> str | None:
    """The article's title, else its lead sentence cut to ``width`` characters; None when empty."""
    if title and title.strip():
        return title.strip()
    for line in text.splitlines():
        line = _DATELINE.sub("", _STAMP.sub("", line.strip()))
        if len(line.split()) < 4:  # a section name or a byline, not a lead
            continue
        first = _SENTENCE.split(line, maxsplit=1)[0].strip()
        if len(first) <= width:
            return first.rstrip(".")
        cut = first[:width].rsplit(" ", 1)[0].rstrip(",;:")
        return cut + "…"
    return None
