"""Rule-based speaker resolution in document order: subjects, pronouns, role and document nouns.

Its pick is one feature of the learned ranker (:mod:`claimwatch.nlp.attribution.ranker`), not the
final word.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimwatch.nlp.attribution.lexicon import (
    GROUP_PRONOUNS,
    MODIFIER_DEPS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    cues,
)
from claimwatch.nlp.components.entities import EntityIndex, national_forces
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.gazetteer import demonym_country
from claimwatch.nlp.records import EntityRec


class SpeakerResolver:
    """Resolves subjects to entity keys in document order (pronouns, role and document nouns)."""

    def __init__(self, doc: Doc, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        self.last: str | None = None
        self.last_by_type: dict[str, str] = {}
        self.document_owner: dict[str, str] = {}
        self.role_owner: dict[str, str] = {}
        self.last_at = -1

    def remember(self, key: str | None, at_token: int = 0) -> None:
        if key and (rec := self.index.get(key)):
            self.last = key
            self.last_at = at_token
            self.last_by_type[rec.type] = key

    def entity_of_np(self, head: Token) -> str | None:
        return entity_of_np(self.index, head)

    def resolve(self, subj: Token | None, at: int) -> str | None:
        if subj is None:
            return None
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            subj = subj.head.head
        if key := self.entity_of_np(subj):
            lemma = subj.lemma_.lower()
            if lemma in cues().documents:
                self.document_owner[lemma] = key
            return key
        word = subj.lower_
        c = cues()
        if word in PERSON_PRONOUNS:
            return self._pronoun(subj, ("person",))
        if word in GROUP_PRONOUNS:
            return self._pronoun(subj, ("armed_group", "organization", "location"))
        lemma = subj.lemma_.lower()
        definite = any(ch.lower_ in {"the", "this", "that", "its", "their", "his", "her"} for ch in subj.children)
        if lemma in c.documents:
            issuer = self._issuer(subj)
            if issuer:
                self.document_owner[lemma] = issuer
            if issuer or not definite:
                return issuer
            return self.document_owner.get(lemma) or self.last
        if lemma in c.groups and definite:
            return self._pronoun(subj, ("armed_group", "organization"))
        if word in c.generic or lemma in c.generic:
            return None
        if lemma in c.roles:
            return self._role(subj, lemma, definite, at)
        return None

    def _role(self, subj: Token, lemma: str, definite: bool, at: int) -> str | None:
        """ "the spokesman", "an army spokesperson", "a military official": the named holder of that
        role in the article, else the organisation the role speaks for."""
        if definite and lemma in self.role_owner:
            return self.role_owner[lemma]
        holders = [r for r in self.index.entities.values() if r.role and lemma in r.role.lower()]
        if not holders and lemma not in PERSON_ROLES:
            # "the ministry", "the army": an organisation named with that word
            holders = [
                r
                for r in self.index.entities.values()
                if r.type in {"organization", "armed_group"}
                and any(lemma in a.lower().split() for a in [r.name, *r.aliases])
            ]
        key = holders[0].key if holders else self._sponsor(subj)
        if key is None and definite and lemma in PERSON_ROLES:
            # "the spokesman" after a person whose role is unknown; an unnamed "provincial governor"
            # after a named spokesman stays unnamed rather than guessed
            recent = self.index.get(self._recent(("person",), at))
            if recent is not None and (recent.role is None or lemma in recent.role.lower()):
                key = recent.key
        if key is not None:
            self.role_owner[lemma] = key
        return key

    def _sponsor(self, subj: Token) -> str | None:
        """The organisation named in a role's modifiers: "Israeli military spokesperson" -> the IDF."""
        cc = None
        military = False
        for t in subj.subtree:
            if t.i >= subj.i:
                break
            cc = cc or demonym_country(t.text)
            military = military or t.lower_ in {"military", "army", "armed", "defence", "defense", "security"}
        if cc and military:
            known = national_forces(cc)
            if known is not None and known.id in self.index.entities:
                return known.id
            if f"org:forces-{cc.lower()}" in self.index.entities:
                return f"org:forces-{cc.lower()}"
        return None

    def _pronoun(self, subj: Token, types: tuple[str, ...]) -> str | None:
        """The nearest preceding subject of a compatible type (within two sentences), else the last speaker."""
        doc = subj.doc
        sent_start = subj.sent.start
        floor = doc[sent_start - 1].sent.start if sent_start > 0 else 0
        floor = doc[floor - 1].sent.start if floor > 0 else floor
        if self.last and (rec := self.index.get(self.last)) and rec.type in types and self.last_at >= floor:
            return self.last
        fallback: str | None = None
        for i in range(subj.i - 1, floor - 1, -1):
            key = self.index.tok2key[i]
            rec = self.index.get(key)
            if rec is None or rec.type not in types or (rec.type == "location" and rec.feature != "country"):
                continue
            tok = doc[i]
            if is_subject(tok):
                return rec.key
            if fallback is None and i >= sent_start:
                fallback = rec.key
        return fallback or self._recent(types, subj.idx)

    def _issuer(self, noun: Token) -> str | None:
        """Who issued "the statement": an entity in its own phrase, else the subject of an earlier "issued a statement"."""
        inside = [self.index.get(self.index.key_of(t)) for t in noun.subtree if t.i != noun.i]
        found = [r for r in inside if r is not None]
        for rec in found:
            if rec.type in {"organization", "armed_group"}:
                return rec.key
        lemma = noun.lemma_.lower()
        doc = noun.doc
        floor = max(0, noun.sent.start - 60)
        for i in range(noun.i - 1, floor, -1):
            t = doc[i]
            if t.lemma_.lower() == lemma and t.dep_ in {"dobj", "pobj"}:
                verb = t.head if t.dep_ == "dobj" else t.head.head
                for ch in verb.children:
                    if ch.dep_ == "nsubj" and (key := self.entity_of_np(ch)):
                        return key
        return found[0].key if found else None

    def _recent(self, types: tuple[str, ...], at: int) -> str | None:
        """The last speaker of those types, else the most recent mention of those types before `at`."""
        if self.last and (rec := self.index.get(self.last)) and rec.type in types:
            return self.last
        best: tuple[int, str] | None = None
        for rec in self.index.entities.values():
            if rec.type not in types:
                continue
            for s, _ in rec.mentions:
                if s < at and (best is None or s > best[0]):
                    best = (s, rec.key)
        if best:
            return best[1]
        for t in types:
            if t in self.last_by_type:
                return self.last_by_type[t]
        return None


def is_subject(tok: Token) -> bool:
    """Whether a token heads (or is inside the head phrase of) a clause subject."""
    t = tok
    for _ in range(3):
        if t.dep_ in SUBJECT_DEPS:
            return True
        if t.dep_ in {"compound", "poss", "amod", "appos", "flat"} and t.head.i != t.i:
            t = t.head
            continue
        return False
    return False


def entity_of_np(index: EntityIndex, head: Token) -> str | None:
    """The entity a noun phrase names: the head itself, else its apposition or modifiers
    (a person before a group, a group before a place)."""
    if key := index.key_of(head):
        return person_of_acronym(index, key) or key
    found: list[EntityRec] = []
    deps = MODIFIER_DEPS
    if head.lemma_.lower() in cues().roles or head.lemma_.lower() in PERSON_ROLES:
        deps = MODIFIER_DEPS | {"prep", "pobj"}  # "a spokesman for the ministry, Omar Latif": the person
    stack = [c for c in head.children if c.dep_ in deps]
    seen = 0
    while stack and seen < 40:
        seen += 1
        t = stack.pop(0)
        rec = index.get(index.key_of(t))
        if rec is not None and (rec.type != "location" or rec.feature == "country"):
            found.append(rec)  # a town (in a dateline, say) does not speak; a country may
        stack.extend(c for c in t.children if c.dep_ in deps | {"flat"})
    if not found:
        return None
    order = {"person": 0, "armed_group": 1, "organization": 2, "other": 3, "location": 4}
    found.sort(key=lambda r: order.get(r.type, 5))
    return found[0].key


def person_of_acronym(index: EntityIndex, key: str) -> str | None:
    """ "the SP" after "the police superintendent, Rajiv Menon": an acronym whose letters are the
    initials of a named person's role is that person, not an organisation called "SP"."""
    rec = index.entities.get(key)
    if rec is None or rec.type == "person" or not (2 <= len(rec.name) <= 5 and rec.name.isupper()):
        return None
    letters = sorted(rec.name.lower())
    for other in index.entities.values():
        if other.type == "person" and other.role:
            words = [
                w for w in other.role.lower().replace("-", " ").split() if w not in {"the", "of", "a", "an", "and"}
            ]
            if sorted(w[0] for w in words) == letters:
                return other.key
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, climbing through participles ("..., adding that") and conjuncts."""
    t: Token | None = verb
    for _ in range(4):
        if t is None:
            return None
        subjects = sorted(
            (c for c in t.children if c.dep_ in SUBJECT_DEPS and not in_dateline(c)),
            key=lambda c: c.pos_ not in {"NOUN", "PROPN", "PRON"},
        )
        for child in subjects:
            if child.lower_ in RELATIVE_PRONOUNS and t.dep_ == "relcl":
                return t.head
            return child
        if t.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl", "dep"} and t.head is not t:
            t = t.head
            continue
        if t.dep_ == "relcl":
            return t.head
        return None
    return None
