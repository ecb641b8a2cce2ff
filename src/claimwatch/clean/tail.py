"""Where the trailing furniture starts: the rule cut over line classes, and dates found under the body.

The body ends where related-story lists, comment blocks, prompts and sign-off lines begin. The
furniture is only ever cut from the tail, so the body stays one contiguous slice.
"""

from __future__ import annotations

from datetime import date

from claimwatch.clean.dates import find_date
from claimwatch.clean.lines import Seg, is_published_line, line_class
from claimwatch.clean.vocabulary import Patterns

__all__ = ["TEASER_CLASSES", "footer_dates", "rule_cut"]


TEASER_CLASSES = frozenset({"heading", "short", "date", "snip", "snip_weak", "teaser", "comments"})


def footer_dates(tail: list[Seg], classes: list[str]) -> list[date]:
    """Dates of "Published/Updated ..." lines right under the body, above any list of teasers."""
    out: list[date] = []
    for seg, c in zip(tail, classes, strict=True):
        if c in TEASER_CLASSES:
            break
        d = find_date(seg.s) if is_published_line(seg.s) else None
        if d is not None:
            out.append(d)
    return out


def rule_cut(body: list[Seg], pat: Patterns) -> tuple[int, list[str]]:
    """Index of the first trailing-furniture segment in ``body`` (``len(body)`` when none) and classes."""
    classes = [line_class(b.s, pat) for b in body]
    n = len(body)
    cut = n
    for k in range(1, n):
        if classes[k] == "comments":
            cut = k
            break
    teaserish = {"date", "snip", "snip_weak", "short", "furn", "heading", "teaser", "comments"}
    for k in range(1, cut):
        if classes[k] != "heading":
            continue
        if all(
            classes[j] in teaserish
            or (classes[j] == "body" and body[j].words <= 60 and classes[j - 1] in ("short", "date"))
            for j in range(k + 1, cut)
        ):
            cut = k
            break
    k = cut - 1
    while k >= 1:
        c, prev = classes[k], classes[k - 1]
        nxt = classes[k + 1] if k + 1 < n else None
        if c in ("furn", "date", "snip", "heading", "teaser", "comments"):
            ok = True
        elif c == "snip_weak":
            # a snippet under its headline or date, or one of a run of lines cut off with an ellipsis
            ok = prev in ("short", "date", "snip", "snip_weak") or nxt in ("snip", "snip_weak")
        elif c == "short":
            # a teaser headline: under a date, over a snippet, or over a date in a list of dated teasers
            ok = (
                prev == "date"
                or nxt in ("snip", "snip_weak")
                or (nxt == "date" and classes[k + 1 :].count("date") >= 2)
            )
        elif c == "body":
            ok = prev == "short" and k >= 2 and classes[k - 2] == "date" and body[k].words <= 60
        else:
            ok = False
        if not ok:
            break
        cut = k
        k -= 1
    return cut, classes
