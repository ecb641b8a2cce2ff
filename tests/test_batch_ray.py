"""Ray Data gives what one process gives: same documents, same failures, same order.

Starts a local Ray with two CPUs. Skipped only when Ray is not installed outside CI; in CI a
missing Ray is a failure (install the ``ray`` extra).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimwatch.core import Failure, process_many, read_inputs
from tests.conftest import SAMPLE, SHARED

pytestmark = [pytest.mark.ray, pytest.mark.slow]

if not os.environ.get("CI"):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'claimwatch[ray]')")


@pytest.fixture(scope="module")
def ray_local() -> Iterator[object]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def _corpus(tmp_path: Path) -> list[str]:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "furniture.txt").write_text("Share this article\n\n")
    paths = [str(SAMPLE), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]
    paths += sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))[:4]
    paths += [str(tmp_path / "furniture.txt"), str(SAMPLE / "02_border_figures.txt")]
    return paths


def _key(item: object) -> str:
    if isinstance(item, Failure):
        return f"FAILURE {item.source} {type(item.error).__name__} {item.error}"
    return item.to_json()  # type: ignore[attr-defined]


def test_ray_equals_one_process_document_for_document(tmp_path: Path, ray_local: object, nlp: object) -> None:
    from claimwatch.batch.ray import RayOptions, process_ray

    paths = _corpus(tmp_path)
    one = [_key(item) for item in process_many(read_inputs(paths))]
    on_ray = [_key(item) for item in process_ray(paths, RayOptions(workers=2, chunk_size=2))]
    assert sum(key.startswith("FAILURE") for key in one) >= 2
    assert on_ray == one


def test_ray_shards_hold_the_same_documents(tmp_path: Path, ray_local: object, nlp: object) -> None:
    import pyarrow.parquet as pq

    from claimwatch.batch.ray import RayOptions, from_row, write_shards

    paths = _corpus(tmp_path)
    one = [item for item in process_many(read_inputs(paths))]
    documents = sorted(item.to_json() for item in one if not isinstance(item, Failure))

    summary = write_shards(paths, str(tmp_path / "jsonl"), "jsonl", RayOptions(workers=2, chunk_size=2))
    lines = [line for shard in sorted((tmp_path / "jsonl").glob("*.jsonl")) for line in shard.read_text().splitlines()]
    assert sorted(lines) == documents
    assert summary.documents == len(documents)
    assert len(summary.failures) == len(one) - len(documents)
    assert all(json.loads(line)["schema"] for line in lines)

    write_shards(paths, str(tmp_path / "parquet"), "parquet", RayOptions(workers=2, chunk_size=2))
    rows = sorted(pq.read_table(tmp_path / "parquet").to_pylist(), key=lambda row: row["index"])
    assert [_key(from_row(row)) for row in rows] == [_key(item) for item in one]


def test_cli_engine_ray_prints_what_the_local_engine_prints(tmp_path: Path, ray_local: object, nlp: object) -> None:
    from click.testing import CliRunner

    from claimwatch.cli.main import cli

    paths = _corpus(tmp_path)
    runner = CliRunner()
    local = runner.invoke(cli, ["extract", *paths, "--format", "jsonl", "--workers", "1"])
    on_ray = runner.invoke(cli, ["extract", *paths, "--format", "jsonl", "--engine", "ray", "--workers", "2"])
    assert local.exit_code == on_ray.exit_code == 0
    assert on_ray.stdout == local.stdout
    assert on_ray.stderr == local.stderr


def test_ingest_on_ray_stores_every_document(tmp_path: Path, ray_local: object, nlp: object) -> None:
    from claimwatch.batch.ray import RayOptions, ingest_ray
    from claimwatch.store.ledger import Ledger

    paths = _corpus(tmp_path)
    one = list(process_many(read_inputs(paths)))
    documents = [item for item in one if not isinstance(item, Failure)]
    summary = ingest_ray(paths, f"sqlite:///{tmp_path / 'ledger.db'}", RayOptions(workers=2, chunk_size=2))
    assert summary.new + summary.unchanged == len(documents)
    assert sorted(f.source for f in summary.failures) == sorted(
        item.source for item in one if isinstance(item, Failure)
    )
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as ledger:
        stored = {row.document for row in ledger.documents(limit=100).items}
    assert stored == {doc.id for doc in documents}
