"""Full-text search over document titles and bodies: FTS5 in SQLite, ``tsvector`` in PostgreSQL.

Both use English stemming ("fighters" finds "fighter") and AND the words of the query; a
phrase in double quotes is searched as a phrase. Snippets mark the hits with « ».
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Connection, text

from claimwatch.errors import ConfigError
from claimwatch.store.rows import SearchHit

MARK = ("«", "»")
_PHRASE = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def fts5_query(query: str) -> str:
    """A safe FTS5 MATCH expression: each word or quoted phrase as a quoted string, ANDed."""
    parts = []
    for phrase, word in _PHRASE.findall(query):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " AND ".join(parts)


RANK_WINDOW = 10_000
"""Matches ranked at most: a word found in more documents ranks its most recently stored ones."""


def search(conn: Connection, query: str, *, limit: int = 50, window: int | None = RANK_WINDOW) -> list[SearchHit]:
    """Current documents matching ``query``, best first.

    Ranking costs about a microsecond per matching document, so a query whose words occur in
    more than ``window`` documents is ranked over the ``window`` most recently stored of them
    (``window=None`` ranks every match).

    Raises:
        ConfigError: the query has no words.
    """
    if not re.search(r"\w", query or ""):
        raise ConfigError("search: give at least one word")
    limit = max(1, min(limit, 1000))
    sqlite = conn.dialect.name == "sqlite"
    params: dict[str, object] = {"q": fts5_query(query) if sqlite else query, "n": limit, "floor": 0}
    if window:
        # the id of the window-th most recent match: FTS5 and the GIN index list matches by id cheaply
        nth = (
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :k"
            if sqlite
            else "SELECT d.id FROM documents d, websearch_to_tsquery('english', :q) q "
            "WHERE d.search_vector @@ q ORDER BY d.id DESC LIMIT 1 OFFSET :k"
        )
        params["floor"] = conn.execute(text(nth), {"q": params["q"], "k": window - 1}).scalar() or 0
    if sqlite:
        sql = text(
            "SELECT d.doc_id, COALESCE(d.title, (SELECT h.headline FROM headlines AS h WHERE h.document_id = d.id)) AS title, "
            "d.outlet, d.published, "
            f"snippet(documents_fts, 1, '{MARK[0]}', '{MARK[1]}', '…', 16) AS snippet, "
            "-documents_fts.rank AS rank "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            # ORDER BY the FTS5 rank column alone lets FTS5 hand rows over best first, so the
            # snippets and the join are made for one page, not for every match
            "WHERE documents_fts MATCH :q AND documents_fts.rank MATCH 'bm25(2.0, 1.0)' "
            "AND documents_fts.rowid >= :floor AND d.is_current "
            "ORDER BY documents_fts.rank LIMIT :n"
        )
    else:
        sql = text(
            "SELECT d.doc_id, COALESCE(d.title, (SELECT h.headline FROM headlines AS h WHERE h.document_id = d.id)) AS title, "
            "d.outlet, d.published, "
            f"ts_headline('english', d.text, q, 'StartSel={MARK[0]}, StopSel={MARK[1]}, MaxWords=30, MinWords=12') "
            "AS snippet, ts_rank(d.search_vector, q) AS rank "
            "FROM documents d, websearch_to_tsquery('english', :q) q "
            "WHERE d.search_vector @@ q AND d.id >= :floor AND d.is_current ORDER BY rank DESC, d.id LIMIT :n"
        )
    hits = []
    for r in conn.execute(sql, params):
        published = r.published
        if isinstance(published, str):  # raw SQL on SQLite returns text
            published = dt.date.fromisoformat(published)
        hits.append(
            SearchHit(
                document=r.doc_id,
                title=r.title,
                outlet=r.outlet,
                published=published,
                snippet=" ".join(r.snippet.split()),
                rank=float(r.rank),
            )
        )
    return hits
