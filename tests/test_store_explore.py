"""The claims explorer's queries (claimwatch.store.explore), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimwatch.errors import ConfigError
from claimwatch.store.explore import ClaimQuery
from claimwatch.store.ledger import Ledger
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import corpus

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    url = f"sqlite:///{tmp_path / 'e.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Ledger.open(url) as led:
        led.ingest_documents(corpus())
        yield led


def test_the_sort_is_over_the_whole_result_and_pages_are_counted(ledger: Ledger) -> None:
    everything = ledger.explore(ClaimQuery(), sort="high", per_page=500)
    highs = [c.high if c.high is not None else c.low for c in everything.items]
    valued = [h for h in highs if h is not None]
    assert valued == sorted(valued, reverse=True) and highs[: len(valued)] == valued
    first, second = (ledger.explore(ClaimQuery(), sort="high", page=p, per_page=3) for p in (1, 2))
    assert first.total == everything.total and first.pages == -(-everything.total // 3)
    assert [c.id for c in first.items + second.items] == [c.id for c in everything.items[:6]]


def test_filters_facets_and_marks(ledger: Ledger) -> None:
    res = ledger.explore(ClaimQuery(subject="ISIS"), per_page=100)
    assert res.total and {c.subject_id for c in res.items} == {"islamic-state"}
    measures = {f.value: f.count for f in res.facets["measure"]}
    assert sum(measures.values()) == res.total
    assert {"subject", "measure", "place", "speaker", "source"} <= res.facets.keys()
    denied = ledger.explore(ClaimQuery(disputed="denial"), per_page=100)
    assert denied.total and all(c.denied_by == ["Taliban"] for c in denied.items)
    conflicts = ledger.explore(ClaimQuery(disputed="conflict"), per_page=100)
    assert conflicts.total and all(c.conflicts for c in conflicts.items)
    undisputed = ledger.explore(ClaimQuery(disputed="none"))
    assert undisputed.total + ledger.explore(ClaimQuery(disputed="any")).total == ledger.explore(ClaimQuery()).total
    killed = ledger.explore(ClaimQuery(measure="killed"))
    assert killed.total and {c.measure for c in killed.items} == {"killed"}
    dated = ledger.explore(ClaimQuery(since="2024-01-01"), per_page=100)
    assert dated.total and all(c.date and c.date.year >= 2024 for c in dated.items)


def test_the_view_download_is_the_table_in_order(ledger: Ledger) -> None:
    query = ClaimQuery(place="Afghanistan")
    view = ledger.claims_view(query, sort="low")
    pages = [ledger.explore(query, sort="low", page=p, per_page=2) for p in (1, 2, 3, 4, 5)]
    assert [c.id for c in view] == [c.id for p in pages for c in p.items]


def test_bad_values_are_clear_errors(ledger: Ledger) -> None:
    with pytest.raises(ConfigError, match="sort"):
        ledger.explore(ClaimQuery(), sort="sideways")
    with pytest.raises(ConfigError, match="disputed"):
        ledger.explore(ClaimQuery(disputed="maybe"))
    with pytest.raises(ConfigError, match="page"):
        ledger.explore(ClaimQuery(), page=0)
