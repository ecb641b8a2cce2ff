"""claims: honest dates, a measure from the vocabulary, series of one measure

Before this revision an undated article's quotes, claims and events were dated by the day the
ledger ingested them, a figure's measure came from its verb alone (so "2,000 fighters" and
"killed two fighters" could share a series) and series were keyed on the counted noun. Items are
now dated by their article (or left undated), every claim's measure comes from
``resources/measures.json`` and series are keyed on (subject, measure, place); the series and
their conflicts are rebuilt from the stored claims. An index serves the measure facet, and a
``headlines`` table gives every article a title to show (its own, else its lead sentence).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

COMMENTS = [
    ("quotes", "date", "the article's publication date; null when undated"),
    ("claims", "date", "the article's publication date; null when undated"),
    ("events", "date", "event date, else the article's publication date, else null"),
    ("series", "key", "subject|measure|place"),
]

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from claimwatch.store.repair import repair

    op.create_index("ix_claims_measure_id", "claims", ["measure", "id"])
    op.create_table(
        "headlines",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_headlines_document_id_documents", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", name="pk_headlines"),
        comment="what pages call an article: its title, else its lead sentence shortened (link.headlines)",
    )
    if op.get_bind().dialect.name != "sqlite":
        for table, column, comment in COMMENTS:
            kind = sa.String(512) if column == "key" else sa.Date()
            op.alter_column(table, column, comment=comment, existing_type=kind, existing_nullable=column != "key")
    repair(op.get_bind())


def downgrade() -> None:
    # the old ingest-day dates are not restored: they were wrong
    op.drop_table("headlines")
    op.drop_index("ix_claims_measure_id", table_name="claims")
