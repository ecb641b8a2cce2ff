"""Paging the ledger's listings: opaque keyset cursors, limits, date filters, index walks.

A page costs the same at the end of a million rows as at the start: listings page by keyset
(``id < cursor``), never OFFSET, and a filter that is an OR of alternatives walks one index per
alternative and merges (:func:`first_rows`).
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, or_

from claimwatch.errors import ConfigError

MAX_LIMIT = 1000
Alternatives = list[ColumnElement[bool]]


def encode_cursor(*values: Any) -> str:
    """An opaque cursor for the last row of a page."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The values of a cursor made by :func:`encode_cursor`.

    Raises:
        ConfigError: the cursor is not one this ledger made.
    """
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, json.JSONDecodeError) as exc:
        raise ConfigError(f"bad cursor {cursor!r}") from exc
    if not isinstance(values, list):
        raise ConfigError(f"bad cursor {cursor!r}")
    return values


def clamp_limit(limit: int) -> int:
    if limit < 1:
        raise ConfigError("limit must be at least 1")
    return min(limit, MAX_LIMIT)


def cut_page(rows: Sequence[Any], limit: int, key: Any) -> tuple[list[Any], str | None]:
    if len(rows) > limit:
        page = list(rows[:limit])
        return page, encode_cursor(*key(page[-1]))
    return list(rows), None


def parse_day(value: str | dt.date | None, what: str) -> dt.date | None:
    """A date filter from ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``, taken as the first day).

    Raises:
        ConfigError: the value is not a date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    v = value.strip()
    for fmt, pad in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            dt.datetime.strptime(v, fmt)
            return dt.date.fromisoformat(v + pad)
        except ValueError:
            continue
    raise ConfigError(f"{what}: not a date (YYYY-MM-DD): {value!r}")


MAX_WALKS = 16


def first_rows(
    conn: Connection,
    q: Select[Any],
    filters: Sequence[Alternatives],
    order: Sequence[Any],
    n: int,
    key: Any,
    max_walks: int | None = None,
) -> list[Any]:
    """The first ``n`` rows of ``q`` in ``order`` (descending ``key``), each filter an OR of alternatives.

    An OR or IN over several index ranges makes the database read every match and sort it. One
    query per combination of alternatives instead walks its own index in order and stops after
    ``n`` rows; merging costs at most ``n`` rows per combination, whatever the ledger's size.
    """
    combos = list(itertools.product(*filters))
    if len(combos) <= 1 or len(combos) > (MAX_WALKS if max_walks is None else max_walks):
        for alternatives in filters:
            q = q.where(or_(*alternatives))
        return list(conn.execute(q.order_by(*order).limit(n)).all())
    rows: dict[int, Any] = {}
    for combo in combos:
        for r in conn.execute(q.where(*combo).order_by(*order).limit(n)):
            rows.setdefault(r.id, r)
    return sorted(rows.values(), key=key, reverse=True)[:n]
