"""Registration of claimwatch's spaCy components under versioned names, in one place."""

from __future__ import annotations

from spacy.language import Language

from claimwatch.nlp import extensions
from claimwatch.nlp.components.claims import ClaimComponent
from claimwatch.nlp.components.entities import EntityComponent
from claimwatch.nlp.components.events import EventComponent
from claimwatch.nlp.components.paragraphs import ParagraphComponent
from claimwatch.nlp.components.quotes import QuoteComponent

extensions.register()


@Language.factory("claimwatch_paragraphs_v1")
def make_paragraphs(nlp: Language, name: str) -> ParagraphComponent:
    """Sentence starts at paragraph breaks, before the parser runs."""
    return ParagraphComponent(nlp, name)


@Language.factory("claimwatch_entities_v1")
def make_entities(nlp: Language, name: str) -> EntityComponent:
    """Canonical entities, roles and geocoded places."""
    return EntityComponent(nlp, name)


@Language.factory("claimwatch_quotes_v1")
def make_quotes(nlp: Language, name: str) -> QuoteComponent:
    """Direct and reported speech with resolved speakers."""
    return QuoteComponent(nlp, name)


@Language.factory("claimwatch_claims_v1")
def make_claims(nlp: Language, name: str) -> ClaimComponent:
    """Figures as attributed intervals."""
    return ClaimComponent(nlp, name)


@Language.factory("claimwatch_events_v1")
def make_events(nlp: Language, name: str) -> EventComponent:
    """Typed events mapped to PLOVER."""
    return EventComponent(nlp, name)
