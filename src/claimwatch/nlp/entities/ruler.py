"""The gazetteer entity ruler: armed groups and agencies with their aliases, matched before spaCy's NER."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from claimwatch.nlp import lexicon


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer's aliases as an entity ruler before NER (case-sensitive for acronyms)."""
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="claimwatch_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "validate": False},
    )
    patterns: list[dict[str, object]] = []
    for ent in lexicon.known_entities():
        label = "ARMED_GROUP" if ent.type == "armed_group" else "KNOWN_ORG"
        sensitive = set(ent.case_sensitive_aliases)
        for alias in {ent.name, *ent.aliases, *sensitive}:
            for variant in _variants(alias):
                if alias in sensitive:
                    toks = [t.text for t in nlp.make_doc(variant)]
                    patterns.append({"label": label, "pattern": [{"ORTH": t} for t in toks], "id": ent.id})
                else:
                    patterns.append({"label": label, "pattern": variant, "id": ent.id})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    ruler.matcher = _exact_token_matcher(nlp, ruler.token_patterns)  # type: ignore[attr-defined]


def _exact_token_matcher(nlp: Language, token_patterns: dict[str, list[list[dict[str, str]]]]) -> PhraseMatcher:
    """The ruler's case-sensitive aliases (``IS``, ``IS-K``) as a PhraseMatcher on ORTH.

    They are exact token sequences, so a PhraseMatcher finds the same matches, under the same
    keys, as the token Matcher the ruler builds for them; the Matcher tries every one of its
    patterns at every token and cost a third of the ruler's time.
    """
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, sequences in token_patterns.items():
        matcher.add(key, [Doc(nlp.vocab, words=[t["ORTH"] for t in seq]) for seq in sequences])
    return matcher


def _variants(alias: str) -> set[str]:
    """An alias as written and with straight/curly apostrophes and plain hyphens."""
    plain = alias.replace("\u2011", "-").replace("\u2010", "-").replace("’", "'")
    return {alias, plain, plain.replace("'", "’")}
