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
from claimwatch.nlp.events.arguments import (
    agent,
    defensive,
    nearest_location,
    report_span,
    reporting_head,
    rule_type,
    targets,
)
from claimwatch.nlp.events.features import Context, candidates, features
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


def detect(doc: Doc, model: TriggerModel) -> list[Mention]:
    """The candidates the model types as events, in text order."""
    found = []
    for t, sent, etype, feats in featurised(doc):
        prob = model.probability(feats)
        if prob >= model.threshold:
            found.append(Mention(t, sent, etype, prob))
    return found


class EventComponent:
    """Builds ``doc._.cw_events``: the events of the document, one per incident."""

    def __init__(self, nlp: Language, name: str, model: TriggerModel | None = None) -> None:
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.cw_events = self.events(doc, self.model or trigger_model())
        return doc

    def events(self, doc: Doc, model: TriggerModel) -> list[EventRec]:
        index: EntityIndex = doc._.cw_entities
        claims: list[ClaimRec] = doc._.cw_claims or []
        lex = event_lexicon()
        events: list[EventRec] = []
        placed: set[tuple[str, str, str | None]] = set()
        by_sent: dict[int, list[Mention]] = {}
        for m in detect(doc, model):
            by_sent.setdefault(m.sent.start, []).append(m)
        for mentions in by_sent.values():
            sent = mentions[0].sent
            best: dict[str, Mention] = {}
            for m in mentions:  # one event of a kind per sentence: its most certain mention
                if m.type not in best or m.prob > best[m.type].prob:
                    best[m.type] = m
            for m in sorted(best.values(), key=lambda m: m.token.i):
                event = EventComponent._event(doc, index, sent, m.token, m.type, claims, lex)
                if event.location_key is not None:
                    # the same kind of event at the same place is one event reported again
                    if (m.type, event.location_key, event.date_text) in placed:
                        continue
                    placed.add((m.type, event.location_key, event.date_text))
                elif events and events[-1].type == m.type and sent.start_char - events[-1].end < 400:
                    continue  # "Taliban forces killed two ISIS members" right after "a raid in Kabul"
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

    @staticmethod
    def _event(
        doc: Doc, index: EntityIndex, sent: Span, t: Token, etype: str, claims: list[ClaimRec], lex: EventLexicon
    ) -> EventRec:
        span = report_span(reporting_head(t), sent)
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
