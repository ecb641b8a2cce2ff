"""Tests for claimwatch.clean.dates. Example strings are invented (illustrative)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwatch.clean.dates import (
    find_date,
    find_dateline,
    parse_date,
    publication_date,
    resolve_period,
    resolve_relative,
    token_overlap,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 24, 2019", date(2019, 12, 24)),
        ("Dec 24, 2019", date(2019, 12, 24)),
        ("Dec. 24 2019", date(2019, 12, 24)),
        ("24 Dec 2019", date(2019, 12, 24)),
        ("24 December, 2019", date(2019, 12, 24)),
        ("2019-12-24", date(2019, 12, 24)),
        ("March 23, 2015", date(2015, 3, 23)),
        ("Tuesday, March 1, 2022 10:32 GMT", date(2022, 3, 1)),
        ("  01 March, 2022 ", date(2022, 3, 1)),
        ("February 30, 2020", None),
        ("2020-13-01", None),
        ("March 2015", None),
        ("Officials said on March 23, 2015 that", None),
        ("09-Mar-2011", date(2011, 3, 9)),
        ("09.03.2011", date(2011, 3, 9)),  # dotted: day first
        ("23/03/2011", date(2011, 3, 23)),
        ("03/23/2011", date(2011, 3, 23)),
        ("03/04/2011", None),  # March 4 or 3 April: no guess
        ("2011-03-09T18:05:00Z", date(2011, 3, 9)),
        ("2011-03-09T18:05:00+03:00", date(2011, 3, 9)),
        ("Mar 09, 2011 6:05 PM ET", date(2011, 3, 9)),
        ("Wednesday 9 March 2011 18.05 GMT", date(2011, 3, 9)),
        ("9th of March, 2011", date(2011, 3, 9)),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_find_date_inside_text() -> None:
    assert find_date("Newswire, March 23, 2015 Adjust font size:") == date(2015, 3, 23)
    assert find_date("Wire Published 17 Dec, 2023 04:54pm") == date(2023, 12, 17)
    assert find_date("no date here, only May 5") is None


def test_datelines() -> None:
    dl = find_dateline("KARSK, March 6 - Militants killed 15 soldiers")
    assert dl is not None and (dl.place, dl.month, dl.day, dl.year) == ("KARSK", 3, 6, None)
    dl = find_dateline("Northport, Jan. 5, 2024 (Wire) - The ministry said")
    assert dl is not None and dl.year == 2024
    assert find_dateline("The ministry said on May 5 that") is None


WEDNESDAY = date(2024, 3, 6)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("on Monday", date(2024, 3, 4)),
        ("Monday night", date(2024, 3, 4)),
        ("early on Tuesday", date(2024, 3, 5)),
        ("on Wednesday", date(2024, 3, 6)),  # the publication weekday is that day
        ("on Thursday", date(2024, 2, 29)),  # the most recent Thursday before
        ("last Wednesday", date(2024, 2, 28)),
        ("yesterday", date(2024, 3, 5)),
        ("the day before yesterday", date(2024, 3, 4)),
        ("today", date(2024, 3, 6)),
        ("last week", None),
        ("last month", None),
        ("next Monday", None),
        ("in the spring", None),
    ],
)
def test_resolve_relative(expr: str, expected: date | None) -> None:
    assert resolve_relative(expr, WEDNESDAY) == expected


def test_resolve_relative_needs_a_publication_date() -> None:
    assert resolve_relative("on Monday", None) is None
    assert resolve_relative("yesterday", None) is None


def test_resolve_period() -> None:
    assert resolve_period("last week", WEDNESDAY) == (date(2024, 2, 26), date(2024, 3, 3))
    assert resolve_period("last month", WEDNESDAY) == (date(2024, 2, 1), date(2024, 2, 29))
    assert resolve_period("last month", date(2024, 1, 15)) == (date(2023, 12, 1), date(2023, 12, 31))
    assert resolve_period("on Monday", WEDNESDAY) is None
    assert resolve_period("last week", None) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_weekday_resolves_within_the_past_week(pub: date) -> None:
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        d = resolve_relative(f"on {day}", pub)
        assert d is not None
        assert 0 <= (pub - d).days <= 6
        assert d.strftime("%A") == day


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_and_written_forms_agree(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%B %d, %Y")) == d
    assert parse_date(d.strftime("%d %b %Y")) == d


@given(st.text(max_size=80))
def test_parse_date_never_raises(s: str) -> None:
    parse_date(s)
    find_date(s)
    find_dateline(s)


def test_publication_date_prefers_header_then_dateline_then_teaser() -> None:
    dl = find_dateline("KARSK, May 2 - text")
    assert publication_date(header_dates=[date(2020, 1, 2)], dateline=dl, header_text="", body="x") == "2020-01-02"
    assert publication_date(header_dates=[], dateline=dl, header_text="(c) 2019 Wire", body="x") == "2019-05-02"
    assert publication_date(header_dates=[], dateline=dl, header_text="2018 and 2019", body="x") is None
    body = "The council said on Friday that the bridge would reopen next week after repairs. More text."
    teaser = ("2021-07-09", "The council said on Friday that the bridge would reopen next")
    assert publication_date(header_dates=[], dateline=None, header_text="", body=body, related=[teaser]) == "2021-07-09"
    other = ("2021-07-09", "Farmers expect a larger harvest this year thanks to late rains")
    assert publication_date(header_dates=[], dateline=None, header_text="", body=body, related=[other]) is None
    assert publication_date(header_dates=[], dateline=None, header_text="", body=body) is None
    footer = [date(2021, 7, 10)]
    assert (
        publication_date(header_dates=[], dateline=dl, header_text="", body=body, footer_dates=footer) == "2021-07-10"
    )


def test_token_overlap() -> None:
    assert token_overlap("a b c d", "a b c d e f") == 1.0
    assert token_overlap("", "a") == 0.0


def test_leading_date_is_a_dateline() -> None:
    dl = find_dateline("March 4, 2024 - KARSK: Militants attacked")
    assert dl is not None and (dl.year, dl.month, dl.day) == (2024, 3, 4)
    assert find_dateline("March 4, 2024 was the deadliest day") is None
