"""Events: types, participants, places, dates (issue 5)."""

from __future__ import annotations

import pytest

from claimwatch import extract

pytestmark = pytest.mark.usefixtures("nlp")


def types(text: str, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.type for e in extract(text, **kw).events]


def test_attack_by_armed_group_and_operation_by_forces() -> None:
    doc = extract("Al-Shabaab militants killed four soldiers in Lamu. Kenyan troops killed six militants in Garissa.")
    kinds = {e.type for e in doc.events}
    assert {"attack", "security_operation"} <= kinds
    attack = next(e for e in doc.events if e.type == "attack")
    assert any("shabaab" in a.lower() for a in attack.actors) and attack.location == "Lamu"
    assert attack.plover == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "kind", "plover"),
    [
        ("Police arrested three suspects in Izmir.", "arrest", "COERCE"),
        ("Two hundred fighters surrendered to the army.", "surrender", "CONCEDE"),
        ("The ministers held a meeting in Dushanbe.", "meeting", "CONSULT"),
        ("The Taliban denied the report.", "denial", "REJECT"),
        ("The army accused the rebels of shelling the camp in Goma.", "accusation", "ACCUSE"),
    ],
)
def test_event_types(text: str, kind: str, plover: str) -> None:
    events = extract(text).events
    assert any(e.type == kind and e.plover == plover for e in events), events


def test_relative_date_resolved_against_publication() -> None:
    doc = extract("Gunmen attacked a checkpoint in Kandahar on Monday.", published="2025-03-05")
    ev = next(e for e in doc.events if e.type == "attack")
    assert ev.date == "2025-03-03"


def test_relative_date_without_publication_is_null() -> None:
    doc = extract("Gunmen attacked a checkpoint in Kandahar on Monday.")
    ev = next(e for e in doc.events if e.type == "attack")
    assert ev.date is None


def test_repeated_mentions_are_one_event() -> None:
    doc = extract("Gunmen attacked a police post in Kandahar. The attack lasted an hour. The attack was repelled.")
    assert [e.type for e in doc.events].count("attack") == 1


def test_who_acts_types_the_violence_both_ways() -> None:
    """An armed group's "offensive" or "raid" is an attack; state forces' strikes are operations."""
    group = extract("Al-Shabaab militants launched an offensive against three villages in Lamu on Monday.").events
    forces = extract("Kenyan troops carried out two airstrikes on camps in Garissa on Monday.").events
    assert [e.type for e in group] == ["attack"], group
    assert [e.type for e in forces] == ["security_operation"], forces


def test_a_noun_event_is_reported_by_its_verb_clause() -> None:
    (event,) = extract("Security forces launched an operation against the militants in Izmir on Monday.").events
    assert event.type == "security_operation" and event.status == "occurred"
    assert event.text.startswith("Security forces launched an operation"), event.text
    said = extract("The minister said the operation in Izmir had ended.").events
    assert all(not e.text.startswith("The minister said") for e in said)


def test_no_one_killed_is_no_killing() -> None:
    doc = extract("Six soldiers were injured in the blast in Lamu, but none were killed.")
    assert [e.text for e in doc.events if "killed" in e.text] == []
