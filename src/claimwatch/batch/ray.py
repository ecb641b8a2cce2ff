"""The same per-document function on Ray Data, on this machine or a cluster (the ``ray`` extra).

The driver lists the input files; Ray Data hands them in batches (``map_batches``) to a pool of
actors, each of which builds the pipeline once and runs :func:`claimwatch.core.read_inputs` and
:func:`claimwatch.core.process_many` on its batch, exactly as the local engines do. Results are

* streamed back to the driver in input order (:func:`process_ray`),
* written as JSONL (one contract document per line) or Parquet shards (:func:`write_shards`), or
* stored in a ledger, PostgreSQL for a cluster, in input order (:func:`ingest_ray`).

Inputs must be readable at the same path on every node (a shared filesystem), and every node
needs claimwatch and its spaCy model installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimwatch import errors
from claimwatch.batch.local import Result
from claimwatch.core import Failure, process_many, read_inputs
from claimwatch.errors import ConfigError
from claimwatch.models import Document
from claimwatch.sources.files import expand

if TYPE_CHECKING:
    from ray.data import Dataset

    from claimwatch.store.rows import IngestSummary

LOGGER = logging.getLogger(__name__)

#: Columns of a result row; ``document`` is the contract JSON, ``error_*`` describe a Failure.
COLUMNS = ("index", "id", "source", "document", "error_type", "error_message", "error_source")


@dataclass(frozen=True)
class RayOptions:
    """How to run on Ray.

    Attributes:
        address: the cluster to join (``auto``, ``ray://host:10001``); a local Ray when None.
        workers: actors, each holding one pipeline; default: the CPUs of the cluster.
        chunk_size: inputs per batch handed to an actor.
        cpus_per_worker: CPUs reserved per actor.
    """

    address: str | None = None
    workers: int | None = None
    chunk_size: int = 16
    cpus_per_worker: float = 1.0


@dataclass
class ShardSummary:
    """What :func:`write_shards` wrote: documents, and the inputs that failed."""

    destination: str
    documents: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people, then one line per failure."""
        lines = [f"claimwatch: skipped {message}" for _, message in self.failures]
        lines.append(f"claimwatch: {self.documents:,} documents, {len(self.failures):,} failures -> {self.destination}")
        return "\n".join(lines)


def _require_ray() -> Any:
    try:
        import ray
    except ModuleNotFoundError as exc:
        raise ConfigError("the ray engine needs Ray: pip install 'claimwatch[ray]'") from exc
    return ray


def _to_row(index: int, result: Result) -> dict[str, Any]:
    if isinstance(result, Failure):
        error = result.error
        return {"index": index, "id": None, "source": result.source, "document": None,
                "error_type": type(error).__name__, "error_message": error.message, "error_source": error.source}  # fmt: skip
    return {"index": index, "id": result.id, "source": result.source, "document": result.to_json(),
            "error_type": None, "error_message": None, "error_source": None}  # fmt: skip


def from_row(row: dict[str, Any]) -> Result:
    """Turn a result row back into the Document or Failure it stands for."""
    if row["document"] is not None:
        return Document.model_validate_json(row["document"])
    cls = getattr(errors, row["error_type"], None)
    if not (isinstance(cls, type) and issubclass(cls, errors.ClaimwatchError)):
        cls = errors.ClaimwatchError
    return Failure(row["source"], cls(row["error_message"], source=row["error_source"]))


class Extractor:
    """A Ray actor: builds the pipeline once, then turns batches of paths into result rows."""

    def __init__(self) -> None:
        from claimwatch.nlp.pipeline import get_pipeline

        get_pipeline()

    def __call__(self, batch: dict[str, Any]) -> Any:
        import pyarrow as pa

        paths = [str(p) for p in batch["path"]]
        results = list(process_many(read_inputs(paths), batch_size=max(1, len(paths))))
        rows = [_to_row(int(i), r) for i, r in zip(batch["index"], results, strict=True)]
        # An explicit schema: a batch without failures must not make the error columns "null" typed.
        return pa.Table.from_pylist(rows, schema=_schema())


@contextmanager
def _ray_errors() -> Iterator[None]:
    """Turn Ray's own errors (a dead actor, a lost node) into a PipelineError for the CLI."""
    ray = _require_ray()
    try:
        yield
    except ray.exceptions.RayError as exc:
        raise errors.PipelineError(f"ray: {exc}") from exc


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema([("index", pa.int64())] + [(name, pa.string()) for name in COLUMNS[1:]])


def _paths(paths: Iterable[str]) -> list[str]:
    listed = [str(p) for p in expand(list(paths))]
    if "-" in listed:
        raise ConfigError("the ray engine reads files, not standard input")
    return listed


def _dataset(paths: Iterable[str], options: RayOptions) -> Dataset:
    ray = _require_ray()
    if not ray.is_initialized():
        ray.init(address=options.address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False  # the CLI draws its own
    context.print_on_execution_start = False
    listed = _paths(paths)
    workers = options.workers or max(1, int(ray.cluster_resources().get("CPU", 1) // options.cpus_per_worker))
    workers = max(1, min(workers, -(-len(listed) // options.chunk_size)))
    LOGGER.info("ray: %s inputs on %s actors", len(listed), workers)
    items = [{"index": i, "path": p} for i, p in enumerate(listed)]
    blocks = max(1, min(len(items), workers * 4, -(-len(items) // options.chunk_size)))
    return ray.data.from_items(items, override_num_blocks=blocks).map_batches(  # type: ignore[no-any-return]
        Extractor,
        batch_size=options.chunk_size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=options.cpus_per_worker,
    )


def process_ray(paths: Iterable[str], options: RayOptions | None = None) -> Iterator[Result]:
    """Process files on Ray, streaming the Documents and Failures back in input order.

    Args:
        paths: files and folders (expanded on the driver, read by the actors).
        options: the cluster and the number of actors.

    Yields:
        The same items, in the same order, as ``process_many(read_inputs(paths))``.
    """
    options = options or RayOptions()
    if not _paths(paths):
        return
    expected = 0
    with _ray_errors():
        for batch in _dataset(paths, options).iter_batches(batch_size=options.chunk_size, batch_format="pyarrow"):
            for row in batch.to_pylist():  # type: ignore[union-attr]
                if row["index"] != expected:  # preserve_order guarantees this; never emit out of order
                    raise errors.PipelineError(f"ray returned input {row['index']} where {expected} was due")
                expected += 1
                yield from_row(row)


def write_shards(paths: Iterable[str], output: str, fmt: str, options: RayOptions | None = None) -> ShardSummary:
    """Process files on Ray and write the results into ``output`` as JSONL or Parquet shards.

    JSONL shards hold one contract document per line; Parquet shards hold every row of
    :data:`COLUMNS` (failures included, with ``document`` null). ``output`` may be any path
    pyarrow can write (a local or shared folder, ``s3://…``).

    Returns:
        The number of documents written and the inputs that failed.
    """
    if fmt not in ("jsonl", "parquet"):
        raise ConfigError(f"shards are jsonl or parquet, not {fmt}")
    options = options or RayOptions()
    sink = _sink(output, fmt)
    if _paths(paths):
        with _ray_errors():
            _dataset(paths, options).write_datasink(sink)
    return ShardSummary(output, sink.documents, sink.failures)


def ingest_ray(
    paths: Iterable[str], ledger_url: str, options: RayOptions | None = None, *, on_progress: Any = None
) -> IngestSummary:
    """Process files on Ray and store the documents in the ledger at ``ledger_url`` (PostgreSQL or SQLite).

    The actors parse; the driver writes the documents as they stream back, in input order, one
    transaction each, so the ledger is the one a local ``ingest`` builds, links included.

    Returns:
        The ledger's ingest summary, with the inputs that failed.
    """
    from claimwatch.store.ledger import Ledger
    from claimwatch.store.rows import IngestFailure

    failures: list[Failure] = []

    def documents() -> Iterator[Document]:
        for item in process_ray(paths, options):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    with Ledger.open(ledger_url) as ledger:
        summary = ledger.ingest_documents(documents(), on_progress=on_progress)
    for failure in failures:
        summary.failed += 1
        summary.failures.append(
            IngestFailure(source=failure.source, error=failure.error.message, code=failure.error.code)
        )
    return summary


def _sink(output: str, fmt: str) -> Any:
    """A Ray datasink that writes shards and counts what it wrote (defined lazily: Ray is optional)."""
    import pyarrow.parquet as pq
    from ray.data.datasource import BlockBasedFileDatasink

    class Shards(BlockBasedFileDatasink):
        def __init__(self) -> None:
            super().__init__(output, file_format=fmt)
            self.documents = 0
            self.failures: list[tuple[str, str]] = []

        def write(self, blocks: Iterable[Any], ctx: Any) -> dict[str, Any]:  # type: ignore[override]
            blocks = list(blocks)
            rows = [row for block in blocks for row in _rows(block)]
            super().write(blocks, ctx)
            failures = [from_row(row) for row in rows if row["error_type"]]
            return {
                "documents": sum(1 for row in rows if not row["error_type"]),
                "failures": [(f.source, str(f.error)) for f in failures if isinstance(f, Failure)],
            }

        def write_block_to_file(self, block: Any, file: Any) -> None:
            table = block.to_arrow()
            if fmt == "parquet":
                pq.write_table(table, file)
                return
            for document in table.column("document").to_pylist():
                if document:
                    file.write((document + "\n").encode("utf-8"))

        def on_write_complete(self, write_result: Any) -> None:
            super().on_write_complete(write_result)
            for result in write_result.write_returns:
                if result:
                    self.documents += result["documents"]
                    self.failures.extend(tuple(f) for f in result["failures"])

    return Shards()


def _rows(block: Any) -> list[dict[str, Any]]:
    from ray.data.block import BlockAccessor

    return BlockAccessor.for_block(block).to_arrow().select(list(COLUMNS)).to_pylist()  # type: ignore[no-any-return]
