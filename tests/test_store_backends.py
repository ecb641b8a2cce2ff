"""SQLite and PostgreSQL give the same answers to the same queries over the same documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimwatch.store.ledger import Ledger
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import corpus

pytestmark = pytest.mark.pg


def _strip(value: Any) -> Any:
    """Drop what legitimately differs between runs: ingestion timestamps and search ranks."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("first_seen", "rank", "seconds")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _answers(ledger: Ledger) -> dict[str, Any]:
    def dump(x: Any) -> Any:
        if isinstance(x, list):
            return [i.model_dump(mode="json") for i in x]
        return x.model_dump(mode="json")

    return _strip(
        {
            "claims": dump(ledger.claims(limit=100)),
            "claims_subject": dump(ledger.claims(subject="ISIS", place="Afghanistan", counted="militants")),
            "claims_speaker": dump(ledger.claims(speaker="Petrov", since="2023-01-01", until="2023-12-31")),
            "claims_page": dump(ledger.claims(limit=3)),
            "quotes": dump(ledger.quotes(speaker="Sergei Ivanov")),
            "entities": dump(ledger.entities(limit=100)),
            "entities_type": dump(ledger.entities(type="person", limit=2)),
            "entity": dump(ledger.entity("islamic-state")),  # type: ignore[arg-type]
            "events": dump(ledger.events(place="Afghanistan")),
            "series": dump(ledger.series()),
            "timeline": dump(ledger.timeline("Islamic State", place="Afghanistan")),
            "contradictions": dump(ledger.contradictions()),
            "documents": dump(ledger.documents()),
            "document": dump(ledger.document("warning")),  # type: ignore[arg-type]
            "search": sorted(h.document for h in ledger.search("fighters Afghanistan")),
            "overview": dump(ledger.overview()),
        }
    )


def test_sqlite_and_postgresql_agree(tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    answers = []
    for url in (f"sqlite:///{tmp_path / 'a.db'}", pg_url):
        with Ledger.open(url) as ledger:
            ledger.ingest_documents(corpus())
            answers.append(_answers(ledger))
    sqlite_answers, pg_answers = answers
    for key in sqlite_answers:
        assert sqlite_answers[key] == pg_answers[key], key
