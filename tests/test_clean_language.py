"""Tests for claimwatch.clean.language. Sentences are invented (illustrative)."""

from __future__ import annotations

import pytest

from claimwatch.clean.language import detect_language, load_stopwords, stopwords_from_dict
from claimwatch.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The army said on Monday that the attack was repelled and that there were no casualties in the town.", "en"),
        (
            "L'armée a déclaré lundi que l'attaque avait été repoussée et qu'il n'y avait pas de victimes dans la ville.",
            "fr",
        ),
        ("Die Armee sagte am Montag, dass der Angriff abgewehrt wurde und es in der Stadt keine Opfer gab.", "de"),
        (
            "El ejército dijo el lunes que el ataque fue repelido y que no hubo víctimas en la ciudad según los medios.",
            "es",
        ),
        (
            "L'esercito ha detto lunedì che l'attacco è stato respinto e che non ci sono state vittime nella città.",
            "it",
        ),
        (
            "O exército disse na segunda-feira que o ataque foi repelido e que não houve vítimas na cidade, segundo a imprensa.",
            "pt",
        ),
        (
            "Het leger zei maandag dat de aanval werd afgeslagen en dat er geen slachtoffers in de stad waren gevallen.",
            "nl",
        ),
        (
            "Армия заявила в понедельник, что атака была отбита и что в городе не было жертв, по данным из источников.",
            "ru",
        ),
        ("وقال الجيش يوم الاثنين إن الهجوم تم صده وإنه لم تقع إصابات في المدينة حسب ما ذكرت مصادر في المنطقة.", "ar"),
        (
            "Ordu pazartesi günü yaptığı açıklamada saldırının püskürtüldüğünü ve şehirde kayıp olmadığını söyledi, ancak bu bir ilk değil.",
            "tr",
        ),
        ("ارتش روز دوشنبه گفت که این حمله دفع شد و در شهر هیچ تلفاتی نبود و این موضوع را نیز تایید کرد.", "fa"),
    ],
)
def test_detects_major_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "Ceasefire", "12 34 56", "Kabul Herat Kandahar"])
def test_short_or_wordless_text_defaults_to_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_stopword_table_is_valid() -> None:
    table = load_stopwords()
    assert len(table) >= 12
    assert all(len(words) >= 40 for words in table.values())


def test_stopword_table_validation() -> None:
    with pytest.raises(ConfigError):
        stopwords_from_dict({"en": ["the"] * 20})  # no _note
    with pytest.raises(ConfigError):
        stopwords_from_dict({"_note": "x", "english": ["the"] * 20})
    with pytest.raises(ConfigError):
        stopwords_from_dict({"_note": "x", "fr": ["le"] * 20})  # no default language
