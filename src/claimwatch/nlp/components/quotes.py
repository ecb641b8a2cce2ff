"""Quotes: direct quotations and reported speech, each with its speaker as a canonical entity.

Direct quotes are found from quotation marks at the character level (straight, curly, guillemets,
single quotes used as quotation marks, quotes split by an attribution, multi-paragraph quotes);
unbalanced marks degrade to the end of their paragraph instead of spoiling the rest. Attribution
and indirect speech come from the dependency parse: a reporting verb's subject is the speaker and
its clausal complement the statement. Speakers given as pronouns, role nouns ("the spokesman")
or document nouns ("the statement") resolve to entities in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimwatch.errors import ConfigError
from claimwatch.nlp.components.entities import EntityIndex, headline_end, national_forces
from claimwatch.nlp.components.paragraphs import dateline_end, in_dateline
from claimwatch.nlp.extensions import doc_text, tokens_with
from claimwatch.nlp.gazetteer import demonym_country
from claimwatch.nlp.records import EntityRec, QuoteRec
from claimwatch.resources import load_json

PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "‹": "›"}
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


# ---------------------------------------------------------------------------------- direct quotes
@dataclass
class Marked:
    """A span between quotation marks (inner offsets) and whether it continues into the next paragraph."""

    start: int
    end: int
    continues: bool = False
    continued: bool = False
    gaps: list[tuple[int, int]] = field(default_factory=list)

    def inner_text(self, text: str) -> str:
        """The words inside the marks, without an interrupting attribution."""
        parts, pos = [], self.start
        for gs, ge in self.gaps:
            parts.append(text[pos:gs].rstrip(" ,"))
            pos = ge
        parts.append(text[pos : self.end])
        return " ".join(p.strip() for p in parts if p.strip())


def _is_open(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:,") and not nxt.isspace()


def find_marked(text: str) -> list[Marked]:
    """Spans inside quotation marks, paragraph by paragraph; tolerant of missing closing marks."""
    out: list[Marked] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    carry = False
    for p_index, (ps, pe) in enumerate(paragraphs):
        i = ps
        opened_here = False
        while i < pe:
            ch = text[i]
            if ch in PAIRS and (ch not in {'"', "‘"} or _is_open(text, i)):
                close = PAIRS[ch]
                j = _find_close(text, i + 1, pe, close, ch)
                if j >= 0:
                    out.append(Marked(i + 1, j, continued=carry and not opened_here and i == _first_char(text, ps)))
                    opened_here = True
                    i = j + 1
                    continue
                # no closing mark in this paragraph
                nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
                continues = nxt is not None and text[_first_char(text, nxt[0])] == ch
                end = pe
                if ch in {"‘"} and not continues:
                    i += 1
                    continue
                out.append(Marked(i + 1, end, continues=continues, continued=carry and i == _first_char(text, ps)))
                carry = continues
                opened_here = True
                i = pe
                break
            i += 1
        else:
            carry = False
    return [m for m in out if m.end > m.start]


def _first_char(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return min(i, len(text) - 1)


def _find_close(text: str, i: int, end: int, close: str, opener: str) -> int:
    """Index of the closing mark; for single quotes, skip apostrophes inside words."""
    while i < end:
        ch = text[i]
        if ch == close:
            if close == "’":
                nxt = text[i + 1] if i + 1 < len(text) else " "
                if nxt.isalpha():
                    i += 1
                    continue
            return i
        if opener == '"' and ch in "“”":
            return -1
        i += 1
    return -1


def _merge_split(text: str, marks: list[Marked]) -> list[Marked]:
    """'"The group," he said, "is growing."' is one quote interrupted by its attribution."""
    out: list[Marked] = []
    for m in marks:
        if out:
            prev = out[-1]
            gap = text[prev.end : m.start]
            if (
                "\n" not in gap
                and len(gap) < 80
                and re.fullmatch(r"[,.]?\s*[”\"»’]\s*,?\s*[^“”\"«»]*?,\s*[“\"«‘]", gap)
                and text[m.start : m.start + 1].islower()
            ):
                prev.gaps.append((prev.end, m.start))
                prev.end = m.end
                continue
        out.append(m)
    return out


# ---------------------------------------------------------------------------------- speakers
@dataclass
class Candidate:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Token | None
    subject: Token | None
    via: Token | None = None
    continued: bool = False
    continues: bool = False
    cue_text: str | None = None
    text: str | None = None


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
            if _is_subject(tok):
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


def _is_subject(tok: Token) -> bool:
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
        return key
    found: list[EntityRec] = []
    stack = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    seen = 0
    while stack and seen < 40:
        seen += 1
        t = stack.pop(0)
        rec = index.get(index.key_of(t))
        if rec is not None and (rec.type != "location" or rec.feature == "country"):
            found.append(rec)  # a town (in a dateline, say) does not speak; a country may
        stack.extend(c for c in t.children if c.dep_ in MODIFIER_DEPS | {"flat"})
    if not found:
        return None
    order = {"person": 0, "armed_group": 1, "organization": 2, "other": 3, "location": 4}
    found.sort(key=lambda r: order.get(r.type, 5))
    return found[0].key


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


def _span_chars(tokens: list[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not (t.is_punct and t.text not in {"%", "$"}) and not t.is_space]
    if toks:
        first = toks[0]
        para = doc_text(first.doc).rfind("\n", 0, first.idx) + 1
        if first.idx - para < 3:
            cut = dateline_end(doc_text(first.doc), para)
            toks = [t for t in toks if t.idx >= cut]
    while toks and toks[0].lower_ in {"that", "whether", "if", ",", "and"}:
        toks = toks[1:]
    if len(toks) < 3:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class QuoteComponent:
    """Builds ``doc._.cw_quotes``: a list of :class:`QuoteRec` in document order."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex = doc._.cw_entities
        text = doc_text(doc)
        marks = _merge_split(text, find_marked(text))
        char2tok = _char_index(doc)
        cands: list[Candidate] = []
        direct_ranges: list[tuple[int, int]] = []
        for m in marks:
            cand = self._attribute(doc, m, char2tok)
            inner = text[m.start : m.end]
            words = len(re.findall(r"\w+", inner))
            if words < 3 and cand.cue is None:
                continue  # a scare quote or a name in quotation marks
            if words <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in re.findall(r"[\w'-]+", inner)):
                continue  # a name in quotation marks: "Kyber-2", "Lashkar-e-Islam"
            if words < 2:
                continue
            s, e = m.start, m.end
            while e > s and text[e - 1] in " ,.;:":
                e -= 1
            cand.start, cand.end = s, e
            cand.text = m.inner_text(text[:e]) if m.gaps else None
            cands.append(cand)
            direct_ranges.append((m.start - 1, m.end + 1))
        headline = headline_end(doc)
        cands.extend(c for c in self._indirect(doc, direct_ranges) if c.start >= headline)
        cands.sort(key=lambda c: c.start)
        doc._.cw_quotes = self._resolve(doc, index, cands)
        return doc

    # -- direct --------------------------------------------------------------------------------
    def _attribute(self, doc: Doc, m: Marked, char2tok: list[int]) -> Candidate:
        cand = Candidate(
            start=m.start,
            end=m.end,
            kind="direct",
            cue=None,
            subject=None,
            continued=m.continued,
            continues=m.continues,
        )
        open_tok = _tok_at(doc, char2tok, max(0, m.start - 1))
        close_tok = _tok_at(doc, char2tok, min(len(doc_text(doc)) - 1, m.end))
        after: list[Token] = []
        if close_tok is not None and not m.continues:
            sent = close_tok.sent
            after = [t for t in sent if t.idx > m.end and "\n" not in doc_text(doc)[m.end : t.idx]]
        before: list[Token] = []
        if open_tok is not None:
            sent = open_tok.sent
            before = [t for t in sent if t.idx + len(t.text) < m.start and "\n" not in doc_text(doc)[t.idx : m.start]]
            before.reverse()
            if not any(self._cue_ok(t) for t in before) and sent.start > 0:
                prev = doc[sent.start - 1].sent
                words = [t for t in prev if not t.is_space]
                if words and (
                    words[-1].text == ":" or (words[-1].text in {"“", '"'} and len(words) > 1 and words[-2].text == ":")
                ):
                    before = list(reversed(words))  # "X said:" closing the paragraph before the quote
        middle = [t for gs, ge in m.gaps if (g := doc.char_span(gs, ge, alignment_mode="expand")) for t in g]
        for frame in (middle, after, before):
            for t in frame:
                if self._cue_ok(t) or _according(t):
                    self._fill(cand, t)
                    return cand
        return cand

    @staticmethod
    def _cue_ok(t: Token) -> bool:
        return t.lemma_.lower() in cues().speech and t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() != "be"

    @staticmethod
    def _fill(cand: Candidate, t: Token) -> None:
        if _according(t):
            cand.cue = t
            cand.cue_text = "according to"
            pobj = [c for to in t.children if to.lower_ == "to" for c in to.children if c.dep_ == "pobj"]
            cand.subject = pobj[0] if pobj else None
            return
        cand.cue = t
        cand.cue_text = t.text
        lemma = t.lemma_.lower()
        if lemma in cues().relay:
            obj = [c for c in t.children if c.dep_ in {"dobj", "obj"}]
            if obj:
                cand.subject = obj[0]
                cand.via = subject_of(t)
                return
        subj = subject_of(t)
        if subj is not None and subj.dep_ == "nsubjpass" and lemma in cues().relay:
            cand.subject = subj
            return
        cand.subject = subj

    # -- indirect ------------------------------------------------------------------------------
    def _indirect(self, doc: Doc, direct: list[tuple[int, int]]) -> list[Candidate]:
        c = cues()
        out: list[Candidate] = []

        def inside_direct(s: int, e: int) -> bool:
            """A direct quote already: a reported clause that frames one with words of its own is kept."""
            for ds, de in direct:
                if ds < s < de:
                    return True
            text, pieces, pos = doc_text(doc), [], s
            for ds, de in sorted(direct):  # the clause's text outside the direct quotes
                a, b = max(ds, s), min(de, e)
                if a < b:
                    pieces.append(text[pos:a] if a > pos else "")
                    pos = max(pos, b)
            pieces.append(text[pos:e] if e > pos else "")
            return len(re.findall(r"\w+", "".join(pieces))) < 2

        for i in tokens_with(doc, {*c.speech, "according"}, (LEMMA, LOWER)):
            t = doc[i]
            lemma = t.lemma_.lower()
            if _according(t):
                head = t.head
                skip = set(x.i for x in t.subtree)
                toks = [x for x in head.subtree if x.i not in skip and x.i != t.i]
                if head.i == t.i or head.dep_ == "ROOT" and head.sent != t.sent:
                    continue
                if head.pos_ not in {"VERB", "AUX", "NOUN", "ADJ"}:
                    continue
                span = _span_chars(toks)
                if span and not inside_direct(*span) and not any(ds <= t.idx < de for ds, de in direct):
                    cand = Candidate(span[0], span[1], "indirect", t, None, cue_text="according to")
                    pobj = [x for to in t.children if to.lower_ == "to" for x in to.children if x.dep_ == "pobj"]
                    cand.subject = pobj[0] if pobj else None
                    out.append(cand)
                continue
            if lemma not in c.speech or t.pos_ not in {"VERB"}:
                continue
            if any(ds <= t.idx < de for ds, de in direct):
                continue
            content = self._content(t, c)
            if content is None:
                continue
            span = _span_chars(content)
            if span is None or inside_direct(*span):
                continue
            cand = Candidate(span[0], span[1], "indirect", None, None)
            self._fill(cand, t)
            if lemma in c.relay and cand.via is None and cand.subject is not None and cand.subject.dep_ != "dobj":
                pass
            out.append(cand)
        return out

    @staticmethod
    def _content(t: Token, c: Cues) -> list[Token] | None:
        lemma = t.lemma_.lower()
        for child in t.children:
            if child.dep_ == "ccomp":
                toks = list(child.subtree)
                if not any(g.dep_ in SUBJECT_DEPS for g in child.children):
                    # "adding two soldiers ... were wounded": the parser hung the subject on the cue
                    lead = [g for g in t.children if g.dep_ in {"dobj", "npadvmod"} and g.i < child.i]
                    if lead:
                        toks = list(lead[0].subtree) + toks
                return toks
        for child in t.children:  # "said in a statement that ...": the clause hangs on the noun
            if child.dep_ == "prep":
                for noun in child.children:
                    if noun.dep_ == "pobj" and noun.lemma_.lower() in c.documents:
                        for clause in noun.children:
                            if clause.dep_ in {"acl", "ccomp", "relcl"} and any(
                                m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                            ):
                                return list(clause.subtree)
        if lemma in c.relay:
            for child in t.children:
                if child.dep_ in {"xcomp", "advcl", "prep"}:
                    for g in child.subtree:
                        if g.lemma_ == "say":
                            for cc in g.children:
                                if cc.dep_ == "ccomp":
                                    return list(cc.subtree)
        if lemma in c.objects:
            for child in t.children:
                if child.dep_ in {"dobj", "obj"}:
                    toks = list(child.subtree)
                    if len(toks) >= 4:
                        return toks
                if child.dep_ == "prep" and child.lower_ in c.object_preps.get(lemma, ()):
                    pobj = [x for x in child.children if x.dep_ == "pobj"]
                    if pobj and len(list(pobj[0].subtree)) >= 3:
                        return list(pobj[0].subtree)
        if lemma in c.ccomp_only:
            return None
        # "<dateline> — <clause>, the group said": the parser hung the clause on the cue as a modifier
        if any(ch.dep_ in SUBJECT_DEPS for ch in t.children):
            for child in t.lefts:
                if child.dep_ in {"advcl", "dep", "parataxis", "conj", "npadvmod", "csubj"}:
                    toks = list(child.subtree)
                    if any(g.dep_ in SUBJECT_DEPS for x in toks for g in x.children):
                        return toks
        # inversion and parentheticals: "<clause>, officials said." / "<A>, he said, <B>"
        head = t.head
        if t.dep_ in {"parataxis", "ccomp", "advcl", "conj"} and head.i != t.i:
            has_subj = any(ch.dep_ in SUBJECT_DEPS for ch in t.children)
            if not has_subj:
                return None
            mine = {x.i for x in t.subtree}
            if t.dep_ == "conj" or (t.dep_ in {"ccomp", "advcl"} and t.i < head.i):
                return None
            first = min(mine)
            while head.dep_ == "conj" and head.head.i < head.i:
                head = head.head  # "A were martyred and B were killed, the army said": both conjuncts
            if head.i > t.i:  # "<A>, he said, <B>": the statement runs on both sides
                return [x for x in head.subtree if x.i not in mine]
            # "<clause>, the ministry said, as ...": the statement is what precedes the attribution
            return [x for x in head.subtree if x.i < first]
        return None

    # -- resolution ----------------------------------------------------------------------------
    def _resolve(self, doc: Doc, index: EntityIndex, cands: list[Candidate]) -> list[QuoteRec]:
        resolver = SpeakerResolver(doc, index)
        out: list[QuoteRec] = []
        last_end = -1
        for cand in cands:
            at = cand.cue.idx if cand.cue is not None else cand.start
            if cand.cue is None and cand.kind == "direct":
                # an unattributed quote continues the previous speaker's paragraph
                near = last_end >= 0 and doc_text(doc).count("\n", last_end, cand.start) <= 4
                key = resolver.last if (near or cand.continued) else None
            else:
                key = resolver.resolve(cand.subject, at)
            via = resolver.entity_of_np(cand.via) if cand.via is not None else None
            rec = index.get(key)
            out.append(
                QuoteRec(
                    text=cand.text or doc_text(doc)[cand.start : cand.end],
                    kind=cand.kind,
                    start=cand.start,
                    end=cand.end,
                    cue=cand.cue_text,
                    speaker_key=key,
                    speaker_name=rec.name if rec else None,
                    via=(index.get(via).name if via and index.get(via) else (cand.via.text if cand.via else None)),
                    cue_start=cand.cue.idx if cand.cue is not None else None,
                )
            )
            if key:
                anchor = (
                    cand.cue.i
                    if cand.cue is not None
                    else (doc.char_span(cand.start, cand.end, alignment_mode="expand") or doc[:1]).start
                )
                resolver.remember(key, anchor)
            last_end = cand.end
        # a quote running over several paragraphs is attributed once, usually in its last part
        for i in range(len(out) - 2, -1, -1):
            if cands[i].continues and out[i].speaker_key is None and out[i + 1].kind == "direct":
                out[i].speaker_key, out[i].speaker_name = out[i + 1].speaker_key, out[i + 1].speaker_name
        return out


def _according(t: Token) -> bool:
    return t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)


def _char_index(doc: Doc) -> list[int]:
    """The start offset of every token, for :func:`_tok_at`."""
    return doc.to_array(IDX).tolist() if len(doc) else []


def _tok_at(doc: Doc, starts: list[int], char: int) -> Token | None:
    """The token covering a character (or the next one)."""
    if not len(doc):
        return None
    i = bisect_right(starts, char) - 1
    if i < 0 or char >= starts[i] + len(doc[i].text):
        i += 1
    return doc[max(0, min(i, len(doc) - 1))]
