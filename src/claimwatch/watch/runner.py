"""The watch loop: poll the sources that are due, ingest what is new, fire and deliver alerts.

::

    with Ledger.open(url) as ledger:
        watcher = Watcher(load("sources.toml"), ledger)
        report = watcher.round()          # one round (``claimwatch watch --once``)
        watcher.run(on_round=print)       # until watcher.stop() (SIGTERM, SIGINT)

Documents go through the same library ingest as ``claimwatch ingest``: inputs already in the
ledger (same content hash) are skipped before extraction, the rest are extracted by
:func:`claimwatch.core.process_many` and written one transaction each by
:meth:`Ledger.ingest_documents`. One failing source is logged with its reason and backed off;
the others go on. :meth:`Watcher.stop` lets the document in hand finish, then the round ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimwatch.core import process_many
from claimwatch.errors import ClaimwatchError, SourceError, StoreError
from claimwatch.models import Document
from claimwatch.sources.files import RawInput
from claimwatch.store.ledger import Ledger, Processor
from claimwatch.store.writer import content_hash
from claimwatch.watch import state
from claimwatch.watch.config import Source, WatchConfig
from claimwatch.watch.deliver import Deliverer
from claimwatch.watch.fetch import PoliteClient, backoff
from claimwatch.watch.poll import Item, Poll, Poller
from claimwatch.watch.rules import RuleEngine

LOGGER = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


@dataclass
class RoundReport:
    """What one round did, for the progress line and for scripts."""

    number: int
    polled: int = 0
    unchanged: int = 0
    changed: int = 0
    failed: int = 0
    new: int = 0
    versions: int = 0
    known: int = 0
    item_errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    next_poll: dt.datetime | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        """The one progress line of a round."""
        parts = [
            f"round {self.number}: polled {self.polled}",
            f"unchanged {self.unchanged}",
            f"changed {self.changed}",
            f"failed {self.failed}",
            f"documents new {self.new}",
            f"versions {self.versions}",
            f"alerts {self.alerts}",
        ]
        tail = f" in {self.seconds:.1f} s"
        if self.next_poll is not None:
            tail += f"; next poll {self.next_poll:%Y-%m-%d %H:%M:%S} UTC"
        if self.stopped:
            tail += " (stopped)"
        return ", ".join(parts) + tail


class Watcher:
    """Keeps a ledger current with the sources of a configuration."""

    def __init__(
        self,
        config: WatchConfig,
        ledger: Ledger,
        *,
        client: PoliteClient | None = None,
        processor: Processor | None = None,
        deliverer: Deliverer | None = None,
        clock: Clock = state.utcnow,
        rng: random.Random | None = None,
        batch_size: int = 1,
    ) -> None:
        self.config = config
        self.ledger = ledger
        self.client = client or PoliteClient(config.fetch)
        self.poller = Poller(self.client)
        self.processor: Processor = processor or (lambda raws: process_many(raws, batch_size=batch_size))
        self.deliverer = deliverer or Deliverer(config.deliver)
        self.rules = RuleEngine(config.rules)
        self.clock = clock
        self.rng = rng or random.Random()
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.rounds = 0
        self._states: dict[str, state.SourceState] = {}

    # -- lifecycle -------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the watcher to stop after the document in hand (safe from a signal handler)."""
        self.stopping.set()
        self.wake.set()

    def close(self) -> None:
        """Close the HTTP connections and the delivery sinks."""
        self.client.close()
        self.deliverer.close()

    def mark_due(self, names: Iterable[str]) -> None:
        """Make sources due now (a watched folder changed) and wake the loop."""
        for name in names:
            st = self._states.get(name)
            if st is not None:
                st.next_poll = None
        self.wake.set()

    def run(self, on_round: Callable[[RoundReport], Any] | None = None, *, max_sleep: float = 60.0) -> None:
        """Rounds until :meth:`stop`, sleeping until the next source is due (or a folder changes)."""
        while not self.stopping.is_set():
            report = self.round()
            if on_round:
                on_round(report)
            if self.stopping.is_set():
                break
            wait = max_sleep
            if report.next_poll is not None:
                wait = min(max_sleep, max(0.05, (report.next_poll - self.clock()).total_seconds()))
            self.wake.wait(wait)
            self.wake.clear()

    # -- one round ---------------------------------------------------------------------------------

    def _load_states(self) -> None:
        known = self._states
        if not known or set(known) != {s.name for s in self.config.sources}:
            self._states = state.sync_sources(self.ledger.engine, self.config.sources)

    def round(self, *, force: bool = False) -> RoundReport:
        """Poll every due source once (every source with ``force``), ingest, alert, deliver."""
        started = time.perf_counter()
        self.rounds += 1
        report = RoundReport(self.rounds)
        self._load_states()
        self.rules.prepare(self.ledger.engine)
        quiet: list[tuple[int, dict[str, Any]]] = []
        now = self.clock()
        due = [(s, self._states[s.name]) for s in self.config.sources if force or self._states[s.name].due(now)]
        # fetching runs in threads (the host limiter keeps each host polite); what was fetched is
        # stored here, in configuration order, so the ledger has one writer
        pool = ThreadPoolExecutor(max_workers=max(1, self.config.fetch.concurrency), thread_name_prefix="watch-fetch")
        try:
            pending = [(source, st, pool.submit(self._fetch, source, st)) for source, st in due]
            for source, st, future in pending:
                if self.stopping.is_set():
                    report.stopped = True
                    break
                self._apply(source, st, future.result(), report, quiet)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        state.record_polls(self.ledger.engine, quiet)
        report.alerts = self.rules.evaluate(self.ledger.engine)
        self.deliverer.deliver_pending(self.ledger.engine)
        dues = [s.next_poll for s in self._states.values() if s.next_poll is not None]
        report.next_poll = min(dues) if dues else None
        report.seconds = time.perf_counter() - started
        return report

    def _schedule(self, source: Source, st: state.SourceState, failures: int, wait: float | None = None) -> dt.datetime:
        now = self.clock()
        delay = source.interval if failures == 0 else backoff(failures, self.config.fetch, source.interval, self.rng)
        if wait is not None:
            delay = max(delay, wait)
        return now + dt.timedelta(seconds=delay)

    def _fetch(self, source: Source, st: state.SourceState) -> tuple[dt.datetime, Poll | SourceError]:
        """Poll one source (in a fetch thread): when, and what it found or why it failed."""
        now = self.clock()
        if self.stopping.is_set():
            return now, SourceError("not polled: stopping", source=source.target)
        try:
            seen = state.seen(self.ledger.engine, st.id) if source.kind != "url" else {}
            return now, self.poller.poll(source, st, seen)
        except SourceError as exc:
            return now, exc
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001  (a parser's surprise must not stop the other sources)
            LOGGER.exception("source %s: unexpected error", source.name)
            return now, SourceError(f"unexpected error: {type(exc).__name__}: {exc}", source=source.target)

    def _apply(
        self,
        source: Source,
        st: state.SourceState,
        fetched: tuple[dt.datetime, Poll | SourceError],
        report: RoundReport,
        quiet: list[tuple[int, dict[str, Any]]],
    ) -> None:
        """Store what one poll found (documents, state), in the main thread."""
        report.polled += 1
        now, poll = fetched
        engine = self.ledger.engine
        if isinstance(poll, SourceError):
            exc = poll
            status = getattr(exc, "status", None)
            failures = st.failures + 1
            nxt = self._schedule(source, st, failures, getattr(exc, "retry_after", None))
            LOGGER.warning("source %s failed (%s); retry at %s", source.name, exc.message, f"{nxt:%H:%M:%S}")
            values = {"last_poll": now, "last_error": exc.message, "last_error_at": now, "last_status": status}
            values |= {"failures": failures, "next_poll": nxt}
            state.record_poll(engine, st.id, **values)
            self._update(st, values)
            report.failed += 1
            report.errors.append((source.name, exc.message))
            return
        for err in poll.errors:
            LOGGER.warning("source %s: skipped %s", source.name, err)
        report.item_errors += len(poll.errors)
        nxt = now if poll.more else self._schedule(source, st, 0)
        values = {
            "last_poll": now,
            "last_success": now,
            "last_status": poll.status,
            "failures": 0,
            "next_poll": nxt,
            "etag": poll.etag,
            "last_modified": poll.last_modified,
            "body_hash": poll.body_hash,
        }
        if poll.errors:
            # entries that failed are tried again next time: keep the validators that would hide them
            values |= {"etag": st.etag, "last_modified": st.last_modified, "body_hash": st.body_hash}
        if poll.unchanged or not poll.items:
            report.unchanged += 1
            quiet.append((st.id, values))
            self._update(st, values)
            return
        report.changed += 1
        added = self._ingest(source, st, poll.items, report)
        if report.stopped:
            # the items not reached are polled again next time: keep the old validators
            values |= {"etag": st.etag, "last_modified": st.last_modified, "body_hash": st.body_hash, "next_poll": now}
        state.record_poll(engine, st.id, **values, added=added)
        self._update(st, values)
        st.n_documents += added

    @staticmethod
    def _update(st: state.SourceState, values: dict[str, Any]) -> None:
        for k, v in values.items():
            setattr(st, k, v)
        st.n_polls += 1

    # -- ingest ------------------------------------------------------------------------------------

    def _ingest(self, source: Source, st: state.SourceState, items: list[Item], report: RoundReport) -> int:
        """Store the items of one poll; returns how many documents were added."""
        engine = self.ledger.engine
        added = 0
        queue: deque[Item] = deque()

        def remember(item: Item, doc_id: str | None, content_hash: str | None) -> None:
            state.mark_seen(engine, st.id, item.key, content_hash=content_hash, stamp=item.stamp, doc_id=doc_id)

        def store(item: Item, doc: Document) -> None:
            nonlocal added
            if source.language:
                doc.language = source.language
            summary = self.ledger.ingest_documents([doc])
            if summary.failed:
                report.item_errors += 1
                LOGGER.warning("source %s: %s not stored: %s", source.name, item.key, summary.failures[0].error)
                return
            report.new += summary.new
            report.versions += summary.versions
            added += summary.new + summary.versions
            h = content_hash(doc)
            doc_id = summary.documents[0] if summary.documents else self.ledger.known(h)
            remember(item, doc_id, h)

        def to_extract() -> Iterator[RawInput]:
            for item in items:
                if self.stopping.is_set():
                    report.stopped = True
                    return
                if isinstance(item.payload, Document):
                    store(item, item.payload)
                    continue
                raw = item.payload
                doc_id = self.ledger.known(raw.content_hash)
                if doc_id is not None:
                    report.known += 1
                    remember(item, doc_id, raw.content_hash)
                    continue
                queue.append(item)
                yield raw

        for out in self.processor(to_extract()):
            item = queue.popleft()
            if isinstance(out, Document):
                store(item, out)
            else:
                error = getattr(out, "error", out)
                report.item_errors += 1
                LOGGER.warning("source %s: skipped %s: %s", source.name, item.key, error)
                if isinstance(error, ClaimwatchError) and error.code.startswith("E2"):
                    # no article text in it: remember it, so it is not read again until it changes
                    remember(item, None, None)
        return added


def follow_folders(watcher: Watcher) -> threading.Thread | None:
    """Watch the configured folders with watchfiles in a thread: a change makes its source due now.

    Returns the thread (it ends when the watcher stops), or None when no folder is watched.
    """
    folders = {s.target: s.name for s in watcher.config.sources if s.kind == "folder"}
    if not folders:
        return None
    import watchfiles

    existing = [p for p in folders if Path(p).is_dir()]
    if not existing:
        return None

    def loop() -> None:
        try:
            for changes in watchfiles.watch(*existing, stop_event=watcher.stopping, yield_on_timeout=False):
                paths = {c[1] for c in changes}
                names = [name for root, name in folders.items() if any(p.startswith(root) for p in paths)]
                LOGGER.info("folders changed: %s", ", ".join(names))
                watcher.mark_due(names)
        except (OSError, RuntimeError) as exc:
            LOGGER.warning("cannot follow folder changes (%s); they are polled at their interval", exc)

    thread = threading.Thread(target=loop, name="claimwatch-folders", daemon=True)
    thread.start()
    return thread
