"""Russian events: a trigger lemma (verb or noun) typed by the lexicon, one event per happening.

A noun trigger that is the object of a verb trigger ('угрожают терактами', 'отверг обвинения')
belongs to the verb's event. A later report of the same type at the same place, or with no place
of its own, is the same event told again ('Взрыв произошёл вечером ...') and is not repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimwatch.nlp.ru.analysis import Analysis, Tok
from claimwatch.nlp.ru.dates import find_date
from claimwatch.nlp.ru.entities import EntityIndex
from claimwatch.nlp.ru.lexicon import lexicon


@dataclass
class RuEvent:
    type: str
    plover: str
    text: str
    start: int
    end: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


def _children(an: Analysis) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for t in an.toks:
        if t.head >= 0:
            out.setdefault(t.head, []).append(t.i)
    return out


def _near(children: dict[int, list[int]], i: int, depth: int = 2) -> list[int]:
    out, layer = [], [i]
    for _ in range(depth):
        layer = [c for k in layer for c in children.get(k, [])]
        out.extend(layer)
    return out


def _trigger(t: Tok, triggers: dict[str, str]) -> str | None:
    if t.lemma not in triggers or t.pos not in ("VERB", "NOUN", "ADJ"):
        return None
    if t.pos == "VERB" and t.feats.get("VerbForm") == "Part" and t.rel in ("nsubj", "obj", "nmod", "amod"):
        return None  # 'нападавший', 'похитившие': the agent, not the act
    if t.pos == "ADJ" and t.lemma != "контртеррористический":
        return None
    if t.lemma == "осудить" and t.feats.get("Variant") != "Short" and t.feats.get("Voice") != "Pass":
        return None  # 'МИД осудил теракт' condemns; 'были осуждены' convicts
    return triggers[t.lemma]


def find_events(an: Analysis, index: EntityIndex, skip: list[tuple[int, int]], published: str | None) -> list[RuEvent]:
    """The events of the text, the headline and captions left out (they are reported again below)."""
    triggers = {k: v for k, v in lexicon()["event_triggers"].items() if k != "_note"}
    plover = lexicon()["plover"]
    children = _children(an)
    plot = frozenset(lexicon().get("plot_words", []))
    first_line = an.text.find("\n")
    out: list[RuEvent] = []
    for n, (a, b) in enumerate(an.sents):
        s0, s1 = an.sent_text(n)
        if (first_line > 0 and s0 < first_line) or any(x <= s0 < y for x, y in skip):
            continue
        found: list[tuple[Tok, str]] = []
        for t in an.toks[a:b]:
            kind = _trigger(t, triggers)
            if kind is None or (t.i > 0 and an.toks[t.i - 1].text.lower() == "не"):
                continue
            if t.pos == "NOUN" and any(f.pos == "VERB" and t.i in _near(children, f.i, 1) for f, _ in found):
                continue
            if kind == "attack" and _planned(an, t, plot):
                continue  # 'подозреваемых в подготовке теракта': a plot, not an attack
            found.append((t, kind))
        for t, kind in list(found):  # a noun whose verb trigger comes after it
            if t.pos == "NOUN" and any(v.pos == "VERB" and v.i == t.head and v is not t for v, _ in found):
                found.remove((t, kind))
        seen: set[str] = set()
        for t, kind in found:
            if kind in seen:
                continue
            seen.add(kind)
            location = place = None
            for k in _near(children, t.i, 2):
                ent = index.at(an.toks[k].start, an.toks[k].end)
                if ent is not None and ent.type == "location" and location is None:
                    location, place = ent.name, ent
            subj = [c for c in children.get(t.i, []) if an.toks[c].rel in ("nsubj",)]
            objs = [c for c in children.get(t.i, []) if an.toks[c].rel in ("obj", "nsubj:pass")]
            actors = _names(an, index, subj)
            targets = _names(an, index, objs)
            prior = next((e for e in out if e.type == kind and _same_place(e, location, place, index)), None)
            if prior is not None:
                prior.location = prior.location or location
                continue
            # 'в Москве произошло нападение': the place of the sentence when the trigger has none
            shown = location or next((e.name for _x, _y, e in index.in_range(s0, s1) if e.type == "location"), None)
            date = find_date(an.text[s0:s1], published)
            out.append(
                RuEvent(
                    type=kind,
                    plover=plover.get(kind, "OTHER"),
                    text=re.sub(r"\s+", " ", an.text[s0:s1]).strip(),
                    start=s0,
                    end=s1,
                    actors=actors,
                    targets=targets,
                    location=shown,
                    date=date,
                )
            )
    return out


def _planned(an: Analysis, t: Tok, plot: frozenset[str]) -> bool:
    """An attack noun under a word of planning or suspicion (two heads up)."""
    k, steps = t.head, 0
    while k >= 0 and steps < 2:
        if an.toks[k].lemma in plot:
            return True
        k, steps = an.toks[k].head, steps + 1
    return False


def _same_place(prior: RuEvent, location: str | None, place: object, index: EntityIndex) -> bool:
    """No place of its own, the same place, or the country the earlier place lies in."""
    if location is None or prior.location in (None, location):
        return True
    country = getattr(place, "country", None)
    is_country = place is not None and getattr(place, "key", "").removeprefix("place:") == country
    before = next((e for e in index.entities.values() if e.name == prior.location), None)
    return bool(is_country and before is not None and before.country == country)


def _names(an: Analysis, index: EntityIndex, heads: list[int]) -> list[str]:
    out: list[str] = []
    for h in heads:
        ent = index.at(an.toks[h].start, an.toks[h].end)
        if ent is not None and ent.type != "location" and ent.name not in out:
            out.append(ent.name)
    return out
