"""Tests for claimwatch.nlp.lexicon: the curated gazetteers, their validation and alias lookup."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest

from claimwatch.errors import ConfigError
from claimwatch.nlp import lexicon


def _raw(filename: str) -> Any:
    text = resources.files("claimwatch").joinpath("resources", filename).read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    lexicon.clear_caches()
    yield
    lexicon.clear_caches()


@pytest.fixture
def patch_resource(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, Any], None]:
    """Replace one resource file's content with a given (bad) document."""

    def apply(filename: str, data: Any) -> None:
        real = lexicon._read_resource

        def fake(name: str) -> Any:
            return copy.deepcopy(data) if name == filename else real(name)

        monkeypatch.setattr(lexicon, "_read_resource", fake)

    return apply


# --- the shipped data ------------------------------------------------------------------------------


def test_counts() -> None:
    entities = lexicon.known_entities()
    assert sum(e.type == "armed_group" for e in entities) >= 130
    assert sum(e.type == "organization" for e in entities) >= 120
    assert len({e.id for e in entities}) == len(entities)


@pytest.mark.parametrize("filename", [lexicon.ARMED_GROUPS_FILE, lexicon.ORGANIZATIONS_FILE, lexicon.TITLES_FILE])
def test_every_file_and_entry_names_its_source(filename: str) -> None:
    data = _raw(filename)
    assert data["_note"].strip()
    for entry in data.get("groups", []):
        assert "[src:" in entry["note"], entry["id"]


def test_parents_resolve() -> None:
    for entity in lexicon.known_entities():
        if entity.parent is not None:
            assert lexicon.entity_by_id(entity.parent) is not None
    assert lexicon.entity_by_id("iskp").parent == "islamic-state"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("Da\u2019esh", "islamic-state"),
        ("the Islamic State group", "islamic-state"),
        ("Islamic State of Iraq and the Levant", "islamic-state"),
        ("IS", "islamic-state"),
        ("ISIS\u2019s", "islamic-state"),
        ("ISKP", "iskp"),
        ("IS-K", "iskp"),
        ("ISIS-K", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("ISWAP", "iswap"),
        ("ISGS", "is-sahel"),
        ("Wilayat Sinai", "is-sinai"),
        ("ISIS-DRC", "iscap"),
        ("al Qaida", "al-qaeda"),
        ("al-Qaeda", "al-qaeda"),
        ("AQAP", "aqap"),
        ("al-Shabab", "al-shabaab"),
        ("Harakat al-Shabaab al-Mujahideen", "al-shabaab"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("Jama\u2019at Nusrat al\u2011Islam wal\u2011Muslimin", "jnim"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "jnim"),
        ("Group for the Support of Islam and Muslims", "jnim"),
        ("Hayat Tahrir al-Sham", "hts"),
        ("al-Nusra Front", "jabhat-al-nusra"),
        ("the Taliban", "taliban"),
        ("Islamic Emirate of Afghanistan", "taliban"),
        ("Haqqani network", "haqqani-network"),
        ("Hizballah", "hezbollah"),
        ("Ezzedine al-Qassam Brigades", "qassam-brigades"),
        ("Ansar Allah", "houthis"),
        ("Houthi rebels", "houthis"),
        ("Kurdistan Workers\u2019 Party", "pkk"),
        ("Hashd al-Shaabi", "pmf"),
        ("Kata'ib Hezbollah", "kataib-hezbollah"),
        ("RSF", "rsf"),
        ("Rapid Support Forces", "rsf"),
        ("March 23 Movement", "m23"),
        ("ADF", "adf"),  # ambiguous, declared default
        ("LeT", "lashkar-e-taiba"),
        ("JeM", "jaish-e-mohammed"),
        ("JEM", "jem-sudan"),
        ("Federal Security Service of Russia", "fsb"),
        ("Collective Security Treaty Organisation", "csto"),
        ("U.N. Assistance Mission in Afghanistan", "unama"),
        ("U.N.", "un"),
        ("Israeli army", "idf"),
        ("Doctors Without Borders", "msf"),
        ("M\u00e9decins Sans Fronti\u00e8res", "msf"),
        ("Agence France-Presse", "afp"),
    ],
)
def test_lookup_variants(surface: str, expected: str) -> None:
    found = lexicon.lookup(surface)
    assert found is not None, surface
    assert found.id == expected


@pytest.mark.parametrize(
    "surface", ["is", "Is", "aq", "let", "who", "ap", "un", "dawn", "the", "", "  ", "Nowhere Brigade"]
)
def test_case_sensitive_and_unknown_surfaces_do_not_match(surface: str) -> None:
    assert lexicon.lookup(surface) is None


def test_ambiguous_alias_without_default_returns_none() -> None:
    assert lexicon.lookup("SNA") is None
    assert lexicon.lookup("Ansar al-Sharia") is None
    assert lexicon.lookup("Syrian National Army").id == "syrian-national-army"  # type: ignore[union-attr]


def test_case_sensitive_aliases_are_separate() -> None:
    isis = lexicon.entity_by_id("islamic-state")
    assert isis is not None
    assert "IS" in isis.case_sensitive_aliases
    assert "IS" not in isis.aliases


def test_news_agencies() -> None:
    agencies = lexicon.news_agencies()
    assert {"reuters", "tass", "afp", "ap", "xinhua", "pajhwok", "interfax"} <= agencies
    assert "un" not in agencies and "islamic-state" not in agencies


def test_titles() -> None:
    t = lexicon.titles()
    assert {"Gen.", "Maj. Gen.", "Mullah", "Sheikh", "Dr"} <= t.honorifics
    assert {"spokesman", "defence minister", "governor"} <= t.offices
    assert {"the spokesman", "the ministry", "the statement"} <= t.role_nouns
    assert {"defence", "spokesperson", "minister", "president"} <= t.never_in_names


def test_fold() -> None:
    assert lexicon.fold("the Islamic\u00a0State group\u2019s") == "Islamic State group"
    assert lexicon.fold("Jama\u2019at al\u2011Islam") == "Jama'at al Islam"
    assert lexicon.fold("U.N.") == "UN"


# --- validation ---------------------------------------------------------------------------------------


def _armed() -> dict[str, Any]:
    data: dict[str, Any] = _raw(lexicon.ARMED_GROUPS_FILE)
    return data


def _bad_missing_note(d: dict[str, Any]) -> None:
    del d["groups"][0]["note"]


def _bad_duplicate_id(d: dict[str, Any]) -> None:
    d["groups"].append(copy.deepcopy(d["groups"][0]))


def _bad_alias_clash(d: dict[str, Any]) -> None:
    d["groups"][1]["aliases"].append("ISIL")


def _bad_country(d: dict[str, Any]) -> None:
    d["groups"][0]["country"] = "Afghanistan"


def _bad_parent(d: dict[str, Any]) -> None:
    d["groups"][1]["parent"] = "no-such-group"


def _bad_type(d: dict[str, Any]) -> None:
    d["groups"][0]["type"] = "organization"


def _bad_aliases_type(d: dict[str, Any]) -> None:
    d["groups"][0]["aliases"] = "ISIS"


def _bad_unknown_key(d: dict[str, Any]) -> None:
    d["groups"][0]["alias"] = ["typo"]


def _bad_stale_ambiguity(d: dict[str, Any]) -> None:
    d["ambiguous"].append({"alias": "ISIS", "ids": ["islamic-state", "iskp"], "default": None})


def _bad_no_source_note(d: dict[str, Any]) -> None:
    d["_note"] = ""


def _bad_case_sensitive_also_folded(d: dict[str, Any]) -> None:
    d["groups"][0]["aliases"].append("is")


@pytest.mark.parametrize(
    "mutate",
    [
        _bad_missing_note,
        _bad_duplicate_id,
        _bad_alias_clash,
        _bad_country,
        _bad_parent,
        _bad_type,
        _bad_aliases_type,
        _bad_unknown_key,
        _bad_stale_ambiguity,
        _bad_no_source_note,
        _bad_case_sensitive_also_folded,
    ],
)
def test_validation_rejects_bad_gazetteer(
    patch_resource: Callable[[str, Any], None], mutate: Callable[[dict[str, Any]], None]
) -> None:
    data = _armed()
    mutate(data)
    patch_resource(lexicon.ARMED_GROUPS_FILE, data)
    with pytest.raises(ConfigError) as info:
        lexicon.known_entities()
    assert lexicon.ARMED_GROUPS_FILE in str(info.value)


@pytest.mark.parametrize("bad", [[], {"groups": []}, {"_note": "x", "groups": "nope"}])
def test_validation_rejects_bad_shape(patch_resource: Callable[[str, Any], None], bad: Any) -> None:
    patch_resource(lexicon.ORGANIZATIONS_FILE, bad)
    with pytest.raises(ConfigError, match=lexicon.ORGANIZATIONS_FILE):
        lexicon.lookup("Reuters")


def test_declared_ambiguity_is_accepted(patch_resource: Callable[[str, Any], None]) -> None:
    data = _armed()
    data["groups"][1]["aliases"].append("ISIL")  # iskp now also claims ISIL ...
    data["ambiguous"].append({"alias": "ISIL", "ids": ["islamic-state", "iskp"], "default": "islamic-state"})
    patch_resource(lexicon.ARMED_GROUPS_FILE, data)
    assert lexicon.lookup("ISIL").id == "islamic-state"  # type: ignore[union-attr]


def test_titles_validation(patch_resource: Callable[[str, Any], None]) -> None:
    data = _raw(lexicon.TITLES_FILE)
    data["offices"].append("Spokesman")  # duplicate once case-folded
    patch_resource(lexicon.TITLES_FILE, data)
    with pytest.raises(ConfigError, match=lexicon.TITLES_FILE):
        lexicon.titles()


def test_invalid_json_names_file(monkeypatch: pytest.MonkeyPatch) -> None:
    class _Broken:
        def joinpath(self, *parts: str) -> _Broken:
            return self

        def read_text(self, encoding: str = "utf-8") -> str:
            return "{not json"

    monkeypatch.setattr(lexicon.resources, "files", lambda package: _Broken())
    with pytest.raises(ConfigError, match=lexicon.TITLES_FILE):
        lexicon.titles()
