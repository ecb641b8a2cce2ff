"""The monitoring tables: watched sources and their polling state, what each source has yielded,
and the alerts fired with the claims that fired them.

::

    watch_sources ── watch_seen            watch_alerts ── watch_alert_claims        watch_marks

Alerts keep the claims that fired them by document id and claim index (``doc_id``, ``claim_idx``)
plus a copy of the figure, since claim row ids change when the links are rebuilt. Created by
migration 0007; :mod:`claimwatch.watch.state` reads and writes them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from claimwatch.store.schema import metadata

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True, comment="the source's name in the configuration"),
    Column("kind", String(16), nullable=False, comment="feed, url, sitemap or folder"),
    Column("target", Text, nullable=False, comment="URL or folder path"),
    Column("trust", String(64), nullable=True),
    Column("language", String(16), nullable=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("body_hash", String(64), nullable=True, comment="hash of the last body fetched"),
    Column("last_poll", DateTime, nullable=True),
    Column("last_success", DateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("last_error_at", DateTime, nullable=True),
    Column("last_status", Integer, nullable=True, comment="HTTP status of the last poll"),
    Column("failures", Integer, nullable=False, server_default="0", comment="consecutive failed polls"),
    Column("next_poll", DateTime, nullable=True),
    Column("n_polls", Integer, nullable=False, server_default="0"),
    Column("n_documents", Integer, nullable=False, server_default="0", comment="documents it added"),
    Index(None, "next_poll"),
)

watch_seen = Table(
    "watch_seen",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("watch_sources.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", String(40), nullable=False, comment="sha1 of the key"),
    Column("key", Text, nullable=False, comment="entry URL or file path"),
    Column("content_hash", String(64), nullable=True),
    Column("stamp", Text, nullable=True, comment="entry date or file mtime and size"),
    Column("doc_id", String(255), nullable=True),
    Column("seen_at", DateTime, nullable=False),
    UniqueConstraint("source_id", "key_hash"),
)

watch_alerts = Table(
    "watch_alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", String(255), nullable=False),
    Column("triggers", String(128), nullable=False, comment="comma-separated: new_figure, out_of_range, …"),
    Column("fingerprint", String(64), nullable=False, comment="the claim (or denial) it fired for"),
    Column("created_at", DateTime, nullable=False),
    Column("is_read", Boolean, nullable=False, server_default="0"),
    Column("source", String(255), nullable=True, comment="the watched source that brought the document"),
    Column("trust", String(64), nullable=True),
    Column("doc_id", String(255), nullable=True),
    Column("summary", Text, nullable=False),
    Column("detail", JSON, nullable=True),
    Column("delivered_at", DateTime, nullable=True),
    Column("delivery_error", Text, nullable=True),
    UniqueConstraint("rule", "fingerprint"),
    Index(None, "is_read", "id"),
    Index(None, "delivered_at"),
)

watch_alert_claims = Table(
    "watch_alert_claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("watch_alerts.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False, comment="fired, earlier (the figure it differs from) or denial"),
    Column("doc_id", String(255), nullable=False),
    Column("claim_idx", Integer, nullable=True),
    Column("text", Text, nullable=False),
    Column("low", Float, nullable=True),
    Column("high", Float, nullable=True),
    Column("speaker", Text, nullable=True),
    Column("date", Date, nullable=True),
    Index(None, "alert_id"),
)

watch_marks = Table(
    "watch_marks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Integer, nullable=False, comment="e.g. the last document row the alert rules have seen"),
)

WATCH_TABLES = (watch_sources, watch_seen, watch_alerts, watch_alert_claims, watch_marks)
