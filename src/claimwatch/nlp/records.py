"""The intermediate records the components produce before conversion to the document model."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EntityRec:
    """A canonical entity being built from its mentions in one document."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    role: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    direction: str | None = None
    feature: str | None = None
    known_id: str | None = None
    kind: str | None = None
    rejected: bool = False  # the span filter's verdict: not listed as an entity (a speaker keeps its name)

    def add_alias(self, surface: str) -> None:
        if surface and surface not in self.aliases:
            self.aliases.append(surface)


@dataclass
class QuoteRec:
    """A quote or reported statement with its speaker entity key."""

    text: str
    kind: str
    start: int
    end: int
    cue: str | None = None
    speaker_key: str | None = None
    speaker_name: str | None = None
    via: str | None = None
    cue_start: int | None = None


@dataclass
class ClaimRec:
    """A figure with what it counts and who asserts it."""

    text: str
    low: float | None
    high: float | None
    qualifier: str
    start: int
    end: int
    counted: str | None = None
    predicate: str | None = None
    subject_key: str | None = None
    location: str | None = None
    time: str | None = None
    speaker_key: str | None = None
    speaker_name: str | None = None
    quote_index: int | None = None


@dataclass
class EventRec:
    """A typed event with its participants."""

    type: str
    plover: str
    text: str
    start: int
    end: int
    actor_keys: list[str] = field(default_factory=list)
    target_keys: list[str] = field(default_factory=list)
    location_key: str | None = None
    date_text: str | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    kidnapped: int | None = None
    casualty_sources: dict[str, str] = field(default_factory=dict)
    status: str | None = None
