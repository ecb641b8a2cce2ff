"""The measure of a figure from the closed vocabulary (claimwatch.link.measures)."""

from __future__ import annotations

import pytest

from claimwatch.link.measures import MEASURES, comparable, head_noun, is_stock, measure_of, vocabulary


@pytest.mark.parametrize(
    ("counted", "predicate", "expected"),
    [
        ("IS militants", "concentrated", "strength"),
        ("fighters", None, "strength"),
        ("members of the group", "killed", "killed"),
        ("civilians", "died", "killed"),
        ("bodies", "found", "killed"),
        ("death toll", "climbed", "killed"),
        ("soldiers", "wounded", "injured"),
        ("suspects", "detained", "arrested"),
        ("people", "fled", "displaced"),
        ("extremist groups", "operating", "groups"),
        ("attacks", "carried out", "attacks"),
        ("attacks", "prevented", "prevented"),
        ("lives", "claimed", "killed"),  # an attack verb never makes the dead a count of attacks
        ("percent of casualties", "killed", "percent"),
        ("civilian casualties", None, "casualties"),
        ("USD", None, "money"),
        ("schools", "built", "other"),
        (None, None, "other"),
    ],
)
def test_measure_of(counted: str | None, predicate: str | None, expected: str) -> None:
    assert measure_of(counted, predicate) == expected
    assert expected in MEASURES


def test_the_vocabulary_is_closed_and_documented() -> None:
    vocab = vocabulary()
    assert set(vocab.order) == set(vocab.docs) == set(MEASURES)
    assert all(vocab.docs[m] for m in MEASURES)
    assert set(vocab.predicates.values()) | set(vocab.counted.values()) <= set(MEASURES)
    assert is_stock("strength") and not is_stock("killed")
    assert comparable("killed") and not comparable("other") and not comparable(None) and not comparable("bogus")


def test_head_noun() -> None:
    assert head_noun("members of the group") == "member"
    assert head_noun("Islamic State fighters") == "fighter"
    assert head_noun("") is None


def test_the_contract_carries_the_measure_the_ledger_files() -> None:
    """extract's claims carry their measure; a bare part of a figure ("two critically") takes the figure's."""
    from claimwatch.link.conflicts import document_measures
    from claimwatch.models import Claim, Document

    text = "Six soldiers were injured, two critically, and 300 fighters remain in the hills."
    claims = [
        Claim(
            text="Six soldiers",
            low=6,
            high=6,
            qualifier="exact",
            counted="soldiers",
            predicate="injured",
            start=0,
            end=12,
        ),
        Claim(text="two", low=2, high=2, qualifier="exact", start=27, end=30),
        Claim(
            text="300 fighters",
            low=300,
            high=300,
            qualifier="exact",
            counted="fighters",
            predicate="remain",
            start=47,
            end=59,
        ),
    ]
    doc = Document(id="t", text=text, claims=claims)
    assert document_measures(doc) == ["injured", "injured", "strength"]
