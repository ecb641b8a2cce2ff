"""Train the event trigger model on the development gold and print figures cross-validated by article.

Usage (from the project root):
    PYTHONPATH=src python scripts/train_events.py [--gold ../shared/eval/gold] [--write]

Every candidate trigger of the gold articles (``nlp/events/features.py``) is labelled with the type
of the gold event whose anchor covers it, "none" when no anchor covers it; a candidate covered only
by an optional (borderline) gold event is left out of training. A multinomial logistic regression
is fitted; the figures are the shared scorer's events P/R/F1 on the whole component (detection +
grouping), 5-fold GroupKFold by article (no article in train and test), beside the in-sample ones.
``--write`` saves the model fitted on every article to ``resources/models/events.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from claimwatch.core import _finish, clean
from claimwatch.nlp.components.events import EventComponent, featurised
from claimwatch.nlp.events.model import MODEL_FILE, TriggerModel
from claimwatch.nlp.pipeline import get_pipeline
from claimwatch.sources.files import read_path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/claimwatch/resources" / MODEL_FILE


def load_scorer(gold: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cw_score", gold.parent / "score.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _norm(s: str) -> str:
    return s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


def anchor_spans(text: str, events: list[dict]) -> list[tuple[int, int, dict]]:
    """Character spans of the gold anchors in the analysed text (found literally, else by words)."""
    ntext = _norm(text)
    out = []
    for ev in events:
        anchor = _norm(ev["anchor"])
        at = ntext.find(anchor)
        if at < 0:  # "[Afghan]"-style insertions: the longest run of the anchor's words found
            words = re.findall(r"\S+", re.sub(r"\[[^]]*\]", " ", anchor))
            runs = [" ".join(words[i:j]) for i in range(len(words)) for j in range(len(words), i, -1)]
            for run in sorted(runs, key=len, reverse=True):
                if len(run.split()) >= 3 and (at := ntext.find(run)) >= 0:
                    anchor = run
                    break
        if at >= 0:
            out.append((at, at + len(anchor), ev))
    return out


def label(tok_idx: int, etype: str, spans: list[tuple[int, int, dict]], sent: tuple[int, int]) -> str | None:
    """ "event" when a required gold event of the trigger's type covers the candidate, "none" when no
    gold event covers it, None (left out) when only an optional one or one of another type does."""
    covering = [ev for s, e, ev in spans if s <= tok_idx < e]
    if any(not ev.get("optional") and ev["type"] == etype for ev in covering):
        return "event"
    if any(s < sent[1] and e > sent[0] and ev["type"] == etype for s, e, ev in spans):
        return None  # the sentence reports a gold event of this type: the mention is grouped into it
    return None if covering else "none"


class Article:
    def __init__(self, gold: dict, home: Path) -> None:
        self.gold = gold
        self.raw = read_path(home / gold["file"])
        self.cleaned = clean(self.raw)
        nlp = get_pipeline()
        with nlp.select_pipes(disable=["events"]):
            self.doc = nlp(self.cleaned.text)
        self.claims = list(self.doc._.cw_claims or [])
        self.quotes = list(self.doc._.cw_quotes or [])
        spans = anchor_spans(self.doc.text, gold["events"])
        self.rows = [
            (f, label(t.idx, etype, spans, (st.start_char, st.end_char))) for t, st, etype, f in featurised(self.doc)
        ]
        self.reset()

    def reset(self) -> None:
        self.doc._.cw_claims = list(self.claims)
        self.doc._.cw_quotes = list(self.quotes)

    def predicted(self, model: TriggerModel) -> dict:
        self.reset()
        events = EventComponent(get_pipeline(), "events").events(self.doc, model)
        self.doc._.cw_events = events
        document = _finish(self.raw, self.cleaned, self.doc)
        self.reset()
        return {"events": [e.model_dump() for e in document.events]}


DROP: tuple[str, ...] = ()
BALANCED = False
VERBOSE = False


def fit(rows: list[tuple[dict, str]], c: float, threshold: float) -> TriggerModel:
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in f.items() if not k.startswith(DROP)} for f, _ in rows])
    y = [lab for _, lab in rows]
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if BALANCED else None)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    coef = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]])
    icpt = clf.intercept_ if len(clf.classes_) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
    weights = {
        str(n): tuple(round(float(v), 4) for v in coef[:, j])
        for j, n in enumerate(names)
        if np.abs(coef[:, j]).max() > 1e-4
    }
    return TriggerModel(
        classes=tuple(str(c) for c in clf.classes_),
        intercept=tuple(round(float(v), 4) for v in icpt),
        weights=weights,
        threshold=threshold,
    )


def evaluate(scorer, articles: list[Article], models: list[TriggerModel]) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    prf = scorer.PRF()
    for art, model in zip(articles, models, strict=True):
        pred = art.predicted(model)["events"]
        gold = art.gold["events"]
        pairs = scorer.greedy(gold, pred, scorer.event_score)
        scorer.tally(gold, pred, pairs, prf)
        if VERBOSE:
            matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
            for j, e in enumerate(pred):
                if j not in matched_p:
                    print(f"  {art.gold['id']} extra {e['type']} @{e['location']}: {e['text'][:90]!r}")
            for i, g in enumerate(gold):
                if i not in matched_g and not g.get("optional"):
                    print(f"  {art.gold['id']} missed {g['type']} @{g['location']}: {g['anchor'][:90]!r}")
    p = prf.tp / max(1, prf.tp + prf.fp)
    r = prf.tp / max(1, prf.tp + prf.fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared/eval/gold")
    ap.add_argument("--c", type=float, nargs="*", default=[0.3, 1.0, 3.0])
    ap.add_argument("--thresholds", type=float, nargs="*", default=[0.4, 0.5])
    ap.add_argument("--drop", nargs="*", default=[], help="leave out features with these prefixes")
    ap.add_argument("--unbalanced", action="store_true", help="do not weight the classes by inverse frequency")
    ap.add_argument("--verbose", action="store_true", help="print the cross-validated errors")
    ap.add_argument("--write", action="store_true", help="save the model fitted on all articles")
    args = ap.parse_args()
    global DROP, BALANCED, VERBOSE
    VERBOSE = args.verbose
    DROP, BALANCED = tuple(args.drop), not args.unbalanced
    gold_dir = args.gold.resolve()
    scorer = load_scorer(gold_dir)
    golds = [json.loads(f.read_text()) for f in sorted(gold_dir.glob("*.json"))]
    articles = [Article(g, gold_dir.parents[1]) for g in golds]
    n_pos = sum(1 for a in articles for _, lab in a.rows if lab not in {None, "none"})
    n_all = sum(1 for a in articles for _, lab in a.rows if lab is not None)
    print(f"{len(articles)} articles, {n_all} labelled candidates, {n_pos} event triggers")
    folds = list(GroupKFold(n_splits=5).split(np.zeros(len(articles)), groups=list(range(len(articles)))))
    best: tuple[float, float, float] | None = None
    for c in args.c:
        fold_models: list[dict[int, TriggerModel]] = []
        for train, test in folds:
            rows = [(f, lab) for i in train for f, lab in articles[i].rows if lab is not None]
            base = fit(rows, c, 0.5)
            fold_models.append({i: base for i in test})
        for th in args.thresholds:
            models = []
            for i in range(len(articles)):
                m = next(fm[i] for fm in fold_models if i in fm)
                models.append(TriggerModel(m.classes, m.intercept, m.weights, th))
            p, r, f1 = evaluate(scorer, articles, models)
            print(f"C={c:<5} threshold={th:.2f}  CV by article (5-fold GroupKFold): P {p:.3f} R {r:.3f} F1 {f1:.3f}")
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, c, th)
    assert best is not None
    f1, c, th = best
    all_rows = [(f, lab) for a in articles for f, lab in a.rows if lab is not None]
    final = fit(all_rows, c, th)
    p, r, f1_in = evaluate(scorer, articles, [final] * len(articles))
    print(f"chosen C={c} threshold={th}: CV F1 {f1:.3f}; in-sample P {p:.3f} R {r:.3f} F1 {f1_in:.3f}")
    if args.write:
        note = (
            f"Event trigger model: multinomial logistic regression (C={c}, threshold {th}) over the features of "
            f"claimwatch.nlp.events.features, trained by scripts/train_events.py on the {len(articles)} development "
            f"gold articles ({n_all} candidates). Events F1 cross-validated by article {f1:.3f}, in-sample {f1_in:.3f}."
        )
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(final.to_json(note), indent=0, ensure_ascii=False) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB, {len(final.weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
