"""The Russian development gold through the shared scorer: issue 20's bars (the coordinator pins
the eval gate's floors at merge; these are the Russian path's own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimwatch.core import Failure, process_many, read_inputs
from tests.conftest import shared_or_skip

pytest.importorskip("natasha")

BARS = {
    "headline": 0.75,
    "quotes.span+speaker.f1": 0.80,
    "claims.value+counted+speaker.f1": 0.75,
    "entities.found.f1": 0.90,
}


@pytest.fixture(scope="module")
def ru_result(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    texts = shared_or_skip("eval", "ru", "texts")
    gold = shared_or_skip("eval", "ru", "gold")
    pred = tmp_path_factory.mktemp("ru") / "pred.jsonl"
    with pred.open("w") as out:
        for item in process_many(read_inputs([str(f) for f in sorted(texts.glob("*.txt"))])):
            assert not isinstance(item, Failure), item
            assert item.language == "ru"
            out.write(item.to_json() + "\n")
    scorer = gold.parent.parent / "score.py"
    res = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("key", sorted(BARS))
def test_ru_bar(ru_result: dict, key: str) -> None:  # type: ignore[type-arg]
    value: object = ru_result
    for part in key.split("."):
        value = value[part]  # type: ignore[index]
    assert float(value) >= BARS[key], (key, value, BARS[key])  # type: ignore[arg-type]


def test_mixed_corpus_runs_in_one_pass(tmp_path: Path) -> None:
    """An English and a Russian article in one run: each through its own path, in order."""
    (tmp_path / "a.txt").write_text("Security forces killed at least 24 militants in Kandahar, officials said.\n")
    (tmp_path / "b.txt").write_text(
        "Силовики уничтожили не менее 24 боевиков в Кандагаре, заявили в полиции провинции.\n"
    )
    docs = [d for d in process_many(read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]))]
    assert [getattr(d, "language", None) for d in docs] == ["en", "ru"]
    assert [(c.low, c.qualifier) for d in docs for c in d.claims] == [(24, "at_least"), (24, "at_least")]  # type: ignore[union-attr]
