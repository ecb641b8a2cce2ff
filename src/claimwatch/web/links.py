"""URLs of the web pages, built in one place so templates and the article markup agree.

Every value goes through :func:`urllib.parse.quote` / :func:`urlencode`; templates escape the
result again as an attribute, so an extracted name can never break out of a link.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode


def _query(path: str, **params: object) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(clean)}" if clean else path


def entity_url(key_or_name: str) -> str:
    """The page of an entity, by corpus key or any of its names."""
    return "/entities/" + quote(key_or_name, safe="")


def document_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The article page; with offsets, the sentence at ``start:end`` is marked and scrolled to."""
    base = "/documents/" + quote(doc_id, safe="")
    if start is None or end is None:
        return base
    return f"{base}?at={int(start)}-{int(end)}#target"


def timeline_url(
    subject: str | None, counted: str | None = None, place: str | None = None, series: int | None = None
) -> str:
    """The timeline of a subject's figures (optionally one counted category, place and series)."""
    return _query("/timeline", subject=subject, counted=counted, place=place, series=series)


def claims_url(**filters: object) -> str:
    """The claims explorer with filters set."""
    return _query("/claims", **filters)


def map_url(**filters: object) -> str:
    """The map of events and places with filters set."""
    return _query("/map", **filters)


def page_url(path: str, params: dict[str, object], cursor: str | None) -> str | None:
    """The same listing at ``cursor`` (the next page), or None when there is no next page."""
    return _query(path, **{**params, "cursor": cursor}) if cursor else None


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and ``around`` either side of ``page``;
    None marks a gap.

    >>> page_numbers(7, 20)
    [1, None, 5, 6, 7, 8, 9, None, 20]
    """
    wanted = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for n in wanted:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def view_url(path: str, base: dict[str, object], **changes: object) -> str:
    """The same explorer view with some parameters changed (None removes one)."""
    return _query(path, **{**base, **changes})
