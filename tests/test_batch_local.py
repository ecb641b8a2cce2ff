"""The local process pool gives what one process gives: same documents, same failures, same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch.batch import PoolOptions, RunOptions, count_inputs, process_parallel, process_paths, track
from claimwatch.core import Failure, process_many, read_inputs
from claimwatch.errors import SourceError
from tests.conftest import SAMPLE, SHARED


def _corpus(tmp_path: Path) -> list[str]:
    """The sample, the shared articles when present, and inputs that fail to read or to clean."""
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "furniture.txt").write_text("Share this article\n\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    paths = [str(SAMPLE), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]
    paths += sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))[:6]
    paths += [str(tmp_path / "furniture.txt"), str(tmp_path / "binary.txt"), str(SAMPLE / "01_kandahar_raid.txt")]
    return paths


def _key(item: object) -> str:
    if isinstance(item, Failure):
        return f"FAILURE {item.source} {type(item.error).__name__} {item.error}"
    return item.to_json()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_two_workers_equal_one_worker_item_for_item(tmp_path: Path, nlp: object) -> None:
    paths = _corpus(tmp_path)
    one = [_key(item) for item in process_many(read_inputs(paths))]
    # Small chunks and prefetch so chunks interleave between the workers and the queue fills up.
    many = [
        _key(item) for item in process_parallel(read_inputs(paths), PoolOptions(workers=2, chunk_size=2, prefetch=1))
    ]
    assert len(one) == count_inputs(paths)
    assert sum(key.startswith("FAILURE") for key in one) >= 3
    assert many == one


@pytest.mark.slow
def test_one_worker_runs_in_process(nlp: object) -> None:
    results = list(process_paths([str(SAMPLE)], RunOptions(workers=1)))
    assert [r.source for r in results] == [str(p) for p in sorted(SAMPLE.glob("*.*")) if p.suffix in (".txt", ".html")]


def test_failures_only_need_no_worker() -> None:
    failures = [Failure(f"f{i}", SourceError("no such file", source=f"f{i}")) for i in range(5)]
    out = list(process_parallel(iter(failures), PoolOptions(workers=2, chunk_size=2)))
    assert out == failures


def test_the_pool_reads_its_input_lazily() -> None:
    """At most workers * prefetch chunks are taken from the input before the first result comes back."""
    taken = []

    def inputs():  # type: ignore[no-untyped-def]
        for i in range(10_000):
            taken.append(i)
            yield Failure(f"f{i}", SourceError("gone", source=f"f{i}"))

    stream = process_parallel(inputs(), PoolOptions(workers=2, chunk_size=4, prefetch=2))
    next(stream)
    stream.close()
    assert len(taken) <= 2 * 2 * 4 + 4


def test_track_passes_items_through() -> None:
    assert list(track(iter(range(5)), total=5, enabled=False)) == [0, 1, 2, 3, 4]
    assert list(track(iter(range(5)), total=5, enabled=True)) == [0, 1, 2, 3, 4]


@pytest.mark.slow
def test_cli_workers_output_equals_one_worker(tmp_path: Path, nlp: object) -> None:
    from claimwatch.cli.main import cli

    paths = _corpus(tmp_path)
    runner = CliRunner()
    one = runner.invoke(cli, ["extract", *paths, "--format", "jsonl", "--workers", "1"])
    two = runner.invoke(cli, ["extract", *paths, "--format", "jsonl", "--workers", "2", "--progress"])
    assert one.exit_code == two.exit_code == 0
    lines = [line for line in one.stdout.splitlines() if line.startswith("{")]
    assert lines and [json.loads(line) for line in lines]
    assert [line for line in two.stdout.splitlines() if line.startswith("{")] == lines
