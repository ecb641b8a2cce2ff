"""CPU cost of a watch round that finds nothing new, with 1,000 sources on a local server.

A server process (so its CPU is not counted) serves N feeds, each with its own ETag and one entry
whose body is inline. The first round reads every feed (the entries share one article, so one
extraction; the rest are known by their content hash); then quiet rounds, every source forced,
get a 304 each. Prints the CPU seconds (user + system of this process) and wall seconds of the
first round and of each quiet round, and the per-source cost.

    .venv/bin/python benchmarks/watch_bench.py            # 1,000 sources, 3 quiet rounds
    .venv/bin/python benchmarks/watch_bench.py -n 200 --rounds 5 --json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ARTICLE = (
    "<p>Provincial police chief Rahim Zadran said on Sunday that more than 400 fighters had gathered in the "
    "mountains of the province, and that the border crossings had been closed for the week.</p>" * 6
)


def feed(n: int) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>feed {n}</title><link>http://bench.invalid/{n}</link><description>d</description>"
        f"<item><title>item {n}</title><link>http://bench.invalid/{n}/a</link><guid>bench-{n}-a</guid>"
        f"<content:encoded><![CDATA[{ARTICLE}]]></content:encoded></item></channel></rss>"
    ).encode()


def serve(port_queue: Any) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:  # noqa: N802
            if not self.path.startswith("/feed/"):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            n = int(self.path.rsplit("/", 1)[1])
            etag = f'"v1-{n}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = feed(n)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="sources (default 1000)")
    ap.add_argument("--rounds", type=int, default=3, help="quiet rounds (default 3)")
    ap.add_argument("--db", default=None, help="ledger URL (default: a fresh SQLite file)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from claimwatch.store.ledger import Ledger
    from claimwatch.watch.config import parse
    from claimwatch.watch.runner import Watcher

    queue: Any = mp.get_context("spawn").Queue()
    server = mp.get_context("spawn").Process(target=serve, args=(queue,), daemon=True)
    server.start()
    port = queue.get(timeout=30)
    tmp = tempfile.mkdtemp(prefix="watch-bench-")
    url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
    config = parse(
        {
            "watch": {"rate_limit": 0, "interval": "1h"},
            "source": [{"name": f"feed-{i}", "feed": f"http://127.0.0.1:{port}/feed/{i}"} for i in range(args.n)],
            "rule": [{"name": "any", "series": {"counted": "fighters"}}],
            "deliver": {"stdout": False},
        }
    )
    results: dict[str, Any] = {"sources": args.n, "quiet_rounds": []}
    try:
        with Ledger.open(url) as ledger:
            watcher = Watcher(config, ledger)
            c0, w0 = cpu(), time.perf_counter()
            first = watcher.round()
            results["first_round"] = {
                "cpu_s": round(cpu() - c0, 3),
                "wall_s": round(time.perf_counter() - w0, 3),
                "line": first.line(),
            }
            assert first.failed == 0, first.errors[:3]
            for _ in range(args.rounds):
                c0, w0 = cpu(), time.perf_counter()
                report = watcher.round(force=True)
                spent = cpu() - c0
                assert report.unchanged == args.n and report.new == 0, report.line()
                results["quiet_rounds"].append(
                    {"cpu_s": round(spent, 3), "wall_s": round(time.perf_counter() - w0, 3), "line": report.line()}
                )
            watcher.close()
    finally:
        server.terminate()
    quiet = sorted(r["cpu_s"] for r in results["quiet_rounds"])
    results["quiet_cpu_s_median"] = quiet[len(quiet) // 2]
    results["quiet_cpu_ms_per_source"] = round(1000 * results["quiet_cpu_s_median"] / args.n, 3)
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return
    f = results["first_round"]
    print(f"{args.n} sources; first round: {f['cpu_s']:.2f} s CPU, {f['wall_s']:.2f} s wall")
    print(f"  {f['line']}")
    for i, r in enumerate(results["quiet_rounds"], 1):
        print(f"quiet round {i}: {r['cpu_s']:.2f} s CPU, {r['wall_s']:.2f} s wall")
    print(
        f"a round finding nothing new: {results['quiet_cpu_s_median']:.2f} s CPU (median), "
        f"{results['quiet_cpu_ms_per_source']:.2f} ms per source (target < 2 s for 1,000)"
    )


if __name__ == "__main__":
    main()
