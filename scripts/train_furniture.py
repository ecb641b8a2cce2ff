"""Train the trailing-furniture line model on the development gold and write it as package data.

Each line of a development article after the header is labelled furniture when it starts at or
after the gold ``boilerplate_starts_with``, else body. A logistic regression over the shape
features of :mod:`claimwatch.clean.tail_model` is fitted; the cut it gives (alone, and combined
with the rule cut as the cleaner uses it) is scored with the scorer's own document measures
(``body_kept``: 95% of the body's 6-grams kept; ``boilerplate_removed``: at most 5% of the
furniture's 6-grams left), in-sample and cross-validated by article (GroupKFold, 5 folds: no
article in both train and test).

    PYTHONPATH=src python scripts/train_furniture.py [--eval ../shared/eval] [--write]

Never imported by the package.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from claimwatch.clean.furniture import split_head
from claimwatch.clean.lines import Seg, normalise
from claimwatch.clean.tail import rule_cut
from claimwatch.clean.tail_model import FEATURES, WINDOW, TailModel, decode, line_features, model_from_dict
from claimwatch.clean.vocabulary import load_patterns

OUT = Path(__file__).resolve().parents[1] / "src" / "claimwatch" / "resources" / "models" / "furniture_tail.json"


def load_scorer(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def articles(eval_dir: Path) -> list[dict[str, Any]]:
    """Every gold article: its normalised text, body lines, rule cut and line labels."""
    pat = load_patterns()
    out = []
    for f in sorted((eval_dir / "gold").glob("*.json")):
        g = json.loads(f.read_text())
        path = f.resolve().parents[2] / g["file"]
        if not path.exists():
            continue
        text = normalise(path.read_text())
        marker = g.get("boilerplate_starts_with")
        cut_at = text.find(marker) if marker else -1
        _, body = split_head(text, pat)
        if len(body) < 2:
            continue
        rule, classes = rule_cut(body, pat)
        start = max(0, len(body) - WINDOW)
        lines = body[start:]
        labels = [int(cut_at >= 0 and ln.start >= cut_at) for ln in lines]
        out.append(
            {
                "id": g["id"],
                "text": text,
                "raw": path.read_text(),
                "cut_at": cut_at,
                "body": body,
                "start": start,
                "rule": rule,
                "classes": classes[start:],
                "X": line_features(lines, classes[start:]),
                "y": labels,
            }
        )
    return out


def measure(arts: list[dict[str, Any]], cuts: list[int], scorer: Any) -> tuple[float, float, list[str]]:
    """body_kept over all articles, boilerplate_removed over those with furniture, and the ids that fail."""
    kept = removed = n_removed = 0
    failures = []
    for a, cut in zip(arts, cuts, strict=True):
        body: list[Seg] = a["body"]
        text = a["text"][: body[cut - 1].end] if cut > 0 else ""
        raw, at = a["raw"], a["cut_at"]
        gold_body = raw[:at] if at >= 0 else raw
        bt, pt = scorer.tokens(gold_body), scorer.tokens(text)
        ok_body = len(scorer.ngrams(bt) & scorer.ngrams(pt)) >= 0.95 * max(1, len(scorer.ngrams(bt)))
        kept += ok_body
        if not ok_body:
            failures.append(f"{a['id']}:body")
        if at >= 0:
            n_removed += 1
            bp = scorer.ngrams(scorer.tokens(raw[at:])) - scorer.ngrams(bt)
            ok = bool(pt) and len(bp & scorer.ngrams(pt)) <= 0.05 * max(1, len(bp))
            removed += ok
            if not ok:
                failures.append(f"{a['id']}:furniture")
    return kept / len(arts), removed / max(1, n_removed), failures


def fit(arts: list[dict[str, Any]], c: float) -> TailModel:
    X = np.array([row for a in arts for row in a["X"]], dtype=float)
    y = np.array([lab for a in arts for lab in a["y"]])
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit((X - mean) / scale, y)
    return TailModel(tuple(mean), tuple(scale), tuple(clf.coef_[0]), float(clf.intercept_[0]))


def cuts_of(arts: list[dict[str, Any]], model: TailModel, combine: bool) -> list[int]:
    out = []
    for a in arts:
        lines = a["body"][a["start"] :]
        learned = a["start"] + decode(lines, a["classes"], model.log_odds(a["X"]))
        out.append(min(learned, a["rule"]) if combine else learned)
    return out


def cross_validated(arts: list[dict[str, Any]], c: float, combine: bool) -> list[int]:
    groups = list(range(len(arts)))
    cuts = [0] * len(arts)
    for train, test in GroupKFold(n_splits=5).split(arts, groups=groups):
        model = fit([arts[i] for i in train], c)
        for i, cut in zip(test, cuts_of([arts[i] for i in test], model, combine), strict=True):
            cuts[i] = cut
    return cuts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("--write", action="store_true", help=f"write the model fitted on every article to {OUT}")
    args = ap.parse_args()
    scorer = load_scorer(args.eval)
    arts = articles(args.eval)
    n_furn = sum(1 for a in arts if a["cut_at"] >= 0)
    print(f"{len(arts)} articles, {n_furn} with trailing furniture, {sum(len(a['y']) for a in arts)} lines")
    kept, removed, fails = measure(arts, [a["rule"] for a in arts], scorer)
    print(f"rules only:                 body_kept {kept:.3f}  boilerplate_removed {removed:.3f}  {fails}")
    for c in sorted({0.03, 0.1, 0.3, 1.0, args.c}):
        model = fit(arts, c)
        for combine in (False, True):
            name = "rules + model" if combine else "model only   "
            ins = measure(arts, cuts_of(arts, model, combine), scorer)
            cv = measure(arts, cross_validated(arts, c, combine), scorer)
            print(
                f"C={c:<5} {name}  in-sample body_kept {ins[0]:.3f} removed {ins[1]:.3f} | "
                f"CV body_kept {cv[0]:.3f} removed {cv[1]:.3f}  {cv[2]}"
            )
    if args.write:
        model = fit(arts, args.c)
        data = {
            "_note": (
                "Trailing-furniture line model for claimwatch.clean.tail_model: logistic regression "
                f"(C={args.c}, balanced classes) over line-shape features, fitted by scripts/train_furniture.py "
                f"on the {len(arts)} development gold articles (labels from boilerplate_starts_with)."
            ),
            "features": list(FEATURES),
            "mean": [round(x, 6) for x in model.mean],
            "scale": [round(x, 6) for x in model.scale],
            "coef": [round(x, 6) for x in model.coef],
            "intercept": round(model.intercept, 6),
        }
        model_from_dict(data)  # the file must load
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
