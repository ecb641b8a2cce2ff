"""The learned speaker ranker: gradient-boosted trees over :mod:`features`, read from JSON.

The model is LightGBM's own JSON dump (``resources/models/attribution_speaker.json``, written by
``scripts/train_attribution.py``), evaluated here with plain Python so that loading costs neither
LightGBM nor pickle. Each candidate gets a probability of being the speaker; the best one is the
speaker when it clears the model's threshold, else the statement has none.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from claimwatch.errors import ConfigError
from claimwatch.nlp.attribution.features import FEATURES
from claimwatch.nlp.attribution.statements import STATEMENT_FEATURES

LOGGER = logging.getLogger(__name__)
MODEL = "attribution_speaker.json"
STATEMENT_MODEL = "attribution_statement.json"


@dataclass(frozen=True)
class Tree:
    """One tree as flat lists: node ``i`` splits on ``feature[i] <= threshold[i]``; a child index
    below zero is the leaf ``~child`` (flat lists walk several times faster than linked nodes)."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaves: tuple[float, ...]

    def value(self, row: list[float]) -> float:
        if not self.feature:
            return self.leaves[0]
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        i = 0
        while i >= 0:
            i = left[i] if row[feature[i]] <= threshold[i] else right[i]
        return self.leaves[~i]


def _tree(root: dict[str, Any]) -> Tree:
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    leaves: list[float] = []

    def walk(raw: dict[str, Any]) -> int:
        if "leaf_value" in raw:
            leaves.append(float(raw["leaf_value"]))
            return ~(len(leaves) - 1)
        if raw.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported decision type {raw.get('decision_type')!r}")
        i = len(feature)
        feature.append(int(raw["split_feature"]))
        threshold.append(float(raw["threshold"]))
        left.append(0)
        right.append(0)
        left[i] = walk(raw["left_child"])
        right[i] = walk(raw["right_child"])
        return i

    walk(root)
    return Tree(tuple(feature), tuple(threshold), tuple(left), tuple(right), tuple(leaves))


@dataclass(frozen=True)
class Ranker:
    """A boosted-tree binary model over the speaker features."""

    trees: tuple[Tree, ...]
    threshold: float
    unnamed: float

    def probability(self, row: list[float]) -> float:
        total = sum(tree.value(row) for tree in self.trees)
        return 1.0 / (1.0 + math.exp(-total))

    def choose(self, rows: dict[str, list[float]], rule_key: str | None) -> str | None:
        """The most probable candidate, or None when none clears the threshold.

        Where the rules found nobody (an unnamed "officials said", a headline) a candidate must
        clear the higher ``unnamed`` bar: naming a wrong speaker costs more than naming none.
        """
        best, best_p = None, self.threshold if rule_key is not None else self.unnamed
        for key, row in rows.items():
            p = self.probability(row)
            if p > best_p:
                best, best_p = key, p
        return best


def trees_of(data: dict[str, Any], features: tuple[str, ...]) -> tuple[Tree, ...]:
    """The trees of LightGBM's ``Booster.dump_model()`` output, checked against the code's features."""
    names = data.get("feature_names") or []
    if list(names) != list(features):
        raise ValueError("the model's features differ from the code's (retrain with scripts/train_attribution.py)")
    return tuple(_tree(t["tree_structure"]) for t in data["tree_info"])


def load_model(name: str) -> dict[str, Any] | None:
    """A model file from ``resources/models`` as JSON, or None when it does not ship."""
    path = resources.files("claimwatch.resources").joinpath("models", name)
    if not path.is_file():
        LOGGER.warning("no model %s: the rules decide alone", name)
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ConfigError(f"{name} is invalid: {exc}", source=f"claimwatch/resources/models/{name}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{name} is invalid: not an object", source=f"claimwatch/resources/models/{name}")
    return data


@cache
def speaker_ranker() -> Ranker | None:
    """The shipped ranker, loaded once; None when no model file ships (the rules decide alone)."""
    data = load_model(MODEL)
    if data is None:
        return None
    try:
        return Ranker(trees_of(data["model"], FEATURES), float(data["threshold"]), float(data["unnamed"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"{MODEL} is invalid: {exc}", source=f"claimwatch/resources/models/{MODEL}") from exc


@cache
def statement_detector() -> Ranker | None:
    """The shipped statement detector (a Ranker over one row: ``probability`` is all it uses)."""
    data = load_model(STATEMENT_MODEL)
    if data is None:
        return None
    try:
        return Ranker(trees_of(data["model"], STATEMENT_FEATURES), float(data["threshold"]), 1.0)
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(
            f"{STATEMENT_MODEL} is invalid: {exc}", source=f"claimwatch/resources/models/{STATEMENT_MODEL}"
        ) from exc
