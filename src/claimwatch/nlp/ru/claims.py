"""Russian figures as claims: what is counted, what is said of it, where, and by whom."""

from __future__ import annotations

from dataclasses import dataclass

from claimwatch.nlp.ru.analysis import Analysis
from claimwatch.nlp.ru.entities import EntityIndex
from claimwatch.nlp.ru.numbers import Figure, counted_span, find_figures


@dataclass
class RuClaim:
    figure: Figure
    text: str
    counted: str | None
    predicate: str | None
    subject: str | None
    location: str | None
    start: int
    end: int
    speaker: str | None = None
    speaker_key: str | None = None
    quote_index: int | None = None


def _predicate(an: Analysis, i: int) -> str | None:
    """The verb (or participle) the figure depends on."""
    seen = set()
    k = an.toks[i].head
    while k >= 0 and k not in seen:
        seen.add(k)
        t = an.toks[k]
        if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and t.feats.get("Variant") == "Short"):
            return t.text
        k = t.head
    return None


def find_claims(an: Analysis, index: EntityIndex, skip: list[tuple[int, int]]) -> list[RuClaim]:
    """Figures outside the skipped ranges (captions), with what they count."""
    out = []
    for f in find_figures(an):
        start = an.toks[f.first].start
        if any(a <= start < b for a, b in skip):
            continue
        span = counted_span(an.toks, f.last)
        counted = None
        end = an.toks[f.last - 1].end
        if span is not None:
            a, b = span
            counted = an.text[an.toks[a].start : an.toks[b - 1].end]
            end = an.toks[b - 1].end
        s0, s1 = an.sent_text(an.toks[f.first].sent)
        location = subject = None
        for ma, _b, e in index.in_range(s0, s1):
            before = an.text[s0:ma]
            if before.count("(") > before.count(")"):
                continue  # '(ИГ, запрещена в РФ)': an aside, not where the figure holds
            if e.type == "location" and location is None:
                location = e.name
            if e.type == "armed_group" and subject is None:
                subject = e.name
        if location is None:  # the place named earlier in the same paragraph
            para_start = an.text.rfind("\n", 0, s0) + 1
            earlier = [e for ma, _b, e in index.in_range(para_start, s0) if e.type == "location"]
            location = earlier[-1].name if earlier else None
        num_tok = f.first
        while num_tok < f.last - 1 and not an.toks[num_tok].text[:1].isdigit() and an.toks[num_tok].pos != "NUM":
            num_tok += 1
        out.append(
            RuClaim(
                figure=f,
                text=an.text[start:end],
                counted=counted,
                predicate=_predicate(an, num_tok),
                subject=subject,
                location=location,
                start=start,
                end=end,
            )
        )
    return out
