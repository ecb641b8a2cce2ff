"""One ledger table as CSV or Parquet (pyarrow, the ``parquet`` extra): claims, quotes, events,
entities or documents, with the document id and character offsets of every row."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from claimwatch.errors import ConfigError
from claimwatch.store.ledger import Ledger
from claimwatch.store.rows import ClaimRow, DocumentRow, EntityRow, EventRow, Page, QuoteRow

MODELS: dict[str, type] = {
    "claims": ClaimRow,
    "quotes": QuoteRow,
    "events": EventRow,
    "entities": EntityRow,
    "documents": DocumentRow,
}


def _fetch(ledger: Ledger, table: str) -> Callable[[str | None], Page[Any]]:
    fetchers: dict[str, Callable[[str | None], Page[Any]]] = {
        "claims": lambda c: ledger.claims(limit=1000, cursor=c),
        "quotes": lambda c: ledger.quotes(limit=1000, cursor=c),
        "events": lambda c: ledger.events(limit=1000, cursor=c),
        "entities": lambda c: ledger.entities(limit=1000, cursor=c),
        "documents": lambda c: ledger.documents(limit=1000, cursor=c),
    }
    if table not in fetchers:
        raise ConfigError(f"unknown table {table!r}; choose one of {', '.join(fetchers)}")
    return fetchers[table]


def iter_rows(ledger: Ledger, table: str) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` as a JSON-ready dict, keyset-paged."""
    fetch = _fetch(ledger, table)
    cursor = None
    while True:
        page = fetch(cursor)
        for item in page.items:
            yield item.model_dump(mode="json")
        if not (cursor := page.next_cursor):
            return


def columns(table: str) -> list[str]:
    """The columns of an exported table, in order."""
    return list(MODELS[table].model_fields)  # type: ignore[attr-defined]


def _flat(value: Any) -> Any:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def write_csv(ledger: Ledger, table: str, out: IO[str]) -> int:
    """Write ``table`` as CSV with a header; lists are joined with ``; ``. Returns the row count."""
    _fetch(ledger, table)
    writer = csv.DictWriter(out, fieldnames=columns(table), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in iter_rows(ledger, table):
        writer.writerow({k: _flat(v) for k, v in row.items()})
        n += 1
    return n


def _arrow_schema(table: str) -> Any:
    """The Arrow schema of a table, from its row model's field types (dates stay dates)."""
    import datetime as dt
    import types
    import typing

    import pyarrow as pa

    simple = {
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        str: pa.string(),
        dt.date: pa.date32(),
        dt.datetime: pa.timestamp("s"),
    }
    fields = []
    for name, info in MODELS[table].model_fields.items():  # type: ignore[attr-defined]
        ann = info.annotation
        union = typing.get_origin(ann) in (typing.Union, types.UnionType)
        base = next(a for a in typing.get_args(ann) if a is not type(None)) if union else ann
        if typing.get_origin(base) is typing.Annotated:  # e.g. a UTC datetime: its type comes first
            base = typing.get_args(base)[0]
        arrow = pa.list_(pa.string()) if typing.get_origin(base) is list else simple.get(base, pa.string())
        fields.append(pa.field(name, arrow))
    return pa.schema(fields)


def iter_python_rows(ledger: Ledger, table: str) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` as a dict of Python values (dates as dates)."""
    fetch = _fetch(ledger, table)
    cursor = None
    while True:
        page = fetch(cursor)
        for item in page.items:
            yield item.model_dump()
        if not (cursor := page.next_cursor):
            return


def write_parquet(ledger: Ledger, table: str, path: str, *, batch: int = 10_000) -> int:
    """Write ``table`` to a Parquet file in row groups of ``batch``. Returns the row count.

    Raises:
        ConfigError: pyarrow is not installed.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'claimwatch[parquet]'") from exc
    _fetch(ledger, table)
    schema = _arrow_schema(table)
    n = 0
    buf: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in iter_python_rows(ledger, table):
            buf.append(row)
            n += 1
            if len(buf) >= batch:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf.clear()
        if buf:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
    return n


def view_columns() -> list[str]:
    """The columns of a downloaded explorer view: the claim's, then what disputes it."""
    from claimwatch.store.rows import MarkedClaim

    return list(MarkedClaim.model_fields)


def write_view_csv(rows: Iterable[Any], out: IO[str]) -> int:
    """Write the rows of an explorer view (``MarkedClaim``) as CSV, in their order. Returns the count."""
    writer = csv.DictWriter(out, fieldnames=view_columns(), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _flat(v) for k, v in row.model_dump(mode="json").items()})
        n += 1
    return n
