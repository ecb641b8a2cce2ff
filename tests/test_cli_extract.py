"""`claimwatch extract`: the contract on stdout, one clear line per bad input, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, shared_or_skip

CONTRACT_FIELDS = {
    "schema",
    "id",
    "source",
    "title",
    "published",
    "language",
    "text",
    "entities",
    "quotes",
    "claims",
    "events",
    "related",
}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimwatch.cli", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "120"},
    )


@pytest.fixture(scope="module")
def seeds_jsonl() -> list[dict]:  # type: ignore[type-arg]
    seeds = shared_or_skip("seeds")
    res = run("extract", *sorted(str(p) for p in seeds.glob("*.txt")), "--format", "jsonl", "--workers", "1")
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_seeds_print_contract_documents(seeds_jsonl: list[dict]) -> None:  # type: ignore[type-arg]
    assert len(seeds_jsonl) == 2
    for doc in seeds_jsonl:
        assert set(doc) >= CONTRACT_FIELDS
        assert doc["schema"] == "claimwatch.document/1"
        for key in ("entities", "quotes", "claims", "events"):
            assert doc[key], f"{doc['id']}: {key} is empty"
        for q in doc["quotes"]:
            assert 0 <= q["start"] < q["end"] <= len(doc["text"])


def test_second_seed_body_ends_before_related_list(seeds_jsonl: list[dict]) -> None:  # type: ignore[type-arg]
    second = next(d for d in seeds_jsonl if d["id"].startswith("002"))
    assert second["text"].rstrip().endswith("fearing a slaughter by the Taliban.")
    assert second["related"] and all(r["title"] for r in second["related"])
    assert second["published"] == "2019-12-24"


def test_table_and_json_formats() -> None:
    sample = str(SAMPLE / "01_kandahar_raid.txt")
    table = run("extract", sample, "--format", "table", "--workers", "1")
    assert table.returncode == 0 and "Quotes" in table.stdout and "Figures" in table.stdout
    as_json = run("extract", sample, "--format", "json", "--workers", "1")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["id"] == "01_kandahar_raid"


def test_stdin_and_folder() -> None:
    res = run(
        "extract",
        "-",
        "--format",
        "jsonl",
        "--workers",
        "1",
        stdin=b"Police arrested 12 suspects in Izmir, officials said.",
    )
    assert res.returncode == 0 and json.loads(res.stdout)["id"] == "stdin"
    folder = run("extract", str(SAMPLE), "--format", "jsonl", "--workers", "1")
    ids = [json.loads(line)["id"] for line in folder.stdout.splitlines()]
    assert ids == sorted(ids) and len(ids) == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"   \n\n  ", "empty input"),
        ("binary.txt", b"\x00\x01\x02binary\x00" * 10, "binary"),
        ("broken.html", b"<html><body><div><p></div></p><script>x</script>", "no"),
    ],
)
def test_bad_input_one_clear_line(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    res = run("extract", str(bad), "--format", "jsonl", "--workers", "1")
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0].lower()


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    res = run("extract", str(tmp_path / "nope.txt"), "--workers", "1")
    assert res.returncode != 0 and "nope.txt" in res.stderr and "Traceback" not in res.stderr
    if os.geteuid() != 0:  # root reads everything
        locked = tmp_path / "locked.txt"
        locked.write_text("Police said three people died.")
        locked.chmod(0)
        res = run("extract", str(locked), "--workers", "1")
        assert res.returncode != 0 and "permission" in res.stderr


def test_non_utf8_text_is_read_as_cp1252(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("The governor of Nangarh\u00e2r said 40 fighters surrendered.".encode("cp1252"))
    res = run("extract", str(f), "--format", "jsonl", "--workers", "1")
    assert res.returncode == 0, res.stderr
    assert "Nangarh\u00e2r" in json.loads(res.stdout)["text"]


def test_huge_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    f.write_bytes(b"word " * (5 * 1024 * 1024))  # 25 MB
    res = run("extract", str(f), "--workers", "1")
    assert res.returncode != 0 and "too large" in res.stderr and "Traceback" not in res.stderr


def test_bad_input_is_skipped_when_others_succeed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("The army said it killed 12 militants in Helmand on Monday.")
    res = run("extract", str(tmp_path / "empty.txt"), str(good), "--format", "jsonl", "--workers", "1")
    assert res.returncode == 0
    assert "empty.txt" in res.stderr and "skipped" in res.stderr
    assert json.loads(res.stdout)["id"] == "good"


def test_python_api_returns_the_same_model() -> None:
    from claimwatch import extract
    from claimwatch.models import Document

    doc = extract("The Interior Ministry said 40 fighters surrendered in Kunar.", source="memo", published="2025-01-02")
    assert isinstance(doc, Document) and doc.source == "memo" and doc.published == "2025-01-02"
    assert doc.claims[0].low == 40 and doc.claims[0].speaker == "Interior Ministry"
