"""Documents as JSON Lines: the extraction contract plus ledger provenance, one per line.

The output can be ingested again (``claimwatch ingest export.jsonl``) without re-extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from claimwatch.store.ledger import Ledger
from claimwatch.store.rows import StoredDocument


def iter_documents(ledger: Ledger, *, page: int = 200) -> Iterator[StoredDocument]:
    """Every current document, oldest first."""
    ids: list[str] = []
    cursor = None
    while True:
        p = ledger.documents(limit=page, cursor=cursor)
        ids += [d.document for d in p.items]
        if not (cursor := p.next_cursor):
            break
    for doc_id in reversed(ids):
        doc = ledger.document(doc_id)
        if doc is not None:
            yield doc


def write_jsonl(ledger: Ledger, out: IO[str]) -> int:
    """Write every current document as one JSON line; returns how many."""
    n = 0
    for doc in iter_documents(ledger):
        out.write(doc.model_dump_json(by_alias=True) + "\n")
        n += 1
    return n
