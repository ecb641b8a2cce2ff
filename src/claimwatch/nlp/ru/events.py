"""Russian events (filled in stage 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimwatch.nlp.ru.analysis import Analysis
from claimwatch.nlp.ru.entities import EntityIndex


@dataclass
class RuEvent:
    type: str
    plover: str
    text: str
    start: int
    end: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


def find_events(an: Analysis, index: EntityIndex, skip: list[tuple[int, int]], published: str | None) -> list[RuEvent]:
    return []
