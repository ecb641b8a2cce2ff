"""Events: attacks, security operations, arrests, surrenders, meetings, denials, accusations, threats.

Triggers are verbs and nouns from a lexicon (``resources/events.json``) mapped to PLOVER types.
Actors come from subjects and "by" agents, targets from objects and "against"/"on" phrases, the
place from the nearest geocoded location, casualties from the figures of the same sentence. A
killing is an attack when an armed group does it and a security operation when state forces do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.errors import ConfigError
from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.components.quotes import cues
from claimwatch.nlp.extensions import span_text, tokens_with
from claimwatch.nlp.records import ClaimRec, EventRec, QuoteRec
from claimwatch.resources import load_json


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, str]
    nouns: dict[str, str]
    kill_verbs: frozenset[str]
    plover: dict[str, str]
    state_words: frozenset[str]
    casualty: dict[str, str]


@cache
def event_lexicon() -> EventLexicon:
    """Load and validate the event trigger lexicon once."""
    try:
        data = load_json("events.json")
        lex = EventLexicon(
            verbs=dict(data["verbs"]),
            nouns=dict(data["nouns"]),
            kill_verbs=frozenset(data["kill_verbs"]),
            plover=dict(data["plover"]),
            state_words=frozenset(data["state_actor_words"]),
            casualty=dict(data["casualty"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"events.json is invalid: {exc}", source="claimwatch/resources/events.json") from exc
    unknown = {t for t in [*lex.verbs.values(), *lex.nouns.values()] if t not in lex.plover}
    if unknown:
        raise ConfigError(f"events.json: types without a PLOVER mapping: {sorted(unknown)}")
    return lex


class EventComponent:
    """Builds ``doc._.cw_events``: at most one event of each type per sentence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex = doc._.cw_entities
        claims: list[ClaimRec] = doc._.cw_claims or []
        quotes: list[QuoteRec] = doc._.cw_quotes or []
        lex = event_lexicon()
        events: list[EventRec] = []
        placed: set[tuple[str, str, str | None]] = set()
        triggers = {*lex.verbs, *lex.nouns, *lex.kill_verbs, *EXTRA_TRIGGERS}
        hits = set(tokens_with(doc, triggers, (LEMMA, LOWER)))
        for sent in doc.sents:
            seen: set[str] = set()
            for i in sorted(h for h in hits if sent.start <= h < sent.end):
                t = doc[i]
                etype = self._type(t, index, lex)
                if etype is None or etype in seen or _anaphoric(t, index):
                    continue
                seen.add(etype)
                event = self._event(doc, index, sent, t, etype, claims, lex)
                if event.location_key is not None:
                    # the same kind of event at the same place is one event reported again
                    if (etype, event.location_key, event.date_text) in placed:
                        continue
                    placed.add((etype, event.location_key, event.date_text))
                elif events and events[-1].type == etype and sent.start_char - events[-1].end < 400:
                    continue  # "Taliban forces killed two ISIS members" right after "a raid in Kabul"
                if etype in {"denial", "accusation"} and any(
                    q.kind == "direct" and q.start <= event.start < q.end for q in quotes
                ):
                    continue  # a denial inside the speaker's own words is the quote, not a new event
                events.append(event)
            # "the attack was foiled": the defence is the outcome of the attack, not another event
            kinds = {e.type for e in events if e.start >= sent.start_char}
            if "attack" in kinds:
                events = [
                    e
                    for e in events
                    if not (e.start >= sent.start_char and e.type == "security_operation" and _defensive(e, doc))
                ]
        doc._.cw_events = events
        return doc

    @staticmethod
    def _type(t: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB":
            if _intended(t):
                return None  # "to kill or arrest the remaining fighters": a purpose, not an event
            if lemma in lex.kill_verbs and (
                t.dep_ not in {"amod", "acl"} or any(c.dep_ == "nsubj" for c in t.children)
            ):
                actor = _agent(t)
                if actor is None or actor.lower_ in NEGATIVE_SUBJECTS:
                    return None
                if any(c.dep_ == "nsubjpass" and c.lower_ in NEGATIVE_SUBJECTS for c in t.children):
                    return None  # "none were killed": no killing happened
                side = _side(actor, index, lex)
                if side is None and actor.lemma_.lower() in IRREGULAR_FIGHTERS:
                    return "attack"
                return side
            if lemma in {"shoot", "bring", "shut"} and any(c.dep_ == "prt" and c.lower_ == "down" for c in t.children):
                return "security_operation"  # air defences shooting down drones; a network shut down
            return _by_side(lex.verbs.get(lemma), t, index, lex)  # "fighter jets pounded positions"
        if t.pos_ == "NOUN" and lemma in lex.nouns:
            return _by_side(lex.nouns[lemma], t, index, lex)  # "the air forces carried out three airstrikes"
        if t.pos_ == "PROPN" and t.lower_ in {"meeting", "summit", "dialogue", "conference"}:
            return "meeting"
        return None

    def _event(
        self, doc: Doc, index: EntityIndex, sent: Span, t: Token, etype: str, claims: list[ClaimRec], lex: EventLexicon
    ) -> EventRec:
        span = _report_span(_reporting_head(t), sent)
        rec = EventRec(
            type=etype, plover=lex.plover[etype], text=span_text(span), start=span.start_char, end=span.end_char
        )
        actor = _agent(t)
        if actor is not None and (key := index.key_in(actor.subtree)):
            rec.actor_keys.append(key)
        for target in _targets(t):
            if (key := index.key_in(target.subtree)) and key not in rec.actor_keys:
                rec.target_keys.append(key)
                break
        rec.location_key = _nearest_location(index, t, sent)
        for ent in sent.ents:
            if ent.label_ in {"DATE"} and not in_dateline(ent[0]):
                rec.date_text = ent.text
                break
        for c in claims:
            if not (sent.start_char <= c.start < sent.end_char) or c.predicate is None or c.low is None:
                continue
            pred = c.predicate.split()[0].lower()
            for stem, field in lex.casualty.items():
                if (
                    pred.startswith(stem)
                    and getattr(rec, field) is None
                    and c.qualifier in {"exact", "at_least", "more_than", "approx"}
                ):
                    setattr(rec, field, int(c.low))
        return rec


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


EXTRA_TRIGGERS = ("shoot", "bring", "shut", "meeting", "summit", "dialogue", "conference")
ATTEMPT_VERBS = {"try", "attempt", "manage", "begin", "start", "continue", "fail"}
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


def _side(actor: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
    """Who acts decides the kind of violence: an armed group attacks, state forces run operations."""
    words = {x.lower_ for x in actor.subtree}
    rec = index.get(index.key_in(actor.subtree))
    if rec is not None and rec.type == "armed_group" and not words & lex.state_words:
        return "attack"
    if words & lex.state_words or (rec is not None and rec.type == "organization"):
        return "security_operation"
    return None


def _by_side(etype: str | None, t: Token, index: EntityIndex, lex: EventLexicon) -> str | None:
    """Violence is typed by who acts: state forces' attacks are operations ("jets pounded"), an
    armed group's operations are attacks ("the M23 launched an offensive", "militants raided")."""
    if etype not in {"attack", "security_operation"} or (actor := _agent(t)) is None:
        return etype
    return _side(actor, index, lex) or etype


def _intended(t: Token) -> bool:
    """An infinitive of purpose or intention ("launched an operation to kill or arrest ...")."""
    head = t
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return False
    # "tried to attack Crimea" happened; "an operation to kill", "plans to attack" did not (yet)
    return not (head.dep_ == "xcomp" and head.head.lemma_.lower() in ATTEMPT_VERBS)


def _anaphoric(t: Token, index: EntityIndex) -> bool:
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


def _defensive(e: EventRec, doc: Doc) -> bool:
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in DEFENSIVE for t in span)


def _agent(t: Token) -> Token | None:
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


def _targets(t: Token) -> list[Token]:
    out = [ch for ch in t.children if ch.dep_ in {"dobj", "nsubjpass"}]
    for ch in t.children:
        if ch.dep_ == "prep" and ch.lower_ in {"against", "on", "of"}:
            out.extend(g for g in ch.children if g.dep_ == "pobj")
    return out


NOMINAL_DEPS = {"dobj", "nsubj", "nsubjpass", "attr"}


def _reporting_head(t: Token) -> Token:
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


def _report_span(t: Token, sent: Span) -> Span:
    """The words that report the event: the trigger's phrase, bounded by the sentence."""
    toks = [x for x in t.subtree if sent.start <= x.i < sent.end]
    if t.pos_ == "VERB":
        toks = [x for x in toks if x.dep_ not in {"advcl", "ccomp", "parataxis"} or x.i == t.i]
        keep = {t.i}
        for ch in t.children:
            if ch.dep_ in {"advcl", "ccomp", "parataxis", "punct", "mark"}:
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
    if end - start > 40:
        start, end = max(sent.start, t.i - 8), min(sent.end, t.i + 12)
    doc = sent.doc
    while end > start + 1 and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


def _nearest_location(index: EntityIndex, t: Token, sent: Span) -> str | None:
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
