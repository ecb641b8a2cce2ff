"""Related-article teasers in the trailing furniture, kept as :class:`~claimwatch.models.Related` stubs."""

from __future__ import annotations

import re

from claimwatch.clean.dates import parse_date
from claimwatch.clean.lines import BRACKET_ELLIPSIS, WEAK_ELLIPSIS, Seg
from claimwatch.clean.vocabulary import Patterns
from claimwatch.models import Related

__all__ = ["teasers"]


def _snippet(s: str) -> str:
    return WEAK_ELLIPSIS.sub("", BRACKET_ELLIPSIS.sub("", s)).strip()


def _date_of(seg: Seg) -> str | None:
    d = parse_date(seg.s)
    return d.isoformat() if d else None


MIN_TEASER_WORDS = 4  # a headline; a shorter line under a label is another label
MAX_LABEL_WORDS = 3


def _under_label(segs: list[Seg], classes: list[str], j: int) -> bool:
    """A headline right under a short label line ("Previous Article", "Next Post", "Opinions")."""
    return (
        j > 0
        and segs[j].words >= MIN_TEASER_WORDS
        and classes[j - 1] in ("short", "heading", "furn")
        and segs[j - 1].words <= MAX_LABEL_WORDS
    )


def teasers(segs: list[Seg], classes: list[str], pat: Patterns) -> list[Related]:
    """Teaser stubs from the trailing furniture (segments and their classes).

    A teaser is a headline with an optional date line (above it or, on some sites, below it) and an
    optional snippet; under a "Related"/"Read more" heading a bare headline is a teaser too, and so
    is one under a short label ("Previous Article", "Next Post"). A lone snippet cut off with an
    ellipsis (a list of them, with no headlines) is a teaser whose title is its text.
    """
    out: list[Related] = []
    under_heading = False
    kinds = [c for c in classes if c in ("date", "short")]
    date_first = bool(kinds) and kinds[0] == "date"
    snippets = ("snip", "snip_weak", "body")
    j, n = 0, len(segs)
    while j < n:
        c = classes[j]
        if date_first and c == "date" and j + 1 < n and classes[j + 1] in ("short", "snip", "snip_weak"):
            title, snip, step = _snippet(segs[j + 1].s), None, 2
            if classes[j + 1] == "short" and j + 2 < n and classes[j + 2] in snippets:
                snip, step = _snippet(segs[j + 2].s), 3
            out.append(Related(title=title, published=_date_of(segs[j]), snippet=snip))
            j += step
            continue
        if not date_first and c == "short" and j + 1 < n and classes[j + 1] == "date":
            snip, step = None, 2
            if j + 2 < n and classes[j + 2] in snippets:
                snip, step = _snippet(segs[j + 2].s), 3
            out.append(Related(title=segs[j].s, published=_date_of(segs[j + 1]), snippet=snip))
            j += step
            continue
        if c == "short" and j + 1 < n and classes[j + 1] in ("snip", "snip_weak"):
            out.append(Related(title=segs[j].s, published=None, snippet=_snippet(segs[j + 1].s)))
            j += 2
            continue
        if c == "teaser":
            m = re.match(r"^[^:]{1,30}:\s*(.+)$", segs[j].s)
            if m:
                out.append(Related(title=m.group(1).strip(), published=None, snippet=None))
        elif c == "heading":
            under_heading = True
        elif c == "comments":
            under_heading = False
        elif c == "short" and (under_heading or _under_label(segs, classes, j)):
            out.append(Related(title=segs[j].s, published=None, snippet=None))
        elif c in ("snip", "snip_weak") and segs[j].words >= MIN_TEASER_WORDS:
            out.append(Related(title=_snippet(segs[j].s), published=None, snippet=None))
        j += 1
    return out
