"""full-text search and readable views

FTS5 (porter stemming) over document titles and bodies in SQLite, kept in step by triggers and
found by Datasette as ``documents_fts``; a generated, GIN-indexed ``tsvector`` in PostgreSQL.
Two views for people reading the file in sqlite3 or Datasette: ``claim_ledger`` and
``quote_ledger``, each row with its document and the exact span it came from.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    # content="documents" in double quotes is how Datasette recognises the table's search index
    'title, text, content="documents", content_rowid="id", tokenize="porter unicode61")',
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]

PG_SEARCH = [
    "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', text), 'B')) STORED",
    "CREATE INDEX ix_documents_search_vector ON documents USING GIN (search_vector)",
]

VIEWS = [
    "CREATE VIEW claim_ledger AS SELECT c.id, d.doc_id, d.title AS document_title, d.outlet, c.date, "
    "c.speaker, c.subject, c.counted, c.low, c.high, c.qualifier, c.location, c.place_country, c.text, "
    "c.char_start, c.char_end, substr(d.text, c.char_start + 1, c.char_end - c.char_start) AS span "
    "FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.is_current",
    "CREATE VIEW quote_ledger AS SELECT q.id, d.doc_id, d.title AS document_title, d.outlet, q.date, "
    "q.speaker, q.kind, q.cue, q.via, q.text, q.char_start, q.char_end "
    "FROM quotes q JOIN documents d ON d.id = q.document_id WHERE d.is_current",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = SQLITE_FTS if dialect == "sqlite" else PG_SEARCH if dialect == "postgresql" else []
    for sql in [*statements, *VIEWS]:
        op.execute(sql)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS quote_ledger")
    op.execute("DROP VIEW IF EXISTS claim_ledger")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_search_vector")
        op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_vector")
