"""Exports: JSONL documents, CSV and Parquet tables, STIX 2.1 bundles and ACLED-style rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimwatch.errors import ConfigError, SourceError
from claimwatch.export import acled, jsonl, stix, tabular, write_export
from claimwatch.models import Document
from claimwatch.store.ledger import Ledger
from tests.test_store_fixtures import corpus


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(f"sqlite:///{tmp_path / 'x.db'}") as led:
        led.ingest_documents(corpus())
        yield led


def _timeline(led: Ledger) -> list[tuple[object, ...]]:
    tl = led.timeline("ISIS", place="Afghanistan")
    return [
        (
            p.document,
            p.date,
            p.speaker,
            p.low,
            p.high,
            p.text,
            tuple(d.by for d in p.denials),
            len(p.conflicts),
            tuple(p.duplicates),
        )
        for p in tl.points
    ]


def test_jsonl_round_trips_through_ingest(ledger: Ledger, tmp_path: Path) -> None:
    buf = io.StringIO()
    assert jsonl.write_jsonl(ledger, buf) == 4
    path = tmp_path / "out.jsonl"
    path.write_text(buf.getvalue())
    with Ledger.open(f"sqlite:///{tmp_path / 'y.db'}") as other:
        summary = other.ingest_paths([str(path)], processor=lambda raws: iter(()))
        assert summary.new == 4
        assert _timeline(other) == _timeline(ledger)


def test_csv_has_every_column_and_offsets(ledger: Ledger) -> None:
    buf = io.StringIO()
    n = tabular.write_csv(ledger, "claims", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows) == 8
    assert list(rows[0]) == tabular.columns("claims")
    events = io.StringIO()
    tabular.write_csv(ledger, "events", events)
    assert "China; India" in events.getvalue()
    with pytest.raises(ConfigError):
        tabular.write_csv(ledger, "nope", io.StringIO())


def test_parquet_reads_back(ledger: Ledger, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "claims.parquet"
    assert tabular.write_parquet(ledger, "claims", str(path), batch=3) == 8
    table = pq.read_table(path)
    assert table.num_rows == 8 and table.column_names == tabular.columns("claims")
    assert str(table.schema.field("date").type) == "date32[day]"
    ents = tmp_path / "entities.parquet"
    tabular.write_parquet(ledger, "entities", str(ents))
    assert pq.read_table(ents).column("aliases").to_pylist()[0] is not None
    with pytest.raises(ConfigError):
        write_export(ledger, "parquet", None)


def test_stix_bundle_is_valid_and_round_trips(ledger: Ledger, tmp_path: Path) -> None:
    bundle = stix.build_bundle(ledger)
    types = {o["type"] for o in bundle["objects"]}
    assert {"identity", "threat-actor", "location", "report", "note", "relationship"} <= types
    rels = {o["relationship_type"] for o in stix.iter_objects(bundle, "relationship")}
    assert rels == {"denies", "contradicts", "located-at"}
    assert stix.build_bundle(ledger) == bundle, "ids are deterministic"
    ids = {o["id"] for o in bundle["objects"]}
    for o in bundle["objects"]:
        for ref in o.get("object_refs", []) + [o.get("source_ref"), o.get("target_ref")]:
            assert ref is None or ref in ids, f"dangling {ref}"
    try:
        import stix2
    except ModuleNotFoundError:
        pass
    else:
        parsed = stix2.parse(json.dumps(bundle), allow_custom=True)
        assert len(parsed.objects) == len(bundle["objects"])
    docs = stix.read_bundle(json.dumps(bundle))
    assert [d.id for d in docs] == ["dialogue", "warning", "dialogue-copy", "un-report"]
    originals = {d.id: d for d in corpus()}
    for d in docs:
        want = originals[d.id].to_json_dict()
        got = d.to_json_dict()
        for key in ("text", "claims", "quotes", "events", "entities", "published", "source", "title", "related"):
            assert got[key] == want[key], (d.id, key)
    with Ledger.open(f"sqlite:///{tmp_path / 'z.db'}") as other:
        other.ingest_documents(docs)
        assert _timeline(other) == _timeline(ledger)
    with pytest.raises(SourceError):
        stix.read_bundle({"type": "indicator"})


def test_acled_rows(ledger: Ledger) -> None:
    rows = list(acled.iter_acled(ledger))
    raid = next(r for r in rows if r["tags"] == "security_operation")
    assert raid["event_type"] == "Battles" and raid["actor1"] == "Taliban" and raid["actor2"] == "Islamic State"
    assert raid["country"] == "Afghanistan" and raid["iso"] == "4" and raid["location"] == "Kabul"
    assert raid["latitude"] == 34.53 and raid["fatalities"] == 2 and raid["event_date"] == "2024-05-10"
    assert raid["claimwatch_document"] == "warning"
    buf = io.StringIO()
    assert acled.write_acled(ledger, buf) == len(rows)
    assert buf.getvalue().splitlines()[0].split(",") == acled.COLUMNS


def test_unknown_format(ledger: Ledger) -> None:
    with pytest.raises(ConfigError):
        write_export(ledger, "xml", None)


def test_documents_are_contract_documents(ledger: Ledger) -> None:
    for doc in jsonl.iter_documents(ledger):
        assert Document.model_validate(doc.to_json_dict()).id == doc.id
