"""Direct quotes from quotation marks at the character level.

Straight, curly, guillemets, single quotes used as quotation marks, quotes split by an attribution
and multi-paragraph quotes; unbalanced marks degrade to the end of their paragraph instead of
spoiling the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "‹": "›"}


# ---------------------------------------------------------------------------------- direct quotes
@dataclass
class Marked:
    """A span between quotation marks (inner offsets) and whether it continues into the next paragraph."""

    start: int
    end: int
    continues: bool = False
    continued: bool = False
    gaps: list[tuple[int, int]] = field(default_factory=list)

    def inner_text(self, text: str) -> str:
        """The words inside the marks, without an interrupting attribution."""
        parts, pos = [], self.start
        for gs, ge in self.gaps:
            parts.append(text[pos:gs].rstrip(" ,"))
            pos = ge
        parts.append(text[pos : self.end])
        return " ".join(p.strip() for p in parts if p.strip())


def _is_open(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:,") and not nxt.isspace()


def find_marked(text: str) -> list[Marked]:
    """Spans inside quotation marks, paragraph by paragraph; tolerant of missing closing marks."""
    out: list[Marked] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    carry = False
    for p_index, (ps, pe) in enumerate(paragraphs):
        i = ps
        opened_here = False
        while i < pe:
            ch = text[i]
            if ch in PAIRS and (ch not in {'"', "‘"} or _is_open(text, i)):
                close = PAIRS[ch]
                j = _find_close(text, i + 1, pe, close, ch)
                if j >= 0:
                    out.append(Marked(i + 1, j, continued=carry and not opened_here and i == _first_char(text, ps)))
                    opened_here = True
                    i = j + 1
                    continue
                # no closing mark in this paragraph
                nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
                continues = nxt is not None and text[_first_char(text, nxt[0])] == ch
                end = pe
                if ch in {"‘"} and not continues:
                    i += 1
                    continue
                out.append(Marked(i + 1, end, continues=continues, continued=carry and i == _first_char(text, ps)))
                carry = continues
                opened_here = True
                i = pe
                break
            i += 1
        else:
            carry = False
    return [m for m in out if m.end > m.start]


def _first_char(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return min(i, len(text) - 1)


def _find_close(text: str, i: int, end: int, close: str, opener: str) -> int:
    """Index of the closing mark; for single quotes, skip apostrophes inside words."""
    while i < end:
        ch = text[i]
        if ch == close:
            if close == "’":
                nxt = text[i + 1] if i + 1 < len(text) else " "
                if nxt.isalpha():
                    i += 1
                    continue
            return i
        if opener == '"' and ch in "“”":
            return -1
        i += 1
    return -1


def merge_split(text: str, marks: list[Marked]) -> list[Marked]:
    """'"The group," he said, "is growing."' is one quote interrupted by its attribution."""
    out: list[Marked] = []
    for m in marks:
        if out:
            prev = out[-1]
            gap = text[prev.end : m.start]
            if (
                "\n" not in gap
                and len(gap) < 80
                and re.fullmatch(r"[,.]?\s*[”\"»’]\s*,?\s*[^“”\"«»]*?,\s*[“\"«‘]", gap)
                and text[m.start : m.start + 1].islower()
            ):
                prev.gaps.append((prev.end, m.start))
                prev.end = m.end
                continue
        out.append(m)
    return out
