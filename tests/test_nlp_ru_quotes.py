"""Russian quotes, reported speech, speakers in any case and relays (sentences written for the tests)."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from claimwatch.models import Document  # noqa: E402
from claimwatch.nlp.languages import analyse  # noqa: E402


def run(text: str) -> Document:
    return analyse(text, language="ru", ident="t", source=None, title=None, published=None)


def test_direct_quote_after_dash_names_the_speaker_and_its_figure() -> None:
    doc = run("«Мы уничтожили более 40 боевиков в горах», — заявил представитель армии Иван Петров.")
    q = next(q for q in doc.quotes if q.kind == "direct")
    assert q.speaker == "Иван Петров"
    assert "уничтожили более 40 боевиков" in q.text
    c = next(c for c in doc.claims if c.low == 40)
    assert (c.qualifier, c.speaker) == ("more_than", "Иван Петров")


def test_speaker_in_genitive_resolves_to_the_nominative_entity() -> None:
    doc = run(
        "Директор ФСБ Александр Бортников выступил на совещании в Москве.\n\n"
        "По словам Бортникова, в регионе действуют около 500 боевиков."
    )
    q = next(q for q in doc.quotes if q.cue and q.cue.lower().startswith("по словам"))
    assert q.speaker == "Александр Бортников"
    c = next(c for c in doc.claims if c.low == 500)
    assert (c.qualifier, c.speaker) == ("approx", "Александр Бортников")


def test_reported_speech_after_a_trailing_cue() -> None:
    doc = run("Ночью в районе границы были задержаны трое вооружённых людей, сообщила пресс-служба ФСБ.")
    q = doc.quotes[0]
    assert q.kind == "indirect"
    assert q.speaker == "Федеральная служба безопасности"
    assert q.text.startswith("Ночью в районе границы")


def test_relay_gives_the_source_as_speaker_and_the_outlet_as_via() -> None:
    doc = run("В Сирии задержаны 12 боевиков ИГИЛ, сообщает ТАСС со ссылкой на Федеральную службу безопасности.")
    q = doc.quotes[0]
    assert q.speaker == "Федеральная служба безопасности"
    assert q.via == "ТАСС"
    c = next(c for c in doc.claims if c.low == 12)
    assert c.speaker == "Федеральная служба безопасности"


def test_pronoun_speaker_takes_the_previous_speaker() -> None:
    doc = run(
        "Министр обороны Сергей Иванов заявил, что армия готова к учениям. "
        "Он также сообщил, что в учениях примут участие около 3 тыс. военных."
    )
    assert [q.speaker for q in doc.quotes] == ["Сергей Иванов", "Сергей Иванов"]
    c = next(c for c in doc.claims if c.low == 3000)
    assert c.speaker == "Сергей Иванов"


def test_quoted_name_is_not_a_quote() -> None:
    doc = run("Об этом сообщила газета «Ведомости», сославшись на свои источники.")
    assert all(q.text != "Ведомости" for q in doc.quotes)
