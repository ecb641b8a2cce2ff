"""The learned trailing-furniture cut: line-shape features, a logistic model, and a contiguous decoding.

The rule cut (:func:`claimwatch.clean.tail.rule_cut`) knows the furniture it has words for. Pages
end in furniture it has no words for: teaser lists without dates, "Previous / Next Article" pairs,
lines cut off with an ellipsis, short labels. What they share is their *shape*: short lines
without a final full stop, after the last paragraph of running text, repeating one pattern. This
module scores each of the last :data:`WINDOW` lines with a logistic model over such shape
features (``resources/models/furniture_tail.json``, trained by ``scripts/train_furniture.py`` on
the development gold, cross-validated by article) and cuts where the suffix of lines is, taken
together, more likely furniture than body: the furniture is a contiguous tail, so the decision
is one cut, not one label per line.
"""

from __future__ import annotations

import json
import logging
import math
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimwatch.clean.dates import find_date
from claimwatch.clean.lines import WEAK_ELLIPSIS, Seg, ends_sentence, is_date_line, is_paragraph
from claimwatch.errors import ConfigError

LOGGER = logging.getLogger(__name__)

__all__ = ["CLASSES", "FEATURES", "TailModel", "learned_cut", "line_features", "load_model"]

WINDOW = 60  # trailing lines scored; furniture lists are shorter, and it keeps the cost flat
NEVER_CUT_WORDS = 25  # a complete sentence this long is running text whatever the model says

CLASSES = ("comments", "heading", "date", "teaser", "furn", "snip", "snip_weak", "short", "body")
FEATURES: tuple[str, ...] = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "ends_ellipsis",
    "cap_ratio",
    "starts_upper",
    "starts_digit",
    "has_digit",
    "has_date",
    "is_date_line",
    "upper_ratio",
    "has_separator",
    "sentence_breaks",
    "rel_words",
    "after_last_paragraph",
    "log_lines_to_end",
    "position",
    "prev_ends_sentence",
    "prev_short",
    "prev_paragraph",
    "next_ends_sentence",
    "next_short",
    "is_last",
    "same_ending_nearby",
    "log_max_words_after",
    "has_quote",
    *(f"class_{c}" for c in CLASSES),
)

_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]?\s+\S|[-–•*▪]\s?\w)")
_SEPARATOR = re.compile(r"[|•·›»>/]")
_BREAK = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")
_QUOTE = re.compile(r"[\"“”]")


def _ending(seg: Seg) -> int:
    """0: a full stop (or ! ?), 1: an ellipsis, 2: no final punctuation."""
    if WEAK_ELLIPSIS.search(seg.s) or seg.s.endswith("]"):
        return 1
    return 0 if ends_sentence(seg.s) else 2


def never_cut(seg: Seg, cls: str) -> bool:
    """A line no learned cut goes through: running text, or an item of a numbered or bulleted list.

    Running text is a long complete sentence, or any complete sentence that no rule names as
    furniture (a closing "Residents fled." is body whatever its position and length). A ranking or a list of points closing an article is body too; the development
    articles hold no such list, so the model cannot have learnt it.
    """
    if ends_sentence(seg.s) and (seg.words >= NEVER_CUT_WORDS or (seg.words >= 2 and cls == "body")):
        return True
    return bool(_LIST_ITEM.match(seg.s))


def line_features(lines: list[Seg], classes: list[str], first: int = 0) -> list[list[float]]:
    """Shape features (see :data:`FEATURES`) of ``lines[first:]``, in the context of all of ``lines``.

    Args:
        lines: the lines in view, in page order (the tail of the body).
        classes: the rule class of each line (:func:`claimwatch.clean.lines.line_class`).
        first: the first line to describe; the lines above it only give context.
    """
    n = len(lines)
    words = [ln.words for ln in lines]
    paras = [is_paragraph(ln) for ln in lines]
    endings = [_ending(ln) for ln in lines]
    long_lines = [w for w in words if w >= 8]
    median = statistics.median(long_lines) if long_lines else 25.0
    last_para = max((i for i in range(n) if paras[i]), default=-1)
    max_after = [0] * n
    for i in range(n - 2, -1, -1):
        max_after[i] = max(max_after[i + 1], words[i + 1])
    out: list[list[float]] = []
    for i in range(first, n):
        s = lines[i].s
        toks = s.split()
        letters = [ch for ch in s if ch.isalpha()]
        first_char = s.lstrip("\"“‘'([")[:1]
        near = [endings[j] for j in range(max(0, i - 2), min(n, i + 3)) if j != i]
        row = [
            math.log1p(words[i]),
            math.log1p(len(s)),
            float(endings[i] == 0),
            float(endings[i] == 1),
            sum(1 for t in toks if t[:1].isupper()) / max(1, len(toks)),
            float(first_char.isupper()),
            float(first_char.isdigit()),
            float(any(ch.isdigit() for ch in s)),
            float(find_date(s) is not None),
            float(is_date_line(s)),
            sum(1 for ch in letters if ch.isupper()) / max(1, len(letters)),
            float(bool(_SEPARATOR.search(s))),
            float(min(3, len(_BREAK.findall(s)))),
            min(3.0, words[i] / median),
            float(i > last_para),
            math.log1p(n - 1 - i),
            i / max(1, n - 1),
            float(i > 0 and endings[i - 1] == 0),
            float(i > 0 and words[i - 1] <= 12),
            float(i > 0 and paras[i - 1]),
            float(i + 1 < n and endings[i + 1] == 0),
            float(i + 1 < n and words[i + 1] <= 12),
            float(i == n - 1),
            sum(1 for e in near if e == endings[i]) / 4,
            math.log1p(max_after[i]),
            float(bool(_QUOTE.search(s))),
            *(float(classes[i] == c) for c in CLASSES),
        ]
        out.append(row)
    return out


@dataclass(frozen=True)
class TailModel:
    """A logistic model over :data:`FEATURES`: standardised inputs, weights and intercept."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def log_odds(self, rows: list[list[float]]) -> list[float]:
        """The log-odds that each line is furniture."""
        out = []
        for row in rows:
            z = self.intercept
            for x, m, sd, w in zip(row, self.mean, self.scale, self.coef, strict=True):
                z += w * (x - m) / sd
            out.append(z)
        return out


def model_from_dict(data: dict[str, Any], source: str = "furniture_tail.json") -> TailModel:
    """Validate a model file: its feature names must be this module's, every vector of their length.

    Raises:
        ConfigError: the file is not a model for these features.
    """
    if not isinstance(data, dict) or not isinstance(data.get("_note"), str):
        raise ConfigError("a furniture model is a JSON object with a '_note'", source=source)
    if tuple(data.get("features", ())) != FEATURES:
        raise ConfigError("the model's features are not the ones line_features computes: retrain it", source=source)
    vectors = {}
    for key in ("mean", "scale", "coef"):
        v = data.get(key)
        if not isinstance(v, list) or len(v) != len(FEATURES) or not all(isinstance(x, int | float) for x in v):
            raise ConfigError(f"{key!r} must be {len(FEATURES)} numbers", source=source)
        vectors[key] = tuple(float(x) for x in v)
    if any(sd <= 0 for sd in vectors["scale"]) or not isinstance(data.get("intercept"), int | float):
        raise ConfigError("'scale' must be positive and 'intercept' a number", source=source)
    return TailModel(vectors["mean"], vectors["scale"], vectors["coef"], float(data["intercept"]))


@lru_cache(maxsize=1)
def load_model() -> TailModel:
    """The packaged model, loaded once."""
    res = files("claimwatch").joinpath("resources", "models", "furniture_tail.json")
    try:
        data = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the furniture model: {e}", source=str(res)) from e
    return model_from_dict(data, source=str(res))


def decode(lines: list[Seg], classes: list[str], odds: list[float], first: int = 0) -> int:
    """The cut (index of the first furniture line, ``len(lines)`` for none) whose suffix has the largest summed log-odds.

    ``odds`` are those of ``lines[first:]``. Cutting costs nothing only when the lines below,
    taken together, are more likely furniture than body. Never cut: the first line, nor through
    a line :func:`never_cut` protects.
    """
    n = len(lines)
    best, cut, total = 0.0, n, 0.0
    for i in range(n - 1, max(0, first - 1), -1):
        if i == 0 or never_cut(lines[i], classes[i]):
            break
        total += odds[i - first]
        if total > best:
            best, cut = total, i
    return cut


def learned_cut(body: list[Seg], classes: list[str], model: TailModel | None = None) -> int:
    """Where the learned model puts the start of the trailing furniture in ``body`` (``len(body)`` for none)."""
    start = max(0, len(body) - WINDOW)
    lines, kinds = body[start:], classes[start:]
    # only the lines below the last protected one can be cut: describe just those
    first = next((i + 1 for i in range(len(lines) - 1, -1, -1) if never_cut(lines[i], kinds[i])), 1)
    if first >= len(lines):
        return len(body)
    odds = (model or load_model()).log_odds(line_features(lines, kinds, first))
    return start + decode(lines, kinds, odds, first)
