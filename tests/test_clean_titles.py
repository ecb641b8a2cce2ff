"""Tests for claimwatch.clean.titles. Titles and sites are invented (illustrative)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwatch.clean.titles import site_names, strip_site_name

SITES = site_names(["Example Times"], "https://www.exampletimes.com/world/1")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Convoy attacked near crossing | Example Times", "Convoy attacked near crossing"),
        ("Example Times - Convoy attacked near crossing", "Convoy attacked near crossing"),
        ("Example Times: Convoy attacked near crossing", "Convoy attacked near crossing"),
        ("Convoy attacked near crossing | The Example Times", "Convoy attacked near crossing"),
        ("Convoy attacked near crossing :: EXAMPLETIMES", "Convoy attacked near crossing"),
        ("Attack kills 5 - officials", "Attack kills 5 - officials"),  # no evidence: kept whole
        ("Governor: talks will resume", "Governor: talks will resume"),
        ("Example Times", "Example Times"),  # nothing but the site name: nothing to strip to
    ],
)
def test_strip_site_name(title: str, expected: str) -> None:
    assert strip_site_name(title, SITES) == expected


def test_headline_decides_without_site_evidence() -> None:
    assert strip_site_name("Rebels take hill town - Daily Riverpost", set(), "Rebels take hill town") == (
        "Rebels take hill town"
    )


def test_host_labels_are_site_names() -> None:
    assert "riverpost" in site_names([], "https://en.riverpost.co.uk/a")
    assert site_names([None, ""], None) == set()


@given(st.text(max_size=120))
def test_never_raises_and_never_grows(title: str) -> None:
    out = strip_site_name(title, SITES, "x")
    assert out is not None and len(out) <= len(" ".join(title.split())) or title == ""


def test_choose_title() -> None:
    from claimwatch.clean.titles import choose_title

    # trafilatura cut "<title>" at " - ": a name goes, a phrase comes back
    assert choose_title("Convoy hit - Daily Riverpost", "Convoy hit", set()) == "Convoy hit"
    assert choose_title("Convoy hit near crossing - officials", "Convoy hit near crossing", set()) == (
        "Convoy hit near crossing - officials"
    )
    # og:title kept verbatim by trafilatura: the site goes on evidence, or after a pipe when shaped like a name
    assert choose_title(None, "Convoy hit | Example Times", SITES) == "Convoy hit"
    assert choose_title(None, "Convoy hit near crossing | Daily Riverpost", set()) == "Convoy hit near crossing"
    assert choose_title(None, "Convoy hit near crossing - Daily Riverpost", set()) == (
        "Convoy hit near crossing - Daily Riverpost"
    )
    assert (
        choose_title("Site | Page", "Rebels take hill town", set(), "Rebels take hill town") == "Rebels take hill town"
    )
