#!/usr/bin/env python3
"""Train the attribution models from ../shared/eval and print figures cross-validated by article.

    PYTHONPATH=src python scripts/train_attribution.py [--eval ../shared/eval] [--cache /tmp/claimwatch-attr]
        [--no-write] [--polnear-limit N]

Data: the development gold (gold/ + the seed and development texts) and the PolNeAR training split
(polnear/: source / cue / content spans). Every statement the quote component finds gets its
speaker candidates and feature rows (``claimwatch.nlp.attribution.features``); a candidate is a
positive when its name is the gold speaker (dev: the scorer's alias rule; PolNeAR: a shared
capitalised word with the gold source, the PolNeAR scorer's rule; PolNeAR statements whose gold
source is a pronoun or a common noun are left out of training).

Figures (5-fold GroupKFold by article, then in-sample): dev quotes span+speaker F1 and speaker
accuracy, PolNeAR speaker accuracy on named sources, each beside the rule resolver alone. Writes
``src/claimwatch/resources/models/attribution_speaker.json`` (LightGBM's JSON dump + threshold).

Parsed documents are cached (spaCy DocBin, model + entity ruler only) under --cache, so a second
run skips the parse.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
from sklearn.model_selection import GroupKFold
from spacy.tokens import Doc, DocBin

from claimwatch.core import clean
from claimwatch.nlp.attribution.features import FEATURES
from claimwatch.nlp.attribution.statements import STATEMENT_FEATURES
from claimwatch.nlp.convert import to_document
from claimwatch.nlp.pipeline import get_pipeline
from claimwatch.sources.files import read_path

OURS = ("entities", "quotes", "claims", "events")
MODELS = pathlib.Path(__file__).resolve().parents[1] / "src/claimwatch/resources/models"
OUT = MODELS / "attribution_speaker.json"
STATEMENT_OUT = MODELS / "attribution_statement.json"
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.15,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 2,
    "seed": 7,
}
ROUNDS = 80  # trees are walked in Python for every candidate: few, shallow ones keep extraction fast
UNNAMED = 0.5  # when the rules found no speaker, a candidate needs this much to be named


def load_module(path: pathlib.Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Stmt:
    """One statement: its quote dict (contract shape), candidate rows, labels and the rule's pick."""

    quote: dict[str, Any]
    keys: list[str]
    rows: list[list[float]]
    labels: list[int] | None  # None: no usable gold speaker for training
    rule: str | None
    probs: Any = None


@dataclass
class Article:
    name: str
    corpus: str
    text: str
    names: dict[str, str]
    quotes: list[dict[str, Any]]
    stmts: list[Stmt] = field(default_factory=list)
    gold: Any = None
    marked: list[tuple[list[float], int, int]] = field(default_factory=list)  # row, label, old rules' keep


# ------------------------------------------------------------------------------------- parsing
def parsed(nlp: Any, texts: list[str], cache: pathlib.Path) -> list[Doc]:
    """The model's parse of ``texts`` (claimwatch components off), from the cache when it matches."""
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts, strict=True)):
            return docs
    db = DocBin(store_user_data=False)
    docs = []
    with nlp.select_pipes(disable=list(OURS)):
        for doc in nlp.pipe(texts, batch_size=32):
            db.add(doc)
            docs.append(doc)
    cache.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(cache)
    return docs


def analyse(nlp: Any, doc: Doc, full: bool) -> tuple[list[Any], list[Any]]:
    """Run claimwatch's components on a parsed doc (rules only), recording the models' inputs."""
    quotes = nlp.get_pipe("quotes")
    quotes.use_model, quotes.recorder, quotes.statements = False, [], []
    for name in OURS if full else OURS[:2]:
        doc = nlp.get_pipe(name)(doc)
    rec, marked = quotes.recorder, quotes.statements
    quotes.use_model, quotes.recorder, quotes.statements = True, None, None
    return rec, marked


def build(art: Article, records: list[Any], label: Any) -> None:
    by_span = {(s, e): (kind, rule, rows) for s, e, kind, rule, rows in records}
    for q in art.quotes:
        hit = by_span.get((q["start"], q["end"]))
        if hit is None:
            continue
        _, rule, rows = hit
        keys = [k for k in rows if k in art.names]  # an entity dropped with the page header is gone
        art.stmts.append(Stmt(q, keys, [rows[k] for k in keys], label(art, q, keys), rule))


# ------------------------------------------------------------------------------------- corpora
def dev_articles(nlp: Any, ev: pathlib.Path, cache: pathlib.Path, scorer: Any) -> list[Article]:
    golds = [json.loads(f.read_text()) for f in sorted((ev / "gold").glob("*.json"))]
    raws = [read_path(ev.parent / g["file"]) for g in golds]
    cleaned = [clean(r) for r in raws]
    docs = parsed(nlp, [c.text for c in cleaned], cache / "dev.spacy")
    arts = []
    for g, raw, cl, doc in zip(golds, raws, cleaned, docs, strict=True):
        records, marked = analyse(nlp, doc, full=True)
        index = doc._.cw_entities
        document = to_document(
            doc,
            ident=raw.id,
            source=raw.source,
            title=raw.title or cl.title,
            published=raw.published or cl.published,
            language=cl.language,
            analyse_from=cl.headed_offset,
        )
        art = Article(
            g["id"],
            "dev",
            document.text,
            {k: r.name for k, r in index.entities.items()},
            [q.model_dump() for q in document.quotes],
            gold=(g, scorer.Aliases(g.get("entities", []))),
        )
        pairs = dict((j, i) for i, j in scorer.greedy(g["quotes"], art.quotes, scorer.quote_score))

        def label(a: Article, q: dict[str, Any], keys: list[str], pairs: dict[int, int] = pairs) -> list[int] | None:
            j = a.quotes.index(q)
            if j not in pairs:
                return None
            gq = a.gold[0]["quotes"][pairs[j]]
            if gq.get("optional"):
                return None
            al = a.gold[1]
            return [int(bool(gq.get("speaker")) and al.same(a.names[k], gq["speaker"])) for k in keys]

        build(art, records, label)
        kept = {(q["start"], q["end"]) for q in art.quotes if q["kind"] == "direct"}
        for ms, me, row in marked:
            inner = {"text": doc.text[ms:me]}
            pos = any(scorer.quote_score(gq, inner) > 0 for gq in g["quotes"])
            art.marked.append((row, int(pos), int(any(ms <= s < me + 1 for s, _ in kept))))
        arts.append(art)
    return arts


def polnear_articles(nlp: Any, ev: pathlib.Path, cache: pathlib.Path, pscore: Any, limit: int) -> list[Article]:
    docs_gold = pscore.load(ev / "polnear")[: limit or None]
    docs = parsed(nlp, [t for _, t, _ in docs_gold], cache / f"polnear{limit or ''}.spacy")
    arts = []
    for (stem, text, gold), doc in zip(docs_gold, docs, strict=True):
        records, marked = analyse(nlp, doc, full=False)
        index = doc._.cw_entities
        names = {k: r.name for k, r in index.entities.items()}
        quotes = []
        for q in doc._.cw_quotes:
            quotes.append(
                {"start": q.start, "end": q.end, "kind": q.kind, "text": q.text, "speaker": names.get(q.speaker_key)}
            )
        art = Article(stem, "polnear", text, names, quotes, gold=gold)

        def label(a: Article, q: dict[str, Any], keys: list[str]) -> list[int] | None:
            span = (q["start"], q["end"])
            best = max(
                (g for g in a.gold if pscore.inside(span, (g["start"], g["end"]))),
                key=lambda g: pscore.overlap(span, (g["start"], g["end"])),
                default=None,
            )
            src = best["source"] if best else None
            if not src or src.split()[-1].lower() in pscore.PRONOUNS or not pscore.names(src):
                return None
            gold_names = pscore.names(src)
            return [int(bool(pscore.names(a.names[k]) & gold_names)) for k in keys]

        build(art, records, label)
        kept = {(q["start"], q["end"]) for q in quotes if q["kind"] == "direct"}
        for ms, me, row in marked:
            pos = any(pscore.inside((ms, me), (g["start"], g["end"])) for g in gold)
            art.marked.append((row, int(pos), int(any(ms <= s < me + 1 for s, _ in kept))))
        arts.append(art)
    return arts


# ------------------------------------------------------------------------------------- learning
DEV_WEIGHT = 10.0  # the development gold is the kind of reporting claimwatch reads; PolNeAR is US politics


def matrix(arts: list[Article]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for a in arts:
        for s in a.stmts:
            if s.labels is None:
                continue
            xs.extend(s.rows)
            ys.extend(s.labels)
            ws.extend([DEV_WEIGHT if a.corpus == "dev" else 1.0] * len(s.rows))
    return np.array(xs, dtype=float), np.array(ys), np.array(ws)


def train(arts: list[Article]) -> lgb.Booster:
    x, y, w = matrix(arts)
    data = lgb.Dataset(x, y, weight=w, feature_name=list(FEATURES), free_raw_data=False)
    return lgb.train(PARAMS, data, num_boost_round=ROUNDS)


def apply(arts: list[Article], booster: lgb.Booster | None, threshold: float) -> None:
    stmts = [(a, s) for a in arts for s in a.stmts]
    if booster is None:
        for a, s in stmts:
            s.quote["speaker"] = a.names.get(s.rule) if s.rule else None
        return
    rows = [r for _, s in stmts for r in s.rows]
    probs = booster.predict(np.array(rows, dtype=float)) if rows else np.array([])
    pos = 0
    for _, s in stmts:
        s.probs = probs[pos : pos + len(s.rows)]
        pos += len(s.rows)
    pick(arts, threshold)


def pick(arts: list[Article], threshold: float, unnamed: float = UNNAMED) -> None:
    """Each statement's speaker from its candidates' probabilities (see ``Ranker.choose``)."""
    for a in arts:
        for s in a.stmts:
            p = s.probs
            best = int(np.argmax(p)) if p is not None and len(p) else -1
            need = threshold if s.rule is not None else unnamed
            s.quote["speaker"] = a.names[s.keys[best]] if best >= 0 and p[best] > need else None


def dev_figures(arts: list[Article], scorer: Any) -> tuple[float, float]:
    e2e, acc = scorer.PRF(), scorer.Acc()
    for a in arts:
        g, al = a.gold
        pairs = scorer.greedy(g["quotes"], a.quotes, scorer.quote_score)
        ok = lambda gq, pq, al=al: al.same(pq.get("speaker"), gq.get("speaker"))  # noqa: E731
        scorer.tally(g["quotes"], a.quotes, pairs, e2e, ok)
        for i, j in pairs:
            if not g["quotes"][i].get("optional"):
                acc.add(ok(g["quotes"][i], a.quotes[j]))
    return round(e2e.f, 3), round(acc.ok / max(1, acc.n), 3)


def polnear_figure(arts: list[Article], pscore: Any) -> tuple[float, int]:
    docs = [(a.name, a.text, a.gold) for a in arts]
    preds = {a.name: {"text": a.text, "quotes": a.quotes} for a in arts}
    r = pscore.score(docs, preds)
    return r["speaker_accuracy"]["acc"], r["speaker_accuracy"]["n"]


def figures(dev: list[Article], pol: list[Article], scorer: Any, pscore: Any) -> str:
    f1, acc = dev_figures(dev, scorer)
    pacc, n = polnear_figure(pol, pscore)
    return f"dev quotes span+speaker F1 {f1:.3f}  speaker acc {acc:.3f}  |  PolNeAR speaker acc {pacc:.3f} (n={n})"


def cross_validate(dev: list[Article], pol: list[Article], threshold: float) -> None:
    """Out-of-fold speakers for every article: 5 folds by article over both corpora."""
    arts = dev + pol
    gkf = GroupKFold(n_splits=5)
    idx = np.arange(len(arts))
    for train_i, test_i in gkf.split(idx, groups=idx):
        booster = train([arts[i] for i in train_i])
        apply([arts[i] for i in test_i], booster, threshold)


def statement_model(arts: list[Article]) -> lgb.Booster:
    rows = [(r, y, DEV_WEIGHT if a.corpus == "dev" else 1.0) for a in arts for r, y, _ in a.marked]
    x = np.array([r for r, _, _ in rows], dtype=float)
    data = lgb.Dataset(
        x, [y for _, y, _ in rows], weight=[w for _, _, w in rows], feature_name=list(STATEMENT_FEATURES)
    )
    return lgb.train({**PARAMS, "num_leaves": 7}, data, num_boost_round=50)


def prf(pairs: list[tuple[int, int]]) -> str:
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if p and not y)
    fn = sum(1 for y, p in pairs if y and not p)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"


def statement_figures(dev: list[Article], pol: list[Article], threshold: float) -> lgb.Booster:
    """The statement detector: old rules vs 5-fold CV vs in-sample, on every quoted string."""
    arts = dev + pol
    oof: dict[int, list[float]] = {}
    idx = np.arange(len(arts))
    for train_i, test_i in GroupKFold(n_splits=5).split(idx, groups=idx):
        model = statement_model([arts[i] for i in train_i])
        for i in test_i:
            rows = [r for r, _, _ in arts[i].marked]
            oof[i] = list(model.predict(np.array(rows, dtype=float))) if rows else []
    final = statement_model(arts)
    for label, group in (("dev", dev), ("PolNeAR", pol)):
        ids = [arts.index(a) for a in group]
        rules = [(y, k) for i in ids for _, y, k in arts[i].marked]
        cv = [(y, int(p > threshold)) for i in ids for (_, y, _), p in zip(arts[i].marked, oof[i], strict=True)]
        rows = [r for i in ids for r, _, _ in arts[i].marked]
        ins = [
            (y, int(p > threshold))
            for (_, y, _), p in zip(
                [m for i in ids for m in arts[i].marked], final.predict(np.array(rows, dtype=float)), strict=True
            )
        ]
        print(f"statements {label:8s} rules {prf(rules)} | CV {prf(cv)} | in-sample {prf(ins)}")
    return final


def write_model(path: pathlib.Path, booster: lgb.Booster, **extra: float) -> None:
    model = booster.dump_model()
    slim = {
        "feature_names": model["feature_names"],
        "tree_info": [{"tree_structure": slim_tree(t["tree_structure"])} for t in model["tree_info"]],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**extra, "model": slim}, separators=(",", ":")))
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


KEEP = ("split_feature", "threshold", "decision_type", "default_left", "leaf_value")


def slim_tree(node: dict[str, Any]) -> dict[str, Any]:
    """A tree node with only what the ranker reads (the dump also carries counts and gains)."""
    out: dict[str, Any] = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in node.items() if k in KEEP}
    for side in ("left_child", "right_child"):
        if side in node:
            out[side] = slim_tree(node[side])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", default="../shared/eval", type=pathlib.Path)
    ap.add_argument("--cache", default="/tmp/claimwatch-attr", type=pathlib.Path)
    ap.add_argument("--polnear-limit", type=int, default=0, help="use only the first N PolNeAR articles")
    ap.add_argument("--threshold", type=float, default=0.2, help="a speaker needs at least this probability")
    ap.add_argument("--unnamed", type=float, default=UNNAMED, help="the same when the rules found nobody")
    ap.add_argument("--statement-threshold", type=float, default=0.5)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--dev-weight", type=float, default=DEV_WEIGHT)
    a = ap.parse_args()
    globals()["DEV_WEIGHT"] = a.dev_weight
    t0 = time.time()
    scorer = load_module(a.eval / "score.py", "cw_score")
    pscore = load_module(a.eval / "polnear_score.py", "cw_polnear_score")
    nlp = get_pipeline()
    dev = dev_articles(nlp, a.eval, a.cache, scorer)
    pol = polnear_articles(nlp, a.eval, a.cache, pscore, a.polnear_limit)
    n_dev = sum(s.labels is not None for x in dev for s in x.stmts)
    n_pol = sum(s.labels is not None for x in pol for s in x.stmts)
    print(
        f"{len(dev)} dev + {len(pol)} PolNeAR articles; {n_dev} + {n_pol} labelled statements ({time.time() - t0:.0f} s)"
    )
    apply(dev + pol, None, a.threshold)
    print("rules alone        ", figures(dev, pol, scorer, pscore))
    cross_validate(dev, pol, a.threshold)
    print("ranker, 5-fold CV  ", figures(dev, pol, scorer, pscore))
    for th in (0.02, 0.1, 0.2):
        for un in (0.3, 0.5, 0.7, 0.9):
            pick(dev + pol, th, un)
            print(f"  threshold {th:.2f} {un:.1f}", figures(dev, pol, scorer, pscore))
    pick(dev + pol, a.threshold, a.unnamed)
    booster = train(dev + pol)
    apply(dev + pol, booster, a.threshold)
    print("ranker, in-sample  ", figures(dev, pol, scorer, pscore))
    detector = statement_figures(dev, pol, a.statement_threshold)
    if not a.no_write:
        write_model(OUT, booster, threshold=a.threshold, unnamed=a.unnamed)
        write_model(STATEMENT_OUT, detector, threshold=a.statement_threshold)
    print(f"done in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
