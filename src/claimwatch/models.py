"""The document model: the JSON contract that `extract` prints, the store persists and the API serves.

One model end to end (see ``../shared/eval/CONTRACT.md``). Every list item keeps character
offsets into ``Document.text`` so that any entity, quote, claim or event can be traced back to
the sentence it came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "claimwatch.document/1"

EntityType = Literal["person", "organization", "armed_group", "location", "other"]
QuoteKind = Literal["direct", "indirect"]
Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague"]
EventType = Literal[
    "attack", "security_operation", "arrest", "surrender", "meeting", "denial", "accusation", "threat", "other"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=False)


class Entity(_Model):
    """One canonical real-world entity of a document, with every surface form seen."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[tuple[int, int]] = Field(default_factory=list)
    direction: str | None = None
    feature: str | None = None


class Quote(_Model):
    """A direct quotation or a reported (indirect) statement, with who said it."""

    speaker: str | None = None
    speaker_id: str | None = None
    text: str
    kind: QuoteKind
    cue: str | None = None
    via: str | None = None
    start: int
    end: int


class Claim(_Model):
    """A figure normalised to an interval, with what it counts, about whom, where, when, per whom."""

    text: str
    low: int | float | None = None
    high: int | float | None = None
    qualifier: Qualifier
    counted: str | None = None
    predicate: str | None = None
    subject: str | None = None
    subject_id: str | None = None
    location: str | None = None
    time: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    quote_index: int | None = None
    start: int
    end: int
    measure: str | None = None


class Event(_Model):
    """A typed event (PLOVER-mapped) with its actors, targets, place, date and casualties."""

    type: EventType
    plover: str
    text: str
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    location: str | None = None
    date: str | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    kidnapped: int | None = None
    #: who reports each casualty figure: {"killed": "canonical name of the speaker"}; absent = the outlet
    casualty_sources: dict[str, str] = Field(default_factory=dict)
    #: occurred | planned | denied | claimed (None when not assessed)
    status: str | None = None
    start: int
    end: int


class Related(_Model):
    """A related-article teaser found in the page furniture, kept as a stub rather than as body."""

    title: str
    published: str | None = None
    snippet: str | None = None


class Document(_Model):
    """One extracted article: the contract printed by ``claimwatch extract --format jsonl``."""

    schema_: str = Field(default=SCHEMA, alias="schema")
    id: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    language: str = "en"
    text: str
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    related: list[Related] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    content_hash: str | None = None

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    def to_json_dict(self) -> dict[str, object]:
        """The contract as a plain dict (``schema`` first, as the contract shows it)."""
        return self.model_dump(by_alias=True, mode="json")

    def to_json(self) -> str:
        """One JSON line, as ``extract --format jsonl`` prints it."""
        return self.model_dump_json(by_alias=True)
