"""Every ``Doc._`` extension claimwatch uses, declared in one place.

The components write their results here; ``convert`` turns them into the document model.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = ("cw_entities", "cw_mention_index", "cw_quotes", "cw_claims", "cw_events")


def register() -> None:
    """Declare the extensions once (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
