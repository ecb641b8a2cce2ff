"""Alert rules over what the ledger stored: which claims a rule watches and what fires it.

The rules read the ledger as :mod:`claimwatch.link` left it (claims with their series, resolved
subject, speaker and place entities, denials and conflicts); they look at every document stored
since the last evaluation (a mark in ``watch_marks``, moved in the same transaction as the alerts
it produced, so a crash neither loses nor repeats an alert). Triggers:

- ``new_figure``: a watched claim in a new document (near-duplicate reprints excepted);
- ``out_of_range``: its interval lies outside every earlier figure of the same series;
- ``revised``: the same outlet (or an earlier version of the article) gave a different figure
  in the same series before;
- ``denial`` / ``contradiction``: a new denial of a watched claim, or a figure that conflicts
  with one.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, select

from claimwatch.link.entities import fold
from claimwatch.store import schema as t
from claimwatch.watch import state
from claimwatch.watch.alerts import AlertClaim, NewAlert, insert_alerts
from claimwatch.watch.config import Rule

LOGGER = logging.getLogger(__name__)

CHUNK = 200
"""Documents evaluated per transaction."""


@dataclass
class ClaimView:
    """A stored claim with the names it can be matched by."""

    id: int
    idx: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    measure: str | None
    counted: set[str]
    subject: set[str]
    speaker: set[str]
    place: set[str]
    speaker_name: str | None
    date: Any
    series_id: int | None
    doc_row: int
    doc_id: str
    source: str | None
    outlet: str | None
    previous_id: int | None
    duplicate: bool
    names: dict[str, str | None] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """The claim's identity across versions of its article: where, who, what figure."""
        key = "\x1f".join(
            str(x) for x in (self.source or self.doc_id, self.speaker_name, self.text, self.low, self.high)
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:32]

    def as_alert_claim(self, role: str) -> AlertClaim:
        return AlertClaim(
            role=role,
            doc_id=self.doc_id,
            claim_idx=self.idx,
            text=self.text,
            low=self.low,
            high=self.high,
            speaker=self.speaker_name,
            date=self.date,
        )


def _country_names(code: str | None) -> set[str]:
    if not code:
        return set()
    names = {fold(code)}
    try:
        import pycountry

        country = pycountry.countries.get(alpha_2=code.upper())
        if country is not None:
            names |= {fold(x) for x in (country.name, getattr(country, "common_name", None)) if x}
    except (ImportError, KeyError, LookupError):
        pass
    return names


def _claims(conn: Connection, where: Any) -> list[ClaimView]:
    c, d = t.claims.c, t.documents.c
    rows = conn.execute(
        select(
            c.id,
            c.idx,
            c.text,
            c.low,
            c.high,
            c.qualifier,
            c.measure,
            c.counted,
            c.counted_norm,
            c.subject,
            c.subject_entity_id,
            c.speaker,
            c.speaker_entity_id,
            c.place,
            c.place_country,
            c.place_entity_id,
            c.date,
            c.series_id,
            d.id.label("doc_row"),
            d.doc_id,
            d.source,
            d.outlet,
            d.previous_id,
            d.duplicate_of,
        )
        .select_from(t.claims.join(t.documents, d.id == c.document_id))
        .where(where)
        .order_by(d.id, c.idx)
    ).all()
    ids = {x for r in rows for x in (r.subject_entity_id, r.speaker_entity_id, r.place_entity_id) if x}
    names: dict[int, set[str]] = {i: set() for i in ids}
    if ids:
        e, a = t.entities.c, t.entity_aliases.c
        for r in conn.execute(select(e.id, e.name).where(e.id.in_(sorted(ids)))):
            names[r.id].add(fold(r.name))
        for r in conn.execute(select(a.entity_id, a.norm).where(a.entity_id.in_(sorted(ids)))):
            names[r.entity_id].add(r.norm)

    def named(text: str | None, entity: int | None) -> set[str]:
        out = set(names.get(entity, set())) if entity else set()
        if text:
            out.add(fold(text))
        return out

    return [
        ClaimView(
            id=r.id,
            idx=r.idx,
            text=r.text,
            low=r.low,
            high=r.high,
            qualifier=r.qualifier,
            measure=r.measure,
            counted={fold(x) for x in (r.counted, r.counted_norm) if x},
            subject=named(r.subject, r.subject_entity_id),
            speaker=named(r.speaker, r.speaker_entity_id),
            place=named(r.place, r.place_entity_id) | _country_names(r.place_country),
            speaker_name=r.speaker,
            date=r.date,
            series_id=r.series_id,
            doc_row=r.doc_row,
            doc_id=r.doc_id,
            source=r.source,
            outlet=r.outlet,
            previous_id=r.previous_id,
            duplicate=r.duplicate_of is not None and r.duplicate_of != r.doc_row,
            names={"subject": r.subject, "place": r.place, "counted": r.counted_norm or r.counted},
        )
        for r in rows
    ]


def matches(rule: Rule, claim: ClaimView) -> bool:
    """Whether a rule watches this claim (every filter it gives must hold, names case- and accent-folded)."""
    if rule.entity and fold(rule.entity) not in claim.subject | claim.speaker | claim.place:
        return False
    if rule.speaker and fold(rule.speaker) not in claim.speaker:
        return False
    if rule.subject and fold(rule.subject) not in claim.subject:
        return False
    if rule.place and fold(rule.place) not in claim.place:
        return False
    if rule.counted and fold(rule.counted) not in claim.counted:
        return False
    measure = claim.measure or getattr(claim, "measure", None)
    return not (rule.measure and (measure or "").lower() != rule.measure.lower())


def _top(claim: ClaimView) -> float | None:
    return claim.high if claim.high is not None else claim.low


def _figure(claim: ClaimView) -> str:
    return _figure_of(claim.low, claim.high)


def _figure_of(lo: float | None, hi: float | None) -> str:
    def num(x: float | None) -> str:
        return "…" if x is None else (f"{x:,.0f}" if float(x).is_integer() else f"{x:,}")

    if lo is not None and lo == hi:
        return num(lo)
    if hi is None:
        return f"≥ {num(lo)}" if lo is not None else "vague"
    if lo is None:
        return f"≤ {num(hi)}"
    return f"{num(lo)}–{num(hi)}"


class RuleEngine:
    """Evaluates the configured rules over the documents stored since the last evaluation."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)

    def prepare(self, engine: Engine) -> None:
        """Start the mark at the ledger's current end the first time (older documents fire nothing)."""
        if state.get_mark(engine, state.ALERT_MARK) is None:
            state.init_mark(engine, state.ALERT_MARK, state.max_document_row(engine))

    def evaluate(self, engine: Engine, sources: dict[str, tuple[str, str | None]] | None = None) -> int:
        """Fire the rules on every document stored since the mark; returns how many alerts were stored."""
        self.prepare(engine)
        d = t.documents.c
        total = 0
        while True:
            mark = state.get_mark(engine, state.ALERT_MARK) or 0
            with engine.connect() as conn:
                rows = list(conn.scalars(select(d.id).where(d.id > mark).order_by(d.id).limit(CHUNK)))
            if not rows:
                return total
            with engine.begin() as conn:
                alerts = self._alerts(conn, rows) if self.rules else []
                total += insert_alerts(conn, alerts, state.utcnow())
                state.set_mark(conn, state.ALERT_MARK, rows[-1])

    # -- building alerts ---------------------------------------------------------------------------

    def _alerts(self, conn: Connection, doc_rows: list[int]) -> list[NewAlert]:
        d = t.documents.c
        fresh = _claims(conn, and_(d.id.in_(doc_rows), d.is_current))
        origin = _origins(conn, sorted({x.doc_id for x in fresh}))
        out: list[NewAlert] = []
        needs_history = any(("out_of_range" in r.on or "revised" in r.on) for r in self.rules)
        history = self._history(conn, fresh) if needs_history else {}
        for rule in self.rules:
            for claim in fresh:
                if claim.duplicate or not matches(rule, claim) or rule.target == "denials":
                    continue
                triggers: list[str] = []
                earlier: list[ClaimView] = []
                span = ""
                before = [h for h in history.get(claim.series_id or -1, []) if h.doc_row < claim.doc_row]
                if "new_figure" in rule.on:
                    triggers.append("new_figure")
                if "out_of_range" in rule.on and before and claim.qualifier != "vague":
                    low = min((h.low for h in before if h.low is not None), default=None)
                    high = max((x for h in before if (x := _top(h)) is not None), default=None)
                    top = _top(claim)
                    if (claim.low is not None and high is not None and claim.low > high) or (
                        top is not None and low is not None and top < low
                    ):
                        triggers.append("out_of_range")
                        span = _figure_of(low, high)
                        earlier += [h for h in before if h.low == low or _top(h) == high][:2]
                if "revised" in rule.on:
                    same = [
                        h
                        for h in before
                        if (h.outlet and h.outlet == claim.outlet)
                        or (h.source and h.source == claim.source)
                        or h.doc_row == claim.previous_id
                    ]
                    changed = [h for h in same if (h.low, h.high) != (claim.low, claim.high)]
                    if changed:
                        triggers.append("revised")
                        # the article's own earlier version first, then the latest from the outlet
                        own = [h for h in changed if h.doc_row == claim.previous_id or h.source == claim.source]
                        earlier.append((own or changed)[-1])
                if triggers:
                    out.append(self._alert(rule, claim, triggers, earlier, origin, span))
        out += self._disputes(conn, doc_rows, origin)
        return out

    @staticmethod
    def _history(conn: Connection, fresh: Iterable[ClaimView]) -> dict[int, list[ClaimView]]:
        """Earlier figures of the series the new claims belong to (current, non-duplicate documents)."""
        c = t.claims.c
        series = sorted({x.series_id for x in fresh if x.series_id is not None})
        out: dict[int, list[ClaimView]] = {}
        for i in range(0, len(series), 200):
            part = series[i : i + 200]
            rows = _claims(conn, c.series_id.in_(part))  # earlier versions too: what was said so far
            for row in rows:
                if not row.duplicate:
                    out.setdefault(row.series_id or -1, []).append(row)
        return out

    def _disputes(
        self, conn: Connection, doc_rows: list[int], origin: dict[str, tuple[str, str | None]]
    ) -> list[NewAlert]:
        x = t.contradictions.c
        wanted = {"denial": [r for r in self.rules if "denial" in r.on], "conflict": []}
        wanted["conflict"] = [r for r in self.rules if "contradiction" in r.on]
        if not wanted["denial"] and not wanted["conflict"]:
            return []
        rows = conn.execute(
            select(x.id, x.kind, x.claim_id, x.other_claim_id, x.document_id, x.by_name, x.text, x.detail)
            .where(x.document_id.in_(doc_rows))
            .order_by(x.id)
        ).all()
        if not rows:
            return []
        ids = sorted({i for r in rows for i in (r.claim_id, r.other_claim_id) if i})
        claims = {cv.id: cv for cv in _claims(conn, t.claims.c.id.in_(ids))}
        d = t.documents.c
        doc_ids = dict(
            conn.execute(select(d.id, d.doc_id).where(d.id.in_(sorted({r.document_id for r in rows})))).all()
        )
        origin = origin | _origins(conn, list(doc_ids.values()))
        out: list[NewAlert] = []
        for r in rows:
            rules = wanted.get(r.kind, [])
            claim = claims.get(r.claim_id)
            other = claims.get(r.other_claim_id) if r.other_claim_id else None
            if claim is None:
                continue
            where = doc_ids.get(r.document_id, claim.doc_id)
            for rule in rules:
                hit = claim if matches(rule, claim) else (other if other and matches(rule, other) else None)
                if hit is None:
                    continue
                trigger = "denial" if r.kind == "denial" else "contradiction"
                key = "\x1f".join(
                    str(v) for v in (trigger, hit.fingerprint, r.by_name, r.text, other and other.fingerprint)
                )
                fp = hashlib.sha1(key.encode("utf-8")).hexdigest()[:32]
                peer = other if hit is claim else claim
                extra = [peer.as_alert_claim("earlier")] if peer else []
                if r.kind == "denial":
                    extra.append(AlertClaim(role="denial", doc_id=where, text=r.text or "", speaker=r.by_name))
                who = (
                    f"denied by {r.by_name}"
                    if r.kind == "denial"
                    else f"conflicts with {_figure(peer)}"
                    if peer
                    else ""
                )
                src, trust = origin.get(where, (None, None))
                out.append(
                    NewAlert(
                        rule=rule.name,
                        triggers=[trigger],
                        fingerprint=fp,
                        summary=f"[{rule.name}] {trigger}: {hit.speaker_name or 'unattributed'}: “{hit.text}” "
                        f"({_figure(hit)}) {who}".strip(),
                        source=src,
                        trust=trust,
                        doc_id=where,
                        detail={"kind": r.kind, "by": r.by_name, "text": r.text, "why": r.detail, **hit.names},
                        claims=[hit.as_alert_claim("fired"), *extra],
                    )
                )
        return out

    @staticmethod
    def _alert(
        rule: Rule,
        claim: ClaimView,
        triggers: list[str],
        earlier: list[ClaimView],
        origin: dict[str, tuple[str, str | None]],
        span: str = "",
    ) -> NewAlert:
        what = ", ".join(triggers).replace("_", " ")
        about = " · ".join(v for v in (claim.names.get("subject"), claim.names.get("place")) if v)
        note = ""
        if "out_of_range" in triggers and span:
            note = f" outside {span} so far"
        elif "revised" in triggers and earlier:
            note = f" (was {_figure(earlier[-1])})"
        src, trust = origin.get(claim.doc_id, (None, None))
        seen: set[int] = set()
        kept = [e for e in earlier if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]
        return NewAlert(
            rule=rule.name,
            triggers=triggers,
            fingerprint=claim.fingerprint,
            summary=f"[{rule.name}] {what}: {claim.speaker_name or 'unattributed'}: “{claim.text}” "
            f"({_figure(claim)}){note}" + (f" — {about}" if about else ""),
            source=src,
            trust=trust,
            doc_id=claim.doc_id,
            detail={"measure": claim.measure, **claim.names, "source_url": claim.source},
            claims=[claim.as_alert_claim("fired"), *(e.as_alert_claim("earlier") for e in kept)],
        )


def _origins(conn: Connection, doc_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """The watched source (name, trust) that brought each document, when one did."""
    from claimwatch.store.watch_tables import watch_seen, watch_sources

    if not doc_ids:
        return {}
    w, s = watch_seen.c, watch_sources.c
    rows = conn.execute(
        select(w.doc_id, s.name, s.trust).join(watch_sources, s.id == w.source_id).where(w.doc_id.in_(doc_ids))
    )
    return {r.doc_id: (r.name, r.trust) for r in rows}


__all__ = ["ClaimView", "RuleEngine", "matches"]
