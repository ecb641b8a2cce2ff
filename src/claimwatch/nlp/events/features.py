"""Features of a candidate event trigger: the word, its place in the parse, its arguments, the
sentence and the shape of the text around it — never a name.

The same function feeds the training script (``scripts/train_events.py``) and the component, so
what the model learned is what it sees at run time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.components.quotes import cues
from claimwatch.nlp.events.arguments import (
    IRREGULAR_FIGHTERS,
    NEGATIVE_SUBJECTS,
    agent,
    aggregate,
    anaphoric,
    governor,
    intended,
    plain_report,
    side,
    targets,
)
from claimwatch.nlp.events.lexicon import EventLexicon, event_lexicon
from claimwatch.nlp.extensions import tokens_with
from claimwatch.nlp.records import ClaimRec, QuoteRec

CANDIDATE_POS = {"VERB", "NOUN", "PROPN", "ADJ", "AUX"}
#: Coarse kinds of event: the gold holds too few meetings or surrenders to learn each type apart.
KINDS = {
    "attack": "violence",
    "security_operation": "violence",
    "arrest": "arrest",
    "denial": "statement",
    "accusation": "statement",
    "threat": "statement",
}
CASUALTY_WORDS = {"dead", "killed", "injured", "wounded", "martyred", "casualties", "died"}


@dataclass
class Context:
    """What the features of one document's candidates share."""

    doc: Doc
    index: EntityIndex
    claims: list[ClaimRec]
    quotes: list[QuoteRec]
    lex: EventLexicon = field(default_factory=event_lexicon)
    seen: Counter[str] = field(default_factory=Counter)
    sent_no: dict[int, int] = field(default_factory=dict)


def candidates(doc: Doc, lex: EventLexicon) -> list[int]:
    """Token indices whose lemma or form may trigger an event (a cheap vectorised pre-filter)."""
    hits = tokens_with(doc, lex.triggers, (LEMMA, LOWER))
    return [i for i in hits if doc[i].pos_ in CANDIDATE_POS and not in_dateline(doc[i])]


def _entity_type(index: EntityIndex, tok: Token | None) -> str:
    if tok is None:
        return "none"
    rec = index.get(index.key_in(tok.subtree))
    return rec.type if rec is not None else ("pron" if tok.pos_ == "PRON" else "noent")


def features(t: Token, sent: Span, ctx: Context, etype: str) -> dict[str, float]:
    """The feature dict of one candidate trigger ``t`` of type ``etype`` in sentence ``sent``."""
    lex, index = ctx.lex, ctx.index
    lemma = t.lemma_.lower()
    head = t.head
    kids = list(t.children)
    deps = {k.dep_ for k in kids}
    f: dict[str, float] = {
        f"lemma={lemma}": 1,
        f"pos={t.pos_}": 1,
        f"tag={t.tag_}": 1,
        f"dep={t.dep_}": 1,
        f"lex={lex.verbs.get(lemma) if t.pos_ == 'VERB' else lex.nouns.get(lemma)}": 1,
        f"head_dep={head.dep_}": 1,
        f"kind={KINDS.get(etype, 'other')}": 1,
        f"kind_pos={KINDS.get(etype, 'other')}|{t.pos_}": 1,
        f"head_pos={head.pos_}": 1,
    }
    if lemma in lex.kill_verbs:
        f["kill_verb"] = 1
    if plain_report(t, index):
        f["plain_report"] = 1
    for d in deps & {"nsubj", "nsubjpass", "dobj", "agent", "neg", "aux", "auxpass", "nummod", "det", "poss", "amod"}:
        f[f"has_{d}"] = 1
    for k in kids:
        if k.dep_ in {"aux", "det", "prep", "prt", "neg"}:
            f[f"kid_{k.dep_}={k.lower_}"] = 1
    actor = agent(t)
    f[f"agent={_entity_type(index, actor)}"] = 1
    if actor is not None:
        f[f"agent_side={side(actor, index, lex)}"] = 1
        if actor.lemma_.lower() in IRREGULAR_FIGHTERS:
            f["agent_fighters"] = 1
        if actor.lower_ in NEGATIVE_SUBJECTS:
            f["agent_none"] = 1
    tgts = targets(t)
    if tgts:
        f[f"target_side={side(tgts[0], index, lex)}"] = 1
    if any(x.lower_ in NEGATIVE_SUBJECTS for x in tgts):
        f["target_none"] = 1
    if t.pos_ in {"NOUN", "PROPN"}:
        f["anaphoric"] = float(anaphoric(t, index))
        if t.is_title and not t.is_sent_start:
            f["title_case"] = 1
    if intended(t):
        f["intended"] = 1
    gov = governor(t)
    if gov is not None:
        g = gov.lemma_.lower()
        if g in lex.modal_heads:
            f["gov_planned"] = 1
        if g in lex.denied_heads:
            f["gov_denied"] = 1
        if g in lex.claimed_heads or g in cues().speech:
            f["gov_speech"] = 1
    # tense and aspect: "has launched several attacks", "attacks are common" speak of many events
    verb = t if t.pos_ in {"VERB", "AUX"} else gov
    if verb is not None:
        f[f"verb_tag={verb.tag_}"] = 1
        if any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children):
            f["present_perfect"] = 1
    if aggregate(t, lex):
        f["aggregate"] = 1
    if any(x.lower_ in lex.aggregate for x in t.subtree):
        f["aggregate_own"] = 1
    if any(x.lower_ in lex.aggregate for x in sent):
        f["aggregate_sent"] = 1
    # the sentence and the text around it
    f[f"sent_no={min(ctx.sent_no.setdefault(sent.start, len(ctx.sent_no)), 4)}"] = 1
    n_seen = ctx.seen[lemma]
    ctx.seen[lemma] += 1
    f[f"seen={min(n_seen, 2)}"] = 1
    words = [x for x in sent if not x.is_space]
    if words and not words[-1].is_punct:
        f["sent_unpunctuated"] = 1
    if sum(x.is_title for x in words) > 0.6 * max(1, len(words)):
        f["sent_titlecase"] = 1
    if any(x.lower_ in CASUALTY_WORDS for x in sent):
        f["sent_casualty_word"] = 1
    if any(sent.start_char <= c.start < sent.end_char and c.predicate for c in ctx.claims):
        f["sent_figure"] = 1
    if any(x.like_num for x in t.subtree):
        f["subtree_number"] = 1
    for q in ctx.quotes:
        if q.start <= t.idx < q.end:
            f[f"in_quote={q.kind}"] = 1
            break
    if any(ent.label_ == "DATE" for ent in sent.ents):
        f["sent_date"] = 1
    if any((rec := index.get(index.key_of(x))) is not None and rec.type == "location" for x in sent):
        f["sent_place"] = 1
    if any((rec := index.get(index.key_of(x))) is not None and rec.type == "location" for x in t.subtree):
        f["own_place"] = 1
    return f
