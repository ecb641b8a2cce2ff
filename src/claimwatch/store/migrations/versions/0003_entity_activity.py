"""per-day entity activity

Counts of statements, figures and events per entity and day over current documents, kept up
to date by the writer, so entity pages and the overview need no scan of the claims.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("quotes", sa.Integer(), server_default="0", nullable=False, comment="statements by the entity"),
        sa.Column("claims_by", sa.Integer(), server_default="0", nullable=False, comment="figures the entity gave"),
        sa.Column("claims_about", sa.Integer(), server_default="0", nullable=False, comment="figures about the entity"),
        sa.Column("events", sa.Integer(), server_default="0", nullable=False, comment="events it took part in"),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_activity_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_activity")),
        sa.UniqueConstraint("entity_id", "date", name=op.f("uq_entity_activity_entity_id_date")),
        comment="per-day counts over current documents, kept by the writer so entity pages need no scan",
    )
    # fill it for ledgers that already hold documents
    op.execute(
        """
        INSERT INTO entity_activity (entity_id, date, quotes, claims_by, claims_about, events)
        SELECT entity_id, date, SUM(q), SUM(cb), SUM(ca), SUM(ev) FROM (
            SELECT q.speaker_entity_id AS entity_id, q.date AS date, 1 AS q, 0 AS cb, 0 AS ca, 0 AS ev
              FROM quotes q JOIN documents d ON d.id = q.document_id
             WHERE d.is_current AND q.speaker_entity_id IS NOT NULL AND q.date IS NOT NULL
            UNION ALL
            SELECT c.speaker_entity_id, c.date, 0, 1, 0, 0
              FROM claims c JOIN documents d ON d.id = c.document_id
             WHERE d.is_current AND c.speaker_entity_id IS NOT NULL AND c.date IS NOT NULL
            UNION ALL
            SELECT c.subject_entity_id, c.date, 0, 0, 1, 0
              FROM claims c JOIN documents d ON d.id = c.document_id
             WHERE d.is_current AND c.subject_entity_id IS NOT NULL AND c.date IS NOT NULL
            UNION ALL
            SELECT p.entity_id, e.date, 0, 0, 0, 1
              FROM (SELECT DISTINCT entity_id, event_id FROM event_participants WHERE entity_id IS NOT NULL) p
              JOIN events e ON e.id = p.event_id JOIN documents d ON d.id = e.document_id
             WHERE d.is_current AND e.date IS NOT NULL
        ) AS parts GROUP BY entity_id, date
        """
    )


def downgrade() -> None:
    op.drop_table("entity_activity")
