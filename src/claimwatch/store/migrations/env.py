"""Alembic environment: runs on the connection :func:`claimwatch.store.db.migrate` passes in.

Run by hand with ``alembic -c <this folder>/alembic.ini`` is not needed: ``Ledger.open()`` migrates.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from claimwatch.store.db import include_object
from claimwatch.store.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///claimwatch.db")
        with engine.begin() as conn:
            _configure(conn)
        return
    _configure(connection)


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=False,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
