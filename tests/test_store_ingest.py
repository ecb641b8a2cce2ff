"""``Ledger.ingest_paths``: files, folders, JSONL, feeds and URLs, with progress and a summary.

Extraction is replaced by a tiny processor so these tests do not need spaCy; the real pipeline
runs in ``test_cli_ledger.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from claimwatch.errors import CleanError
from claimwatch.models import Document
from claimwatch.sources.files import RawInput
from claimwatch.sources.web import Fetcher
from claimwatch.store.ledger import IngestEvent, Ledger
from tests.test_store_fixtures import warning_doc

SEEN: list[str] = []


def fake_process(raws: Iterable[RawInput]) -> Iterator[Any]:
    """Documents with the input's text (tags stripped); inputs containing FAIL fail."""
    for raw in raws:
        SEEN.append(raw.source)
        if "FAIL" in raw.content:
            yield SimpleNamespace(source=raw.source, error=CleanError("no article text found", source=raw.source))
            continue
        text = re.sub(r"<[^>]+>", " ", raw.content) if raw.media_type == "html" else raw.content
        yield Document(
            id=raw.id,
            source=raw.source,
            title=raw.title,
            published=raw.published,
            text=" ".join(text.split()),
            content_hash=raw.content_hash,
        )


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>
<item><title>One</title><link>https://news.example.org/one</link><pubDate>Tue, 10 Sep 2024 08:00:00 GMT</pubDate>
<description>teaser</description></item></channel></rss>"""


def handler(request: httpx.Request) -> httpx.Response:
    pages = {
        "/feed.xml": (FEED, "application/rss+xml"),
        "/one": ("<html><body><p>Story one: 12 fighters were seen.</p></body></html>", "text/html"),
        "/two": ("<html><body><p>Story two.</p></body></html>", "text/html"),
    }
    if request.url.path in pages:
        body, ctype = pages[request.url.path]
        return httpx.Response(200, text=body, headers={"content-type": ctype})
    return httpx.Response(404)


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as led:
        yield led


@pytest.fixture()
def fetcher() -> Fetcher:
    return Fetcher(httpx.Client(transport=httpx.MockTransport(handler)))


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Officials said 30 fighters crossed the border.")
    (folder / "sub" / "b.html").write_text("<html><body><p>A page about 5 raids.</p></body></html>")
    (folder / "bad.txt").write_text("FAIL this one")
    (folder / "empty.txt").write_text("")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    (folder / "docs.jsonl").write_text(warning_doc().to_json() + "\n" + '{"text": "A raw record."}\n')
    return folder


def test_folders_files_jsonl_and_failures(ledger: Ledger, tmp_path: Path, fetcher: Fetcher) -> None:
    events: list[IngestEvent] = []
    summary = ledger.ingest_paths(
        [str(_folder(tmp_path))], on_progress=events.append, fetcher=fetcher, processor=fake_process
    )
    assert (summary.new, summary.failed, summary.unchanged) == (4, 2, 0)
    assert {f.error for f in summary.failures} == {"empty input", "no article text found"}
    assert {f.code for f in summary.failures} == {"E100", "E200"}
    assert "warning" in summary.documents
    assert len(events) == 6 and events[-1].done == 6 and events[-1].total == 6
    assert {e.status for e in events} == {"new", "failed"}
    # the same again: nothing new, and nothing re-extracted
    SEEN.clear()
    again = ledger.ingest_paths([str(tmp_path / "in")], fetcher=fetcher, processor=fake_process)
    assert (again.new, again.unchanged, again.failed) == (0, 4, 2)
    assert [str(tmp_path / "in" / "bad.txt")] == SEEN


def test_urls_and_feeds(ledger: Ledger, fetcher: Fetcher) -> None:
    summary = ledger.ingest_paths(
        ["https://news.example.org/feed.xml", "https://news.example.org/two", "https://news.example.org/gone"],
        fetcher=fetcher,
        processor=fake_process,
    )
    assert (summary.new, summary.failed) == (2, 1)
    assert "HTTP 404" in summary.failures[0].error
    one = ledger.document(next(d for d in summary.documents if d.startswith("one-")))
    assert one is not None and one.published == "2024-09-10" and one.title == "One" and one.outlet == "news.example.org"
    assert "12 fighters" in one.text


def test_a_file_feed_and_workers(ledger: Ledger, tmp_path: Path, fetcher: Fetcher) -> None:
    feed = tmp_path / "desk.rss"
    feed.write_text(FEED)
    folder = _folder(tmp_path)
    summary = ledger.ingest_paths([str(feed), str(folder)], fetcher=fetcher, processor=fake_process)
    assert (summary.new, summary.failed) == (5, 2)


def test_the_batch_processor_runs_the_core_pipeline_in_order() -> None:
    from claimwatch.batch import RunOptions, processor
    from claimwatch.core import process_many
    from claimwatch.sources.files import RawInput

    raws = [
        RawInput(
            id=f"r{i}", source=f"r{i}", content=f"Police said {i + 2} suspects were held in Izmir.", media_type="text"
        )
        for i in range(3)
    ]
    pooled = [d.to_json() for d in processor(RunOptions(workers=1))(raws)]
    assert pooled == [d.to_json() for d in process_many(raws)]  # type: ignore[union-attr]
