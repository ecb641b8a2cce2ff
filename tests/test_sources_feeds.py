"""RSS and Atom feeds (claimwatch.sources.feeds)."""

from __future__ import annotations

from claimwatch.errors import SourceError
from claimwatch.sources.feeds import is_feed, read_feed
from claimwatch.sources.files import RawInput

BODY = "<p>" + "Officials reported that 40 fighters surrendered in the east of the country. " * 12 + "</p>"

RSS = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title>
<item><title>Full story</title><link>https://news.example.org/full</link><guid>g1</guid>
<pubDate>Tue, 10 Sep 2024 08:00:00 GMT</pubDate><content:encoded><![CDATA[{BODY}]]></content:encoded></item>
<item><title>Teaser only</title><link>https://news.example.org/teaser</link>
<pubDate>Wed, 11 Sep 2024 08:00:00 GMT</pubDate><description>Short teaser.</description></item>
<item><title>No link</title><description>Just a summary with 3 figures.</description></item>
<item><title>Empty</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Atom entry</title><link href="https://atom.example.org/1"/><id>urn:1</id>
<updated>2024-01-02T00:00:00Z</updated><summary>Summary of the entry.</summary></entry></feed>"""


def test_is_feed() -> None:
    assert is_feed(RSS) and is_feed(ATOM)
    assert not is_feed("<!doctype html><html><body>rss</body></html>")
    assert not is_feed("plain text about a feed")


def test_entries_with_full_bodies_summaries_and_fetched_links() -> None:
    fetched: list[str] = []

    def fetch(url: str, *, title: str | None = None, published: str | None = None) -> RawInput:
        fetched.append(url)
        return RawInput(
            id="f", source=url, content="<p>fetched</p>", media_type="html", title=title, published=published
        )

    items = list(read_feed(RSS, "desk.xml", fetch=fetch))
    full, teaser, nolink, empty = items
    assert isinstance(full, RawInput) and full.media_type == "html" and full.published == "2024-09-10"
    assert full.source == "https://news.example.org/full" and full.title == "Full story"
    assert isinstance(teaser, RawInput) and teaser.content == "<p>fetched</p>" and teaser.published == "2024-09-11"
    assert fetched == ["https://news.example.org/teaser"]
    assert isinstance(nolink, RawInput) and nolink.content.startswith("Just a summary") and nolink.media_type == "text"
    assert isinstance(empty, SourceError)


def test_without_fetch_summaries_are_used_and_ids_are_stable() -> None:
    first = list(read_feed(ATOM, "a.xml"))
    second = list(read_feed(ATOM, "a.xml"))
    assert isinstance(first[0], RawInput) and first[0].content == "Summary of the entry."
    assert first[0].id == second[0].id  # type: ignore[union-attr]
    assert first[0].published == "2024-01-02"


def test_garbage_is_a_source_error() -> None:
    (err,) = list(read_feed("just some words", "bad.xml"))
    assert isinstance(err, SourceError) and err.source == "bad.xml" and "not a readable feed" in str(err)
    (cut,) = list(read_feed("<rss><channel><item><title>cut off", "cut.xml"))
    assert isinstance(cut, SourceError) and "no text and no link" in str(cut)
