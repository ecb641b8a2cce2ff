"""What the ledger's queries return: pydantic models that serialise to JSON as they are.

Every row that stands for an extracted item carries ``document`` (the public document id) and
``char_start``/``char_end`` so the CLI, the REST API and the web UI can link it to its sentence.
Entity ids are the corpus entity keys (``islamic-state``), stable across relinks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from claimwatch.models import Document

T = TypeVar("T")


def _utc(value: dt.datetime) -> dt.datetime:
    """The store keeps UTC without a zone (SQLite has none); the API says so (RFC 3339)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


UTCDatetime = Annotated[dt.datetime, AfterValidator(_utc)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(_Row, Generic[T]):
    """One page of a keyset-paginated listing; pass ``next_cursor`` back for the next page."""

    items: list[T]
    next_cursor: str | None = None


class IngestFailure(_Row):
    """An input that could not be ingested and why."""

    source: str
    error: str
    code: str = "E000"


class IngestSummary(_Row):
    """The outcome of one ingest run."""

    new: int = 0
    unchanged: int = 0
    versions: int = 0
    duplicates: int = 0
    failed: int = 0
    documents: list[str] = Field(default_factory=list, description="doc ids written (new and versions)")
    failures: list[IngestFailure] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Inputs seen."""
        return self.new + self.versions + self.unchanged + self.failed


class DocumentRow(_Row):
    """A document in a listing."""

    document: str
    title: str | None
    source: str | None
    outlet: str | None
    published: dt.date | None
    first_seen: UTCDatetime
    language: str
    version: int
    is_current: bool
    duplicate_of: str | None = None
    n_claims: int = 0
    n_quotes: int = 0


class StoredDocument(Document):
    """The contract document plus its provenance in the ledger."""

    outlet: str | None = None
    first_seen: UTCDatetime | None = None
    version: int = 1
    is_current: bool = True
    previous: str | None = None
    versions: list[str] = Field(default_factory=list, description="doc ids of every version, oldest first")
    duplicate_of: str | None = None
    cluster: list[str] = Field(default_factory=list, description="doc ids of its near-duplicate cluster")


class EntityRow(_Row):
    """A corpus entity: one real-world entity across every document."""

    id: str
    name: str
    type: str
    role: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = Field(default_factory=list)
    n_documents: int = 0
    n_mentions: int = 0


class QuoteRow(_Row):
    """A statement with its speaker and where it is."""

    id: int
    document: str
    title: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    text: str
    kind: str
    cue: str | None = None
    via: str | None = None
    char_start: int
    char_end: int


class ClaimRow(_Row):
    """A figure with its interval, what it counts, about whom, where, when and per whom."""

    id: int
    document: str
    title: str | None = None
    outlet: str | None = None
    source: str | None = None
    date: dt.date | None = Field(default=None, description="the article's publication date; null when undated")
    first_seen: UTCDatetime | None = Field(default=None, description="when the ledger first stored the article")
    text: str
    low: float | None = None
    high: float | None = None
    qualifier: str
    counted: str | None = None
    category: str | None = None
    predicate: str | None = None
    measure: str
    subject: str | None = None
    subject_id: str | None = None
    subject_inferred: bool = False
    location: str | None = None
    place: str | None = None
    place_country: str | None = None
    time: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    series_id: int | None = None
    duplicate_of: str | None = None
    char_start: int
    char_end: int


class EventRow(_Row):
    """A typed event with its participants and place."""

    id: int
    document: str
    title: str | None = None
    date: dt.date | None = None
    event_date: str | None = None
    type: str
    plover: str | None = None
    text: str
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    location: str | None = None
    place: str | None = None
    place_country: str | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    char_start: int
    char_end: int


class ActivityPoint(_Row):
    """How often an entity was quoted, counted or involved on one date."""

    date: dt.date | None
    quotes: int = 0
    claims: int = 0
    events: int = 0


class EntityDetail(EntityRow):
    """An entity with its roles, statements, the figures about it and by it, events, and activity."""

    roles: list[str] = Field(default_factory=list)
    quotes: list[QuoteRow] = Field(default_factory=list)
    claims_about: list[ClaimRow] = Field(default_factory=list)
    claims_by: list[ClaimRow] = Field(default_factory=list)
    events: list[EventRow] = Field(default_factory=list)
    activity: list[ActivityPoint] = Field(default_factory=list)


class SeriesRow(_Row):
    """A claim series: one subject, counted category, place and measure."""

    id: int
    key: str
    subject: str | None
    subject_id: str | None
    counted: str
    place: str | None
    place_country: str | None
    measure: str
    n_claims: int
    n_sources: int
    first_date: dt.date | None
    last_date: dt.date | None


class DisputeRef(_Row):
    """A denial of, or a conflicting figure for, a timeline point."""

    id: int
    kind: Literal["denial", "conflict"]
    by: str | None = None
    text: str | None = None
    document: str
    char_start: int | None = None
    char_end: int | None = None
    other_claim_id: int | None = None
    detail: str | None = None


class TimelinePoint(_Row):
    """One figure of a timeline, with where and when it was said and what disputes it."""

    claim_id: int
    series_id: int | None
    document: str
    title: str | None = None
    outlet: str | None = None
    source: str | None = None
    date: dt.date | None = None
    date_basis: Literal["published", "undated"] = Field(
        default="published", description="published: the article's date; undated: the article gives none"
    )
    speaker: str | None = None
    speaker_id: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str
    text: str
    counted: str | None = None
    category: str | None = None
    place: str | None = None
    sentence: str
    char_start: int
    char_end: int
    duplicates: list[str] = Field(default_factory=list, description="near-duplicate reports not counted again")
    denials: list[DisputeRef] = Field(default_factory=list)
    conflicts: list[DisputeRef] = Field(default_factory=list)


class Timeline(_Row):
    """The figures of the series matching a subject (and counted category and place), by date."""

    subject: str
    subject_id: str | None = None
    counted: str | None = None
    place: str | None = None
    series: list[SeriesRow] = Field(default_factory=list)
    points: list[TimelinePoint] = Field(default_factory=list)
    truncated: bool = Field(default=False, description="more points than the limit: the most recent are given")


class ContradictionRow(_Row):
    """A denial of a claim, or two figures that cannot both be true."""

    id: int
    kind: Literal["denial", "conflict"]
    detail: str | None = None
    by: str | None = None
    text: str | None = None
    document: str
    char_start: int | None = None
    char_end: int | None = None
    claim: ClaimRow
    other_claim: ClaimRow | None = None
    claim_sentence: str | None = Field(default=None, description="the sentence the claim is in")
    other_sentence: str | None = Field(default=None, description="the sentence the other claim is in")


class SearchHit(_Row):
    """A document matching a full-text search, with a highlighted snippet."""

    document: str
    title: str | None
    outlet: str | None = None
    published: dt.date | None = None
    snippet: str
    rank: float


class SpeakerCount(_Row):
    """A speaker with how many statements and figures the ledger holds from them."""

    id: str
    name: str
    quotes: int
    claims: int


class Overview(_Row):
    """A summary of the ledger for a front page."""

    documents: int
    claims: int
    quotes: int
    entities: int
    latest: list[DocumentRow] = Field(default_factory=list)
    speakers: list[SpeakerCount] = Field(default_factory=list)
    series: list[SeriesRow] = Field(default_factory=list)
    contradictions: list[ContradictionRow] = Field(default_factory=list)


class MarkedClaim(ClaimRow):
    """A claim of the explorer with what disputes it: denials, and figures it conflicts with."""

    denied_by: list[str] = Field(default_factory=list, description="who denies the figure ('someone' when unnamed)")
    conflicts: list[int] = Field(default_factory=list, description="ids of the claims it cannot be true with")


class FacetCount(_Row):
    """One value of a facet and how many claims of the filtered view have it."""

    value: str
    label: str
    count: int


class ClaimResults(_Row):
    """One page of the claims explorer over the whole filtered, sorted result."""

    items: list[MarkedClaim]
    total: int
    page: int
    per_page: int
    pages: int
    sort: str
    facets: dict[str, list[FacetCount]] = Field(default_factory=dict)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    undated: int = 0
