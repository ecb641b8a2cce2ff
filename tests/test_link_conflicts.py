"""When figures contradict and when one updates the other (claimwatch.link.conflicts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claimwatch.link.conflicts import (
    Figure,
    conflict,
    context_after,
    document_conflicts,
    is_update,
    part_of,
    period,
    same_period,
    voices,
)
from claimwatch.models import Claim, Document, Entity

D = dt.date


def fig(i: int, low: float | None, high: float | None, **kw: Any) -> Figure:
    base: dict[str, Any] = {
        "qualifier": "exact",
        "date": D(2024, 5, 10),
        "speaker": f"s{i}",
        "source": f"o{i}",
        "cluster": i,
        "measure": "strength",
        "counted": "fighters",
        "place": "AF",
        "document": i,
    }
    base.update(kw)
    return Figure(i, low, high, **base)


def test_period_reads_years_months_and_relative_spans() -> None:
    assert period("in 2023", None) == (D(2023, 1, 1), D(2023, 12, 31))
    assert period("since June", D(2024, 10, 2)) == (D(2024, 6, 1), D(2024, 10, 2))
    assert period("in March", D(2024, 10, 2)) == (D(2024, 3, 1), D(2024, 3, 31))
    assert period("last year", D(2024, 10, 2)) == (D(2023, 1, 1), D(2023, 12, 31))
    assert period("over the past year", D(2024, 10, 2)) == (D(2023, 10, 2), D(2024, 10, 2))
    assert period("on Tuesday", D(2024, 10, 2)) == (D(2024, 9, 25), D(2024, 10, 2))
    assert period("since June", None) is None and period(None, D(2024, 1, 1)) is None


def test_strength_figures_conflict_within_the_window_only() -> None:
    a, b = fig(1, 15000, None, qualifier="more_than"), fig(2, 500, 500, date=D(2024, 6, 1))
    assert conflict(a, b) == "500 vs > 15,000" == conflict(b, a)
    assert conflict(a, fig(3, 500, 500, date=D(2022, 1, 1))) is None
    assert conflict(a, fig(4, 2000, None, qualifier="more_than")) is None  # both can hold


def test_different_measures_or_places_never_conflict() -> None:
    a = fig(1, 15000, 15000)
    assert conflict(a, fig(2, 2, 2, measure="killed")) is None
    assert conflict(a, fig(3, 50, 50, place="PK")) is None


def test_a_later_figure_from_the_same_source_is_an_update() -> None:
    a, b = fig(1, 2000, 2000), fig(2, 5000, 5000, speaker="s1", date=D(2024, 8, 1))
    assert is_update(a, b) and conflict(a, b) is None


def test_undated_figures_compare_only_inside_their_own_report() -> None:
    a, b = fig(1, 100, 100, date=None), fig(2, 5, 5, date=None)
    assert not same_period(a, b) and conflict(a, b) is None
    c = fig(3, 5, 5, date=None, document=1, cluster=1)
    assert conflict(a, c) == "5 vs 100"


def test_counts_of_events_need_the_same_period_and_victims() -> None:
    killed = {"measure": "killed", "counted": "fighters"}
    a = fig(1, 35, 35, **killed)
    assert conflict(a, fig(2, 3, 3, date=D(2024, 5, 11), **killed)) == "3 vs 35"
    assert conflict(a, fig(3, 3, 3, date=D(2024, 5, 20), **killed)) is None  # another day, another event
    assert conflict(a, fig(4, 3, 3, date=D(2024, 5, 11), measure="killed", counted="civilians")) is None
    assert conflict(a, fig(5, 3, 3, date=D(2024, 5, 11), measure="killed", counted="people")) is None
    civilians = fig(9, 35, 35, measure="killed", counted="civilians")
    assert conflict(civilians, fig(5, 3, 3, date=D(2024, 5, 11), measure="killed", counted="people")) == "3 vs 35"
    since = fig(6, 900, 900, time="since June", **killed)
    assert conflict(since, fig(7, 10, 10, time="since June", **killed)) == "10 vs 900"
    assert conflict(since, fig(8, 10, 10, **killed)) is None  # one has a period, the other none


def _doc(text: str, figures: list[tuple[str, str | None, str, str | None]], **extra: Any) -> Document:
    from tests.test_store_fixtures import span

    claims = []
    for phrase, counted, predicate, speaker in figures:
        s, e = span(text, phrase)
        n = int(next((w for w in phrase.split() if w.isdigit()), "2"))
        claims.append(
            Claim(
                text=phrase,
                low=n,
                high=n,
                qualifier="exact",
                counted=counted,
                predicate=predicate,
                speaker=speaker,
                start=s,
                end=e,
            )  # fmt: skip
        )
    return Document(id="x", text=text, claims=claims, **extra)


def test_two_voices_of_one_report_contradict_on_one_count() -> None:
    text = "Officials said 5 soldiers were killed in the blast. The rebels put the number of those killed at 9."
    doc = _doc(text, [("5 soldiers", "soldiers", "killed", "Officials"), ("9", None, "killed", "rebels")])
    assert document_conflicts(doc, ["killed", "killed"], [None, None]) == [(0, 1, "5 vs 9")]
    # a count of another side, or a revised toll, is no contradiction
    other = _doc(text, [("5 soldiers", "soldiers", "killed", "Officials"), ("9", "rebels", "killed", "rebels")])
    assert document_conflicts(other, ["killed", "killed"], [None, None]) == []
    rose = _doc(text, [("5 soldiers", "soldiers", "killed", "Officials"), ("9", None, "rose", "rebels")])
    assert document_conflicts(rose, ["killed", "killed"], [None, None]) == []


def test_a_spokesman_speaks_for_his_group() -> None:
    text = "The group said 10 soldiers died. Its spokesman Ali Baba said 3 soldiers died in one ambush."
    ents = [
        Entity(id="the-group", name="The Front", aliases=["group"], type="armed_group"),
        Entity(id="ali-baba", name="Ali Baba", type="person", role="spokesman of The Front"),
    ]
    doc = _doc(
        text,
        [("10 soldiers", "soldiers", "died", "The Front"), ("3 soldiers", "soldiers", "died", "Ali Baba")],
        entities=ents,
    )
    assert voices(doc)["ali baba"] == "the-group"
    assert document_conflicts(doc, ["killed", "killed"], [None, None]) == []


def test_part_of_a_figure() -> None:
    text = "Six soldiers were injured, two critically, in the explosion."
    doc = _doc(text, [("Six soldiers", "soldiers", "injured", None), ("two", "soldiers", "killed", None)])
    doc.claims[0].low = doc.claims[0].high = 6
    assert part_of(doc, 1) == 0 and part_of(doc, 0) is None
    assert context_after(text, doc.claims[0].end) == "were injured, two critically, in the"
    assert context_after("Three policemen dead. Then", 15) == "dead"
