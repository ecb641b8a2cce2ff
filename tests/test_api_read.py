"""The read endpoints of the REST API on the demo ledger: data, filters, pages and errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimwatch.api.app import create_app
from tests.test_api_support import demo_db

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{demo_db()}")
    with TestClient(app) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    return r.json()


def assert_error(r: Any, status: int, code: str) -> str:
    """The one error shape, with this status and code; returns the message."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return str(body["error"]["message"])


def test_overview(client: TestClient) -> None:
    data = get(client, "/api/overview")
    assert data["documents"] == 6
    assert data["claims"] > 20 and data["quotes"] > 20
    assert [d["document"] for d in data["latest"]][:1] == ["04_arrests"]
    assert any(s["id"] == "nikolai-patrushev" for s in data["speakers"])
    assert data["series"] and data["contradictions"]


def test_documents_are_paginated_by_cursor(client: TestClient) -> None:
    first = get(client, "/api/documents", limit=4)
    assert len(first["items"]) == 4 and first["next_cursor"]
    rest = get(client, "/api/documents", limit=4, cursor=first["next_cursor"])
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    ids = [d["document"] for d in first["items"] + rest["items"]]
    assert len(set(ids)) == 6
    assert "000_fc4d2f5e18071ece" in ids and "01_kandahar_raid" in ids


def test_document_is_the_contract_with_provenance(client: TestClient) -> None:
    doc = get(client, "/api/documents/000_fc4d2f5e18071ece")
    assert doc["schema"] == "claimwatch.document/1"
    assert doc["id"] == "000_fc4d2f5e18071ece"
    assert "ISIS" in doc["title"]
    for item in doc["claims"] + doc["quotes"] + doc["events"]:
        assert 0 <= item["start"] < item["end"] <= len(doc["text"])
    assert doc["version"] == 1 and doc["is_current"] is True
    assert doc["versions"] == ["000_fc4d2f5e18071ece"]


def test_missing_document_and_entity_are_404(client: TestClient) -> None:
    assert "nope" in assert_error(client.get("/api/documents/nope"), 404, "not_found")
    assert_error(client.get("/api/entities/no-such-entity-anywhere"), 404, "not_found")


def test_entities_filter_by_type_and_name(client: TestClient) -> None:
    people = get(client, "/api/entities", type="person", limit=100)["items"]
    assert people and all(e["type"] == "person" for e in people)
    assert "nikolai-patrushev" in {e["id"] for e in people}
    found = get(client, "/api/entities", q="Patru")["items"]
    assert [e["id"] for e in found] == ["nikolai-patrushev"]
    page = get(client, "/api/entities", limit=5)
    more = get(client, "/api/entities", limit=5, cursor=page["next_cursor"])
    assert not {e["id"] for e in page["items"]} & {e["id"] for e in more["items"]}


def test_entity_by_key_or_alias(client: TestClient) -> None:
    isis = get(client, "/api/entities/islamic-state")
    assert isis["type"] == "armed_group" and "ISIS" in isis["aliases"]
    assert isis["claims_about"] and isis["events"] and isis["activity"]
    assert get(client, "/api/entities/ISIS")["id"] == "islamic-state"
    person = get(client, "/api/entities/Nikolai Patrushev")
    assert person["id"] == "nikolai-patrushev" and person["quotes"] and person["claims_by"]


def test_quotes_by_speaker(client: TestClient) -> None:
    items = get(client, "/api/quotes", speaker="Patrushev", limit=100)["items"]
    assert items and {q["speaker_id"] for q in items} == {"nikolai-patrushev"}
    everyone = get(client, "/api/quotes", limit=2)
    assert len(everyone["items"]) == 2 and everyone["next_cursor"]


def test_claims_filters_are_the_clis(client: TestClient) -> None:
    about = get(client, "/api/claims", subject="ISIS", limit=200)["items"]
    assert about and all(c["subject_id"] == "islamic-state" for c in about)
    in_af = get(client, "/api/claims", subject="Islamic State", place="Afghanistan", counted="fighters")["items"]
    assert in_af and all(c["place_country"] == "AF" for c in in_af)
    by = get(client, "/api/claims", speaker="Patrushev")["items"]
    assert by and all(c["speaker_id"] == "nikolai-patrushev" for c in by)
    dated = get(client, "/api/claims", since="2025-01-01", until="2025-12-31", limit=200)["items"]
    assert dated and all("2025-01-01" <= c["date"] <= "2025-12-31" for c in dated)
    assert get(client, "/api/claims", subject="nobody-at-all")["items"] == []
    page = get(client, "/api/claims", limit=3)
    assert len(page["items"]) == 3 and page["next_cursor"]


def test_events_filters(client: TestClient) -> None:
    arrests = get(client, "/api/events", type="arrest", limit=100)["items"]
    assert arrests and all(e["type"] == "arrest" for e in arrests)
    in_af = get(client, "/api/events", place="Afghanistan", limit=100)["items"]
    assert in_af and all(e["place_country"] == "AF" for e in in_af)


def test_series_and_timeline(client: TestClient) -> None:
    series = get(client, "/api/series")
    assert any(s["key"] == "islamic-state|strength|AF" for s in series)
    tl = get(client, "/api/timeline", subject="ISIS", counted="fighters", place="Afghanistan")
    assert tl["subject_id"] == "islamic-state"
    lows = {p["low"] for p in tl["points"]}
    assert {2000.0, 2500.0, 15000.0} <= lows
    denied = [p for p in tl["points"] if p["denials"]]
    assert denied and 15000.0 in {p["low"] for p in denied}
    assert get(client, "/api/timeline", subject="nobody-at-all")["points"] == []


def test_contradictions(client: TestClient) -> None:
    rows = get(client, "/api/contradictions")
    assert rows and {r["kind"] for r in rows} <= {"denial", "conflict"}
    denials = get(client, "/api/contradictions", kind="denial", limit=2)
    assert len(denials) == 2 and all(r["kind"] == "denial" for r in denials)


def test_search(client: TestClient) -> None:
    hits = get(client, "/api/search", q="Patrushev")
    assert [h["document"] for h in hits] == ["002_c4a361aa323f4440"]
    assert "«" in hits[0]["snippet"]
    assert get(client, "/api/search", q='"no such phrase anywhere"') == []


@pytest.mark.parametrize(
    ("url", "params", "status", "code", "says"),
    [
        ("/api/claims", {"limit": 0}, 422, "invalid_request", "limit"),
        ("/api/claims", {"limit": 1001}, 422, "invalid_request", "limit"),
        ("/api/claims", {"limit": "many"}, 422, "invalid_request", "limit"),
        ("/api/claims", {"since": "last week"}, 422, "invalid_request", "since"),
        ("/api/claims", {"since": "2020-13-45"}, 400, "E500", "since"),
        ("/api/claims", {"cursor": "not-a-cursor"}, 400, "E500", "cursor"),
        ("/api/documents", {"cursor": "eyJ4IjoxfQ"}, 400, "E500", "cursor"),
        ("/api/entities", {"type": "alien"}, 422, "invalid_request", "type"),
        ("/api/events", {"type": "picnic"}, 422, "invalid_request", "type"),
        ("/api/contradictions", {"kind": "quarrel"}, 422, "invalid_request", "kind"),
        ("/api/timeline", {}, 422, "invalid_request", "subject"),
        ("/api/search", {}, 422, "invalid_request", "q"),
        ("/api/search", {"q": "!!!"}, 400, "E500", "word"),
        ("/api/quotes", {"speaker": "x" * 201}, 422, "invalid_request", "speaker"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, url: str, params: dict[str, Any], status: int, code: str, says: str
) -> None:
    message = assert_error(client.get(url, params=params), status, code)
    assert says in message


def test_unknown_routes_and_methods_keep_the_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/claims"), 405, "method_not_allowed")
    assert_error(client.put("/api/documents"), 405, "method_not_allowed")


def test_the_error_shape_is_pinned(client: TestClient) -> None:
    """One JSON error shape for every failure, with no extra keys (as datasette pins its own)."""
    responses = [
        client.get("/api/documents/nope"),
        client.get("/api/claims", params={"limit": 0}),
        client.get("/api/claims", params={"cursor": "zzz"}),
        client.post("/api/documents", json={"text": "x"}),
        client.get("/api/nowhere"),
    ]
    for r in responses:
        assert r.status_code in (400, 403, 404, 422)
        assert list(r.json()) == ["error"]
        assert list(r.json()["error"]) == ["code", "message"]


def test_an_unreachable_database_is_a_503_in_the_shape(tmp_path: Any) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    with TestClient(app) as c:
        r = c.get("/api/overview")
    message = assert_error(r, 503, "E400")
    assert "folder" in message


def test_a_crash_is_a_500_in_the_shape(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimwatch.store.ledger import Ledger

    def boom(self: Ledger) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Ledger, "overview", boom)
    with TestClient(client.app, raise_server_exceptions=False) as c:  # type: ignore[arg-type]
        r = c.get("/api/overview")
    message = assert_error(r, 500, "internal_error")
    assert "secret" not in message


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    schema = get(client, "/api/openapi.json")
    paths = schema["paths"]
    expected = {
        "/api/overview": {"get"},
        "/api/documents": {"get", "post"},
        "/api/documents/{doc_id}": {"get"},
        "/api/entities": {"get"},
        "/api/entities/{entity_id}": {"get"},
        "/api/quotes": {"get"},
        "/api/claims": {"get"},
        "/api/events": {"get"},
        "/api/series": {"get"},
        "/api/timeline": {"get"},
        "/api/contradictions": {"get"},
        "/api/search": {"get"},
    }
    assert {p: set(ops) for p, ops in paths.items()} == expected
    for ops in paths.values():
        for op in ops.values():
            assert op.get("summary") or op.get("description")
            assert "ErrorResponse" in str(op["responses"])
    assert not any(p.startswith("/api") is False for p in paths), "pages stay out of the schema"
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_no_cdn_docs_pages(client: TestClient) -> None:
    for url in ("/docs", "/redoc", "/api/docs"):
        assert client.get(url).status_code == 404
