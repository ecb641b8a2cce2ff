"""Benchmark claimwatch against the bare spaCy parse it is built on, on the same texts, in one run.

    .venv/bin/python benchmarks/bench.py [FILES...] [-n 2000] [--workers N] [--json]

Builds a corpus of N documents by cycling through the bundled sample plus FILES (for example
``../shared/seeds/*.txt ../shared/eval/texts/*.txt``), then measures, each stage in a fresh process:

1. bare spaCy: ``spacy.load(<the claimwatch model>).pipe(texts)`` with all its default components,
   on the cleaned article bodies claimwatch parses;
2. claimwatch extraction with one worker (``process_many`` in one process);
3. claimwatch extraction with every core (the local process pool);
4. ingest into a fresh SQLite ledger (``Ledger.ingest_paths``, every core).

Times run from after the imports to the last result, so they include loading the model (shown
apart as ``load s`` where it can be separated). Peak RSS is the high-water mark of the stage's
main process and of its largest worker, sampled from /proc. Every copy of a text differs from the
others by invisible trailing whitespace, so the ledger's content-hash de-duplication does not
skip the copies.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from claimwatch.batch import RunOptions, processor

STAGES = {
    "bare": "1 bare spaCy",
    "one": "2 extract, 1 worker",
    "all": "3 extract, all cores",
    "ingest": "4 ingest, SQLite",
}


# ---------------------------------------------------------------------------------------------
# Peak memory: the high-water mark (VmHWM) of this process and of each of its descendants.


def _children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces: the ppid is the 2nd field after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            kids.append(int(entry))
    return kids


def _cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class PeakMemory:
    """Samples the peak RSS of this process and of every descendant (pool workers, forkserver)."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.workers: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        if Path("/proc/self/status").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        todo, seen = _children_of(os.getpid()), set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            hwm, cpu = _hwm_mb(pid), _cpu_s(pid)
            if hwm is not None:
                self.workers[pid] = max(hwm, self.workers.get(pid, 0.0))
            if cpu is not None:
                self.cpu[pid] = max(cpu, self.cpu.get(pid, 0.0))
            todo.extend(_children_of(pid))

    @property
    def main_mb(self) -> float:
        return _hwm_mb(os.getpid()) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    @property
    def cpu_s(self) -> float:
        """CPU seconds of this process and of its descendants (as last seen)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime + sum(self.cpu.values())

    @property
    def worker_mb(self) -> float | None:
        # The forkserver itself is a small idle process; the workers are the large ones.
        return max(self.workers.values()) if self.workers else None


# ---------------------------------------------------------------------------------------------
# The corpus: N files in a temporary folder, plus the cleaned texts for bare spaCy.


def _unique_suffix(i: int) -> str:
    """Trailing whitespace that spells ``i`` in binary: a distinct content hash, the same article."""
    return "\n" + "".join(" " if bit == "1" else "\t" for bit in format(i, "b")) + "\n"


def build_corpus(extra: list[str], n: int, folder: Path) -> dict[str, Any]:
    """Write N inputs into ``folder/docs`` and their cleaned bodies into ``folder/texts.jsonl``."""
    from claimwatch.core import Failure, clean, read_inputs

    sample = resources.files("claimwatch") / "sample"
    with resources.as_file(sample) as sample_dir:
        bases = [raw for raw in read_inputs([str(sample_dir), *extra]) if not isinstance(raw, Failure)]
    if not bases:
        raise SystemExit("bench: no readable input")
    cleaned = [clean(raw).text for raw in bases]
    docs = folder / "docs"
    docs.mkdir()
    with (folder / "texts.jsonl").open("w", encoding="utf-8") as texts:
        for i in range(n):
            k = i % len(bases)
            suffix = ".html" if bases[k].media_type == "html" else ".txt"
            (docs / f"{i:07d}{suffix}").write_text(bases[k].content + _unique_suffix(i), encoding="utf-8")
            texts.write(json.dumps(cleaned[k]) + "\n")
    return {
        "documents": n,
        "distinct_texts": len(bases),
        "characters": sum(len(cleaned[i % len(bases)]) for i in range(n)),
    }


# ---------------------------------------------------------------------------------------------
# The stages, each run in a fresh process by ``bench.py _stage NAME FOLDER WORKERS``.


def _texts(folder: Path) -> Iterator[str]:
    with (folder / "texts.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def stage_bare(folder: Path, workers: int) -> dict[str, Any]:
    from claimwatch.nlp.pipeline import load_model

    start = time.perf_counter()
    nlp = load_model()
    loaded = time.perf_counter()
    docs = tokens = 0
    for doc in nlp.pipe(_texts(folder)):
        docs += 1
        tokens += len(doc)
    return {"documents": docs, "tokens": tokens, "load_s": loaded - start, "pipes": nlp.pipe_names, "start": start}


def _extract(folder: Path, workers: int) -> dict[str, Any]:
    from claimwatch.batch import PoolOptions, process_parallel
    from claimwatch.core import Failure, read_inputs

    start = time.perf_counter()
    load = None
    if workers == 1:
        from claimwatch.nlp.pipeline import get_pipeline

        nlp = get_pipeline()
        load = time.perf_counter() - start
    docs = failures = 0
    for item in process_parallel(read_inputs([str(folder / "docs")]), PoolOptions(workers=workers)):
        if isinstance(item, Failure):
            failures += 1
        else:
            docs += 1
    out = {"documents": docs, "failures": failures, "load_s": load, "start": start}
    if workers == 1:
        out["pipes"] = nlp.pipe_names
    return out


def stage_one(folder: Path, workers: int) -> dict[str, Any]:
    return _extract(folder, 1)


def stage_all(folder: Path, workers: int) -> dict[str, Any]:
    return _extract(folder, workers)


def stage_ingest(folder: Path, workers: int) -> dict[str, Any]:
    try:
        from claimwatch.store.ledger import Ledger
    except ImportError as exc:
        return {"error": f"ledger not available ({exc})"}
    start = time.perf_counter()
    with Ledger.open(f"sqlite:///{folder / 'ledger.db'}") as ledger:
        summary = ledger.ingest_paths([str(folder / "docs")], processor=processor(RunOptions(workers=workers)))
    return {
        "documents": summary.new + summary.versions,
        "failures": summary.failed,
        "duplicates": summary.duplicates,
        "start": start,
    }


def run_stage(name: str, folder: Path, workers: int) -> dict[str, Any]:
    with PeakMemory() as memory:
        result = globals()[f"stage_{name}"](folder, workers)
        if "start" in result:
            result["seconds"] = time.perf_counter() - result.pop("start")
    result["cpu_s"] = memory.cpu_s
    result["rss_main_mb"] = memory.main_mb
    result["rss_worker_mb"] = memory.worker_mb
    return result


# ---------------------------------------------------------------------------------------------
# The driver.


def _spawn(name: str, folder: Path, workers: int, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "_stage", name, str(folder), str(workers)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _loadavg() -> str | None:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else None


def _machine(workers: int) -> dict[str, Any]:
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    from claimwatch.nlp.pipeline import model_name

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "workers": workers,
        "memory_gb": memory,
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "model": model_name(),
        "load_average": _loadavg(),
    }


def _median(values: list[float | None]) -> float | None:
    known = sorted(v for v in values if v is not None)
    return known[(len(known) - 1) // 2] if known else None


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of a stage with the median documents/s (the lower one of two)."""
    ranked = sorted(runs, key=lambda r: r.get("docs_per_s") or 0.0)
    return ranked[(len(ranked) - 1) // 2]


def summarise(results: dict[str, dict[str, Any]], tokens: int | None) -> dict[str, Any]:
    """Add rates and the ratios the targets are about."""
    for result in results.values():
        if "seconds" in result and result.get("documents"):
            result["docs_per_s"] = result["documents"] / result["seconds"]
            result["docs_per_cpu_s"] = result["documents"] / result["cpu_s"]
            if tokens:
                result["tokens_per_s"] = tokens / result["seconds"]

    def ratio(a: str, b: str) -> float | None:
        x, y = results.get(a, {}).get("docs_per_s"), results.get(b, {}).get("docs_per_s")
        return x / y if x and y else None

    return {
        "2/1 one worker vs bare spaCy (target >= 0.8)": ratio("one", "bare"),
        "3/2 all cores vs one worker (target >= 1.7)": ratio("all", "one"),
        "4/2 ingest vs one-worker extraction (target >= 0.8)": ratio("ingest", "one"),
        "4/3 ingest vs all-core extraction": ratio("ingest", "all"),
    }


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def print_table(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # a pipe or a file: do not squeeze the table into 80 columns
        console = Console(width=130)
    corpus, machine = report["corpus"], report["machine"]
    table = Table(
        title=f"claimwatch benchmark — {corpus['documents']:,} documents ({corpus['distinct_texts']} distinct texts)"
    )
    for column in (
        "stage",
        "docs/s",
        "tokens/s",
        "seconds",
        "load s",
        "CPU s",
        "docs/CPU s",
        "peak RSS main MB",
        "peak RSS worker MB",
        "note",
    ):
        table.add_column(column, justify="left" if column in ("stage", "note") else "right")
    for name, label in STAGES.items():
        r = report["stages"].get(name)
        if r is None:
            continue
        note = r.get("error") or (f"{r['failures']} failures" if r.get("failures") else "")
        table.add_row(
            label,
            _fmt(r.get("docs_per_s"), ",.1f"),
            _fmt(r.get("tokens_per_s"), ",.0f"),
            _fmt(r.get("seconds"), ".1f"),
            _fmt(r.get("load_s"), ".1f"),
            _fmt(r.get("cpu_s"), ".1f"),
            _fmt(r.get("docs_per_cpu_s"), ".1f"),
            _fmt(r.get("rss_main_mb"), ",.0f"),
            _fmt(r.get("rss_worker_mb"), ",.0f"),
            note,
        )
    console.print(table)
    rounds = report.get("ratios_per_round") or []
    for name, value in report["ratios"].items():
        each = f" (rounds: {', '.join(_fmt(r[name], '.2f') for r in rounds)})" if rounds else ""
        console.print(f"  {name}: {_fmt(value, '.2f')}{each}")
    console.print(
        f"  machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"Python {machine['python']}, {machine['os']}, model {machine['model']}; workers: {machine['workers']}; "
        f"load average before/after: {report['load_before']} / {_fmt(machine['load_average'], '')}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_stage"]:
        name, folder, workers = argv[1], Path(argv[2]), int(argv[3])
        print(json.dumps(run_stage(name, folder, workers)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="more articles to cycle through, besides the bundled sample")
    parser.add_argument("-n", "--documents", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--workers", type=int, default=0, help="workers for stages 3 and 4 (default: every core)")
    parser.add_argument("--stages", default="bare,one,all,ingest", help="comma-separated subset of " + ",".join(STAGES))
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per stage")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the stages this many times, interleaved; report each stage's median run and the median "
        "of each round's ratios (a shared VM's speed drifts between stages: pairs close in time compare better)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args(argv)
    from claimwatch.batch import available_cores

    workers = args.workers or available_cores()
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")
    load_before = _loadavg()
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        folder = Path(tmp)
        corpus = build_corpus(args.files, args.documents, folder)
        rounds = [
            {name: _spawn(name, folder, workers, args.timeout) for name in STAGES if name in stages}
            for _ in range(max(1, args.rounds))
        ]
    tokens = next((r["bare"].get("tokens") for r in rounds if "bare" in r), None)
    per_round = [summarise(r, tokens) for r in rounds]
    results = {name: _median_run([r[name] for r in rounds]) for name in rounds[0]}
    report = {
        "corpus": corpus | {"tokens": tokens},
        "machine": _machine(workers),
        "stages": results,
        "load_before": load_before,
        "rounds": len(rounds),
        "ratios": {k: _median([r[k] for r in per_round]) for k in per_round[0]},
    }
    if len(rounds) > 1:
        report["ratios_per_round"] = per_round
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
