"""Schemathesis against the app's own OpenAPI schema: no input makes the server fail.

Every operation is called with generated valid and invalid parameters and bodies (in process,
through ASGI); the responses must never be 5xx, and must match the documented status codes,
media types and schemas — the error shape included. Writes run with and without the token;
URLs are "fetched" through a mock transport, never the network.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from claimwatch.api.app import create_app
from claimwatch.sources.web import Fetcher
from tests.test_api_support import TOKEN, copy_of, demo_db

if not os.environ.get("CI"):  # in CI a missing schemathesis is a failure, not a skip
    pytest.importorskip("schemathesis")
import schemathesis  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _web(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith(".html"):
        page = "<html><body><article><p>Officials said 12 fighters were killed in Kunar.</p></article></body></html>"
        return httpx.Response(200, text=page, headers={"content-type": "text/html"})
    return httpx.Response(404)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    fetcher = Fetcher(client=httpx.Client(transport=httpx.MockTransport(_web)))
    app = create_app(copy_of(demo_db(), tmp), token=TOKEN, max_body=200_000, fetcher=fetcher)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


# schemathesis's own pytest plugin does not work with this pytest (9.x), so each operation is a
# parametrized test that runs the operation's hypothesis strategy itself
OPERATIONS = [(method.upper(), path) for path, ops in create_app().openapi()["paths"].items() for method in ops]


def _run(
    strategy: st.SearchStrategy[schemathesis.Case], examples: int, test: Callable[[schemathesis.Case], None]
) -> None:
    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: schemathesis.Case) -> None:
        test(case)

    run()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_input_makes_a_server_error(api_schema: schemathesis.BaseSchema, method: str, path: str) -> None:
    operation = api_schema[path][method]
    checks = CHECKS

    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)

    _run(operation.as_strategy(), 40, check)
    # where every value is valid (no parameters, or a free string) there is no invalid input to try
    with contextlib.suppress(Unsatisfiable):
        _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), 25, check)


def test_writes_without_the_token_are_refused(api_schema: schemathesis.BaseSchema) -> None:
    operation = api_schema["/api/documents"]["POST"]

    def check(case: schemathesis.Case) -> None:
        response = case.call(headers={"Authorization": "Bearer not-the-token"})
        assert response.status_code in (401, 413, 422), response.text
        case.validate_response(response, checks=CHECKS)

    _run(operation.as_strategy(), 20, check)


def test_first_seen_is_rfc3339(api_schema: schemathesis.BaseSchema) -> None:
    from fastapi.testclient import TestClient

    with TestClient(api_schema.app) as client:
        first_seen = client.get("/api/documents").json()["items"][0]["first_seen"]
    assert first_seen.endswith(("Z", "+00:00")), first_seen
