"""Shared helpers of the API and web tests: the demo ledger, built once per test session.

The ledger holds the two shared seed articles (read at run time from ``../shared``) and the
bundled sample; extraction takes seconds, so it is built once into a temporary folder and each
test module copies or opens it. A second ledger holds one hostile article (HTML and JavaScript
payloads in its text) for the escaping tests. No test here; pytest collects the module anyway.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from claimwatch.core import process_many
from claimwatch.store.ledger import Ledger
from tests.conftest import SAMPLE, shared_or_skip

_TMP = Path(tempfile.mkdtemp(prefix="claimwatch-web-tests-"))
atexit.register(shutil.rmtree, _TMP, True)

TOKEN = "test-token-0123456789"

# Our own hostile article: every payload must reach the page as visible text, none may run.
PAYLOADS = [
    "<script>window.__xss = 'script';</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    '"><svg onload="window.__xss=\'svg\'">',
    "</textarea><iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
    "<a href=\"javascript:window.__xss='href'\">click</a>",
    "{{ 7*7 }} ${7*7} <style>body{display:none}</style>",
]
HOSTILE_TITLE = "<script>window.__xss='title'</script> Minister says 300 <b>fighters</b> crossed"
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    "KABUL, March 3, 2025 - Interior Minister Ahmad Rahimi said on Monday that more than 300 "
    f"fighters {PAYLOADS[0]} of the Islamic State had crossed into Kunar province.\n\n"
    f'"We killed 12 militants {PAYLOADS[1]} in the operation," Rahimi told reporters in Kabul.\n\n'
    f"The Taliban rejected the figures {PAYLOADS[2]} in a statement.\n\n"
    f"A spokesman, Zabihullah Mujahid {PAYLOADS[3]}, said about 40 attacks {PAYLOADS[4]} were foiled.\n\n"
    f"{PAYLOADS[5]}\n"
)


@cache
def demo_db() -> Path:
    """The demo ledger file: the seeds plus the bundled sample (built on first call)."""
    seeds = sorted(str(p) for p in shared_or_skip("seeds").glob("*.txt"))
    assert len(seeds) >= 2, "expected the two seed articles in ../shared/seeds"
    path = _TMP / "demo.db"
    with Ledger.open(f"sqlite:///{path}") as ledger:
        summary = ledger.ingest_paths([*seeds, str(SAMPLE)], processor=process_many)
    assert summary.failed == 0, summary.failures
    return path


@cache
def hostile_db() -> Path:
    """A ledger holding only the hostile article."""
    from claimwatch.core import extract

    path = _TMP / "hostile.db"
    doc = extract(HOSTILE_TEXT, source="<script>alert('source')</script>", id="hostile", html=False)
    with Ledger.open(f"sqlite:///{path}") as ledger:
        ledger.ingest_documents([doc])
    return path


def copy_of(db: Path, to: Path) -> str:
    """A private copy of a ledger file (for tests that write), as a URL."""
    target = to / db.name
    shutil.copyfile(db, target)
    return f"sqlite:///{target}"
