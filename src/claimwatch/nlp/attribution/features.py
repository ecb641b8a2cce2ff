"""Speaker candidates of one statement and their features, from the parse and the shape of the text.

Candidates are the entities mentioned from two sentences before a statement to the sentence after
it, plus the rule resolver's pick, the previous speaker and the speaker of the paragraph's first
statement. Features never look at a name: only where the mentions sit relative to the cue and the
quotation marks, their syntactic role, the entity type and how the article has used it so far.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimwatch.nlp.attribution.lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, cues
from claimwatch.nlp.attribution.resolver import entity_of_np, is_subject, person_of_acronym
from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.extensions import doc_text

TYPES = ("person", "organization", "armed_group", "location", "other")
FAR = 8.0  # log-distance given when there is no mention on that side
FEATURES = (
    "rule",
    "rule_none",
    "last",
    "para_first",
    "via",
    *(f"type_{t}" for t in TYPES),
    "has_role",
    "mentions_log",
    "in_window",
    "cue_subject",
    "cue_subject_head",
    "cue_object",
    "inside_share",
    "before_dist",
    "after_dist",
    "cue_dist",
    "sent_dist",
    "same_sent_cue",
    "same_para",
    "is_subject",
    "speech_subject",
    "nearest_rank",
    "first_before",
    "direct",
    "has_cue",
    "according",
    "relay",
    "subj_pronoun",
    "subj_person_pronoun",
    "subj_noun",
    "subj_none",
    "subj_entity",
    "continued",
    "n_candidates",
    "type_matches_pronoun",
    "np_pick",
    "news_agency",
    "cue_listener",
    "subj_generic",
)


@dataclass
class DocShape:
    """Per-document lookups built once: sentence and paragraph starts."""

    sent_starts: list[int]
    para_starts: list[int]

    @classmethod
    def of(cls, doc: Doc) -> DocShape:
        text = doc_text(doc)
        paras = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        return cls([s.start for s in doc.sents], paras)

    def sent(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def para(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1


@dataclass
class Statement:
    """What the ranker knows of one statement."""

    start: int  # characters
    end: int
    q0: int  # tokens
    q1: int
    kind: str
    cue: Token | None
    subject: Token | None
    via: Token | None
    cue_text: str | None
    continued: bool
    rule_key: str | None
    last_key: str | None
    para_key: str | None
    mentions: dict[str, list[int]] = field(default_factory=dict)


def gather(doc: Doc, index: EntityIndex, shape: DocShape, st: Statement) -> dict[str, list[int]]:
    """Candidate entity keys with their mention tokens in the statement's window."""
    s0 = shape.sent(min(st.q0, st.cue.i if st.cue is not None else st.q0))
    s1 = shape.sent(max(st.q1, st.cue.i if st.cue is not None else st.q1))
    w0 = shape.sent_starts[max(0, s0 - 2)]
    w1 = shape.sent_starts[s1 + 2] if s1 + 2 < len(shape.sent_starts) else len(doc)
    out: dict[str, list[int]] = {}
    for i in range(w0, w1):
        key = index.tok2key[i]
        if key is None:
            continue
        key = person_of_acronym(index, key) or key
        rec = index.entities[key]
        if rec.type == "location" and rec.feature != "country":
            continue
        out.setdefault(key, []).append(i)
    for key in (st.rule_key, st.last_key, st.para_key):
        if key is not None and key in index.entities:
            out.setdefault(key, [])
    return out


def _log(x: float) -> float:
    return math.log1p(max(0.0, x))


def features(doc: Doc, index: EntityIndex, shape: DocShape, st: Statement) -> dict[str, list[float]]:
    """One feature row (in :data:`FEATURES` order) per candidate key."""
    c = cues()
    cand = st.mentions
    subj = st.subject
    subj_toks = {t.i for t in subj.subtree} if subj is not None else set()
    cue_i = st.cue.i if st.cue is not None else None
    anchor = cue_i if cue_i is not None else st.q0
    a_sent = shape.sent(anchor)
    q_para = shape.para(st.start)
    lemma = st.cue.lemma_.lower() if st.cue is not None else ""
    relay = lemma in c.relay
    according = st.cue_text == "according to"
    obj_toks: set[int] = set()
    listener: set[int] = set()  # "told AFP", "said to reporters": who heard it
    if st.cue is not None and not relay:
        for ch in st.cue.children:
            if ch.dep_ in {"dobj", "dative", "iobj"} or (ch.dep_ == "prep" and ch.lower_ == "to"):
                listener.update(t.i for t in ch.subtree)
    if st.cue is not None and relay:
        for ch in st.cue.children:
            if ch.dep_ in {"dobj", "obj"}:
                obj_toks.update(t.i for t in ch.subtree)
    via_key = index.key_of(st.via) if st.via is not None else None
    subj_word = subj.lower_ if subj is not None else ""
    subj_entity = subj is not None and any(index.tok2key[i] for i in subj_toks)
    np_key = entity_of_np(index, subj) if subj is not None else None
    subj_generic = subj is not None and (subj.lemma_.lower() in c.generic or subj.lower_ in c.generic)
    quote_level = [
        float(st.kind == "direct"),
        float(st.cue is not None),
        float(according),
        float(relay),
        float(subj_word in PERSON_PRONOUNS | GROUP_PRONOUNS),
        float(subj_word in PERSON_PRONOUNS),
        float(subj is not None and subj.pos_ == "NOUN" and not subj_entity),
        float(subj is None),
        float(subj_entity),
        float(st.continued),
        float(len(cand)),
    ]
    # rank of each candidate by the distance of its nearest mention before the statement
    nearest: dict[str, int] = {}
    for key, toks in cand.items():
        before = [t for t in toks if t < st.q0]
        nearest[key] = st.q0 - max(before) if before else 10**6
    order = {k: r for r, k in enumerate(sorted(nearest, key=nearest.__getitem__))}
    rows: dict[str, list[float]] = {}
    for key, toks in cand.items():
        rec = index.entities[key]
        inside = [t for t in toks if st.q0 <= t <= st.q1] if st.kind == "direct" else []
        outside = [t for t in toks if t not in inside]
        before = [st.q0 - t for t in outside if t < st.q0]
        after = [t - st.q1 for t in outside if t > st.q1]
        cue_d = [abs(t - cue_i) for t in outside] if cue_i is not None else []
        sents = [abs(shape.sent(t) - a_sent) for t in outside]
        heads = {doc[t].head.i for t in outside}
        is_subj = any(is_subject(doc[t]) for t in outside[:6])
        speech_subj = False
        for t in outside[:6]:
            tok = doc[t]
            if is_subject(tok):
                h = tok
                while h.dep_ not in {"nsubj", "nsubjpass", "csubj"} and h.head.i != h.i:
                    h = h.head
                speech_subj = speech_subj or h.head.lemma_.lower() in c.speech
        pron_type = (
            ((rec.type == "person") if subj_word in PERSON_PRONOUNS else rec.type != "person")
            if subj_word in PERSON_PRONOUNS | GROUP_PRONOUNS
            else False
        )
        first = min(rec.mentions)[0] if rec.mentions else st.start
        rows[key] = [
            float(key == st.rule_key),
            float(st.rule_key is None),
            float(key == st.last_key),
            float(key == st.para_key),
            float(via_key is not None and key == via_key),
            *(float(rec.type == t) for t in TYPES),
            float(rec.role is not None),
            _log(len(rec.mentions)),
            float(len(toks)),
            float(any(t in subj_toks for t in toks)),
            float(subj is not None and index.tok2key[subj.i] == key),
            float(any(t in obj_toks for t in toks)),
            len(inside) / len(toks) if toks else 0.0,
            _log(min(before)) if before else FAR,
            _log(min(after)) if after else FAR,
            _log(min(cue_d)) if cue_d else FAR,
            float(min(sents)) if sents else 5.0,
            float(bool(sents) and min(sents) == 0 and cue_i is not None),
            float(any(shape.para(doc[t].idx) == q_para for t in outside)),
            float(is_subj),
            float(speech_subj or (cue_i is not None and cue_i in heads)),
            float(order[key]),
            float(first < st.start),
            *quote_level,
            float(pron_type),
            float(key == np_key),
            float(rec.kind == "news_agency"),
            float(any(t in listener for t in toks)),
            float(subj_generic),
        ]
    return rows
