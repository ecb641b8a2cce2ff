"""Every ``Doc._`` extension claimwatch uses, declared in one place.

The components write their results here; ``convert`` turns them into the document model.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

EXTENSIONS = ("cw_entities", "cw_mention_index", "cw_quotes", "cw_claims", "cw_events")


def register() -> None:
    """Declare the extensions once (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def doc_text(doc: Doc) -> str:
    """The document's text, read once: ``Doc.text`` joins every token again on each call."""
    text = doc.user_data.get("cw_text")
    if text is None:
        text = doc.user_data["cw_text"] = doc.text
    return str(text)


def span_text(span: Span) -> str:
    """A span's text cut from :func:`doc_text` (``Span.text`` joins its tokens on each call)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def tokens_with(doc: Doc, words: Collection[str], attrs: Sequence[int] = (LOWER,)) -> list[int]:
    """The indices, in order, of the tokens whose attribute (any of ``attrs``) is one of ``words``.

    A vectorised pre-filter: a rule then builds Python ``Token`` objects only where it can apply.
    """
    if not len(doc) or not words:
        return []
    ids = [doc.vocab.strings.add(w) for w in words]
    values = doc.to_array(list(attrs)).reshape(len(doc), len(attrs))  # one attribute comes back flat
    return numpy.nonzero(numpy.isin(values, ids).any(axis=1))[0].tolist()
