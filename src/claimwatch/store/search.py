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


def search(conn: Connection, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Current documents matching ``query``, best first.

    Raises:
        ConfigError: the query has no words.
    """
    if not re.search(r"\w", query or ""):
        raise ConfigError("search: give at least one word")
    limit = max(1, min(limit, 1000))
    if conn.dialect.name == "sqlite":
        sql = text(
            "SELECT d.doc_id, d.title, d.outlet, d.published, "
            f"snippet(documents_fts, 1, '{MARK[0]}', '{MARK[1]}', '…', 16) AS snippet, "
            "-bm25(documents_fts, 2.0, 1.0) AS rank "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :q AND d.is_current ORDER BY rank DESC, d.id LIMIT :n"
        )
        params = {"q": fts5_query(query), "n": limit}
    else:
        sql = text(
            "SELECT d.doc_id, d.title, d.outlet, d.published, "
            f"ts_headline('english', d.text, q, 'StartSel={MARK[0]}, StopSel={MARK[1]}, MaxWords=30, MinWords=12') "
            "AS snippet, ts_rank(d.search_vector, q) AS rank "
            "FROM documents d, websearch_to_tsquery('english', :q) q "
            "WHERE d.search_vector @@ q AND d.is_current ORDER BY rank DESC, d.id LIMIT :n"
        )
        params = {"q": query, "n": limit}
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
