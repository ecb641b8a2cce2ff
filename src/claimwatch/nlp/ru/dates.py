"""Russian dates in the text: '19 декабря 2019 года', '22 декабря' (the year from the publication
date), 'в четверг' (the most recent such day on or before the publication date)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from claimwatch.nlp.ru.analysis import lemma
from claimwatch.nlp.ru.lexicon import lexicon

_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([а-яё]+)(?:\s+(\d{4})\s*(?:года|г\.))?", re.I)
_WEEKDAY = re.compile(r"\bв[о]?\s+([а-яё]+)\b", re.I)


def _published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def find_date(text: str, published: str | None) -> str | None:
    """The first day-precise date of ``text`` as YYYY-MM-DD, or None."""
    months: dict[str, int] = lexicon()["months"]
    pub = _published(published)
    for m in _DAY_MONTH.finditer(text):
        month = months.get(lemma(m.group(2)))
        if month is None:
            continue
        year = int(m.group(3)) if m.group(3) else (pub.year if pub else None)
        if year is None:
            continue
        try:
            d = date(year, month, int(m.group(1)))
        except ValueError:
            continue
        if not m.group(3) and pub and d > pub:
            d = d.replace(year=d.year - 1)
        return d.isoformat()
    if pub is None:
        return None
    weekdays: dict[str, int] = lexicon()["weekdays"]
    for m in _WEEKDAY.finditer(text):
        wd = weekdays.get(lemma(m.group(1)))
        if wd is not None:
            return (pub - timedelta(days=(pub.weekday() - wd) % 7)).isoformat()
    return None
