"""Russian figures: intervals and qualifiers as in English; dates, ages, ordinals are not figures."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from claimwatch.nlp.ru.analysis import analyse  # noqa: E402
from claimwatch.nlp.ru.numbers import counted_span, find_figures  # noqa: E402


def figures(text: str) -> list[tuple[object, object, str, str | None]]:
    an = analyse(text)
    out = []
    for f in find_figures(an):
        span = counted_span(an.toks, f.last)
        counted = an.toks[span[0]].text if span else None
        out.append((f.low, f.high, f.qualifier, counted))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В районе сосредоточено более 2 тыс. боевиков.", (2000, None, "more_than", "боевиков")),
        ("Там находятся свыше 15 000 человек.", (15000, None, "more_than", "человек")),
        ("В лагерях живут около 1,5 млн беженцев.", (1500000, 1500000, "approx", "беженцев")),
        ("Численность группировки оценивается от 2,5 до 4 тыс. боевиков.", (2500, 4000, "range", "боевиков")),
        ("Полиция задержала двух тысяч подозреваемых.", (2000, 2000, "exact", "подозреваемых")),
        ("В город прибыли полторы тысячи военных.", (1500, 1500, "exact", "военных")),
        ("Погибли не менее 12 мирных жителей.", (12, None, "at_least", "жителей")),
        ("В ячейку входили до 30 человек.", (None, 30, "at_most", "человек")),
        ("Ранены несколько сотен демонстрантов.", (None, None, "vague", "демонстрантов")),
        ("Десятки домов разрушены.", (None, None, "vague", "домов")),
        ("Задержаны трое подозреваемых.", (3, 3, "exact", "подозреваемых")),
        ("Погибли двадцать пять солдат.", (25, 25, "exact", "солдат")),
        ("Число погибших возросло до 15 человек.", (15, 15, "exact", "человек")),
        ("Явка составила 48 % избирателей.", (48, 48, "exact", "%")),
    ],
)
def test_figure_values(text: str, expected: tuple[object, ...]) -> None:
    assert expected in figures(text)


@pytest.mark.parametrize(
    "text",
    [
        "Нападение произошло 19 декабря 2019 года.",
        "Задержан 35-летний житель города.",
        "Он учился на 4 курсе университета.",
        "Дело возбуждено по статье 205 уголовного кодекса.",
        "Стрельба началась около 18:00 и продлилась около часа.",
        "В 2015 году он переехал в Москву.",
        "Он провёл в тюрьме три года.",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []
