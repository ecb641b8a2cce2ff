"""The evaluation gate: the shared scorer on the development gold, with pinned floors.

Floors only go up. Each is the bar an issue set (or what was reached, when higher); a drop below
a floor fails the build.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimwatch.core import Failure, process_many, read_inputs
from tests.conftest import shared_or_skip

# Pinned on the 33-article development gold (17 articles until 2026-12-04: the 16 added articles are
# a different, harder measurement, so the old floors were re-based on it, never below an issue's bar).
FLOORS = {
    # issue 15: attribution (bars 0.90 quotes+speaker, 0.88 claims full, 0.75 claim location)
    "quotes.span+speaker.f1": 0.90,
    "quotes.speaker_accuracy.acc": 0.96,
    "claims.detection.f1": 0.97,
    "claims.value+counted+speaker.f1": 0.85,  # 0.851 reached; the 0.88 is not yet
    "claims.location_accuracy.acc": 0.75,
    # issue 16: entities, events, document (bars 0.93 entities, 0.80 events, 1.0 body and furniture)
    "entities.found.f1": 0.95,
    "entities.type_accuracy.acc": 0.97,
    "entities.country_accuracy.acc": 0.97,
    "events.f1": 0.79,  # 0.795 in-sample reached, 0.743 cross-validated; the 0.80 is not yet
    "document.published_accuracy.acc": 1.0,
    "document.body_kept.acc": 1.0,
    "document.boilerplate_removed.acc": 1.0,
    "headline": 0.87,  # 0.877 reached (0.815 on main of 2026-12-04)
}
SEED_FLOORS = {"headline": 0.5}


def _score(tmp_path: Path, files: list[Path], gold: Path, scorer: Path | None = None) -> dict:  # type: ignore[type-arg]
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as out:
        for item in process_many(read_inputs([str(f) for f in files])):
            assert not isinstance(item, Failure), item
            out.write(item.to_json() + "\n")
    scorer = scorer or gold.parent / "score.py"
    res = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)


def _get(result: dict, key: str) -> float:  # type: ignore[type-arg]
    value: object = result
    for part in key.split("."):
        value = value[part]  # type: ignore[index]
    return float(value)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def dev_result(tmp_path_factory: pytest.TempPathFactory, nlp) -> dict:  # type: ignore[no-untyped-def,type-arg]
    seeds = shared_or_skip("seeds")
    gold = shared_or_skip("eval", "gold")
    files = sorted(seeds.glob("*.txt")) + sorted(shared_or_skip("eval", "texts").glob("*.txt"))
    return _score(tmp_path_factory.mktemp("dev"), files, gold)


def test_seed_headline(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    """Issue 2's bar: a headline of at least 0.5 on the two seed articles alone."""
    seeds = shared_or_skip("seeds")
    gold_all = shared_or_skip("eval", "gold")
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in gold_all.glob("*.json"):
        if json.loads(f.read_text()).get("file", "").startswith("seeds/"):
            (gold / f.name).write_text(f.read_text())
    result = _score(tmp_path, sorted(seeds.glob("*.txt")), gold, gold_all.parent / "score.py")
    for key, floor in SEED_FLOORS.items():
        assert _get(result, key) >= floor, (key, _get(result, key), floor)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_dev_floor(dev_result: dict, key: str) -> None:  # type: ignore[type-arg]
    assert _get(dev_result, key) >= FLOORS[key], (key, _get(dev_result, key), FLOORS[key])
