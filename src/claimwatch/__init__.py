"""claimwatch: a sourced, queryable ledger of who claimed what, about whom, where and when."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimwatch.core import Failure
    from claimwatch.models import Document


def extract(text: str, **kwargs: Any) -> Document:
    """Extract one article given as a string (see :func:`claimwatch.core.extract`)."""
    from claimwatch.core import extract as _extract

    return _extract(text, **kwargs)


def extract_many(items: Iterable[object], **kwargs: Any) -> Iterator[Document | Failure]:
    """Extract many articles, streaming, in input order (see :func:`claimwatch.batch.extract_many`).

    ``items`` are texts (``str``), files (``pathlib.Path``) or records (mappings with ``text`` or
    ``html``); ``workers`` (1; ``None`` for every core) and ``batch_size`` as keywords. Each item
    gives one Document or one ``Failure`` (``.source``, ``.error``), never an exception.
    """
    from claimwatch.batch import extract_many as _extract_many

    return _extract_many(items, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Failure":  # imported on first use: ``import claimwatch`` stays light
        from claimwatch.core import Failure

        return Failure
    raise AttributeError(f"module 'claimwatch' has no attribute {name!r}")


__all__ = ["Failure", "__version__", "extract", "extract_many"]
