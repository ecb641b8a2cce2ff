"""The write endpoint: ingesting text, HTML and URLs, the token, and refusing bad bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from claimwatch.api.app import create_app
from claimwatch.api.settings import SETTINGS, ServerSettings
from claimwatch.errors import ConfigError
from claimwatch.sources.web import Fetcher
from tests.test_api_read import assert_error
from tests.test_api_support import TOKEN, copy_of, demo_db

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = (
    "Officials report 25 militants killed near Herat\n\n"
    "HERAT, April 2, 2025 - Provincial police chief Karim Nazari said on Wednesday that 25 militants "
    "were killed in a clash near Herat city.\n\n"
    '"Our forces killed 25 fighters of the group," Nazari told reporters.\n'
)
PAGE = (
    "<!doctype html><html><head><title>Army says 40 fighters surrendered</title></head><body>"
    "<article><h1>Army says 40 fighters surrendered</h1>"
    "<p>KUNDUZ, May 5, 2025 - The army said on Monday that 40 fighters had surrendered in Kunduz province, "
    "a spokesman, Farid Amini, told reporters in the city.</p>"
    "<p>&quot;They handed over their weapons,&quot; Amini said, adding that more than 100 fighters remained.</p>"
    "</article></body></html>"
)


def fake_web(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/story":
        return httpx.Response(200, text=PAGE.replace("Kunduz", "Baghlan"), headers={"content-type": "text/html"})
    if request.url.path == "/image":
        return httpx.Response(200, content=b"\x89PNG...", headers={"content-type": "image/png"})
    return httpx.Response(404)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    fetcher = Fetcher(client=httpx.Client(transport=httpx.MockTransport(fake_web)))
    app = create_app(copy_of(demo_db(), tmp_path), token=TOKEN, max_body=50_000, fetcher=fetcher)
    with TestClient(app) as c:
        yield c


def test_ingest_text_then_again_is_unchanged(client: TestClient) -> None:
    r = client.post("/api/documents", json={"text": ARTICLE, "published": "2025-04-02"}, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "new" and len(body["documents"]) == 1
    doc_id = body["documents"][0]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["title"] == "Officials report 25 militants killed near Herat"
    assert doc["published"] == "2025-04-02"
    assert any(c["low"] == 25 for c in doc["claims"])
    assert client.get("/api/overview").json()["documents"] == 7
    again = client.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged" and again.json()["documents"] == [doc_id]
    assert client.get("/api/overview").json()["documents"] == 7


def test_ingest_html_with_a_source(client: TestClient) -> None:
    r = client.post("/api/documents", json={"html": PAGE, "source": "https://example.org/kunduz"}, headers=AUTH)
    assert r.status_code == 201, r.text
    doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
    assert doc["source"] == "https://example.org/kunduz"
    assert "<p>" not in doc["text"] and "40 fighters" in doc["text"]


def test_text_that_looks_like_html_stays_text(client: TestClient) -> None:
    text = "<b>Bold</b> claims: 30 fighters were killed in Kunar, the governor said.\n"
    r = client.post("/api/documents", json={"text": text}, headers=AUTH)
    assert r.status_code == 201, r.text
    doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
    assert doc["text"].startswith("<b>Bold</b>")


def test_ingest_url_through_the_injected_fetcher(client: TestClient) -> None:
    r = client.post("/api/documents", json={"url": "https://news.example/story"}, headers=AUTH)
    assert r.status_code == 201, r.text
    doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
    assert doc["source"] == "https://news.example/story" and "Baghlan" in doc["text"]


@pytest.mark.parametrize(("path", "says"), [("/missing", "404"), ("/image", "not text")])
def test_a_url_that_cannot_be_fetched_is_422(client: TestClient, path: str, says: str) -> None:
    r = client.post("/api/documents", json={"url": f"https://news.example{path}"}, headers=AUTH)
    assert says in assert_error(r, 422, "E100")


def test_text_without_an_article_is_422(client: TestClient) -> None:
    r = client.post("/api/documents", json={"html": "<html><body><nav>Home</nav></body></html>"}, headers=AUTH)
    assert r.status_code == 422
    assert r.json()["error"]["code"] in ("E100", "E200")


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "unauthorized"),
        ({"Authorization": "Bearer wrong"}, 401, "unauthorized"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
        ({"Authorization": TOKEN}, 401, "unauthorized"),
    ],
)
def test_writes_need_the_token(client: TestClient, headers: dict[str, str], status: int, code: str) -> None:
    r = client.post("/api/documents", json={"text": ARTICLE}, headers=headers)
    assert_error(r, status, code)
    assert r.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/overview").json()["documents"] == 6


def test_without_a_token_configured_writes_are_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMWATCH_TOKEN", raising=False)
    with TestClient(create_app(copy_of(demo_db(), tmp_path))) as c:
        r = c.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
    assert "CLAIMWATCH_TOKEN" in assert_error(r, 403, "forbidden")


def test_the_token_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_TOKEN", "from-env")
    with TestClient(create_app(copy_of(demo_db(), tmp_path))) as c:
        assert c.post("/api/documents", json={"text": "x"}, headers=AUTH).status_code == 401
        r = c.post("/api/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer from-env"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "exactly one"),
        ({"text": ARTICLE, "url": "https://example.org/a"}, "exactly one"),
        ({"text": "   \n "}, "empty"),
        ({"url": "ftp://example.org/a"}, "http"),
        ({"url": "javascript:alert(1)"}, "http"),
        ({"text": ARTICLE, "published": "yesterday"}, "published"),
        ({"text": ARTICLE, "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
        ([ARTICLE], "body"),
    ],
)
def test_malformed_bodies_are_422(client: TestClient, body: object, says: str) -> None:
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert says in assert_error(r, 422, "invalid_request")


def test_broken_json_and_other_media_types_are_422(client: TestClient) -> None:
    r = client.post(
        "/api/documents", content=b'{"text": "unterminated', headers={**AUTH, "content-type": "application/json"}
    )
    assert_error(r, 422, "invalid_request")
    r = client.post("/api/documents", content=ARTICLE.encode(), headers={**AUTH, "content-type": "text/plain"})
    assert_error(r, 422, "invalid_request")


def test_oversized_bodies_are_413(client: TestClient) -> None:
    big = json.dumps({"text": "word " * 20_000}).encode()
    r = client.post("/api/documents", content=big, headers={**AUTH, "content-type": "application/json"})
    assert "limit" in assert_error(r, 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"text": "'
        for _ in range(100):
            yield b"word " * 200
        yield b'"}'

    r = client.post("/api/documents", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_a_text_field_over_the_character_limit_is_422(tmp_path: Path) -> None:
    app = create_app(copy_of(demo_db(), tmp_path), token=TOKEN, max_body=5_000_000)
    with TestClient(app) as c:
        r = c.post("/api/documents", json={"text": "a" * 1_000_001}, headers=AUTH)
    assert "text" in assert_error(r, 422, "invalid_request")


def test_settings_are_resolved_and_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimwatch.api import settings as module

    monkeypatch.setenv("CLAIMWATCH_MAX_BODY", "1234")
    monkeypatch.setenv("CLAIMWATCH_TOKEN", "")
    assert ServerSettings.resolve() == ServerSettings(token=None, max_body=1234)
    assert ServerSettings.resolve("t", 9) == ServerSettings(token="t", max_body=9)
    monkeypatch.setenv("CLAIMWATCH_MAX_BODY", "lots")
    with pytest.raises(ConfigError):
        ServerSettings.resolve()
    for name in SETTINGS:
        assert f"``{name}``" in (module.__doc__ or ""), f"{name} is not in the settings table"
