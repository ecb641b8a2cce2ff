"""Entities: one per real-world thing, aliases, roles, places with countries (issue 5)."""

from __future__ import annotations

import pytest

from claimwatch import extract
from claimwatch.models import Document, Entity

pytestmark = pytest.mark.usefixtures("nlp")


def entity(doc: Document, name: str) -> Entity:
    found = [e for e in doc.entities if e.name == name or name in e.aliases]
    assert len(found) == 1, (name, [(e.name, e.aliases) for e in doc.entities])
    return found[0]


def test_surname_folds_into_full_name() -> None:
    doc = extract("Interior Minister Selim Arda visited the border. Arda said the crossing would reopen.")
    e = entity(doc, "Selim Arda")
    assert "Arda" in e.aliases and e.type == "person"
    assert len(e.mentions) == 2


def test_armed_group_aliases_are_one_entity() -> None:
    doc = extract(
        "The Islamic State claimed the attack. ISIS fighters had entered the town, and Daesh "
        "propaganda channels published photos. Officials said IS was regrouping."
    )
    e = entity(doc, "Islamic State")
    assert e.type == "armed_group" and e.id == "islamic-state"
    assert {"ISIS", "Daesh", "IS"} <= set(e.aliases)


def test_acronym_defined_in_text() -> None:
    doc = extract("The Commonwealth of Independent States (CIS) met in Minsk. CIS officials agreed a plan.")
    e = entity(doc, "Commonwealth of Independent States")
    assert "CIS" in e.aliases


def test_role_from_apposition_and_title() -> None:
    doc = extract("Viktor Lenski, head of the national guard, spoke first. Defence Minister Anna Berg spoke next.")
    assert entity(doc, "Viktor Lenski").role == "head of the national guard"
    berg = entity(doc, "Anna Berg")
    assert berg.role and "Minister" in berg.role
    assert not any(e.name.startswith(("Defence", "Minister")) for e in doc.entities)


def test_no_junk_from_title_case_headline() -> None:
    doc = extract("Army Warns Of Rising Threat, Citing Regional Security Risks\n\nThe army said attacks rose in May.")
    assert not any("Citing" in e.name for e in doc.entities)


@pytest.mark.parametrize(("surface", "country"), [("Nangarhār", "AF"), ("Nangarhar province", "AF"), ("Kabul", "AF")])
def test_geocoding_diacritics_and_suffixes(surface: str, country: str) -> None:
    doc = extract(f"Fighting was reported in {surface}, officials in Afghanistan said.")
    e = entity(doc, surface)
    assert e.type == "location" and e.country == country
    assert e.lat is not None and e.lon is not None


def test_regional_phrase_resolves_to_country() -> None:
    doc = extract("More fighters have gathered in northern Afghanistan.")
    e = entity(doc, "Afghanistan")
    assert e.country == "AF" and e.direction == "north"
    assert "northern Afghanistan" in e.aliases


def test_country_named_forces() -> None:
    doc = extract("Pakistan's army said it killed ten militants. The army said two soldiers died.")
    e = next(e for e in doc.entities if e.type == "organization")
    assert e.country == "PK" and len(e.mentions) == 2


def test_a_name_before_an_area_noun_is_a_place() -> None:
    """NER tags nothing in "the Tall Hamid area"; the area noun says it is a place."""
    doc = extract("Gunmen attacked a checkpoint in the Tall Hamid area on Sunday, police said.")
    place = entity(doc, "Tall Hamid")
    assert place.type == "location"
    assert doc.text[place.mentions[0][0] : place.mentions[0][1]] == "Tall Hamid"
    quiet = extract("Officials in the district said the area was calm.")
    assert not [e for e in quiet.entities if e.type == "location"]
