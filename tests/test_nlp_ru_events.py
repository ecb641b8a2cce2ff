"""Russian events, dates and page furniture (sentences written for the tests)."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from claimwatch.models import Document  # noqa: E402
from claimwatch.nlp.languages import analyse  # noqa: E402
from claimwatch.nlp.ru.dates import find_date  # noqa: E402


def run(text: str, published: str | None = None) -> Document:
    return analyse(text, language="ru", ident="t", source=None, title=None, published=published)


def test_events_are_typed_and_a_retold_event_is_not_repeated() -> None:
    doc = run(
        "Взрыв у вокзала\n\n"
        "В среду у вокзала в Самаре произошёл взрыв. Полиция задержала двух подозреваемых.\n\n"
        "Взрыв произошёл около полудня, сообщили очевидцы."
    )
    assert [(e.type, e.location) for e in doc.events] == [("attack", "Самара"), ("arrest", None)]


def test_a_plot_is_not_an_attack_and_condemning_is_not_convicting() -> None:
    doc = run("Задержан мужчина, подозреваемый в подготовке теракта. МИД осудил теракт в Париже.")
    assert [(e.type, e.location) for e in doc.events] == [("arrest", None), ("attack", "Париж")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Нападение произошло 19 декабря 2019 года.", None, "2019-12-19"),
        ("ФБР 22 декабря арестовало подозреваемого.", "2017-12-24", "2017-12-22"),
        ("Взрыв прогремел в четверг.", "2019-12-21", "2019-12-19"),
        ("Взрыв прогремел в четверг.", None, None),
    ],
)
def test_russian_dates(text: str, published: str | None, expected: str | None) -> None:
    assert find_date(text, published) == expected


def test_captions_and_read_also_lines_are_furniture() -> None:
    doc = run(
        "В Самаре задержаны трое боевиков\n\n"
        "Здание управления ФСБ в Самаре\n\n"
        "Сотрудники ФСБ задержали трёх боевиков, сообщили в ведомстве.\n\n"
        "Читайте также: В Самаре прошли учения с участием 500 военных"
    )
    assert "Читайте также" not in doc.text
    assert [c.low for c in doc.claims] == [3, 3]
    assert all(q.start > doc.text.index("Сотрудники") - 1 for q in doc.quotes)
