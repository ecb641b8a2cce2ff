"""The ledger at scale: fill a SQLite ledger with a million claims, then time the queries analysts run.

    .venv/bin/python benchmarks/ledger_scale.py [FILES...] [--claims 1000000] [--db PATH] [--json]

1. Extracts the bundled sample plus FILES once (every core), e.g.
   ``../shared/seeds/*.txt ../shared/eval/texts/*.txt ../shared/eval/polnear/text/*.txt``
   (more distinct texts make fewer near-duplicate copies of each).
2. Replicates those documents with new ids, content hashes, publication dates (spread over ten
   years) and sources (40 outlets), writing them through ``Ledger.ingest_documents`` until the
   ledger holds ``--claims`` claims (each ingest call refreshes SQLite's planner statistics
   itself). ``--db PATH`` keeps the ledger; run again with the same
   ``--db`` and the fill only tops it up.
3. Times, through the Python API (``Ledger``) and through the REST API (``create_app`` served
   by uvicorn, queried over HTTP with httpx): claims by subject, by speaker and by place, the
   timeline of a subject and full-text search. Each query kind runs ``--repeat`` times, cycling
   through the most frequent values of the base documents, after one untimed warm-up call;
   p50/p95 are reported in milliseconds against the 50 ms target.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

TARGET_MS = 50.0
OUTLETS = 40
DAYS = 3650


# ---------------------------------------------------------------------------------------------
# Base documents and the fill.


def base_documents(files: list[str], workers: int) -> list[Any]:
    """Extract the sample plus ``files`` once, on every core."""
    from claimwatch.batch import PoolOptions, process_parallel
    from claimwatch.core import read_inputs
    from claimwatch.models import Document

    with resources.as_file(resources.files("claimwatch") / "sample") as sample:
        inputs = read_inputs([str(sample), *files])
        docs = [d for d in process_parallel(inputs, PoolOptions(workers=workers)) if isinstance(d, Document)]
    return [d for d in docs if d.claims]


def replicas(base: list[Any], start: int) -> Iterator[Any]:
    """Copies of the base documents with new ids, hashes, dates and sources, numbered from ``start``."""
    epoch = dt.date(2015, 1, 1)
    i = start
    while True:
        doc = base[i % len(base)]
        published = epoch + dt.timedelta(days=(i * 7919) % DAYS)  # a stride spreads copies over the years
        yield doc.model_copy(
            update={
                "id": f"{doc.id}-r{i}",
                "source": f"https://outlet{i % OUTLETS}.example.org/{published:%Y/%m}/{doc.id}-{i}",
                "published": published.isoformat(),
                "content_hash": hashlib.sha256(f"claimwatch-scale-{i}".encode()).hexdigest(),
            }
        )
        i += 1


def count_claims(ledger: Any) -> tuple[int, int]:
    """(claims, documents) in the ledger, read through its engine."""
    from sqlalchemy import func, select

    from claimwatch.store import schema as t

    with ledger.engine.connect() as conn:
        claims = conn.scalar(select(func.count()).select_from(t.claims)) or 0
        documents = conn.scalar(select(func.count()).select_from(t.documents)) or 0
    return int(claims), int(documents)


def fill(ledger: Any, base: list[Any], target: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Ingest replicas until the ledger holds ``target`` claims; returns what it took."""
    claims, documents = count_claims(ledger)
    start, written = time.perf_counter(), 0
    per_doc = sum(len(d.claims) for d in base) / len(base)
    step = 2_000
    while claims < target:
        n = max(1, min(step, int((target - claims) / per_doc) + 1))
        summary = ledger.ingest_documents(_take(replicas(base, documents), n))
        if not summary.new + summary.versions:
            raise RuntimeError(f"the ledger took none of {n} replicas: {summary.failures[:3]}")
        written += summary.new + summary.versions
        claims, documents = count_claims(ledger)
        rate = written / (time.perf_counter() - start)
        log(f"  {claims:>9,} claims in {documents:,} documents ({rate:,.0f} documents/s)")
    return {
        "documents_written": written,
        "seconds": time.perf_counter() - start,
        "claims": claims,
        "documents": documents,
    }


def _take(items: Iterator[Any], n: int) -> Iterator[Any]:
    for _, item in zip(range(n), items, strict=False):
        yield item


# ---------------------------------------------------------------------------------------------
# Queries.


def query_values(base: list[Any], k: int = 5) -> dict[str, list[str]]:
    """The most frequent subjects, speakers, places and counted words of the base documents."""
    subjects = Counter(c.subject for d in base for c in d.claims if c.subject)
    speakers = Counter(c.speaker for d in base for c in d.claims if c.speaker)
    places = Counter(c.location for d in base for c in d.claims if c.location)
    words = Counter(c.counted.split()[-1] for d in base for c in d.claims if c.counted)
    return {
        "subject": [v for v, _ in subjects.most_common(k)],
        "speaker": [v for v, _ in speakers.most_common(k)],
        "place": [v for v, _ in places.most_common(k)],
        "search": [v for v, _ in words.most_common(k)],
    }


def python_queries(ledger: Any) -> dict[str, Callable[[str], Any]]:
    return {
        "claims by subject": lambda v: ledger.claims(subject=v, limit=50),
        "claims by speaker": lambda v: ledger.claims(speaker=v, limit=50),
        "claims by place": lambda v: ledger.claims(place=v, limit=50),
        "timeline": lambda v: ledger.timeline(v),
        "full-text search": lambda v: ledger.search(v, limit=50),
    }


def rest_queries(client: Any) -> dict[str, Callable[[str], Any]]:
    def get(path: str, **params: str) -> Any:
        response = client.get(path, params=params)
        response.raise_for_status()
        return response.content

    return {
        "claims by subject": lambda v: get("/api/claims", subject=v, limit="50"),
        "claims by speaker": lambda v: get("/api/claims", speaker=v, limit="50"),
        "claims by place": lambda v: get("/api/claims", place=v, limit="50"),
        "timeline": lambda v: get("/api/timeline", subject=v),
        "full-text search": lambda v: get("/api/search", q=v, limit="50"),
    }


VALUE_OF = {
    "claims by subject": "subject",
    "claims by speaker": "speaker",
    "claims by place": "place",
    "timeline": "subject",
    "full-text search": "search",
}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def time_queries(queries: dict[str, Callable[[str], Any]], values: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, run in queries.items():
        choices = values[VALUE_OF[name]]
        if not choices:
            out[name] = {"error": "no value to query in the base documents"}
            continue
        run(choices[0])  # warm-up: connections, statement caches
        samples = []
        for i in range(repeat):
            start = time.perf_counter()
            run(choices[i % len(choices)])
            samples.append((time.perf_counter() - start) * 1000)
        out[name] = {
            "p50_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 95),
            "max_ms": max(samples),
            "n": len(samples),
        }
    return out


@contextlib.contextmanager
def rest_server(db_url: str) -> Iterator[str]:
    """Serve ``create_app`` with uvicorn in a child process; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, CLAIMWATCH_DB=db_url)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "claimwatch.api.app:create_app"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/openapi.json", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the REST server did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# ---------------------------------------------------------------------------------------------
# Report.


def print_table(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    fill_info = report["ledger"]
    table = Table(
        title=f"claimwatch ledger at scale — {fill_info['claims']:,} claims in {fill_info['documents']:,} documents "
        f"(SQLite, {fill_info['size_mb']:,.0f} MB)"
    )
    for column in ("query", "interface", "p50 ms", "p95 ms", "max ms", "n", f"p95 < {TARGET_MS:.0f} ms"):
        table.add_column(column, justify="left" if column in ("query", "interface") else "right")
    for interface in ("python", "rest"):
        results = report.get(interface)
        if isinstance(results, str):
            table.add_row("—", interface, "", "", "", "", results)
            continue
        for name, r in (results or {}).items():
            if "error" in r:
                table.add_row(name, interface, "", "", "", "", r["error"])
                continue
            ok = "yes" if r["p95_ms"] < TARGET_MS else "NO"
            table.add_row(
                name, interface, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}", str(r["n"]), ok
            )
    console.print(table)
    if fill_info.get("fill"):
        f = fill_info["fill"]
        console.print(f"  fill: {f['documents_written']:,} documents in {f['seconds']:,.0f} s")
    console.print(f"  query values: {json.dumps(report['values'], ensure_ascii=False)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="articles to replicate, besides the bundled sample")
    parser.add_argument(
        "--claims", type=int, default=1_000_000, help="claims to fill the ledger with (default 1,000,000)"
    )
    parser.add_argument(
        "--db", help="the SQLite file to fill (kept; topped up when it exists); a temporary one by default"
    )
    parser.add_argument("--repeat", type=int, default=100, help="timed calls per query kind (default 100)")
    parser.add_argument("--workers", type=int, default=0, help="workers for the base extraction (default: every core)")
    parser.add_argument("--no-rest", action="store_true", help="time the Python API only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args(argv)

    from claimwatch.store.ledger import Ledger

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="claimwatch-scale-") as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "ledger.db"
        url = f"sqlite:///{path.resolve()}"
        log(f"extracting the base documents ({len(args.files) + 4} inputs)…")
        base = base_documents(args.files, args.workers or (os.cpu_count() or 1))
        log(f"  {len(base)} documents with claims, {sum(len(d.claims) for d in base) / len(base):.1f} claims each")
        values = query_values(base)
        with Ledger.open(url) as ledger:
            log(f"filling {path} to {args.claims:,} claims…")
            filled = fill(ledger, base, args.claims, log)
            claims, documents = count_claims(ledger)
            log("timing the Python API…")
            python = time_queries(python_queries(ledger), values, args.repeat)
        rest: dict[str, Any] | str
        if args.no_rest:
            rest = "not measured (--no-rest)"
        else:
            try:
                import httpx

                import claimwatch.api.app  # noqa: F401
            except ImportError as exc:
                rest = f"REST API not available ({exc})"
            else:
                log("timing the REST API…")
                with rest_server(url) as base_url, httpx.Client(base_url=base_url, timeout=60) as client:
                    rest = time_queries(rest_queries(client), values, args.repeat)
        report = {
            "ledger": {
                "claims": claims,
                "documents": documents,
                "size_mb": path.stat().st_size / 2**20,
                "fill": filled if filled["documents_written"] else None,
            },
            "values": values,
            "python": python,
            "rest": rest,
            "target_p95_ms": TARGET_MS,
        }
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
