"""indexes for a ledger of millions of claims

Each listing filter now walks one index newest first and stops after a page: the place-entity
and case-folded name indexes serve the place, subject and speaker filters, a covering index on
``duplicate_of`` lists the copies of a report without reading the documents, and
``(source, is_current)`` finds the current version of a source on every ingest without planner
statistics.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PLAIN = [
    ("ix_documents_source_is_current", "documents", ["source", "is_current"]),
    ("ix_documents_duplicate_of_is_current_id_doc_id", "documents", ["duplicate_of", "is_current", "id", "doc_id"]),
    ("ix_claims_place_entity_id_id", "claims", ["place_entity_id", "id"]),
    ("ix_events_place_entity_id_id", "events", ["place_entity_id", "id"]),
]
FOLDED = [
    ("ix_quotes_lower_speaker", "quotes", "speaker"),
    ("ix_claims_lower_subject", "claims", "subject"),
    ("ix_claims_lower_speaker", "claims", "speaker"),
    ("ix_claims_lower_place", "claims", "place"),
    ("ix_events_lower_place", "events", "place"),
]


def upgrade() -> None:
    op.drop_index("ix_documents_source", table_name="documents")
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns, unique=False)
    for name, table, column in FOLDED:
        op.create_index(name, table, [sa.text(f"lower({column})"), "id"], unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(FOLDED):
        op.drop_index(name, table_name=table)
    for name, table, _ in reversed(PLAIN):
        op.drop_index(name, table_name=table)
    op.create_index("ix_documents_source", "documents", ["source"], unique=False)
