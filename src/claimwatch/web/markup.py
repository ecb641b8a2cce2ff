"""The article text as HTML, with quotes, figures, entities and events highlighted.

The text is untrusted: every character of it, and every attribute value, goes through
:func:`markupsafe.escape`; the only tags in the output are the ones built here. Spans may nest
(an entity inside a figure inside a quote) or cross; a span crossed by a closing one is closed
and reopened, so the HTML is always well formed. Links are only put on entity mentions (which
never nest), so there is never an ``<a>`` inside an ``<a>``; a quote, figure or event gets a
small trailing tag linking to its speaker, timeline or map.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from claimwatch.models import Document
from claimwatch.web.links import claims_url, entity_url, map_url, timeline_url

# when two spans cover the same text, the lower rank is the outer one
RANK = {"target": 0, "quote": 1, "event": 2, "claim": 3, "entity": 4}


@dataclass(frozen=True)
class Span:
    """A highlighted range: how it opens (the first time and when reopened), closes, and its tail."""

    start: int
    end: int
    kind: str
    open: Markup
    reopen: Markup
    close: Markup
    tail: Markup = Markup("")


def _attrs(**attrs: object) -> Markup:
    parts = [f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items() if v is not None]
    return Markup("".join(parts))


NO_TAIL = Markup("")


def span(start: int, end: int, kind: str, tag: str, tail: Markup = NO_TAIL, **attrs: object) -> Span:
    """A span whose element is ``tag`` with ``attrs`` (an ``id`` is only put on the first opening)."""
    ident = attrs.pop("id", None)
    return Span(
        start,
        end,
        kind,
        Markup(f"<{tag}{_attrs(id=ident, **attrs)}>"),
        Markup(f"<{tag}{_attrs(**attrs)}>"),
        Markup(f"</{tag}>"),
        tail,
    )


def render(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with ``spans`` as well-formed (possibly split) elements."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    spans.sort(key=lambda s: (s.start, -s.end, RANK.get(s.kind, 9)))
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    prev = 0
    for pos in cuts:
        out.append(str(escape(text[prev:pos])))
        prev = pos
        if any(s.end == pos for s in stack):
            keep = [s for s in stack if s.end != pos]
            lowest = min(i for i, s in enumerate(stack) if s.end == pos)
            inside_link = any(s.kind == "entity" for s in stack[:lowest])
            for s in reversed(stack[lowest:]):
                out.append(str(s.close))
                if s.end == pos and not inside_link:
                    out.append(str(s.tail))
            stack = keep[:lowest]
            for s in keep[lowest:]:
                out.append(str(s.reopen))
                stack.append(s)
        for s in starting.get(pos, []):
            out.append(str(s.open))
            stack.append(s)
    for s in reversed(stack):
        out.append(str(s.close))
    return Markup("".join(out))


def _number(x: float | None) -> str:
    if x is None:
        return "…"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def interval(low: float | None, high: float | None, qualifier: str) -> str:
    """A figure's interval for people: ``2,000–3,000``, ``> 15,000``, ``~30``, ``vague``."""
    if qualifier == "vague" or (low is None and high is None):
        return "vague"
    if qualifier in ("more_than", "at_least") or (high is None and low is not None):
        return (">" if qualifier == "more_than" else "≥") + " " + _number(low)
    if qualifier in ("less_than", "at_most") or low is None:
        return ("<" if qualifier == "less_than" else "≤") + " " + _number(high)
    if low == high:
        return ("~" if qualifier == "approx" else "") + _number(low)
    return f"{_number(low)}–{_number(high)}"


def _tag(href: str, label: str, kind: str) -> Markup:
    return Markup(f'<a class="tag tag-{escape(kind)}" href="{escape(href)}">{escape(label)}</a>')


def document_spans(doc: Document, target: tuple[int, int] | None = None) -> list[Span]:
    """The highlights of a document: entity mentions, quotes, figures, events, and a target."""
    spans: list[Span] = []
    if target:
        spans.append(span(target[0], target[1], "target", "mark", id="target", class_="target"))
    taken: list[tuple[int, int]] = []
    for ent in doc.entities:
        for start, end in sorted(ent.mentions):
            if any(start < e and s < end for s, e in taken):
                continue  # a mention inside another one would put a link inside a link
            taken.append((start, end))
            spans.append(
                span(
                    start, end, "entity", "a",
                    class_=f"hl hl-entity hl-{ent.type}", href=entity_url(ent.name),
                    data_entity=ent.id, title=f"{ent.type.replace('_', ' ')}: {ent.name}",
                )
            )  # fmt: skip
    for i, q in enumerate(doc.quotes):
        tail = _tag(entity_url(q.speaker), q.speaker, "quote") if q.speaker else Markup("")
        title = f"{q.kind} quote" + (f" by {q.speaker}" if q.speaker else " (speaker unknown)")
        spans.append(
            span(q.start, q.end, "quote", "span", tail, id=f"q{i}", class_=f"hl hl-quote hl-{q.kind}", title=title)
        )
    for i, c in enumerate(doc.claims):
        figure = interval(c.low, c.high, c.qualifier)
        href = timeline_url(c.subject, c.counted) if c.subject else claims_url(counted=c.counted)
        label = figure + (f" {c.counted}" if c.counted else "")
        title = "; ".join(x for x in (label, c.subject and f"about {c.subject}", c.speaker and f"per {c.speaker}") if x)
        spans.append(
            span(
                c.start,
                c.end,
                "claim",
                "span",
                _tag(href, "↗ " + figure, "claim"),
                id=f"c{i}",
                class_="hl hl-claim",
                title=title,
            )
        )
    for i, ev in enumerate(doc.events):
        href = map_url(type=ev.type)
        title = ev.type.replace("_", " ") + (f" in {ev.location}" if ev.location else "")
        tail = _tag(href, ev.type.replace("_", " "), "event")
        spans.append(
            span(
                ev.start, ev.end, "event", "span", tail, id=f"e{i}", class_=f"hl hl-event hl-ev-{ev.type}", title=title
            )
        )
    return spans


def article(doc: Document, target: tuple[int, int] | None = None) -> Markup:
    """The article text as safe HTML with every extracted item highlighted."""
    return render(doc.text, document_spans(doc, target))
