"""Ingest benchmark: a replicated corpus of at least 2,000 articles into a fresh ledger.

    .venv/bin/python benchmarks/ingest_bench.py [FILES...] [-n 2000] [--mode full|store]
                                                [--workers N] [--db URL] [--json]

FILES default to ``../shared/seeds/*.txt`` and ``../shared/eval/texts/*.txt`` (read at run time).

* ``--mode full`` (default): the whole ``claimwatch ingest`` path (``Ledger.ingest_paths``) on a
  folder of N text files: read, clean, spaCy pipeline, link, store.
* ``--mode store``: the ledger alone: the distinct texts are extracted once (not timed), then N
  replicated documents go through ``Ledger.ingest_documents`` (entity resolution, series,
  denials, conflicts, near-duplicate LSH, one transaction each).

Each copy ends with its own dispatch line, so content hashes differ (nothing is skipped as
unchanged) while copies of one text are near-duplicates (the clustering is exercised). Prints
documents per second and peak RSS (this process and, with workers, the largest child).
"""

from __future__ import annotations

import argparse
import glob
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from claimwatch.batch import RunOptions, processor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _texts(files: list[str]) -> list[tuple[str, str]]:
    paths = files or sorted(glob.glob(str(SHARED / "seeds" / "*.txt"))) + sorted(
        glob.glob(str(SHARED / "eval" / "texts" / "*.txt"))
    )
    if not paths:
        sys.exit("no input texts: pass FILES or put ../shared beside the clone")
    return [(Path(p).stem, Path(p).read_text(encoding="utf-8")) for p in paths]


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(kids, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("-n", type=int, default=2000, help="documents to ingest (default 2000)")
    ap.add_argument("--mode", choices=["full", "store"], default="full")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--db", help="ledger URL (default: a fresh SQLite file in a temp folder)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and ledger")
    args = ap.parse_args()

    from claimwatch.store.ledger import Ledger

    texts = _texts(args.files)
    tmp = Path(tempfile.mkdtemp(prefix="claimwatch-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    ledger = Ledger.open(url)
    setup_started = time.perf_counter()
    if args.mode == "full":
        folder = tmp / "corpus"
        folder.mkdir()
        for i in range(args.n):
            stem, text = texts[i % len(texts)]
            (folder / f"{stem}-{i:05d}.txt").write_text(f"{text}\n\nDispatch {i} of the benchmark.\n")
        setup = time.perf_counter() - setup_started
        started = time.perf_counter()
        summary = ledger.ingest_paths([str(folder)], processor=processor(RunOptions(workers=args.workers)))
    else:
        from claimwatch.core import process_many, read_inputs

        base = [d for d in process_many(read_inputs([str(p) for p in _paths(args.files)])) if hasattr(d, "claims")]
        setup = time.perf_counter() - setup_started

        def replicas():  # type: ignore[no-untyped-def]
            for i in range(args.n):
                doc = base[i % len(base)]
                yield doc.model_copy(
                    update={
                        "id": f"{doc.id}-{i:05d}",
                        "source": f"https://bench.example.org/{i % 40}/{doc.id}-{i}",
                        "text": doc.text + f"\n\nDispatch {i} of the benchmark.",
                        "content_hash": None,
                    }
                )

        started = time.perf_counter()
        summary = ledger.ingest_documents(replicas())
    elapsed = time.perf_counter() - started
    overview = ledger.overview()
    ledger.close()
    me, kids = _peak_mb()
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "mode": args.mode,
        "documents": args.n,
        "distinct_texts": len(texts),
        "workers": args.workers,
        "db": url.split("://")[0],
        "new": summary.new,
        "failed": summary.failed,
        "near_duplicates": summary.duplicates,
        "claims": overview.claims,
        "entities": overview.entities,
        "setup_s": round(setup, 1),
        "ingest_s": round(elapsed, 1),
        "docs_per_s": round(args.n / elapsed, 1),
        "peak_rss_mb": me,
        "peak_rss_children_mb": kids,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")


def _paths(files: list[str]) -> list[Path]:
    if files:
        return [Path(f) for f in files]
    return [Path(p) for p in sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))] + [
        Path(p) for p in sorted(glob.glob(str(SHARED / "eval" / "texts" / "*.txt")))
    ]


if __name__ == "__main__":
    main()
