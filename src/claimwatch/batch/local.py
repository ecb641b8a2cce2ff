"""An ordered process pool that runs :func:`claimwatch.core.process_many` on every core of one machine.

Inputs are cut into chunks; each worker builds the pipeline once (in its initializer) and turns a
chunk into Documents and Failures. Results come back in input order, so the output of N workers is
the output of one worker, item for item. The pool streams: the input is read lazily and at most
``workers * prefetch`` chunks are in flight, so memory does not grow with the corpus.

Workers start with ``forkserver`` (``spawn`` off Linux), so, as with any such pool, a script that
calls :func:`process_parallel` must do so under ``if __name__ == "__main__":``.

``multiprocessing.Pool.imap`` is not used on purpose: its feeder thread drains the whole input
iterator at once, which would hold a years-long corpus in memory.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import Pool
from typing import Protocol

from claimwatch.core import BATCH_SIZE, Failure, Item, process_many
from claimwatch.models import Document

LOGGER = logging.getLogger(__name__)

Result = Document | Failure


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS reports it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PoolOptions:
    """How to run the local pool.

    Attributes:
        workers: worker processes; ``None`` or 0 means every available core, 1 runs in this process.
        chunk_size: inputs sent to a worker at a time (also the spaCy ``nlp.pipe`` batch size).
        prefetch: chunks in flight per worker; bounds memory and keeps every worker busy.
        start_method: ``forkserver`` (default where available), ``spawn`` or ``fork``.
    """

    workers: int | None = None
    chunk_size: int = BATCH_SIZE
    prefetch: int = 2
    start_method: str | None = None

    def resolved_workers(self) -> int:
        """The number of workers this run will use."""
        return self.workers if self.workers and self.workers > 0 else available_cores()


def _init_worker() -> None:
    """Build the pipeline once per worker, before its first chunk.

    An initializer must not raise: ``multiprocessing.Pool`` would restart the worker for ever.
    A failure is left for the first chunk, whose ``get_pipeline()`` raises it again in the parent.
    """
    from claimwatch.nlp.pipeline import get_pipeline

    try:
        get_pipeline()
    except Exception:  # noqa: BLE001 - re-raised by the first chunk, with its traceback
        LOGGER.debug("worker could not build the pipeline", exc_info=True)


def _run_chunk(chunk: list[Item], batch_size: int) -> list[Result]:
    return list(process_many(chunk, batch_size=batch_size))


def _context(start_method: str | None) -> multiprocessing.context.BaseContext:
    if start_method:
        return multiprocessing.get_context(start_method)
    methods = multiprocessing.get_all_start_methods()
    # forkserver: workers are forked from a clean server process, never from a parent that may
    # hold threads (a progress bar, Ray, a web server), and start faster than with spawn.
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def process_parallel(items: Iterable[Item], options: PoolOptions | None = None) -> Iterator[Result]:
    """Process inputs on a pool of worker processes, yielding results in input order.

    Args:
        items: inputs (and Failures from reading them, passed through in place), read lazily.
        options: workers, chunk size and prefetch; every core by default.

    Yields:
        A Document or a Failure for every item, in the order of ``items``; identical to
        ``process_many(items)`` in one process.
    """
    options = options or PoolOptions()
    workers = options.resolved_workers()
    if workers == 1:
        yield from process_many(items, batch_size=options.chunk_size)
        return
    LOGGER.info("local pool: %s workers, chunks of %s", workers, options.chunk_size)
    pool: Pool | None = None  # started at the first chunk that needs a worker
    try:
        in_flight: deque[_Pending] = deque()
        limit = workers * max(1, options.prefetch)
        for chunk in _chunks(items, options.chunk_size):
            if all(isinstance(item, Failure | Document) for item in chunk):
                # Read failures and extracted documents need no worker, but keep their place.
                in_flight.append(_Ready([item for item in chunk if isinstance(item, Failure | Document)]))
            else:
                pool = pool or _start_pool(workers, options.start_method)
                in_flight.append(pool.apply_async(_run_chunk, (chunk, options.chunk_size)))
            while len(in_flight) >= limit:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
    except BaseException:  # includes GeneratorExit when the consumer stops early
        if pool is not None:
            pool.terminate()
            pool.join()
        raise
    if pool is not None:
        pool.close()
        pool.join()


def _start_pool(workers: int, start_method: str | None) -> Pool:
    ctx = _context(start_method)
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["claimwatch.core"])
    return ctx.Pool(workers, initializer=_init_worker)


class _Pending(Protocol):
    def get(self) -> list[Result]: ...


class _Ready:
    """An already computed chunk that sits in the ordered queue like an AsyncResult."""

    def __init__(self, results: list[Failure | Document]) -> None:
        self._results: list[Result] = list(results)

    def get(self) -> list[Result]:
        return self._results
