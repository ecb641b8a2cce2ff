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


def _denial_doc(text: str, denial: str, figures: list[tuple[str, str, str | None, str | None]]) -> Document:
    """A document with one denial event and the figures given as (phrase, counted, predicate, speaker)."""
    from claimwatch.models import Event

    ds, de = span(text, denial)
    claims = []
    for phrase, counted, predicate, speaker in figures:
        s, e = span(text, phrase)
        claims.append(
            Claim(
                text=phrase,
                low=1,
                high=1,
                qualifier="exact",
                counted=counted,
                predicate=predicate,
                speaker=speaker,
                start=s,
                end=e,
            )  # fmt: skip
        )
    event = Event(type="denial", plover="REJECT", text=denial, actors=["Rebels"], start=ds, end=de)
    return Document(id="d", text=text, claims=claims, events=[event])


def test_a_denial_with_content_answers_the_figures_of_the_side_it_names() -> None:
    text = (
        "The governor said 40 rebels were killed and 3 soldiers wounded in the valley. "
        "A rebel spokesman denied the fighters had suffered any casualties."
    )
    doc = _denial_doc(
        text,
        "A rebel spokesman denied",
        [("40 rebels", "rebels", "killed", "governor"), ("3 soldiers", "soldiers", "wounded", "governor")],
    )
    (denial,) = find_denials(doc)
    assert [doc.claims[i].text for i in denial.claims] == ["40 rebels"]


def test_a_denial_of_something_that_is_not_a_figure_answers_none() -> None:
    text = "The army said 60 rebels were killed in air raids. The rebels denied reports of the killing of their leader."
    doc = _denial_doc(text, "The rebels denied", [("60 rebels", "rebels", "killed", "army")])
    assert find_denials(doc)[0].claims == ()
    text2 = "The army said 60 rebels were killed. The rebels denied the claim as false."
    doc2 = _denial_doc(text2, "The rebels denied", [("60 rebels", "rebels", "killed", "army")])
    assert find_denials(doc2)[0].claims == (0,)


def test_a_figure_naming_the_denier_is_not_what_is_denied() -> None:
    text = "The army said it held 12 suspects. A lawyer for two of the suspects denied any links to the group."
    doc = _denial_doc(
        text,
        "A lawyer for two of the suspects denied any links to the group",
        [("12 suspects", "suspects", "held", "army"), ("two of the suspects", "suspects", None, None)],
    )
    assert find_denials(doc)[0].claims == ()
