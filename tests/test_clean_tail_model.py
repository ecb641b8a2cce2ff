"""Tests for claimwatch.clean.tail_model, the learned trailing-furniture cut.

Every article line here was written for these tests (illustrative); the development gold is
read from ../shared through ``shared_or_skip``.
"""

from __future__ import annotations

import json
import sys
import time
from importlib.resources import files

import pytest

from claimwatch.clean import clean_text
from claimwatch.clean.lines import Seg, normalise, segments
from claimwatch.clean.tail_model import FEATURES, decode, line_features, load_model, model_from_dict
from claimwatch.errors import ConfigError
from tests.conftest import shared_or_skip

BODY = (
    "Rebels attacked an army post near the river town overnight, killing four soldiers, a military "
    "spokesman said on Monday.\n\nThe spokesman said reinforcements had been sent to the area and that "
    "the attackers had fled into the forest.\n\nResidents said the fighting lasted several hours and that "
    "at least two houses were burned."
)
LAST = "at least two houses were burned."


@pytest.mark.parametrize(
    "tail",
    [
        "Previous Post\nGovernor opens new bridge in the north\nNext Post\nTeachers strike over unpaid salaries",
        "Governor opens new bridge in the north\nTeachers strike over unpaid salaries\nFloods displace thousands",
        "The governor has opened a new bridge over the northern channel, officials…\n"
        "Teachers in three provinces have gone on strike over months of unpaid…\n"
        "Floods have displaced thousands of families in the delta after days of…",
        "Our picks for you",
        "Jane Doe is a freelance journalist who covers security and migration for the paper.",
        "About Us | Contact | Privacy Policy | Terms of Use",
        "By Jane Doe\nSenior Correspondent",
    ],
)
def test_shapes_of_furniture_are_cut(tail: str) -> None:
    c = clean_text(BODY + "\n\n" + tail)
    assert c.text.endswith(LAST)


@pytest.mark.parametrize(
    "ending",
    [
        "“We will not give up,” he said.",
        "He was 54.",
        "Calls for talks\n\nThe opposition urged the government to open talks with the rebel leadership "
        "before the rainy season begins.",
        "The army has deployed thousands of troops to the region since the insurgency began, but attacks "
        "have continued and",
        "The deadliest attacks this year:\n1. Border post raid\n2. Market bombing\n3. Convoy ambush",
        "- Four soldiers killed\n- Two houses burned\n- Reinforcements sent",
    ],
)
def test_endings_of_the_body_are_kept(ending: str) -> None:
    c = clean_text(BODY + "\n\n" + ending)
    assert c.text.endswith(ending.split("\n")[-1])


def _segs(*lines: str) -> list[Seg]:
    return segments(normalise("\n".join(lines)))


def test_decode_cuts_where_the_suffix_is_most_likely_furniture() -> None:
    lines = _segs("a", "b", "c", "d")
    assert decode(lines, ["short"] * len(lines), [0.0, -1.0, 2.0, 1.0]) == 2
    assert (
        decode(lines, ["short"] * len(lines), [0.0, 3.0, -1.0, 0.5]) == 1
    )  # a doubtful line inside a confident block goes with it
    assert decode(lines, ["short"] * len(lines), [0.0, -1.0, -1.0, -0.5]) == 4  # nothing cut
    assert decode(lines, ["short"] * len(lines), [9.0, -1.0, -1.0, -0.5]) == 4  # never the first line


def test_decode_never_cuts_a_long_sentence() -> None:
    long = " ".join(["word"] * 30) + "."
    lines = _segs("a", long, "c", "The army said it had shot down four drones.")
    assert decode(lines, ["short"] * 4, [5.0] * 4) == 2
    assert decode(lines, ["short", "body", "short", "body"], [5.0] * 4) == 4


def test_features_match_the_model() -> None:
    lines = _segs("First line of the text here.", "Short label")
    rows = line_features(lines, ["body", "short"])
    assert len(rows) == 2 and all(len(r) == len(FEATURES) for r in rows)
    assert len(line_features(lines, ["body", "short"], first=1)) == 1


def test_packaged_model_loads_fast_and_validates() -> None:
    load_model.cache_clear()
    t = time.perf_counter()
    load_model()
    assert time.perf_counter() - t < 0.2
    data = json.loads(files("claimwatch").joinpath("resources", "models", "furniture_tail.json").read_text())
    assert data["_note"]
    with pytest.raises(ConfigError):
        model_from_dict({**data, "features": data["features"][:-1]})
    with pytest.raises(ConfigError):
        model_from_dict({**data, "coef": data["coef"][:-1]})
    with pytest.raises(ConfigError):
        model_from_dict({**data, "scale": [0.0] * len(FEATURES)})


def test_development_gold_furniture_removed_and_body_kept() -> None:
    """The scorer's document measures on the development gold: bodies kept, furniture gone, dates right or null."""
    eval_dir = shared_or_skip("eval")
    sys.path.insert(0, str(eval_dir))
    try:
        import score  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    kept = removed = with_furniture = dated = 0
    golds = sorted((eval_dir / "gold").glob("*.json"))
    for f in golds:
        g = json.loads(f.read_text())
        raw = (f.resolve().parents[2] / g["file"]).read_text()
        c = clean_text(raw)
        dated += c.published == g.get("published")  # null when the text has no date of its own
        text = normalise(raw)[: c.body_offset + len(c.text)]  # as extract prints it: the top to the body's end
        at = raw.find(g["boilerplate_starts_with"]) if g.get("boilerplate_starts_with") else -1
        body = score.tokens(raw[:at] if at >= 0 else raw)
        pred = score.ngrams(score.tokens(text))
        kept += len(score.ngrams(body) & pred) >= 0.95 * max(1, len(score.ngrams(body)))
        if at >= 0:
            with_furniture += 1
            furn = score.ngrams(score.tokens(raw[at:])) - score.ngrams(body)
            removed += len(furn & pred) <= 0.05 * max(1, len(furn))
    assert kept == len(golds)
    assert removed == with_furniture
    assert dated >= 0.95 * len(golds)


def test_teasers_cut_by_shape_become_related_stubs() -> None:
    c = clean_text(
        BODY + "\n\nPrevious Article\nGovernor opens new bridge in the north\nNext Article\n"
        "Teachers strike over unpaid salaries\nRelated Posts"
    )
    assert [r.title for r in c.related] == [
        "Governor opens new bridge in the north",
        "Teachers strike over unpaid salaries",
    ]
    c = clean_text(
        BODY + "\n\nThe governor has opened a new bridge over the northern channel, officials…\n"
        "Teachers in three provinces have gone on strike over months of unpaid…"
    )
    assert [r.title for r in c.related] == [
        "The governor has opened a new bridge over the northern channel, officials",
        "Teachers in three provinces have gone on strike over months of unpaid",
    ]
