"""watch: sources with their polling state, what they yielded, alerts and the claims that fired them

Only new tables; nothing existing changes.

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False, comment="the source's name in the configuration"),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="feed, url, sitemap or folder"),
        sa.Column("target", sa.Text(), nullable=False, comment="URL or folder path"),
        sa.Column("trust", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True, comment="hash of the last body fetched"),
        sa.Column("last_poll", sa.DateTime(), nullable=True),
        sa.Column("last_success", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True, comment="HTTP status of the last poll"),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False, comment="consecutive failed polls"),
        sa.Column("next_poll", sa.DateTime(), nullable=True),
        sa.Column("n_polls", sa.Integer(), server_default="0", nullable=False),
        sa.Column("n_documents", sa.Integer(), server_default="0", nullable=False, comment="documents it added"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_watch_sources_name")),
    )
    op.create_index(op.f("ix_watch_sources_next_poll"), "watch_sources", ["next_poll"], unique=False)
    op.create_table(
        "watch_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=40), nullable=False, comment="sha1 of the key"),
        sa.Column("key", sa.Text(), nullable=False, comment="entry URL or file path"),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("stamp", sa.Text(), nullable=True, comment="entry date or file mtime and size"),
        sa.Column("doc_id", sa.String(length=255), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["watch_sources.id"], name=op.f("fk_watch_seen_source_id_watch_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_seen")),
        sa.UniqueConstraint("source_id", "key_hash", name=op.f("uq_watch_seen_source_id_key_hash")),
    )
    op.create_table(
        "watch_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=255), nullable=False),
        sa.Column(
            "triggers", sa.String(length=128), nullable=False, comment="comma-separated: new_figure, out_of_range, …"
        ),
        sa.Column("fingerprint", sa.String(length=64), nullable=False, comment="the claim (or denial) it fired for"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("is_read", sa.Boolean(), server_default="0", nullable=False),
        sa.Column(
            "source", sa.String(length=255), nullable=True, comment="the watched source that brought the document"
        ),
        sa.Column("trust", sa.String(length=64), nullable=True),
        sa.Column("doc_id", sa.String(length=255), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("delivery_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_alerts")),
        sa.UniqueConstraint("rule", "fingerprint", name=op.f("uq_watch_alerts_rule_fingerprint")),
    )
    op.create_index(op.f("ix_watch_alerts_is_read_id"), "watch_alerts", ["is_read", "id"], unique=False)
    op.create_index(op.f("ix_watch_alerts_delivered_at"), "watch_alerts", ["delivered_at"], unique=False)
    op.create_table(
        "watch_alert_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.String(length=16),
            nullable=False,
            comment="fired, earlier (the figure it differs from) or denial",
        ),
        sa.Column("doc_id", sa.String(length=255), nullable=False),
        sa.Column("claim_idx", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["watch_alerts.id"],
            name=op.f("fk_watch_alert_claims_alert_id_watch_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_alert_claims")),
    )
    op.create_index(op.f("ix_watch_alert_claims_alert_id"), "watch_alert_claims", ["alert_id"], unique=False)
    op.create_table(
        "watch_marks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "value", sa.Integer(), nullable=False, comment="e.g. the last document row the alert rules have seen"
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_watch_marks")),
    )


def downgrade() -> None:
    for name in ("watch_marks", "watch_alert_claims", "watch_alerts", "watch_seen", "watch_sources"):
        op.drop_table(name)
