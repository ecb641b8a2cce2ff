"""Claim series: counted categories, measures, subject inference, conflicts (claimwatch.link.series)."""

from __future__ import annotations

import datetime as dt

from claimwatch.link.conflicts import Figure, bounds, conflict
from claimwatch.link.series import counted_category, infer_subject, series_key
from claimwatch.models import Claim
from tests.test_store_fixtures import dialogue_doc, warning_doc


def test_counted_category() -> None:
    assert counted_category("IS militants") == "fighters"
    assert counted_category("members of the group") == "fighters"
    assert counted_category("extremist groups") == "groups"
    assert counted_category("terrorist and extremist crimes") == "crimes"
    assert counted_category("gunmen") == "fighters"
    assert counted_category(None) is None and counted_category("  ") is None


def test_infer_subject_uses_the_group_mentioned_before() -> None:
    doc = warning_doc()
    fighters = doc.claims[0]
    assert fighters.subject_id is None
    assert infer_subject(doc, fighters) == "islamic-state"
    crimes = Claim(text="550 crimes", low=550, high=550, qualifier="exact", counted="crimes", start=0, end=3)
    assert infer_subject(doc, crimes) is None
    explicit = dialogue_doc().claims[0]
    assert infer_subject(dialogue_doc(), explicit) == "islamic-state"


def test_infer_subject_falls_back_to_the_title() -> None:
    doc = warning_doc(title="ISIS on the rise")
    early = Claim(text="x", low=1, high=1, qualifier="exact", counted="fighters", start=0, end=1)
    assert infer_subject(doc, early) == "islamic-state"


def _fig(i: int, low: float | None, high: float | None, q: str, day: str, who: str, cluster: int) -> Figure:
    return Figure(i, low, high, q, dt.date.fromisoformat(day), who, who, cluster)


def test_conflict_needs_disjoint_intervals_close_in_time_from_different_reports() -> None:
    big = _fig(1, 15000, None, "more_than", "2024-05-10", "ivanov", 1)
    small = _fig(2, 500, 500, "approx", "2024-06-01", "un", 2)
    assert conflict(big, small) == "375–625 vs > 15,000"
    assert conflict(small, big) == conflict(big, small)
    old = _fig(3, 500, 500, "approx", "2022-01-01", "un", 3)
    assert conflict(big, old) is None
    range_ = _fig(4, 2500, 4000, "range", "2024-05-12", "petrov", 4)
    above = _fig(5, 2000, None, "more_than", "2024-05-12", "x", 5)
    assert conflict(range_, above) is None
    same_report = _fig(6, 500, 500, "exact", "2024-05-10", "other", 1)
    assert conflict(big, same_report) is None
    vague = _fig(7, None, None, "vague", "2024-05-10", "y", 7)
    assert conflict(big, vague) is None and bounds(vague) is None
    at_most = _fig(8, None, 100, "at_most", "2024-05-10", "z", 8)
    assert conflict(at_most, big) == "≤ 100 vs > 15,000"


def test_series_key_is_subject_measure_place() -> None:
    assert series_key("islamic-state", "strength", "AF") == "islamic-state|strength|AF"
    assert series_key("x", "killed", None) == "x|killed|-"
