"""The per-document function and the library entry points every interface calls.

``process_one`` (read input → clean → analyse → Document) is what the CLI, the API, the local
process pool and Ray all run, so the results are the same wherever it runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimwatch.clean import Cleaned, clean_html, clean_text
from claimwatch.errors import ClaimwatchError, CleanError, SourceError
from claimwatch.models import Document
from claimwatch.nlp.convert import to_document
from claimwatch.nlp.languages import analyse as analyse_own
from claimwatch.nlp.languages import has_own_path
from claimwatch.nlp.pipeline import get_pipeline
from claimwatch.sources.files import RawInput, expand, read_path, read_stdin

LOGGER = logging.getLogger(__name__)

MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Failure:
    """An input that could not be processed, with the error that names it."""

    source: str
    error: ClaimwatchError


def clean(raw: RawInput) -> Cleaned:
    """Clean one input according to its media type; an empty body is a CleanError naming it."""
    if raw.media_type == "html":
        cleaned = clean_html(raw.content, raw.source)
    else:
        cleaned = clean_text(raw.content)
        # The body runs from the top of the page to the trailing furniture: the headline and any
        # header lines are part of what the outlet printed (and analysed with the body); only the
        # trailing related-article lists, prompts and sign-offs are cut.
        norm = raw.content.replace("\r\n", "\n").replace("\r", "\n")
        if cleaned.text:
            body = norm[: cleaned.body_offset + len(cleaned.text)]
            shift = len(body) - len(body.lstrip())
            cleaned.text = body.strip()
            # header furniture above the headline stays in the text but is not analysed
            cleaned.headed_offset = max(0, cleaned.headed_offset - shift)
        else:
            cleaned.headed_offset = 0
    if not cleaned.text.strip():
        raise CleanError("no article text found", source=raw.source)
    if len(cleaned.text) > MAX_CHARS:
        raise CleanError(
            f"article body too long ({len(cleaned.text):,} characters; limit {MAX_CHARS:,})", source=raw.source
        )
    return cleaned


def _finish(raw: RawInput, cleaned: Cleaned, doc: object) -> Document:
    document = to_document(
        doc,  # type: ignore[arg-type]
        ident=raw.id,
        source=raw.source,
        title=raw.title or cleaned.title,
        published=raw.published or cleaned.published,
        language=cleaned.language,
        analyse_from=cleaned.headed_offset if raw.media_type == "text" else 0,
    )
    document.related = list(cleaned.related)
    document.removed = list(cleaned.removed)
    document.content_hash = raw.content_hash
    return document


def _finish_own(raw: RawInput, cleaned: Cleaned) -> Document:
    """A document in a language with its own analysis path (Russian), same contract as _finish."""
    document = analyse_own(
        cleaned.text,
        language=cleaned.language,
        ident=raw.id,
        source=raw.source,
        title=raw.title or cleaned.title,
        published=raw.published or cleaned.published,
        analyse_from=cleaned.headed_offset if raw.media_type == "text" else 0,
    )
    document.related = list(cleaned.related)
    document.removed = list(cleaned.removed)
    document.content_hash = raw.content_hash
    return document


def process_one(raw: RawInput) -> Document:
    """Clean and analyse one input into a Document (raises a ClaimwatchError naming the input)."""
    cleaned = clean(raw)
    if has_own_path(cleaned.language):
        return _finish_own(raw, cleaned)
    doc = get_pipeline()(cleaned.text)
    return _finish(raw, cleaned, doc)


def process_many(raws: Iterable[RawInput | Failure], batch_size: int = 32) -> Iterator[Document | Failure]:
    """Process inputs in order, batching the parse; a bad input yields a Failure, not an exception."""
    nlp = get_pipeline()
    pending: list[tuple[RawInput, Cleaned]] = []

    def flush() -> Iterator[Document | Failure]:
        texts = [c.text for _, c in pending]
        for (raw, cleaned), doc in zip(pending, nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield _finish(raw, cleaned, doc)
        pending.clear()

    for raw in raws:
        if isinstance(raw, Failure):
            yield from flush()
            yield raw
            continue
        try:
            cleaned = clean(raw)
            if has_own_path(cleaned.language):
                yield from flush()
                yield _finish_own(raw, cleaned)
                continue
            pending.append((raw, cleaned))
        except ClaimwatchError as exc:
            yield from flush()
            yield Failure(raw.source, exc)
            continue
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def read_inputs(paths: list[str]) -> Iterator[RawInput | Failure]:
    """Expand paths and folders into inputs, turning unreadable ones into Failures."""
    for item in expand(paths):
        try:
            yield read_stdin() if item == "-" else read_path(item)  # type: ignore[arg-type]
        except SourceError as exc:
            yield Failure(str(item), exc)


def extract(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    html: bool | None = None,
) -> Document:
    """Extract one article given as a string.

    Args:
        text: plain text or an HTML page.
        source: where it came from (a path or URL), kept as provenance.
        published: publication date (YYYY-MM-DD) when known; overrides what the text supports.
        title: the title when known.
        id: a stable id; by default derived from the content hash.
        html: force HTML (True) or text (False) handling; sniffed when None.

    Returns:
        The Document of the contract.
    """
    from claimwatch.sources.files import sniff_media_type

    media = sniff_media_type(text) if html is None else ("html" if html else "text")
    raw = RawInput(id="", source=source or "<string>", content=text, media_type=media, published=published, title=title)
    raw = RawInput(
        id=id or raw.content_hash[:16],
        source=raw.source,
        content=text,
        media_type=media,
        published=published,
        title=title,
    )
    if not text.strip():
        raise SourceError("empty input", source=raw.source)
    return process_one(raw)
