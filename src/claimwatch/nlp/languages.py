"""Which analysis path a document takes, by its detected language.

English (and any language without its own path) goes through the spaCy pipeline; Russian goes
through :mod:`claimwatch.nlp.ru`, imported only when the first Russian article comes so that
English runs never load the Russian models.
"""

from __future__ import annotations

from claimwatch.models import Document

#: Languages with an analysis path of their own (not the English spaCy pipeline).
OWN_PATHS = frozenset({"ru"})


def has_own_path(language: str | None) -> bool:
    """True when ``language`` is analysed by its own path instead of the English pipeline."""
    return (language or "").lower() in OWN_PATHS


def analyse(
    text: str,
    *,
    language: str,
    ident: str,
    source: str | None,
    title: str | None,
    published: str | None,
    analyse_from: int = 0,
) -> Document:
    """Analyse ``text`` with its language's own path (see :data:`OWN_PATHS`)."""
    from claimwatch.nlp.ru.pipeline import analyse_ru

    return analyse_ru(
        text, ident=ident, source=source, title=title, published=published, language=language, analyse_from=analyse_from
    )
