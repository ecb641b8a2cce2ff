"""Bare spaCy against ``claimwatch.extract_many`` on the same texts, in one interleaved run.

    .venv/bin/python benchmarks/speed_vs_spacy.py ../shared/seeds/*.txt ../shared/eval/texts/*.txt [-n 150] [--rounds 2]

The files are cycled to N documents. Each stage runs in a fresh process, round after round
(bare, one worker, every core, bare, ...), so the ratios compare runs close in time on a shared
machine. Times start after the model is loaded (bare spaCy: ``spacy.load``; claimwatch:
``get_pipeline``; with several workers, the time a pool takes to start and load the pipeline
on tiny inputs is taken off) and end at the last result. bare spaCy parses the cleaned bodies claimwatch parses; claimwatch reads the
raw texts (cleaning included in its time). Peak RSS is VmHWM of the process and of its largest
worker. Also prints ``claimwatch --help`` wall time (median of 5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PeakMemory  # noqa: E402


def _texts(files: list[str], n: int) -> tuple[list[str], list[str]]:
    from claimwatch.core import Failure, clean, read_inputs

    raws = [r for r in read_inputs(files) if not isinstance(r, Failure)]
    if not raws:
        raise SystemExit("speed_vs_spacy: no readable input")
    return [raws[i % len(raws)].content for i in range(n)], [clean(raws[i % len(raws)]).text for i in range(n)]


def stage(name: str, files: list[str], n: int, workers: int) -> dict[str, float | int | None]:
    raw, cleaned = _texts(files, n)
    with PeakMemory() as memory:
        if name == "bare":
            from claimwatch.nlp.pipeline import load_model

            nlp = load_model()
            start = time.perf_counter()
            docs = sum(1 for _ in nlp.pipe(cleaned))
        else:
            import claimwatch
            from claimwatch.nlp.pipeline import get_pipeline

            get_pipeline()
            startup = 0.0
            if workers > 1:  # a pool loads the pipeline in each worker: measured on tiny inputs, taken off
                tiny = ["Police said 2 men were held."] * workers
                begin = time.perf_counter()
                list(claimwatch.extract_many(tiny, workers=workers, batch_size=1))
                startup = time.perf_counter() - begin
            start = time.perf_counter() + startup
            docs = sum(1 for d in claimwatch.extract_many(raw, workers=workers, batch_size=16 if workers > 1 else 32))
        seconds = time.perf_counter() - start
    return {
        "documents": docs,
        "seconds": seconds,
        "docs_per_s": docs / seconds,
        "rss_main_mb": memory.main_mb,
        "rss_worker_mb": memory.worker_mb,
    }


def _help_seconds() -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claimwatch.cli", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    if sys.argv[1:2] == ["_stage"]:
        name, n, workers, files = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
        print(json.dumps(stage(name, files, n, workers)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("-n", "--documents", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    stages = {"bare": 1, "one": 1, "all": cores}
    rounds = []
    for _ in range(args.rounds):
        result = {}
        for name, workers in stages.items():
            cmd = [sys.executable, __file__, "_stage", name, str(args.documents), str(workers), *args.files]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            result[name] = json.loads(out.stdout.strip().splitlines()[-1])
        result["one/bare"] = result["one"]["docs_per_s"] / result["bare"]["docs_per_s"]
        result["all/one"] = result["all"]["docs_per_s"] / result["one"]["docs_per_s"]
        rounds.append(result)
        print(
            f"round {len(rounds)}: "
            + ", ".join(
                f"{k} {result[k]['docs_per_s']:.1f} docs/s RSS {result[k]['rss_main_mb']:.0f}"
                + (f"/{result[k]['rss_worker_mb']:.0f} MB" if result[k]["rss_worker_mb"] else " MB")
                for k in stages
            )
            + f"; one/bare {result['one/bare']:.2f}, all/one {result['all/one']:.2f}",
            flush=True,
        )
    print(f"median one worker / bare spaCy: {statistics.median(r['one/bare'] for r in rounds):.2f} (target >= 1.0)")
    print(
        f"median every core ({cores}) / one worker: {statistics.median(r['all/one'] for r in rounds):.2f} (target >= 1.8)"
    )
    print(f"claimwatch --help: {_help_seconds():.2f} s (target < 0.3); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
