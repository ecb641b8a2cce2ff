"""The arguments of an event mention, read from the parse: who acts (and on which side), whom it
targets, whether it is only intended, whether a noun refers back to an earlier report, the words
that report it and its place."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.components.quotes import cues
from claimwatch.nlp.events.lexicon import EventLexicon
from claimwatch.nlp.records import EventRec

ORDINALS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "latest",
    "last",
}
ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "such", "its", "their", "his", "her"}
ARGUMENT_PREPS = {"by", "against", "on", "in", "at", "near", "into", "across"}


ATTEMPT_VERBS = {"try", "attempt", "manage", "begin", "start", "continue", "fail"}
KILL_VERBS = {"kill", "destroy", "wound", "injure", "slay", "martyr"}
NEGATIVE_SUBJECTS = {"none", "nobody", "no-one", "nothing"}
IRREGULAR_FIGHTERS = {
    "militant",
    "gunman",
    "insurgent",
    "attacker",
    "fighter",
    "rebel",
    "terrorist",
    "jihadist",
    "bomber",
}


def side(actor: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
    """Who acts decides the kind of violence: an armed group attacks, state forces run operations.

    The words of a name do not count ("the Allied Democratic Forces rebels" are no state forces);
    the words around it do ("Taliban forces" in government).
    """
    words = {x.lower_ for x in actor.subtree if index.key_of(x) is None}
    rec = index.get(index.key_in(actor.subtree))
    if rec is not None and rec.type == "armed_group" and not words & lex.state_words:
        return "attack"
    if words & lex.state_words or (rec is not None and rec.type == "organization"):
        return "security_operation"
    return None


def by_side(etype: str | None, t: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
    """Violence is typed by who acts: state forces' attacks are operations ("jets pounded"), an
    armed group's operations are attacks ("the M23 launched an offensive", "militants raided")."""
    if etype not in {"attack", "security_operation"} or (actor := agent(t)) is None:
        return etype
    if (kind := side(actor, index, lex)) is not None:
        return kind
    return "attack" if actor.lemma_.lower() in IRREGULAR_FIGHTERS else etype  # "rebels captured a town"


def intended(t: Token) -> bool:
    """An infinitive of purpose or intention ("launched an operation to kill or arrest ...")."""
    head = t
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return False
    # "tried to attack Crimea" happened; "an operation to kill", "plans to attack" did not (yet)
    return not (head.dep_ == "xcomp" and head.head.lemma_.lower() in ATTEMPT_VERBS)


def anaphoric(t: Token, index: EntityIndex) -> bool:
    """A noun trigger that refers back to an event already reported ("the attack", "the operation")
    or speaks of events in general ("attacks", "military operations"): it adds no new event."""
    if t.pos_ != "NOUN":
        return False
    kids = list(t.children)
    if any(k.dep_ in {"nummod"} for k in kids):
        return False
    if (t.is_title and not t.is_sent_start) or any(k.lower_ in ORDINALS or k.lower_[:-2].isdigit() for k in kids):
        return False  # "the 18th Meeting of Heads of ...", "the second meeting": a particular event
    dets = {k.lower_ for k in kids if k.dep_ in {"det", "poss"}}
    if t.tag_ in {"NNS", "NNPS"} and not dets:
        return True  # "attacks on civilians", "military operations": events in general
    if any(k.dep_ == "prep" and k.lower_ in ARGUMENT_PREPS for k in kids):
        return False
    if any(index.key_of(x) for k in kids if k.dep_ in {"compound", "poss", "amod", "nmod"} for x in k.subtree):
        return False
    dets = {k.lower_ for k in kids if k.dep_ in {"det", "poss"}}
    plural = t.tag_ in {"NNS", "NNPS"}
    return bool(dets & ANAPHORIC_DETS) or (plural and not dets)


DEFENSIVE = {"foil", "repel", "thwart", "intercept", "shoot"}


def defensive(e: EventRec, doc: Doc) -> bool:
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in DEFENSIVE for t in span)


def agent(t: Token) -> Token | None:
    """Who acts: the subject, the passive 'by' agent, or a noun trigger's 'by' phrase."""
    for ch in sorted(t.children, key=lambda c: c.ent_type_ in {"GPE", "LOC"}):
        if ch.dep_ == "nsubj" and not in_dateline(ch):
            return ch
        if ch.dep_ == "agent":
            for g in ch.children:
                if g.dep_ == "pobj":
                    return g
    for ch in t.children:
        if ch.dep_ == "prep" and ch.lower_ == "by":
            for g in ch.children:
                if g.dep_ == "pobj":
                    return g
    if t.dep_ in {"xcomp", "conj", "advcl"} and t.head.i != t.i:
        for ch in t.head.children:
            if ch.dep_ == "nsubj":
                return ch
    if t.pos_ == "NOUN":
        for ch in t.children:
            if ch.dep_ == "poss":
                return ch
        if t.head.dep_ == "prep" or t.dep_ == "dobj":
            verb = t.head if t.dep_ == "dobj" else t.head.head
            if verb.lemma_ in {"launch", "conduct", "carry", "stage", "mount"}:
                for ch in verb.children:
                    if ch.dep_ == "nsubj":
                        return ch
    return None


def targets(t: Token) -> list[Token]:
    out = [ch for ch in t.children if ch.dep_ in {"dobj", "nsubjpass"}]
    for ch in t.children:
        if ch.dep_ == "prep" and ch.lower_ in {"against", "on", "of"}:
            out.extend(g for g in ch.children if g.dep_ == "pobj")
    return out


NOMINAL_DEPS = {"dobj", "nsubj", "nsubjpass", "attr"}


def reporting_head(t: Token) -> Token:
    """The word whose phrase reports the event: a noun trigger's verb ("launched a search
    operation to arrest the fighters", "fighting erupted in the town"), else the trigger.

    A verb of speech is not the report ("said the offensive ..."): the noun stays.
    """
    head = t.head
    if (
        t.pos_ in {"NOUN", "PROPN"}
        and t.dep_ in NOMINAL_DEPS
        and head.i != t.i
        and head.pos_ == "VERB"
        and head.lemma_.lower() not in cues().speech
    ):
        return head
    return t


def report_span(t: Token, sent: Span, content: bool = False) -> Span:
    """The words that report the event: the trigger's phrase, bounded by the sentence; with
    ``content`` a verb's clausal complement too ("denied the fighters had suffered casualties")."""
    toks = [x for x in t.subtree if sent.start <= x.i < sent.end]
    if t.pos_ == "VERB":
        skipped = {"advcl", "parataxis"} if content else {"advcl", "ccomp", "parataxis"}
        toks = [x for x in toks if x.dep_ not in skipped or x.i == t.i]
        keep = {t.i}
        for ch in t.children:
            if ch.dep_ in skipped | {"punct", "mark"}:
                continue
            if (
                ch.dep_ in {"cc", "conj"}
                and ch.i > t.i
                and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in ch.children)
            ):
                keep.update(x.i for x in ch.subtree)  # "killed 15 soldiers and wounded five more"
                continue
            if ch.dep_ in {"cc", "conj"}:
                continue
            keep.update(x.i for x in ch.subtree)
        toks = [x for x in toks if x.i in keep and not in_dateline(x)]
    start = min(x.i for x in toks) if toks else t.i
    end = max(x.i for x in toks) + 1 if toks else t.i + 1
    if end - start > 60:
        start, end = max(sent.start, t.i - 8), min(sent.end, t.i + 12)
    doc = sent.doc
    while end > start + 1 and (doc[end - 1].is_space or doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return doc[start:end]


def nearest_location(index: EntityIndex, t: Token, sent: Span) -> str | None:
    """The place of the event: one named in the trigger's own phrase, else the nearest in the
    sentence, never the dateline (where the reporter is) or a possessive ("Russia's secretary")."""
    own = {x.i for x in t.subtree}
    best: tuple[int, str] | None = None
    for x in sent:
        key = index.key_of(x)
        rec = index.get(key)
        if rec is None or rec.type != "location" or in_dateline(x) or x.dep_ == "poss":
            continue
        d = abs(x.i - t.i) + (0 if x.i > t.i else 3) - (100 if x.i in own else 0)
        if best is None or d < best[0]:
            best = (d, rec.key)
    return best[1] if best else None


STATEMENTS = {"denial", "accusation", "threat"}


def aggregate(t: Token, lex: EventLexicon) -> bool:
    """A running total or a record of many events ("has killed over 900 militants since June",
    "so far, forces have cleared the towns"): the present perfect with a word of duration or sum."""
    verb = t if t.pos_ in {"VERB", "AUX"} else governor(t)
    if verb is None:
        return False
    perfect = any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in verb.children)
    return perfect and any(x.lower_ in lex.aggregate for x in verb.sent)


def rule_type(t: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
    """The kind of event the trigger would report, from the lexicon and who acts on whom.

    Violence is typed by its sides: an armed group attacks, state forces run operations; a
    killing with no named actor takes the other side of its victims ("19 terrorists were killed"
    is an operation, "three soldiers were martyred" an attack).
    """
    lemma = t.lemma_.lower()
    if t.pos_ == "VERB":
        if lemma in lex.kill_verbs:
            actor = agent(t)
            if actor is not None and actor.lower_ not in NEGATIVE_SUBJECTS:
                kind = side(actor, index, lex)
                if kind is not None:
                    return kind
                if actor.lemma_.lower() in IRREGULAR_FIGHTERS:
                    return "attack"
            for victim in targets(t):
                kind = side(victim, index, lex)
                if kind == "security_operation":
                    return "attack"
                if kind == "attack" or victim.lemma_.lower() in IRREGULAR_FIGHTERS:
                    return "security_operation"
            return "attack"
        if lemma in {"shoot", "bring", "shut"} and any(c.dep_ == "prt" and c.lower_ == "down" for c in t.children):
            return "security_operation"  # air defences shooting down drones; a network shut down
        kind = by_side(lex.verbs.get(lemma), t, index, lex)  # "fighter jets pounded positions"
        if kind in STATEMENTS and agent(t) is None:
            return None  # "they are accused of ...": a charge nobody in the text makes is no event
        return kind
    if t.pos_ == "NOUN" and lemma in lex.nouns:
        return by_side(lex.nouns[lemma], t, index, lex)  # "the air forces carried out three airstrikes"
    if t.pos_ == "PROPN" and t.lower_ in {"meeting", "summit", "dialogue", "conference"}:
        return "meeting"
    if t.lower_ in {"dead", "killed", "wounded", "injured"} and t.pos_ == "ADJ":
        return "attack"
    return None


def plain_report(t: Token, index: EntityIndex) -> bool:
    """Whether the trigger reads as a report of a particular event by the lexicon's rules: not a
    purpose ("to arrest"), not a killing without a killer, not a noun referring back or in general."""
    if t.pos_ == "VERB":
        if intended(t):
            return False
        if t.lemma_.lower() in KILL_VERBS and (
            t.dep_ not in {"amod", "acl"} or any(c.dep_ == "nsubj" for c in t.children)
        ):
            actor = agent(t)
            if actor is None or actor.lower_ in NEGATIVE_SUBJECTS:
                return False
            if any(c.dep_ == "nsubjpass" and c.lower_ in NEGATIVE_SUBJECTS for c in t.children):
                return False
        return True
    return not anaphoric(t, index)


def governor(t: Token) -> Token | None:
    """The verb that governs the mention ("plans to attack", "denied carrying out the raid")."""
    x = t
    for _ in range(3):
        if x.head.i == x.i:
            return None
        x = x.head
        if x.pos_ in {"VERB", "AUX"}:
            return x
    return None


def status(t: Token, lex: EventLexicon) -> str:
    """Whether the mention reports an event that occurred, is planned or threatened, is denied by
    the speaker, or is claimed (responsibility, a side's own account)."""
    verb = t if t.pos_ in {"VERB", "AUX"} else governor(t)
    chain = [t] + ([verb] if verb is not None and verb.i != t.i else [])
    if any(c.dep_ == "neg" for x in chain for c in x.children):
        return "denied"  # "did not attack", "was not behind the raid"
    if intended(t) or any(
        c.dep_ == "aux" and c.lower_ in {"will", "would", "'ll", "shall"} for x in chain for c in x.children
    ):
        return "planned"
    x = t
    for _ in range(4):  # "denied carrying out the attack", "plans to attack", "claimed the raid"
        if x.head.i == x.i or x.head.lemma_.lower() in cues().speech - lex.denied_heads - {"claim"}:
            break
        x = x.head
        lemma = x.lemma_.lower()
        if lemma in lex.denied_heads:
            return "denied"
        if lemma in lex.modal_heads:
            return "planned"
        if lemma == "claim" or any(k.lower_ == "responsibility" for k in x.children):
            return "claimed"
    return "occurred"
