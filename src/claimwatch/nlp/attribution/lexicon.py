"""The reporting-verb lexicon (``resources/cues.json``) and the word classes attribution relies on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from claimwatch.errors import ConfigError
from claimwatch.resources import load_json

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "we", "them"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PERSON_ROLES = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "official",
    "governor",
    "commander",
    "chief",
    "president",
    "secretary",
    "envoy",
    "ambassador",
}
MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "appos", "npadvmod"}


@dataclass(frozen=True)
class Cues:
    """The reporting-verb lexicon (``resources/cues.json``)."""

    speech: frozenset[str]
    ccomp_only: frozenset[str]
    objects: frozenset[str]
    object_preps: dict[str, tuple[str, ...]]
    relay: frozenset[str]
    generic: frozenset[str]
    roles: frozenset[str]
    groups: frozenset[str]
    documents: frozenset[str]


@cache
def cues() -> Cues:
    """Load and validate the cue lexicon once."""
    try:
        data = load_json("cues.json")
        return Cues(
            speech=frozenset(data["speech_verbs"]),
            ccomp_only=frozenset(data["ccomp_only"]),
            objects=frozenset(data["object_cues"]),
            object_preps={k: tuple(v) for k, v in data["object_preps"].items()},
            relay=frozenset(data["relay_verbs"]),
            generic=frozenset(data["generic_speakers"]),
            roles=frozenset(data["role_nouns"]),
            groups=frozenset(data["group_nouns"]),
            documents=frozenset(data["document_nouns"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"cues.json is invalid: {exc}", source="claimwatch/resources/cues.json") from exc
