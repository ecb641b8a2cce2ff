"""The export stage: the ledger as JSONL documents, CSV/Parquet tables, STIX 2.1 or ACLED rows.

:func:`write_export` is what ``claimwatch export`` calls; each format has its own module.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import IO, Any

from claimwatch.errors import ConfigError
from claimwatch.store.ledger import Ledger

FORMATS = ("jsonl", "csv", "parquet", "stix", "acled")


def write_export(ledger: Ledger, fmt: str, out: str | None, *, table: str = "claims") -> int:
    """Write the ledger in ``fmt`` to the file ``out`` (stdout when None); returns the count written.

    Raises:
        ConfigError: an unknown format, or Parquet without an output file.
    """
    from claimwatch.export import acled, jsonl, stix, tabular

    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not out:
            raise ConfigError("parquet needs an output file: --out FILE.parquet")
        return tabular.write_parquet(ledger, table, out)
    handle: Any = open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)  # noqa: SIM115
    with handle as fh:
        stream: IO[str] = fh
        if fmt == "jsonl":
            return jsonl.write_jsonl(ledger, stream)
        if fmt == "csv":
            return tabular.write_csv(ledger, table, stream)
        if fmt == "stix":
            return stix.write_bundle(ledger, stream)
        return acled.write_acled(ledger, stream)
