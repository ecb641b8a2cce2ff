"""Fetching URLs with an injected httpx client (claimwatch.sources.web); never the network."""

from __future__ import annotations

import httpx
import pytest

from claimwatch.errors import SourceError
from claimwatch.sources.web import USER_AGENT, Fetcher, FetchOptions, is_url, url_id

PAGE = "<html><head><title>T</title></head><body><p>Officials said 40 fighters were arrested.</p></body></html>"


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/article":
        assert request.headers["user-agent"] == USER_AGENT
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html; charset=utf-8"})
    if path == "/moved":
        return httpx.Response(301, headers={"location": "https://news.example.org/article"})
    if path == "/big":
        return httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/plain"})
    if path == "/image":
        return httpx.Response(200, content=b"\x89PNG....", headers={"content-type": "image/png"})
    if path == "/slow":
        raise httpx.ReadTimeout("slow", request=request)
    if path == "/latin1":
        return httpx.Response(
            200, content="café".encode("latin-1"), headers={"content-type": "text/plain; charset=latin-1"}
        )
    return httpx.Response(404)


@pytest.fixture()
def fetcher() -> Fetcher:
    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    return Fetcher(client, FetchOptions(max_bytes=1000))


def test_fetch_an_article(fetcher: Fetcher) -> None:
    raw = fetcher.fetch("https://news.example.org/article")
    assert raw.media_type == "html" and "40 fighters" in raw.content
    assert raw.source == "https://news.example.org/article"
    assert raw.id == url_id("https://news.example.org/article") and raw.id.startswith("article-")


def test_redirects_are_followed_and_the_requested_url_kept(fetcher: Fetcher) -> None:
    got = fetcher.get("https://news.example.org/moved")
    assert got.final_url == "https://news.example.org/article" and got.url.endswith("/moved")


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "HTTP 404"), ("/big", "too large"), ("/image", "not text"), ("/slow", "timed out")],
)
def test_failures_are_source_errors_naming_the_url(fetcher: Fetcher, path: str, message: str) -> None:
    url = f"https://news.example.org{path}"
    with pytest.raises(SourceError, match=message) as info:
        fetcher.get(url)
    assert info.value.source == url


def test_declared_charset_is_used(fetcher: Fetcher) -> None:
    assert fetcher.get("https://news.example.org/latin1").content == "café"


def test_is_url_and_ids() -> None:
    assert is_url("https://x.org/a") and is_url("HTTP://x.org") and not is_url("/tmp/a.html")
    assert url_id("https://x.org/") == url_id("https://x.org/")
    assert url_id("https://x.org/") != url_id("https://y.org/")


def test_an_owned_client_is_closed() -> None:
    f = Fetcher()
    assert f.client is f.client
    f.close()
    assert f._client is None
