"""An ingest killed with SIGKILL mid-run leaves a consistent ledger, and the next run finishes
the job with nothing duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from claimwatch.core import process_many
from claimwatch.models import Document
from claimwatch.store import schema as t
from claimwatch.store.ledger import Ledger
from claimwatch.store.settings import database_url
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import corpus

N_DOCS = 240


def _variant(doc: Document, i: int) -> Document:
    """A distinct document: its own id, URL and an extra closing sentence (offsets unchanged)."""
    return doc.model_copy(
        update={
            "id": f"{doc.id}-{i}",
            "source": f"https://copies.example.org/{doc.id}/{i}",
            "text": doc.text + f"\n\nDispatch number {i} of the series, filed by desk {i % 7}.",
        }
    )


def _expected(path: Path) -> dict[str, int]:
    docs = [_variant(d, i) for i in range(N_DOCS // 4) for d in corpus()]
    path.write_text("".join(d.to_json() + "\n" for d in docs))
    return {d.id: len(d.claims) for d in docs}


def _count(url: str) -> int:
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(t.documents)) or 0)
    except Exception:  # noqa: BLE001  (the schema may not exist yet)
        return 0
    finally:
        engine.dispose()


def _ingest(url: str, jsonl: Path) -> subprocess.Popen[bytes]:
    code = "from claimwatch.cli.main import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(jsonl), "--db", url, "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _consistent(url: str, expected: dict[str, int]) -> int:
    """Check every stored document is whole; returns how many there are."""
    engine = create_engine(database_url(url))
    d, c = t.documents.c, t.claims.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(d.doc_id, func.count(c.id))
            .select_from(t.documents.outerjoin(t.claims, c.document_id == d.id))
            .group_by(d.doc_id)
        ).all()
        for doc_id, n in rows:
            assert expected[doc_id] == n, f"{doc_id} is half-written: {n} of {expected[doc_id]} claims"
        assert conn.scalar(select(func.count(func.distinct(d.content_hash)))) == len(rows)
        orphans = conn.scalar(select(func.count()).select_from(t.claims).where(~c.document_id.in_(select(d.id))))
        assert orphans == 0
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        # every series count matches its claims
        s = t.series.c
        for sid, n in conn.execute(select(s.id, s.n_claims)):
            real = conn.scalar(
                select(func.count(c.id))
                .select_from(t.claims.join(t.documents, d.id == c.document_id))
                .where(c.series_id == sid, d.is_current, d.duplicate_of.is_(None))
            )
            assert real == n
    engine.dispose()
    return len(rows)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def test_sigkill_mid_ingest_then_resume(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    jsonl = tmp_path / "docs.jsonl"
    expected = _expected(jsonl)
    proc = _ingest(url, jsonl)
    deadline = time.time() + 120
    while _count(url) < 20:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "ingest ended early"
        assert time.time() < deadline, "ingest made no progress"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _consistent(url, expected)
    assert 20 <= done < len(expected), "the kill should land mid-run"

    rerun = _ingest(url, jsonl)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert f"new {len(expected) - done}, unchanged {done}," in out.decode()
    assert _consistent(url, expected) == len(expected)
    with Ledger.open(url) as ledger:
        again = ledger.ingest_paths([str(jsonl)], processor=process_many)
    assert (again.new, again.unchanged) == (0, len(expected))
