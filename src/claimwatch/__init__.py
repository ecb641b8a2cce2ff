"""claimwatch: a sourced, queryable ledger of who claimed what, about whom, where and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimwatch.models import Document


def extract(text: str, **kwargs: Any) -> Document:
    """Extract one article given as a string (see :func:`claimwatch.core.extract`)."""
    from claimwatch.core import extract as _extract

    return _extract(text, **kwargs)


__all__ = ["__version__", "extract"]
