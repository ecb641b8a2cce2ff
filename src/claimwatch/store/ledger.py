"""The ledger: the library facade that the CLI, the REST API and the web UI all call.

::

    with Ledger.open("sqlite:///claimwatch.db") as ledger:       # migrates to the latest schema
        ledger.ingest_paths(["articles/", "https://example.org/feed.xml"])
        tl = ledger.timeline("Islamic State", place="Afghanistan")
        for point in tl.points:
            print(point.date, point.speaker, point.low, point.high, point.denials)

Ingestion is idempotent (content hash) and transactional per document; cross-document links
(entities, claim series, denials and conflicts, near-duplicates) are made as each document is
written and can be rebuilt with :meth:`Ledger.relink`. Every query returns pydantic rows from
:mod:`claimwatch.store.rows` that carry the document id and character offsets of their item.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from claimwatch.errors import ClaimwatchError, SourceError, StoreError
from claimwatch.link import dedup
from claimwatch.models import Document
from claimwatch.sources.files import RawInput
from claimwatch.sources.web import Fetcher, FetchOptions
from claimwatch.store import explore, inputs, queries
from claimwatch.store import schema as t
from claimwatch.store import search as fts
from claimwatch.store.db import make_engine, migrate, optimize
from claimwatch.store.explore import ClaimQuery
from claimwatch.store.rows import (
    ClaimResults,
    ClaimRow,
    ContradictionRow,
    DocumentRow,
    EntityDetail,
    EntityRow,
    EventRow,
    IngestFailure,
    IngestSummary,
    MarkedClaim,
    Overview,
    Page,
    QuoteRow,
    SearchHit,
    SeriesRow,
    StoredDocument,
    Timeline,
)
from claimwatch.store.settings import redact
from claimwatch.store.writer import LinkOptions, Writer, WriteResult, outlet_of, parse_date

LOGGER = logging.getLogger(__name__)

EventStatus = Literal["new", "unchanged", "version", "failed"]
Processor = Callable[[Iterable[RawInput]], Iterator[Any]]
"""Turns inputs into Documents (or failures with ``.source`` and ``.error``), in order."""


@dataclass(frozen=True)
class IngestEvent:
    """Progress of an ingest: one input done."""

    status: EventStatus
    source: str
    document: str | None
    done: int
    total: int | None
    error: str | None = None


ProgressCallback = Callable[[IngestEvent], None]


@dataclass(frozen=True)
class LedgerOptions:
    """Options of a ledger.

    Attributes:
        link: how cross-document links are made.
        fetch: how URLs and feeds are fetched.
        batch_size: inputs parsed together by the pipeline.
    """

    link: LinkOptions = field(default_factory=LinkOptions)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    batch_size: int = 16


class Ledger:
    """A ledger of documents, claims, quotes, entities and events in one database.

    Build one with :meth:`open`; the constructor does no I/O.
    """

    def __init__(self, engine: Engine, options: LedgerOptions | None = None) -> None:
        self.engine = engine
        self.options = options or LedgerOptions()
        self.writer = Writer(self.options.link)

    # -- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, options: LedgerOptions | None = None, upgrade: bool = True) -> Ledger:
        """Open (and create or migrate) the ledger at ``url``.

        Args:
            url: ``sqlite:///path.db``, a bare path, or ``postgresql://…``; by default
                ``CLAIMWATCH_DB`` or ``sqlite:///claimwatch.db``.
            options: link, fetch and batch options.
            upgrade: run migrations up to the latest schema (the default).

        Raises:
            StoreError: the database cannot be opened or migrated.
        """
        engine = make_engine(url)
        try:
            if upgrade:
                migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, options)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return redact(self.engine.url.render_as_string(hide_password=True))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def _write(self, doc: Document, outlet: str | None = None) -> WriteResult:
        for attempt in (1, 2):
            try:
                with self.engine.begin() as conn:
                    result = self.writer.write(conn, doc, outlet=outlet)
                self.writer.committed(result)
                return result
            except IntegrityError as exc:
                # another writer added the same entity, series or document meanwhile: retry once
                self.writer.index = None
                if attempt == 2:
                    raise StoreError(f"cannot write document: {exc.orig}", source=doc.source or doc.id) from exc
            except OperationalError as exc:
                raise StoreError(f"database error: {exc.orig}", source=self.url) from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot write document: {exc}", source=doc.source or doc.id) from exc
        raise AssertionError("unreachable")

    def _record(
        self,
        summary: IngestSummary,
        item: Document | ClaimwatchError,
        source: str,
        total: int | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        if isinstance(item, Document):
            try:
                result = self._write(item)
            except StoreError as exc:
                if "database error" in exc.message:
                    raise
                item = exc
            else:
                status: EventStatus = result.status
                if result.status == "new":
                    summary.new += 1
                elif result.status == "version":
                    summary.versions += 1
                else:
                    summary.unchanged += 1
                if result.status != "unchanged":
                    summary.documents.append(result.doc_id)
                    if result.duplicate_of:
                        summary.duplicates += 1
                if on_progress:
                    on_progress(IngestEvent(status, source, result.doc_id, summary.total, total))
                return
        summary.failed += 1
        summary.failures.append(IngestFailure(source=item.source or source, error=item.message, code=item.code))
        LOGGER.warning("skipped %s", item)
        if on_progress:
            on_progress(IngestEvent("failed", item.source or source, None, summary.total, total, item.message))

    def ingest_documents(
        self, docs: Iterable[Document], *, on_progress: ProgressCallback | None = None
    ) -> IngestSummary:
        """Store extracted documents, one transaction each; known content is skipped.

        Returns:
            How many were new, unchanged (same content hash), new versions (same source,
            changed content) or failed, and the ids written.
        """
        summary = IngestSummary()
        started = time.perf_counter()
        for doc in docs:
            self._record(summary, doc, doc.source or doc.id, None, on_progress)
        self._optimize(summary)
        summary.seconds = round(time.perf_counter() - started, 3)
        return summary

    def _optimize(self, summary: IngestSummary) -> None:
        """Planner statistics after a run that wrote, so queries keep their indexes as the ledger grows."""
        if summary.new + summary.versions:
            optimize(self.engine)

    def known(self, content_hash: str) -> str | None:
        """The doc id already holding this content, if any."""
        with self.engine.connect() as conn:
            return conn.scalar(select(t.documents.c.doc_id).where(t.documents.c.content_hash == content_hash))

    def ingest_paths(
        self,
        paths: list[str],
        *,
        processor: Processor,
        on_progress: ProgressCallback | None = None,
        fetcher: Fetcher | None = None,
    ) -> IngestSummary:
        """Read, extract and store files, folders, JSONL, feeds and URLs.

        Inputs whose content is already in the ledger are skipped before extraction, so an
        interrupted run, started again, only does the rest.

        Args:
            paths: files, folders, ``-`` (stdin), JSONL files, RSS/Atom feeds (files or URLs),
                article URLs.
            processor: the extraction function, injected by the caller because extraction sits
                above the store: ``claimwatch.core.process_many``, or a process pool or Ray
                engine from :func:`claimwatch.batch.processor`.
            on_progress: called once per input with an :class:`IngestEvent`.
            fetcher: the HTTP fetcher (inject one with a mock transport in tests).
        """
        own = fetcher is None
        fetcher = fetcher or Fetcher(options=self.options.fetch)
        summary = IngestSummary()
        started = time.perf_counter()
        total = inputs.count(paths)

        def to_extract() -> Iterator[RawInput]:
            for item in inputs.collect(paths, fetcher):
                if isinstance(item, SourceError):
                    self._record(summary, item, item.source or "?", total, on_progress)
                elif isinstance(item, Document):
                    self._record(summary, item, item.source or item.id, total, on_progress)
                else:
                    doc_id = self.known(item.content_hash)
                    if doc_id is None:
                        yield item
                        continue
                    summary.unchanged += 1
                    if on_progress:
                        on_progress(IngestEvent("unchanged", item.source, doc_id, summary.total, total))

        pending = to_extract()
        try:
            results = processor(pending)
            for out in results:
                if isinstance(out, Document):
                    self._record(summary, out, out.source or out.id, total, on_progress)
                else:
                    error = getattr(out, "error", None)
                    if not isinstance(error, ClaimwatchError):
                        error = SourceError(str(error or out), source=getattr(out, "source", None))
                    self._record(summary, error, getattr(out, "source", "?"), total, on_progress)
            # a processor that stopped early leaves inputs behind: they are failures, not silence
            for raw in pending:
                self._record(summary, SourceError("not processed", source=raw.source), raw.source, total, on_progress)
        finally:
            if own:
                fetcher.close()
        self._optimize(summary)
        summary.seconds = round(time.perf_counter() - started, 3)
        return summary

    def relink(self) -> None:
        """Recompute every cross-document link from the stored documents, in one transaction.

        Entity resolution, claim series, denials and conflicts, and near-duplicate clusters are
        rebuilt in ingestion order, so the result is the one a fresh ingest would give.
        Document ids do not change; claim, quote and event ids may.
        """
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.documents.c.id, t.documents.c.doc_id, t.documents.c.is_current, t.documents.c.first_seen
                ).order_by(t.documents.c.id)
            ).all()
        writer = Writer(self.options.link)
        writer.index = dedup.DuplicateIndex(self.options.link.duplicate_threshold)
        try:
            with self.engine.begin() as conn:
                docs = [(r, queries.document(conn, r.doc_id)) for r in rows]
                for table in (
                    t.entity_activity,
                    t.contradictions,
                    t.event_participants,
                    t.events,
                    t.claims,
                    t.quotes,
                    t.mentions,
                    t.doc_entities,
                    t.related,
                    t.series,
                    t.entity_aliases,
                    t.entities,
                ):
                    conn.execute(delete(table))
                conn.execute(update(t.documents).values(cluster_id=None, duplicate_of=None))
                d = t.documents.c
                for r, doc in docs:
                    assert doc is not None
                    cluster = r.id
                    if r.is_current:
                        sig = dedup.signature(doc.text)
                        similar = writer.index.similar(sig)
                        if similar:
                            cluster = conn.scalar(select(d.cluster_id).where(d.id == similar[0][0])) or similar[0][0]
                        writer.index.add(r.id, sig)
                    conn.execute(
                        update(t.documents)
                        .where(d.id == r.id)
                        .values(cluster_id=cluster, duplicate_of=None if cluster == r.id else cluster)
                    )
                    writer.write_items(conn, r.id, doc, parse_date(doc.published))
                    if r.is_current:
                        writer.activity(conn, r.id, 1)
        except SQLAlchemyError as exc:
            raise StoreError(f"relink failed: {exc}", source=self.url) from exc
        self.writer = writer

    # -- reading -------------------------------------------------------------------------------

    def _read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            with self.engine.connect() as conn:
                return fn(conn, *args, **kwargs)
        except SQLAlchemyError as exc:
            raise StoreError(f"query failed: {exc}", source=self.url) from exc

    def documents(self, *, limit: int = 50, cursor: str | None = None) -> Page[DocumentRow]:
        """Current documents, most recently ingested first."""
        return self._read(queries.documents, limit=limit, cursor=cursor)  # type: ignore[no-any-return]

    def document(self, doc_id: str) -> StoredDocument | None:
        """The full contract document with its provenance (versions, duplicates), or None."""
        return self._read(queries.document, doc_id)  # type: ignore[no-any-return]

    def entities(
        self, *, type: str | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> Page[EntityRow]:
        """Corpus entities, most mentioned first, by type and name or alias prefix."""
        return self._read(queries.entities, type=type, q=q, limit=limit, cursor=cursor)  # type: ignore[no-any-return]

    def entity(self, entity_id: str) -> EntityDetail | None:
        """One entity (by key or any of its names): roles, aliases, quotes by it, claims about
        and by it, events, and activity over time."""
        return self._read(queries.entity, entity_id)  # type: ignore[no-any-return]

    def quotes(self, *, speaker: str | None = None, limit: int = 50, cursor: str | None = None) -> Page[QuoteRow]:
        """Statements, newest first, optionally by one speaker (any of their names)."""
        return self._read(queries.quotes, speaker=speaker, limit=limit, cursor=cursor)  # type: ignore[no-any-return]

    def claims(
        self,
        *,
        subject: str | None = None,
        counted: str | None = None,
        place: str | None = None,
        speaker: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int = 50,
        cursor: str | None = None,
        measure: str | None = None,
    ) -> Page[ClaimRow]:
        """Figures, newest first, by subject, counted category, measure, place, speaker and date range."""
        return self._read(  # type: ignore[no-any-return]
            queries.claims,
            subject=subject,
            counted=counted,
            place=place,
            speaker=speaker,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
            measure=measure,
        )

    def events(
        self, *, type: str | None = None, place: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> Page[EventRow]:
        """Events, newest first, by type and place."""
        return self._read(queries.events, type=type, place=place, limit=limit, cursor=cursor)  # type: ignore[no-any-return]

    def series(self, *, limit: int = 50) -> list[SeriesRow]:
        """Claim series, those with the most recent figures first."""
        return self._read(queries.series, limit=limit)  # type: ignore[no-any-return]

    def timeline(self, subject: str, *, counted: str | None = None, place: str | None = None) -> Timeline:
        """The figures about ``subject`` by date and source, with denials and conflicts marked."""
        return self._read(queries.timeline, subject, counted=counted, place=place)  # type: ignore[no-any-return]

    def contradictions(
        self, *, limit: int = 50, kind: str | None = None, sentences: bool = False
    ) -> list[ContradictionRow]:
        """Denials and conflicting figures, newest first (with both claims' sentences when asked)."""
        return self._read(queries.contradictions, limit=limit, kind=kind, sentences=sentences)  # type: ignore[no-any-return]

    def explore(self, query: ClaimQuery, *, sort: str = "newest", page: int = 1, per_page: int = 50) -> ClaimResults:
        """One page of the claims explorer: the whole filtered result sorted, totals and facets."""
        return self._read(explore.explore, query, sort=sort, page=page, per_page=per_page)  # type: ignore[no-any-return]

    def claims_view(self, query: ClaimQuery, *, sort: str = "newest") -> list[MarkedClaim]:
        """Every claim of an explorer view, in its order (what a download of the view holds)."""
        return self._read(lambda conn: list(explore.iter_view(conn, query, sort=sort)))  # type: ignore[no-any-return]

    def search(self, text: str, *, limit: int = 50, window: int | None = fts.RANK_WINDOW) -> list[SearchHit]:
        """Full-text search over titles and bodies of current documents (see :func:`.search.search`)."""
        return self._read(fts.search, text, limit=limit, window=window)  # type: ignore[no-any-return]

    def overview(self) -> Overview:
        """Latest articles, most-cited speakers, series with the latest figures, contradictions."""
        return self._read(queries.overview)  # type: ignore[no-any-return]


__all__ = [
    "IngestEvent",
    "Ledger",
    "LedgerOptions",
    "LinkOptions",
    "Processor",
    "ProgressCallback",
    "outlet_of",
]
