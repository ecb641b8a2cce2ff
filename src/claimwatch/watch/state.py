"""The watch's memory in the ledger: each source's polling state, what it has yielded, marks.

Every write is its own short transaction, so a process killed at any point leaves the state of
each source either before or after its last poll, never half of it; what a source yielded is
marked only after the document is committed, and a document already in the ledger is found by
its content hash, so nothing is stored twice after a crash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from claimwatch.errors import StoreError
from claimwatch.store.watch_tables import watch_marks, watch_seen, watch_sources
from claimwatch.watch.config import Source

ALERT_MARK = "alerts.document"
"""The last document row the alert rules have looked at."""


def utcnow() -> dt.datetime:
    """Now in UTC, naive (as the ledger stores times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def key_hash(key: str) -> str:
    """The fixed-length key of a seen entry."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


class SourceState(BaseModel):
    """One source's row: its configuration and how its polls went."""

    id: int
    name: str
    kind: str
    target: str
    trust: str | None = None
    language: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    last_status: int | None = None
    failures: int = 0
    next_poll: dt.datetime | None = None
    n_polls: int = 0
    n_documents: int = 0

    def due(self, now: dt.datetime) -> bool:
        """Whether the source should be polled at ``now``."""
        return self.next_poll is None or self.next_poll <= now


@contextmanager
def _guard(what: str, engine: Engine) -> Iterator[None]:
    """Database errors as a StoreError naming the ledger."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StoreError(f"{what}: {exc}", source=engine.url.render_as_string(hide_password=True)) from exc


def sync_sources(engine: Engine, sources: Sequence[Source]) -> dict[str, SourceState]:
    """Make a row for every configured source (keeping the state of known ones); returns them by name.

    A source whose kind or target changed in the configuration starts afresh (no validators).
    """
    s = watch_sources.c
    with _guard("cannot record the sources", engine), engine.begin() as conn:
        known = {r.name: r for r in conn.execute(select(s.name, s.kind, s.target, s.trust, s.language))}
        for src in sources:
            row = known.get(src.name)
            values = {"kind": src.kind, "target": src.target, "trust": src.trust, "language": src.language}
            if row is None:
                conn.execute(insert(watch_sources).values(name=src.name, **values))
            elif (row.kind, row.target) != (src.kind, src.target):
                conn.execute(
                    update(watch_sources)
                    .where(s.name == src.name)
                    .values(**values, etag=None, last_modified=None, body_hash=None, next_poll=None, failures=0)
                )
            elif (row.trust, row.language) != (src.trust, src.language):
                conn.execute(update(watch_sources).where(s.name == src.name).values(**values))
    wanted = {src.name for src in sources}
    return {st.name: st for st in list_sources(engine) if st.name in wanted}


def list_sources(engine: Engine) -> list[SourceState]:
    """Every source the ledger knows, by name."""
    with _guard("cannot read the sources", engine), engine.connect() as conn:
        rows = conn.execute(select(watch_sources).order_by(watch_sources.c.name)).mappings().all()
    return [SourceState.model_validate(dict(r)) for r in rows]


def record_poll(engine: Engine, source_id: int, **values: Any) -> None:
    """Store the outcome of one poll (validators, times, errors, counts) in one transaction."""
    s = watch_sources.c
    values = dict(values)
    added = values.pop("added", 0)
    with _guard("cannot record a poll", engine), engine.begin() as conn:
        conn.execute(
            update(watch_sources)
            .where(s.id == source_id)
            .values(**values, n_polls=s.n_polls + 1, n_documents=s.n_documents + added)
        )


def record_polls(engine: Engine, polls: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Several unchanged polls in one transaction (a quiet round writes once, not once per source)."""
    s = watch_sources.c
    polls = list(polls)
    if not polls:
        return
    with _guard("cannot record polls", engine), engine.begin() as conn:
        for source_id, values in polls:
            conn.execute(update(watch_sources).where(s.id == source_id).values(**values, n_polls=s.n_polls + 1))


def seen(engine: Engine, source_id: int) -> dict[str, tuple[str | None, str | None]]:
    """What a source has yielded so far: key hash → (content hash, stamp)."""
    c = watch_seen.c
    with _guard("cannot read what a source yielded", engine), engine.connect() as conn:
        rows = conn.execute(select(c.key_hash, c.content_hash, c.stamp).where(c.source_id == source_id))
        return {r.key_hash: (r.content_hash, r.stamp) for r in rows}


def mark_seen(
    engine: Engine, source_id: int, key: str, *, content_hash: str | None, stamp: str | None, doc_id: str | None
) -> None:
    """Remember that ``key`` (an entry URL or a file) of a source was read (after its document is stored)."""
    c = watch_seen.c
    h = key_hash(key)
    values = {"content_hash": content_hash, "stamp": stamp, "doc_id": doc_id, "seen_at": utcnow(), "key": key}
    with _guard("cannot record what a source yielded", engine):
        for attempt in (1, 2):
            try:
                with engine.begin() as conn:
                    done = conn.execute(
                        update(watch_seen).where(c.source_id == source_id, c.key_hash == h).values(**values)
                    ).rowcount
                    if not done:
                        conn.execute(insert(watch_seen).values(source_id=source_id, key_hash=h, **values))
                return
            except IntegrityError:
                if attempt == 2:
                    raise


def source_of(engine: Engine, doc_ids: Sequence[str]) -> dict[str, str]:
    """The watched source (name) that yielded each document, when one did."""
    if not doc_ids:
        return {}
    c, s = watch_seen.c, watch_sources.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(c.doc_id, s.name).join(watch_sources, s.id == c.source_id).where(c.doc_id.in_(list(doc_ids)))
        )
        return {r.doc_id: r.name for r in rows}


def get_mark(engine: Engine, name: str) -> int | None:
    """A named mark (e.g. the last document row the rules have seen), or None."""
    with _guard("cannot read a mark", engine), engine.connect() as conn:
        value = conn.scalar(select(watch_marks.c.value).where(watch_marks.c.name == name))
        return None if value is None else int(value)


def init_mark(engine: Engine, name: str, value: int) -> int:
    """Set a mark unless it is set; returns its value."""
    with _guard("cannot set a mark", engine):
        try:
            with engine.begin() as conn:
                conn.execute(insert(watch_marks).values(name=name, value=value))
        except IntegrityError:
            pass
    found = get_mark(engine, name)
    assert found is not None
    return found


def set_mark(conn: Any, name: str, value: int) -> None:
    """Move a mark on ``conn`` (inside the caller's transaction, with what it marks)."""
    conn.execute(update(watch_marks).where(watch_marks.c.name == name).values(value=value))


def max_document_row(engine: Engine) -> int:
    """The highest document row id (0 for an empty ledger)."""
    from claimwatch.store import schema as t

    with engine.connect() as conn:
        return int(conn.scalar(select(func.coalesce(func.max(t.documents.c.id), 0))) or 0)
