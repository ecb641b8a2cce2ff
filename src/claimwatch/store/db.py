"""Engines and migrations: one SQLAlchemy engine per ledger, migrated to the latest schema on open.

SQLite files get WAL journaling (readers never block the writer), foreign keys, a busy timeout
and FTS5; PostgreSQL goes through psycopg 3. Migrations are the Alembic scripts packaged in
:mod:`claimwatch.store.migrations`, run programmatically, so no ``alembic.ini`` is needed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from claimwatch.errors import StoreError
from claimwatch.store.settings import database_url, redact

if TYPE_CHECKING:  # Alembic is imported when a migration is checked, not by every command
    from alembic.config import Config

LOGGER = logging.getLogger(__name__)

#: The PostgreSQL advisory lock key migrations hold ("cw" in ASCII, then a serial).
MIGRATION_LOCK_KEY = 0x6377_0001

MIGRATIONS = Path(__file__).with_name("migrations")


CACHE_KIB = 65536
"""SQLite page cache per connection, filled only as pages are read. The default 2 MB makes each
query of a large ledger re-read from the OS the document pages it joins (their text spills onto
overflow pages); 64 MB keeps a page of results' worth of them."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the ledger at ``url`` (see :func:`~claimwatch.store.settings.database_url`).

    Raises:
        StoreError: the database cannot be reached, or SQLite lacks FTS5.
    """
    resolved = database_url(url)
    try:
        if resolved.startswith("sqlite"):
            path = resolved.split(":///", 1)[1] if ":///" in resolved else ""
            if path and path != ":memory:":
                parent = Path(path).expanduser().resolve().parent
                if not parent.is_dir():
                    raise StoreError("the folder for the database does not exist", source=path)
            engine = create_engine(resolved, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(resolved, pool_pre_ping=True)
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
                if "ENABLE_FTS5" not in options:
                    raise StoreError("this SQLite build has no FTS5", source=redact(resolved))
    except StoreError:
        raise
    except (SQLAlchemyError, ModuleNotFoundError) as exc:
        hint = " (install the 'pg' extra: pip install 'claimwatch[pg]')" if isinstance(exc, ModuleNotFoundError) else ""
        raise StoreError(f"cannot open the database: {exc}{hint}", source=redact(resolved)) from exc
    return engine


def optimize(engine: Engine) -> None:
    """Refresh SQLite's planner statistics where they are missing or stale (after writes).

    ``PRAGMA optimize`` analyses only tables never analysed or grown many times over since, so
    its cost is amortised over the growth (seconds for a million claims). Sampled statistics
    (``analysis_limit``) are not used: they misjudge the skewed indexes and mislead the planner.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA optimize")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the dialect-specific search objects (made by migration 0002) out of schema comparisons."""
    if type_ == "table" and name and name.startswith("documents_fts"):
        return False
    return not (type_ in ("column", "index") and name in ("search_vector", "ix_documents_search_vector"))


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest migration revision."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the latest by default); a no-op when it is there.

    Raises:
        StoreError: a migration failed.
    """
    from alembic import command

    try:
        if revision == "head" and current_revision(engine) == head_revision():
            return
        with _migration_lock(engine):
            # another process may have migrated while this one waited for the lock
            if revision == "head" and current_revision(engine) == head_revision():
                return
            _upgrade(engine, revision, command)
    except SQLAlchemyError as exc:
        raise StoreError(f"migration failed: {exc}", source=redact(str(engine.url))) from exc
    LOGGER.info("migrated %s to %s", redact(str(engine.url)), revision)


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One migrating process at a time: a lock file beside a SQLite ledger, an advisory lock on PostgreSQL."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _upgrade(engine: Engine, revision: str, command: Any) -> None:
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # a table rebuild must not cascade: the foreign keys are checked at the end instead
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite and (bad := conn.exec_driver_sql("PRAGMA foreign_key_check").first()):
                    raise StoreError(f"migration left a broken reference: {tuple(bad)}", source=redact(str(engine.url)))
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
