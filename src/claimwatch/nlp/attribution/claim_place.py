"""Where a claim's counted thing is: the place phrase of its own clause, else the sentence's, else the context.

"Five soldiers were killed in the Urgon district" puts the soldiers in the district; "the ministry
said in a statement in the capital that five soldiers were killed in X" does not put them in the
capital (a reporting verb's own phrases are the statement's place); a dateline is where the
reporter was; "Ugandan rebels" or "a U.S. airstrike" name a country without placing anything.
When the sentence names no place, the claim is where the article's preceding figures or mentions
were (a follow-up "Twenty one people were wounded" is where the attack was).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from claimwatch.errors import ConfigError
from claimwatch.nlp.attribution.lexicon import cues
from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.extensions import doc_text
from claimwatch.resources import load_json

DIRECTIONS = ("ern", "east", "west", "north", "south")
MAX_PHRASE = 9  # tokens: a longer place phrase is cut to its head's left part
BACK_SENTENCES = 4
HOLDING = {"be", "house", "host", "hold", "shelter", "detain"}


@dataclass(frozen=True)
class PlaceWords:
    """Prepositions and head nouns of place phrases (``resources/cues.json``)."""

    preps: frozenset[str]
    nouns: frozenset[str]


@cache
def place_words() -> PlaceWords:
    try:
        data = load_json("cues.json", required=("place_preps", "place_nouns"))
        return PlaceWords(frozenset(data["place_preps"]), frozenset(data["place_nouns"]))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"cues.json place words are invalid: {exc}", source="claimwatch/resources/cues.json") from exc


def _is_place(index: EntityIndex, tok: Token) -> bool:
    """A token that names a place: a location entity, or a place noun ("camp", "district")."""
    rec = index.get(index.key_of(tok))
    if rec is not None:
        return rec.type == "location"
    return tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in place_words().nouns


def _surface(index: EntityIndex, tok: Token) -> str:
    """A location mention as the article writes it, with a direction word before it ("eastern DRC")."""
    doc = tok.doc
    key = index.key_of(tok)
    start, end = tok.i, tok.i
    while start > tok.sent.start and index.key_of(doc[start - 1]) == key:
        start -= 1
    while end + 1 < tok.sent.end and index.key_of(doc[end + 1]) == key:
        end += 1
    prev = doc[start - 1] if start > tok.sent.start else None
    if prev is not None and prev.lower_.endswith(DIRECTIONS) and index.key_of(prev) is None:
        start -= 1
    while start < end and doc[start].pos_ == "DET":
        start += 1
    return doc_text(doc)[doc[start].idx : doc[end].idx + len(doc[end].text)]


def _is_location(index: EntityIndex, tok: Token) -> bool:
    rec = index.get(index.key_of(tok))
    return rec is not None and rec.type == "location"


def _label(index: EntityIndex, pobj: Token) -> str:
    """The place as written: a named place, else the noun phrase up to the name inside it."""
    if _is_location(index, pobj):
        return _surface(index, pobj)
    doc = pobj.doc
    left = pobj.left_edge.i
    while left < pobj.i and doc[left].pos_ in {"DET", "PUNCT"}:
        left += 1
    right = pobj.right_edge.i
    if right - left + 1 > MAX_PHRASE:
        named = [t.i for t in doc[pobj.i : right + 1] if _is_location(index, t)]
        of_name = [
            g.i for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.pos_ == "PROPN"
        ]
        right = named[0] if named else of_name[0] if of_name else pobj.i  # "the village of Meron, 8 km from ..."
        key = index.key_of(doc[right])
        while key is not None and right + 1 <= pobj.right_edge.i and index.key_of(doc[right + 1]) == key:
            right += 1
    text = doc_text(doc)
    return text[doc[left].idx : doc[right].idx + len(doc[right].text)].rstrip(" ,.;:")


def _place_phrase(index: EntityIndex, pobj: Token) -> bool:
    """A prepositional object that is a place, or "a section/part of <place>"."""
    if _is_place(index, pobj):
        return True
    if any(g.dep_ == "compound" and not _is_location(index, g) and _is_place(index, g) for g in pobj.children):
        return True  # "in the highway attacks" (a named place as a modifier may be the attacker's: "a U.S. strike")
    for prep in pobj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return any(g.dep_ == "pobj" and _is_place(index, g) for g in prep.children)
    return False


def _phrases(index: EntityIndex, head: Token) -> Token | None:
    """The first place phrase hanging on ``head``: "in <place>", "northeast of <place>"."""
    words = place_words()
    for child in sorted(head.children, key=lambda c: abs(c.i - head.i)):
        if child.dep_ == "prep" and child.lower_ in words.preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _place_phrase(index, pobj):
                    return pobj
        if child.dep_ in {"advmod", "npadvmod"} and child.lower_.endswith(DIRECTIONS):
            for prep in child.children:
                for pobj in prep.children:
                    if prep.dep_ == "prep" and pobj.dep_ == "pobj" and _is_place(index, pobj):
                        return pobj
    return None


def clause_place(index: EntityIndex, anchor: Token) -> str | None:
    """A place phrase of the counted noun, its verb or the clauses above it, below any reporting verb."""
    speech = cues().speech
    t, came_by = anchor, ""
    for _ in range(6):
        if came_by in {"ccomp", "parataxis", "advcl"} and t.lemma_.lower() in speech and t.pos_ == "VERB":
            return None  # the reporting verb's phrases place the statement, not the figure
        if (pobj := _phrases(index, t)) is not None and not in_dateline(pobj):
            return _label(index, pobj)
        if t.dep_ == "acl" and _is_place(index, t.head) and not in_dateline(t.head):
            return _label(index, t.head)  # "a camp housing thousands"
        if t.lemma_.lower() in HOLDING:
            for subj in t.children:
                if subj.dep_ == "nsubj" and _is_place(index, subj) and not in_dateline(subj):
                    return _label(index, subj)  # "the camp is home to 24,000", "the prison holds 600"
        if t.head.i == t.i:
            return None
        t, came_by = t.head, t.dep_
    return None


def sentence_place(index: EntityIndex, anchor: Token, sent: Span) -> str | None:
    """The nearest location named in the sentence that places something (no dateline, no modifier)."""
    best: tuple[int, Token] | None = None
    speech = cues().speech
    for t in sent:
        rec = index.get(index.key_of(t))
        if rec is None or rec.type != "location" or in_dateline(t):
            continue
        if t.i > sent.start and index.key_of(t.doc[t.i - 1]) == rec.key:
            continue  # only the first token of a mention
        end = t
        while end.i + 1 < sent.end and index.key_of(t.doc[end.i + 1]) == rec.key:
            end = t.doc[end.i + 1]
        if end.dep_ in {"amod", "compound"} and not _is_place(index, end.head):
            continue  # "Ugandan rebels", "a U.S. airstrike": a country named, nothing placed
        if end.dep_ == "pobj" and end.head.lower_ == "from":
            continue  # where they came from
        if end.dep_ == "pobj" and end.head.head.lemma_.lower() in speech:
            continue  # "said in Kabul": where it was said
        dist = abs(t.i - anchor.i)
        if best is None or dist < best[0]:
            best = (dist, end)
    return _surface(index, best[1]) if best else None


def context_place(index: EntityIndex, sent: Span) -> str | None:
    """The last location named in the few sentences before (the article's scene so far)."""
    doc = sent.doc
    floor = sent.start
    for _ in range(BACK_SENTENCES):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    for i in range(sent.start - 1, floor - 1, -1):
        rec = index.get(index.tok2key[i])
        if rec is not None and rec.type == "location" and not in_dateline(doc[i]):
            tok = doc[i]
            if tok.dep_ in {"amod"}:
                continue
            return _surface(index, tok)
    return None


HARM_VERBS = {
    "kill",
    "wound",
    "injure",
    "abduct",
    "kidnap",
    "execute",
    "massacre",
    "shoot",
    "behead",
    "displace",
    "murder",
}


def attacker_of(index: EntityIndex, anchor: Token) -> str | None:
    """The group or organisation that did the harm to the counted people, from the harm verb's agent.

    The victims are not the attacker's fighters, but the figure is about the attacker's deed; an
    agent with no named group gives nothing.
    """
    t = anchor
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    verb = t.head
    if t.dep_ not in {"dobj", "nsubjpass"} or verb.lemma_.lower() not in HARM_VERBS:
        return None
    agents: list[Token] = []
    if t.dep_ == "nsubjpass":
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    else:
        v = verb
        for _ in range(3):
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if subj:
                agents = subj
                break
            if v.dep_ not in {"advcl", "conj", "xcomp"} or v.head.i == v.i:
                break
            v = v.head
    for agent in agents:
        for tok in agent.subtree:
            rec = index.get(index.key_of(tok))
            if rec is not None and rec.type in {"armed_group", "organization"}:
                return rec.key
    return None
