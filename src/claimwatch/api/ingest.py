"""Write endpoints: ingest an article given as text, as HTML, or by URL (token required).

Known content is recognised by its hash before any extraction, so posting the same article
again is cheap and answers ``200 unchanged``; a new article answers ``201``. Writes run one at a
time (the pipeline is CPU-bound and not meant to be shared between threads, and the ledger's
writer keeps per-process link state); reads are never blocked.
"""

from __future__ import annotations

import threading
from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimwatch.api.deps import LedgerDep, require_token
from claimwatch.api.errors import ERROR_RESPONSES, ErrorResponse
from claimwatch.core import process_many, process_one
from claimwatch.errors import CleanError, PipelineError, SourceError, StoreError
from claimwatch.sources.files import RawInput
from claimwatch.sources.web import Fetcher, is_url
from claimwatch.store.ledger import Ledger
from claimwatch.store.rows import IngestSummary

MAX_CHARS = 1_000_000
_WRITE_LOCK = threading.Lock()

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


class IngestRequest(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=MAX_CHARS, description="The article as plain text.")
    html: str | None = Field(None, max_length=MAX_CHARS, description="The article as an HTML page.")
    url: str | None = Field(None, max_length=2000, description="An article or feed URL to fetch (http/https).")
    source: str | None = Field(None, max_length=2000, description="Where the text or HTML came from.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD, when known.")

    @model_validator(mode="after")
    def _one_input(self) -> IngestRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        body = self.text if self.text is not None else self.html
        if body is not None and not body.strip():
            raise ValueError(f"{given[0]} is empty")
        if self.url is not None and not is_url(self.url):
            raise ValueError("url must start with http:// or https://")
        return self


class IngestResponse(BaseModel):
    """What became of the input: new, unchanged (already known) or a new version."""

    status: Literal["new", "unchanged", "version"]
    documents: list[str] = Field(description="ids of the documents written or already holding the content")
    summary: IngestSummary


def _raw(body: IngestRequest) -> RawInput:
    content = body.text if body.text is not None else body.html
    assert content is not None
    # what the client calls text stays text: tags in it are characters, never parsed
    media: Literal["html", "text"] = "html" if body.html is not None else "text"
    probe = RawInput(id="", source="", content=content, media_type=media)
    source = body.source or f"api:{probe.content_hash[:16]}"
    return RawInput(
        id=probe.content_hash[:16],
        source=source,
        content=content,
        media_type=media,
        published=body.published,
        title=body.title,
    )


def ingest(ledger: Ledger, body: IngestRequest, fetcher: Fetcher | None) -> IngestResponse:
    """Store one article (extracting it unless its content is already known).

    Raises:
        SourceError: the URL could not be fetched, or the input could not be read.
        CleanError: the input holds no article text.
    """
    with _WRITE_LOCK:
        if body.url is not None:
            summary = ledger.ingest_paths([body.url], processor=process_many, fetcher=fetcher)
        else:
            raw = _raw(body)
            known = ledger.known(raw.content_hash)
            if known is not None:
                return IngestResponse(status="unchanged", documents=[known], summary=IngestSummary(unchanged=1))
            summary = ledger.ingest_documents([process_one(raw)])
    if summary.failed and not summary.total - summary.failed:
        failure = summary.failures[0]
        kind = next(
            (k for k in (SourceError, CleanError, PipelineError, StoreError) if k.code == failure.code), SourceError
        )
        raise kind(failure.error, source=failure.source)
    status: Literal["new", "unchanged", "version"] = (
        "new" if summary.new else "version" if summary.versions else "unchanged"
    )
    return IngestResponse(status=status, documents=summary.documents, summary=summary)


@router.post(
    "/documents",
    response_model=IngestResponse,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={
        200: {"model": IngestResponse, "description": "Already in the ledger: nothing written"},
        401: {"model": ErrorResponse, "description": "Missing or wrong token"},
        403: {"model": ErrorResponse, "description": "Writes are disabled (no token configured)"},
        413: {"model": ErrorResponse, "description": "Body over the size limit"},
    },
    tags=["documents"],
)
def post_document(ledger: LedgerDep, request: Request, response: Response, body: IngestRequest) -> IngestResponse:
    """Ingest one article given as ``text``, ``html`` or ``url`` (``Authorization: Bearer <token>``)."""
    result = ingest(ledger, body, request.app.state.fetcher)
    if result.status == "unchanged":
        response.status_code = 200
    return result
