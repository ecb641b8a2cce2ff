"""The pages, rendered by the app without a browser: content, links, escaping, headers, errors."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from claimwatch.api.app import create_app
from claimwatch.web.security import CSP
from tests.test_api_support import HOSTILE_TITLE, PAYLOADS, demo_db, hostile_db

pytestmark = pytest.mark.slow

PAGES = [
    "/",
    "/documents",
    "/documents/000_fc4d2f5e18071ece",
    "/documents/02_border_figures?at=0-20",
    "/entities",
    "/entities?type=person&q=Ni",
    "/entities/islamic-state",
    "/entities/Nikolai%20Patrushev",
    "/quotes",
    "/quotes?speaker=Patrushev",
    "/claims",
    "/claims?subject=Islamic+State&place=Afghanistan&sort=high",
    "/series",
    "/timeline?subject=islamic-state",
    "/timeline?subject=islamic-state&counted=fighters&place=Afghanistan&series=2",
    "/map",
    "/map?type=meeting&world=true",
    "/search?q=fighters",
    "/search",
    "/api-reference",
]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{demo_db()}")) as c:
        yield c


def page(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_the_security_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<script>" not in html and "style=" not in html, "no inline script or style (the CSP forbids them)"
    assert not re.search(r"<[^>]+\son\w+=", html), "no inline event handlers"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('href="https://example', "")), "no CDN"


def test_overview_has_the_four_panels(client: TestClient) -> None:
    html = page(client, "/")
    for section in ("latest", "speakers", "series", "contradictions"):
        assert f'id="{section}"' in html
    assert "Nikolai Patrushev" in html and 'href="/entities/nikolai-patrushev"' in html
    assert "Russia Warns Of Rising ISIS Threat" in html
    assert "/timeline?subject=islamic-state&amp;counted=fighters&amp;place=Afghanistan&amp;series=" in html
    assert "denial" in html


def test_article_highlights_and_links_everything(client: TestClient) -> None:
    html = page(client, "/documents/000_fc4d2f5e18071ece")
    assert html.count('class="hl hl-quote') >= 5
    assert html.count('class="hl hl-claim"') >= 5
    assert 'class="hl hl-entity hl-person"' in html and 'href="/entities/Alexander%20Bortnikov"' in html
    assert "hl-event" in html and 'class="tag tag-claim" href="/timeline?subject=' in html
    assert 'id="removed"' in html and "Related stubs" in html


def test_article_marks_the_sentence_asked_for(client: TestClient) -> None:
    html = page(client, "/documents/02_border_figures?at=0-20")
    assert '<mark id="target" class="target">' in html
    assert '<mark id="target"' not in page(client, "/documents/02_border_figures?at=5-999999")
    assert '<mark id="target"' not in page(client, "/documents/02_border_figures?at=nonsense")


def test_article_shows_the_removed_furniture_and_related_stubs_apart(client: TestClient) -> None:
    html = page(client, "/documents/01_kandahar_raid")
    text, furniture = html.split('id="removed"', 1)
    assert "Aid groups warn of winter shortages" in furniture
    assert "Aid groups warn of winter shortages" not in text.split('<div class="article-text" id="text">')[1]
    assert furniture.count("<li>") >= 5


def test_entity_page_has_roles_quotes_claims_events_and_activity(client: TestClient) -> None:
    html = page(client, "/entities/islamic-state")
    for section in ("activity", "said", "about", "by", "events"):
        assert f'id="{section}"' in html
    assert "ISIS" in html and "<svg" in html and "/claims?subject=islamic-state" in html


def test_claims_explorer_filters_sorts_and_links_to_sentences(client: TestClient) -> None:
    html = page(client, "/claims?subject=Islamic+State&place=Afghanistan&sort=high")
    rows = re.findall(r'<a class="sentence" href="(/documents/[^"]+)">', html)
    assert rows and all("?at=" in href and href.endswith("#target") for href in rows)
    assert "Central Asia" not in html.split("<tbody>")[1]
    figures = [x for x in re.findall(r'<td class="num nowrap"[^>]*>([^<]+)</td>', html)]
    assert figures[0].strip() == "&gt; 15,000"
    assert 'value="Afghanistan"' in html and '<option value="high" selected>' in html


def test_claims_explorer_pages(client: TestClient) -> None:
    html = page(client, "/claims?limit=5")
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert nxt, "a next page link"
    second = page(client, nxt.group(1).replace("&amp;", "&"))
    assert second.count('<a class="sentence"') == 5


def test_timeline_draws_each_series_and_marks_denials(client: TestClient) -> None:
    html = page(client, "/timeline?subject=islamic-state&counted=fighters&place=Afghanistan&series=2")
    assert html.count('<svg class="timeline-chart"') == 1
    assert "is-denied" in html and "undated-lane" in html, "the undated, denied figure is listed in its lane"
    assert "Nikolai Patrushev" in html and "Andrey Belousov" in html
    everything = page(client, "/timeline?subject=islamic-state")
    assert everything.count('<svg class="timeline-chart"') >= 3
    assert "No figures about" in page(client, "/timeline?subject=nobody")


def test_timeline_without_a_subject_goes_to_the_series(client: TestClient) -> None:
    r = client.get("/timeline", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/series"


def test_map_draws_an_offline_base_map_and_the_places(client: TestClient) -> None:
    html = page(client, "/map")
    assert html.count('class="land"') > 10 and "Afghanistan" in html
    assert "pin-event" in html and "Kandahar" in html and "Dushanbe" in html
    assert "tile" not in html.lower().replace("no tiles are fetched", "")


def test_search_page_marks_hits(client: TestClient) -> None:
    html = page(client, "/search?q=Patrushev")
    assert "<mark>Patrushev</mark>" in html
    assert "No article matches" in page(client, "/search?q=zzzzqqq")


def test_api_reference_lists_the_endpoints(client: TestClient) -> None:
    html = page(client, "/api-reference")
    assert "/api/claims" in html and "POST" in html and "/api/openapi.json" in html


def test_errors_are_pages_outside_the_api(client: TestClient) -> None:
    html = page(client, "/documents/nope", 404)
    assert "not found" in html and "no document &#39;nope&#39;" in html
    assert "not found" in page(client, "/nowhere", 404)
    assert "invalid request" in page(client, "/claims?sort=sideways", 422)
    assert "not a date" in page(client, "/claims?since=garbage", 400)


def test_static_files_are_served_from_the_package(client: TestClient) -> None:
    for name, kind in (("claimwatch.css", "text/css"), ("claimwatch.js", "javascript"), ("favicon.svg", "svg")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    assert client.get("/static/../templates/base.html").status_code == 404


def test_an_empty_ledger_renders_every_page(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}")) as c:
        for url in ("/", "/documents", "/entities", "/quotes", "/claims", "/series", "/map", "/timeline?subject=x"):
            r = c.get(url)
            assert r.status_code == 200, (url, r.text[:300])
        assert "The ledger is empty" in c.get("/").text


@pytest.fixture(scope="module")
def hostile() -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{hostile_db()}")) as c:
        yield c


HOSTILE_PAGES = [
    "/",
    "/documents",
    "/documents/hostile",
    "/documents/hostile?at=0-40",
    "/claims",
    "/quotes",
    "/entities",
    "/series",
    "/map",
    "/search?q=fighters",
    "/search?q=script",
]


class Tags(HTMLParser):
    """Every element of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_article_text_is_always_escaped(hostile: TestClient, url: str) -> None:
    parser = Tags()
    html = page(hostile, url)
    assert "<b>fighters" not in html
    parser.feed(html)
    tags = parser.tags
    assert [a for t, a in tags if t == "script"] == [{"src": "/static/claimwatch.js", "defer": None}]
    assert not {t for t, _ in tags} & {"img", "iframe", "style", "object", "embed", "textarea"}
    for tag, attrs in tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            assert not (attrs.get(key) or "").strip().lower().startswith("javascript"), (tag, attrs)
    assert [a for t, a in tags if t == "svg" and "onload" in a] == []


def visible_text(html: str) -> str:
    """What a reader sees of the article: tags dropped, the small link tags too, entities decoded."""
    body = html.split('<div class="article-text" id="text">', 1)[1].split("</div>", 1)[0]
    body = re.sub(r'<a class="tag [^"]*"[^>]*>[^<]*</a>', "", body)
    return unescape(re.sub(r"<[^>]+>", "", body))


def test_the_payloads_are_shown_as_text(hostile: TestClient) -> None:
    html = page(hostile, "/documents/hostile")
    text = visible_text(html)
    for payload in PAYLOADS:
        assert payload in text, payload
    assert HOSTILE_TITLE in text
    assert "&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;" in html, "the source is escaped too"


def test_serve_is_registered_and_documented() -> None:
    from claimwatch.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--max-body", "CLAIMWATCH_TOKEN"):
        assert option in result.output


def test_serve_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    from claimwatch.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'no' / 'x.db'}", "--port", "0"])
    assert result.exit_code == 4
    assert "claimwatch: error:" in result.output and "folder" in result.output


def test_serve_runs_uvicorn_with_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from claimwatch.cli.main import cli

    seen = {}

    def fake_run(app: object, host: str, port: int, log_level: str) -> None:
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123
    assert "serving sqlite:///" in result.output


def test_claims_explorer_totals_pages_and_downloads(client: TestClient) -> None:
    html = page(client, "/claims?limit=5&sort=low")
    total = int(re.search(r'data-total="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert total > 5 and 'rel="next"' in html and 'aria-current="page">1<' in html
    assert 'data-facet="measure"' in html and 'data-facet="subject"' in html
    csv_text = client.get("/claims/export.csv?sort=low").text
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][:3] == ["id", "document", "title"] and len(rows) == total + 1
    assert client.get("/claims/export.json?disputed=denial").json()[0]["denied_by"]


def test_contradictions_page_shows_both_sides(client: TestClient) -> None:
    html = page(client, "/contradictions")
    assert html.count('class="side') >= 2 and "denies" in html
    only = page(client, "/contradictions?kind=conflict")
    assert 'data-kind="denial"' not in only and 'data-kind="conflict"' not in page(
        client, "/contradictions?kind=denial"
    )
