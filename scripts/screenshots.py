"""Take the README's screenshots of the web UI with Playwright driving the system Chromium.

    .venv/bin/python scripts/screenshots.py [--db sqlite:///demo.db] [--out docs/screenshots]

Without ``--db`` it builds a ledger from ``../shared/seeds`` and the bundled sample in a
temporary folder. The server runs in this process (uvicorn in a thread); nothing is fetched.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from claimwatch.api.app import create_app
from claimwatch.core import process_many
from claimwatch.store.ledger import Ledger

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip
# Only pages whose text is ours (the bundled sample) or is figures, names and places: the
# shared seed articles are not ours to copy, so the timeline is cut above its sentence table.
PAGES = {
    "article": "/documents/02_border_figures",
    "timeline": "/timeline?subject=islamic-state&counted=fighters&place=Afghanistan&series=2",
    "map": "/map",
}


def build(db: Path) -> str:
    url = f"sqlite:///{db}"
    shared = Path(os.environ.get("CLAIMWATCH_SHARED", ROOT.parent / "shared"))
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    with Ledger.open(url) as ledger:
        ledger.ingest_paths([*seeds, str(ROOT / "src" / "claimwatch" / "sample")], processor=process_many)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing ledger (default: build one from the seeds and the sample)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or build(Path(tmp) / "demo.db")
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                for name, path in PAGES.items():
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    clip = None
                    if name in ("timeline", "map"):
                        below = "ul.legend.sources" if name == "timeline" else "svg.map"
                        box = page.locator(below).first.bounding_box()
                        assert box is not None
                        clip = {"x": 0, "y": 0, "width": 1280, "height": box["y"] + box["height"] + 12}
                    page.screenshot(path=str(out / f"{name}.png"), clip=clip)
                    print(out / f"{name}.png")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
