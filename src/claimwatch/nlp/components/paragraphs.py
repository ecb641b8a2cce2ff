"""Paragraph breaks are sentence breaks, datelines are not.

Headlines, datelines and list items must not run into the next line, and a dateline such as
"SHARAN (PAN): ..." or "COTONOU, March 6 - ..." must stay inside its sentence. Runs before the
parser, which respects sentence starts set before it.
"""

from __future__ import annotations

import re

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
        text = doc_text(doc)
        toks = list(doc)  # one Token object per token: they are costly to create
        n = len(toks)
        starts = [0]
        # a sentence starts after terminal punctuation or a line break, nowhere else: the parser
        # otherwise splits before capitalised acronyms ("kill three | IS militants")
        for i in range(1, n):
            prev = toks[i - 1]
            if prev.is_space or "\n" in prev.whitespace_:
                starts.append(i)
                continue
            if not (prev.text[-1:] in TERMINAL or (prev.is_punct and prev.text in CLOSERS)):
                toks[i].is_sent_start = False
        for i in starts:
            while i < n and toks[i].is_space:
                i += 1
            if i >= n:
                continue
            if i > 0:
                toks[i].is_sent_start = True
            end = dateline_end(text, toks[i].idx)
            j = i + 1
            while j < n and toks[j].idx <= end:
                toks[j].is_sent_start = False
                j += 1
        return doc
