"""Events: attacks, security operations, arrests, surrenders, meetings, denials, accusations, threats.

Detection + grouping. Candidate triggers (lemmas from ``resources/events.json``) are typed by the
learned trigger model (``nlp/events/model.py``) from features of the parse (``nlp/events/features.py``);
the mentions of one incident are then grouped into one event, whose actors, targets, place, date
and casualties come from the mentions' arguments (``nlp/events/arguments.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.components.quotes import cues
from claimwatch.nlp.events.arguments import (
    STATEMENTS,
    agent,
    defensive,
    nearest_location,
    report_span,
    reporting_head,
    rule_type,
    status,
    targets,
)
from claimwatch.nlp.events.casualties import add_casualties, has_casualties
from claimwatch.nlp.events.features import CASUALTY_WORDS, Context, candidates, features
from claimwatch.nlp.events.lexicon import EventLexicon, event_lexicon
from claimwatch.nlp.events.model import TriggerModel, trigger_model
from claimwatch.nlp.extensions import span_text
from claimwatch.nlp.records import ClaimRec, EventRec


@dataclass
class Mention:
    """A candidate trigger the model typed as an event."""

    token: Token
    sent: Span
    type: str
    prob: float
    status: str = "occurred"


def featurised(doc: Doc) -> list[tuple[Token, Span, str, dict[str, float]]]:
    """Every candidate trigger of ``doc`` that the lexicon can type, with its sentence, its type and
    its features (also what the training script reads)."""
    ctx = Context(doc, doc._.cw_entities, doc._.cw_claims or [], doc._.cw_quotes or [])
    out = []
    for i in candidates(doc, ctx.lex):
        t = doc[i]
        etype = rule_type(t, ctx.index, ctx.lex)
        if etype is None:
            continue
        sent = t.sent
        out.append((t, sent, etype, features(t, sent, ctx, etype)))
    return out


class EventComponent:
    """Builds ``doc._.cw_events``: the events of the document, one per incident."""

    def __init__(self, nlp: Language, name: str, model: TriggerModel | None = None) -> None:
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.cw_events = self.events(doc, self.model or trigger_model())
        return doc

    def events(self, doc: Doc, model: TriggerModel) -> list[EventRec]:
        """Detect the event mentions of ``doc`` and group them into one event per incident."""
        index: EntityIndex = doc._.cw_entities
        claims: list[ClaimRec] = doc._.cw_claims or []
        lex = event_lexicon()
        events: list[EventRec] = []
        by_sent: dict[int, list[Mention]] = {}
        for t, sent, etype, feats in featurised(doc):
            if feats.get("aggregate"):
                continue  # a running total or a record of many events is not one incident
            prob = model.probability(feats)
            st = status(t, lex)
            if prob < model.threshold and (st == "denied" or (st == "planned" and _announced(t, lex))):
                # a planned or denied incident is still an incident: scored as if it had happened
                prob = model.probability(_as_if_happened(feats))
            by_sent.setdefault(sent.start, []).append(Mention(t, sent, etype, prob, st))
        for mentions in by_sent.values():
            sent = mentions[0].sent
            best: dict[str, Mention] = {}
            for m in mentions:  # one event of a kind per sentence: its most certain mention
                if m.prob >= model.threshold and (m.type not in best or m.prob > best[m.type].prob):
                    best[m.type] = m
            if not best and has_casualties(doc, sent, claims, lex):
                self._casualty_report(doc, sent, mentions, events, claims, lex)
            for m in sorted(best.values(), key=lambda m: m.token.i):
                event = self._event(doc, index, sent, m.token, m.type, claims, lex)
                event.status = m.status
                prev = _same_incident(events, event, sent)
                if prev is not None:
                    _merge(prev, event)
                    continue
                events.append(event)
            # "the attack was foiled": the defence is the outcome of the attack, not another event
            kinds = {e.type for e in events if e.start >= sent.start_char}
            if "attack" in kinds:
                events = [
                    e
                    for e in events
                    if not (e.start >= sent.start_char and e.type == "security_operation" and defensive(e, doc))
                ]
        return events

    def _casualty_report(
        self,
        doc: Doc,
        sent: Span,
        mentions: list[Mention],
        events: list[EventRec],
        claims: list[ClaimRec],
        lex: EventLexicon,
    ) -> None:
        """A sentence that reports casualties without an accepted trigger ("the blast left 12 dead",
        "the attack also wounded 20"): its figures belong to the incident just reported, else it
        reports an incident of its own — unless it sums many ("290 killed since January")."""
        recent = next((e for e in reversed(events) if e.type in VIOLENT), None)
        if recent is not None:
            add_casualties(recent, doc, sent, claims, lex)
            return
        if any(x.lower_ in lex.aggregate for x in sent) or any(x.tag_ in {"VBZ", "VBP"} for x in sent):
            return  # a running total or a general statement, not a particular incident
        violent = [m for m in mentions if m.type in VIOLENT]
        if violent:
            m = max(violent, key=lambda m: m.prob)
            t, etype = m.token, m.type
        else:
            word = next((x for x in sent if x.lower_ in CASUALTY_WORDS), None)
            if word is None:
                return
            t, etype = word, "attack"
        event = self._event(doc, doc._.cw_entities, sent, t, etype, claims, lex)
        clause = _clause_verb(t)  # "the blast left 12 dead": the clause reports it, not the figure
        if clause is not None:
            span = report_span(clause, sent)
            event.text, event.start, event.end = span_text(span), span.start_char, span.end_char
        event.status = "occurred"
        events.append(event)

    @staticmethod
    def _event(
        doc: Doc, index: EntityIndex, sent: Span, t: Token, etype: str, claims: list[ClaimRec], lex: EventLexicon
    ) -> EventRec:
        verbless = (
            t.lower_ in CASUALTY_WORDS and t.dep_ != "ROOT" and not any(c.dep_ == "nsubjpass" for c in t.children)
        )
        head = (_clause_verb(t) or t) if verbless else reporting_head(t)  # "left 12 dead and 30 wounded"
        span = report_span(head, sent, content=etype in STATEMENTS)
        rec = EventRec(
            type=etype, plover=lex.plover[etype], text=span_text(span), start=span.start_char, end=span.end_char
        )
        actor = agent(t)
        if actor is not None and (key := index.key_in(actor.subtree)):
            rec.actor_keys.append(key)
        for target in targets(t):
            if (key := index.key_in(target.subtree)) and key not in rec.actor_keys:
                rec.target_keys.append(key)
                break
        rec.location_key = nearest_location(index, t, sent)
        for ent in sent.ents:
            if ent.label_ in {"DATE"} and not in_dateline(ent[0]):
                rec.date_text = ent.text
                break
        add_casualties(rec, doc, sent, claims, lex)
        return rec


VIOLENT = {"attack", "security_operation"}
#: the features that say a mention is only planned or denied (left out to score the incident itself)
STATUS_FEATURES = {"intended", "gov_planned", "gov_denied", "has_neg", "kid_neg=not", "kid_neg=n't", "kid_aux=will"}


def _clause_verb(t: Token) -> Token | None:
    """The nearest verb above ``t`` that is not a verb of speech ("left" in "the blast left 12 dead,
    police said")."""
    x = t
    for _ in range(4):
        if x.pos_ == "VERB" and x.lemma_.lower() not in cues().speech and x.lower_ not in CASUALTY_WORDS:
            return x
        if x.head.i == x.i:
            return None
        x = x.head
    return None


def _announced(t: Token, lex: EventLexicon) -> bool:
    """A plan someone announces or threatens ("Al-Shabaab plans to attack the base"), not an
    infinitive of purpose ("an operation to arrest the fighters") or a plan in passing."""
    x = t
    for _ in range(3):
        if x.head.i == x.i:
            return False
        x = x.head
        if x.lemma_.lower() in lex.modal_heads:
            return any(c.dep_ == "nsubj" for c in x.children)
    return False


def _as_if_happened(feats: dict[str, float]) -> dict[str, float]:
    """The features of a planned or denied mention as if it reported what happened: without the
    words that make it planned or denied, in the past tense."""
    out = {k: v for k, v in feats.items() if k not in STATUS_FEATURES and not k.startswith(("verb_tag=", "tag=VB"))}
    out["plain_report"] = 1
    out["verb_tag=VBD"] = 1
    if feats.get("pos=VERB"):
        out["tag=VBD"] = 1
    return out


def _same_incident(events: list[EventRec], event: EventRec, sent: Span) -> EventRec | None:
    """The event already reported that this one mentions again: the same kind at the same place
    and date, or, with no place, the same kind just before it ("a raid in Kabul ... Taliban
    forces killed two ISIS members")."""
    if event.location_key is not None:
        return next(
            (
                e
                for e in events
                if e.type == event.type and e.location_key == event.location_key and e.date_text == event.date_text
            ),
            None,
        )
    if events and events[-1].type == event.type and sent.start_char - events[-1].end < 400:
        return events[-1]
    return None


def _merge(into: EventRec, other: EventRec) -> None:
    """Arguments of a further mention fill what the first report of the incident left empty."""
    into.actor_keys.extend(k for k in other.actor_keys if k not in into.actor_keys)
    into.target_keys.extend(k for k in other.target_keys if k not in into.target_keys and k not in into.actor_keys)
    into.location_key = into.location_key or other.location_key
    into.date_text = into.date_text or other.date_text
    for field in ("killed", "injured", "arrested", "kidnapped"):
        if getattr(into, field) is None and getattr(other, field) is not None:
            setattr(into, field, getattr(other, field))
            if field in other.casualty_sources:
                into.casualty_sources[field] = other.casualty_sources[field]
