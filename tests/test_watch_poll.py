"""Polling the kinds of source: sitemaps (lastmod), feeds with inline bodies, local feed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimwatch.store.ledger import Ledger
from claimwatch.watch import state
from claimwatch.watch.config import parse
from claimwatch.watch.runner import Watcher
from tests.watch_support import FakeProcessor, Page, Site, article

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>"""


def _urls(site: Site, entries: list[tuple[str, str]]) -> str:
    return SITEMAP.format("".join(f"<url><loc>{site.url(p)}</loc><lastmod>{m}</lastmod></url>" for p, m in entries))


def test_a_sitemap_fetches_only_new_or_modified_pages(tmp_path: Path) -> None:
    now = [dt.datetime(2026, 3, 1)]
    with Site() as site:
        site.pages["/s1"] = Page(article("One", "Omar Saleh said 45 fighters of Hurras al Din are in Idlib."))
        site.pages["/s2"] = Page(article("Two", "Omar Saleh said 50 fighters of Hurras al Din are in Idlib."))
        site.pages["/sitemap.xml"] = Page(
            _urls(site, [("/s1", "2026-02-01"), ("/s2", "2026-02-02")]), content_type="application/xml"
        )
        cfg = parse(
            {
                "watch": {"rate_limit": 0},
                "source": [{"name": "map", "sitemap": site.url("/sitemap.xml")}],
                "deliver": {"stdout": False},
            }
        )
        proc = FakeProcessor()
        with Ledger.open(f"sqlite:///{tmp_path / 's.db'}") as ledger:
            w = Watcher(cfg, ledger, processor=proc, clock=lambda: now[0])
            assert w.round().new == 2
            site.pages["/s2"] = Page(article("Two", "Omar Saleh said 55 fighters of Hurras al Din are in Idlib."))
            site.pages["/s3"] = Page(article("Three", "Omar Saleh said 60 fighters of Hurras al Din are in Idlib."))
            site.pages["/sitemap.xml"] = Page(
                _urls(site, [("/s1", "2026-02-01"), ("/s2", "2026-02-05"), ("/s3", "2026-02-06")]),
                content_type="application/xml",
            )
            now[0] += dt.timedelta(hours=1)
            r = w.round()
            assert (r.new, r.versions) == (1, 1), r.line()
            assert site.hits_of("/s1") == 1 and site.hits_of("/s2") == 2 and site.hits_of("/s3") == 1


def test_a_local_feed_file_with_inline_bodies(tmp_path: Path) -> None:
    body = "<p>" + "Omar Saleh said 45 fighters of Hurras al Din are in Idlib. " * 12 + "</p>"
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>t</title><link>https://example.org/</link><description>d</description>"
        f"<item><title>x</title><link>https://example.org/x</link><guid>x</guid><content:encoded><![CDATA[{body}]]>"
        "</content:encoded></item></channel></rss>"
    )
    cfg = parse({"source": [{"name": "file-feed", "feed": str(feed)}], "deliver": {"stdout": False}})
    with Ledger.open(f"sqlite:///{tmp_path / 'f.db'}") as ledger:
        w = Watcher(cfg, ledger, processor=FakeProcessor())
        assert w.round().new == 1
        assert w.round(force=True).unchanged == 1
        (st,) = state.list_sources(ledger.engine)
        assert st.n_documents == 1 and st.kind == "feed"
