"""Tests for claimwatch.clean.html. The pages are invented (illustrative), no network."""

from __future__ import annotations

import pytest

from claimwatch.clean import clean_html
from claimwatch.clean.html import related_from_html
from claimwatch.errors import CleanError

PARAGRAPHS = [
    "Officials in the fictional province of Northvale said on Tuesday that a supply convoy had been attacked "
    "near the river crossing, and that several vehicles were damaged.",
    "The provincial governor's spokesman said four guards were wounded and that the attackers fled into the hills "
    "after an exchange of fire that lasted about an hour.",
    "No group has claimed responsibility for the attack, the third on the road this month, residents said.",
    "Traders said the road had been closed to traffic and that prices of fuel and flour had risen in the market.",
]

PAGE = """<!doctype html>
<html><head>
<title>Convoy attacked near river crossing | Example Times</title>
<meta property="og:title" content="Convoy attacked near river crossing">
<meta property="article:published_time" content="2024-05-07T10:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
<h1>Convoy attacked near river crossing</h1>
{paras}
<p>Subscribe to our newsletter.</p>
</article>
<aside class="related-stories"><h3>Related</h3><ul>
<li><a href="/a">Earlier clashes reported near the border town</a> <time datetime="2024-05-01">May 1</time>
<p>Fighting broke out again near the border town.</p></li>
<li><a href="/b">Ministry denies reports of new offensive in the east</a></li>
</ul></aside>
<footer>Copyright 2024 Example Times. All rights reserved.</footer>
</body></html>
"""


def _page() -> str:
    return PAGE.format(paras="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))


def test_clean_html_body_title_date() -> None:
    c = clean_html(_page(), url="https://example.org/news/convoy")
    assert c.title == "Convoy attacked near river crossing"
    assert c.published == "2024-05-07"
    assert c.language == "en"
    assert c.text.startswith("Officials in the fictional province of Northvale")
    assert "prices of fuel and flour" in c.text
    assert "Subscribe" not in c.text
    assert "All rights reserved" not in c.text


def test_related_stubs_from_html() -> None:
    c = clean_html(_page())
    titles = [r.title for r in c.related]
    assert "Earlier clashes reported near the border town" in titles
    first = next(r for r in c.related if r.title.startswith("Earlier clashes"))
    assert first.published == "2024-05-01"
    assert first.snippet == "Fighting broke out again near the border town."
    assert related_from_html("<<<not html") == []


def test_broken_html_does_not_raise() -> None:
    broken = "<html><body><div><p>" + " ".join(PARAGRAPHS) + "<div><b>unclosed <i>tags <p>" + PARAGRAPHS[0]
    c = clean_html(broken)
    assert "supply convoy" in c.text


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body></body></html>", "<html><body><nav>Home | News</nav></body></html>", "\x00<<>>"],
)
def test_no_body_raises_clean_error(html: str) -> None:
    with pytest.raises(CleanError) as err:
        clean_html(html, url="https://example.org/empty")
    assert err.value.message
    assert err.value.source == "https://example.org/empty"


def test_no_date_when_the_page_has_none() -> None:
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    assert clean_html(page).published is None


def test_headline_repeated_in_the_extracted_text_is_the_title() -> None:
    page = (
        "<html><head><title>Rebels seize hilltop town</title></head><body><article>"
        "<p>Rebels seize hilltop town</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    )
    c = clean_html(page)
    assert c.title == "Rebels seize hilltop town"
    assert not c.text.startswith("Rebels seize")


NOTICE = (
    "This article is reprinted from the Northvale Courier with permission. All rights reserved. Republication "
    "requires the written consent of the original publisher."
)


def test_reprint_notice_falls_back_to_the_article_block(caplog: pytest.LogCaptureFixture) -> None:
    # the article's text sits where trafilatura does not look (a caption box); the only paragraph it
    # finds is the rights notice
    page = (
        "<html><head><title>Convoy attacked near the crossing | Northvale Courier</title></head><body>"
        "<article><figure><figcaption>" + "<br>".join(PARAGRAPHS) + "</figcaption></figure></article>"
        f"<p class='rights'>{NOTICE}</p></body></html>"
    )
    with caplog.at_level("WARNING", logger="claimwatch.clean.html"):
        c = clean_html(page, url="https://www.northvalecourier.com/convoy")
    assert c.text.startswith("Officials in the fictional province")
    assert "reprinted" not in c.text
    assert any("article block" in r.getMessage() for r in caplog.records)  # never silent


def test_page_with_only_a_cookie_notice_is_an_error() -> None:
    page = (
        "<html><head><title>Northvale Courier</title></head><body><div><p>We use cookies to improve your "
        "experience on our site and to show you relevant advertising. Accept all cookies or manage your "
        "preferences.</p></div></body></html>"
    )
    with pytest.raises(CleanError) as err:
        clean_html(page, url="https://example.org/cookies")
    assert "notice" in err.value.message


def test_cookie_banner_beside_the_article_is_not_the_body() -> None:
    page = (
        "<html><head><title>Convoy attacked</title></head><body><div id='consent'><p>We use cookies to improve "
        "your experience. Accept all cookies or manage your preferences.</p></div><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    c = clean_html(page)
    assert c.text.startswith("Officials in the fictional province")
    assert "cookies" not in c.text


@pytest.mark.parametrize(
    ("title", "head", "url", "expected"),
    [
        ("Convoy hit near crossing | Northvale Courier", "", None, "Convoy hit near crossing"),  # copyright line
        ("Northvale Courier: Convoy hit near crossing", "", None, "Convoy hit near crossing"),
        ("Convoy hit near crossing - The Courier", "<meta property='og:site_name' content='The Courier'>", None,
         "Convoy hit near crossing"),
        ("Convoy hit near crossing – Riverpost", "", "https://www.riverpost.net/a/1", "Convoy hit near crossing"),
        ("Convoy hit near crossing - officials", "", "https://www.riverpost.net/a/1", "Convoy hit near crossing - officials"),
    ],
)  # fmt: skip
def test_title_without_the_site_name(title: str, head: str, url: str | None, expected: str) -> None:
    page = (
        f"<html><head><title>{title}</title>{head}</head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article><footer><p>© 2024 Northvale Courier. All rights reserved.</p></footer></body></html>"
    )
    assert clean_html(page, url=url).title == expected


def test_bundled_html_sample_still_extracts() -> None:
    from importlib.resources import files

    page = files("claimwatch").joinpath("sample", "03_sahel_attack.html").read_text(encoding="utf-8")
    c = clean_html(page)
    assert c.title and "|" not in c.title and not c.title.endswith("Wire")
    assert c.published and len(c.text.split()) > 50
