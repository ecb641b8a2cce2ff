"""Russian page furniture inside the body: photo captions and 'Читайте также' lines.

A caption is a short paragraph after the headline with no final stop ('Здание ФСБ вечером ...',
'Керчь (архивное фото)'), or a bare name or two with one and no finite verb ('Латакия.'): it names what a photo shows and asserts nothing, so no
quote, figure or event is read from it (its names still count as entities).
"""

from __future__ import annotations

import re

from claimwatch.nlp.ru.analysis import Analysis
from claimwatch.nlp.ru.lexicon import lexicon

MAX_CAPTION_WORDS = 14
MAX_STOPPED_CAPTION_WORDS = 5  # 'Латакия.': a caption with a full stop is a bare name or two


def paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out


def _finite(an: Analysis, a: int, b: int) -> bool:
    for t in an.toks:
        if a <= t.start < b and t.pos in ("VERB", "AUX"):
            vf = t.feats.get("VerbForm")
            if vf == "Fin" or (vf == "Part" and t.feats.get("Variant") == "Short") or t.feats.get("Mood"):
                return True
    return False


def furniture_ranges(an: Analysis) -> list[tuple[int, int]]:
    """Character ranges of captions and furniture lines in the text."""
    starts = tuple(lexicon().get("furniture_starts", []))
    out = []
    for n, (a, b) in enumerate(paragraphs(an.text)):
        para = an.text[a:b]
        head = para.lstrip()
        marker = next((m for m in starts if head.startswith(m)), None)
        if marker and (len(head.split()) <= 4 or head[len(marker) :].lstrip().startswith(":") or marker.endswith(":")):
            out.append((a, b))  # 'Читайте также: ...', 'Фото: ...', not 'Источники сообщили, что ...'
            continue
        if n == 0:
            continue  # the headline
        words = re.findall(r"\w+", para)
        stopped = para.rstrip().endswith((".", "!", "?", "…", "»", ":"))
        if not stopped and len(words) <= MAX_CAPTION_WORDS:
            out.append((a, b))  # 'Улица ..., в районе которой произошло нападение': a caption
            continue
        if len(words) <= MAX_STOPPED_CAPTION_WORDS and not _finite(an, a, b) and "«" not in para:
            out.append((a, b))
    return out


_TRAILING = re.compile(
    r"^\s*(?:Источники|Ссылки|Примечания|Комментарии|Читайте также|Смотрите также|См\. также|Материалы по теме|"
    r"По теме|Ещё по теме|Еще по теме|Новости по теме|Похожие новости|Подписывайтесь|Подпишитесь)\b[^\n]{0,80}$",
    re.M,
)


def trailing_cut(text: str) -> int:
    """Where trailing furniture ('Читайте также', 'Источники' and what follows) starts, else len(text).

    Only a short line in the second half of the text counts, so a body sentence that opens with
    'Источники сообщили ...' further up is not cut.
    """
    for m in _TRAILING.finditer(text):
        line = m.group().strip()
        listing = re.match(r"(?:Читайте|Смотрите|См\.) также\s*:", line) is not None
        if m.start() >= len(text) // 2 and (len(line.split()) <= 4 or line.endswith(":") or listing):
            return m.start()
    return len(text)
