#!/usr/bin/env python3
"""Train the entity span filter on the development gold; print figures cross-validated by article.

    PYTHONPATH=src .venv/bin/python scripts/train_entities.py [--eval ../shared/eval] [--geowebnews] [--no-write]

Every candidate entity the component builds (with the filter off) is a sample: features from
``claimwatch.nlp.entities.filter.features`` (shape, context, gazetteer hits, never the name),
label 1 when its name or an alias is a gold entity's name or alias. A LightGBM model is
cross-validated with five GroupKFold folds by article (no article in both train and test): the
scorer's entity figures are computed on the held-out predictions of each fold, beside the
in-sample ones, and the keep threshold is chosen on the cross-validated predictions. The final
model, trained on every article, is written as plain JSON trees to
``src/claimwatch/resources/models/entities_filter.json`` (the package evaluates them without
LightGBM). ``--geowebnews`` also reports place recognition on GeoWebNews' development half with
and without the filter. This script reads ``../shared/eval``; the package never imports it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import lightgbm as lgb
import numpy as np
from sklearn.model_selection import GroupKFold

from claimwatch.core import _finish, clean
from claimwatch.nlp.convert import _entity_ids
from claimwatch.nlp.entities.filter import FEATURE_NAMES, MODEL_FILE, SpanFilter, _Tree
from claimwatch.nlp.pipeline import get_pipeline
from claimwatch.sources.files import read_path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 7,
    "max_depth": 3,
    "min_data_in_leaf": 8,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "seed": 7,
    "num_threads": 1,
}
ROUNDS = 120


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def run(paths: list[Path]) -> list[tuple[dict, dict[str, list[float]]]]:
    """Each article's document (filter off) and its entities' features keyed by public id."""
    nlp = get_pipeline()
    comp = nlp.get_pipe("entities")
    comp.record = True
    out = []
    try:
        for p in paths:
            raw = read_path(p)
            cleaned = clean(raw)
            doc = nlp(cleaned.text)
            document = _finish(raw, cleaned, doc)
            ids = _entity_ids(doc._.cw_entities)
            feats = {ids[k]: v for k, v in doc.user_data["cw_entity_features"].items() if k in ids}
            out.append((json.loads(document.model_dump_json()), feats))
    finally:
        comp.record = False
    return out


def samples(runs, golds, score_mod):
    X, y, groups, keys = [], [], [], []
    for gi, (d, feats) in enumerate(runs):
        g = golds[d["id"]]
        gold_names = [(score_mod.entity_names(e), bool(e.get("optional"))) for e in g.get("entities", [])]
        for e in d["entities"]:
            if e["id"] not in feats:
                continue
            names = score_mod.entity_names(e)
            hits = [opt for gn, opt in gold_names if gn & names]
            if hits and all(hits):
                continue  # only optional gold: neither helps nor hurts
            X.append(feats[e["id"]])
            y.append(int(bool(hits)))
            groups.append(gi)
            keys.append((d["id"], e["id"]))
    return np.array(X), np.array(y), np.array(groups), keys


def filtered(runs, drop: set[tuple[str, str]]) -> list[dict]:
    docs = []
    for d, _f in runs:
        dd = dict(d)
        dd["entities"] = [e for e in d["entities"] if (d["id"], e["id"]) not in drop]
        docs.append(dd)
    return docs


def entity_figures(score_mod, gold_dir: Path, docs: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for d in docs:
            fh.write(json.dumps(d) + "\n")
    r = score_mod.score(gold_dir, Path(fh.name))
    Path(fh.name).unlink()
    e = r["entities"]
    return {
        "f1": e["found"]["f1"],
        "p": e["found"]["p"],
        "r": e["found"]["r"],
        "type": e["type_accuracy"]["acc"],
        "country": e["country_accuracy"]["acc"],
    }


def train(X, y):
    return lgb.train(PARAMS, lgb.Dataset(X, y, feature_name=list(FEATURE_NAMES)), num_boost_round=ROUNDS)


def _flatten(node: dict, cols: tuple[list, list, list, list, list]) -> int:
    """Append a LightGBM tree node (and its subtree) to the column lists; return its index."""
    feature, thr, left, right, value = cols
    i = len(feature)
    feature.append(-1)
    thr.append(0.0)
    left.append(-1)
    right.append(-1)
    value.append(0.0)
    if "leaf_value" in node:
        value[i] = float(node["leaf_value"])
        return i
    assert node["decision_type"] == "<="
    feature[i] = int(node["split_feature"])
    thr[i] = float(node["threshold"])
    left[i] = _flatten(node["left_child"], cols)
    right[i] = _flatten(node["right_child"], cols)
    return i


def to_filter(booster, threshold: float) -> SpanFilter:
    trees = []
    for info in booster.dump_model()["tree_info"]:
        cols: tuple[list, list, list, list, list] = ([], [], [], [], [])
        _flatten(info["tree_structure"], cols)
        trees.append(_Tree(*(tuple(c) for c in cols)))
    return SpanFilter(tuple(trees), 0.0, threshold)


def geowebnews(eval_dir: Path, model: SpanFilter) -> None:
    geo = load_module(eval_dir / "geo_score.py", "geo_score")
    gdocs = geo.load(eval_dir / "geowebnews" / "GWN-dev.xml")
    with tempfile.TemporaryDirectory() as tmp:
        for did, text, _g in gdocs:
            Path(tmp, f"{did}.txt").write_text(text)
        runs = run(sorted(Path(tmp).glob("*.txt")))
    for label, drop in (("without filter", set()), ("with filter", _rejected(runs, model))):
        preds = {d["id"]: d for d in filtered(runs, drop)}
        r = geo.score(gdocs, preds)
        rc, gc = r["recognition"], r["geocoding"]
        print(
            f"GeoWebNews dev {label:15s} place p={rc['p']} r={rc['r']} f1={rc['f1']}  "
            f"acc@161 recognised={gc['acc161_recognised']} end to end={gc['acc161_end_to_end']}"
        )


def _rejected(runs, model: SpanFilter) -> set[tuple[str, str]]:
    return {(d["id"], k) for d, feats in runs for k, x in feats.items() if model.probability(x) < model.threshold}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--geowebnews", action="store_true", help="also measure on GeoWebNews' development half")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    eval_dir = Path(a.eval).resolve()
    score_mod = load_module(eval_dir / "score.py", "score")
    gold_dir = eval_dir / "gold"
    golds = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text())
        golds[g["id"]] = g
    paths = [eval_dir.parent / g["file"] for g in golds.values()]
    runs = run(paths)
    X, y, groups, keys = samples(runs, golds, score_mod)
    print(f"{len(runs)} articles, {len(y)} candidates, {int(y.sum())} names, {int(len(y) - y.sum())} not")
    print("no filter               ", entity_figures(score_mod, gold_dir, [d for d, _ in runs]))

    cv = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        cv[te] = train(X[tr], y[tr]).predict(X[te])
    best = max(
        (
            entity_figures(
                score_mod,
                gold_dir,
                filtered(runs, {k for k, p in zip(keys, cv, strict=True) if p < t}),
            )["f1"],
            -abs(t - 0.5),
            t,
        )
        for t in np.arange(0.1, 0.75, 0.05)
    )
    threshold = round(float(best[2]), 2)
    drop_cv = {k for k, p in zip(keys, cv, strict=True) if p < threshold}
    print(
        f"cross-validated (5 folds by article, threshold {threshold})",
        entity_figures(score_mod, gold_dir, filtered(runs, drop_cv)),
    )
    booster = train(X, y)
    model = to_filter(booster, threshold)
    raw = booster.predict(X, raw_score=True)
    mine = np.array([model.base + sum(t.predict(list(x)) for t in model.trees) for x in X])
    assert np.allclose(raw, mine, atol=1e-6), "tree export differs from LightGBM"
    drop_in = {k for k, x in zip(keys, X, strict=True) if model.probability(list(x)) < threshold}
    print("in-sample               ", entity_figures(score_mod, gold_dir, filtered(runs, drop_in)))
    gain = booster.feature_importance("gain")
    top = sorted(zip(gain, FEATURE_NAMES, strict=True), reverse=True)[:10]
    print("top features:", ", ".join(f"{n} {g:.0f}" for g, n in top))
    if a.geowebnews:
        geowebnews(eval_dir, model)
    if not a.no_write:
        out = ROOT / "src" / "claimwatch" / "resources" / "models" / MODEL_FILE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n")
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
