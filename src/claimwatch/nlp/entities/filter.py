"""The learned span filter: keeps an entity candidate only when its shape and context say it is a name.

Title-case headline fragments ("Citing Regional Security Risks"), sentence-initial words, bylines,
nationality words NER calls persons ("Tajik") and common nouns in capitals ("Command") all reach
the entity component as spans. Rules listing such words fit the articles they were written on, so
the decision is a small gradient-boosted model (``resources/models/entities_filter.json``, trained
and cross-validated by article by ``scripts/train_entities.py``) over features of the candidate's
shape, its context in the parse and its gazetteer hits — never the name itself.

Curated entities (armed groups, agencies) and places the gazetteer resolves to coordinates are
scored like every other candidate: the model learns how much those hits weigh.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from claimwatch.errors import ConfigError
from claimwatch.nlp.extensions import doc_text
from claimwatch.nlp.gazetteer import demonym_country
from claimwatch.nlp.records import EntityRec

if TYPE_CHECKING:
    from claimwatch.nlp.components.entities import EntityIndex

LOGGER = logging.getLogger(__name__)

MODEL_FILE = "entities_filter.json"
TYPES = ("person", "organization", "location", "armed_group")
FEATURES_OF_PLACES = ("country", "admin1", "admin2", "city", "region", "us_state", "inferred", "unresolved")
_DEPS = ("nsubj", "nsubjpass", "pobj", "dobj", "compound", "poss", "appos", "conj", "ROOT", "amod", "npadvmod")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")

FEATURE_NAMES: tuple[str, ...] = (
    *(f"type_{t}" for t in TYPES),
    *(f"feature_{f}" for f in FEATURES_OF_PLACES),
    "known",
    "has_coordinates",
    "log_mentions",
    "n_words",
    "n_chars",
    "in_headline",
    "only_in_headline",
    "sentence_initial",
    "line_initial",
    "after_by",
    "has_digit",
    "has_paren",
    "has_hyphen",
    "all_caps",
    "lowercase_word",
    "demonym",
    "demonym_part",
    "has_role",
    "lowercase_elsewhere",
    "prev_det",
    "prev_prep",
    "prev_propn",
    "next_propn",
    "next_noun",
    "head_is_noun_after",
    *(f"dep_{d}" for d in _DEPS),
    "ner_person",
    "ner_org",
    "ner_place",
    "ner_norp",
    "ner_none",
    "n_aliases",
    "title_line",
)


def features(rec: EntityRec, doc: Doc, headline: int) -> list[float]:
    """The feature vector of one candidate entity (order of :data:`FEATURE_NAMES`)."""
    text = doc_text(doc)
    first = min(rec.mentions)
    span = doc.char_span(first[0], first[1], alignment_mode="expand")
    name = rec.name
    words = _WORD.findall(name)
    f: dict[str, float] = {f"type_{rec.type}": 1.0}
    if rec.type == "location":
        f[f"feature_{rec.feature or 'unresolved'}"] = 1.0
    f["known"] = float(rec.known_id is not None)
    f["has_coordinates"] = float(rec.lat is not None)
    f["log_mentions"] = math.log1p(len(rec.mentions))
    f["n_words"] = float(len(words))
    f["n_chars"] = float(len(name))
    in_head = [m for m in rec.mentions if m[1] <= headline]
    f["in_headline"] = float(bool(in_head))
    f["only_in_headline"] = float(len(in_head) == len(rec.mentions))
    f["has_digit"] = float(any(c.isdigit() for c in name))
    f["has_paren"] = float("(" in name or ")" in name)
    f["has_hyphen"] = float("-" in name)
    f["all_caps"] = float(name.isupper() and len(name) > 1)
    f["lowercase_word"] = float(any(w[0].islower() for w in words))
    f["demonym"] = float(demonym_country(name) is not None)
    f["demonym_part"] = float(any(demonym_country(w) is not None for w in re.split(r"[\s-]+", name) if w))
    f["has_role"] = float(rec.role is not None)
    f["n_aliases"] = float(len(rec.aliases))
    low = name.lower()
    f["lowercase_elsewhere"] = float(len(name) > 3 and low != name and low in text)
    if span is not None and len(span):
        _context(f, span, text)
    return [f.get(n, 0.0) for n in FEATURE_NAMES]


def _context(f: dict[str, float], span: Span, text: str) -> None:
    doc = span.doc
    start, end = span.start, span.end
    f["sentence_initial"] = float(doc[start].is_sent_start or start == span.sent.start)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    before = text[line_start : span.start_char]
    f["line_initial"] = float(not before.strip())
    f["after_by"] = float(before.strip().lower() in {"by", "by:", "written by", "reporting by"})
    line_end = text.find("\n", span.end_char)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    lw = _WORD.findall(line)
    f["title_line"] = float(len(lw) >= 3 and sum(w[0].isupper() for w in lw) >= 0.7 * len(lw))
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None:
        f["prev_det"] = float(prev.dep_ == "det" or prev.lower_ == "the")
        f["prev_prep"] = float(prev.pos_ == "ADP")
        f["prev_propn"] = float(prev.pos_ == "PROPN")
    if nxt is not None:
        f["next_propn"] = float(nxt.pos_ == "PROPN")
        f["next_noun"] = float(nxt.pos_ == "NOUN")
    root = span.root
    f["head_is_noun_after"] = float(root.head.i >= end and root.head.pos_ == "NOUN")
    if root.dep_ in _DEPS:
        f[f"dep_{root.dep_}"] = 1.0
    label = doc[start].ent_type_
    if label == "PERSON":
        f["ner_person"] = 1.0
    elif label in {"ORG", "ARMED_GROUP", "KNOWN_ORG"}:
        f["ner_org"] = 1.0
    elif label in {"GPE", "LOC", "FAC"}:
        f["ner_place"] = 1.0
    elif label == "NORP":
        f["ner_norp"] = 1.0
    else:
        f["ner_none"] = 1.0


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class _Tree:
    """One regression tree of the boosted model, as parallel node arrays."""

    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: list[float]) -> float:
        i = 0
        while self.feature[i] >= 0:
            i = self.left[i] if x[self.feature[i]] <= self.threshold[i] else self.right[i]
        return self.value[i]


@dataclass(frozen=True)
class SpanFilter:
    """A boosted tree ensemble over :data:`FEATURE_NAMES` with a keep threshold."""

    trees: tuple[_Tree, ...]
    base: float
    threshold: float

    def probability(self, x: list[float]) -> float:
        z = self.base + sum(t.predict(x) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURE_NAMES),
            "base": self.base,
            "threshold": self.threshold,
            "trees": [
                {"feature": t.feature, "threshold": t.threshold, "left": t.left, "right": t.right, "value": t.value}
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = MODEL_FILE) -> SpanFilter:
        try:
            if list(data["features"]) != list(FEATURE_NAMES):
                raise ValueError("its features differ from the code's (retrain with scripts/train_entities.py)")
            trees = tuple(
                _Tree(
                    tuple(int(v) for v in t["feature"]),
                    tuple(float(v) for v in t["threshold"]),
                    tuple(int(v) for v in t["left"]),
                    tuple(int(v) for v in t["right"]),
                    tuple(float(v) for v in t["value"]),
                )
                for t in data["trees"]
            )
            return cls(trees, float(data["base"]), float(data["threshold"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"invalid span filter model: {exc}", source=f"claimwatch/resources/models/{source}"
            ) from exc


@cache
def default_filter() -> SpanFilter | None:
    """The packaged model, or None when none has been trained yet."""
    path = resources.files("claimwatch.resources").joinpath("models", MODEL_FILE)
    if not path.is_file():
        LOGGER.debug("no span filter model at %s", path)
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read: {exc}", source=f"claimwatch/resources/models/{MODEL_FILE}") from exc
    return SpanFilter.from_json(data)


def apply(index: EntityIndex, doc: Doc, headline: int, model: SpanFilter | None) -> dict[str, list[float]]:
    """Mark the candidates the model rejects; return every candidate's features (for training)."""
    feats = {rec.key: features(rec, doc, headline) for rec in index.entities.values() if rec.mentions}
    if model is None:
        return feats
    for key, x in feats.items():
        if model.probability(x) < model.threshold:
            # kept in the index (quotes and claims may name it as a speaker), left out of the entities
            index.entities[key].rejected = True
    return feats
