"""The canonical entities of one document and which token belongs to which."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from claimwatch.nlp.extensions import span_text
from claimwatch.nlp.records import EntityRec


class EntityIndex:
    """The canonical entities of a document and which token belongs to which entity."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities: dict[str, EntityRec] = {}
        self.tok2key: list[str | None] = [None] * len(doc)
        self.place_queries: dict[str, tuple[str, str | None]] = {}  # key -> (surface looked up, US state)

    def add_mention(self, rec: EntityRec, span: Span, surface: str | None = None) -> EntityRec:
        rec = self.entities.setdefault(rec.key, rec)
        rec.add_alias(surface or span_text(span))
        rec.mentions.append((span.start_char, span.end_char))
        for i in range(span.start, span.end):
            self.tok2key[i] = rec.key
        return rec

    def key_of(self, token: Token) -> str | None:
        return self.tok2key[token.i]

    def remove(self, key: str) -> None:
        """Forget an entity and free its tokens (the span filter rejected it)."""
        if self.entities.pop(key, None) is not None:
            self.tok2key = [None if k == key else k for k in self.tok2key]

    def key_in(self, tokens: Iterable[Token]) -> str | None:
        """The entity of the first token that belongs to one."""
        for t in tokens:
            if self.tok2key[t.i]:
                return self.tok2key[t.i]
        return None

    def get(self, key: str | None) -> EntityRec | None:
        return self.entities.get(key) if key else None

    def ordered(self) -> list[EntityRec]:
        return sorted(self.entities.values(), key=lambda e: min(e.mentions) if e.mentions else (0, 0))
