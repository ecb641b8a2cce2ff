"""JSON Lines inputs: raw article records, or documents already extracted.

Each line is one JSON object:

* a contract document (``"schema": "claimwatch.document/1"``, or ``text`` plus extraction lists
  such as ``claims``), as ``claimwatch extract --format jsonl`` prints it: stored as is, no
  re-extraction;
* an article record with ``text`` (plain) or ``html``/``content`` and optional ``id``, ``url``
  or ``source``, ``title``, ``published``: run through the pipeline.

A bad line is a :class:`~claimwatch.errors.SourceError` naming ``path:line``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimwatch.errors import SourceError
from claimwatch.models import SCHEMA, Document
from claimwatch.sources.files import MAX_BYTES, MediaType, RawInput, sniff_media_type

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_EXTRACTED = ("entities", "quotes", "claims", "events")


def is_document(record: dict[str, Any]) -> bool:
    """Whether a record is an extracted contract document rather than a raw article."""
    return record.get("schema") == SCHEMA or ("text" in record and any(k in record for k in _EXTRACTED))


def parse_record(record: Any, where: str) -> RawInput | Document:
    """One JSON record as a Document (already extracted) or a RawInput (to extract).

    Raises:
        SourceError: naming ``where`` when the record is neither.
    """
    if not isinstance(record, dict):
        raise SourceError("not a JSON object", source=where)
    if is_document(record):
        try:
            return Document.model_validate(record)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(x) for x in first["loc"])
            raise SourceError(f"not a valid document: {loc}: {first['msg']}", source=where) from exc
    body = record.get("html") or record.get("content") or record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise SourceError("record has no text, html or content", source=where)
    if len(body.encode("utf-8")) > MAX_BYTES:
        raise SourceError(f"record too large (the limit is {MAX_BYTES:,} bytes)", source=where)
    source = record.get("url") or record.get("source") or where
    ident = record.get("id") or hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:16]
    media: MediaType = "html" if "html" in record else "text" if "text" in record else sniff_media_type(body)
    return RawInput(
        id=str(ident),
        source=str(source),
        content=body,
        media_type=media,
        published=record.get("published"),
        title=record.get("title"),
    )


def read_jsonl(path: Path) -> Iterator[RawInput | Document | SourceError]:
    """The records of a JSONL file, in order; blank lines are skipped."""
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        yield SourceError(f"cannot read: {exc.strerror or exc}", source=str(path))
        return
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                yield parse_record(json.loads(line), where)
            except json.JSONDecodeError as exc:
                yield SourceError(f"not JSON: {exc.msg} (column {exc.colno})", source=where)
            except SourceError as exc:
                yield exc
