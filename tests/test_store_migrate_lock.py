"""Two processes opening one fresh SQLite ledger: one migrates, the other waits and finds it current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OPEN = "import sys; from claimwatch.store.ledger import Ledger; Ledger.open('sqlite:///' + sys.argv[1]).close()"


def test_concurrent_first_opens_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    env_path = str(Path(__file__).resolve().parents[1] / "src")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert all(code == 0 for code, _ in results), results
    assert not any("Traceback" in err or "already exists" in err for _, err in results)
