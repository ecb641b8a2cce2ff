"""Attribution on sentences written for these tests, one per error class of issue 15.

Role nouns, a speaker two sentences back, a paragraph that continues a speaker, the spokesperson
of an agency, relays, scare quotes and titles, victims versus attackers, and the claim's place.
"""

from __future__ import annotations

import time

import pytest

from claimwatch import extract
from claimwatch.nlp.attribution.ranker import speaker_ranker, statement_detector
from claimwatch.nlp.attribution.resolver import person_of_acronym
from claimwatch.nlp.records import EntityRec

pytestmark = pytest.mark.usefixtures("nlp")


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract(text).quotes]


def test_role_noun_resolves_to_the_named_holder() -> None:
    text = (
        "Army spokesman Daud Karimi briefed journalists in the capital on Monday.\n"
        "Later, the spokesman said the operation in the hills would continue for several more days."
    )
    assert speakers(text)[-1] == "Daud Karimi"


def test_acronym_of_a_role_is_the_person() -> None:
    text = (
        "The police superintendent, Rajiv Menon, visited the village on Monday. "
        '"We have recovered nine bodies from the river," the SP said.'
    )
    assert speakers(text) == ["Rajiv Menon"]


def test_person_of_acronym_needs_matching_initials() -> None:
    class Index:
        entities = {
            "org:sp": EntityRec("org:sp", "SP", "organization"),
            "person:x": EntityRec("person:x", "Rajiv Menon", "person", role="police superintendent"),
            "org:un": EntityRec("org:un", "UN", "organization"),
        }

    assert person_of_acronym(Index(), "org:sp") == "person:x"  # type: ignore[arg-type]
    assert person_of_acronym(Index(), "org:un") is None  # type: ignore[arg-type]


def test_pronoun_speaker_two_sentences_back() -> None:
    text = (
        "Colonel Hamid Rauf, the district police chief, arrived at the scene on Tuesday. "
        "Rescue teams worked through the night.\n"
        '"We found the vehicle burned out at the edge of the road," he said.'
    )
    assert speakers(text) == ["Hamid Rauf"]


def test_quote_paragraphs_continue_the_introduced_speaker() -> None:
    text = (
        "Provincial governor Amina Sadiq spoke to reporters on Friday.\n"
        '"The roads are closed and the schools are shut."\n'
        '"We expect the curfew to last for another week."'
    )
    assert speakers(text) == ["Amina Sadiq", "Amina Sadiq"]


def test_spokesperson_of_an_agency_is_the_speaker() -> None:
    text = "A spokesman for the Interior Ministry, Omar Latif, said 12 militants were arrested in Herat."
    doc = extract(text)
    assert [q.speaker for q in doc.quotes] == ["Omar Latif"]
    assert doc.claims[0].speaker == "Omar Latif"


def test_relay_gives_the_source_as_speaker_and_the_outlet_as_via() -> None:
    doc = extract("TASS quoted Ivan Petrovsky as saying that 300 fighters had crossed the mountain border.")
    assert [(q.speaker, q.via) for q in doc.quotes] == [("Ivan Petrovsky", "TASS")]
    assert doc.claims[0].speaker == "Ivan Petrovsky"


@pytest.mark.parametrize(
    "text",
    [
        'The newspaper ran a series titled "Roads of Fire" last year.',
        'The militants run a "tax office" in the market town.',
        'Residents call the checkpoint "the gate" because nobody passes it.',
    ],
)
def test_titles_and_scare_quotes_are_not_statements(text: str) -> None:
    assert extract(text).quotes == []


def test_a_quoted_sentence_is_a_statement() -> None:
    text = '"We will not leave this valley until every family is safe," the commander, Yusuf Tahir, said.'
    assert speakers(text) == ["Yusuf Tahir"]


def test_victims_are_about_the_attacker() -> None:
    doc = extract("Insurgents from the Free Valley Front attacked a convoy in Zarin district, killing 11 soldiers.")
    claim = next(c for c in doc.claims if c.low == 11)
    assert claim.subject == "Free Valley Front"


def test_members_are_about_their_group() -> None:
    doc = extract("The army said 20 Islamic State fighters were killed in Kunar province.")
    assert doc.claims[0].subject == "Islamic State"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Rebels killed 15 villagers in Zarin district, the governor said in a statement.", "Zarin district"),
        ("The governor, speaking in Kabul, said 15 villagers were killed in Zarin district.", "Zarin district"),
        (
            "Officers reported that they recovered four bodies near the site of the market bombing.",
            "site of the market bombing",
        ),
        ("Gunmen stormed a camp near Herat on Sunday.\nTwenty people were wounded.", "Herat"),
    ],
)
def test_claim_place_is_where_the_counted_thing_is(text: str, place: str) -> None:
    claims = extract(text).claims
    assert claims[-1].location == place


def test_models_ship_and_load_quickly() -> None:
    speaker_ranker.cache_clear()
    statement_detector.cache_clear()
    t = time.perf_counter()
    ranker, detector = speaker_ranker(), statement_detector()
    assert time.perf_counter() - t < 0.2
    assert ranker is not None and detector is not None
    assert 0.0 < ranker.threshold < ranker.unnamed <= 1.0
