"""JSON Lines inputs: raw records and extracted documents (claimwatch.sources.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from claimwatch.errors import SourceError
from claimwatch.models import Document
from claimwatch.sources.files import RawInput
from claimwatch.sources.jsonl import is_document, read_jsonl
from tests.test_store_fixtures import warning_doc


def test_records_documents_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        warning_doc().to_json(),
        json.dumps(
            {"id": "r1", "url": "https://x.org/a", "title": "T", "text": "Plain words.", "published": "2024-01-01"}
        ),
        json.dumps({"html": "<html><body><p>Hi</p></body></html>"}),
        "",
        "{not json",
        json.dumps({"title": "nothing to read"}),
        json.dumps(["a list"]),
        json.dumps({"schema": "claimwatch.document/1", "text": "x", "claims": [{"text": "bad"}]}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    assert isinstance(items[0], Document) and items[0].id == "warning"
    raw = items[1]
    assert isinstance(raw, RawInput) and (raw.id, raw.source, raw.media_type, raw.published) == (
        "r1",
        "https://x.org/a",
        "text",
        "2024-01-01",
    )
    assert isinstance(items[2], RawInput) and items[2].media_type == "html" and items[2].source == f"{path}:3"
    errors = items[3:]
    assert all(isinstance(e, SourceError) for e in errors)
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (5, 6, 7, 8)]  # type: ignore[union-attr]
    assert "not JSON" in str(errors[0]) and "no text" in str(errors[1]) and "not a valid document" in str(errors[3])


def test_is_document() -> None:
    assert is_document({"schema": "claimwatch.document/1"})
    assert is_document({"text": "x", "claims": []})
    assert not is_document({"text": "x", "title": "t"})


def test_an_unreadable_file(tmp_path: Path) -> None:
    (err,) = list(read_jsonl(tmp_path / "missing.jsonl"))
    assert isinstance(err, SourceError)
