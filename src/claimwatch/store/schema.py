"""The ledger's tables: documents and everything extracted from them, plus the cross-document links.

Every extracted item keeps its ``document_id`` and ``char_start``/``char_end`` offsets into
``documents.text`` so any row leads back to its sentence. Column names avoid SQL keywords
(``char_start``, not ``start``; ``is_current``, not ``current``) so the SQLite file reads well in
plain ``sqlite3`` and in Datasette.

::

    documents ─┬─ doc_entities ── mentions            entities ── entity_aliases
               ├─ quotes                               series
               ├─ claims ──────── contradictions        duplicate clusters (documents.cluster_id)
               ├─ events ──────── event_participants
               └─ related                              entity_activity (per-day counts)

The migrations in :mod:`claimwatch.store.migrations` create exactly this schema; a test compares
the two. Full-text search (FTS5 in SQLite, a ``tsvector`` column in PostgreSQL) is created by the
migrations only, as it is dialect specific.
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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _doc_fk() -> Column[int]:
    return Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def _entity_fk(name: str) -> Column[int]:
    return Column(name, Integer, ForeignKey("entities.id", ondelete="SET NULL"), nullable=True)


documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", String(255), nullable=False, unique=True, comment="public id: the contract id, made unique"),
    Column("contract_id", Text, nullable=False, comment="the id the extractor gave"),
    Column("source", Text, nullable=True, comment="path or URL it came from"),
    Column("outlet", String(255), nullable=True, comment="publisher host or feed name"),
    Column("title", Text, nullable=True),
    Column("published", Date, nullable=True),
    Column("first_seen", DateTime, nullable=False, comment="UTC time of ingestion"),
    Column("language", String(16), nullable=False, server_default="en"),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("previous_id", Integer, ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
    Column("is_current", Boolean, nullable=False, server_default="1"),
    Column("cluster_id", Integer, nullable=True, comment="near-duplicate cluster: id of its first document"),
    Column("duplicate_of", Integer, ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
    # long values last: SQLite reads the columns before them without the overflow pages
    Column("text", Text, nullable=False),
    Column("minhash", LargeBinary, nullable=True),
    Column("removed", JSON, nullable=True),
    Index(None, "source", "is_current"),
    Index(None, "outlet"),
    Index(None, "published"),
    Index(None, "cluster_id"),
    Index(None, "is_current", "id"),
    Index(None, "duplicate_of", "is_current", "id", "doc_id"),
)

headlines = Table(
    "headlines",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("headline", Text, nullable=False),
    comment="what pages call an article: its title, else its lead sentence shortened (link.headlines)",
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(255), nullable=False, unique=True, comment="canonical slug, e.g. islamic-state"),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("role", Text, nullable=True),
    Column("country", String(8), nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("n_documents", Integer, nullable=False, server_default="0"),
    Column("n_mentions", Integer, nullable=False, server_default="0"),
    Index(None, "type", "n_mentions", "id"),
    Index(None, "n_mentions", "id"),
    Index(None, "name"),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("norm", String(255), nullable=False, comment="accent-folded, lower-cased match key"),
    UniqueConstraint("entity_id", "norm"),
    Index(None, "norm"),
)

doc_entities = Table(
    "doc_entities",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, nullable=False),
    _entity_fk("entity_id"),
    Column("local_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("aliases", JSON, nullable=True),
    Column("role", Text, nullable=True),
    Column("country", String(8), nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("direction", String(64), nullable=True),
    Column("feature", String(64), nullable=True),
    Index(None, "document_id"),
    Index(None, "entity_id", "document_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("doc_entity_id", Integer, ForeignKey("doc_entities.id", ondelete="CASCADE"), nullable=False),
    _entity_fk("entity_id"),
    Column("surface", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Index(None, "document_id"),
    Index(None, "entity_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, nullable=False),
    Column("speaker", Text, nullable=True),
    Column("speaker_local_id", Text, nullable=True),
    _entity_fk("speaker_entity_id"),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("cue", Text, nullable=True),
    Column("via", Text, nullable=True),
    Column("date", Date, nullable=True, comment="the article's publication date; null when undated"),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Index(None, "document_id"),
    Index(None, "speaker_entity_id", "id"),
)

series = Table(
    "series",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(512), nullable=False, unique=True, comment="subject|measure|place"),
    _entity_fk("subject_entity_id"),
    Column("subject", Text, nullable=True),
    Column("counted", String(128), nullable=False),
    Column("place", Text, nullable=True),
    Column("place_country", String(8), nullable=True),
    Column("measure", String(32), nullable=False),
    Column("n_claims", Integer, nullable=False, server_default="0"),
    Column("n_sources", Integer, nullable=False, server_default="0"),
    Column("first_date", Date, nullable=True),
    Column("last_date", Date, nullable=True),
    Index(None, "last_date"),
    Index(None, "subject_entity_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("low", Float, nullable=True),
    Column("high", Float, nullable=True),
    Column("qualifier", String(16), nullable=False),
    Column("counted", Text, nullable=True),
    Column("counted_norm", String(128), nullable=True, comment="counted category, e.g. fighters"),
    Column("predicate", Text, nullable=True),
    Column("measure", String(32), nullable=False, server_default="strength"),
    Column("subject", Text, nullable=True),
    Column("subject_local_id", Text, nullable=True),
    _entity_fk("subject_entity_id"),
    Column("subject_inferred", Boolean, nullable=False, server_default="0"),
    Column("location", Text, nullable=True),
    Column("place", Text, nullable=True, comment="resolved place name"),
    Column("place_country", String(8), nullable=True),
    _entity_fk("place_entity_id"),
    Column("time", Text, nullable=True),
    Column("speaker", Text, nullable=True),
    Column("speaker_local_id", Text, nullable=True),
    _entity_fk("speaker_entity_id"),
    Column("quote_index", Integer, nullable=True),
    Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="SET NULL"), nullable=True),
    Column("date", Date, nullable=True, comment="the article's publication date; null when undated"),
    Column("series_id", Integer, ForeignKey("series.id", ondelete="SET NULL"), nullable=True),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Index(None, "document_id"),
    Index(None, "subject_entity_id", "id"),
    Index(None, "speaker_entity_id", "id"),
    Index(None, "place_country", "id"),
    Index(None, "counted_norm", "id"),
    Index(None, "date", "id"),
    Index(None, "series_id", "date"),
    Index(None, "place_entity_id", "id"),
    Index(None, "measure", "id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("plover", String(64), nullable=True),
    Column("text", Text, nullable=False),
    Column("actors", JSON, nullable=True),
    Column("targets", JSON, nullable=True),
    Column("location", Text, nullable=True),
    Column("place", Text, nullable=True),
    Column("place_country", String(8), nullable=True),
    _entity_fk("place_entity_id"),
    Column("event_date", String(32), nullable=True, comment="the date the article gives, as extracted"),
    Column("date", Date, nullable=True, comment="event date, else the article's publication date, else null"),
    Column("killed", Integer, nullable=True),
    Column("injured", Integer, nullable=True),
    Column("arrested", Integer, nullable=True),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Index(None, "document_id"),
    Index(None, "type", "id"),
    Index(None, "place_country", "id"),
    Index(None, "place_entity_id", "id"),
)

event_participants = Table(
    "event_participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    _entity_fk("entity_id"),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False, comment="actor or target"),
    Index(None, "event_id"),
    Index(None, "entity_id", "event_id"),
)

related = Table(
    "related",
    metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("idx", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("published", String(32), nullable=True),
    Column("snippet", Text, nullable=True),
    Index(None, "document_id"),
)

contradictions = Table(
    "contradictions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False, comment="denial or conflict"),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("other_claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=True),
    Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="CASCADE"), nullable=True),
    Column("series_id", Integer, ForeignKey("series.id", ondelete="SET NULL"), nullable=True),
    Column("by_name", Text, nullable=True, comment="who denies, for a denial"),
    _entity_fk("by_entity_id"),
    Column("text", Text, nullable=True),
    Column("detail", Text, nullable=True),
    Column("char_start", Integer, nullable=True),
    Column("char_end", Integer, nullable=True),
    Index(None, "claim_id"),
    Index(None, "other_claim_id"),
    Index(None, "kind", "id"),
    Index(None, "document_id"),
)

entity_activity = Table(
    "entity_activity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("date", Date, nullable=False),
    Column("quotes", Integer, nullable=False, server_default="0", comment="statements by the entity"),
    Column("claims_by", Integer, nullable=False, server_default="0", comment="figures the entity gave"),
    Column("claims_about", Integer, nullable=False, server_default="0", comment="figures about the entity"),
    Column("events", Integer, nullable=False, server_default="0", comment="events it took part in"),
    UniqueConstraint("entity_id", "date"),
    comment="per-day counts over current documents, kept by the writer so entity pages need no scan",
)

# Case-folded names, for the filters that take a name no entity carries (``lower(place) = ?``):
# each walks its index newest first, as the entity-id indexes do.
NAME_INDEXES = (
    Index("ix_quotes_lower_speaker", func.lower(quotes.c.speaker), quotes.c.id),
    Index("ix_claims_lower_subject", func.lower(claims.c.subject), claims.c.id),
    Index("ix_claims_lower_speaker", func.lower(claims.c.speaker), claims.c.id),
    Index("ix_claims_lower_place", func.lower(claims.c.place), claims.c.id),
    Index("ix_events_lower_place", func.lower(events.c.place), events.c.id),
)

ALL_TABLES = (
    documents,
    headlines,
    entities,
    entity_aliases,
    doc_entities,
    mentions,
    quotes,
    series,
    claims,
    events,
    event_participants,
    related,
    contradictions,
    entity_activity,
)

from claimwatch.store import watch_tables as _watch_tables  # noqa: E402,F401  (monitoring tables, migration 0007)
