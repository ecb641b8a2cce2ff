"""Page titles without the site's name: "Title | Site", "Title - Site", "Site: Title" give "Title".

A ``<title>`` (and often ``og:title``) carries the site's name beside the headline. A part of the
title is dropped only on evidence that it names the site: it matches ``og:site_name`` or another
site-name meta, the host name (``examplewire.com`` for "Example Wire"), a copyright line of the
page, or the rest of the title is the page's ``<h1>``. Without evidence the title is kept as it
is: "Attack kills 5 - officials" stays whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlparse

__all__ = ["choose_title", "site_names", "strip_site_name"]

# " | ", " - ", " – ", " — ", " :: ", " » ", " · " between headline and site; "Site: Title" at the front
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·|•)\s+")
_FRONT = re.compile(r"^([^:]{2,40}):\s+(.+)$")
_HOST_NOISE = {"www", "www2", "m", "mobile", "amp", "en", "english", "news", "com", "org", "net", "co", "uk", "info"}


def _key(s: str) -> str:
    """Letters and digits only, accents folded, lower case: "Example-Wire" and "examplewire" agree."""
    folded = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def site_names(metas: Iterable[str | None], url: str | None = None) -> set[str]:
    """The keys under which the site may be named: site-name metas and the labels of the host."""
    keys = {_key(m) for m in metas if m and _key(m)}
    if url:
        host = urlparse(url if "//" in url else f"//{url}").hostname or ""
        labels = [p for p in host.split(".") if p and p not in _HOST_NOISE]
        keys.update(_key(p) for p in labels if len(p) >= 3)
    return keys


def _names_site(part: str, sites: set[str]) -> bool:
    k = _key(part)
    if not k or len(part.split()) > 6:
        return False
    # "Example Wire" vs "examplewire", "The Example Times" vs "exampletimes", "Example Wire News" vs "examplewire"
    return any(k == s or k == f"the{s}" or (len(s) >= 5 and (k.startswith(s) or s.startswith(k))) for s in sites)


def strip_site_name(title: str | None, sites: set[str], headline: str | None = None) -> str | None:
    """The title without the part that names the site.

    Args:
        title: the page title as found (``<title>``, ``og:title``, or trafilatura's).
        sites: the site's name keys (see :func:`site_names`).
        headline: the page's ``<h1>``, when there is one.

    Returns:
        The headline part of the title, or the title unchanged when no part is shown to name the site.
    """
    if not title:
        return title
    title = " ".join(title.split())
    seps = list(_SEPARATORS.finditer(title))
    if seps:
        head, tail = title[: seps[-1].start()], title[seps[-1].end() :]  # "Headline | Site"
        first, rest = title[: seps[0].start()], title[seps[0].end() :]  # "Site | Headline"
        if headline and len(headline.split()) >= 2:
            for part in (first, head):
                if _key(part) == _key(headline):
                    return part
        if _names_site(tail, sites) and len(head.split()) >= 2:
            return head
        if _names_site(first, sites) and len(rest.split()) >= 2:
            return rest
    m = _FRONT.match(title)
    if m and _names_site(m.group(1), sites) and len(m.group(2).split()) >= 2:
        return m.group(2)
    return title


def _name_shaped(part: str) -> bool:
    """Short and capitalised like a name ("Example Wire", "NEWS24", "example.com"), not a phrase ("officials")."""
    words = part.split()
    if not 1 <= len(words) <= 4:
        return False
    return bool(re.search(r"\w\.[a-z]{2,}$", part)) or all(w[:1].isupper() or w[:1].isdigit() for w in words)


def choose_title(
    title_tag: str | None, extracted: str | None, sites: set[str], headline: str | None = None
) -> str | None:
    """The page's title without the site name.

    Args:
        title_tag: the page's ``<title>``, as written.
        extracted: trafilatura's title: ``og:title`` or another meta verbatim, else the ``<h1>``, else
            the first part of ``<title>`` (cut at a separator blindly).
        sites: the site's name keys (see :func:`site_names`).
        headline: the page's ``<h1>``.

    Returns:
        The title without a part shown to name the site (see :func:`strip_site_name`); without such
        evidence, without a last "| Part" shaped like a name (a pipe is seldom used inside a
        headline). A part trafilatura cut from ``<title>`` that is not shaped like a name
        ("Attack kills 5 - officials") is put back.
    """
    if not extracted:
        return strip_site_name(title_tag, sites, headline)
    extracted = " ".join(extracted.split())
    stripped = strip_site_name(extracted, sites, headline)
    if stripped != extracted:
        return stripped
    piped = list(re.finditer(r"\s+\|\s+", extracted))
    if piped and _name_shaped(extracted[piped[-1].end() :]) and len(extracted[: piped[-1].start()].split()) >= 2:
        return extracted[: piped[-1].start()]
    full = " ".join((title_tag or "").split())
    if full.startswith(extracted) and full != extracted:
        dropped = _SEPARATORS.sub(" ", full[len(extracted) :]).strip(" |-–—:»·•")
        if not _name_shaped(dropped) and not _names_site(dropped, sites):
            return full
    return extracted
