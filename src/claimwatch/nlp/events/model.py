"""The learned trigger model: a multinomial logistic regression over sparse features, stored as
JSON weights (``resources/models/events.json``, written by ``scripts/train_events.py``).

Plain weights keep loading under a millisecond and scoring a dot product, with no pickles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from claimwatch.errors import ConfigError
from claimwatch.resources import load_json

MODEL_FILE = "models/events.json"


@dataclass(frozen=True)
class TriggerModel:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float

    def proba(self, feats: dict[str, float]) -> list[float]:
        """Class probabilities (in ``classes`` order) of one candidate."""
        scores = list(self.intercept)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    scores[k] += wk * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def probability(self, feats: dict[str, float]) -> float:
        """The probability that a candidate reports an event (of the type its trigger gives)."""
        return 1.0 - self.proba(feats)[self.classes.index("none")]

    def to_json(self, note: str) -> dict[str, object]:
        return {
            "_note": note,
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "threshold": self.threshold,
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
        }


def from_json(data: dict[str, object], source: str = MODEL_FILE) -> TriggerModel:
    try:
        classes = tuple(str(c) for c in data["classes"])  # type: ignore[attr-defined]
        model = TriggerModel(
            classes=classes,
            intercept=tuple(float(x) for x in data["intercept"]),  # type: ignore[attr-defined]
            weights={str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()},  # type: ignore[attr-defined]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"invalid trigger model: {exc}", source=source) from exc
    if "none" not in classes or len(model.intercept) != len(classes):
        raise ConfigError("trigger model needs a 'none' class and one intercept per class", source=source)
    if any(len(w) != len(classes) for w in model.weights.values()):
        raise ConfigError("trigger model: a weight row does not match the classes", source=source)
    return model


@cache
def trigger_model() -> TriggerModel:
    """The shipped trigger model, loaded once."""
    return from_json(load_json(MODEL_FILE), source=f"claimwatch/resources/{MODEL_FILE}")
