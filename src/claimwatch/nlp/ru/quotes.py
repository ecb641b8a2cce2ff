"""Russian quotations and reported speech with their speakers (filled in stage 2)."""

from __future__ import annotations

from dataclasses import dataclass

from claimwatch.nlp.ru.analysis import Analysis
from claimwatch.nlp.ru.claims import RuClaim
from claimwatch.nlp.ru.entities import EntityIndex


@dataclass
class RuQuote:
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    speaker: str | None = None
    speaker_key: str | None = None
    via: str | None = None


def find_quotes(an: Analysis, index: EntityIndex, skip: list[tuple[int, int]]) -> list[RuQuote]:
    return []


def attribute_claims(claims: list[RuClaim], quotes: list[RuQuote]) -> None:
    for c in claims:
        for n, q in enumerate(quotes):
            if q.start <= c.start < q.end:
                c.speaker, c.speaker_key, c.quote_index = q.speaker, q.speaker_key, n
                break
