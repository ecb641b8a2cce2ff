"""Russian entities: inflected mentions grouped under the nominative canonical name, alias-table
ids shared with the English tables, Cyrillic places geocoded (sentences written for the tests)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("natasha")

from claimwatch.models import Document  # noqa: E402
from claimwatch.nlp.languages import analyse  # noqa: E402
from claimwatch.nlp.ru.places import resolve  # noqa: E402


def run(text: str) -> Document:
    return analyse(text, language="ru", ident="t", source=None, title=None, published=None)


def test_inflected_person_mentions_are_one_nominative_entity() -> None:
    doc = run(
        "Министр Сергей Лавров прибыл в Анкару. Лаврова встретили в аэропорту. С Лавровым беседовал посол Турции."
    )
    people = [e for e in doc.entities if e.type == "person"]
    assert [e.name for e in people] == ["Сергей Лавров"]
    assert len(people[0].mentions) == 3


def test_two_people_of_one_surname_stay_apart() -> None:
    doc = run("Иван Петров и его жена Анна Петрова дали показания. Ивана Петрова допросили дважды.")
    assert sorted(e.name for e in doc.entities if e.type == "person") == ["Анна Петрова", "Иван Петров"]


def test_alias_table_ids_link_to_the_english_entities() -> None:
    doc = run(
        "Сотрудники ФСБ задержали сторонника ИГИЛ. Ранее ФБР предупреждало о деятельности Исламского государства."
    )
    ids = {e.id: e for e in doc.entities}
    assert ids["fsb"].name == "Федеральная служба безопасности"
    assert "Federal Security Service" in ids["fsb"].aliases
    assert ids["islamic-state"].type == "armed_group"
    assert {"ИГИЛ", "Исламского государства"} <= set(ids["islamic-state"].aliases)
    assert ids["fbi"].country == "US"


def test_qualified_institution_is_named_with_its_country() -> None:
    doc = run("МИД Италии подтвердил похищение. Позже МИД РФ сообщил подробности.")
    names = {e.name for e in doc.entities if e.type == "organization"}
    assert {"Министерство иностранных дел Италии", "Министерство иностранных дел России"} <= names


@pytest.mark.parametrize(
    ("name", "country"),
    [("Москва", "RU"), ("Кабул", "AF"), ("Сирия", "SY"), ("Российская Федерация", "RU"), ("Нангархар", "AF")],
)
def test_cyrillic_place_names_geocode(name: str, country: str) -> None:
    place = resolve(name)
    assert place is not None and place.country == country and place.lat is not None


def test_parenthesised_original_name_is_an_alias() -> None:
    doc = run("Прокурор Франсуа Мулен (François Molins) сообщил подробности нападения.")
    person = next(e for e in doc.entities if e.type == "person")
    assert person.name == "Франсуа Мулен" and "François Molins" in person.aliases


def test_english_runs_do_not_load_the_russian_models() -> None:
    code = (
        "import sys, claimwatch; claimwatch.extract('Police arrested 12 suspects in Kabul, officials said.'); "
        "print('natasha' in sys.modules, 'claimwatch.nlp.ru' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
