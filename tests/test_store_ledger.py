"""The ledger on SQLite: migrations, idempotent ingestion, versions, queries, timelines, relink."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from claimwatch.errors import ConfigError, StoreError
from claimwatch.store import paging, queries
from claimwatch.store.db import current_revision, head_revision, include_object, make_engine, migrate
from claimwatch.store.ledger import Ledger
from claimwatch.store.schema import NAME_INDEXES, metadata
from claimwatch.store.settings import database_url
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import WARNING_TEXT, corpus, dialogue_doc, un_doc, warning_doc

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """An empty ledger on each back end: a SQLite file, and a fresh PostgreSQL database."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    led = Ledger.open(url)
    yield led
    led.close()


@pytest.fixture()
def filled(ledger: Ledger) -> Ledger:
    ledger.ingest_documents(corpus())
    return ledger


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_create_the_schema_on_an_empty_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": include_object}), metadata)
    assert diff == [], "the migrations and schema.py disagree"
    # Alembic cannot reflect expression indexes from SQLite: compare those by their SQL
    with engine.connect() as conn:
        made = (
            {
                r[0]: " ".join(r[1].split())
                for r in conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                )
            }
            if backend == "sqlite"
            else {}
        )
    if backend == "sqlite":
        for index in NAME_INDEXES:
            column = next(iter(index.expressions)).clauses.clauses[0].name  # type: ignore[attr-defined]
            assert made[index.name] == f"CREATE INDEX {index.name} ON {index.table.name} (lower({column}), id)"
    migrate(engine)  # a no-op the second time
    engine.dispose()


def test_upgrading_a_sqlite_ledger_rebuilds_documents_and_keeps_every_row(tmp_path: Path) -> None:
    """Migration 0005 rebuilds the documents table: nothing that refers to it may be lost."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, "0004")
    Ledger(engine).ingest_documents(corpus())

    def snapshot() -> dict[str, object]:
        con = sqlite3.connect(path)
        out: dict[str, object] = {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("documents", "claims", "quotes", "events", "mentions", "contradictions", "claim_ledger")
        }
        out["search"] = con.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'rejected'").fetchall()
        out["last"] = [r[1] for r in con.execute("PRAGMA table_info(documents)")][-3:]
        con.close()
        return out

    before = snapshot()
    migrate(engine)
    after = snapshot()
    assert before["last"] == ["duplicate_of", "minhash", "removed"] and after["last"] == ["text", "minhash", "removed"]
    assert {k: v for k, v in after.items() if k != "last"} == {k: v for k, v in before.items() if k != "last"}
    assert before["claims"] and before["search"]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    with Ledger.open(f"sqlite:///{path}") as led:  # the triggers feed the full-text index again
        led.ingest_documents([un_doc().model_copy(update={"id": "later", "text": un_doc().text + " Zanzibar."})])
        assert [h.document for h in led.search("Zanzibar")] == ["later"]
    engine.dispose()


def test_the_file_makes_sense_in_plain_sqlite(tmp_path: Path) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as led:
        led.ingest_documents(corpus())
    con = sqlite3.connect(tmp_path / "ledger.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = con.execute(
        "SELECT doc_id, speaker, low, span FROM claim_ledger WHERE doc_id = 'warning' ORDER BY id"
    ).fetchall()
    assert rows[0] == ("warning", "Sergei Ivanov", 15000.0, "more than 15,000 fighters")
    hits = con.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'rejected'").fetchall()
    assert len(hits) == 1
    # how Datasette finds a table's full-text index (datasette.utils.detect_fts)
    fts = con.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"documents\"%'"
    ).fetchall()
    assert fts == [("documents_fts",)]
    # an ingest leaves planner statistics behind, so SQLite keeps choosing the indexes as it grows
    analysed = {r[0] for r in con.execute("SELECT tbl FROM sqlite_stat1")}
    assert {"documents", "claims", "quotes", "contradictions"} <= analysed
    con.close()


def test_database_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMWATCH_DB", raising=False)
    assert database_url(None) == "sqlite:///claimwatch.db"
    monkeypatch.setenv("CLAIMWATCH_DB", "x.db")
    assert database_url(None) == "sqlite:///x.db"
    assert database_url("postgresql://u:p@h:5/d") == "postgresql+psycopg://u:p@h:5/d"
    with pytest.raises(ConfigError):
        database_url("mysql://x")


def test_a_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        Ledger.open(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_ingest_is_idempotent(ledger: Ledger) -> None:
    first = ledger.ingest_documents(corpus())
    assert (first.new, first.unchanged, first.duplicates) == (4, 0, 1)
    before = ledger.overview()
    again = ledger.ingest_documents(corpus())
    assert (again.new, again.unchanged, again.versions) == (0, 4, 0)
    after = ledger.overview()
    assert (after.documents, after.claims, after.quotes, after.entities) == (
        before.documents,
        before.claims,
        before.quotes,
        before.entities,
    )


def test_a_changed_article_at_the_same_url_is_a_new_version(ledger: Ledger) -> None:
    ledger.ingest_documents([warning_doc()])
    changed = warning_doc(text=WARNING_TEXT.replace("on Tuesday", "on Monday"))
    summary = ledger.ingest_documents([changed])
    assert (summary.new, summary.versions) == (0, 1)
    new_id = summary.documents[0]
    assert new_id != "warning"
    doc = ledger.document(new_id)
    assert doc is not None and doc.version == 2 and doc.previous == "warning"
    assert doc.versions == ["warning", new_id]
    old = ledger.document("warning")
    assert old is not None and not old.is_current
    # only the current version's figures are listed, and it is no near-duplicate of its old self
    assert {c.document for c in ledger.claims().items} == {new_id}
    assert doc.duplicate_of is None
    # the old version's statements no longer count
    ivanov = ledger.entity("Sergei Ivanov")
    assert ivanov is not None and sum(a.quotes for a in ivanov.activity) == 2


def test_document_round_trips_the_contract(filled: Ledger) -> None:
    original = warning_doc()
    stored = filled.document("warning")
    assert stored is not None
    mine = original.to_json_dict()
    theirs = stored.to_json_dict()
    for key in ("text", "entities", "quotes", "claims", "events", "related", "title", "published", "source"):
        assert theirs[key] == mine[key], key
    assert stored.outlet == "news.example.org"
    dup = filled.document("dialogue-copy")
    assert dup is not None and dup.duplicate_of == "dialogue" and dup.cluster == ["dialogue", "dialogue-copy"]
    assert filled.document("nope") is None


def test_claims_filters(filled: Ledger) -> None:
    def texts(**kw: object) -> set[str]:
        return {c.text for c in filled.claims(limit=100, **kw).items}  # type: ignore[arg-type]

    assert texts(subject="ISIS") == texts(subject="Islamic State") == texts(subject="IS group")
    assert "more than 15,000 fighters" in texts(subject="Islamic State")  # subject inferred from context
    assert texts(counted="militants") == texts(counted="fighters")
    assert texts(speaker="Ivanov") == {"more than 15,000 fighters", "over 20 groups"}
    assert texts(place="Afghanistan", speaker="Sergei Ivanov") == {"more than 15,000 fighters", "over 20 groups"}
    assert "two ISIS members" in texts(place="AF")
    assert texts(since="2024-01-01", until="2024-05-31") == {
        "more than 15,000 fighters",
        "over 20 groups",
        "two ISIS members",
    }
    assert texts(since="2024") == texts(since="2024-01-01")
    with pytest.raises(ConfigError):
        filled.claims(since="last week")
    inferred = [c for c in filled.claims(speaker="Ivanov").items if c.text.startswith("more than 15,000")]
    assert inferred[0].subject == "Islamic State" and inferred[0].subject_inferred


def test_filters_over_several_entities_page_as_one_query_does(filled: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """One index walk per entity, merged, gives the pages a single OR over them gives."""

    def pages(**kw: object) -> list[int]:
        out: list[int] = []
        cursor = None
        while True:
            page = filled.claims(limit=1, cursor=cursor, **kw)  # type: ignore[arg-type]
            out += [c.id for c in page.items]
            if not (cursor := page.next_cursor):
                return out

    filters: list[dict[str, object]] = [
        {"speaker": "Ivanov"},  # two people of that surname
        {"place": "Kabul"},  # the place's entity, and its name where no entity was linked
        {"place": "Kabul", "speaker": "Ivanov", "since": "2024"},
        {"subject": "ISIS", "place": "Afghanistan"},
    ]
    with filled.engine.connect() as conn:
        assert len(queries.entity_ids(conn, "Ivanov")) == 2
    walked = [pages(**f) for f in filters]
    quoted = [[q.id for q in filled.quotes(speaker="Ivanov", limit=1000).items]]
    events = [[e.id for e in filled.events(place="Kabul", limit=1000).items]]
    assert walked[0] and walked[1]
    monkeypatch.setattr(paging, "MAX_WALKS", 0)  # every filter as one OR query
    assert walked == [pages(**f) for f in filters]
    assert quoted == [[q.id for q in filled.quotes(speaker="Ivanov", limit=1000).items]]
    assert events == [[e.id for e in filled.events(place="Kabul", limit=1000).items]]


def test_rows_carry_document_and_offsets(filled: Ledger) -> None:
    doc = filled.document("warning")
    assert doc is not None
    for c in filled.claims(subject="ISIS", limit=100).items:
        text = filled.document(c.document).text  # type: ignore[union-attr]
        assert text[c.char_start : c.char_end] == c.text
    for q in filled.quotes(limit=100).items:
        text = filled.document(q.document).text  # type: ignore[union-attr]
        assert text[q.char_start : q.char_end] == q.text


def test_keyset_pagination_visits_every_row_once(filled: Ledger) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        page = filled.claims(limit=2, cursor=cursor)
        seen += [c.id for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    everything = [c.id for c in filled.claims(limit=1000).items]
    assert seen == everything and len(set(seen)) == len(seen) == 8
    with pytest.raises(ConfigError):
        filled.claims(cursor="!!not-a-cursor")
    ents: list[str] = []
    cursor = None
    while True:
        epage = filled.entities(limit=3, cursor=cursor)
        ents += [e.id for e in epage.items]
        if not (cursor := epage.next_cursor):
            break
    assert ents == [e.id for e in filled.entities(limit=100).items]


def test_timeline_lists_figures_with_speakers_dates_denials_and_conflicts(filled: Ledger) -> None:
    tl = filled.timeline("Islamic State", place="Afghanistan")
    assert tl.subject_id == "islamic-state"
    by_text = {p.text: p for p in tl.points}
    assert by_text["more than 2,000 militants"].speaker == "Nikolai Petrov"
    assert by_text["more than 2,000 militants"].date == dt.date(2023, 5, 20)
    assert by_text["more than 15,000 fighters"].date == dt.date(2024, 5, 10)
    # the Taliban's rejection answers the warning's figures, not the Kabul raid
    assert [d.by for d in by_text["more than 15,000 fighters"].denials] == ["Taliban"]
    assert [d.by for d in by_text["over 20 groups"].denials] == ["Taliban"]
    assert by_text["two ISIS members"].denials == []
    # the near-copy is shown with the report it repeats and is not counted again
    assert by_text["more than 2,000 militants"].duplicates == ["dialogue-copy"]
    assert {p.document for p in tl.points} == {"dialogue", "warning", "un-report"}
    fighters = next(s for s in tl.series if s.counted == "fighters" and s.measure == "strength")
    assert fighters.n_claims == 4
    # 500 three weeks after "more than 15,000": cannot both be true; the 2023 figures are too old to clash
    assert [c.other_claim_id for c in by_text["more than 15,000 fighters"].conflicts] == [
        by_text["about 500 Islamic State fighters"].claim_id
    ]
    assert by_text["more than 2,000 militants"].conflicts == []
    assert "rejected the claims" not in by_text["more than 15,000 fighters"].sentence
    assert by_text["more than 15,000 fighters"].sentence.startswith("Ivanov said")
    assert filled.timeline("Islamic State", counted="groups").points[0].text == "over 20 groups"
    assert filled.timeline("Nobody").points == []


def test_entities_resolve_across_documents(filled: Ledger) -> None:
    isis = filled.entity("ISIS")
    assert isis is not None and isis.id == "islamic-state"
    assert {"ISIS", "IS group", "IS"} <= set(isis.aliases)
    assert isis.n_documents == 4
    assert {c.text for c in isis.claims_about} >= {"more than 2,000 militants", "about 500 Islamic State fighters"}
    assert any(e.type == "security_operation" for e in isis.events)
    ivanov = filled.entity("sergei-ivanov")
    assert ivanov is not None and ivanov.roles == ["head of Russia's border service"]
    assert len(ivanov.quotes) == 2 and len(ivanov.claims_by) == 2
    assert sum(a.quotes for a in ivanov.activity) == 2
    # a different Ivanov is a different person
    assert filled.entity("andrei-ivanov") is not None
    people = filled.entities(type="person", limit=100).items
    assert {p.id for p in people} >= {"sergei-ivanov", "andrei-ivanov", "nikolai-petrov"}
    assert [e.id for e in filled.entities(q="tal").items] == ["taliban"]


def test_events_quotes_series_contradictions_search_overview(filled: Ledger) -> None:
    assert [e.type for e in filled.events(type="denial").items] == ["denial"]
    assert {e.document for e in filled.events(place="Iran").items} == {"dialogue", "dialogue-copy"}
    assert [q.speaker for q in filled.quotes(speaker="Mujahid").items] == ["Zabihullah Mujahid"]
    series = filled.series()
    assert series[0].last_date == dt.date(2024, 6, 1)
    kinds = [c.kind for c in filled.contradictions()]
    assert kinds.count("denial") == 2 and kinds.count("conflict") == 1
    hits = filled.search("rejected")
    assert [h.document for h in hits] == ["warning"] and "«rejected»" in hits[0].snippet
    assert {h.document for h in filled.search('"northern Afghanistan"')} == {"dialogue", "dialogue-copy"}
    matches = {h.document for h in filled.search("Afghanistan", window=None)}
    assert len(matches) > 1 and {h.document for h in filled.search("Afghanistan")} == matches
    # a word in more documents than the window ranks the most recently stored of them
    newest = next(d.document for d in filled.documents(limit=100).items if d.document in matches)
    assert [h.document for h in filled.search("Afghanistan", window=1)] == [newest]
    with pytest.raises(ConfigError):
        filled.search("  ")
    ov = filled.overview()
    assert ov.documents == 4 and ov.latest[0].document == "un-report"
    assert ov.speakers[0].id in {"sergei-ivanov", "nikolai-petrov"}
    json.dumps(ov.model_dump(mode="json"))


def test_relink_gives_the_same_answers(filled: Ledger) -> None:
    def snapshot() -> object:
        tl = filled.timeline("ISIS", place="Afghanistan").model_dump(mode="json")
        for p in tl["points"]:
            p.pop("claim_id")
            p.pop("series_id")
            for d in p["denials"] + p["conflicts"]:
                d.pop("id")
                d.pop("other_claim_id")
        for s in tl["series"]:
            s.pop("id")
        ents = [e.model_dump() for e in filled.entities(limit=100).items]
        return tl, ents

    before = snapshot()
    filled.relink()
    assert snapshot() == before
    filled.relink()
    assert snapshot() == before
    assert filled.ingest_documents([un_doc()]).unchanged == 1


def test_subject_is_not_inferred_for_other_counts(ledger: Ledger) -> None:
    doc = dialogue_doc()
    ledger.ingest_documents([doc])
    assert all(not c.subject_inferred for c in ledger.claims().items)
