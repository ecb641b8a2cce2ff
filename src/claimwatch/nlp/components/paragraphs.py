"""Paragraph breaks are sentence breaks, datelines are not.

Headlines, datelines and list items must not run into the next line, and a dateline such as
"SHARAN (PAN): ..." or "COTONOU, March 6 - ..." must stay inside its sentence. Runs before the
parser, which respects sentence starts set before it.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimwatch.nlp.extensions import doc_text

TERMINAL = {".", "!", "?", "…", ":", ";"}
CLOSERS = {'"', "”", "’", "'", ")", "]", "»"}
DATELINE = re.compile(
    r"[A-Z][A-Za-z'.\-]+(?:[ -][A-Z][A-Za-z'.\-]+){0,3}"  # place, e.g. COTONOU, Moscow, NEW DELHI
    r"(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # , March 6 / , Oct. 1, 2024
    r"\s*(?:\([^)\n]{1,40}\))?"  # (Reuters) / (PAN)
    r"\s*(?:[-—–:]+|,)\s+"
)


def dateline_end(text: str, start: int) -> int:
    """Where a dateline opening the paragraph at `start` ends (or `start` when there is none)."""
    m = DATELINE.match(text, start)
    if not m or m.end() - start > 60:
        return start
    head = text[start : m.end()]
    if not (re.search(r"[A-Z]{3,}", head) or re.search(r"\(|\d", head)):
        return start  # "Moscow, ..." alone is too common at the start of a sentence to be a dateline
    return m.end()


def in_dateline(tok: Token) -> bool:
    """Whether a token is part of the dateline opening its paragraph ("MOSCOW, March 10 -")."""
    text = doc_text(tok.doc)
    para = text.rfind("\n", 0, tok.idx) + 1
    return tok.idx < dateline_end(text, para)


class ParagraphComponent:
    """Marks the first token after a line break as a sentence start; keeps datelines in one sentence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # decided on the text and token offsets, set with one from_array: Token objects are costly
        n = len(doc)
        if n == 0:
            return doc
        text = doc_text(doc)
        offsets = doc.to_array([IDX, LENGTH]).tolist()
        flags = numpy.zeros((n, 1), dtype="int64")  # 1 starts a sentence, -1 does not, 0 parser decides
        starts = [0]
        # a sentence starts after terminal punctuation or a line break, nowhere else: the parser
        # otherwise splits before capitalised acronyms ("kill three | IS militants")
        for i in range(1, n):
            idx, length = offsets[i - 1]
            end = idx + length
            prev = text[idx:end]
            if not prev.strip() or "\n" in text[end : offsets[i][0]]:
                starts.append(i)
            elif not (prev[-1] in TERMINAL or prev in CLOSERS):
                flags[i, 0] = -1
        for i in starts:
            while i < n and not text[offsets[i][0] : offsets[i][0] + offsets[i][1]].strip():
                i += 1
            if i >= n:
                continue
            if i > 0:
                flags[i, 0] = 1
            end = dateline_end(text, offsets[i][0])
            j = i + 1
            while j < n and offsets[j][0] <= end:
                flags[j, 0] = -1
                j += 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # spaCy stores -1 as its uint64 wrap
        return doc
