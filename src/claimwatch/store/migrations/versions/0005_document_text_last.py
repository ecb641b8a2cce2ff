"""documents: the article text last in each SQLite row

SQLite stores a row's columns in order and spills a long row onto overflow pages; reading a
column that comes after the article text (``is_current``, ``duplicate_of``, ``version``) then
reads the whole text. Every listing joins documents on those columns, so with the text in the
middle a timeline over a large ledger read megabytes of article text it never showed. The table
is rebuilt with the text, signature and removed furniture last; ids, rows, the full-text index
and every other table are untouched. PostgreSQL keeps long values out of line already: no-op.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SHORT = (
    "id, doc_id, contract_id, source, outlet, title, published, first_seen, language, content_hash, "
    "version, previous_id, is_current, cluster_id, duplicate_of"
)
LONG = "text, minhash, removed"
OLD_ORDER = (
    "id, doc_id, contract_id, source, outlet, title, published, first_seen, language, text, content_hash, "
    "version, previous_id, is_current, cluster_id, duplicate_of, minhash, removed"
)

CREATE = """
CREATE TABLE documents_new (
    id INTEGER NOT NULL,
    doc_id VARCHAR(255) NOT NULL,
    contract_id TEXT NOT NULL,
    source TEXT,
    outlet VARCHAR(255),
    title TEXT,
    published DATE,
    first_seen DATETIME NOT NULL,
    language VARCHAR(16) DEFAULT 'en' NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    version INTEGER DEFAULT '1' NOT NULL,
    previous_id INTEGER,
    is_current BOOLEAN DEFAULT '1' NOT NULL,
    cluster_id INTEGER,
    duplicate_of INTEGER,
    text TEXT NOT NULL,
    minhash BLOB,
    removed JSON,
    CONSTRAINT pk_documents PRIMARY KEY (id),
    CONSTRAINT fk_documents_duplicate_of_documents FOREIGN KEY(duplicate_of) REFERENCES documents (id) ON DELETE SET NULL,
    CONSTRAINT fk_documents_previous_id_documents FOREIGN KEY(previous_id) REFERENCES documents (id) ON DELETE SET NULL,
    CONSTRAINT uq_documents_content_hash UNIQUE (content_hash),
    CONSTRAINT uq_documents_doc_id UNIQUE (doc_id)
)
"""

INDEXES = [
    "CREATE INDEX ix_documents_outlet ON documents (outlet)",
    "CREATE INDEX ix_documents_published ON documents (published)",
    "CREATE INDEX ix_documents_cluster_id ON documents (cluster_id)",
    "CREATE INDEX ix_documents_is_current_id ON documents (is_current, id)",
    "CREATE INDEX ix_documents_source_is_current ON documents (source, is_current)",
    "CREATE INDEX ix_documents_duplicate_of_is_current_id_doc_id ON documents (duplicate_of, is_current, id, doc_id)",
]


def _search_objects() -> ModuleType:
    """Migration 0002, whose triggers and views name the documents table."""
    spec = importlib.util.spec_from_file_location(
        "_migration_0002", Path(__file__).with_name("0002_search_and_views.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rebuild(columns: str, create: str) -> None:
    search = _search_objects()
    # dropping a table with foreign keys on deletes every row that refers to it: migrate() turns
    # them off on SQLite (they cannot be switched inside a transaction) and checks them after
    if op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("migration 0005 must run with SQLite foreign keys off")
    # the triggers and views name the table: drop them, and put them back on the new table
    for name in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP VIEW IF EXISTS claim_ledger")
    op.execute("DROP VIEW IF EXISTS quote_ledger")
    op.execute(create)
    op.execute(f"INSERT INTO documents_new ({columns}) SELECT {columns} FROM documents ORDER BY id")
    op.execute("DROP TABLE documents")
    op.execute("ALTER TABLE documents_new RENAME TO documents")
    for sql in [*INDEXES, *search.SQLITE_FTS[1:], *search.VIEWS]:
        op.execute(sql)
    op.execute("ANALYZE documents")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(f"{SHORT}, {LONG}", CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    old = CREATE.replace("    text TEXT NOT NULL,\n", "").replace(
        "    content_hash VARCHAR(64)", "    text TEXT NOT NULL,\n    content_hash VARCHAR(64)"
    )
    _rebuild(OLD_ORDER, old)
