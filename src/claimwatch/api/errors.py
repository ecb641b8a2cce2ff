"""One error shape for the whole API, and the edge where library errors become HTTP responses.

Every error the API returns is ``{"error": {"code": ..., "message": ...}}``: ``code`` is the
library's stable code (``E100`` …) for a :class:`~claimwatch.errors.ClaimwatchError`, or a
word for an HTTP-level failure (``not_found``, ``unauthorized``, ``invalid_request`` …).
Page routes (outside ``/api/``) get the same error as an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimwatch.errors import (
    ClaimwatchError,
    CleanError,
    ConfigError,
    PipelineError,
    SourceError,
    StoreError,
)

LOGGER = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}

STATUS_OF: list[tuple[type[ClaimwatchError], int]] = [
    (ConfigError, 400),
    (SourceError, 422),
    (CleanError, 422),
    (PipelineError, 503),
    (StoreError, 503),
]


class ErrorBody(BaseModel):
    """What went wrong: a stable code and a message for people."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorBody


def status_for(exc: ClaimwatchError) -> int:
    """The HTTP status of a library error."""
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 500


def error_payload(code: str, message: str) -> dict[str, Any]:
    """The JSON body of an error."""
    return ErrorResponse(error=ErrorBody(code=code, message=message)).model_dump()


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


HtmlRenderer = Callable[[Request, int, str, str], Response]


def install(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Register the handlers that turn every error into the one shape (or an HTML page)."""

    def respond(
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if html is not None and not request.url.path.startswith("/api"):
            return html(request, status, code, message)
        return JSONResponse(error_payload(code, message), status_code=status, headers=headers)

    async def on_library(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClaimwatchError)
        status = status_for(exc)
        if status >= 500:
            LOGGER.error("%s %s failed: %s", request.method, request.url.path, exc)
        return respond(request, status, exc.code, str(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return respond(request, exc.status_code, code, message, getattr(exc, "headers", None))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, 422, "invalid_request", _validation_message(exc))

    async def on_crash(request: Request, exc: Exception) -> Response:
        LOGGER.exception("%s %s crashed", request.method, request.url.path)
        return respond(request, 500, "internal_error", "internal error: see the server log")

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ClaimwatchError: on_library,
        StarletteHTTPException: on_http,
        RequestValidationError: on_validation,
        Exception: on_crash,
    }
    for exc_class, handler in handlers.items():
        app.add_exception_handler(exc_class, handler)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A bad filter value (date, cursor)"},
    422: {"model": ErrorResponse, "description": "Malformed parameters or body"},
}
"""The error responses every API route documents."""
