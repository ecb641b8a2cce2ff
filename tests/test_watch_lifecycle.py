"""The watch process: SIGTERM finishes the document in hand and exits cleanly; SIGKILL mid-round
loses nothing already stored, and the restarted watch completes the job with no duplicate
document and no duplicate alert (the same alerts as one uninterrupted run)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimwatch.store.ledger import Ledger
from claimwatch.watch import alerts
from claimwatch.watch.config import load
from claimwatch.watch.runner import Watcher
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import corpus
from tests.test_store_kill import _consistent, _count

N_DOCS = 120
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def _setup(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A folder of one-document JSONL files and a config watching it with two rules."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    expected = {}
    for i in range(N_DOCS // 4):
        for d in corpus():
            doc = d.model_copy(
                update={
                    "id": f"{d.id}-{i}",
                    "source": f"https://copies.example.org/{d.id}/{i}",
                    "text": d.text + f"\n\nDispatch number {i} of the series, filed by desk {i % 7}.",
                }
            )
            (inbox / f"{doc.id}.jsonl").write_text(doc.to_json() + "\n")
            expected[doc.id] = len(doc.claims)
    config = tmp_path / "sources.toml"
    config.write_text(
        '[[source]]\nname = "inbox"\nfolder = "inbox"\ninterval = "1h"\n\n'
        '[[rule]]\nname = "is"\nentity = "Islamic State"\non = ["new_figure", "out_of_range", "revised", "denial"]\n\n'
        '[[rule]]\nname = "denials"\ndenials = true\n\n'
        '[deliver]\nstdout = true\njsonl = "alerts.jsonl"\n'
    )
    return config, expected


def _watch(url: str, config: Path, *args: str) -> subprocess.Popen[bytes]:
    code = "from claimwatch.cli.main import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "watch", "--config", str(config), "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _wait_for(url: str, proc: subprocess.Popen[bytes], n: int) -> None:
    deadline = time.time() + 120
    while _count(url) < n:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "watch ended early"
        assert time.time() < deadline, "watch made no progress"
        time.sleep(0.05)


def _alert_keys(url: str) -> list[tuple[str, str | None, int | None, str]]:
    with Ledger.open(url) as ledger:
        rows = alerts.list_alerts(ledger.engine, limit=1000)
    return sorted((a.rule, a.claims[0].doc_id, a.claims[0].claim_idx, ",".join(a.triggers)) for a in rows)


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_mid_round_then_restart(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    config, expected = _setup(tmp_path)
    proc = _watch(url, config)
    _wait_for(url, proc, 20)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _consistent(url, expected)
    assert 20 <= done < len(expected), "the kill should land mid-round"

    for _ in range(4):  # the folder is read at most 100 files a poll
        rerun = _watch(url, config, "--once")
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err.decode()
        if _count(url) == len(expected):
            break
    assert _consistent(url, expected) == len(expected)

    # one uninterrupted run over the same folder gives the same alerts
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    cfg = load(config)
    with Ledger.open(clean) as ledger:
        w = Watcher(cfg, ledger)
        while w.round().changed:
            pass
        w.close()
    got = _alert_keys(url)
    assert got, "the rules fire on this corpus"
    assert len(set(got)) == len(got), "no duplicate alert"
    assert [k[:2] + k[3:] for k in got] == [k[:2] + k[3:] for k in _alert_keys(clean)]


def test_sigterm_finishes_the_document_in_hand_and_exits_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'term.db'}"
    config, expected = _setup(tmp_path)
    proc = _watch(url, config)
    _wait_for(url, proc, 10)
    os.killpg(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    text = err.decode()
    assert "SIGTERM: finishing the document in hand" in text
    assert "(stopped)" in text and "round 1: polled 1" in text
    done = _consistent(url, expected)
    assert done < len(expected)
    rerun = _watch(url, config, "--once")
    rerun.communicate(timeout=300)
    assert _consistent(url, expected) > done
