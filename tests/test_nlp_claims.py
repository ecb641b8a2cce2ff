"""Claims: the contract's value table, exclusions, counted nouns and attribution (issue 4)."""

from __future__ import annotations

import pytest

from claimwatch import extract
from claimwatch.models import Claim

pytestmark = pytest.mark.usefixtures("nlp")


def claims(text: str) -> list[Claim]:
    return extract(text).claims


@pytest.mark.parametrize(
    ("sentence", "low", "high", "qualifier", "counted"),
    [
        ("The raid killed 550 fighters.", 550, 550, "exact", "fighters"),
        ("The raid killed two fighters.", 2, 2, "exact", "fighters"),
        ("The raid killed a dozen fighters.", 12, 12, "exact", "fighters"),
        ("The raid killed about 90 fighters.", 90, 90, "approx", "fighters"),
        ("The raid killed nearly 90 fighters.", 90, 90, "approx", "fighters"),
        ("The group has more than 5,500 fighters.", 5500, None, "more_than", "fighters"),
        ("The group has over 5,500 fighters.", 5500, None, "more_than", "fighters"),
        ("The group has upwards of 5,500 fighters.", 5500, None, "more_than", "fighters"),
        ("The attack killed at least 131 people.", 131, None, "at_least", "people"),
        ("The attack killed fewer than 50 people.", None, 50, "less_than", "people"),
        ("The group has up to 5,000 fighters.", None, 5000, "at_most", "fighters"),
        ("The group has no more than 5,000 fighters.", None, 5000, "at_most", "fighters"),
        ("The group has between 2,500 and 4,000 fighters.", 2500, 4000, "range", "fighters"),
        ("The group has 2,500-4,000 fighters.", 2500, 4000, "range", "fighters"),
        ("The group has 2,500 to 4,000 fighters.", 2500, 4000, "range", "fighters"),
        ("Several hundred fighters surrendered.", None, None, "vague", "fighters"),
        ("Dozens of fighters surrendered.", None, None, "vague", "fighters"),
        ("Thousands of families fled.", None, None, "vague", "families"),
    ],
)
def test_value_table(sentence: str, low: float | None, high: float | None, qualifier: str, counted: str) -> None:
    found = claims(sentence)
    assert len(found) == 1, found
    c = found[0]
    assert (c.low, c.high, c.qualifier) == (low, high, qualifier)
    assert c.counted and c.counted.split()[-1] == counted


def test_exceeds_as_verb() -> None:
    c = claims("The number of fighters there exceeds 1,500.")[0]
    assert (c.low, c.high, c.qualifier) == (1500, None, "more_than")
    assert c.counted == "fighters"


def test_percent_and_money() -> None:
    found = claims("Militants caused 76 percent of civilian casualties and seized $2 million in cash.")
    pct = next(c for c in found if c.low == 76)
    assert pct.counted and pct.counted.startswith("percent") and pct.counted.endswith("casualties")
    money = next(c for c in found if c.low == 2_000_000)
    assert money.counted and "USD" in money.counted


@pytest.mark.parametrize(
    "sentence",
    [
        "The attack happened on March 3, 2024.",
        "The offensive began in 2019.",
        "The convoy left at 10:30 in the morning.",
        "A 30-year-old man was arrested.",
        "Delegates attended the 18th meeting of the council.",
        "The patrol was ambushed in the 15th district.",
        "The firefight lasted three hours.",
        "The office is at 10 Downing Street.",
    ],
)
def test_exclusions(sentence: str) -> None:
    assert claims(sentence) == []


def test_elided_noun_in_coordination() -> None:
    found = claims("Police identified more than 5,500 individuals linked to the network and prosecuted over 1,500.")
    assert [c.counted for c in found] == ["individuals", "individuals"]
    assert found[1].low == 1500


def test_figure_in_quote_belongs_to_speaker() -> None:
    doc = extract("“We killed more than 40 militants in the valley,” army spokesman Adnan Khalil said.")
    c = doc.claims[0]
    assert c.speaker == "Adnan Khalil"
    assert c.quote_index is not None and doc.quotes[c.quote_index].speaker == "Adnan Khalil"


def test_indirect_claim_subject_and_place() -> None:
    doc = extract(
        "Minister Dmitri Sokolov said more than 2,000 Islamic State militants are based in northern Afghanistan."
    )
    c = doc.claims[0]
    assert c.speaker == "Dmitri Sokolov"
    assert c.subject == "Islamic State"
    assert c.location and "Afghanistan" in c.location


def test_outlet_statement_has_no_speaker() -> None:
    c = extract("Thousands of people have fled the town since the fighting began.").claims[0]
    assert c.speaker is None and c.quote_index is None
