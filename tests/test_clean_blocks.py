"""Tests for claimwatch.clean.blocks. Pages and notices are invented (illustrative)."""

from __future__ import annotations

from claimwatch.clean.blocks import article_block, containment, is_notice
from claimwatch.clean.vocabulary import load_patterns

PARA = (
    "Officials in the fictional province of Northvale said on Tuesday that a supply convoy had been attacked "
    "near the river crossing, and that several vehicles were damaged in the exchange of fire."
)


def test_notices() -> None:
    pat = load_patterns()
    assert is_notice("We use cookies to improve your experience. Accept all cookies or manage preferences.", pat)
    assert is_notice("This article is reprinted from the Northvale Courier with permission.", pat)
    assert is_notice("Subscribe to continue reading. Already a subscriber? Sign in.", pat)
    assert not is_notice("This article is reprinted from the Northvale Courier with permission. " + PARA * 2, pat)
    assert not is_notice(PARA, pat)


def test_article_block_prefers_the_article_element_and_skips_chrome() -> None:
    page = (
        "<html><body><div class='related'><p>"
        + PARA
        + " "
        + PARA
        + "</p></div><article><h2>Convoy</h2>"
        + "".join(f"<p>{PARA}</p>" for _ in range(3))
        + "<script>var x = 1;</script></article></body></html>"
    )
    block = article_block(page)
    assert block is not None
    assert block.split("\n\n")[0] == "Convoy"
    assert block.count("supply convoy") == 3 and "var x" not in block


def test_largest_paragraph_block_without_an_article_element() -> None:
    page = (
        "<html><body><div><p>Menu</p></div><div id='story'>"
        + "".join(f"<p>{PARA}</p>" for _ in range(3))
        + "</div></body></html>"
    )
    block = article_block(page)
    assert block is not None and block.count("supply convoy") == 3
    assert article_block("<html><body><p>Too short.</p></body></html>") is None
    assert article_block("<<<") is None


def test_containment() -> None:
    assert containment("the convoy", "the convoy was hit") == 1.0
    assert containment("cookies accepted", "the convoy was hit") == 0.0
    assert containment("", "x") == 0.0
