"""Every ``Doc._`` extension claimwatch uses, declared in one place.

The components write their results here; ``convert`` turns them into the document model.
"""

from __future__ import annotations

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
