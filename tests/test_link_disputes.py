"""Denials linked to the claims they answer (claimwatch.link.disputes)."""

from __future__ import annotations

from claimwatch.link.disputes import find_denials, is_denial_cue
from claimwatch.models import Claim, Document, Quote
from tests.test_store_fixtures import dialogue_doc, span, warning_doc


def test_a_denial_event_answers_the_claims_before_it() -> None:
    doc = warning_doc()
    (denial,) = find_denials(doc)
    assert denial.by == "Taliban" and denial.event_index == 0
    assert [doc.claims[i].text for i in denial.claims] == ["more than 15,000 fighters", "over 20 groups"]


def test_a_denying_quote_answers_claims_inside_its_own_sentence() -> None:
    text = "The ministry denied that 300 fighters had crossed the border, a report said."
    s, e = span(text, "300 fighters")
    qs, qe = span(text, "300 fighters had crossed the border")
    doc = Document(
        id="d",
        text=text,
        quotes=[Quote(speaker="ministry", text=text[qs:qe], kind="indirect", cue="denied", start=qs, end=qe)],
        claims=[Claim(text="300 fighters", low=300, high=300, qualifier="exact", counted="fighters", start=s, end=e)],
    )
    (denial,) = find_denials(doc)
    assert denial.quote_index == 0 and denial.claims == (0,)


def test_no_denial_no_link() -> None:
    assert find_denials(dialogue_doc()) == []
    assert is_denial_cue("rejected") and is_denial_cue("denied that") and not is_denial_cue("said")
    assert not is_denial_cue(None)
