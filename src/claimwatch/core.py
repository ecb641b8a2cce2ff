"""The per-document function and the library entry points every interface calls.

``process_one`` (read input → clean → analyse → Document) is what the CLI, the API, the local
process pool and Ray all run, so the results are the same wherever it runs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimwatch.errors import ClaimwatchError, CleanError, SourceError
from claimwatch.models import Document
from claimwatch.nlp.languages import analyse as analyse_own
from claimwatch.nlp.languages import has_own_path
from claimwatch.sources.files import RawInput, expand, read_path, read_stdin, sniff_media_type

if TYPE_CHECKING:
    from claimwatch.clean import Cleaned

LOGGER = logging.getLogger(__name__)

MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Failure:
    """An input that could not be processed, with the error that names it."""

    source: str
    error: ClaimwatchError


def clean(raw: RawInput) -> Cleaned:
    """Clean one input according to its media type; an empty body is a CleanError naming it."""
    from claimwatch.clean import clean_html, clean_text  # trafilatura: imported when first used

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


def _measure(document: Document) -> None:
    """Every claim's measure in the contract, the same one the ledger files it under."""
    from claimwatch.link.conflicts import document_measures

    for claim, measure in zip(document.claims, document_measures(document), strict=True):
        claim.measure = measure


def _finish(raw: RawInput, cleaned: Cleaned, doc: object) -> Document:
    from claimwatch.nlp.convert import to_document

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
    _measure(document)
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
    _measure(document)
    return document


def process_one(raw: RawInput) -> Document:
    """Clean and analyse one input into a Document (raises a ClaimwatchError naming the input)."""
    from claimwatch.nlp.pipeline import get_pipeline

    cleaned = clean(raw)
    if has_own_path(cleaned.language):
        return _finish_own(raw, cleaned)
    doc = get_pipeline()(cleaned.text)
    return _finish(raw, cleaned, doc)


#: Documents per ``nlp.pipe`` batch: past 32 the parse gains nothing measurable and memory grows.
BATCH_SIZE = 32

Item = RawInput | Failure | Document


def process_many(raws: Iterable[Item], batch_size: int = BATCH_SIZE) -> Iterator[Document | Failure]:
    """Process inputs in order, batching the parse; a bad input yields a Failure, not an exception.

    Failures (from reading) and Documents (already extracted) pass through in their place.
    """
    from claimwatch.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    pending: list[tuple[RawInput, Cleaned]] = []

    def flush() -> Iterator[Document | Failure]:
        texts = [c.text for _, c in pending]
        for (raw, cleaned), doc in zip(pending, nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield _finish(raw, cleaned, doc)
        pending.clear()

    for raw in raws:
        if isinstance(raw, Failure | Document):
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


def to_input(item: Any, position: int = 0) -> Item:
    """One item of :func:`claimwatch.extract_many` as an input to process, or a Failure naming it.

    A ``str`` is an article's text (plain or HTML, sniffed); a ``pathlib.Path`` (or any
    ``os.PathLike``) a file to read; a mapping a record as in JSONL inputs (``text`` or ``html``,
    optional ``id``, ``source``/``url``, ``title``, ``published``); a RawInput, a Failure or an
    extracted Document is taken as is.
    """
    where = f"<item {position}>"
    try:
        if isinstance(item, RawInput | Failure | Document):
            return item
        if isinstance(item, str):
            if not item.strip():
                raise SourceError("empty input", source=where)
            raw = RawInput(id="", source=where, content=item, media_type=sniff_media_type(item))
            return RawInput(id=raw.content_hash[:16], source=where, content=item, media_type=raw.media_type)
        if isinstance(item, os.PathLike):
            return read_path(Path(item))
        if isinstance(item, Mapping):
            from claimwatch.sources.jsonl import parse_record

            return parse_record(dict(item), where)
        raise SourceError(f"cannot read a {type(item).__name__}: give a str, a Path or a mapping", source=where)
    except SourceError as exc:
        return Failure(exc.source or where, exc)


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
