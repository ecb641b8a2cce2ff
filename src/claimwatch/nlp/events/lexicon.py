"""The event lexicon (``resources/events.json``): trigger lemmas, PLOVER mapping, casualty words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from claimwatch.errors import ConfigError
from claimwatch.resources import load_json


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, str]
    nouns: dict[str, str]
    kill_verbs: frozenset[str]
    plover: dict[str, str]
    state_words: frozenset[str]
    casualty: dict[str, str]
    candidates: frozenset[str]
    modal_heads: frozenset[str]
    denied_heads: frozenset[str]
    claimed_heads: frozenset[str]
    aggregate: frozenset[str]

    @property
    def triggers(self) -> frozenset[str]:
        """Every lemma or word form that may trigger an event (the classifier decides)."""
        return frozenset({*self.verbs, *self.nouns, *self.kill_verbs, *self.candidates})


@cache
def event_lexicon() -> EventLexicon:
    """Load and validate the event trigger lexicon once."""
    try:
        data = load_json("events.json")
        lex = EventLexicon(
            verbs=dict(data["verbs"]),
            nouns=dict(data["nouns"]),
            kill_verbs=frozenset(data["kill_verbs"]),
            plover=dict(data["plover"]),
            state_words=frozenset(data["state_actor_words"]),
            casualty=dict(data["casualty"]),
            candidates=frozenset(data["candidate_words"]),
            modal_heads=frozenset(data["planned_heads"]),
            denied_heads=frozenset(data["denied_heads"]),
            claimed_heads=frozenset(data["claimed_heads"]),
            aggregate=frozenset(data["aggregate_words"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"events.json is invalid: {exc}", source="claimwatch/resources/events.json") from exc
    unknown = {t for t in [*lex.verbs.values(), *lex.nouns.values()] if t not in lex.plover}
    if unknown:
        raise ConfigError(f"events.json: types without a PLOVER mapping: {sorted(unknown)}")
    return lex
