"""Stored alerts: write them once (one per rule and claim), list them, count and mark the unread.

An alert is unique by ``(rule, fingerprint)``, the fingerprint naming the claim (or the denial)
it fired for, so it never fires twice for the same claim — not after a restart, not when a new
version of the article repeats the figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from claimwatch.errors import StoreError
from claimwatch.store.watch_tables import watch_alert_claims, watch_alerts


class AlertClaim(BaseModel):
    """A claim stored with an alert: the one that fired it, an earlier one it differs from, or the denial."""

    role: str
    doc_id: str
    claim_idx: int | None = None
    text: str
    low: float | None = None
    high: float | None = None
    speaker: str | None = None
    date: dt.date | None = None


class AlertRow(BaseModel):
    """One alert with its claims."""

    id: int
    rule: str
    triggers: list[str]
    created_at: dt.datetime
    is_read: bool
    source: str | None = None
    trust: str | None = None
    doc_id: str | None = None
    summary: str
    detail: dict[str, Any] = Field(default_factory=dict)
    claims: list[AlertClaim] = Field(default_factory=list)
    delivered_at: dt.datetime | None = None
    delivery_error: str | None = None


class NewAlert(BaseModel):
    """An alert about to be stored."""

    rule: str
    triggers: list[str]
    fingerprint: str
    summary: str
    source: str | None = None
    trust: str | None = None
    doc_id: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    claims: list[AlertClaim] = Field(default_factory=list)


def known_fingerprints(conn: Connection, rule: str, fingerprints: Sequence[str]) -> set[str]:
    """Which of ``fingerprints`` already fired ``rule``."""
    a = watch_alerts.c
    if not fingerprints:
        return set()
    rows = conn.execute(select(a.fingerprint).where(a.rule == rule, a.fingerprint.in_(list(fingerprints))))
    return {r.fingerprint for r in rows}


def insert_alerts(conn: Connection, alerts: Sequence[NewAlert], now: dt.datetime) -> int:
    """Store new alerts with their claims on ``conn`` (the caller's transaction); returns how many.

    Alerts whose rule already fired for the same fingerprint are left out.
    """
    a = watch_alerts.c
    n = 0
    by_rule: dict[str, list[NewAlert]] = {}
    for alert in alerts:
        by_rule.setdefault(alert.rule, []).append(alert)
    for rule, group in by_rule.items():
        old = known_fingerprints(conn, rule, [x.fingerprint for x in group])
        for alert in group:
            if alert.fingerprint in old:
                continue
            old.add(alert.fingerprint)
            alert_id = conn.execute(
                insert(watch_alerts).returning(a.id),
                {
                    "rule": alert.rule,
                    "triggers": ",".join(alert.triggers),
                    "fingerprint": alert.fingerprint,
                    "created_at": now,
                    "is_read": False,
                    "source": alert.source,
                    "trust": alert.trust,
                    "doc_id": alert.doc_id,
                    "summary": alert.summary,
                    "detail": alert.detail,
                },
            ).scalar_one()
            if alert.claims:
                conn.execute(
                    insert(watch_alert_claims), [{"alert_id": alert_id, **c.model_dump()} for c in alert.claims]
                )
            n += 1
    return n


def _rows(conn: Connection, query: Any) -> list[AlertRow]:
    rows = conn.execute(query).mappings().all()
    ids = [r["id"] for r in rows]
    claims: dict[int, list[AlertClaim]] = {}
    if ids:
        c = watch_alert_claims.c
        for r in conn.execute(select(watch_alert_claims).where(c.alert_id.in_(ids)).order_by(c.id)).mappings():
            claims.setdefault(r["alert_id"], []).append(AlertClaim.model_validate(dict(r)))
    out = []
    for r in rows:
        data = dict(r)
        data["triggers"] = [t for t in (data.get("triggers") or "").split(",") if t]
        data["detail"] = data.get("detail") or {}
        data["claims"] = claims.get(r["id"], [])
        out.append(AlertRow.model_validate(data))
    return out


def list_alerts(
    engine: Engine, *, unread: bool = False, rule: str | None = None, limit: int = 50, pending: bool = False
) -> list[AlertRow]:
    """Alerts, newest first; only the unread, one rule's, or those not yet delivered."""
    a = watch_alerts.c
    q = select(watch_alerts)
    if unread:
        q = q.where(a.is_read.is_(False))
    if rule:
        q = q.where(a.rule == rule)
    if pending:
        q = q.where(a.delivered_at.is_(None)).order_by(a.id).limit(limit)
    else:
        q = q.order_by(a.id.desc()).limit(limit)
    try:
        with engine.connect() as conn:
            return _rows(conn, q)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read alerts: {exc}", source=str(engine.url)) from exc


def unread_count(engine: Engine) -> int:
    """How many alerts are unread."""
    a = watch_alerts.c
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(watch_alerts).where(a.is_read.is_(False))) or 0)


def mark_read(engine: Engine, ids: Sequence[int] | None = None) -> int:
    """Mark alerts read (all of them when ``ids`` is None); returns how many changed."""
    a = watch_alerts.c
    q = update(watch_alerts).where(a.is_read.is_(False))
    if ids is not None:
        q = q.where(a.id.in_(list(ids)))
    with engine.begin() as conn:
        return int(conn.execute(q.values(is_read=True)).rowcount or 0)


def record_delivery(engine: Engine, alert_id: int, *, done: bool, errors: str | None, now: dt.datetime) -> None:
    """Store how delivering one alert went."""
    a = watch_alerts.c
    with engine.begin() as conn:
        conn.execute(
            update(watch_alerts)
            .where(a.id == alert_id)
            .values(delivered_at=now if done else None, delivery_error=errors)
        )
