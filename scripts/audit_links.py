"""Audit a ledger's cross-article links against a hand-checked list: what an analyst would check.

    .venv/bin/python scripts/audit_links.py                      # the development gold articles
    .venv/bin/python scripts/audit_links.py --jsonl docs.jsonl   # documents extracted already
    .venv/bin/python scripts/audit_links.py --db sqlite:///x.db --gold other.json

Without ``--db`` it builds a fresh SQLite ledger in a temporary folder from ``--jsonl`` or, by
default, by extracting ``../shared/seeds/*.txt`` and ``../shared/eval/texts/*.txt``. It prints:

* contradiction precision and recall against the list's contradictions (``--gold``, by default
  ``benchmarks/data/links_gold.json``): a ledger conflict is right when it joins the two groups
  of one listed contradiction;
* denial-link accuracy: a listed denial is right when the claims the ledger links to it are
  exactly the listed ones (``optional`` ones may be there or not); a denial the list does not
  know counts as wrong when it links anything;
* claims dated by ingestion (a date that is not their article's publication date), and claims
  and events dated although their article is undated;
* series that hold more than one measure, or the measure ``other``.

``--check`` exits 1 when a figure misses the issue's bar (precision 0.9, recall 0.8, denial
accuracy 0.8, nothing dated by ingestion, one measure per series).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from claimwatch.models import Document
from claimwatch.store import schema as t
from claimwatch.store.ledger import Ledger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "data" / "links_gold.json"


def _key(doc: str, start: int | None) -> str:
    return f"{doc}:{start}"


def predicted_conflicts(conn: Connection) -> list[tuple[str, str, str]]:
    """Every conflict of current documents as (claim key, claim key, detail)."""
    x, d = t.contradictions.c, t.documents
    a, b = aliased(t.claims), aliased(t.claims)
    da, db = aliased(d), aliased(d)
    q = (
        select(da.c.doc_id, a.c.char_start, db.c.doc_id.label("other_doc"), b.c.char_start.label("other"), x.detail)
        .select_from(t.contradictions)
        .join(a, a.c.id == x.claim_id)
        .join(b, b.c.id == x.other_claim_id)
        .join(da, da.c.id == a.c.document_id)
        .join(db, db.c.id == b.c.document_id)
        .where(x.kind == "conflict", da.c.is_current, db.c.is_current)
    )
    return [(_key(r.doc_id, r.char_start), _key(r.other_doc, r.other), r.detail or "") for r in conn.execute(q)]


def predicted_denials(conn: Connection) -> dict[str, set[str]]:
    """Each denial (document and offset of its words) with the claims linked to it."""
    x, d, c = t.contradictions.c, t.documents.c, t.claims.c
    q = (
        select(d.doc_id, x.char_start, c.char_start.label("claim"))
        .select_from(t.contradictions.join(t.documents, d.id == x.document_id).join(t.claims, c.id == x.claim_id))
        .where(x.kind == "denial", d.is_current)
    )
    out: dict[str, set[str]] = defaultdict(set)
    for r in conn.execute(q):
        out[_key(r.doc_id, r.char_start)].add(_key(r.doc_id, r.claim))
    return out


def score_conflicts(pred: list[tuple[str, str, str]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    def joins(p: tuple[str, str, str], g: dict[str, Any]) -> bool:
        x, y = p[0], p[1]
        return (x in g["a"] and y in g["b"]) or (x in g["b"] and y in g["a"])

    right = [p for p in pred if any(joins(p, g) for g in gold)]
    found = [g for g in gold if any(joins(p, g) for p in pred)]
    return {
        "predicted": len(pred),
        "right": len(right),
        "gold": len(gold),
        "found": len(found),
        "precision": len(right) / len(pred) if pred else 1.0,
        "recall": len(found) / len(gold) if gold else 1.0,
        "wrong": [p for p in pred if p not in right],
        "missed": [g["a"][0] + " / " + g["b"][0] for g in gold if g not in found],
    }


def score_denials(pred: dict[str, set[str]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    right, wrong = 0, []
    for g in gold:
        got = pred.get(g["at"], set())
        want, optional = set(g["claims"]), set(g.get("optional", []))
        if want <= got <= want | optional:
            right += 1
        else:
            wrong.append(f"{g['at']}: linked {sorted(got)}, expected {sorted(want)}")
    known = {g["at"] for g in gold}
    unknown = [k for k, v in pred.items() if k not in known and v]
    wrong += [f"{k}: not a listed denial, linked {sorted(pred[k])}" for k in unknown]
    total = len(gold) + len(unknown)
    return {"denials": total, "right": right, "accuracy": right / total if total else 1.0, "wrong": wrong}


def date_checks(conn: Connection) -> dict[str, int]:
    """Items whose date is not their article's: by ingestion, or dated though the article is not."""
    d = t.documents.c
    out = {}
    for name, table in (("claims", t.claims), ("quotes", t.quotes)):
        c = table.c
        base = select(func.count()).select_from(table.join(t.documents, d.id == c.document_id))
        out[f"{name} dated by ingestion"] = (
            conn.scalar(
                base.where(c.date.is_not(None), func.date(c.date) == func.date(d.first_seen), d.published.is_(None))
            )
            or 0
        )
        out[f"{name} dated but their article is undated"] = (
            conn.scalar(base.where(c.date.is_not(None), d.published.is_(None))) or 0
        )
        out[f"{name} not dated by their article"] = (
            conn.scalar(base.where(d.published.is_not(None), (c.date.is_(None)) | (c.date != d.published))) or 0
        )
    ev = t.events.c
    out["events dated by ingestion"] = (
        conn.scalar(
            select(func.count())
            .select_from(t.events.join(t.documents, d.id == ev.document_id))
            .where(ev.date.is_not(None), d.published.is_(None), ev.event_date.is_(None))
        )
        or 0
    )
    return out


def series_checks(conn: Connection) -> dict[str, int]:
    s, c = t.series.c, t.claims.c
    mixed = conn.execute(
        select(s.id)
        .select_from(t.series.join(t.claims, c.series_id == s.id))
        .group_by(s.id)
        .having(func.count(func.distinct(c.measure)) > 1)
    ).all()
    off = conn.scalar(
        select(func.count()).select_from(t.series.join(t.claims, c.series_id == s.id)).where(c.measure != s.measure)
    )
    return {
        "series": conn.scalar(select(func.count()).select_from(t.series)) or 0,
        "series with several measures": len(mixed),
        "claims whose measure is not their series'": off or 0,
        "series of the measure 'other'": conn.scalar(
            select(func.count()).select_from(t.series).where(s.measure == "other")
        )
        or 0,
    }


def _documents(args: argparse.Namespace) -> list[Document]:
    if args.jsonl:
        return [Document.model_validate_json(line) for line in Path(args.jsonl).read_text("utf-8").splitlines() if line]
    from claimwatch.core import process_many, read_inputs

    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "eval" / "texts").glob("*.txt"))
    if not paths:
        sys.exit(f"audit_links: no articles in {SHARED} (seeds/, eval/texts/)")
    return [d for d in process_many(read_inputs([str(p) for p in paths])) if isinstance(d, Document)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="audit this ledger instead of building one")
    parser.add_argument("--jsonl", help="build the ledger from these extracted documents")
    parser.add_argument("--gold", default=str(GOLD), help="the hand-checked list (JSON)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses the bar")
    args = parser.parse_args(argv)
    gold = json.loads(Path(args.gold).read_text("utf-8")) if args.gold and Path(args.gold).exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'audit.db'}"
        with Ledger.open(url) as ledger:
            if not args.db:
                ledger.ingest_documents(_documents(args))
            with ledger.engine.connect() as conn:
                report = {
                    "contradictions": score_conflicts(predicted_conflicts(conn), gold.get("contradictions", [])),
                    "denials": score_denials(predicted_denials(conn), gold.get("denials", [])),
                    "dates": date_checks(conn),
                    "series": series_checks(conn),
                }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        _print(report)
    ok = (
        report["contradictions"]["precision"] >= 0.9
        and report["contradictions"]["recall"] >= 0.8
        and report["denials"]["accuracy"] >= 0.8
        and report["dates"]["claims dated by ingestion"] == 0
        and report["dates"]["claims dated but their article is undated"] == 0
        and report["series"]["series with several measures"] == 0
    )
    return 0 if ok or not args.check else 1


def _print(r: dict[str, Any]) -> None:
    c, d = r["contradictions"], r["denials"]
    print(
        f"contradictions  precision {c['precision']:.2f} ({c['right']}/{c['predicted']})  "
        f"recall {c['recall']:.2f} ({c['found']}/{c['gold']})"
    )
    for p in c["wrong"]:
        print(f"  not listed: {p[0]} vs {p[1]} ({p[2]})")
    for m in c["missed"]:
        print(f"  missed: {m}")
    print(f"denial links    accuracy {d['accuracy']:.2f} ({d['right']}/{d['denials']})")
    for w in d["wrong"]:
        print(f"  wrong: {w}")
    for k, v in {**r["dates"], **r["series"]}.items():
        print(f"{k:44} {v}")


if __name__ == "__main__":
    sys.exit(main())
