"""Running the per-document function at scale: a local process pool or Ray Data.

Both engines run :func:`claimwatch.core.process_many` unchanged, so a document's result does not
depend on where it ran. :func:`track` wraps any result stream in a progress bar on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from claimwatch.batch.local import PoolOptions, Result, available_cores, process_parallel
from claimwatch.core import BATCH_SIZE, read_inputs, to_input
from claimwatch.sources.files import RawInput, expand

if TYPE_CHECKING:
    from claimwatch.batch.ray import RayOptions

T = TypeVar("T")

__all__ = [
    "PoolOptions",
    "RunOptions",
    "available_cores",
    "count_inputs",
    "extract_many",
    "process_parallel",
    "process_paths",
    "processor",
    "track",
]


def track(
    items: Iterable[T], *, total: int | None = None, enabled: bool | None = None, label: str = "documents"
) -> Iterator[T]:
    """Yield ``items`` unchanged while showing a rich progress bar on stderr.

    Args:
        items: the stream to watch.
        total: the number of items expected, when known.
        enabled: show the bar; by default only when stderr is a terminal.
        label: what is being counted.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    # Only move stdout writes above the bar when stdout is the same terminal; a redirected stdout
    # (``> out.jsonl``) must receive the documents untouched.
    with Progress(
        *columns, console=Console(stderr=True), redirect_stdout=sys.stdout.isatty(), redirect_stderr=False
    ) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


@dataclass(frozen=True)
class RunOptions:
    """Where and how wide to run the per-document function.

    Attributes:
        engine: ``local`` (a process pool on this machine) or ``ray`` (Ray Data, local or a cluster).
        workers: processes (local) or actors (Ray); ``None`` or 0 means every available core.
        address: the Ray cluster to join (``auto``, ``ray://host:10001``); a local Ray when None.
        chunk_size: inputs per task and per spaCy batch.
    """

    engine: Literal["local", "ray"] = "local"
    workers: int | None = None
    address: str | None = None
    chunk_size: int = 16

    def ray_options(self) -> RayOptions:
        """The same choices for :mod:`claimwatch.batch.ray`."""
        from claimwatch.batch.ray import RayOptions

        return RayOptions(address=self.address, workers=self.workers, chunk_size=self.chunk_size)


def processor(options: RunOptions | None = None) -> Callable[[Iterable[RawInput]], Iterator[Result]]:
    """The per-document function on a local pool, for :meth:`Ledger.ingest_paths` (which reads
    the inputs itself and skips those it already holds). Ray ingests through :func:`ingest_ray`."""
    options = options or RunOptions()

    def run(raws: Iterable[RawInput]) -> Iterator[Result]:
        return extract_many(raws, workers=options.workers, batch_size=options.chunk_size)

    return run


def extract_many(items: Iterable[object], *, workers: int | None = 1, batch_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Extract many articles, streaming, in input order: the fast way to run claimwatch on a corpus.

    Args:
        items: article texts (``str``, plain or HTML), files (``pathlib.Path``), records
            (mappings with ``text`` or ``html`` and optional ``id``, ``source``, ``title``,
            ``published``), read lazily: a generator over a large corpus is never held whole.
        workers: processes; 1 (default) runs in this process, ``None`` or 0 on every core. With
            more than one, call it under ``if __name__ == "__main__":`` (workers are started
            with ``forkserver``).
        batch_size: documents per spaCy batch (and per task sent to a worker).

    Yields:
        For each item, in order, its :class:`~claimwatch.models.Document` or a
        :class:`~claimwatch.core.Failure` (``.source``, ``.error``) saying why it was not
        extracted; one bad item never stops the others.
    """
    inputs = (to_input(item, position) for position, item in enumerate(items))
    yield from process_parallel(inputs, PoolOptions(workers=workers, chunk_size=max(1, batch_size)))


def count_inputs(paths: list[str]) -> int:
    """How many inputs ``paths`` expand to (files are listed, not read)."""
    return sum(1 for _ in expand(paths))


def process_paths(paths: list[str], options: RunOptions | None = None, total: int | None = None) -> Iterator[Result]:
    """Read, clean and analyse files, folders or ``-`` on the chosen engine, in input order.

    Args:
        paths: what ``claimwatch extract`` accepts.
        options: the engine and its width; a local pool on every core by default.
        total: the number of inputs when already counted; used not to start more workers than chunks.

    Yields:
        A Document or a Failure for every input, in input order, whatever the engine.
    """
    options = options or RunOptions()
    if options.engine == "ray":
        from claimwatch.batch.ray import RayOptions, process_ray

        yield from process_ray(
            paths, RayOptions(address=options.address, workers=options.workers, chunk_size=options.chunk_size)
        )
        return
    workers = PoolOptions(workers=options.workers).resolved_workers()
    if total is not None:  # a pool costs a model load per worker: no more workers than chunks
        workers = max(1, min(workers, -(-total // options.chunk_size)))
    yield from extract_many(read_inputs(paths), workers=workers, batch_size=options.chunk_size)
