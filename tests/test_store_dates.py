"""Honest dates and one measure per series in the ledger, and migration 0006 fixing old ledgers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from claimwatch.store import schema as t
from claimwatch.store.db import make_engine, migrate
from claimwatch.store.ledger import Ledger
from claimwatch.store.writer import Writer
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import corpus, dialogue_doc, warning_doc

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'ledger.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")


def test_an_undated_article_gives_undated_items_and_keeps_its_first_seen(url: str) -> None:
    with Ledger.open(url) as ledger:
        ledger.ingest_documents([warning_doc(published=None), dialogue_doc()])
        rows = ledger.claims(limit=100).items
        undated = [c for c in rows if c.document == "warning"]
        assert undated and all(c.date is None for c in undated)
        assert all(c.first_seen is not None for c in rows)
        assert {c.date for c in rows if c.document == "dialogue"} == {dt.date(2023, 5, 20)}
        assert all(q.date is None for q in ledger.quotes(limit=100).items if q.document == "warning")
        tl = ledger.timeline("Islamic State")
        assert {p.date_basis for p in tl.points if p.document == "warning"} == {"undated"}
        assert all(p.date is None for p in tl.points if p.document == "warning")


def test_every_series_holds_one_measure(url: str) -> None:
    with Ledger.open(url) as ledger:
        ledger.ingest_documents(corpus())
        with ledger.engine.connect() as conn:
            pairs = conn.execute(
                select(t.series.c.id, t.series.c.measure, t.claims.c.measure).join(
                    t.claims, t.claims.c.series_id == t.series.c.id
                )
            ).all()
        assert pairs and all(s == c for _, s, c in pairs)
        assert all(s.measure != "other" for s in ledger.series(limit=100))


def test_migration_0006_redates_and_remeasures_an_old_ledger(url: str) -> None:
    engine = make_engine(url)
    try:
        migrate(engine, "0005")
        seen = dt.datetime(2026, 12, 4, 9, 0)
        with engine.begin() as conn:
            Writer().write(conn, warning_doc(published=None), now=seen)
            Writer().write(conn, dialogue_doc(), now=seen)
            # what the old writer did: the ingest day for undated items, one measure for all
            for table in (t.claims, t.quotes, t.events):
                conn.execute(update(table).where(table.c.date.is_(None)).values(date=seen.date()))
            conn.execute(update(t.claims).values(measure="strength"))
        migrate(engine)
        with engine.connect() as conn:
            c, d = t.claims.c, t.documents.c
            rows = conn.execute(select(c.date, c.measure, c.predicate, d.published).join(t.documents)).all()
            assert rows and all(r.date == r.published for r in rows)
            assert any(r.measure != "strength" for r in rows)
            assert conn.scalar(select(t.quotes.c.id).where(t.quotes.c.date == seen.date())) is None
            keys = conn.scalars(select(t.series.c.key)).all()
            assert keys and all(k.count("|") == 2 for k in keys)
            # every article gets a headline to show: its title, else its lead sentence
            heads = dict(conn.execute(select(t.headlines.c.document_id, t.headlines.c.headline)).all())
            assert len(heads) == 2 and all(heads.values())
    finally:
        engine.dispose()
